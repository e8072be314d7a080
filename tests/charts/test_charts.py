"""Charts (juesuan.charts) on the real curated data.

Every chart: a valid Vega-Lite spec (chart.to_dict() validates against the schema, vl-convert
compiles it), a tooltip on every mark, the source line in the tooltip wherever the mark's data
has one, Chinese titles (chart, axes, legends, tooltips), 万元 amounts formatted `,.2f`, and
percentages formatted as percentages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import altair as alt
import polars as pl
import pytest
import vl_convert as vlc

from juesuan import catalog, charts, present

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
