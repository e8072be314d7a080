"""perf_cells: performance tables printed one cell per line.

Excerpts of 千阳县人社局 2024 (000) and 渠县城乡居民社会养老保险管理局 2023 (001), copied
verbatim under tests/fixtures/perf_cells/ (`_p<first line>_` in the name, so line numbers
below are those of the source document), and the two whole documents. Expected values
were read off the text by eye.
"""

from __future__ import annotations

from functools import cache

import pytest

from juesuan.ingest.perf_cells import extract
from juesuan.text import Line, number_tokens
from tests.conftest import DOCS, excerpt, raw_document

QIANYANG = DOCS["qianyang-hrss-2024"]
QUXIAN = DOCS["quxian-rural-pension-2023"]


@cache
def parsed(name: str):
    return extract(raw_document(name))


def one(name: str):
    evaluations, problems = extract(excerpt(f"perf_cells/{name}"))
    assert problems == []
    assert len(evaluations) == 1
    return evaluations[0]


def rows(evaluation, *cols):
    return [tuple(ind[c] for c in cols) for ind in evaluation.indicators]


# --------------------------------------------------------------------------- 000 department

DEPT_000 = [  # level1, points, level2, level3, target, actual, weight, score, line
    ("产出指标", 50, "数量指标", "参保人员等", "100%", "100%", 10, 10, 586),
    ("产出指标", 50, "质量指标", "按标准执行", "100%", "100%", 10, 10, 588),
    ("产出指标", 50, "时效指标", "按时限完成全年工作任务", "100%", "100%", 10, 10, 590),
    ("产出指标", 50, "成本指标", "完成全年预算", "2209.18万元", "2209.18万元", 10, 10, 592),
    ("效益指标", 30, "经济效益指标", "带动县域经济发展", "明显提升", "明显提升", 10, 8, 600),
    ("效益指标", 30, "社会效益指标", "支持鼓励就业创业，保稳定", "促就业", "保持稳定", 10, 8, 602),
    ("效益指标", 30, "生态效益指标", "确保各类资金及基金的安全", "达标", "达标", 10, 10, 604),
    ("效益指标", 30, "可持续影响指标", "人民群众的获得感", "明显提升", "明显提升", 10, 10, 606),
    ("满意度指标", 10, "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", 10, 10, 617),
]
IND_COLS = ("level1", "level1_points_stated", "level2", "level3", "target", "actual", "weight",
            "score", "src_line")


def test_department_table_fields():
    f = one("qianyang_2024_p424_department.txt").fields
    assert f["scope"] == "department_overall"
    assert f["template"] == "department_overall"
    assert f["project_name"] == "千阳县人力资源和社会保障局"
    assert f["src_line"] == 424
    assert f["amount_unit"] == "万元"
    # 金额合计 2209.18 2209.18 2209.18 10 100% (no 得分 printed)
    assert (f["budget_full_year"], f["budget_full_year_src_line"]) == (2209.18, 513)
    assert (f["executed"], f["executed_src_line"]) == (2209.18, 513)
    assert (f["funds_weight"], f["funds_weight_src_line"]) == (10, 513)
    assert (f["execution_rate"], f["execution_rate_src_line"]) == (100, 513)
    assert f["funds_score"] is None and f["budget_initial"] is None
    assert (f["score"], f["score_src_line"], f["score_source_kind"]) == (96, 619, "table")
    assert f["grade"] is None


def test_department_table_indicators():
    ev = one("qianyang_2024_p424_department.txt")
    assert rows(ev, *IND_COLS) == DEPT_000
    assert {i["row_kind"] for i in ev.indicators} == {"indicator"}
    assert all(i["nature"] is None and i["deviation_reason"] is None for i in ev.indicators)


def test_department_table_points_lines():
    """`产出指\n标\n（50分）` → L584; `效益指\n标（30\n分）` → L596, where the 30 is printed;
    `满意度\n指标\n（10分）` → L612. Every row under a label carries its line."""
    ev = one("qianyang_2024_p424_department.txt")
    assert rows(ev, "src_line", "level1_points_stated", "level1_points_stated_src_line") == [
        (586, 50, 584), (588, 50, 584), (590, 50, 584), (592, 50, 584),
        (600, 30, 596), (602, 30, 596), (604, 30, 596), (606, 30, 596), (617, 10, 612)]


# --------------------------------------------------------------------------- 000 project

PROJECT_000 = [  # level1, points, level2, level3, target, actual, weight, score, line
    ("产出指标", 50, "数量指标", "享受社会保险补贴人员数量", "≥50 人", "≥50 人", 4.17, 4.17, 748),
    ("产出指标", 50, "数量指标", "享受公益性岗位补贴人员数量", "≥400人", "≥400人", 4.17, 4.17, 753),
    ("产出指标", 50, "数量指标", "享受求职补贴人员数量", "≥90 人", "≥90 人", 4.16, 4.16, 758),
    ("产出指标", 50, "质量指标", "社会保险补贴发放准确率", "≥95%", "≥95%", 4.17, 4.17, 765),
    ("产出指标", 50, "质量指标", "公益性岗位补贴发放准确率", "≥95%", "≥95%", 4.17, 4.17, 770),
    ("产出指标", 50, "质量指标", "求职创业补贴发放准确率", "≥95%", "≥95%", 4.16, 4.16, 775),
    ("产出指标", 50, "时效指标", "资金在规定时间内下达", "≥95%", "≥95%", 6.25, 6.25, 782),
    ("产出指标", 50, "时效指标", "补贴资金在规定时间内支付到位。", "≥95%", "≥95%", 6.25, 6.25, 787),
    ("产出指标", 50, "成本指标", "各类指标均符合政策规定标准。", "符合", "符合", 12.5, 12.5, 793),
    ("效益指标", 30, "社会效益指标", "鼓励支持城乡富余劳动力就业创业，落实各项就业惠民政策。",
     "按核定事实", "按核定事实", 15, 14, 816),
    ("效益指标", 30, "可持续影响指标", "促就业，保稳定", "持续", "持续", 15, 15, 821),
    ("满意度指标", 10, "服务对象满意度指标", "提升广大城乡劳动力和受益企业的满意度", "≥95%", "≥95%",
     10, 10, 838),
]


def test_project_table_fields():
    f = one("qianyang_2024_p645_project.txt").fields
    assert f["scope"] == "project"
    assert f["template"] == "national"
    assert f["src_line"] == 645
    assert f["project_name"] == "就业补助资金"
    assert f["supervising_dept"] == "千阳县人力资源和社会保障局"
    assert f["implementing_unit"] == "千阳县劳动就业服务中心"  # spilled over lines 651–653
    assert f["amount_unit"] == "万元"
    # 年度资金总额 554.91 554.91 10 100% 10: no 年初预算数 printed
    assert f["budget_initial"] is None
    assert (f["budget_full_year"], f["budget_full_year_src_line"]) == (554.91, 674)
    assert (f["executed"], f["executed_src_line"]) == (554.91, 674)
    assert (f["funds_weight"], f["execution_rate"], f["funds_score"]) == (10, 100, 10)
    assert f["funds_score_src_line"] == f["execution_rate_src_line"] == 674
    assert (f["score"], f["score_src_line"], f["score_source_kind"]) == (99, 840, "table")


@pytest.mark.parametrize("source", ["fixture", "document"])
def test_every_indicator_of_the_project_table(source):
    if source == "fixture":
        ev = one("qianyang_2024_p645_project.txt")
    else:
        ev = parsed(QIANYANG)[0][1]
    assert rows(ev, *IND_COLS) == PROJECT_000


def test_project_table_points_lines():
    """`产出指标\n（50分）` L739/741, `效益指标\n（30分）` L795/797, `满意度\n指标\n（10分）` L827."""
    ev = one("qianyang_2024_p645_project.txt")
    assert rows(ev, "level1_points_stated_src_line") == [
        (741,)] * 9 + [(797,)] * 2 + [(827,)]


def test_cells_spilled_before_a_bare_value_line():
    """`按核定\\n事实` twice, then `15 14`: name, target and actual from the fragments."""
    ev = one("qianyang_2024_p645_project.txt")
    row = next(i for i in ev.indicators if i["src_line"] == 816)
    assert (row["target_src_line"], row["actual_src_line"]) == (810, 813)
    assert row["weight_src_line"] is None and row["score_src_line"] is None


# --------------------------------------------------------------------------- 000 key evaluation


def test_key_report_score_table():
    ev = one("qianyang_2024_p974_key_report.txt")
    f = ev.fields
    assert (ev.scope, f["template"]) == ("key_evaluation", "key_report")
    assert f["project_name"] == "2024年度基础养老金项目"  # from the report title, line 974
    assert f["src_line"] == 1324  # the table's own title 报告绩效指标评分表, not L1322 above it
    assert (f["score"], f["score_src_line"], f["score_source_kind"]) == (90, 1336, "table")
    assert rows(ev, "row_kind", "level1", "weight", "score", "src_line") == [
        ("level1_total", "决策指标", 17, 16, 1328),
        ("level1_total", "过程指标", 23, 21, 1330),
        ("level1_total", "产出指标", 32, 31, 1332),
        ("level1_total", "效益指标", 28, 22, 1334),
    ]


# --------------------------------------------------------------------------- 001 Sichuan


def test_sichuan_department_table():
    ev = one("quxian_2023_p845_department.txt")
    f = ev.fields
    assert (ev.scope, f["template"], f["src_line"]) == ("department_overall", "sichuan", 845)
    assert f["project_name"] == "渠县城乡居民社会养老保险管理局"
    assert (f["budget_full_year"], f["budget_full_year_src_line"]) == (568.27, 860)
    assert f["amount_unit"] == "万元"
    assert f["score"] is None and f["executed"] is None  # the table has no score column
    assert len(ev.indicators) == 19
    assert all(i["weight"] == 5 and i["score"] is None for i in ev.indicators)
    assert all(i["actual"] for i in ev.indicators)  # every spilled actual found its row


@pytest.mark.parametrize("line, level1, level2, level3, nature, target, unit, actual, actual_line", [
    (937, "产出指标", "数量指标", "金保工程网络运行日常维护完成率", "＝", "100", "%", "100%", None),
    (965, "产出指标", "时效指标", "及时完成金保工程网络运行日常维护", "定性", "及时", None,
     "达到那了目标值", 967),
    (974, "产出指标", "时效指标", "及时完成农保征缴任务和养老金发放任务", "定性", "及时", None,
     "达到那了目标值", 976),
    (980, "产出指标", "时效指标", "及时完成单位日常事务", "定性", "及时", None, "达到那了目标值", 981),
    (992, "效益指标", "社会效益指标", "办事及时便捷", "定性", "有效", None, "达到那了目标值", 993),
    (1019, "效益指标", "可持续影响指标", "构筑多层次的社会保障体系", "定性", "有效", None,
     "达到那了目标值", 1021),
    (1028, "效益指标", "可持续影响指标", "提升人民群众的获得感、幸福感", "定性", "提升", None,
     "达到那了目标值", 1030),
    (1041, "满意度指标", "满意度指标", "服务对象满意率", "≥", "90", "%", "90%", None),
    (1051, "成本指标", "经济成本指标", "人员经费", "≤", "12426.736", "万元", "12426.736 万元", 1052),
    (1058, "成本指标", "经济成本指标", "项目成本", "≤", "426.73", "万元", "426.73 万元", None),
])
def test_sichuan_department_rows(line, level1, level2, level3, nature, target, unit, actual,
                                 actual_line):
    ev = one("quxian_2023_p845_department.txt")
    row = next(i for i in ev.indicators if i["src_line"] == line)
    assert (row["level1"], row["level2"], row["level3"]) == (level1, level2, level3)
    assert (row["nature"], row["target"], row["measure_unit"]) == (nature, target, unit)
    assert (row["actual"], row["actual_src_line"]) == (actual, actual_line)
    assert row["level1_points_stated"] is None and row["level1_points_stated_src_line"] is None


def test_sichuan_project_table():
    ev = one("quxian_2023_p1247_report_project.txt")
    f = ev.fields
    assert (ev.scope, f["template"], f["src_line"]) == ("project", "sichuan", 1267)
    assert f["project_name"] == "2023 年省级财政困难群众养老保险代缴资金"
    assert f["implementing_unit"] == "渠县城乡居民社会养老保险管理局"
    assert (f["budget_full_year"], f["budget_full_year_src_line"]) == (193.92, 1311)
    assert f["amount_unit"] == "万元"
    assert f["score"] is None  # stated only in the report's narrative (perf_narrative)
    assert rows(ev, "level1", "level2", "level3", "nature", "target", "measure_unit", "weight",
                "actual", "src_line") == [
        ("产出指标", "数量指标", "代缴困难群众养老保险人数", "＝", "14500", "人", 15, "14500 人", 1347),
        ("产出指标", "质量指标", "代缴资金到位率", "＝", "100", "%", 15, "100%", 1353),
        ("产出指标", "时效指标", "资金拨付及时率", "＝", "100", "%", 15, "100%", 1359),
        ("效益指标", "社会效益指标", "维护社会稳定", "定性", "有效", None, 10, "达到了目标值", 1370),
        ("效益指标", "可持续影响指标", "促进城乡居民养老保险可持续发展", "定性", "有效", None, 10,
         "达到了目标值", 1382),
        ("满意度指标", "服务对象满意度指标", "困难群众满意度", "≥", "95", "%", 10, "95%", 1395),
        ("成本指标", "社会成本指标", "代缴困难群众养老保险补助资金", "＝", "193.92", "万元", 15,
         "193.92 万元", 1408),
    ]


# --------------------------------------------------------------------------- whole documents


def test_counts_and_no_problems():
    for name, scopes in ((QIANYANG, ["department_overall", "project", "key_evaluation"]),
                         (QUXIAN, ["department_overall"] + ["project"] * 4)):
        evaluations, problems = parsed(name)
        assert [e.scope for e in evaluations] == scopes
        assert [e.fields["scope"] for e in evaluations] == scopes
        assert problems == []


def test_document_order_and_title_lines():
    assert [e.src_line for e in parsed(QIANYANG)[0]] == [424, 645, 1324]
    assert [e.src_line for e in parsed(QUXIAN)[0]] == [845, 1267, 1607, 1945, 2263]


def test_scores_as_printed():
    assert [e.fields["score"] for e in parsed(QIANYANG)[0]] == [96, 99, 90]
    assert [e.fields["score_src_line"] for e in parsed(QIANYANG)[0]] == [619, 840, 1336]
    assert [e.fields["score"] for e in parsed(QUXIAN)[0]] == [None] * 5  # no score column


def test_funds_blocks():
    dept, project, key = (e.fields for e in parsed(QIANYANG)[0])
    assert (dept["budget_full_year"], dept["executed"], dept["funds_weight"],
            dept["execution_rate"], dept["funds_score"]) == (2209.18, 2209.18, 10, 100, None)
    assert (project["budget_initial"], project["budget_full_year"], project["executed"],
            project["funds_weight"], project["execution_rate"], project["funds_score"]) == (
        None, 554.91, 554.91, 10, 100, 10)
    assert key["budget_full_year"] is None and key["executed"] is None
    quxian = [e.fields for e in parsed(QUXIAN)[0]]
    assert [(f["budget_full_year"], f["budget_full_year_src_line"]) for f in quxian] == [
        (568.27, 860), (193.92, 1311), (155, 1651), (60, 1987), (6.84, 2300)]
    assert all(f["executed"] is None and f["funds_weight"] is None for f in quxian)


def test_names_001():
    assert [(e.fields["project_name"], e.fields["implementing_unit"])
            for e in parsed(QUXIAN)[0]] == [
        ("渠县城乡居民社会养老保险管理局", None),
        ("2023 年省级财政困难群众养老保险代缴资金", "渠县城乡居民社会养老保险管理局"),
        ("2023 年困难群众参保财政代缴部分项目", "渠县城乡居民社会养老保险管理局"),
        ("2023 年渠县城乡居保网络专项经费", "渠县城乡居民社会养老保险管理局"),
        ("城乡居民养老保险工作经费", "渠县城乡居民社会养老保险管理局"),
    ]


def test_indicator_counts_and_weights():
    """Counts per table, and the weights as printed summed (a missing row would show)."""
    q = parsed(QIANYANG)[0]
    assert [len(e.indicators) for e in q] == [9, 12, 4]
    assert [round(sum(i["weight"] for i in e.indicators), 2) for e in q] == [90, 90, 100]
    assert [round(sum(i["score"] for i in e.indicators), 2) for e in q] == [86, 89, 90]
    x = parsed(QUXIAN)[0]
    assert [len(e.indicators) for e in x] == [19, 7, 7, 7, 9]
    assert [sum(i["weight"] for i in e.indicators) for e in x] == [95, 90, 90, 90, 90]


def test_quxian_network_project_as_printed():
    """`≥ 12 次 15 98%`: a count target with a percentage actual, kept as printed."""
    ev = parsed(QUXIAN)[0][3]
    row = ev.indicators[0]
    assert (row["level3"], row["nature"], row["target"], row["measure_unit"], row["weight"],
            row["actual"]) == ("网络维护次数", "≥", "12", "次", 15, "98%")


NUMERIC_EVAL = ("budget_initial", "budget_full_year", "executed", "execution_rate",
                "funds_weight", "funds_score", "score")


@pytest.mark.parametrize("name", [QIANYANG, QUXIAN])
def test_provenance(name):
    """Every number output is printed on the line it names."""
    text = {line.no: line.text for line in raw_document(name)}
    checked = 0
    for ev in parsed(name)[0]:
        f = ev.fields
        for col in NUMERIC_EVAL:
            if f[col] is not None:
                line = f[f"{col}_src_line"] or f["src_line"]
                assert f[col] in number_tokens(text[line]), (col, f[col], line)
                checked += 1
        for ind in ev.indicators:
            for col in ("weight", "score"):
                if ind[col] is not None:
                    line = ind[f"{col}_src_line"] or ind["src_line"]
                    assert ind[col] in number_tokens(text[line]), (col, ind, line)
                    checked += 1
            for col in ("target", "actual"):
                if ind[col] is not None and number_tokens(ind[col]):
                    line = ind[f"{col}_src_line"] or ind["src_line"]
                    assert set(number_tokens(ind[col])) <= set(number_tokens(text[line]))
                    checked += 1
            points, line = ind["level1_points_stated"], ind["level1_points_stated_src_line"]
            assert (points is None) == (line is None), ind
            if points is not None:
                assert points in number_tokens(text[line]), (ind, line)
                checked += 1
    assert checked > 50


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("name", ["003_df651f07c846b8e4.txt", "004_0c64700254d9a193.txt"])
def test_tab_tables_are_left_alone(name):
    assert extract(raw_document(name)) == ([], [])


def test_a_title_with_tab_rows_is_ignored():
    lines = [Line(1, "某某项目绩效自评表"), Line(2, "(2023 年度)"),
             Line(3, "项目名称\t\t某某项目"), Line(4, "一级指标\t二级指标\t三级指标\t分值\t得分")]
    assert extract(lines) == ([], [])


def test_key_score_table_without_title_is_anchored_on_its_header_row():
    lines = [Line(1, "某某项目绩效评价报告"), Line(2, ""), Line(3, "评分情况详见下表。"),
             Line(4, "一级指标 分值 得分 得分率"), Line(5, "决策指标 20 17 85%"),
             Line(6, "产出指标 80 75 93.75%"), Line(7, "合计 100 92 92%")]
    evaluations, problems = extract(lines)
    assert problems == [] and len(evaluations) == 1
    f = evaluations[0].fields
    assert (f["project_name"], f["src_line"], f["score"], f["score_src_line"]) == (
        "某某项目", 4, 92, 7)


def test_a_sentence_naming_a_table_is_not_a_table():
    lines = [Line(1, "本部门整体支出绩效自评表"), Line(2, "详见下文。")]
    assert extract(lines) == ([], [])


def test_cut_table_is_reported_not_fatal():
    lines = raw_document(QIANYANG)[423:600]  # 424–600: the department table without its 总分
    evaluations, problems = extract(lines)
    assert len(evaluations) == 1 and len(evaluations[0].indicators) == 5
    assert problems and problems[0].part == 'performance table "千阳县人力资源和社会保障局部门整体支出绩效自评表"'
    assert problems[0].line == 424


def test_damaged_text_never_raises():
    lines = raw_document(QUXIAN)
    for start in range(840, 2400, 37):
        for drop in (0, 3, 7):
            cut = [ln for k, ln in enumerate(lines[start:start + 300]) if not drop or k % drop]
            evaluations, problems = extract(cut)
            assert all(e.fields["src_line"] for e in evaluations)
            assert all(p.part.startswith("performance table") for p in problems)
