"""Narrative figures of 千阳县人社局 2024 (excerpt: lines 80–380 of the disclosure)."""

import pytest

from juesuan.ingest import narrative
from juesuan.text import Line
from tests.conftest import fixture_lines

FIRST = 80


@pytest.fixture(scope="module")
def parsed():
    lines = fixture_lines("narrative/qianyang_2024_explanations.txt", FIRST)
    stream = narrative.Stream.from_lines(lines)
    secs = narrative.sections(lines, stream)
    return (narrative.extract_totals(lines, stream, secs, 2024),
            narrative.extract_budget_lines(stream, secs),
            narrative.extract_three_public(stream))


def _total(rows, metric):
    found = [r for r in rows if r["metric"] == metric]
    assert len(found) == 1, (metric, found)
    return found[0]


@pytest.mark.parametrize("metric, value, line", [
    ("income_total", 2209.18, 84), ("expenditure_total", 2209.18, 84),
    ("income_current_year", 2209.18, 96), ("income_fiscal_appropriation", 2209.18, 98),
    ("income_business", 0.0, 98), ("income_operating", 0.0, 98), ("income_other", 0.0, 100),
    ("expenditure_current_year", 2209.18, 106), ("expenditure_basic", 845.91, 106),
    ("expenditure_project", 1363.28, 108), ("fiscal_income_total", 2209.18, 114),
    ("gpb_expenditure_budget_initial", 9085.20, 126), ("gpb_expenditure_actual", 2209.18, 128),
    ("gpb_basic_expenditure", 793.25, 274), ("basic_personnel", 793.25, 278),
    ("basic_public", 52.66, 288), ("agency_operating_budget", 55.68, 372),
    ("agency_operating_actual", 52.66, 372), ("reception_batches", 12.0, 358),
    ("reception_visitors", 84.0, 358),
])
def test_totals_value_and_line(parsed, metric, value, line):
    row = _total(parsed[0], metric)
    assert (row["value"], row["src_line"], row["source_kind"]) == (value, line, "narrative")


def test_stated_percentages_keep_their_own_line(parsed):
    basic = _total(parsed[0], "expenditure_basic")
    assert (basic["percent_stated"], basic["percent_kind"], basic["percent_stated_src_line"]) == (
        38.29, "share", 108)
    gpb = _total(parsed[0], "gpb_expenditure_actual")
    assert (gpb["percent_stated"], gpb["percent_kind"]) == (24.32, "completion")
    agency = _total(parsed[0], "agency_operating_actual")
    assert (agency["percent_stated"], agency["percent_stated_src_line"]) == (94.58, 374)


def test_budget_items_with_names_only(parsed):
    items = [r for r in parsed[1] if r["level"] == "item"]
    assert len(items) == 14
    first = items[0]
    assert first["func_code"] is None
    assert (first["class_name"], first["section_name"], first["item_name"]) == (
        "社会保障和就业支出", "人力资源和社会保障管理事务", "行政运行")
    assert (first["budget_initial"], first["budget_initial_src_line"]) == (391.22, 144)
    assert (first["actual"], first["actual_src_line"]) == (376.06, 144)
    assert (first["completion_stated"], first["completion_stated_src_line"]) == (96.12, 146)
    # 年初预算为零: the document states a zero initial budget in words
    second = items[1]
    assert second["item_name"] == "一般行政管理事务"
    assert (second["budget_initial"], second["budget_initial_src_line"]) == (0.0, 154)
    assert second.get("completion_stated") is None
    housing = items[-1]
    assert (housing["item_name"], housing["actual"], housing["completion_stated"]) == (
        "住房公积金", 60.69, 96.00)


def test_the_gpb_total_is_not_a_class(parsed):
    assert not [r for r in parsed[1] if r["level"] == "class"]


def test_three_public(parsed):
    by_item = {r["item"]: r for r in parsed[2]}
    # and four statements of none ('本年度无财政拨款因公出国（境）费支出'): 0 on their line
    assert set(by_item) == {"total", "vehicle_operation", "official_reception",
                            "overseas_travel", "vehicle_purchase", "meeting", "training"}
    none = by_item["overseas_travel"]
    assert (none["actual"], none["actual_src_line"], none.get("budget")) == (0.0, 328, None)
    total = by_item["total"]
    assert (total["budget"], total["budget_src_line"], total["actual"], total["actual_src_line"],
            total["completion_stated"]) == (2.10, 312, 1.55, 314, 73.81)
    reception = by_item["official_reception"]
    assert (reception["budget"], reception["actual"], reception["completion_stated"]) == (
        1.45, 1.15, 79.31)


def test_stream_from_pieces_keeps_each_characters_line():
    stream = narrative.Stream.from_pieces([("收入", 3), ("\n", 3), ("支出", 5)])
    assert stream.text == "收入\n支出"
    assert [stream.line(i) for i in range(len(stream.text))] == [3, 3, 3, 5, 5]


@pytest.mark.parametrize("text, kept", [("收入总计 10 万元", True), ("项目\t10", False),
                                        ("- 3 -", False), ("   ", False)])
def test_in_narrative(text, kept):
    assert narrative.in_narrative(Line(1, text)) is kept
