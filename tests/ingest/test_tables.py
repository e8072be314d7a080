"""Standard tables printed tab-separated: excerpts of 咸阳 2023 and 汾阳 2024."""

from juesuan.ingest import tables
from tests.conftest import fixture_lines


def _totals(rows):
    return {(r["metric"], r["src_line"]): r["value"] for r in rows["totals"]}


def test_table01_both_sides_and_first_occurrence_only():
    rows, blocks, problems = tables.extract(fixture_lines("tables/xianyang_2023_table01.txt", 1256))
    assert [b.number for b in blocks] == [1] and not problems
    assert _totals(rows) == {
        ("income_gpb_appropriation", 1266): 7987.94, ("income_other", 1273): 1112.04,
        ("income_current_year", 1292): 9099.99, ("expenditure_current_year", 1292): 8980.21,
        ("income_carryover_begin", 1294): 92.87, ("carryover_end", 1294): 212.65,
        ("income_total", 1296): 9192.86, ("expenditure_total", 1296): 9192.86,
    }
    assert {r["source_part"] for r in rows["totals"]} == {"公开01表"}


def test_table03_functional_lines():
    rows, _, _ = tables.extract(fixture_lines("tables/xianyang_2023_table03.txt", 1358))
    lines = {r.get("func_code") or r["level"]: r for r in rows["budget_lines"]}
    assert len(rows["budget_lines"]) == 44
    total = lines["total"]
    assert (total["actual"], total["basic"], total["project"], total["src_line"]) == (
        8980.21, 2925.71, 6054.50, 1368)
    cls = lines["208"]
    assert (cls["level"], cls["class_name"], cls["actual"], cls["basic"], cls["project"]) == (
        "class", "社会保障和就业支出", 8731.32, 2691.59, 6039.73)
    item = lines["2080102"]
    assert (item["level"], item["section_name"], item["item_name"]) == (
        "item", "人力资源和社会保障管理事务", "一般行政管理事务")
    assert (item["actual"], item["basic"], item["project"], item["src_line"]) == (
        298.20, None, 298.20, 1375)  # blank 基本支出 is null, not 0
    assert lines["2080150"]["project"] is None
    assert {r["statement"] for r in rows["budget_lines"]} == {"table_expenditure"}
    assert _totals(rows)[("expenditure_project", 1368)] == 6054.50


def test_table06_triples_blanks_and_dashes():
    rows, _, _ = tables.extract(fixture_lines("tables/fenyang_2024_table06.txt", 251))
    econ = {r["econ_code"]: r for r in rows["economic_lines"]}
    assert (econ["30107"]["econ_name"], econ["30107"]["amount"], econ["30107"]["category"],
            econ["30107"]["src_line"]) == ("绩效工资", 112.75, "personnel", 269)
    assert (econ["30229"]["amount"], econ["30229"]["category"]) == (8.42, "public")
    assert econ["30103"]["amount"] is None  # blank cell
    assert econ["30901"]["amount"] is None  # '—————' cell
    assert econ["303"]["level"] == "class" and econ["30302"]["amount"] == 15.56
    assert _totals(rows) == {("basic_personnel", 294): 435.23, ("basic_public", 294): 14.36}


def test_table09_budget_and_final_rows():
    rows, _, _ = tables.extract(fixture_lines("tables/xianyang_2023_table09.txt", 1590))
    by_item = {r["item"]: r for r in rows["three_public"]}
    assert set(by_item) == {"total", "vehicle", "vehicle_operation", "official_reception",
                            "meeting", "training"}  # 因公出国 and 购置费 are blank
    total = by_item["total"]
    assert (total["budget"], total["budget_src_line"], total["actual"],
            total["actual_src_line"]) == (14.30, 1602, 1.96, 1603)
    assert by_item["vehicle_operation"].get("actual") is None
    assert (by_item["training"]["budget"], by_item["training"]["actual"]) == (120.0, 115.03)


def test_empty_table09_and_provincial_table10():
    rows, blocks, problems = tables.extract(fixture_lines("tables/fenyang_2024_table09_10.txt", 336))
    assert [b.number for b in blocks] == [9, 10] and not problems
    assert rows["three_public"] == []  # 说明：本表无数据
    assert _totals(rows) == {("procurement_total", 368): 7.33, ("procurement_goods", 369): 7.33,
                             ("vehicles_total", 377): 1.0}
