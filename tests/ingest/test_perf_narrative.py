"""perf_narrative: scores, grades and budget execution stated in sentences.

Excerpts are under tests/fixtures/perf_cells/ (`_p<first line>_` in the name: line numbers
are those of the source document). For 003 and 004, whose tables are tab-separated and
parsed elsewhere, the evaluations are built by hand.
"""

from __future__ import annotations

from functools import cache

import pytest

from juesuan.ingest.common import Evaluation
from juesuan.ingest.perf_cells import extract
from juesuan.ingest.perf_narrative import attach_narrative
from juesuan.text import Line, number_tokens
from tests.conftest import DOCS, excerpt, raw_document

QIANYANG = DOCS["qianyang-hrss-2024"]
QUXIAN = DOCS["quxian-rural-pension-2023"]
FENYANG = DOCS["fenyang-social-insurance-2024"]
XIANYANG = DOCS["xianyang-hrss-2023"]
NARRATIVE = ("score_narrative", "grade_narrative", "budget_full_year_narrative",
             "executed_narrative", "execution_rate_narrative")


def ev(scope: str, name: str | None, line: int, **fields) -> Evaluation:
    return Evaluation(scope, {"scope": scope, "project_name": name, "src_line": line,
                              "score": None, "grade": None, **fields})


def stated(f: dict, col: str) -> tuple:
    return f[col], f[f"{col}_src_line"]


# --------------------------------------------------------------------------- fixtures


def test_department_statement_000():
    """根据年度设定的绩效目标，部门整体支出自评得分为 96 分，综合评价等级为“优”，全年预算数
    2209.18 万元，执行数 2209.18\\n万元，完成预算的 100%。"""
    table = ev("department_overall", "千阳县人力资源和社会保障局", 424, score=96.0,
               score_src_line=619, score_source_kind="table")
    lines = excerpt("perf_cells/qianyang_2024_p386_department_statement.txt")
    (out,), problems = attach_narrative([table], lines)
    f = out.fields
    assert problems == []
    assert stated(f, "score_narrative") == (96, 404)
    assert stated(f, "grade_narrative") == ("优", 406)
    assert stated(f, "budget_full_year_narrative") == (2209.18, 406)
    assert stated(f, "executed_narrative") == (2209.18, 406)
    assert stated(f, "execution_rate_narrative") == (100, 408)
    # the table printed the score; it printed no grade, so the narrative's is the grade
    assert (f["score"], f["score_src_line"], f["score_source_kind"]) == (96, 619, "table")
    assert (f["grade"], f["grade_src_line"]) == ("优", 406)


def test_project_summary_000():
    """1.就业补助资金项目绩效自评综述：全年预算数 554.91\\n万元，执行数 554.91万元，预算执行率为 100%"""
    table = ev("project", "就业补助资金", 645, score=99.0, score_source_kind="table")
    lines = excerpt("perf_cells/qianyang_2024_p623_project_summary.txt")
    (out,), problems = attach_narrative([table], lines + [Line(645, "就业补助资金项目绩效自评表")])
    f = out.fields
    assert problems == []
    assert stated(f, "budget_full_year_narrative") == (554.91, 631)
    assert stated(f, "executed_narrative") == (554.91, 633)
    assert stated(f, "execution_rate_narrative") == (100, 633)
    assert f["score_narrative"] is None and f["score"] == 99


def test_key_summary_without_table_becomes_an_evaluation():
    out, problems = attach_narrative([], excerpt("perf_cells/qianyang_2024_p848_key_summary.txt"))
    assert problems == []
    (key,) = out
    f = key.fields
    assert (key.scope, f["scope"], f["template"]) == ("key_evaluation", "key_evaluation", None)
    assert f["project_name"] == "2024 年度基础养老金项目"
    assert f["src_line"] == 854
    assert (f["score"], f["score_src_line"], f["score_source_kind"]) == (90, 854, "narrative")
    assert (f["grade"], f["grade_src_line"]) == ("A", 856)
    assert stated(f, "score_narrative") == (90, 854)


def test_sichuan_report_precedes_its_table():
    """The report's conclusion (项目绩效\\n自评得分 100 分) belongs to the 附表 right after it."""
    lines = excerpt("perf_cells/quxian_2023_p1247_report_project.txt")
    tables, _ = extract(lines)
    (out,), problems = attach_narrative(tables, lines)
    f = out.fields
    assert problems == []
    assert (f["score"], f["score_src_line"], f["score_source_kind"]) == (100, 1257, "narrative")
    assert stated(f, "score_narrative") == (100, 1257)
    assert f["grade"] is None and f["grade_narrative"] is None
    assert out.indicators == tables[0].indicators


def test_sichuan_summary_by_name_and_department():
    lines = excerpt("perf_cells/quxian_2023_p285_summary.txt")
    dept = ev("department_overall", "渠县城乡居民社会养老保险管理局", 845)
    project = ev("project", "2023 年省级财政困难群众养老保险代缴资金", 1267)
    other = ev("project", "城乡居民养老保险工作经费", 2263)
    out, problems = attach_narrative([dept, project, other], lines)
    assert problems == []
    assert stated(out[0].fields, "score_narrative") == (95.91, 295)
    assert stated(out[1].fields, "score_narrative") == (100, 309)
    assert out[2].fields.get("score_narrative") is None


def test_department_statement_004():
    """部门整体支出自评得94分，全年预算数9099.99万元，执行数8980.21万元，完成预算的98.68%"""
    dept = ev("department_overall", "咸阳市人力资源和社会保障局", 354, score=94.0)
    (out,), problems = attach_narrative(
        [dept], excerpt("perf_cells/xianyang_2023_p340_department_statement.txt"))
    f = out.fields
    assert problems == []
    assert [stated(f, c) for c in NARRATIVE] == [
        (94, 344), (None, None), (9099.99, 344), (8980.21, 344), (98.68, 344)]


def test_summary_heading_on_its_own_line_004():
    """`18. 2023年养老保险工作补助经费项目绩效自评综述：` ends its line; the figures follow."""
    table = ev("project", "养老保险工作补助经费", 914)
    lines = excerpt("perf_cells/xianyang_2023_p903_summary_split.txt")
    (out,), problems = attach_narrative([table], lines)
    assert problems == []
    assert [stated(out.fields, c) for c in NARRATIVE[2:]] == [
        (28.87, 906), (28.19, 906), (97.64, 906)]


def test_key_summaries_004():
    lines = excerpt("perf_cells/xianyang_2023_p1217_key_summaries.txt")
    out, problems = attach_narrative([], lines)
    assert problems == []
    assert [(e.fields["project_name"], e.fields["score"], e.fields["grade"], e.fields["src_line"])
            for e in out] == [("企业军转干部生活困难补助资金", 91, "A", 1219),
                              ("2023 年就业专项资金", 91.27, "A", 1225)]


# --------------------------------------------------------------------------- whole documents


@cache
def attached(name: str):
    tables, _ = extract(raw_document(name))
    return attach_narrative(tables, raw_document(name))


def test_000_whole_document():
    (dept, project, key), problems = attached(QIANYANG)
    assert [stated(dept.fields, c) for c in NARRATIVE] == [
        (96, 404), ("优", 406), (2209.18, 406), (2209.18, 406), (100, 408)]
    assert [stated(project.fields, c) for c in NARRATIVE] == [
        (None, None), (None, None), (554.91, 631), (554.91, 633), (100, 633)]
    k = key.fields
    assert (k["score"], k["score_source_kind"], k["src_line"]) == (90, "table", 1324)
    assert stated(k, "score_narrative") == (90, 854)
    # 854–856 says “A”; the report itself (1318–1320) says “优”: kept first, reported
    assert stated(k, "grade_narrative") == ("A", 856)
    assert (k["grade"], k["grade_src_line"]) == ("A", 856)
    assert [(p.line, p.severity) for p in problems] == [(1320, "warning")]
    assert "优" in problems[0].message and "856" in problems[0].message


def test_001_whole_document_scores():
    evaluations, problems = attached(QUXIAN)
    assert problems == []
    assert [(e.fields["score"], e.fields["score_src_line"], e.fields["score_source_kind"])
            for e in evaluations] == [
        (95.91, 295, "narrative"), (100, 309, "narrative"), (100, 1597, "narrative"),
        (97, 1930, "narrative"), (97, 1930 + 322, "narrative")]
    assert [(e.fields["grade"], e.fields["grade_src_line"]) for e in evaluations] == [
        ("优", 837), (None, None), ("优", 1597), ("优", 1930), ("优", 2252)]


XIANYANG_PROJECTS = [  # title line, 项目名称 as printed in the tab table
    (397, "人社事务工作经费"), (428, "ys 人事人才考试及职称评审工作经费"), (458, "人事人才工作经费"),
    (488, "就业工作经费"), (519, "履职专项业务费"), (550, "就业创业资金"), (584, "人才引进工作经费"),
    (612, "创业担保贷款奖补资金"), (640, "就业补助资金专项业务经费"), (671, "公共就业工作经费"),
    (701, "单位履职专项业务费"), (730, "失业工伤保险管理经费"), (760, "培训专项绩效自评表"),
    (789, "就业创业服务专项绩效自评表"), (818, "企业军转干部解困专项绩效自评表"),
    (847, "履职专项业务经费"), (880, "城乡居民养老保险工作经费"), (914, "养老保险工作补助经费"),
    (943, "专项履职业务经费项目"), (972, "专业技术鉴定工作经费"), (1005, "就业补助资金"),
    (1035, "技能鉴定专项资金"), (1062, "职业技能提升资金"), (1088, "劳动能力鉴定业务工作经费"),
    (1119, "人事考试业务经费"), (1148, "社保卡工作经费"), (1181, "信息化建设项目"),
]


def xianyang(with_keys: bool) -> list[Evaluation]:
    evaluations = [ev("department_overall", "咸阳市人力资源和社会保障局", 354, score=94.0)]
    evaluations += [ev("project", name, line) for line, name in XIANYANG_PROJECTS]
    if with_keys:
        evaluations += [ev("key_evaluation", "企业军转干部生活困难补助资金", 1629, score=91.0,
                           grade="优"),
                        ev("key_evaluation", "2023年就业专项资金", 1747, score=91.27, grade="优")]
    return evaluations


def test_004_every_project_summary_finds_its_table():
    out, problems = attach_narrative(xianyang(with_keys=True), raw_document(XIANYANG))
    projects = [e.fields for e in out if e.scope == "project"]
    assert len(projects) == 27
    assert all(f["budget_full_year_narrative"] is not None for f in projects)
    by_name = {f["project_name"]: f for f in projects}
    # same words, different tables: exact names win over containment
    assert stated(by_name["就业补助资金"], "budget_full_year_narrative") == (770, 1001)
    assert stated(by_name["就业补助资金专项业务经费"], "budget_full_year_narrative") == (2480, 636)
    assert stated(by_name["履职专项业务费"], "executed_narrative") == (85, 515)
    assert stated(by_name["单位履职专项业务费"], "executed_narrative") == (288.2, 697)
    assert stated(by_name["履职专项业务经费"], "executed_narrative") == (84.91, 843)
    # names that differ (就业创业服务经费 / …专项; 人事考试工作业务 / …业务经费): by position
    assert stated(by_name["就业创业服务专项绩效自评表"], "score_narrative") == (100, 785)
    assert stated(by_name["人事考试业务经费"], "budget_full_year_narrative") == (10, 1113)
    assert stated(by_name["培训专项绩效自评表"], "executed_narrative") == (14.84, 756)
    assert stated(by_name["劳动能力鉴定业务工作经费"], "execution_rate_narrative") == (100.22, 1084)
    # where the table has no score the narrative's is used (here the tables are bare)
    assert (by_name["失业工伤保险管理经费"]["score"],
            by_name["失业工伤保险管理经费"]["score_source_kind"]) == (100, "narrative")
    # the keys: table grade 优 kept, the summary's “A” recorded, the report's 优 reported
    keys = [e.fields for e in out if e.scope == "key_evaluation"]
    assert [(k["score"], k["grade"], k["score_narrative"], k["grade_narrative"]) for k in keys] == [
        (91, "优", 91, "A"), (91.27, "优", 91.27, "A")]
    assert [p.line for p in problems] == [1653, 1830]


def test_004_keys_only_in_the_narrative():
    out, problems = attach_narrative(xianyang(with_keys=False), raw_document(XIANYANG))
    keys = [e for e in out if e.scope == "key_evaluation"]
    assert [(k.fields["project_name"], k.fields["src_line"], k.fields["template"],
             k.fields["score_source_kind"]) for k in keys] == [
        ("企业军转干部生活困难补助资金", 1219, None, "narrative"),
        ("2023 年就业专项资金", 1225, None, "narrative")]
    assert [e.src_line for e in out] == sorted(e.src_line for e in out)
    assert [p.line for p in problems] == [1653, 1830]  # report says 优, summary “A”


def test_004_key_report_states_its_funds():
    """In the report 企业军转干部生活困难补助资金 绩效评价报告 (title on line 1629), two
    sentences state the funds alone: line 1637 '…项目全年预算2405528.08元，执行2395450.20元，
    完成预算99.58%。' and line 1680 '1. 资金管理。项目全年预算2405528.08元,执行2395450.20元,
    完成预算的99.58%。'. Both belong to the report's evaluation; the first stated is kept, the
    second agrees (no problem). The amounts are in 元, as printed."""
    out, problems = attach_narrative(xianyang(with_keys=True), raw_document(XIANYANG))
    k1, k2 = (e.fields for e in out if e.scope == "key_evaluation")
    assert k1["project_name"] == "企业军转干部生活困难补助资金"
    assert stated(k1, "budget_full_year_narrative") == (2405528.08, 1637)
    assert stated(k1, "executed_narrative") == (2395450.20, 1637)
    assert stated(k1, "execution_rate_narrative") == (99.58, 1637)
    assert k1["amount_unit_narrative"] == "元"
    # the other report states no such sentence
    assert [k2[c] for c in NARRATIVE[2:]] == [None, None, None]
    assert [p.line for p in problems] == [1653, 1830]  # (the grades, as before)


def test_key_report_funds_sentence_alone():
    """Line 1680 of 004 on its own under its report title: '完成预算的99.58%' wording."""
    doc = {line.no: line for line in raw_document(XIANYANG)}
    lines = [doc[1629], doc[1678], doc[1680]]  # title, （二）项目过程情况, the sentence
    key = ev("key_evaluation", "企业军转干部生活困难补助资金", 1655, score=91.0)
    (out,), problems = attach_narrative([key], lines)
    f = out.fields
    assert problems == []
    assert [stated(f, c) for c in NARRATIVE[2:]] == [(2405528.08, 1680), (2395450.20, 1680),
                                                      (99.58, 1680)]
    assert f["amount_unit_narrative"] == "元"


def test_funds_sentence_outside_a_report_is_no_statement():
    """The same sentence with no report title before it names no evaluation: not linked to
    the nearest table, and not reported as a statement that matches nothing."""
    lines = [Line(1, "项目全年预算2405528.08元,执行2395450.20元,完成预算的99.58%。")]
    table = ev("project", "某项目", 5)
    (out,), problems = attach_narrative([table], lines)
    assert problems == []
    assert all(out.fields[c] is None for c in NARRATIVE)
    assert out.fields["amount_unit_narrative"] is None


def test_003_states_no_single_evaluation():
    tables = [ev("project", "2023年城乡居民养老代办员补助", 526, score=100.0)]
    out, problems = attach_narrative(tables, raw_document(FENYANG))
    assert problems == []
    assert all(out[0].fields.get(c) is None for c in NARRATIVE)


def test_statement_without_a_table_is_a_problem():
    out, problems = attach_narrative([], raw_document(QIANYANG))
    assert [e.scope for e in out] == ["key_evaluation"]  # only the key may stand alone
    assert sorted(p.line for p in problems) == [404, 631, 1320]
    assert all(p.part == "performance narrative" and p.severity == "warning" for p in problems)


def test_input_is_not_modified():
    table = ev("project", "就业补助资金", 645)
    before = dict(table.fields)
    attach_narrative([table], raw_document(QIANYANG))
    assert table.fields == before


@pytest.mark.parametrize("name", [QIANYANG, QUXIAN, XIANYANG])
def test_narrative_provenance(name):
    text = {line.no: line.text for line in raw_document(name)}
    evaluations = attached(name)[0] if name != XIANYANG else attach_narrative(
        xianyang(with_keys=False), raw_document(name))[0]
    checked = 0
    for e in evaluations:
        for col in NARRATIVE:
            value = e.fields.get(col)
            if value is None:
                continue
            line = text[e.fields[f"{col}_src_line"]]
            assert (value in line) if isinstance(value, str) else (value in number_tokens(line))
            checked += 1
    assert checked >= 5
