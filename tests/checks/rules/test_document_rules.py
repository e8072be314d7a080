"""The document rules on crafted rows: each must fire on the slip and stay silent otherwise."""

from __future__ import annotations

import polars as pl

from juesuan import metadata
from juesuan.checks import rules
from juesuan.checks.rules.document import LINES, direction_holds, joined
from tests.checks.rules.builders import DOC, tp


def _lines(*texts: str, start: int = 1) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [DOC] * len(texts),
                         "src_line": list(range(start, start + len(texts))),
                         "text": list(texts)})


def _doc(year: int = 2024) -> dict:
    return {"doc_id": DOC, "unit_name": "上海市普陀区财政局", "fiscal_year": year,
            "source_file": "x.pdf"}


def _part(kind: str, title: str, line: int, number: int | None = None, **kw) -> dict:
    return {"doc_id": DOC, "kind": kind, "title": title, "table_number": number,
            "in_contents": kind == "table_listed", "src_line": line, **kw}


def _run(rule_id: str, **t) -> list[dict]:
    rule = next(r for r in rules.RULES if r.rule_id == rule_id)
    tables = {name: (df if isinstance(df, pl.DataFrame) else metadata.frame(name, df))
              for name, df in t.items()}
    found = rule.func(tables)
    assert all(f["rule_id"] == rule_id for f in found)
    return found


def test_placeholder_in_a_heading_fires_a_real_name_does_not():
    found = _run("ID-PLACEHOLDER", **{LINES: _lines(
        "第二部分 上海市普陀区XX局2024年度部门决算表", "上海市普陀区财政局概况",
        "某某单位", "本级决算", "单价100万元（含）以上设备")})
    assert [(f["src_line"], f["severity"]) for f in found] == [(1, "error"), (3, "error")]


def test_placeholder_at_the_end_of_a_line_but_not_across_lines():
    lines = pl.concat([_lines("单位名称：XX", "2024 年", "金额 X", "X 万元"),
                       _lines("编制单位：某 某", "上海市普陀区财政局").with_columns(doc_id=pl.lit("d2"))])
    found = _run("ID-PLACEHOLDER", **{LINES: lines})
    # each first line ends with a placeholder (spaces are not read); X / X on two lines is no XX
    assert [(f["doc_id"], f["src_line"]) for f in found] == [("d2", 1), (DOC, 1)]


def test_placeholder_falls_back_to_the_headings_without_text():
    found = _run("ID-PLACEHOLDER", parts=[_part("heading", "第一部分××局概况", 4),
                                          _part("heading", "第二部分财政局决算表", 9)])
    assert [f["src_line"] for f in found] == [4]


def test_year_of_headings_and_dates_against_the_cover():
    parts = [_part("heading", "第三部分上海市普陀区财政局2023年度部门决算情况说明", 278),
             _part("heading", "第二部分上海市普陀区财政局2024年度部门决算表", 92),
             _part("table", "2024年度收入支出决算总表", 93, 1, has_data=True)]
    text = _lines("截至2023年12月31日，共有车辆0辆", "与2023年度相比，减少56.95万元",
                  "截至 2024 年", "12月31日，单价", start=420)
    found = _run("ID-YEAR", documents=[_doc()], parts=parts, **{LINES: text})
    assert [(f["src_line"], f["stated"], f["expected"]) for f in found] == [
        (278, 2023.0, 2024.0), (420, 2023.0, 2024.0)]
    assert _run("ID-YEAR", documents=[_doc(2023)], parts=parts[:1]) == []


def test_direction_words_against_the_amounts():
    text = _lines(
        "1、行政运行（项）。年初预算为 1560.05 万元，支出决算为1511.89万元。 决算",  # 21
        "数大于预算数的主要原因：人员进出。",
        "2、年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。",  # 23
        "3、年初预算为62.29万元，支出决算为60.99万元。决算数等于预算数的主要原因",  # 24
        "4、年初预算为135.90万元，支出决算为135.25万元。决算数小于预算数的主要原因",  # 25
        "5、年初预算为100.00万元，支出决算为99.50万元。决算数与预算数基本持平。",  # 26
        "6、年初预算为100.00万元，支出决算为98.00万元。决算数与预算数基本持平。",  # 27
        "7、年初预算为50.00万元，支出决算为50.01万元。决算数等于预算数。", start=21)  # 28
    found = _run("NARR-DIRECTION", **{LINES: text})
    assert [(f["src_line"], f["severity"]) for f in found] == [
        (22, "error"), (24, "error"), (27, "warning")]
    assert found[0]["src_lines"] == "21,22"


def test_direction_holds_tolerances():
    assert direction_holds("等于", 10.0, 10.01)[0]  # two printed amounts: ±0.01
    assert not direction_holds("等于", 10.0, 10.02)[0]
    assert direction_holds("大于", 10.0, 10.0)[0] and direction_holds("小于", 10.0, 10.0)[0]
    assert not direction_holds("大于", 10.0, 9.98)[0]
    assert direction_holds("基本持平", 100.0, 101.0)[0]
    assert not direction_holds("基本持平", 100.0, 101.1)[0]


def test_three_public_table_blank_while_the_narrative_states_a_budget():
    parts = [_part("table", "财政拨款“三公”经费支出决算表", 258, 9, has_data=False),
             _part("table", "政府性基金预算财政拨款收入支出决算表", 264, 7, has_data=False,
                   empty_reason="本表无数据"),
             _part("table", "国有资本经营预算财政拨款收入支出决算表", 271, 8, has_data=False)]
    tp_rows = [tp("total", 373, budget=0.95, actual=0.0, budget_src_line=373)]
    found = _run("NARR-EMPTY-TABLE", parts=parts, three_public=tp_rows)
    assert [(f["src_line"], f["severity"], f["src_lines"]) for f in found] == [
        (258, "error", "258,373"), (271, "warning", "271")]
    listed = [_part("table_listed", "国有资本经营预算财政拨款支出决算表", 20, 8,
                    declared_empty=True, empty_reason="本部门不涉及故公开空表")]
    zero = [tp("total", 373, budget=0.0, actual=0.0)]
    # nothing stated: the blank “三公” table only lacks its 空表说明; table 08's is in the list
    found = _run("NARR-EMPTY-TABLE", parts=parts[:1] + parts[2:] + listed, three_public=zero)
    assert [(f["src_line"], f["severity"]) for f in found] == [(258, "warning")]


def test_listed_table_missing_from_a_body_that_prints_the_others():
    contents = [_part("table_listed", "收入决算表", 9, 2), _part("table_listed", "支出决算表", 10, 3),
                _part("table_listed", "相关信息统计表", 11, 10)]
    body = [_part("table", "收入决算表", 127, 2, has_data=True)]
    found = _run("COMP-LISTED-ONLY", parts=contents + body)
    assert [(f["src_line"], f["subject"]) for f in found] == [(10, "支出决算表")]
    assert _run("COMP-LISTED-ONLY", parts=contents) == []  # the text carries no tables at all


def test_doubled_punctuation_is_a_note():
    found = _run("ID-PUNCT", **{LINES: _lines("国有资本经营预算财政拨款。。", "合计。")})
    assert [(f["src_line"], f["severity"]) for f in found] == [(1, "info")]


def test_joined_maps_every_character_to_its_line():
    text, where = joined([(5, "年初预算为 1560.05"), (6, " 万元")])
    assert text == "年初预算为1560.05万元"
    assert where[text.index("万")] == 6 and where[0] == 5


def test_cross_table_identities():
    from tests.checks.rules.builders import tot
    rows = [tot("expenditure_current_year", 2940.05, 113, "table", "公开01表"),
            tot("fiscal_expenditure_current_year", 2940.06, 197, "table", "公开04表"),  # 尾差
            tot("gpb_expenditure_actual", 2950.00, 228, "table", "公开05表")]
    found = _run("SUM-TABLES", totals=rows)
    assert [(f["src_lines"], f["stated"], f["expected"]) for f in found] == [
        ("197,228", 2950.0, 2940.06)]
    # no fund or state-capital spending (both tables blank): table 04 spends table 05's total
    blank = [_part("table", "政府性基金预算财政拨款收入支出决算表", 264, 7, has_data=False),
             _part("table", "国有资本经营预算财政拨款支出决算表", 271, 8, has_data=False)]
    rows[2] = tot("gpb_expenditure_actual", 2900.00, 228, "table", "公开05表")
    found = _run("SUM-TABLES", totals=rows, parts=blank)
    assert [f["src_lines"] for f in found] == ["197,228"]
    assert _run("SUM-TABLES", totals=rows, parts=blank[:1]) == []
    rows[2] = tot("gpb_expenditure_actual", 2940.05, 228, "table", "公开05表")
    assert _run("SUM-TABLES", totals=rows, parts=blank) == []


def test_classification_codes():
    from tests.checks.rules.builders import bl
    t05 = "table_gpb_expenditure"
    lines = [bl(t05, "class", 10, "201", class_name="一般公共服务支出"),
             bl(t05, "section", 11, "20106", section_name="财政事务"),
             bl(t05, "item", 12, "2010601", item_name="行政运行"),
             bl(t05, "item", 13, "2010302", item_name="一般行政管理事务"),  # 款 20103 not printed
             bl(t05, "section", 14, "2081", section_name="行政事业单位养老支出"),  # 4 digits
             bl("narrative_gpb", "item", 30, "2050101", item_name="行政运行")]  # narrative: skipped
    econ = [{"doc_id": DOC, "econ_code": c, "econ_name": n, "level": lv, "src_line": ln}
            for c, n, lv, ln in (("301", "工资福利支出", "class", 40), ("30101", "基本工资", "item", 41),
                                 ("30201", "办公费", "item", 42), ("305", "某类", "class", 43))]
    found = _run("CODE-CLASS", budget_lines=lines, economic_lines=econ)
    assert [(f["src_line"], f["subject"]) for f in found] == [
        (13, "code 2010302"), (14, "code 2081"), (42, "code 30201"), (43, "code 305")]
    assert _run("CODE-CLASS", budget_lines=lines[:3], economic_lines=econ[:2]) == []


def test_year_on_year_change_needs_a_reason():
    from tests.checks.rules.builders import tot
    text = _lines("收入支出总计2995.39万元。与2023年度相比，减少56.95万元，下降1.87%。主",  # 1
                  "要原因：人员进出及退休变化。",
                  "二、收入决算情况说明",  # 3: a heading
                  "财政拨款支出2940.05万元，与上年相比增加20.00万元。",  # 4
                  "三、支出决算情况说明",  # 5
                  "主要原因：新增项目。",
                  "机关运行经费184.65万元，比上年持平。")  # 7: no change
    rows = [tot("expenditure_total_yoy_change", -56.95, 1),
            tot("gpb_expenditure_actual_yoy_change", 20.0, 4),
            tot("income_total_yoy_change", 0.0, 7)]
    heads = [_part("heading", "二、收入决算情况说明", 3), _part("heading", "三、支出决算情况说明", 5)]
    found = _run("NARR-YOY-REASON", totals=rows, parts=heads, **{LINES: text})
    assert [(f["src_line"], f["severity"]) for f in found] == [(4, "warning")]


def test_a_truncated_percentage_is_a_note_a_wrong_one_an_error():
    from tests.checks.rules.builders import bl, tot
    # putuo-social-work-2024 p.18: 住房保障支出 29.42 of 307.82 = 9.557%, printed 占9.55%
    rows = [bl("narrative_gpb", "class", 286, class_name="住房保障支出", actual=29.42,
               share_stated=9.55)]
    found = _run("PCT-FUNC", budget_lines=rows,
                 totals=[tot("gpb_expenditure_actual", 307.82, 283)])
    assert [(f["severity"], f["src_line"]) for f in found] == [("info", 286)]
    assert "截断" in found[0]["message_zh"]
    rows[0]["share_stated"] = 9.45
    found = _run("PCT-FUNC", budget_lines=rows,
                 totals=[tot("gpb_expenditure_actual", 307.82, 283)])
    assert [f["severity"] for f in found] == ["error"]
    rows[0]["share_stated"] = 9.56
    assert _run("PCT-FUNC", budget_lines=rows,
                totals=[tot("gpb_expenditure_actual", 307.82, 283)]) == []


def test_a_figure_ten_thousand_times_another_is_named_a_unit_slip():
    from juesuan.checks.rules.common import yuan_for_wanyuan
    from tests.checks.rules.builders import tot
    rows = [tot("income_total", 2995.39, 116, "table", "公开01表"),
            tot("income_total", 29953900.0, 297)]  # the narrative printed 元 under 万元
    (f,) = _run("DUP-TOTALS", totals=rows)
    assert "第297行疑按元填写而标为万元" in f["message_zh"]
    assert yuan_for_wanyuan(184.65, 1846500.0) and not yuan_for_wanyuan(184.65, 1846.5)
    rows[1] = tot("income_total", 2995.00, 297)
    (f,) = _run("DUP-TOTALS", totals=rows)
    assert "一万倍" not in f["message_zh"]
