"""The one registry: every rule documented, run in order, the catalogue."""

from __future__ import annotations

from juesuan import metadata
from juesuan.checks import rules
from tests.checks.rules.builders import (
    DOC,
    _qianyang_three_public,
    tables,
    tot,
)


def test_every_rule_has_an_id_title_and_tolerance():
    ids = [r.rule_id for r in rules.RULES]
    assert len(ids) == len(set(ids))
    for r in rules.RULES:
        assert r.title_zh and r.title_en and r.checks and r.tolerance


def test_run_returns_findings_rows_in_order():
    t = tables(totals=[tot("gpb_basic_expenditure", 793.25, 274),
                       tot("basic_personnel", 793.25, 278), tot("basic_public", 52.66, 288),
                       tot("expenditure_total", 1.0, 1, doc_id="other-doc"),
                       tot("expenditure_total", 2.0, 2, doc_id="other-doc")],
               three_public=_qianyang_three_public())
    found = rules.run(t)
    assert all(list(f) == metadata.TABLES["findings"].column_names for f in found)
    metadata.frame("findings", found)  # types and columns match the schema
    keys = [(f["doc_id"], f["rule_id"], f["src_line"], f["subject"]) for f in found]
    assert keys == sorted(keys)
    assert {f["doc_id"] for f in found} == {DOC, "other-doc"}
    assert {f["doc_id"] for f in rules.run(t, ["other-doc"])} == {"other-doc"}
    assert rules.run(t, []) == []


def test_catalogue_lists_every_rule():
    md = rules.catalogue_markdown()
    assert md.startswith("| rule |")
    for r in rules.RULES:
        assert f"`{r.rule_id}`" in md
    assert "growth" in md
