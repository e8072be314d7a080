"""Consistency rules on crafted rows: each rule fires on an inconsistency and stays silent on
consistent values, including a rounding difference (尾差) within tolerance and percentages at
the edge of their rounding interval."""

from __future__ import annotations

import pytest

from juesuan import metadata
from juesuan.checks import rules

DOC = "test-doc"


def tables(**rows: list[dict]) -> dict:
    return {name: metadata.frame(name, rs) for name, rs in rows.items()}


def check(rule_id: str, **rows: list[dict]) -> list[dict]:
    rule = next(r for r in rules.RULES if r.rule_id == rule_id)
    found = rule.func(tables(**rows))
    assert all(f["rule_id"] == rule_id for f in found)
    return found


def tot(metric: str, value: float, line: int, kind: str = "narrative", part: str | None = None,
        **kw) -> dict:
    part = part or ("公开01表" if kind == "table" else "情况说明/一")
    return {"doc_id": DOC, "metric": metric, "value": value, "unit": metadata.METRICS[metric][0],
            "source_kind": kind, "source_part": part, "src_line": line, **kw}


def bl(statement: str, level: str, line: int, code: str | None = None, **kw) -> dict:
    return {"doc_id": DOC, "statement": statement, "level": level, "func_code": code,
            "src_line": line, **kw}


def tp(item: str, line: int, kind: str = "narrative", **kw) -> dict:
    return {"doc_id": DOC, "item": item, "source_kind": kind, "src_line": line, **kw}


def ev(n: str = "P01", line: int = 100, **kw) -> dict:
    base = {"doc_id": DOC, "eval_id": f"{DOC}:{n}", "scope": "project", "template": "national",
            "project_name": "测试项目", "amount_unit": "万元", "src_line": line}
    return {**base, **kw}


def ind(seq: int, weight: float | None, score: float | None = None, n: str = "P01",
        level1: str = "产出指标", kind: str = "indicator", **kw) -> dict:
    return {"doc_id": DOC, "eval_id": f"{DOC}:{n}", "seq": seq, "row_kind": kind,
            "level1": level1, "level3": f"指标{seq}", "weight": weight, "score": score,
            "src_line": 200 + seq, **kw}


# --- helpers ---------------------------------------------------------------------------------

def test_half_unit_follows_the_printed_decimals():
    assert rules.half_unit(96.2) == pytest.approx(0.05)
    assert rules.half_unit(100.0) == pytest.approx(0.5)
    assert rules.half_unit(9.48) == pytest.approx(0.005)
    assert rules.half_unit(33.338) == pytest.approx(0.0005)


def test_sum_tolerance_grows_with_the_parts():
    assert rules.sum_tolerance(2) == pytest.approx(0.015)
    assert rules.sum_tolerance(3) == pytest.approx(0.02)


@pytest.mark.parametrize("p,ok", [(33.33, True), (33.34, False), (33.3, True), (33.4, False),
                                  (33.333, True), (33.338, False), (33.0, True), (34.0, False)])
def test_percent_at_the_edge_of_its_rounding_interval(p, ok):
    # 1000.00 / 3000.00 = 33.3333…%; amounts ±0.005, percentage ± half its last decimal
    assert rules.percent_consistent(p, 1000.0, 3000.0) is ok


def test_percent_of_a_zero_base_is_not_judged_here():
    assert rules.percent_consistent(100.0, 5.0, 0.0) is None


def test_percent_interval_of_a_decrease_keeps_its_sign():
    # −744.07 / 8802.00 = −8.4534%; the base ±0.01 (current − change)
    expected, lo, hi = rules.percent_interval(-744.07, 8802.0, -8.45, 0.01)
    assert expected == pytest.approx(-8.453420)
    assert lo == pytest.approx(100 * -744.075 / 8801.99 - 0.005)
    assert hi == pytest.approx(100 * -744.065 / 8802.01 + 0.005)
    assert rules.percent_interval(-1.0, 0.01, -50.0, 0.01) is None  # base not told from zero


@pytest.mark.parametrize("grade,band", [("优", 0), ("优秀", 0), ("A", 0), ("良", 1), ("B", 1),
                                        ("中", 2), ("差", 3), ("D", 3), ("合格", None),
                                        (None, None)])
def test_grade_band(grade, band):
    assert rules.grade_band(grade) == band


# --- totals ----------------------------------------------------------------------------------

def test_sum_carryover():
    rows = [tot("income_total", 9192.86, 10, "table"), tot("income_current_year", 9099.99, 8,
                                                              "table"),
            tot("income_carryover_begin", 92.87, 9, "table")]
    assert check("SUM-CARRYOVER", totals=rows) == []
    rows[0]["value"] = 9192.87  # 尾差 0.01 ≤ 0.015
    assert check("SUM-CARRYOVER", totals=rows) == []
    rows[0]["value"] = 9192.90
    [f] = check("SUM-CARRYOVER", totals=rows)
    assert (f["severity"], f["stated"], f["expected"], f["src_line"], f["src_lines"]) == (
        "error", 9192.90, 9192.86, 10, "8,9,10")
    assert f["difference"] == pytest.approx(0.04) and f["tolerance"] == pytest.approx(0.015)


def test_sum_carryover_skips_an_unstated_carryover_and_other_sources():
    assert check("SUM-CARRYOVER", totals=[tot("income_total", 100.0, 1),
                                          tot("income_current_year", 90.0, 2)]) == []
    # narrative and table figures are not mixed
    assert check("SUM-CARRYOVER", totals=[tot("income_total", 100.0, 1),
                                          tot("income_current_year", 90.0, 2, "table"),
                                          tot("income_carryover_begin", 5.0, 3, "table")]) == []


def test_sum_income():
    ok = [tot("income_current_year", 100.0, 1), tot("income_fiscal_appropriation", 60.0, 2),
          tot("income_business", 0.0, 2), tot("income_operating", 0.0, 2),
          tot("income_other", 40.02, 3)]  # 100.02 vs 100: within 0.025
    assert check("SUM-INCOME", totals=ok) == []
    bad = ok[:4] + [tot("income_other", 30.0, 3)]
    [f] = check("SUM-INCOME", totals=bad)
    assert f["severity"] == "error" and f["expected"] == 90.0


def test_sum_income_with_unstated_sources_is_a_warning():
    [f] = check("SUM-INCOME", totals=[tot("income_current_year", 100.0, 1),
                                      tot("income_gpb_appropriation", 60.0, 2)])
    assert f["severity"] == "warning"
    assert "事业收入" in f["message_zh"] and "Business income" in f["message_en"]
    [f] = check("SUM-INCOME", totals=[tot("income_current_year", 50.0, 1),
                                      tot("income_gpb_appropriation", 60.0, 2)])
    assert f["severity"] == "error"  # stated sources already exceed the total


def test_sum_expenditure_tolerates_the_rounding_of_three_parts():
    rows = [tot("expenditure_current_year", 2209.18, 106), tot("expenditure_basic", 845.91, 106),
            tot("expenditure_project", 1363.28, 108), tot("expenditure_operating", 0.0, 110)]
    assert check("SUM-EXPENDITURE", totals=rows) == []  # 2209.19: 尾差 0.01 ≤ 0.02
    rows[2]["value"] = 1363.00
    [f] = check("SUM-EXPENDITURE", totals=rows)
    assert f["expected"] == pytest.approx(2208.91) and f["src_lines"] == "106,108,110"


def test_sum_expenditure_general_budget_in_table_05():
    rows = [tot(m, v, 1470, "table", "公开05表") for m, v in (
        ("gpb_expenditure_actual", 8019.96), ("gpb_basic_expenditure", 2925.71),
        ("gpb_project_expenditure", 5094.35))]
    [f] = check("SUM-EXPENDITURE", totals=rows)
    assert f["subject"] == "totals 公开05表 gpb_expenditure_actual"


def test_sum_basic_in_the_narrative():
    rows = [tot("gpb_basic_expenditure", 793.25, 274), tot("basic_personnel", 793.25, 278),
            tot("basic_public", 52.66, 288)]
    [f] = check("SUM-BASIC", totals=rows)
    assert (f["stated"], f["expected"], f["src_line"], f["src_lines"]) == (
        793.25, 845.91, 274, "274,278,288")
    assert "第274行" in f["message_zh"] and "845.91" in f["message_zh"]
    rows[0]["value"] = 845.91
    assert check("SUM-BASIC", totals=rows) == []


def test_sum_basic_table_05_against_table_06():
    rows = [tot("gpb_basic_expenditure", 2925.71, 1470, "table", "公开05表"),
            tot("basic_personnel", 2736.02, 1557, "table", "公开06表"),
            tot("basic_public", 189.68, 1557, "table", "公开06表")]
    assert check("SUM-BASIC", totals=rows) == []  # 2925.70: 尾差
    rows[0]["value"] = 2925.80
    [f] = check("SUM-BASIC", totals=rows)
    assert f["subject"] == "totals 公开05表/公开06表 gpb_basic_expenditure"


def test_eq_all_gpb():
    rows = [tot("gpb_expenditure_actual", 568.27, 67), tot("expenditure_current_year", 568.27, 45),
            tot("expenditure_basic", 141.54, 45), tot("gpb_basic_expenditure", 141.55, 160)]
    [f] = check("EQ-ALL-GPB", totals=rows)
    assert (f["severity"], f["stated"], f["expected"], f["src_lines"]) == (
        "warning", 141.55, 141.54, "45,67,160")
    rows[3]["value"] = 141.54
    assert check("EQ-ALL-GPB", totals=rows) == []
    rows[0]["value"], rows[3]["value"] = 500.0, 100.0  # other funds exist: no equality implied
    assert check("EQ-ALL-GPB", totals=rows) == []


def test_dup_totals():
    rows = [tot("expenditure_total", 2209.18, 84), tot("expenditure_total", 2209.18, 95, "table")]
    assert check("DUP-TOTALS", totals=rows) == []
    rows[1]["value"] = 2209.19
    [f] = check("DUP-TOTALS", totals=rows)
    assert (f["stated"], f["expected"], f["src_line"]) == (2209.19, 2209.18, 95)


def test_pct_totals_completion_and_share():
    rows = [tot("gpb_expenditure_budget_initial", 9085.20, 126, part="五"),
            tot("gpb_expenditure_actual", 2209.18, 128, part="五", percent_stated=24.32,
                percent_kind="completion"),
            tot("expenditure_current_year", 2209.18, 106, part="三"),
            tot("expenditure_basic", 845.91, 106, part="三", percent_stated=38.29,
                percent_kind="share", percent_stated_src_line=108)]
    assert check("PCT-TOTALS", totals=rows) == []
    rows[3]["percent_stated"] = 38.3  # printed with one decimal: ±0.05 covers 38.29
    assert check("PCT-TOTALS", totals=rows) == []
    rows[1]["percent_stated"], rows[3]["percent_stated"] = 24.40, 38.35
    found = check("PCT-TOTALS", totals=rows)
    assert sorted((f["src_line"], f["stated"]) for f in found) == [(108, 38.35), (128, 24.40)]
    assert {f["src_lines"] for f in found} == {"126,128", "106,108"}


def _growth(change: float, pct: float, current: float = 2209.18, line: int = 86,
            metric: str = "income_total") -> list[dict]:
    part = "情况说明/一、收入支出决算总体情况说明"
    return [tot(metric, current, line - 2, part=part),
            tot(f"{metric}_yoy_change", change, line, part=part, percent_stated=pct,
                percent_kind="growth")]


def test_pct_growth_increase():
    # 千阳: 2209.18, +558.27 → 558.27 / 1650.91 = 33.816%
    assert check("PCT-GROWTH", totals=_growth(558.27, 33.82)) == []
    [f] = check("PCT-GROWTH", totals=_growth(558.27, 33.9))
    assert (f["severity"], f["stated"], f["src_line"], f["src_lines"]) == (
        "error", 33.9, 86, "84,86")
    assert f["expected"] == pytest.approx(33.815895)
    assert "上年收入总计（2209.18−558.27）1650.91万元（第84行）" in f["message_zh"]
    assert "previous-year Income grand total (2209.18 - 558.27)" in f["message_en"]


def test_pct_growth_tolerates_the_rounding_of_the_previous_year():
    # 渠县: 568.27, +465.54 → 453.17% exactly, printed 453.14: within rounding
    assert check("PCT-GROWTH", totals=_growth(465.54, 453.14, 568.27)) == []
    # 453.12 is inside only because the previous year (102.73 = 568.27 − 465.54) carries ±0.01
    assert check("PCT-GROWTH", totals=_growth(465.54, 453.12, 568.27)) == []
    assert rules.percent_interval(465.54, 568.27 - 465.54, 453.12)[1] > 453.12
    assert len(check("PCT-GROWTH", totals=_growth(465.54, 453.09, 568.27))) == 1


def test_pct_growth_decrease():
    # 汾阳: 3951.18, −42460.02 → −42460.02 / 46411.20 = −91.487%
    rows = _growth(-42460.02, -91.49, 3951.18)
    assert check("PCT-GROWTH", totals=rows) == []
    rows[1]["percent_stated"] = 91.49  # 下降 read as growth: the sign disagrees
    [f] = check("PCT-GROWTH", totals=rows)
    assert f["expected"] == pytest.approx(-91.486581)
    assert "上年收入总计（3951.18＋42460.02）46411.20万元" in f["message_zh"]
    rows[1]["percent_stated"] = -91.6
    assert len(check("PCT-GROWTH", totals=rows)) == 1


def test_pct_growth_uses_the_narrative_figure_nearest_before_in_its_part():
    rows = _growth(-715.49, -8.19, 8019.96, 149, "gpb_expenditure_actual")
    part = rows[0]["source_part"]
    others = [tot("gpb_expenditure_actual", 9000.0, 140, part="情况说明/四"),  # another part
              tot("gpb_expenditure_actual", 9000.0, 145, part=part),  # earlier in the part
              tot("gpb_expenditure_actual", 9000.0, 150, part=part),  # after the statement
              tot("gpb_expenditure_actual", 9000.0, 1470, "table", "公开05表")]
    assert check("PCT-GROWTH", totals=others + rows) == []
    rows[0]["src_line"] = 149  # the same sentence
    assert check("PCT-GROWTH", totals=others + rows) == []
    [f] = check("PCT-GROWTH", totals=others + rows[1:])  # the part's earlier statement
    assert f["src_lines"] == "145,149"
    [f] = check("PCT-GROWTH", totals=[others[0], others[2], rows[1]])  # another part's
    assert f["src_lines"] == "140,149"


def test_pct_growth_skipped_without_a_narrative_figure_or_growth():
    rows = _growth(558.27, 50.0)
    assert check("PCT-GROWTH", totals=rows[1:]) == []
    table = [tot("income_total", 2209.18, 80, "table")]
    assert check("PCT-GROWTH", totals=table + rows[1:]) == []
    rows[1]["percent_stated"] = None
    assert check("PCT-GROWTH", totals=rows) == []


def test_pct_totals_ignores_growth():
    rows = [tot("expenditure_total", 2209.18, 84, percent_stated=33.82, percent_kind="growth")]
    assert check("PCT-TOTALS", totals=rows) == []


# --- budget lines ----------------------------------------------------------------------------

def _section_20805(basic_total: float = 283.39) -> list[dict]:
    t = "table_expenditure"
    return [bl(t, "section", 1384, "20805", section_name="行政事业单位养老支出", actual=82.64,
               basic=basic_total),
            bl(t, "item", 1385, "2080501", item_name="行政单位离退休", actual=15.56, basic=4.26),
            bl(t, "item", 1386, "2080502", item_name="事业单位离退休", actual=40.29, project=0.7),
            bl(t, "item", 1387, "2080505", item_name="基本养老保险缴费", actual=26.80,
               basic=185.95),
            bl(t, "item", 1388, "2080506", item_name="职业年金缴费", basic=92.48)]


def test_sum_func_within_rounding_and_beyond():
    found = check("SUM-FUNC", budget_lines=_section_20805())
    # actual: 82.64 vs 82.65 of three items (尾差 0.01 ≤ 0.02): silent; basic fires
    assert [(f["subject"], f["stated"], f["expected"]) for f in found] == [
        ("budget_lines 公开03表 20805 行政事业单位养老支出: basic", 283.39, 282.69)]
    assert found[0]["severity"] == "error" and "2080502" in found[0]["message_zh"]
    assert found[0]["src_lines"] == "1384,1385,1387,1388"
    assert check("SUM-FUNC", budget_lines=_section_20805(282.69)) == []


def test_sum_func_total_and_class_rows():
    t = "table_gpb_expenditure"
    rows = [bl(t, "total", 1, actual=100.0), bl(t, "class", 2, "208", actual=60.0),
            bl(t, "section", 3, "20801", actual=60.0), bl(t, "class", 4, "210", actual=40.01)]
    assert check("SUM-FUNC", budget_lines=rows) == []
    rows[3]["actual"] = 41.0
    [f] = check("SUM-FUNC", budget_lines=rows)
    assert f["subject"] == "budget_lines 公开05表 合计: actual"


def test_sum_func_narrative_class_vs_items():
    n = "narrative_gpb"
    rows = [bl(n, "class", 80, class_name="卫生健康支出", actual=6.68),
            bl(n, "item", 127, class_name="卫生健康支出", item_name="行政单位医疗", actual=3.77),
            bl(n, "item", 133, class_name="卫生健康支出", item_name="事业单位医疗", actual=0.51),
            bl(n, "item", 139, class_name="卫生健康支出", item_name="公务员医疗补助", actual=2.36),
            bl(n, "item", 144, class_name="卫生健康支出", item_name="其他", actual=0.02)]
    assert check("SUM-FUNC", budget_lines=rows) == []  # 6.66 vs 6.68: within 0.025
    rows[0]["actual"] = 7.0
    [f] = check("SUM-FUNC", budget_lines=rows)
    assert f["severity"] == "warning"  # a narrative may not list every 项


def test_sum_func_row():
    rows = [bl("table_expenditure", "item", 5, "2080101", actual=10.0, basic=4.0, project=6.01)]
    assert check("SUM-FUNC-ROW", budget_lines=rows) == []
    rows[0]["project"] = 6.02
    [f] = check("SUM-FUNC-ROW", budget_lines=rows)
    assert f["expected"] == pytest.approx(10.02)


def _within_rows(basic_05: float = 0.70) -> list[dict]:
    t3, t5 = "table_expenditure", "table_gpb_expenditure"
    return [bl(t3, "total", 1368, actual=8980.21, basic=2925.71, project=6054.50),
            bl(t5, "total", 1470, actual=8019.96, basic=2925.71, project=5094.25),
            bl(t3, "item", 1386, "2080502", item_name="事业单位离退休", actual=0.70,
               project=0.70),
            bl(t5, "item", 1487, "2080502", item_name="事业单位离退休", actual=0.70,
               basic=basic_05),
            bl(t3, "item", 1376, "2080103", item_name="机关服务", actual=2.60, project=2.60),
            bl(t5, "item", 1480, "2080108", item_name="信息化建设", actual=31.39,
               project=31.39)]


def test_sum_gpb_within_counts_a_blank_table_03_cell_as_zero():
    [f] = check("SUM-GPB-WITHIN", budget_lines=_within_rows())
    assert (f["severity"], f["subject"], f["stated"], f["expected"], f["src_line"],
            f["src_lines"]) == ("error", "budget_lines 公开05表 2080502 事业单位离退休: basic",
                                0.70, 0.0, 1487, "1386,1487")
    assert f["tolerance"] == pytest.approx(0.01)
    assert "（空白，按0计）" in f["message_zh"] and "blank (counted as 0)" in f["message_en"]
    # a blank table-05 cell under a stated table-03 one (project) is no finding; 0.01 is 尾差
    assert check("SUM-GPB-WITHIN", budget_lines=_within_rows(0.01)) == []


def test_sum_gpb_within_total_row_and_rounding():
    rows = _within_rows(None)
    rows[1]["basic"] = 2925.72  # 0.01 above: within two roundings
    assert check("SUM-GPB-WITHIN", budget_lines=rows) == []
    rows[1]["basic"] = 2925.73
    [f] = check("SUM-GPB-WITHIN", budget_lines=rows)
    assert (f["subject"], f["expected"]) == ("budget_lines 公开05表 合计: basic", 2925.71)
    assert "2925.71万元" in f["message_zh"]


def test_sum_gpb_within_needs_both_tables():
    rows = _within_rows()
    assert check("SUM-GPB-WITHIN", budget_lines=[r for r in rows
                                                 if r["statement"] != "table_expenditure"]) == []
    rows[5]["actual"] = 1000.0  # 2080108 is not in table 03: nothing to compare
    assert len(check("SUM-GPB-WITHIN", budget_lines=rows)) == 1


def _narrative_items(b2: float | None = 0.0) -> list[dict]:
    n = "narrative_gpb"
    return [bl(n, "item", 140, item_name="行政运行", budget_initial=391.22, actual=376.06,
               budget_initial_src_line=144, actual_src_line=144),
            bl(n, "item", 152, item_name="一般行政管理事务", budget_initial=b2, actual=76.64,
               budget_initial_src_line=154, actual_src_line=154)]


def test_sum_narrative_gpb():
    totals = [tot("gpb_expenditure_budget_initial", 9085.20, 126, part="五"),
              tot("gpb_expenditure_actual", 452.70, 128, part="五")]
    [f] = check("SUM-NARRATIVE-GPB", totals=totals, budget_lines=_narrative_items())
    assert (f["stated"], f["expected"], f["src_line"], f["src_lines"]) == (
        9085.20, 391.22, 126, "126,144,154")
    # only when every item states its initial budget
    assert check("SUM-NARRATIVE-GPB", totals=totals, budget_lines=_narrative_items(None)) == []
    totals[0]["value"] = 391.23
    assert check("SUM-NARRATIVE-GPB", totals=totals, budget_lines=_narrative_items()) == []


def test_pct_func_completion_and_share():
    n = "narrative_gpb"
    rows = [bl(n, "item", 140, item_name="行政运行", budget_initial=391.22, actual=376.06,
               completion_stated=96.12),
            bl(n, "class", 78, class_name="社会保障和就业支出", actual=552.37, share_stated=97.20)]
    totals = [tot("gpb_expenditure_actual", 568.27, 76)]
    assert check("PCT-FUNC", budget_lines=rows, totals=totals) == []
    rows[0]["completion_stated"], rows[1]["share_stated"] = 96.20, 97.5
    found = check("PCT-FUNC", budget_lines=rows, totals=totals)
    assert sorted(f["stated"] for f in found) == [96.20, 97.5]


def test_dup_func():
    rows = [bl("narrative_gpb", "item", 166, "2080102", item_name="一般行政管理事务",
               actual=231.51),
            bl("table_gpb_expenditure", "item", 1477, "2080102", item_name="一般行政管理事务",
               actual=231.51)]
    assert check("DUP-FUNC", budget_lines=rows) == []
    rows[0]["actual"] = 298.20
    [f] = check("DUP-FUNC", budget_lines=rows)
    assert (f["stated"], f["expected"], f["src_lines"]) == (298.20, 231.51, "166,1477")


def test_dup_func_narrative_class_twice_and_against_table_class():
    rows = [bl("narrative_gpb", "class", 424, class_name="卫生健康支出", actual=19.78),
            bl("narrative_gpb", "class", 436, class_name="卫生健康支出", actual=19.78),
            bl("table_gpb_expenditure", "class", 240, "210", class_name="卫生健康支出",
               actual=19.78)]
    assert check("DUP-FUNC", budget_lines=rows) == []
    rows[1]["actual"] = 19.87
    found = check("DUP-FUNC", budget_lines=rows)
    assert {f["src_lines"] for f in found} == {"424,436", "240,436"}


def test_sum_econ():
    econ = [{"doc_id": DOC, "econ_code": c, "econ_name": n, "level": lv, "amount": a,
             "category": "personnel", "src_line": line}
            for c, n, lv, a, line in (("303", "对个人和家庭的补助", "class", 18.97, 279),
                                      ("30302", "退休费", "item", 15.56, 281),
                                      ("30309", "奖励金", "item", 3.42, 288),
                                      ("30301", "离休费", "item", None, 280))]
    totals = [tot("basic_personnel", 18.97, 294, "table", "公开06表")]
    assert check("SUM-ECON", economic_lines=econ, totals=totals) == []  # 18.98: 尾差
    econ[0]["amount"] = 19.0
    found = check("SUM-ECON", economic_lines=econ, totals=totals)
    assert [f["subject"] for f in found] == ["economic_lines 303 对个人和家庭的补助",
                                            "totals 公开06表 basic_personnel"]


# --- “三公” ---------------------------------------------------------------------------------

def _qianyang_three_public() -> list[dict]:
    return [tp("total", 314, budget=2.10, actual=1.55, budget_src_line=312),
            tp("vehicle_operation", 338, budget=0.40, actual=0.40, budget_src_line=336),
            tp("official_reception", 346, budget=1.45, actual=1.15, budget_src_line=344)]


def test_sum_three_public_narrative_with_unstated_parts():
    [f] = check("SUM-3PUBLIC", three_public=_qianyang_three_public())
    assert (f["subject"], f["stated"], f["expected"], f["src_line"], f["src_lines"]) == (
        "three_public 情况说明 total: budget", 2.10, 1.85, 312, "312,336,344")
    assert f["severity"] == "warning"  # the unstated 因公出国 budget could hold the gap
    assert "因公出国（境）费" in f["message_zh"] and "公务用车购置费" in f["message_zh"]


def test_sum_three_public_table_blank_cells_and_vehicle():
    rows = [tp("total", 1603, "table", budget=14.30, actual=1.96, budget_src_line=1602),
            tp("vehicle", 1602, "table", budget=8.40),
            tp("vehicle_operation", 1602, "table", budget=8.40),
            tp("official_reception", 1603, "table", budget=5.90, actual=1.96,
               budget_src_line=1602)]
    assert check("SUM-3PUBLIC", three_public=rows) == []
    rows[1]["budget"] = 8.50
    found = check("SUM-3PUBLIC", three_public=rows)
    # in a table a blank cell adds nothing: both are errors
    assert {(f["subject"], f["severity"]) for f in found} == {
        ("three_public 公开09表 total: budget", "error"),
        ("three_public 公开09表 vehicle: budget", "error")}
    assert "公务用车购置费" in next(f for f in found if "vehicle" in f["subject"])["message_zh"]


def test_pct_three_public():
    rows = _qianyang_three_public()
    rows[0]["completion_stated"] = 73.81
    assert check("PCT-3PUBLIC", three_public=rows) == []
    rows[0]["completion_stated"] = 75.0
    [f] = check("PCT-3PUBLIC", three_public=rows)
    assert f["expected"] == pytest.approx(73.809524)


def test_dup_three_public():
    rows = [tp("training", 308, budget=120.0, actual=115.03),
            tp("training", 1603, "table", budget=120.0, actual=115.03)]
    assert check("DUP-3PUBLIC", three_public=rows) == []
    rows[0]["actual"] = 115.3
    [f] = check("DUP-3PUBLIC", three_public=rows)
    assert (f["stated"], f["expected"], f["src_line"]) == (115.3, 115.03, 308)


# --- performance -----------------------------------------------------------------------------

def test_pct_exec_names_the_initial_budget_mistake():
    e = ev("P02", 428, budget_initial=200.0, budget_full_year=157.27, executed=157.27,
           execution_rate=78.64)
    [f] = check("PCT-EXEC", perf_evaluations=[e])
    assert (f["stated"], f["expected"], f["eval_id"]) == (78.64, 100.0, f"{DOC}:P02")
    assert "年初预算" in f["message_zh"] and "initial budget" in f["message_en"]


def test_pct_exec_consistent_and_narrative():
    e = ev(budget_full_year=25.0, executed=24.05, execution_rate=96.2,
           budget_full_year_narrative=85.0, executed_narrative=84.91,
           execution_rate_narrative=99.89)
    assert check("PCT-EXEC", perf_evaluations=[e]) == []
    e["execution_rate_narrative"] = 99.99
    [f] = check("PCT-EXEC", perf_evaluations=[e])
    assert f["subject"].endswith("execution_rate_narrative") and "年初" not in f["message_zh"]


def test_dup_perf_amounts_and_rates():
    e = ev(budget_full_year=157.27, budget_full_year_narrative=200.0,
           budget_full_year_narrative_src_line=424, execution_rate=94.0,
           execution_rate_narrative=94.33, execution_rate_narrative_src_line=545)
    [f] = check("DUP-PERF", perf_evaluations=[e])
    assert (f["subject"], f["stated"], f["expected"]) == (
        "perf_evaluations P01 测试项目: budget_full_year", 200.0, 157.27)


def test_dup_perf_grades():
    e = ev("K1", grade="优", grade_src_line=1664, grade_narrative="A",
           grade_narrative_src_line=1221)
    [f] = check("DUP-PERF", perf_evaluations=[e])
    assert f["severity"] == "info"
    e["grade_narrative"] = "良"
    [f] = check("DUP-PERF", perf_evaluations=[e])
    assert f["severity"] == "warning"
    e["grade_narrative"] = "优"
    assert check("DUP-PERF", perf_evaluations=[e]) == []


def test_perf_weights():
    sichuan = ev("D1", template="sichuan", scope="department_overall")
    inds = [ind(i, 5.0, n="D1") for i in range(19)]
    [f] = check("PERF-WEIGHTS", perf_evaluations=[sichuan], perf_indicators=inds)
    assert (f["stated"], f["expected"], f["severity"]) == (105.0, 100.0, "error")
    assert "按标准10分计" in f["message_zh"]
    project = ev("P01", template="sichuan")
    inds = [ind(i, 15.0) for i in range(6)]  # 90 + the standard 10
    assert check("PERF-WEIGHTS", perf_evaluations=[project], perf_indicators=inds) == []


def test_perf_weights_printed_funds_weight_and_key_reports():
    e = ev(funds_weight=10.0, funds_weight_src_line=1126)
    inds = [ind(i, 25.0) for i in range(4)]
    [f] = check("PERF-WEIGHTS", perf_evaluations=[e], perf_indicators=inds)
    assert f["stated"] == 110.0 and "1126" in f["src_lines"]
    key = ev("K1", template="key_report", scope="key_evaluation")
    rows = [ind(i, w, n="K1", kind="level1_total") for i, w in enumerate((17, 23, 32, 28))]
    assert check("PERF-WEIGHTS", perf_evaluations=[key], perf_indicators=rows) == []


def test_perf_score():
    e = ev("P08", funds_weight=10.0, funds_score=8.0, score=98.0, score_source_kind="table",
           score_src_line=634)
    inds = [ind(i, 10.0, s, n="P08") for i, s in enumerate((9, 9, 10, 20, 10, 10, 10, 10))]
    [f] = check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds)
    assert (f["stated"], f["expected"], f["src_line"], f["severity"]) == (98.0, 96.0, 634, "error")
    e["score"] = 96.0
    assert check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds) == []


def test_perf_score_without_a_printed_funds_score():
    e = ev("D1", template="department_overall", funds_weight=10.0, score=94.0,
           score_source_kind="table")
    inds = [ind(i, 10.0, 8.5, n="D1") for i in range(10)]  # 85
    [f] = check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds)
    assert (f["severity"], f["subject"]) == ("info", "perf_evaluations D1 测试项目: funds_score")
    assert "推算资金执行得分为9分" in f["message_zh"] and "implied 9" in f["message_en"]
    e["score"] = 99.0  # implies 14 > 10
    [f] = check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds)
    assert f["severity"] == "warning"


def test_perf_score_leaves_an_oversized_funds_score_to_perf_over():
    e = ev(funds_weight=10.0, funds_score=100.0, score=100.0, score_source_kind="table")
    inds = [ind(i, 10.0, 10.0) for i in range(9)]
    assert check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds) == []
    [f] = check("PERF-OVER", perf_evaluations=[e], perf_indicators=inds)
    assert (f["stated"], f["expected"]) == (100.0, 10.0)


def test_perf_over_indicator():
    inds = [ind(1, 10.0, 10.0), ind(2, 10.0, 11.0)]
    [f] = check("PERF-OVER", perf_evaluations=[ev()], perf_indicators=inds)
    assert f["src_line"] == 202


def test_perf_grade():
    e = ev(grade="优", score=85.0, score_src_line=150, grade_src_line=150)
    [f] = check("PERF-GRADE", perf_evaluations=[e])
    assert f["severity"] == "warning" and "良" in f["message_zh"]
    assert check("PERF-GRADE", perf_evaluations=[ev(grade="A", score=90.0)]) == []
    assert check("PERF-GRADE", perf_evaluations=[ev(grade="良", score=89.99)]) == []


def test_perf_level1():
    inds = [ind(i, 10.0, level1_points_stated=50.0, level1_points_stated_src_line=502)
            for i in range(6)]
    [f] = check("PERF-LEVEL1", perf_evaluations=[ev()], perf_indicators=inds)
    assert (f["stated"], f["expected"], f["src_line"]) == (50.0, 60.0, 502)
    weights = (4.17, 4.17, 4.16, 4.17, 4.17, 4.16, 6.25, 6.25, 12.5)  # 50 in two-decimal points
    inds = [ind(i, w, level1_points_stated=50.0) for i, w in enumerate(weights)]
    assert check("PERF-LEVEL1", perf_evaluations=[ev()], perf_indicators=inds) == []


def test_perf_key_sum_and_detail():
    key = ev("K1", template="key_report", scope="key_evaluation", score=90.0,
             score_source_kind="table")
    rows = [ind(i, w, s, n="K1", kind="level1_total", level1=l1)
            for i, (l1, w, s) in enumerate((("决策", 17, 16), ("过程", 23, 21), ("产出", 32, 31),
                                            ("效益", 28, 22)))]
    assert check("PERF-KEY-SUM", perf_evaluations=[key], perf_indicators=rows) == []
    key["score"] = 91.0
    [f] = check("PERF-KEY-SUM", perf_evaluations=[key], perf_indicators=rows)
    assert f["expected"] == 90.0


def test_perf_key_detail_consistent():
    key = ev("K1", template="key_report", scope="key_evaluation")
    rows = [ind(0, 20.0, 17.0, n="K1", kind="level1_total", level1="决策"),
            ind(1, 10.0, 9.0, n="K1", level1="决策"), ind(2, 10.0, 8.0, n="K1", level1="决策")]
    assert check("PERF-KEY-DETAIL", perf_evaluations=[key], perf_indicators=rows) == []
    rows[2]["score"] = 9.0
    [f] = check("PERF-KEY-DETAIL", perf_evaluations=[key], perf_indicators=rows)
    assert (f["stated"], f["expected"]) == (17.0, 18.0)


# --- plausibility ----------------------------------------------------------------------------

def test_plaus_project_size():
    totals = [tot("expenditure_total", 3951.18, 95, "table")]
    e = ev("P17", budget_full_year=14256.0, executed=14256.0, budget_full_year_src_line=1073,
           executed_src_line=1073)
    [f] = check("PLAUS-PROJECT-SIZE", perf_evaluations=[e], totals=totals)
    assert (f["severity"], f["src_lines"], f["stated"]) == ("warning", "95,1073", 14256.0)
    e["amount_unit"] = "元"
    assert check("PLAUS-PROJECT-SIZE", perf_evaluations=[e], totals=totals) == []


def test_plaus_rate():
    [f] = check("PLAUS-RATE", perf_evaluations=[ev(budget_full_year=40.0, executed=48.06)])
    assert f["stated"] == pytest.approx(120.15)
    assert check("PLAUS-RATE", perf_evaluations=[ev(execution_rate=105.0)]) == []
    [f] = check("PLAUS-RATE", perf_evaluations=[ev(execution_rate_narrative=120.0)])
    assert "stated" in f["message_en"]


def test_plaus_negative():
    rows = [bl("table_expenditure", "item", 7, "2080101", actual=-1.0)]
    [f] = check("PLAUS-NEGATIVE", budget_lines=rows)
    assert f["stated"] == -1.0
    assert check("PLAUS-NEGATIVE", budget_lines=[bl("narrative_gpb", "item", 7, actual=0.0)]) == []


def test_plaus_negative_leaves_a_stated_decrease_alone():
    rows = [tot("fiscal_income_total_yoy_change", -744.07, 143, percent_stated=-8.45,
                percent_kind="growth"),
            tot("gpb_expenditure_actual_yoy_change", -715.49, 149)]
    assert check("PLAUS-NEGATIVE", totals=rows) == []
    [f] = check("PLAUS-NEGATIVE", totals=rows + [tot("fiscal_income_total", -1.0, 143)])
    assert f["subject"] == "totals fiscal_income_total"


def test_plaus_zero_base():
    rows = [bl("narrative_gpb", "item", 154, budget_initial=0.0, actual=76.64,
               completion_stated=100.0)]
    [f] = check("PLAUS-ZERO-BASE", budget_lines=rows)
    assert f["stated"] == 100.0
    tpr = [tp("vehicle_operation", 296, budget=0.0, actual=0.0, completion_stated=0.0)]
    assert len(check("PLAUS-ZERO-BASE", three_public=tpr)) == 1
    assert check("PLAUS-ZERO-BASE", budget_lines=[bl("narrative_gpb", "item", 1,
                                                     budget_initial=0.0, actual=5.0)]) == []


# --- run and the catalogue -----------------------------------------------------------------

def test_every_rule_has_an_id_title_and_tolerance():
    ids = [r.rule_id for r in rules.RULES]
    assert len(ids) == len(set(ids))
    for r in rules.RULES:
        assert r.title_zh and r.title_en and r.checks and r.tolerance


def test_run_returns_findings_rows_in_order():
    t = tables(totals=[tot("gpb_basic_expenditure", 793.25, 274),
                       tot("basic_personnel", 793.25, 278), tot("basic_public", 52.66, 288),
                       tot("expenditure_total", 1.0, 1, doc_id="other-doc"),
                       tot("expenditure_total", 2.0, 2, doc_id="other-doc")],
               three_public=_qianyang_three_public())
    found = rules.run(t)
    assert all(list(f) == metadata.TABLES["findings"].column_names for f in found)
    metadata.frame("findings", found)  # types and columns match the schema
    keys = [(f["doc_id"], f["rule_id"], f["src_line"], f["subject"]) for f in found]
    assert keys == sorted(keys)
    assert {f["doc_id"] for f in found} == {DOC, "other-doc"}
    assert {f["doc_id"] for f in rules.run(t, ["other-doc"])} == {"other-doc"}
    assert rules.run(t, []) == []


def test_catalogue_lists_every_rule():
    md = rules.catalogue_markdown()
    assert md.startswith("| rule |")
    for r in rules.RULES:
        assert f"`{r.rule_id}`" in md
    assert "growth" in md
