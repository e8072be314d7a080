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


def test_cell_inputs_and_outputs_are_focusable_and_images_have_alternative_text():
    from juesuan.reports.rendering import MISSING_ALT, accessible

    page = ('<body class="jp-Notebook"><div class="jp-Cell-inputWrapper">'
            '<div class="x jp-OutputArea-output" data-mime-type="text/html">'
            '<img src="a.png"><img alt="图" src="b.png"><img src="c.png"/>'
            '<div class="jp-OutputArea-output" tabindex="-1"></div>'
            '<div title="a > b" class=\'jp-OutputArea-output\'></div>'
            '<div class="jp-OutputArea-outputs"></div></div></div>'
            '<script>x = \'<div class="jp-OutputArea-output"><img src="d.png">\'</script>'
            '<!-- <img src="e.png"> --><style>/* <img src="f.png"> */</style></body>')
    assert accessible(page) == (
        '<body class="jp-Notebook"><div class="jp-Cell-inputWrapper" tabindex="0">'
        '<div class="x jp-OutputArea-output" data-mime-type="text/html" tabindex="0">'
        f'<img src="a.png" alt="{MISSING_ALT}"><img alt="图" src="b.png">'
        f'<img src="c.png" alt="{MISSING_ALT}"/>'
        '<div class="jp-OutputArea-output" tabindex="0"></div>'
        '<div title="a > b" class=\'jp-OutputArea-output\' tabindex="0"></div>'
        '<div class="jp-OutputArea-outputs"></div></div></div>'
        '<script>x = \'<div class="jp-OutputArea-output"><img src="d.png">\'</script>'
        '<!-- <img src="e.png"> --><style>/* <img src="f.png"> */</style></body>')


def test_a_page_is_the_page_nbconvert_writes_with_its_beautifulsoup_pass():
    """The same document as nbconvert's own HTML exporter makes (which parses and re-serialises
    the page with BeautifulSoup to add the attributes): equal once both are parsed."""
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from juesuan.reports.rendering import _new_exporter

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 标题\n\n![图](data:image/png;base64,AAAA) & <b>x</b>"),
        nbformat.v4.new_code_cell("print(1)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1 < 2 & 3\n"),
            nbformat.v4.new_output("display_data", data={
                "text/html": '<div class="t"><img src="data:image/png;base64,AAAA">'
                             '<table><tr><td>收入</td></tr></table>'
                             '<script>if (a < b && c) {}</script></div>',
                "text/plain": "x"}),
            nbformat.v4.new_output("display_data", data={"image/png": "AAAA"})])])
    for with_code in (False, True):
        ours = _new_exporter(with_code)
        stock = HTMLExporter(template_name="lab", template_file="juesuan.html.j2",
                             extra_loaders=ours.extra_loaders,
                             exclude_input=not with_code, exclude_input_prompt=True,
                             exclude_output_prompt=True, embed_images=True)
        resources = {"juesuan_index": "index.html", "metadata": {"name": "t", "path": "."}}
        page, _ = ours.from_notebook_node(nb, resources=dict(resources))
        expected, _ = stock.from_notebook_node(nb, resources=dict(resources))
        assert page.count('tabindex="0"') == expected.count('tabindex="0"') > 0
        assert str(BeautifulSoup(page, "html.parser")) == str(BeautifulSoup(expected,
                                                                            "html.parser"))
