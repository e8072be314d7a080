"""Measures: the derived figures researchers compute from the curated tables.

    >>> from juesuan import catalog, measures
    >>> tables = catalog.load_all()
    >>> measures.corpus_summary(tables)

Every function takes curated DataFrames — the one table it needs, or the dict that
`catalog.load_all()` returns — and returns a *new* polars DataFrame keyed by `doc_id` (and
`eval_id`, line or item where relevant). Nothing is written back to the curated tables: those
keep the figures as published, the measures here are recomputed from them. LazyFrames
(`catalog.scan_all()`) work too: each measure then reads only the columns it uses, for
corpora too large to hold whole.

Conventions, the same in every function:

* Percentages are percent numbers (96.12, not 0.9612), unrounded.
* A ratio whose base is missing or zero is null — never inf or NaN.
* Amounts are 万元 as published. Performance amounts printed in 元 (some Shanxi goal tables)
  are converted in separate `*_wanyuan` columns; the printed columns are kept.
* A figure stated more than once (a table and the narrative, or two narrative sentences) is
  picked deterministically: the table statement first, then the first narrative statement
  (lowest source line) — see `headline`. Where a value is taken per cell (三公), each value is
  the table's where the table prints it, else the first narrative statement's.
* Everything works on the whole corpus at once, grouped by `doc_id`; all computation is
  vectorised polars expressions (no Python loops over rows).

Two definitions are easy to confuse and are kept apart by name:
*completion of the initial budget* (`completion_rate`, `initial_budget_completion_rate`) is
spending ÷ 年初预算; the *execution rate* of a project (`execution_rate`) is 全年执行数 B ÷ the
adjusted full-year budget A (全年预算数).
(See the domain primer, DOMAIN.md, "Measures people compute" and "Performance evaluation".)

The measures live in one module per subject; everything is importable from `juesuan.measures`:

    common.py       conventions as helpers (pct, ratio, preferred statement, grade_of), and
                    `Shared`: the tables plus the intermediates measures share, computed once
    totals.py       headline figures, completion of the initial budget, structure, per staff
    lines.py        functional lines: completion, unbudgeted lines, gaps, shares; “三公”
    performance.py  execution B/A, grades, scores, indicators, the evaluations frame
    corpus.py       the corpus summary and the documents side by side (compare_frame)
"""

from __future__ import annotations

# the grade scale and rounding are the national format's (metadata.formats), re-exported here
from juesuan.measures.common import (
    NOT_APPLICABLE_TARGETS,
    SCORE_EPS,
    Frame,
    Shared,
    Source,
    Tables,
    grade_of,
    implementing_unit_name,
    pct,
    ratio,
    shared,
    sum_or_null,
)
from juesuan.measures.corpus import (
    COMPARED,
    compare_frame,
    corpus_summary,
    selected_docs,
    unit_label,
)
from juesuan.measures.lines import (
    budget_status,
    finest_lines,
    functional_shares,
    largest_gaps,
    line_completion,
    line_measures,
    three_public_completion,
    unbudgeted_lines,
    unbudgeted_total,
)
from juesuan.measures.performance import (
    EXECUTION_BAND_BELOW,
    EXECUTION_BANDS,
    SCORE_BAND_BELOW,
    SCORE_BANDS,
    by_implementing_unit,
    classify_indicators,
    evaluation_grades,
    evaluations_frame,
    execution,
    execution_band,
    execution_rate_shown,
    full_marks,
    grade_distribution,
    qualitative_share,
    score_distribution,
    score_summary,
    score_vs_execution,
)
from juesuan.measures.totals import (
    document_completion,
    document_figures,
    headline,
    headlines,
    per_staff,
    structure,
)
from juesuan.metadata.formats import GRADE_ALIASES, GRADE_BELOW, GRADE_THRESHOLDS, GRADES, ROUNDING

__all__ = [
    "COMPARED",
    "EXECUTION_BANDS",
    "EXECUTION_BAND_BELOW",
    "GRADES",
    "GRADE_ALIASES",
    "GRADE_BELOW",
    "GRADE_THRESHOLDS",
    "NOT_APPLICABLE_TARGETS",
    "ROUNDING",
    "SCORE_BANDS",
    "SCORE_BAND_BELOW",
    "SCORE_EPS",
    "Frame",
    "Shared",
    "Source",
    "Tables",
    "budget_status",
    "by_implementing_unit",
    "classify_indicators",
    "compare_frame",
    "corpus_summary",
    "document_completion",
    "document_figures",
    "evaluation_grades",
    "evaluations_frame",
    "execution",
    "execution_band",
    "execution_rate_shown",
    "finest_lines",
    "full_marks",
    "functional_shares",
    "grade_distribution",
    "grade_of",
    "headline",
    "headlines",
    "implementing_unit_name",
    "largest_gaps",
    "line_completion",
    "line_measures",
    "pct",
    "per_staff",
    "qualitative_share",
    "ratio",
    "score_distribution",
    "score_summary",
    "score_vs_execution",
    "selected_docs",
    "shared",
    "structure",
    "sum_or_null",
    "three_public_completion",
    "unbudgeted_lines",
    "unbudgeted_total",
    "unit_label",
]
