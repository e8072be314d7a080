"""Performance tables printed tab-separated: excerpts of 汾阳 2024 and 咸阳 2023, then both
whole documents. Every expected value below was read by eye from the source text."""

from __future__ import annotations

import re

import pytest

from juesuan.ingest import perf_tabular
from juesuan.schema import PERF_EVALUATIONS, PERF_INDICATORS
from juesuan.text import Line, number_tokens
from tests.conftest import DOCS, fixture_lines, raw_document

FENYANG = DOCS["fenyang-social-insurance-2024"]
XIANYANG = DOCS["xianyang-hrss-2023"]


def _parse(name: str, first_line: int):
    return perf_tabular.extract(fixture_lines(f"perf_tabular/{name}", first_line))


def _doc(name: str):
    return perf_tabular.extract(raw_document(name))


def _pick(d: dict, *keys):
    return tuple(d.get(k) for k in keys)


def _row(ev, line: int) -> dict:
    rows = [i for i in ev.indicators if i["src_line"] == line]
    assert len(rows) == 1, f"expected one indicator on L{line}, got {rows}"
    return rows[0]


IND = ("level1", "level1_points_stated", "level2", "level3", "target", "target_adjusted",
       "actual", "weight", "score", "deviation_reason")
FUNDS = ("budget_initial", "budget_full_year", "executed", "execution_rate", "funds_weight",
         "funds_score")


# ------------------------------------------------------------------ fixture excerpts ---

def test_shanxi_table_with_shifted_cells():
    evs, problems = _parse("fenyang_2024_p558_shifted.txt", 558)
    assert not problems and len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert ev.scope == "project" and f["src_line"] == 558
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("shanxi", "2024年城乡居民基本养老保险代办员补助",
                                    "407-汾阳市人力资源和社会保障局", "407002-汾阳市社会保险中心",
                                    "万元")
    # 资金总额: 目标申报数 27.34, 预算编制数 27.34, 全年 25.24, 执行 25.24, 结余 0, 执行率 100, 得分 10
    assert _pick(f, *FUNDS) == (27.34, 25.24, 25.24, 100.0, None, 10.0)
    assert all(f[f"{c}_src_line"] == 565 for c in FUNDS if f.get(c) is not None)
    # 总分 row prints one number and the grade: '总分 … 99 … 优'
    assert _pick(f, "score", "score_src_line", "grade", "grade_src_line",
                 "score_source_kind") == (99.0, 580, "优", 580, "table")
    assert len(ev.indicators) == 10
    assert _pick(_row(ev, 570), *IND) == (
        "产出指标", None, "数量指标", "参保人数1000人—2000人村", "=个", "=88个", "=88个", 4.0, 4.0,
        None)
    # 时效指标 drifted into the 一级 column, 年初指标值 blank
    assert _pick(_row(ev, 576), *IND) == (
        "产出指标", None, "时效指标", "年底完成任务发放工资及时性", None, "及时性",
        "部分达成预期指标并具有一定效果", 10.0, 10.0, None)
    assert _pick(_row(ev, 577), *IND) == (
        "产出指标", None, "成本指标", "代办员补贴金额", "=元", "=273400元", "=252400元", 10.0, 9.0,
        "本年缴费率完成较少。")
    assert _pick(_row(ev, 578), "level1", "level2", "level3", "weight", "score") == (
        "效益指标", "社会效益", "城乡居民参保积极性", 30.0, 30.0)
    assert _pick(_row(ev, 579), *IND) == (
        "满意度指标", None, "服务对象满意度", "工作满意度", "≥%", "≥98%", "≥98%", 10.0, 10.0, None)
    assert sum(i["score"] for i in ev.indicators) == 89.0
    # this template prints no points in its 一级 labels
    assert {(i["level1_points_stated"], i["level1_points_stated_src_line"])
            for i in ev.indicators} == {(None, None)}


def test_shanxi_extra_funds_number_and_level1_printed_mid_block():
    evs, problems = _parse("fenyang_2024_p963_two_tables.txt", 963)
    assert [e.fields["src_line"] for e in evs] == [963, 997]
    heating, survivors = evs
    # '资金总额: 820 820 788.256 788.256 788.256 0 100 10': 8 numbers for 7 columns
    assert _pick(heating.fields, *FUNDS) == (820.0, 788.256, 788.256, 100.0, None, 10.0)
    assert [(p.part, p.line) for p in problems] == [
        ('performance table "2024年新增企业退休职工取暖费"', 971)]
    assert _pick(heating.fields, "score", "score_src_line", "grade") == (97.0, 983, "优")
    assert len(heating.indicators) == 6
    # 成本指标 printed in the first column
    assert _pick(_row(heating, 979), *IND) == (
        "产出指标", None, "成本指标", "2024年取暖费", "=万元", "=820万元", "=788万元", 10.0, 9.0,
        "新增退休人员手续未及时办理,导致发放人数少,进而导致发放金额少。")
    assert _pick(_row(heating, 978), "level3", "target", "target_adjusted", "actual") == (
        "取暖费发放", None, "按月发放", "部分达成预期指标并具有一定效果")
    assert _pick(_row(heating, 976), "weight", "score") == (20.0, 18.0)

    f = survivors.fields  # title line carries its year: '…自评表 (2024年度)'
    assert f["project_name"] == "2024年遗属补助"
    assert _pick(f, *FUNDS) == (0.576, 0.771, 0.771, 100.0, None, 10.0)
    assert f["budget_initial_src_line"] == 1003
    # 产出指标 is printed on L1010 (centred in its merged cell): L1008 belongs to it too
    assert _pick(_row(survivors, 1008), "level1", "level2", "level3", "weight", "score") == (
        "产出指标", "数量指标", "遗属补助人员", 20.0, 20.0)
    assert _pick(_row(survivors, 1010), "level1", "level2", "level3", "target_adjusted") == (
        "产出指标", "质量指标", "按时发放率", "≥100%")
    assert _pick(f, "score", "score_src_line") == (100.0, 1015)


def test_shanxi_goal_table_with_spilled_score():
    evs, problems = _parse("fenyang_2024_p929_goal.txt", 929)
    assert not problems and len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("shanxi_goal", "2024年特殊困难人员代缴经费基本险（追加）",
                                    "407-汾阳市人力资源和社会保障局", None, "元")
    assert _pick(f, "budget_full_year", "budget_full_year_src_line") == (64200.0, 935)
    assert _pick(f, "execution_rate", "execution_rate_src_line") == (100.0, 946)
    assert _pick(f, "score", "score_src_line", "score_source_kind") == (100.0, 947, "table")
    assert f.get("budget_initial") is None and f.get("executed") is None
    assert len(ev.indicators) == 9
    assert _pick(_row(ev, 952), *IND) == (
        "产出指标", None, "数量指标", "代办人数", "642人", None, None, None, None, None)
    assert _pick(_row(ev, 956), "level1", "level2", "level3", "target") == (
        "效益指标", "经济效益", None, None)
    assert _pick(_row(ev, 960), "level1", "level2", "level3", "target") == (
        "满意度指标", "服务对象满意度", "政策和税率", "≥98%")


def test_department_overall_table():
    evs, problems = _parse("xianyang_2023_p354_department.txt", 354)
    assert not problems and len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert ev.scope == "department_overall"
    assert _pick(f, "template", "project_name", "amount_unit") == (
        "department_overall", "咸阳市人力资源和社会保障局", "万元")
    # '金额合计 9099.99 7987.94 1112.05 8980.21 8019.96 960.25 1 0 98.68%' (得分 not printed)
    assert _pick(f, *FUNDS) == (None, 9099.99, 8980.21, 98.68, 10.0, None)
    assert f["budget_full_year_src_line"] == f["funds_weight_src_line"] == 365
    assert _pick(f, "score", "score_src_line", "grade") == (94.0, 383, None)
    assert len(ev.indicators) == 13
    assert _pick(_row(ev, 370), *IND) == (
        "产出指标", 50.0, "数量指标", "指标1:灵活就业人员专场招聘会", "≥24场", None, "≥24场", 10.0,
        10.0, None)
    assert _pick(_row(ev, 376), "level2", "level3", "target", "actual", "weight", "score") == (
        "成本指标", "财政资金", "9099.99万", "8980.21万", 5.0, 4.0)
    assert _pick(_row(ev, 377), "level1", "level1_points_stated", "level2", "level3", "weight",
                 "score") == ("效益指标", 30.0, "经济效益指标", "/", None, None)
    assert _pick(_row(ev, 381), "level1", "level2", "level3", "weight", "score") == (
        "效益指标", "可持续影响指标", "维护社会大局和谐稳定", 10.0, 9.0)
    assert _pick(_row(ev, 382), "level1", "level1_points_stated", "target") == (
        "满意度指标", None, "≥92%")
    # '产出指标 (50分)' is printed on L370, '效益指标 (30分)' on L377; the rows under them
    # (merged 一级 cells) carry that line; '满意度指标' states no points
    assert [(i["src_line"], i["level1_points_stated"], i["level1_points_stated_src_line"])
            for i in ev.indicators] == [
        *((n, 50.0, 370) for n in range(370, 377)),
        *((n, 30.0, 377) for n in range(377, 382)),
        (382, None, None)]


def test_national_table_with_page_marker_in_total_row():
    evs, problems = _parse("xianyang_2023_p397_page_marker.txt", 397)
    assert not problems and len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("national", "人社事务工作经费", "咸阳市人力资源和社会保障局",
                                    "咸阳市人力资源和社会保障局", "万元")
    assert _pick(f, *FUNDS) == (25.0, 25.0, 24.05, 96.2, 10.0, 9.0)
    assert {f[f"{c}_src_line"] for c in FUNDS} == {404}
    # '总分 … - 26 - 100 94': the page marker is not a number of the row
    assert _pick(f, "score", "score_src_line") == (94.0, 422)
    assert len(ev.indicators) == 11
    assert _pick(_row(ev, 411), *IND) == (
        "产出指标", 50.0, "数量指标", "城镇新增就业人数", "≥4.5万人", None, "5.15万人", 10.0, 10.0,
        None)
    assert _pick(_row(ev, 416), "level1", "level2", "level3", "target", "actual", "weight",
                 "score") == ("效益指标", "经济效益指标", "无", "无", "无", 0.0, 0.0)
    assert _pick(_row(ev, 421), "level1", "level1_points_stated", "level2", "level3", "target",
                 "weight", "score") == ("满意度指标", 10.0, "服务对象满意度指标", "群众满意度",
                                        "群众满意度≥95%", 10.0, 9.0)
    assert f["funds_score"] + sum(i["score"] for i in ev.indicators) == 94.0
    # '产出 指标 (50 分)' L411, '效益指 标 (30 分)' L416, '满意度 指标 (10 分)' L421
    assert [(i["src_line"], i["level1_points_stated_src_line"]) for i in ev.indicators] == [
        (411, 411), (412, 411), (413, 411), (414, 411), (415, 411),
        (416, 416), (417, 416), (418, 416), (419, 416), (420, 416), (421, 421)]


def test_subtotal_row_then_total_row():
    evs, problems = _parse("xianyang_2023_p584_subtotal.txt", 584)
    assert not problems and len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert _pick(f, "project_name", "implementing_unit") == ("人才引进工作经费", "咸阳市人才交流服务中心")
    assert _pick(f, *FUNDS) == (0.0, 57.92, 40.26, 69.51, 10.0, 8.0)
    # '得分 90 88' is the indicator subtotal; '合计绩效自评得分 100 98' the total
    assert _pick(f, "score", "score_src_line") == (98.0, 606)
    assert len(ev.indicators) == 7
    # the header has an empty column after 三级指标
    assert _pick(_row(ev, 598), *IND) == (
        "产出指标", 50.0, "数量指标", "培训场次", "≥2场", None, "2", 15.0, 15.0, None)
    assert _pick(_row(ev, 599), "level2", "level3", "target", "actual") == (
        "质量指标", "保质保量举办", "完成率", "100%")
    assert [(i["level1_points_stated"], i["level1_points_stated_src_line"])
            for i in ev.indicators] == [(50.0, 598)] * 4 + [(30.0, 602)] * 2 + [(10.0, 604)]


def test_key_evaluation_split_summary_and_row_without_score():
    evs, problems = _parse("xianyang_2023_p1629_key_dept.txt", 1629)
    assert len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert ev.scope == "key_evaluation"
    # anchored on the score table's own title (L1655 '企业军转干部生活困难补助资金指标评分表'),
    # the name read from the report title (L1629 '企业军转干部生活困难补助资金 绩效评价报告')
    assert _pick(f, "template", "project_name", "src_line") == (
        "key_report", "企业军转干部生活困难补助资金", 1655)
    assert _pick(f, "score", "score_src_line", "grade", "grade_src_line",
                 "score_source_kind") == (91.0, 1664, "优", 1664, "table")
    totals = [(i["level1"], i["weight"], i["score"], i["src_line"]) for i in ev.indicators
              if i["row_kind"] == "level1_total"]
    assert totals == [("决策", 20.0, 17.0, 1658), ("过程", 20.0, 18.0, 1659),
                      ("产出", 30.0, 28.0, 1660), ("效益", 30.0, 28.0, 1663)]
    detail = [i for i in ev.indicators if i["row_kind"] == "indicator"]
    assert len(detail) == 15
    assert _pick(_row(ev, 1727), "level1", "level2", "level3", "weight", "score") == (
        "决策", "项目立项", "立项依据充分性", 4.0, 4.0)
    # '|过程|资金管理|预算执行率|…|5': one number under 分值权重, no 评价得分
    assert _pick(_row(ev, 1732), "level1", "level2", "level3", "weight", "score") == (
        "过程", "资金管理", "预算执行率", 5.0, None)
    assert [p.line for p in problems] == [1732]
    # labels drifted left: '资金使用合规性|||…|5|5', '组织实施||管理制度健全性|…|5|4'
    assert _pick(_row(ev, 1733), "level1", "level2", "level3", "weight", "score") == (
        "过程", "资金管理", "资金使用合规性", 5.0, 5.0)
    assert _pick(_row(ev, 1734), "level2", "level3", "weight", "score") == (
        "组织实施", "管理制度健全性", 5.0, 4.0)
    assert _pick(_row(ev, 1742), "level1", "level2", "level3", "weight", "score") == (
        "效益", "项目效益", "可持续影响", 10.0, 9.0)


def test_key_evaluation_summary_total_and_spilled_detail_row():
    evs, problems = _parse("xianyang_2023_p1747_key_finance.txt", 1747)
    assert not problems and len(evs) == 1
    ev = evs[0]
    f = ev.fields
    assert _pick(f, "project_name", "score", "score_src_line", "grade") == (
        "2023年就业专项资金", 91.27, 1842, "优")
    assert f["src_line"] == 1832  # '表 3-2 2023 年度就业专项资金指标评分表', not L1747
    totals = [(i["level1"], i["weight"], i["score"], i["src_line"]) for i in ev.indicators
              if i["row_kind"] == "level1_total"]
    assert totals == [("决策", 8.0, 6.36, 1835), ("过程", 12.0, 10.5, 1836),
                      ("产出", 40.0, 37.49, 1839), ("效果", 40.0, 36.92, 1840)]
    # 二级/三级-only tables: the 一级 comes from the caption '表 4-1 决策指标得分统计表'
    assert _pick(_row(ev, 1853), *IND) == (
        "决策", None, "绩效目标", "绩效目标合理性", "合理", None, "合理", 3.0, 3.0, None)
    assert _pick(_row(ev, 1854), "level2", "level3", "actual", "score") == (
        "绩效目标", "绩效指标明确性", "不够明确", 1.36)
    # '管理制度健全' continues on L1884 ('性') after a repeated header
    assert _pick(_row(ev, 1881), "level1", "level2", "level3", "target", "actual", "weight",
                 "score") == ("过程", "组织实施", "管理制度健全性", "健全", "基本合规", 2.0, 1.86)
    assert _pick(_row(ev, 1885), "level2", "level3", "weight", "score") == (
        "组织实施", "制度执行有效性", 4.0, 3.21)
    lines = {i["src_line"] for i in ev.indicators}
    assert not lines & {1857, 1884, 1886}  # 合计 rows and the spill are not indicators
    assert len(ev.indicators) == 4 + 4 + 5


# ----------------------------------------------------------------- whole documents ---

XIANYANG_SCORES = [  # (table title line, scope, total score, line of the total)
    (354, "department_overall", 94, 383),
    (397, "project", 94, 422), (428, "project", 91, 452), (458, "project", 89, 482),
    (488, "project", 92, 513), (519, "project", 100, 542), (550, "project", 99, 577),
    (584, "project", 98, 606), (612, "project", 98, 634), (640, "project", 93, 665),
    (671, "project", 100, 695), (701, "project", 100, 724), (730, "project", 100, 754),
    (760, "project", 98, 783), (789, "project", 100, 812), (818, "project", 100, 841),
    (847, "project", 100, 870), (880, "project", 98, 903), (914, "project", 96, 937),
    (943, "project", 97, 966), (972, "project", 92, 999), (1005, "project", 100, 1029),
    (1035, "project", 98.11, 1056), (1062, "project", 91.3, 1082),
    (1088, "project", 94.4, 1111), (1119, "project", 97.25, 1142),
    (1148, "project", 92, 1175), (1181, "project", 92, 1211),
    (1655, "key_evaluation", 91, 1664), (1832, "key_evaluation", 91.27, 1842),
]

FENYANG_SCORES = [  # (title line, template, total score, line of the total)
    (526, "shanxi", 100, 544), (558, "shanxi", 99, 580), (594, "shanxi", 100, 616),
    (630, "shanxi", 100, 648), (662, "shanxi", 100, 680), (694, "shanxi", 99, 713),
    (727, "shanxi", 99, 745), (759, "shanxi", 100, 778), (792, "shanxi", 100, 811),
    (826, "shanxi_goal", 100, 843), (860, "shanxi", 100, 880),
    (894, "shanxi_goal", 100, 913), (929, "shanxi_goal", 100, 947),
    (963, "shanxi", 97, 983), (997, "shanxi", 100, 1015),
    (1029, "shanxi_goal", 100, 1048), (1065, "shanxi", 100, 1084),
]


@pytest.fixture(scope="module")
def xianyang():
    return _doc(XIANYANG)


@pytest.fixture(scope="module")
def fenyang():
    return _doc(FENYANG)


def _by_line(evs) -> dict:
    return {e.fields["src_line"]: e for e in evs}


def test_xianyang_counts_and_scores(xianyang):
    evs, problems = xianyang
    scopes = [e.scope for e in evs]
    assert (scopes.count("department_overall"), scopes.count("project"),
            scopes.count("key_evaluation")) == (1, 27, 2)
    got = [(e.fields["src_line"], e.scope, e.fields["score"], e.fields["score_src_line"])
           for e in evs]
    assert got == [(a, b, float(c), d) for a, b, c, d in XIANYANG_SCORES]
    assert all(e.fields["score_source_kind"] == "table" for e in evs)
    assert {e.fields["template"] for e in evs if e.scope == "project"} == {"national"}
    assert [p.line for p in problems] == [887, 1732]


def test_fenyang_counts_and_scores(fenyang):
    evs, problems = fenyang
    assert [e.scope for e in evs] == ["project"] * 17
    got = [(e.fields["src_line"], e.fields["template"], e.fields["score"],
            e.fields["score_src_line"]) for e in evs]
    assert got == [(a, b, float(c), d) for a, b, c, d in FENYANG_SCORES]
    assert {e.fields["grade"] for e in evs if e.fields["template"] == "shanxi"} == {"优"}
    assert [p.line for p in problems] == [669, 971]


@pytest.mark.parametrize("title, funds, line", [
    (428, (200.0, 157.27, 157.27, 78.64, 10.0, 8.0), 435),
    (640, (None, 2480.0, 1962.2, 79.12, 10.0, 8.0), 647),  # 年初 blank, 执行率 without '%'
    (701, (None, 288.2, 288.2, 100.0, 10.0, None), 708),  # 得分 blank
    (730, (58.0, 58.0, 58.0, 100.0, 10.0, 100.0), 737),  # 得分 printed as 100
    (972, (10.0, 35.0, 35.0, None, 10.0, 10.0), 979),  # 执行率 blank
    (1148, (None, 15.0, 15.0, 100.0, 10.0, 10.0), 1155),  # no 年初预算数 column
    (1181, (25.0, 26.39, 26.39, 100.0, 10.0, 10.0), 1188),
])
def test_xianyang_funds_blocks(xianyang, title, funds, line):
    f = _by_line(xianyang[0])[title].fields
    assert _pick(f, *FUNDS) == funds
    assert {f[f"{c}_src_line"] for c, v in zip(FUNDS, funds) if v is not None} == {line}


@pytest.mark.parametrize("title, funds, unit, line", [
    (526, (26.21, 26.21, 26.21, 100.0, None, 10.0), "万元", 533),
    (727, (1068.0, 995.0, 995.0, 100.0, None, 10.0), "万元", 734),
    (662, (3.0, 3.0, 3.0, 100.0, None, 10.0), "万元", 669),  # 8 numbers, all 3 but the tail
    (1065, (14256.0, 14256.0, 14256.0, 100.0, None, 10.0), "万元", 1073),  # as printed
    (894, (None, 255600.0, None, 100.0, None, None), "元", None),
    (1029, (None, 4100000.0, None, 100.0, None, None), "元", None),
])
def test_fenyang_funds_blocks(fenyang, title, funds, unit, line):
    f = _by_line(fenyang[0])[title].fields
    assert _pick(f, *FUNDS) == funds
    assert f["amount_unit"] == unit
    if line:
        assert f["budget_full_year_src_line"] == line


def test_indicator_counts(xianyang, fenyang):
    xy, fy = _by_line(xianyang[0]), _by_line(fenyang[0])
    assert {t: len(xy[t].indicators) for t in (354, 397, 550, 640, 1181, 1655, 1832)} == {
        354: 13, 397: 11, 550: 12, 640: 11, 1181: 14, 1655: 4 + 15, 1832: 4 + 16}
    assert {t: len(fy[t].indicators) for t in (526, 558, 594, 826, 1029, 1065)} == {
        526: 6, 558: 10, 594: 10, 826: 10, 1029: 11, 1065: 6}


def _printed(text: str) -> list[float]:
    """Numbers on a line, also reading '1 0' (a stray space inside a number) as 10."""
    return number_tokens(text) + number_tokens(re.sub(r"(?<=\d) (?=\d)", "", text))


@pytest.mark.parametrize("name", [FENYANG, XIANYANG], ids=["fenyang", "xianyang"])
def test_every_number_is_printed_on_its_line(name):
    lines = {line.no: line.text for line in raw_document(name)}
    evs, _ = _doc(name)
    checked = 0
    for ev in evs:
        for col, value in ev.fields.items():
            if isinstance(value, float):
                where = ev.fields.get(f"{col}_src_line")
                assert where, f"{col} of L{ev.src_line} has no {col}_src_line"
                assert value in _printed(lines[where]), f"{col}={value} not on L{where}"
                checked += 1
        for ind in ev.indicators:
            for col in ("weight", "score"):
                if ind[col] is not None:
                    where = ind.get(f"{col}_src_line") or ind["src_line"]
                    assert ind[col] in _printed(lines[where]), f"{col}={ind[col]} not on L{where}"
                    checked += 1
        for ind in ev.indicators:  # stated points: on the line of their 一级 label
            points, where = ind["level1_points_stated"], ind.get("level1_points_stated_src_line")
            if points is None:
                assert where is None
                continue
            assert where, ind
            assert points in _printed(lines[where]), f"{points} not on L{where}"
            assert re.search(r"[（(]\s*[\d.]+\s*分\s*[)）]", lines[where])
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("name", [FENYANG, XIANYANG], ids=["fenyang", "xianyang"])
def test_only_schema_columns(name):
    eval_cols = set(PERF_EVALUATIONS.column_names) - {"doc_id", "eval_id", "scope"}
    ind_cols = set(PERF_INDICATORS.column_names) - {"doc_id", "eval_id", "seq"}
    for ev in _doc(name)[0]:
        assert set(ev.fields) <= eval_cols
        assert ev.fields["project_name"]
        for ind in ev.indicators:
            assert set(ind) <= ind_cols
            assert ind["row_kind"] in ("indicator", "level1_total")


@pytest.mark.parametrize("name", ["000_cfb0dafd2c8bb827.txt", "001_549a6034fad0ec80.txt"])
def test_tables_printed_one_cell_per_line_are_left_alone(name):
    assert _doc(name) == ([], [])


def test_key_evaluations_anchored_on_their_score_table_title(xianyang):
    lines = {line.no: line.text for line in raw_document(XIANYANG)}
    keys = [e for e in xianyang[0] if e.scope == "key_evaluation"]
    assert [(e.src_line, lines[e.src_line]) for e in keys] == [
        (1655, "企业军转干部生活困难补助资金指标评分表"),
        (1832, "表 3-2 2023 年度就业专项资金指标评分表")]


def test_key_score_table_without_title_is_anchored_on_its_header_row():
    lines = [Line(1, "某某项目绩效评价报告"), Line(2, ""), Line(3, "评分情况如下。"),
             Line(4, "一级指标\t分值\t得分\t得分率"), Line(5, "决策\t20\t17\t85%"),
             Line(6, "产出 (80分)\t80\t75\t93.75%"), Line(7, "合计\t100\t92\t92%")]
    evs, problems = perf_tabular.extract(lines)
    assert not problems and len(evs) == 1
    f = evs[0].fields
    assert _pick(f, "project_name", "src_line", "score", "score_src_line") == (
        "某某项目", 4, 92.0, 7)
    assert [(i["level1"], i["level1_points_stated"], i["level1_points_stated_src_line"])
            for i in evs[0].indicators] == [("决策", None, None), ("产出", 80.0, 6)]


def test_rows_above_a_centred_level1_label_take_its_points_line():
    lines = [Line(1, "某某项目绩效自评表"), Line(2, "项目名称\t某某项目"),
             Line(3, "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分"),
             Line(4, "\t数量指标\t人数\t10人\t10人\t50\t50"),
             Line(5, "产出指标 (90分)\t质量指标\t合格率\t100%\t100%\t40\t35"),
             Line(6, "总分\t\t\t\t\t90\t85")]
    evs, _ = perf_tabular.extract(lines)
    assert [(i["src_line"], i["level1"], i["level1_points_stated"],
             i["level1_points_stated_src_line"]) for i in evs[0].indicators] == [
        (4, "产出指标", 90.0, 5), (5, "产出指标", 90.0, 5)]


def test_a_truncated_table_is_read_as_far_as_it_goes_and_reported():
    lines = fixture_lines("perf_tabular/xianyang_2023_p397_page_marker.txt", 397)
    [full], full_problems = perf_tabular.extract(lines)
    assert full_problems == [] and full.fields["score"] == 94.0
    for cut in range(1, len(lines)):
        found, problems = perf_tabular.extract(lines[:cut])
        assert len(found) <= 1, cut
        assert all(397 <= p.line < 397 + cut for p in problems), cut
        if not found:
            continue
        [ev] = found
        # the same evaluation, its indicators a prefix of the whole table's, no total yet
        assert ev.src_line == 397 and ev.fields.get("score") is None, cut
        assert ev.indicators == full.indicators[:len(ev.indicators)], cut
        assert problems, f"a table cut after {cut} lines must be reported, not read as complete"
    assert perf_tabular.extract([]) == ([], [])
