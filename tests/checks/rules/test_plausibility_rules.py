"""Plausibility rules (checks/rules/plausibility.py)."""

from __future__ import annotations

import pytest

from tests.checks.rules.builders import (
    bl,
    check,
    ev,
    tot,
    tp,
)


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
