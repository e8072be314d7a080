"""The documents side by side: the compared measures (`measures.compare_frame`) as a table
with their titles, and the documents' size in words."""

from __future__ import annotations

from collections.abc import Sequence

from juesuan import measures
from juesuan.present.formatting import (
    HTML,
    Tables,
    amount,
    fmt,
    html_table,
)


def compare_table(tables: Tables, doc_ids: Sequence[str] | None = None) -> HTML:
    """measures.compare_frame with the measures' titles in the comparison."""
    df = measures.compare_frame(tables, doc_ids).drop("doc_id")
    return HTML(html_table(df, "compare", computed=True), f"<{df.height} 行>")


def compare_summary(tables: Tables, doc_ids: Sequence[str] | None = None) -> str:
    """The compared documents and their size as plain text."""
    df = measures.compare_frame(tables, doc_ids)
    out = []
    for r in df.iter_rows(named=True):
        out.append(f"{r['unit_label']}：本年支出{amount(r['expenditure_current_year'])}，"
                   f"实有人数{fmt(r['staff_actual'], '人')}人")
    return "\n".join(out)


