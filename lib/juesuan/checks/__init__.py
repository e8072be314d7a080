"""The audit: consistency rules (`rules`) and the completeness scorecard (`completeness`).

Both read the curated tables only, so a finding always points at lines of the source text.
`audit` audits tables held in memory; `streamed.check` (`juesuan check`) audits the curated
tables batch by batch and writes the same files, holding one batch of documents at a time.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from juesuan import metadata


def audit(tables: dict[str, pl.DataFrame], doc_ids: list[str] | None = None,
          root: Path | None = None, reviews: Path | None = None) -> dict[str, pl.DataFrame]:
    """The `findings`, `completeness` and `scores` tables for the given documents (default:
    all). `root`: the curated directory, whose extracted texts the text-reading rules and the
    quotes use; `reviews`: the hand-kept reviews.csv."""
    from juesuan.checks import completeness, evidence, rules

    tables = dict(tables)
    if root is not None:
        tables[evidence.LINES] = evidence.load_lines(tables["documents"], root)
    if reviews is not None:
        tables[evidence.REVIEWS] = evidence.load_reviews(reviews)
    findings = metadata.frame("findings", rules.run(tables, doc_ids))
    card = completeness.scorecard(tables, doc_ids)
    docs = doc_ids or tables["documents"]["doc_id"].to_list()
    return {"findings": findings, "completeness": card,
            "scores": metadata.frame("scores", evidence.scores(findings, card, docs))}


def audit_markdown() -> str:
    """The rule catalogue and the completeness item list, for data/curated/AUDIT.md."""
    from juesuan.checks import completeness, rules

    return ("# Audit rules and completeness items (审核规则与完整性清单)\n\n"
            "Generated from `lib/juesuan/checks/` by `juesuan check`; do not edit by hand.\n\n"
            "## Consistency rules\n\n" + rules.catalogue_markdown()
            + "\n## Completeness items\n\n" + (completeness.__doc__ or "").strip() + "\n\n"
            + completeness.items_markdown())
