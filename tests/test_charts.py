"""Charts (juesuan.charts) and display helpers (juesuan.present) on the real curated data.

Every chart: a valid Vega-Lite spec (chart.to_dict() validates against the schema, vl-convert
compiles it), a tooltip on every mark, the source line in the tooltip wherever the mark's data
has one, Chinese titles (chart, axes, legends, tooltips), 万元 amounts formatted `,.2f`, and
percentages formatted as percentages. The renderer works offline: the JavaScript bundle is
inline, once per session, and nothing is loaded from a URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import altair as alt
import nbformat
import polars as pl
import pytest
import vl_convert as vlc

from juesuan import catalog, charts, present, reports

DOCS = ("fenyang-social-insurance-2024", "qianyang-hrss-2024", "quxian-rural-pension-2023",
        "xianyang-hrss-2023")
PER_DOC = ("income_expenditure", "initial_vs_final", "budget_gaps", "economic_structure",
           "three_public", "project_scores", "score_vs_execution", "indicator_quality")
CORPUS = ("score_vs_execution", "score_distribution", "grade_distribution", "indicator_quality",
          "compare_documents", "functional_shares", "structure_shares", "findings_overview",
          "completeness_overview")
# Charts that show amounts in 万元 (their tooltips must format them `,.2f`).
AMOUNT_CHARTS = {"income_expenditure", "initial_vs_final", "budget_gaps", "economic_structure",
                 "three_public", "project_scores", "score_vs_execution", "functional_shares",
                 "structure_shares", "compare_documents"}
# What a document does not state, so the chart has nothing to draw (the notebook prints a
# sentence instead).
NOTHING_TO_DRAW = {
    ("economic_structure", "qianyang-hrss-2024"),  # 公开06表 listed only
    ("economic_structure", "quxian-rural-pension-2023"),  # tables listed only
    ("three_public", "fenyang-social-insurance-2024"),  # all “三公” amounts are 0
    ("three_public", "quxian-rural-pension-2023"),  # all “三公” amounts are 0
    ("budget_gaps", "quxian-rural-pension-2023"),  # completion stated, no initial budgets
    ("score_vs_execution", "quxian-rural-pension-2023"),  # Sichuan tables: no execution B
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


def _cases() -> Iterator[tuple[str, str | None]]:
    for name in PER_DOC:
        for doc in DOCS:
            yield name, doc
    for name in CORPUS:
        yield name, None


CASES = list(_cases())
DRAWN = [c for c in CASES if c not in NOTHING_TO_DRAW]


def _chart(tables, name: str, doc: str | None):
    fn = getattr(charts, name)
    return fn(tables, doc) if doc else fn(tables)


def _marks(spec: dict) -> Iterator[dict]:
    """Every unit spec (one with a mark), through layers, concatenations and facets."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from _marks(sub)
    if isinstance(spec.get("spec"), dict):
        yield from _marks(spec["spec"])


def _tooltips(unit: dict) -> list[dict]:
    tt = unit.get("encoding", {}).get("tooltip")
    if tt is None:
        return []
    return tt if isinstance(tt, list) else [tt]


def _dataset(spec: dict, unit: dict) -> list[dict]:
    name = unit.get("data", {}).get("name")
    return spec.get("datasets", {}).get(name, []) if name else []


def _compiled_titles(vega: dict) -> list[str]:
    """Titles a reader sees: chart titles and subtitles, axis titles, legend titles."""
    out: list[str] = []

    def text(t) -> None:
        if isinstance(t, dict):
            for k in ("text", "subtitle"):
                if t.get(k) is not None:
                    text(t[k])
        elif isinstance(t, list):
            out.extend(str(x) for x in t)
        elif t is not None:
            out.append(str(t))

    def walk(o) -> None:
        if isinstance(o, dict):
            for key in ("axes", "legends"):
                for item in o.get(key) or []:
                    text(item.get("title"))
            if "title" in o and isinstance(o["title"], dict | str) and "marks" in o:
                text(o["title"])
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(vega)
    if isinstance(vega.get("title"), dict | str):
        text(vega["title"])
    return out


# --- the charts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "doc"), sorted(NOTHING_TO_DRAW))
def test_nothing_to_draw_is_none(tables, name, doc):
    assert _chart(tables, name, doc) is None


@pytest.mark.parametrize(("name", "doc"), DRAWN)
def test_chart_spec_is_valid_and_compiles(tables, name, doc):
    chart = _chart(tables, name, doc)
    assert isinstance(chart, alt.TopLevelMixin), f"{name}({doc}) drew nothing"
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    vega = vlc.vegalite_to_vega(spec, vl_version=charts.vl_version())
    assert vega["marks"], f"{name}: no marks compiled"
    assert "font" in spec["config"] and "Noto Sans CJK SC" in spec["config"]["font"]
    for unit in _marks(spec):
        assert "url" not in unit.get("data", {}), "data must be inline"


@pytest.mark.parametrize(("name", "doc"), DRAWN)
def test_every_mark_has_a_chinese_tooltip(tables, name, doc):
    spec = _chart(tables, name, doc).to_dict()
    units = list(_marks(spec))
    assert units
    for unit in units:
        tips = _tooltips(unit)
        assert tips, f"{name}: a {unit['mark']} mark without tooltip"
        for tip in tips:
            assert CJK.search(tip.get("title", "")), f"{name}: tooltip {tip} has no Chinese title"
            if tip.get("field", "").endswith("_f"):
                assert tip.get("format") == charts.PCT, f"{name}: percent {tip} not formatted"
            if "万元" in tip.get("title", ""):
                assert tip.get("format") == charts.WAN, f"{name}: amount {tip} not ,.2f"


@pytest.mark.parametrize(("name", "doc"), DRAWN)
def test_source_line_in_tooltip_where_data_has_one(tables, name, doc):
    spec = _chart(tables, name, doc).to_dict()
    for unit in _marks(spec):
        rows = _dataset(spec, unit)
        if rows and any(r.get("src_line") is not None for r in rows):
            fields = {t.get("field") for t in _tooltips(unit)}
            assert "src_line" in fields, f"{name}: {unit['mark']} data has src_line, tooltip not"


@pytest.mark.parametrize(("name", "doc"), DRAWN)
def test_titles_axes_and_legends_are_chinese(tables, name, doc):
    spec = _chart(tables, name, doc).to_dict()
    vega = vlc.vegalite_to_vega(spec, vl_version=charts.vl_version())
    titles = _compiled_titles(vega)
    assert titles, f"{name}: no titles"
    assert any(CJK.search(t) for t in titles)
    bad = [t for t in titles if t and t != "None" and not CJK.search(t)]
    assert not bad, f"{name}: titles without Chinese: {bad}"


@pytest.mark.parametrize(("name", "doc"), [c for c in DRAWN if c[0] in AMOUNT_CHARTS])
def test_amounts_are_wanyuan(tables, name, doc):
    spec = _chart(tables, name, doc).to_dict()
    tips = [t for unit in _marks(spec) for t in _tooltips(unit)]
    amounts = [t for t in tips if t.get("format") == charts.WAN]
    assert amounts, f"{name}: no amount formatted {charts.WAN}"
    assert all("万元" in t["title"] for t in amounts), f"{name}: amount titles lack 万元"


def test_amount_axes_say_wanyuan(tables):
    for name in ("initial_vs_final", "budget_gaps", "economic_structure", "three_public",
                 "income_expenditure"):
        spec = _chart(tables, name, "xianyang-hrss-2023").to_dict()
        x_titles = [u["encoding"]["x"].get("title") for u in _marks(spec)
                    if isinstance(u.get("encoding", {}).get("x"), dict)]
        assert any(t and "（万元）" in t for t in x_titles), name


def test_unbudgeted_lines_are_marked(tables):
    spec = charts.initial_vs_final(tables, "xianyang-hrss-2023").to_dict()
    bars = next(u for u in _marks(spec) if u["mark"]["type"] == "bar")
    scale = bars["encoding"]["color"]["scale"]
    unbudgeted = present.VALUE_LABELS["budget_status"]["unbudgeted"]
    assert unbudgeted in scale["domain"]
    assert scale["range"][scale["domain"].index(unbudgeted)] == charts.COLORS["budget_status"][
        "unbudgeted"]
    rows = _dataset(spec, bars)
    flagged = {r["line_label"] for r in rows if r["budget_status_zh"] == unbudgeted}
    # the seven lines of 004 with 年初预算为零 (line_completion's `unbudgeted`)
    assert len(flagged) == 7 and "2080799 其他就业补助支出" in flagged


def test_each_document_keeps_its_colour(tables):
    a = charts.score_distribution(tables).to_dict()["encoding"]["color"]["scale"]
    b = charts.score_vs_execution(tables, "xianyang-hrss-2023").to_dict()
    b_scale = next(u for u in _marks(b) if u["mark"]["type"] == "point")["encoding"]["color"][
        "scale"]
    colour = dict(zip(a["domain"], a["range"], strict=True))
    for name, col in zip(b_scale["domain"], b_scale["range"], strict=True):
        assert colour[name] == col


# --- the renderer -------------------------------------------------------------------------------

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
        assert '{renderer: "svg", actions: false}' in out
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


# --- display helpers ------------------------------------------------------------------------------

def test_table_escapes_document_text_and_shows_nulls():
    df = pl.DataFrame({"project_name": ["<b>就业&补助</b>", None], "budget_initial": [1234.5, None],
                       "execution_rate": [96.123, None]})
    out = present.table(df, table="perf_evaluations", computed=True)._repr_html_()
    assert "<b>就业" not in out and html.escape("<b>就业&补助</b>") in out
    assert "1,234.50" in out and "96.12%" in out
    assert out.count(present.NOT_STATED) == 3
    assert "项目名称" in out and "年初预算数（万元）" in out and "执行率B/A（按金额计算）（%）" in out


def test_labels_come_from_the_schema_and_measures():
    assert present.label("actual", "budget_lines", with_unit=True) == "支出决算（万元）"
    assert present.label("completion_rate") == "完成年初预算（按金额计算）"
    assert present.label("completion_rate", "three_public") == "完成预算（按金额计算）"
    assert present.label("staff_actual") == "实有人数"
    assert present.value_label("item", "official_reception") == "公务接待费"


def test_unit_texts(tables):
    text = present.profile(tables, "xianyang-hrss-2023")
    assert "咸阳市人力资源和社会保障局（第3行）" in text and "实有人数：173人（第105行）" in text
    assert "第" in present.key_figures(tables, "qianyang-hrss-2024")
    assert present.department_evaluation(tables, "fenyang-social-insurance-2024").startswith(
        "本文档未公开")
    with pytest.raises(ValueError, match="unknown doc_id"):
        present.profile(tables, "no-such-doc")
    with pytest.raises(ValueError, match="unknown doc_id"):
        present.selected_docs(tables, ["no-such-doc"])


def test_notebook_html_loads_nothing_from_the_network(tables):
    charts.setup(reset=True)
    bundle = charts.functional_shares(tables)._repr_mimebundle_()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 标题"),
        nbformat.v4.new_code_cell("charts.functional_shares(tables)", outputs=[
            nbformat.v4.new_output("display_data", data=bundle)]),
    ])
    # the report build's own exporter: one place strips require.js, MathJax and CDN scripts
    page, _ = reports._exporter(with_code=False).from_notebook_node(
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
