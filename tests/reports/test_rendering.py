"""A rendered page must not reference anything remote."""

import pytest

from juesuan import reports


@pytest.mark.parametrize("html", [
    '<script src="https://cdn.example.org/x.js"></script>', '<script src="vega.js"></script>',
    '<link rel="stylesheet" href="//fonts.example.org/a.css">', '<img src="http://x/y.png">',
    "<style>body { background: url('https://x/y.png') }</style>",
    '<style>@import "https://x/y.css";</style>',
    '<script type="module">import embed from "https://esm.sh/vega-embed"</script>',
    '<script>const m = await import("https://x/m.js")</script>', "fetch('//cdn.x.org/a')",
])
def test_remote_references_are_found(html):
    assert reports.remote_references(html)


def test_inline_content_and_the_chart_bundle_pass_the_offline_check():
    import vl_convert

    page = ('<a href="#top">上</a><a href="../index.html">索引</a>'
            '<img src="data:image/png;base64,AAAA"><svg xmlns="http://www.w3.org/2000/svg">'
            f'</svg><script type="module">{vl_convert.javascript_bundle()}</script>')
    assert reports.remote_references(page) == []


def test_consecutive_prints_are_one_output_however_the_kernel_flushed_them():
    import nbformat

    def stream(name, text):
        return nbformat.v4.new_output("stream", name=name, text=text)

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        stream("stdout", "一\n"), stream("stdout", "二\n"), stream("stderr", "e\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "d"}),
        stream("stdout", "三\n")]), nbformat.v4.new_markdown_cell("m")])
    reports.rendering.merge_streams(nb)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in nb.cells[0].outputs] == [
        ("stream", "stdout", "一\n二\n"), ("stream", "stderr", "e\n"),
        ("display_data", None, None), ("stream", "stdout", "三\n")]
    nbformat.validate(nb)
