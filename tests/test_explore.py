"""The interactive explorer (juesuan.explore), driven through its widgets as a user would.

Every expected value is a figure printed in the documents (checked against its source line in
data/raw) or a row of the curated tables; the widgets are set programmatically and the view's
data, chart spec and output are read back.
"""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog, charts, measures, present
from juesuan.explore import ALL, Explorer, line_tree, lines_chart
from juesuan.text import number_tokens
from tests.charts.test_charts import CJK, _marks, _tooltips

XIANYANG = "xianyang-hrss-2023"
FENYANG = "fenyang-social-insurance-2024"
QIANYANG = "qianyang-hrss-2024"
QUXIAN = "quxian-rural-pension-2023"


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


@pytest.fixture
def explorer(tables) -> Explorer:
    return Explorer(tables)


def _printed(raw_lines, doc_id: str, line: int, value: float) -> bool:
    """The value is one of the numbers printed on that line of the source document."""
    text = raw_lines(doc_id)[line - 1].text
    return any(abs(n - value) < 1e-9 for n in number_tokens(text))


def _rows(df: pl.DataFrame, *cols: str) -> list[tuple]:
    return [tuple(r) for r in df.select(cols).iter_rows()]


def _dataset(spec: dict, unit: dict) -> list[dict]:
    """The rows a mark draws: its own data, else the chart's (a layer's shared data)."""
    name = unit.get("data", {}).get("name") or spec.get("data", {}).get("name")
    return spec.get("datasets", {}).get(name, []) if name else []


def _layer(chart, mark: str) -> tuple[dict, dict]:
    spec = chart.to_dict()
    unit = next(u for u in _marks(spec) if u["mark"]["type"] == mark)
    return spec, unit


# --- document and drill-down ---------------------------------------------------------------

def test_document_dropdown_lists_the_four_documents_by_chinese_name(explorer, tables):
    labels = dict(explorer.doc_select.options)
    assert set(labels.values()) == set(tables["documents"]["doc_id"])
    assert labels["咸阳市人力资源和社会保障局（2023）"] == XIANYANG
    # the first document (in doc_id order) is shown first: its three 类 with 公开05表 amounts
    assert explorer.doc_id == FENYANG
    assert _rows(explorer.line_data, "func_code", "actual", "budget_initial") == [
        ("208", 3895.18, 41611.24), ("210", 19.78, 20.29), ("221", 36.21, 39.39)]


def test_choosing_a_document_changes_line_data_and_drill_down_options(explorer, raw_lines):
    assert [v for _, v in explorer.class_select.options] == [ALL, "208", "210", "221"]
    explorer.doc_select.value = XIANYANG
    assert explorer.line_data["doc_id"].unique().to_list() == [XIANYANG]
    assert explorer.class_select.options == (
        ("全部类", ALL), ("201 一般公共服务支出", "201"), ("208 社会保障和就业支出", "208"),
        ("210 卫生健康支出", "210"), ("213 农林水支出", "213"), ("221 住房保障支出", "221"))
    assert explorer.section_select.disabled and explorer.item_select.disabled
    # the 类 totals of 公开05表 (一般公共预算财政拨款支出决算表), lines 1470–1510 of 004
    assert _rows(explorer.line_data, "func_code", "actual") == [
        ("201", 10.46), ("208", 7771.07), ("210", 79.28), ("213", 4.78), ("221", 154.38)]
    for r in explorer.line_data.iter_rows(named=True):
        assert _printed(raw_lines, XIANYANG, r["actual_src_line"], r["actual"])

    explorer.class_select.value = "208"
    assert [label for label, _ in explorer.section_select.options] == [
        "全部款", "20801 人力资源和社会保障管理事务", "20805 行政事业单位养老支出",
        "20807 就业补助", "20808 抚恤", "20809 退役安置", "20899 其他社会保障和就业支出"]
    assert not explorer.section_select.disabled and explorer.item_select.disabled
    assert _rows(explorer.line_data, "func_code", "actual", "actual_src_line") == [
        ("20801", 3679.79, 1475), ("20805", 283.39, 1485), ("20807", 3346.87, 1490),
        ("20808", 74.40, 1495), ("20809", 239.55, 1497), ("20899", 147.07, 1499)]
    for r in explorer.line_data.iter_rows(named=True):
        assert _printed(raw_lines, XIANYANG, r["actual_src_line"], r["actual"])

    explorer.doc_select.value = QIANYANG  # a new document resets the drill-down
    assert explorer.class_select.value == ALL and explorer.section_select.value == ALL
    assert explorer.line_data["doc_id"].unique().to_list() == [QIANYANG]


def test_a_section_shows_its_items_with_the_documents_amounts(explorer, tables, raw_lines):
    explorer.doc_select.value = XIANYANG
    explorer.class_select.value = "208"
    explorer.section_select.value = "20801"
    items = explorer.line_data
    assert items["level"].unique().to_list() == ["item"]
    assert items["func_code"].to_list() == ["2080101", "2080102", "2080105", "2080106",
                                            "2080108", "2080109", "2080111", "2080150",
                                            "2080199"]
    assert [v for _, v in explorer.item_select.options][1:] == items["func_code"].to_list()
    got = {r["func_code"]: r for r in items.iter_rows(named=True)}
    # 年初预算 from the narrative, 支出决算 from 公开05表; both printed on the lines recorded
    assert (got["2080101"]["budget_initial"], got["2080101"]["actual"]) == (1387.08, 1264.66)
    assert got["2080101"]["completion_stated"] == 91.17
    assert (got["2080199"]["budget_initial"], got["2080199"]["actual"]) == (38.0, 533.9)
    assert got["2080199"]["completion_stated"] == 1405.0
    for r in got.values():
        assert _printed(raw_lines, XIANYANG, r["budget_initial_src_line"], r["budget_initial"])
        assert _printed(raw_lines, XIANYANG, r["actual_src_line"], r["actual"])
        assert r["budget_initial_basis"] == "stated" and r["actual_basis"] == "stated"
    # completion recomputed as actual ÷ 年初预算 agrees with the stated one to its rounding
    stated = items.filter(pl.col("completion_stated").is_not_null())
    assert stated.height == 8
    assert (stated["completion_rate"] - stated["completion_stated"]).abs().max() < 0.005
    # 就业管理事务: 年初预算 0, spent 47.27 — unbudgeted, no completion rate
    assert got["2080106"]["unbudgeted"] and got["2080106"]["completion_rate"] is None
    # the same line values as measures.line_completion gives for these lines
    lc = measures.line_completion(tables["budget_lines"]).filter(
        pl.col("doc_id") == XIANYANG, pl.col("func_code").str.starts_with("20801"))
    assert _rows(lc.sort("func_code"), "func_code", "budget_initial", "actual",
                 "completion_rate", "unbudgeted") == _rows(
        items, "func_code", "budget_initial", "actual", "completion_rate", "unbudgeted")


def test_item_selection_and_going_up(explorer):
    explorer.doc_select.value = XIANYANG
    explorer.class_select.value = "208"
    explorer.section_select.value = "20807"
    assert explorer.line_data["func_code"].to_list() == ["2080701", "2080704", "2080705",
                                                         "2080799"]
    explorer.item_select.value = "2080704"
    assert _rows(explorer.line_data, "line_name", "budget_initial", "actual") == [
        ("社会保险补贴", 200.0, 1348.01)]
    explorer.up_button.click()
    assert explorer.item_select.value == ALL and explorer.line_data.height == 4
    explorer.up_button.click()
    assert explorer.section_select.value == ALL and explorer.line_data.height == 6
    explorer.up_button.click()
    assert explorer.class_select.value == ALL
    assert explorer.line_data["func_code"].to_list() == ["201", "208", "210", "213", "221"]


def test_lines_not_stated_at_a_level_are_summed_and_flagged(tables):
    tree = line_tree(tables["budget_lines"], XIANYANG)
    cls = tree.filter(pl.col("key") == "208").row(0, named=True)
    items = tree.filter((pl.col("level") == "item") & (pl.col("class_key") == "208"))
    assert items.height == 20
    # 公开05表 states the 类's spending; its 年初预算 is stated only per 项 (the narrative)
    assert cls["actual"] == 7771.07 and cls["actual_basis"] == "stated"
    assert cls["budget_initial_basis"] == "sum"
    assert cls["budget_initial"] == pytest.approx(items["budget_initial"].sum())
    assert cls["budget_initial"] == pytest.approx(3794.44)
    assert cls["note"] == "年初预算由下级科目加总"

    # 千阳 states its general-budget lines only as 项 in the narrative: no 类 row, no code
    qy = line_tree(tables["budget_lines"], QIANYANG)
    classes = qy.filter(pl.col("level") == "class")
    assert classes["line_name"].to_list() == ["社会保障和就业支出", "卫生健康支出", "农林水支出",
                                              "住房保障支出"]
    assert classes["actual_basis"].unique().to_list() == ["sum"]
    assert classes["src_line"].null_count() == classes.height  # not printed anywhere
    gpb = measures.headline(tables["totals"], "gpb_expenditure_actual").filter(
        pl.col("doc_id") == QIANYANG)["value"][0]
    assert gpb == 2209.18 and classes["actual"].sum() == pytest.approx(gpb)

    # 汾阳 prints no 年初预算 for its 款 and 项: nothing to sum, it stays null (not 0)
    fy = line_tree(tables["budget_lines"], FENYANG)
    assert fy.filter(pl.col("level") != "class")["budget_initial"].null_count() == 12


# --- the measure --------------------------------------------------------------------------------

def test_changing_the_measure_changes_the_charts_field_and_data(explorer):
    explorer.doc_select.value = XIANYANG
    explorer.class_select.value = "208"
    explorer.section_select.value = "20807"
    spec, bars = _layer(explorer.line_chart, "bar")
    assert bars["encoding"]["x"]["field"] == "actual"
    assert bars["encoding"]["x"]["title"] == "支出决算（万元）"
    assert [r["actual"] for r in _dataset(spec, bars)] == [95.0, 1348.01, 562.0, 1341.86]

    explorer.measure_select.value = "completion_rate"
    spec, bars = _layer(explorer.line_chart, "bar")
    assert bars["encoding"]["x"]["field"] == "completion_rate_f"
    assert bars["encoding"]["x"]["axis"]["format"] == charts.PCT_AXIS
    rows = {r["func_code"]: r["completion_rate_f"] for r in _dataset(spec, bars)}
    # two lines had 年初预算 0 (2080701, 2080799): no completion, drawn as “未列示”
    assert set(rows) == {"2080704", "2080705"}
    assert rows["2080704"] == pytest.approx(1348.01 / 200.0)
    assert rows["2080705"] == pytest.approx(562.0 / 150.0)
    notes = next(u for u in _marks(spec) if u["mark"]["type"] == "text")
    assert sorted(r["func_code"] for r in _dataset(spec, notes)) == ["2080701", "2080799"]
    rule = next(u for u in _marks(spec) if u["mark"]["type"] == "rule")
    assert _dataset(spec, rule)[0]["v"] == 1.0  # the 100% line

    explorer.measure_select.value = "gap_wanyuan"
    spec, bars = _layer(explorer.line_chart, "bar")
    assert bars["encoding"]["x"]["field"] == "gap_wanyuan"
    assert [r["gap_wanyuan"] for r in _dataset(spec, bars)] == pytest.approx(
        [95.0, 1148.01, 412.0, 1341.86])


def test_line_chart_follows_the_chart_conventions(explorer):
    explorer.doc_select.value = XIANYANG
    explorer.class_select.value = "208"
    for measure in ("actual", "completion_rate", "gap_percent"):
        explorer.measure_select.value = measure
        spec = explorer.line_chart.to_dict()
        for unit in _marks(spec):
            tips = _tooltips(unit)
            assert tips, f"{measure}: a {unit['mark']} mark without tooltip"
            for tip in tips:
                assert CJK.search(tip["title"])
                if tip["field"].endswith("_f"):
                    assert tip["format"] == charts.PCT
                if "万元" in tip["title"]:
                    assert tip["format"] == charts.WAN
            if any(r.get("src_line") is not None for r in _dataset(spec, unit)):
                assert "src_line" in {t["field"] for t in _tooltips(unit)}
        title = spec["title"]
        assert title["text"].startswith(present.label(measure, "budget_lines"))
        assert title["subtitle"][0] == "咸阳市人力资源和社会保障局（2023）"
        assert title["subtitle"][1].startswith("208 社会保障和就业支出（类）")


def test_unbudgeted_lines_are_coloured_apart(explorer):
    explorer.doc_select.value = XIANYANG
    explorer.class_select.value = "208"
    explorer.section_select.value = "20807"
    spec, bars = _layer(explorer.line_chart, "bar")
    scale = bars["encoding"]["color"]["scale"]
    unbudgeted = present.value_label("budget_status", "unbudgeted")
    assert scale["range"][scale["domain"].index(unbudgeted)] == charts.COLORS["budget_status"][
        "unbudgeted"]
    assert sorted(r["func_code"] for r in _dataset(spec, bars)
                  if r["budget_status_zh"] == unbudgeted) == ["2080701", "2080799"]


def test_a_measure_no_line_states_gives_a_message_not_a_chart(explorer):
    explorer.class_select.value = "208"  # 汾阳: its 款 print no 年初预算
    explorer.measure_select.value = "budget_initial"
    assert explorer.line_data.height == 2 and explorer.line_chart is None
    assert explorer.line_message == "所选科目均未列示“年初预算”：请下钻到下一级，或改选其他指标。"
    texts = [o["data"]["text/plain"] for o in explorer.line_output.outputs]
    assert texts[0] == explorer.line_message
    assert texts[1] == "<2 行>"  # the table is still shown
    with pytest.raises(ValueError, match="unknown measure"):
        lines_chart(explorer.line_data, "score", "x")


def test_a_document_without_general_budget_lines_says_so(tables):
    # 咸阳 with only its 支出决算表 (all funds): no general-budget line to show
    bl = tables["budget_lines"].filter((pl.col("doc_id") != XIANYANG)
                                       | (pl.col("statement") == "table_expenditure"))
    explorer = Explorer({**tables, "budget_lines": bl}, doc_id=XIANYANG)
    assert explorer.class_select.options == (("全部类", ALL),)
    assert explorer.line_data.height == 0 and explorer.line_chart is None
    assert explorer.line_message == "本文档未列示一般公共预算财政拨款支出的功能分类科目。"
    assert [o["data"]["text/plain"] for o in explorer.line_output.outputs] == [
        explorer.line_message]
    assert explorer.evaluation_data.height == 30  # the evaluation view is unaffected


# --- evaluations ----------------------------------------------------------------------------------

def _ids(explorer: Explorer) -> list[str]:
    return [e.split(":")[1] for e in explorer.evaluation_data["eval_id"].to_list()]


def test_evaluation_filters_select_exactly_the_matching_evaluations(explorer, tables):
    explorer.doc_select.value = XIANYANG
    pe = tables["perf_evaluations"].filter(pl.col("doc_id") == XIANYANG)
    assert explorer.evaluation_data.height == pe.height == 30
    explorer.scope_select.value = "project"
    assert _ids(explorer) == [f"P{i:02d}" for i in range(1, 28)]
    explorer.score_range.value = (95.0, 100.0)
    expected = (pe.filter((pl.col("scope") == "project") & (pl.col("score") >= 95))
                ["eval_id"].str.split(":").list.last().to_list())
    assert _ids(explorer) == expected == ["P05", "P06", "P07", "P08", "P10", "P11", "P12",
                                          "P13", "P14", "P15", "P16", "P17", "P18", "P19",
                                          "P21", "P22", "P25"]
    # execution rate B/A below 80%: P07 (69.51%) and P08 (52.17%) scored 98 all the same
    explorer.band_select.value = "lt80"
    assert _ids(explorer) == ["P07", "P08"]
    rows = {r["eval_id"].split(":")[1]: r for r in explorer.evaluation_data.iter_rows(named=True)}
    assert rows["P08"]["score"] == 98.0
    assert rows["P08"]["executed"] / rows["P08"]["budget_full_year"] < 0.53
    # the chart draws exactly these evaluations
    spec, dots = _layer(explorer.evaluation_chart, "point")
    assert sorted(r["eval_id"] for r in _dataset(spec, dots)) == [
        f"{XIANYANG}:P07", f"{XIANYANG}:P08"]
    explorer.score_range.value = (0.0, 100.0)
    assert _ids(explorer) == ["P03", "P04", "P07", "P08", "P09", "P23"]
    explorer.band_select.value = ALL
    explorer.unit_select.value = "咸阳市劳动技能鉴定服务中心"
    assert _ids(explorer) == ["P21", "P22", "P23"]


def test_evaluation_options_follow_the_documents_in_view(explorer):
    # 汾阳 prints its unit with and without the budget code: one unit in the filter
    units = [v for _, v in explorer.unit_select.options]
    assert units.count("汾阳市社会保险中心") == 1
    assert not any(u.startswith("407002") for u in units)
    explorer.unit_select.value = "汾阳市社会保险中心"
    assert explorer.evaluation_data.height == 15  # 13 printed “407002-…”, P12 and P16 without
    explorer.template_select.value = "shanxi_goal"  # P10 and P13 name no implementing unit
    assert _ids(explorer) == ["P12", "P16"]
    explorer.all_docs.value = True
    assert explorer.unit_select.value == "汾阳市社会保险中心"  # still offered: kept
    explorer.unit_select.value = ALL
    explorer.template_select.value = ALL
    assert explorer.evaluation_data.height == 55
    assert [v for _, v in explorer.scope_select.options] == [
        ALL, "department_overall", "project", "key_evaluation"]
    explorer.scope_select.value = "key_evaluation"
    assert explorer.evaluation_data["eval_id"].to_list() == [
        f"{QIANYANG}:K1", f"{XIANYANG}:K1", f"{XIANYANG}:K2"]


def test_a_filter_that_leaves_nothing_shows_a_message(explorer):
    explorer.doc_select.value = XIANYANG
    explorer.score_range.value = (0.0, 10.0)
    assert explorer.evaluation_data.height == 0
    assert explorer.evaluation_chart is None
    assert explorer.evaluation_message == "没有符合筛选条件的绩效评价：请放宽筛选条件。"
    outputs = explorer.evaluation_output.outputs
    assert [o["data"]["text/plain"] for o in outputs] == [explorer.evaluation_message]
    assert explorer.evaluation_message in outputs[0]["data"]["text/html"]
    explorer.score_range.value = (0.0, 100.0)
    assert explorer.evaluation_data.height == 30 and explorer.evaluation_chart is not None


def test_evaluations_without_execution_are_listed_not_drawn(explorer):
    explorer.doc_select.value = QUXIAN  # Sichuan tables print no 全年执行数
    assert explorer.evaluation_data.height == 5
    assert explorer.evaluation_chart is None
    assert explorer.evaluation_message.startswith("符合条件的5个评价都未列示执行率或总得分")
    assert [o["data"]["text/plain"] for o in explorer.evaluation_output.outputs][1] == "<5 行>"


# --- display -------------------------------------------------------------------------------------

def test_show_sends_the_bundle_once_and_charts_without_it(explorer):
    box = explorer.show()
    assert box is explorer.show()
    assert explorer.line_output in box.children and explorer.evaluation_output in box.children
    bundle = box.children[0].outputs[0]["data"]["text/html"]
    assert "window.vegaEmbed=" in bundle and "if (!window.vegaEmbed)" in bundle
    chart_html = explorer.line_output.outputs[0]["data"]["text/html"]
    assert 'vegaEmbed("#juesuan-chart-' in chart_html
    assert "window.vegaEmbed=" not in chart_html
    assert "<script src" not in chart_html.replace(" ", "")


def test_unknown_document_is_a_clear_error(tables):
    with pytest.raises(ValueError, match="unknown doc_id"):
        Explorer(tables, doc_id="nowhere-2023")


# --- issue 18: across documents, findings, source text, search, export, synthetic ----------------

def test_summed_classes_that_disagree_with_the_stated_total_are_flagged(tables, raw_lines):
    """千阳's 类 are built from its items (initial 745.33 for 208, 873.12 for all); the
    document's own total is 9,085.20 (line 126): 24.32 % against 273.62 % for 类208."""
    e = Explorer(tables, QIANYANG)
    assert _printed(raw_lines, QIANYANG, 126, 9085.2)
    assert "24.32%" in e.line_consistency and "9,085.20" in e.line_consistency
    c208 = e.line_data.filter(pl.col("line_name") == "社会保障和就业支出").row(0, named=True)
    assert round(c208["completion_rate"], 2) == 273.62 and c208["budget_initial_basis"] == "sum"
    assert "SUM-NARRATIVE-GPB" in e.line_findings["rule_id"].to_list()
    shown = "".join(o["data"]["text/html"] for o in e.line_output.outputs)
    assert "SUM-NARRATIVE-GPB" in shown and "两者不一致" in shown


def test_a_document_whose_classes_are_stated_has_no_such_note(explorer):
    explorer.doc_select.value = FENYANG
    assert explorer.line_consistency == ""


def test_a_source_line_opens_its_quoted_text(tables, raw_lines):
    e = Explorer(tables, XIANYANG)
    labels = dict(e.source_select.options)
    line = labels["第1474行\u3000社会保障和就业支出（科目）"]
    e.source_select.value = line
    assert e.source_text.splitlines()[1].startswith(f"第{line}行│")
    assert raw_lines(XIANYANG)[line - 1].text.strip() in e.source_text
    assert "第1474行" in e.source_output.outputs[0]["data"]["text/html"]


def test_one_class_across_documents(explorer, tables, raw_lines):
    explorer.compare_class.value = "社会保障和就业支出"
    d = explorer.compare_data
    assert d["doc_label"].to_list() == list(present.doc_labels(tables).values())
    fy = d.row(0, named=True)
    assert (fy["budget_initial"], fy["actual"]) == (41611.24, 3895.18)
    assert _printed(raw_lines, FENYANG, 233, 3895.18)
    spec = explorer.compare_chart.to_dict()
    assert spec["encoding"]["y"]["field"] == "doc_label"
    explorer.compare_docs.value = (FENYANG,)
    assert explorer.compare_data.height == 1


def test_search_indicators_and_findings(explorer):
    explorer.all_docs.value = True
    explorer.search_box.value = "SUM-NARRATIVE-GPB"
    assert _rows(explorer.search_data, "doc_id", "src_line") == [(QIANYANG, 126), (XIANYANG, 149)]
    explorer.search_box.value = "满意度"
    d = explorer.search_data
    assert d.height > 0 and set(d["kind"]) <= {"指标", "审核发现"}
    assert all("满意度" in (s or "") + t for s, t in zip(d["subject"], d["text"], strict=True))
    explorer.all_docs.value = False
    assert set(explorer.search_data["doc_id"]) == {explorer.doc_id}


def test_export_the_current_selection_as_utf8_bom_csv(tables, tmp_path):
    e = Explorer(tables, XIANYANG, export_dir=tmp_path)
    e.export_view.value = "lines"
    e.export_button.click()
    data = e.last_export.read_bytes()
    assert e.last_export.parent == tmp_path and data.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(data[3:])
    assert back.height == e.line_data.height
    assert back["line_name"].to_list() == e.line_data["line_name"].to_list()
    e.compare_class.value = "社会保障和就业支出"
    out = e.export("compare", tmp_path / "c.csv")
    assert pl.read_csv(out.read_bytes()[3:])["doc_label"].to_list() == \
        e.compare_data["doc_label"].to_list()


def test_wide_tables_scroll(explorer):
    tables_html = [o["data"]["text/html"] for o in explorer.line_output.outputs
                   if "<table" in o["data"].get("text/html", "")]
    assert tables_html and all("overflow-x:auto" in t for t in tables_html)


def test_synthetic_documents_are_marked(tables):
    docs = tables["documents"].with_columns(synthetic=pl.col("doc_id") == FENYANG)
    e = Explorer({**tables, "documents": docs}, XIANYANG)
    labels = {d: name for name, d in e.doc_select.options}
    assert labels[FENYANG].startswith("（合成）")
    assert not any(labels[d].startswith("（合成）") for d in (XIANYANG, QIANYANG, QUXIAN))
    assert {d: n for n, d in e.compare_docs.options}[FENYANG].startswith("（合成）")
