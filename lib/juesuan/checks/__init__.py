"""The audit: consistency rules (`rules`) and the completeness scorecard (`completeness`).

Both read the curated tables only, so a finding always points at lines of the source text.
"""

from __future__ import annotations

import polars as pl

from juesuan import metadata


def audit(tables: dict[str, pl.DataFrame],
          doc_ids: list[str] | None = None) -> dict[str, pl.DataFrame]:
    """The `findings` and `completeness` tables for the given documents (default: all)."""
    from juesuan.checks import completeness, rules

    return {"findings": metadata.frame("findings", rules.run(tables, doc_ids)),
            "completeness": completeness.scorecard(tables, doc_ids)}


def audit_markdown() -> str:
    """The rule catalogue and the completeness item list, for data/curated/AUDIT.md."""
    from juesuan.checks import completeness, rules

    return ("# Audit rules and completeness items (审核规则与完整性清单)\n\n"
            "Generated from `lib/juesuan/checks/` by `juesuan check`; do not edit by hand.\n\n"
            "## Consistency rules\n\n" + rules.catalogue_markdown()
            + "\n## Completeness items\n\n" + (completeness.__doc__ or "").strip() + "\n\n"
            + completeness.items_markdown())
