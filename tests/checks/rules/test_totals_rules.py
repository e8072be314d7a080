"""Rules on the headline figures (checks/rules/totals.py)."""

from __future__ import annotations

import pytest

from juesuan.checks import rules
from tests.checks.rules.builders import (
    check,
    tot,
)


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
