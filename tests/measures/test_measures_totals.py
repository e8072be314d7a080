"""juesuan.measures.totals: headline figures, completion of the initial budget, structure,
per-staff figures.

Values are worked out by hand from data/raw, the arithmetic beside each expectation."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import measures, metadata
from tests.measures.helpers import D000, D001, D003, D004, PDFS, approx, near, one


def test_headline_prefers_the_table_statement(tables):
    h = measures.headline(tables, "gpb_expenditure_actual")
    assert h["doc_id"].to_list() == sorted([D000, D001, D003, D004, *PDFS])
    # 004: 8019.96 in 公开05表 (line 1470) and in the narrative (line 149): the table wins.
    r = one(h, doc_id=D004)
    assert (r["value"], r["source_kind"], r["src_line"]) == (8019.96, "table", 1470)
    assert r["n_statements"] == 2 and r["statements_agree"]
    # 001 has no tables: three narrative statements (lines 67, 76, 86); the first is taken.
    r = one(h, doc_id=D001)
    assert (r["value"], r["source_kind"], r["src_line"], r["n_statements"]) == (
        568.27, "narrative", 67, 3)


def test_headline_rejects_unknown_metrics(tables):
    with pytest.raises(ValueError):
        measures.headline(tables, "no_such_metric")
    with pytest.raises(ValueError):
        measures.headlines(tables["totals"], ["income_total", "nope"])


def test_document_completion(tables):
    dc = measures.document_completion(tables)
    # 000 lines 126-128: 年初预算 9085.20, 支出决算 2209.18, 完成年初预算的 24.32%.
    r = one(dc, doc_id=D000)
    assert r["completion_rate"] == near(24.32)  # 2209.18 / 9085.20 = 0.243163
    assert r["completion_stated"] == 24.32
    # 004 line 149: 4106.46 → 8019.96, 195.30%.
    r = one(dc, doc_id=D004)
    assert r["completion_rate"] == near(195.30)  # 8019.96 / 4106.46 = 1.953011
    assert r["gap_wanyuan"] == approx(3913.50)  # 8019.96 − 4106.46
    # 001 prints no initial budget for the general-budget expenditure.
    assert one(dc, doc_id=D001)["completion_rate"] is None


def test_structure_000(tables):
    r = one(measures.structure(tables), doc_id=D000)
    # 000 line 106: 本年支出合计 2209.18, 基本支出 845.91 (占 38.29%), 项目支出 1363.28 (61.71%).
    assert r["basic_share"] == near(38.29)  # 845.91 / 2209.18 = 0.382907
    assert r["project_share"] == near(61.71)  # 1363.28 / 2209.18 = 0.617098
    # lines 278, 288: 人员经费 793.25, 公用经费 52.66 → 793.25 / 845.91 = 93.77%.
    assert r["personnel_share"] == near(93.77)
    assert r["public_share"] == near(6.23)
    assert r["fiscal_income_share"] == near(100.0)  # line 98: 财政拨款收入 2209.18 of 2209.18


def test_fiscal_income_share_and_its_basis(tables):
    s = measures.structure(tables)
    # 004 公开01/02表: 财政拨款收入 7987.94 of 本年收入合计 9099.99 = 87.78% (line 120 states 87.78%).
    r = one(s, doc_id=D004)
    assert r["fiscal_income_share"] == near(87.78)
    assert r["fiscal_income_basis"] == "income_fiscal_appropriation"
    # 001 states only the general-budget appropriation (line 34): 568.27 of 568.27.
    r = one(s, doc_id=D001)
    assert (r["fiscal_income_basis"], r["fiscal_income_share"]) == (
        "income_gpb_appropriation", near(100.0))


def test_per_staff_004(tables):
    r = one(measures.per_staff(tables), doc_id=D004)
    # line 105: 实有人员 173; 公开01表 line 1292: 本年支出合计 8,980.21 → 8980.21 / 173 = 51.91.
    assert r["staff_actual"] == 173
    assert r["expenditure_per_staff"] == near(51.91)
    # 公开06表: 人员经费 2736.02 / 173 = 15.82
    assert r["personnel_per_staff"] == near(15.82)


def test_missing_staff_gives_null_per_staff_figures():
    def stmt(doc, metric, value, line):
        return {"doc_id": doc, "metric": metric, "value": value, "unit": "万元",
                "source_kind": "narrative", "src_line": line}
    totals = metadata.frame("totals", [
        stmt("a", "expenditure_current_year", 100.0, 1), stmt("a", "staff_actual", 4.0, 2),
        stmt("b", "expenditure_current_year", 100.0, 1),
        stmt("c", "expenditure_current_year", 100.0, 1), stmt("c", "staff_actual", 0.0, 2)])
    ps = measures.per_staff(totals)
    assert ps["expenditure_per_staff"].to_list() == [25.0, None, None]


def test_headline_order_table_first_then_first_narrative():
    def stmt(value, kind, line):
        return {"doc_id": "x", "metric": "income_total", "value": value, "unit": "万元",
                "source_kind": kind, "src_line": line}
    totals = metadata.frame("totals", [stmt(3.0, "narrative", 9), stmt(2.0, "narrative", 5),
                                     stmt(1.0, "table", 50)])
    h = measures.headline(totals, "income_total").to_dicts()[0]
    assert (h["value"], h["n_statements"], h["statements_agree"]) == (1.0, 3, False)
    h = measures.headline(totals.filter(pl.col("source_kind") == "narrative"), "income_total")
    assert h["value"].to_list() == [2.0]


def test_document_figures_are_structure_per_staff_and_completion(tables):
    fig = measures.document_figures(tables["totals"])
    for part in (measures.structure(tables["totals"]), measures.per_staff(tables["totals"]),
                 measures.document_completion(tables["totals"]).drop("gap_wanyuan")):
        cols = [c for c in part.columns if c not in ("budget_initial", "actual")]
        assert fig.select(cols).equals(part.select(cols)), cols
    xy = fig.filter(pl.col("doc_id") == "xianyang-hrss-2023").row(0, named=True)
    assert xy["completion_rate"] == pytest.approx(8019.96 / 4106.46 * 100)  # 第149行
