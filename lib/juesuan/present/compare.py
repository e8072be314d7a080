"""The documents side by side: the compared measures (`measures.compare_frame`) as a table
with their titles, and the documents' size in words."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from juesuan import measures, metadata
from juesuan.present.formatting import (
    HTML,
    Tables,
    amount,
    html_table,
)
from juesuan.present.labels import label


def compare_table(tables: Tables, doc_ids: Sequence[str] | None = None) -> HTML:
    """measures.compare_frame with the measures' titles in the comparison, and a last column
    with the caveat of a disputed or explained completion rate (`narrative`)."""
    from juesuan.present import narrative

    caveats = {k: "⚠ " + narrative.caveat_note(v, limit=60)
               for k, v in narrative.completion_caveats(tables).items()}
    df = measures.compare_frame(tables, doc_ids)
    df = df.with_columns(caveat=pl.col("doc_id").replace_strict(caveats, default=None,
                                                               return_dtype=pl.String))
    df = df.drop("doc_id")
    head = f"{metadata.DISPLAY_LABELS['caveat']}（{label('completion_rate', 'compare', computed=True)}）"
    return HTML(html_table(df, "compare", labels={"caveat": head}, computed=True),
                f"<{df.height} 行>")


def compare_summary(tables: Tables, doc_ids: Sequence[str] | None = None) -> str:
    """The compared documents and their size as plain text."""
    df = measures.compare_frame(tables, doc_ids)
    out = []
    for r in df.iter_rows(named=True):
        out.append(f"{r['unit_label']}：本年支出{amount(r['expenditure_current_year'])}，"
                   f"实有人数{amount(r['staff_actual'], '人')}")
    return "\n".join(out)


