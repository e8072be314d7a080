"""Rules on the “三公” expenses (checks/rules/three_public.py)."""

from __future__ import annotations

import pytest

from tests.checks.rules.builders import (
    _qianyang_three_public,
    check,
    tp,
)


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
