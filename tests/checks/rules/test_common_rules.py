"""What every rule shares: tolerances under the documents' rounding, grade bands."""

from __future__ import annotations

import pytest

from juesuan.checks import rules


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
