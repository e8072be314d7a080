"""Evidence, review marks and the disclosure score."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import metadata
from juesuan.checks import evidence, rules
from juesuan.text import split_lines
from tests.checks.rules.builders import DOC, tables, tot


def _found(reviews: pl.DataFrame | None = None) -> list[dict]:
    t = tables(totals=[tot("gpb_basic_expenditure", 793.25, 2, src_page=1),
                       tot("basic_personnel", 700.00, 3, src_page=2),
                       tot("basic_public", 52.66, 4, src_page=2)])
    t[evidence.LINES] = evidence.lines_frame(DOC, split_lines(
        "封面\n基本支出793.25万元\n其中：人员经费700.00万元\n公用经费52.66万元"))
    if reviews is not None:
        t[evidence.REVIEWS] = reviews
    return rules.run(t)


def test_a_finding_names_its_pages_quote_and_a_stable_id():
    (f,) = _found()
    assert (f["rule_id"], f["severity"], f["severity_zh"], f["category"]) == (
        "SUM-BASIC", "error", "确定", "sum")
    assert (f["src_lines"], f["src_pages"], f["quote"]) == ("2,3,4", "1,2", "基本支出793.25万元")
    assert f["finding_id"] == evidence.finding_id("SUM-BASIC", DOC, f["subject"], "2,3,4")
    assert f["finding_id"] == _found()[0]["finding_id"]  # the same on every run
    assert not f["reviewed"] and f["review_verdict"] is None


def test_reviews_mark_findings_and_false_positives_cost_nothing(tmp_path):
    fid = _found()[0]["finding_id"]
    path = tmp_path / "reviews.csv"
    path.write_text(f"# note\nfinding_id,verdict,reason\n{fid},false_positive,尾差\n",
                    encoding="utf-8")
    (f,) = _found(evidence.load_reviews(path))
    assert (f["reviewed"], f["review_verdict"], f["review_reason"]) == (
        True, "false_positive", "尾差")
    findings = metadata.frame("findings", [f])
    card = metadata.frame("completeness", [
        {"doc_id": DOC, "item_id": i, "item_kind": "section", "name_zh": i, "required": True,
         "status": s} for i, s in (("s_overall", "present"), ("s_performance", "present"),
                                   ("annex_project_evals", "missing"), ("glossary", "missing"))])
    (score,) = evidence.scores(findings, card, [DOC])
    assert (score["completeness"], score["consistency"], score["performance"]) == (
        50.0, 100.0, 50.0)
    weights = metadata.SCORE_WEIGHTS
    assert sum(weights.values()) == 100
    assert score["score"] == round((weights["completeness"] * 50 + weights["consistency"] * 100
                                    + weights["performance"] * 50) / 100, 1)
    (unreviewed,) = evidence.scores(metadata.frame("findings", _found()), card, [DOC])
    assert unreviewed["consistency"] == 100 - metadata.SCORE_PENALTIES["error"]
    assert unreviewed["n_error"] == 1


def test_an_unknown_verdict_is_refused(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_text("finding_id,verdict,reason\nabc,ok,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown verdict"):
        evidence.load_reviews(path)
    assert evidence.load_reviews(tmp_path / "none.csv").is_empty()


def test_every_rule_has_a_category_with_a_label():
    for r in rules.RULES:
        assert r.category in metadata.FINDING_CATEGORIES
