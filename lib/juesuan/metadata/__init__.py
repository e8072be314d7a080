"""The metadata: every table, column, measure, code, term and rule of the national format,
defined once, as data. Everything that names things reads it: the loaders (`catalog`), the
writers (`io`, the data dictionary and `datapackage.json`), the audit, the measures, the
charts' and tables' labels (`present`) and the bilingual glossary.

    fields.py    Field; the fields several tables share (doc_id, src_line …), PROVENANCE
    tables.py    the curated tables and their columns, in order
    measures.py  the columns the measures compute
    codes.py     coded values and their names, the metric vocabulary, the “三公” items
    terms.py     the domain's terms, for the glossary
    formats.py   the national format: standard tables, grade scale, rounding

`resolve(column, table)` is the one lookup of what a column of a shown frame means.
"""

from __future__ import annotations

from juesuan.metadata.codes import (
    COMPLETENESS_STATUSES,
    DISPLAY_VALUES,
    FINDING_CATEGORIES,
    FINDING_SEVERITIES,
    METRICS,
    PERF_SCOPES,
    PERF_TEMPLATES,
    REMARK_COLUMNS,
    REVIEW_VERDICTS,
    SCORE_PENALTIES,
    SCORE_WEIGHTS,
    SEVERITY_ZH,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_ITEMS_EN,
    THREE_PUBLIC_ITEMS_EN_SHORT,
    THREE_PUBLIC_NAMES,
    VALUE_LABELS,
)
from juesuan.metadata.fields import (
    COUNT,
    PER_STAFF,
    PERCENT,
    PERSONS,
    POINTS,
    PROVENANCE,
    SHARED,
    WANYUAN,
    Field,
)
from juesuan.metadata.measures import (
    COMPARED_FIELDS,
    DISPLAY_LABELS,
    FORMULAS_ZH,
    MEASURE_COLUMNS,
    MEASURE_CONTEXT,
)
from juesuan.metadata.tables import (
    AUDITED,
    AUDITED_NAMES,
    BUDGET_LINES,
    COMPLETENESS,
    DOCUMENTS,
    ECONOMIC_LINES,
    FINDINGS,
    INGESTED,
    INGESTED_NAMES,
    PARTS,
    PERF_EVALUATIONS,
    PERF_INDICATORS,
    TABLES,
    THREE_PUBLIC,
    TOTALS,
    Table,
    empty_frame,
    frame,
    label,
)
from juesuan.metadata.terms import GLOSSARY_KINDS, TERMS, Term

Column = Field  # the name the data contract used before fields were shared


def resolve(column: str, table: str | None = None, computed: bool = False) -> Field | None:
    """What `column` of a shown frame means.

    A frame of the curated `table` (computed False): the table's own column, else a measure
    computed beside it. A frame the measures computed from `table` (computed True): the
    measure (its meaning for `table` first), else the table's column — `execution_rate` there
    is the rate B/A computed, not the one the table states (`table` "compare": the documents
    compared side by side, `juesuan.measures.compare_frame`). Without a table: a measure or a
    metric (`measures.headlines` makes one column per metric), else the first curated table
    that has the column. None when nothing defines it."""
    own = TABLES[table].column(column) if table in TABLES and column in \
        TABLES[table].column_names else None
    if own is not None and not computed:
        return own
    context = COMPARED_FIELDS if table == "compare" else MEASURE_CONTEXT.get(table or "", {})
    if column in context:
        return context[column]
    if column in MEASURE_COLUMNS:
        return MEASURE_COLUMNS[column]
    if own is not None:
        return own
    if column in METRICS:
        unit, en, zh = METRICS[column]
        return Field(column, "number", en, zh, unit, None, False)
    for spec in TABLES.values():
        if column in spec.column_names:
            return spec.column(column)
    return None


__all__ = [
    "AUDITED",
    "AUDITED_NAMES",
    "BUDGET_LINES",
    "COMPARED_FIELDS",
    "COMPLETENESS",
    "COMPLETENESS_STATUSES",
    "COUNT",
    "DISPLAY_LABELS",
    "DISPLAY_VALUES",
    "DOCUMENTS",
    "ECONOMIC_LINES",
    "FINDINGS",
    "FINDING_CATEGORIES",
    "FINDING_SEVERITIES",
    "FORMULAS_ZH",
    "GLOSSARY_KINDS",
    "INGESTED",
    "INGESTED_NAMES",
    "MEASURE_COLUMNS",
    "MEASURE_CONTEXT",
    "METRICS",
    "PARTS",
    "PERCENT",
    "PERF_EVALUATIONS",
    "PERF_INDICATORS",
    "PERF_SCOPES",
    "PERF_TEMPLATES",
    "PERSONS",
    "PER_STAFF",
    "POINTS",
    "PROVENANCE",
    "REMARK_COLUMNS",
    "REVIEW_VERDICTS",
    "SCORE_PENALTIES",
    "SCORE_WEIGHTS",
    "SEVERITY_ZH",
    "SHARED",
    "TABLES",
    "TERMS",
    "THREE_PUBLIC",
    "THREE_PUBLIC_ITEMS",
    "THREE_PUBLIC_ITEMS_EN",
    "THREE_PUBLIC_ITEMS_EN_SHORT",
    "THREE_PUBLIC_NAMES",
    "TOTALS",
    "VALUE_LABELS",
    "WANYUAN",
    "Column",
    "Field",
    "Table",
    "Term",
    "empty_frame",
    "frame",
    "label",
    "resolve",
]
