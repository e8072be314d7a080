"""The offline renderer (juesuan.charts.vega): the JavaScript bundle is inline, once per
session, and nothing is loaded from a URL."""

from __future__ import annotations

import re

import altair as alt
import nbformat
import polars as pl
import pytest

from juesuan import catalog, charts, reports


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


def test_renderer_is_enabled_and_offline(tables):
    assert alt.renderers.active == "juesuan"
    assert alt.theme.active == "juesuan"
    charts.setup(reset=True)
    first = charts.initial_vs_final(tables, "xianyang-hrss-2023")._repr_mimebundle_()
    second = charts.three_public(tables, "xianyang-hrss-2023")._repr_mimebundle_()
    bundle_marker = "window.vegaEmbed="
    html1, html2 = first["text/html"], second["text/html"]
    assert html1.count(bundle_marker) == 1, "the first chart carries the bundle"
    assert bundle_marker not in html2, "later charts only call vegaEmbed"
    for out in (html1, html2):
        assert re.search(r'vegaEmbed\("#juesuan-chart-[0-9a-f]+-\d+", \{', out)
        assert '{renderer: "svg", actions: false, tooltip: {sanitize: function (v)' in out
        assert not re.search(r"<script[^>]*\ssrc\s*=", out, re.IGNORECASE), "no external script"
        assert not re.search(r"<link[^>]*href\s*=\s*[\"']?https?:", out, re.IGNORECASE)
        call = out[out.index('vegaEmbed("#juesuan-chart-'):]
        assert "$schema" not in call, "the spec's $schema URL is dropped"
        assert '"datasets"' in call or '"values"' in call, "data inline"
        assert out.count("<script") == out.count("</script>")
    # the embedded bundle cannot close its <script> element early
    inner = html1.split("<script", 2)[1]
    assert "</script" not in inner.split("})(); }</script>")[0]
    charts.setup(reset=True)
    again = charts.three_public(tables, "xianyang-hrss-2023")._repr_mimebundle_()["text/html"]
    assert again.count(bundle_marker) == 1, "setup(reset=True) sends the bundle again"


def test_document_text_in_spec_cannot_break_the_page():
    df = pl.DataFrame({"a": ["</script><script>alert(1)</script>"], "v": [1.0]})
    chart = alt.Chart(df).mark_bar().encode(x="v:Q", y="a:N", tooltip=["a"])
    out = charts.chart_html(chart.to_dict(), include_bundle=False)
    assert "</script><script>alert" not in out
    assert out.count("</script>") == 1




def test_notebook_html_loads_nothing_from_the_network(tables):
    charts.setup(reset=True)
    bundle = charts.functional_shares(tables)._repr_mimebundle_()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 标题"),
        nbformat.v4.new_code_cell("charts.functional_shares(tables)", outputs=[
            nbformat.v4.new_output("display_data", data=bundle)]),
    ])
    # the report build's own exporter: one place strips require.js, MathJax and CDN scripts
    page, _ = reports.rendering._exporter(with_code=False).from_notebook_node(
        nb, resources={"juesuan_index": "index.html"})
    assert reports.remote_references(page) == []
    assert "window.vegaEmbed=" in page and "vegaEmbed(\"#juesuan-chart-" in page
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']?https?:", page, re.IGNORECASE)
    assert "charts.functional_shares" not in page, "code cells are hidden"


def test_the_bundle_the_build_hands_the_kernels_is_used(tmp_path, monkeypatch):
    """`juesuan build` builds the JavaScript once and names the file in $JUESUAN_VEGA_BUNDLE."""
    built = charts.javascript_bundle()
    bundle = tmp_path / "vega-bundle.js"
    bundle.write_text("window.vegaEmbed = function () {};", encoding="utf-8")
    monkeypatch.setenv(charts.BUNDLE_ENV, str(bundle))
    charts.javascript_bundle.cache_clear()
    try:
        assert charts.javascript_bundle() == "window.vegaEmbed = function () {};"
    finally:
        charts.javascript_bundle.cache_clear()
        monkeypatch.delenv(charts.BUNDLE_ENV)
    assert charts.javascript_bundle() == built
