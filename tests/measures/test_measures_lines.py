"""juesuan.measures.lines: functional lines, unbudgeted lines, gaps, shares, “三公”.

Values are worked out by hand from data/raw, the arithmetic beside each expectation."""

from __future__ import annotations

import polars as pl

from juesuan import measures, metadata
from tests.measures.helpers import D000, D001, D003, D004, approx, near, one


def test_line_completion_000_xingzheng_yunxing(tables):
    lc = measures.line_completion(tables)
    # 000 lines 136-145: 行政运行 年初预算 391.22, 支出决算 376.06, "完成年初预算的 96.12%".
    r = one(lc, doc_id=D000, line_name="行政运行")
    assert r["completion_rate"] == near(96.12)  # 376.06 / 391.22 = 0.961249…
    assert r["completion_stated"] == 96.12
    assert r["gap_wanyuan"] == approx(-15.16)  # 376.06 − 391.22
    assert r["gap_percent"] == near(-3.88)  # 96.1249 − 100
    assert r["unbudgeted"] is False
    # Only statements with a budget or a completion: 000 states 14 items, 004 26.
    counts = dict(lc.group_by("doc_id").len().iter_rows())
    assert counts[D000] == 14 and counts[D004] == 26


def test_line_completion_without_a_stated_budget_is_null(tables):
    # 001 states "100%" for every item (lines 92-154) but no 年初预算: nothing to recompute.
    r = one(measures.line_completion(tables), doc_id=D001, line_name="社会保险经办机构")
    assert r["budget_initial"] is None and r["completion_rate"] is None
    assert r["completion_stated"] == 100.0 and r["unbudgeted"] is None


UNBUDGETED_004 = {  # 004 lines 156-256: 年初预算数为 0.00, 支出决算 …
    "其他一般公共服务支出": 10.46,
    "就业管理事务": 47.27,
    "就业创业服务补贴": 95.0,
    "其他就业补助支出": 1341.86,
    "死亡抚恤": 74.4,
    "军队转业干部安置": 239.55,
    "其他普惠金融发展支出": 4.78,
}


def test_unbudgeted_lines_004(tables):
    lines = measures.unbudgeted_lines(tables).filter(pl.col("doc_id") == D004)
    assert dict(zip(lines["line_name"], lines["actual"], strict=True)) == UNBUDGETED_004
    assert lines["completion_rate"].null_count() == lines.height  # zero base → null
    total = one(measures.unbudgeted_total(tables), doc_id=D004)
    # 10.46 + 47.27 + 95 + 1341.86 + 74.4 + 239.55 + 4.78 = 1813.32
    assert total["n_unbudgeted"] == 7
    assert total["unbudgeted_actual"] == approx(1813.32)
    # the 26 narrative items add up to the 公开05表 classes 10.46 + 7771.07 + 79.28 + 4.78 +
    # 154.38 = 8019.97 (8019.96 printed: 尾差); 1813.32 / 8019.97 = 22.61%.
    assert total["lines_actual"] == approx(8019.97)
    assert total["unbudgeted_share"] == near(22.61)
    # 000: 76.64 + 380.2 + 10 + 827.69 + 13 + 55.74 = 1363.27 over six lines.
    total = one(measures.unbudgeted_total(tables), doc_id=D000)
    assert (total["n_unbudgeted"], total["unbudgeted_actual"]) == (6, approx(1363.27))


def test_largest_gaps_004(tables):
    g = measures.largest_gaps(tables, n=2).filter(pl.col("doc_id") == D004)
    by_amount = g.filter(pl.col("ranked_by") == "wanyuan")
    # 其他就业补助支出: 1341.86 − 0; 社会保险补贴: 1348.01 − 200 = 1148.01 (lines 216-222).
    assert by_amount["line_name"].to_list() == ["其他就业补助支出", "社会保险补贴"]
    assert by_amount["gap_wanyuan"].to_list() == approx([1341.86, 1148.01])
    by_pct = g.filter(pl.col("ranked_by") == "percent")
    # 其他社会保障和就业支出 147.07 / 10.31 = 1426.48% → +1326.48;
    # 其他人力资源和社会保障管理事务支出 533.90 / 38.00 = 1405.00% → +1305.00.
    assert by_pct["line_name"].to_list() == ["其他社会保障和就业支出",
                                             "其他人力资源和社会保障管理事务支出"]
    assert by_pct["gap_percent"].to_list() == [near(1326.48), near(1305.00)]
    assert by_pct["rank"].to_list() == [1, 2]


def test_functional_shares(tables):
    fs = measures.functional_shares(tables)
    # 004 from 公开05表 (lines 1471-1510): 社会保障和就业支出 7771.07 of the classes'
    # 10.46 + 7771.07 + 79.28 + 4.78 + 154.38 = 8019.97 → 96.90%.
    d004 = fs.filter(pl.col("doc_id") == D004)
    assert set(d004["source"]) == {"table_gpb_expenditure"}
    assert one(d004, class_name="社会保障和就业支出")["share"] == near(96.90)
    # 000 has no tables: its narrative items summed by class. 社会保障和就业支出 =
    # 376.06 + 76.64 + 380.2 + 10 + 223.76 + 3.26 + 71.18 + 57.61 + 827.69 + 13 = 2039.40;
    # classes 2039.40 + 53.35 + 55.74 + 60.69 = 2209.18 → 92.31%.
    r = one(fs, doc_id=D000, class_name="社会保障和就业支出")
    assert (r["source"], r["actual"]) == ("narrative_gpb_items", approx(2039.40))
    assert r["share"] == near(92.31)
    assert one(fs, doc_id=D000, class_name="卫生健康支出")["actual"] == approx(53.35)  # 33.52+19.83
    # 001 prints class rows in its structure sentence (lines 78-82): 552.37 占 97.2%.
    r = one(fs, doc_id=D001, class_name="社会保障和就业支出")
    assert (r["source"], r["share_stated"]) == ("narrative_gpb_class", 97.2)
    assert r["share"] == near(97.20)  # 552.37 / (552.37 + 6.68 + 2.24 + 6.99 = 568.28)
    for doc, shares in fs.group_by("doc_id").agg(pl.col("share").sum()).iter_rows():
        assert shares == approx(100.0), doc


def test_three_public_completion(tables):
    tp = measures.three_public_completion(tables)
    # 000 lines 312-314: 预算 2.10, 决算 1.55, 完成预算的 73.81%.
    r = one(tp, doc_id=D000, item="total")
    assert (r["budget"], r["actual"], r["completion_rate"]) == (2.10, 1.55, near(73.81))
    # 000 line 346: 公务接待 1.45 → 1.15 = 79.31%.
    assert one(tp, doc_id=D000, item="official_reception")["completion_rate"] == near(79.31)
    # 004 公开09表 (line 1602) leaves the 公务用车运行维护费 决算 cell blank; the narrative
    # (line 296) states 8.4 → 0: the table's budget, the narrative's actual, 0%.
    r = one(tp, doc_id=D004, item="vehicle_operation")
    assert (r["budget_source"], r["actual_source"], r["completion_rate"]) == (
        "table", "narrative", 0.0)
    # 004 培训费 120.00 → 115.03 = 95.86% (table line 1603; the narrative says 95.86%).
    assert one(tp, doc_id=D004, item="training")["completion_rate"] == near(95.86)
    # 003: budget 0, actual 0 (line 460) → no completion.
    assert one(tp, doc_id=D003, item="total")["completion_rate"] is None


def _lines(*rows: tuple) -> pl.DataFrame:
    return metadata.frame("budget_lines", [
        {"doc_id": d, "statement": "narrative_gpb", "level": "item", "class_name": "C",
         "item_name": name, "budget_initial": b, "actual": a, "src_line": i + 1}
        for i, (d, name, b, a) in enumerate(rows)])


def test_zero_or_missing_base_gives_null_never_inf():
    lc = measures.line_completion(_lines(
        ("x", "zero base", 0.0, 5.0), ("x", "nothing", 0.0, 0.0), ("x", "normal", 4.0, 5.0),
        ("y", "no budget", None, 5.0)))
    got = {r["line_name"]: r for r in lc.to_dicts()}
    assert got["zero base"]["completion_rate"] is None and got["zero base"]["unbudgeted"] is True
    assert got["zero base"]["gap_wanyuan"] == 5.0
    assert got["nothing"]["completion_rate"] is None and got["nothing"]["unbudgeted"] is False
    assert got["normal"]["completion_rate"] == 125.0 and got["normal"]["gap_percent"] == 25.0
    assert "no budget" not in got  # neither a budget nor a completion stated
    assert pl.select(measures.pct(pl.lit(1.0), pl.lit(0.0))).item() is None
    totals = metadata.frame("totals", [
        {"doc_id": "x", "metric": "gpb_expenditure_budget_initial", "value": 0.0, "unit": "万元",
         "source_kind": "narrative", "src_line": 1},
        {"doc_id": "x", "metric": "gpb_expenditure_actual", "value": 3.0, "unit": "万元",
         "source_kind": "narrative", "src_line": 2}])
    assert measures.document_completion(totals)["completion_rate"].to_list() == [None]


def test_unbudgeted_total_counts_only_the_finest_level():
    bl = metadata.frame("budget_lines", [
        {"doc_id": "x", "statement": "narrative_gpb", "level": "class", "class_name": "C",
         "budget_initial": 0.0, "actual": 7.0, "src_line": 1},
        {"doc_id": "x", "statement": "narrative_gpb", "level": "item", "class_name": "C",
         "item_name": "a", "budget_initial": 0.0, "actual": 3.0, "src_line": 2},
        {"doc_id": "x", "statement": "narrative_gpb", "level": "item", "class_name": "C",
         "item_name": "b", "budget_initial": 2.0, "actual": 4.0, "src_line": 3}])
    assert measures.unbudgeted_lines(bl).height == 2  # the class and its item are both listed
    r = measures.unbudgeted_total(bl).to_dicts()[0]
    assert (r["n_lines"], r["n_unbudgeted"], r["unbudgeted_actual"], r["lines_actual"]) == (
        2, 1, 3.0, 7.0)


def test_three_public_takes_each_value_where_it_is_printed():
    tp = metadata.frame("three_public", [
        {"doc_id": "x", "item": "meeting", "budget": 4.0, "source_kind": "table", "src_line": 9},
        {"doc_id": "x", "item": "meeting", "budget": 5.0, "actual": 3.0,
         "completion_stated": 60.0, "source_kind": "narrative", "src_line": 2},
        {"doc_id": "x", "item": "training", "budget": 0.0, "actual": 0.0,
         "source_kind": "narrative", "src_line": 3}])
    out = measures.three_public_completion(tp).to_dicts()
    assert [r["item"] for r in out] == ["meeting", "training"]
    assert (out[0]["budget"], out[0]["actual"], out[0]["completion_rate"]) == (4.0, 3.0, 75.0)
    assert out[1]["completion_rate"] is None


def test_functional_shares_prefer_the_table():
    bl = metadata.frame("budget_lines", [
        {"doc_id": "x", "statement": "table_gpb_expenditure", "level": "class", "func_code": "208",
         "class_name": "A", "actual": 3.0, "src_line": 10},
        {"doc_id": "x", "statement": "table_gpb_expenditure", "level": "class", "func_code": "210",
         "class_name": "B", "actual": 1.0, "src_line": 11},
        {"doc_id": "x", "statement": "narrative_gpb", "level": "class", "class_name": "A",
         "actual": 99.0, "share_stated": 75.0, "src_line": 1}])
    fs = measures.functional_shares(bl).to_dicts()
    assert [(r["class_name"], r["share"], r["share_stated"]) for r in fs] == [
        ("A", 75.0, 75.0), ("B", 25.0, None)]
