"""juesuan.measures.corpus: the corpus summary.

Values are worked out by hand from data/raw, the arithmetic beside each expectation."""

from __future__ import annotations

from juesuan import measures
from tests.measures.helpers import D000, D001, D003, D004, PDFS, near, one


def test_corpus_summary(tables):
    s = measures.corpus_summary(tables)
    assert s["doc_id"].to_list() == sorted([D000, D001, D003, D004, *PDFS])
    r = one(s, doc_id=D004)
    assert (r["unit_name"], r["fiscal_year"], r["province"]) == (
        "咸阳市人力资源和社会保障局", 2023, "陕西省")
    assert (r["income_total"], r["expenditure_total"]) == (9192.86, 9192.86)  # line 1296
    assert r["completion_rate"] == near(195.30)
    assert r["n_evaluations"] == 30  # D1 + P01…P27 + K1, K2
    assert one(s, doc_id=D003)["mean_score"] == near(99.65)
    assert one(s, doc_id=D001)["completion_rate"] is None
