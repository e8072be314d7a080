"""One figure stated twice must read the same (checks/rules/identity.py)."""

from __future__ import annotations

from tests.checks.rules.builders import (
    bl,
    check,
    ev,
    tot,
    tp,
)


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


def test_dup_three_public():
    rows = [tp("training", 308, budget=120.0, actual=115.03),
            tp("training", 1603, "table", budget=120.0, actual=115.03)]
    assert check("DUP-3PUBLIC", three_public=rows) == []
    rows[0]["actual"] = 115.3
    [f] = check("DUP-3PUBLIC", three_public=rows)
    assert (f["stated"], f["expected"], f["src_line"]) == (115.3, 115.03, 308)


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
