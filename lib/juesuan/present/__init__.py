"""Display helpers for the report notebooks: Chinese labels, HTML tables, texts with the lines
figures are printed on. They format; the figures come from `juesuan.measures`.

    >>> from juesuan import catalog, measures, present
    >>> tables = catalog.load_all()
    >>> present.table(measures.line_completion(tables), doc_id="xianyang-hrss-2023")

    labels.py       column and value labels (from `juesuan.metadata`)
    formatting.py   values as text; DataFrames as HTML tables
    documents.py    one document in words: profile, key figures, “三公”
    blocks.py       those in the page: labelled lists and paragraphs, lines as links
    audit.py        findings and completeness
    narrative.py    a report's conclusions in sentences (摘要, 主要发现, caveats)
    opening.py      those as HTML, 问题与建议, the quoted source text
    performance.py  evaluations and indicators
    compare.py      the documents side by side

Every text taken from a document is HTML-escaped before it is put into HTML. Amounts are shown
as published (万元, two decimals); a value the document does not state is shown as “—”, never 0.
"""

from __future__ import annotations

from juesuan.measures import selected_docs, unit_label
from juesuan.present.audit import (
    audit_overview,
    completeness_summary,
    completeness_table,
    findings_summary,
    findings_table,
    rule_titles,
)
from juesuan.present.blocks import facts, key_figures_card, paragraphs, profile_card, sentences
from juesuan.present.compare import compare_summary, compare_table
from juesuan.present.documents import (
    doc_labels,
    key_figures,
    profile,
    three_public_note,
    with_units,
)
from juesuan.present.formatting import (
    HTML,
    NOT_STATED,
    Docs,
    Tables,
    amount,
    fmt,
    html_table,
    only,
    show,
    table,
)
from juesuan.present.labels import VALUE_LABELS, column_info, label, value_label, with_value_labels
from juesuan.present.opening import (
    conclusions,
    problems_and_suggestions,
    source_text,
)
from juesuan.present.performance import (
    EVALUATION_COLUMNS,
    department_evaluation,
    evaluations_table,
    indicator_details,
    indicators_table,
    performance_summary,
)

__all__ = [
    "EVALUATION_COLUMNS",
    "HTML",
    "NOT_STATED",
    "VALUE_LABELS",
    "Docs",
    "Tables",
    "amount",
    "audit_overview",
    "column_info",
    "compare_summary",
    "compare_table",
    "completeness_summary",
    "completeness_table",
    "conclusions",
    "department_evaluation",
    "doc_labels",
    "evaluations_table",
    "facts",
    "findings_summary",
    "findings_table",
    "fmt",
    "html_table",
    "indicator_details",
    "indicators_table",
    "key_figures",
    "key_figures_card",
    "label",
    "only",
    "paragraphs",
    "performance_summary",
    "problems_and_suggestions",
    "profile",
    "profile_card",
    "rule_titles",
    "selected_docs",
    "sentences",
    "show",
    "source_text",
    "table",
    "three_public_note",
    "unit_label",
    "value_label",
    "with_units",
    "with_value_labels",
]
