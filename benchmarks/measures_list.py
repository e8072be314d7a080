"""Every corpus-wide measure the report notebooks compute, as (juesuan, pandas) pairs.

The list follows the notebooks (and the index page that `juesuan build` writes):

* compare_units.ipynb — measures.compare_frame (headlines, document_completion,
  unbudgeted_total, structure, per_staff, three_public_completion, score_summary by doc_id),
  charts.structure_shares (headline of four metrics), charts.functional_shares,
  document_completion, unbudgeted_total, three_public_completion,
  score_summary by (doc_id, scope), charts.score_distribution;
* performance_scores.ipynb — measures.evaluations_frame (execution, evaluation_grades), the
  grade distribution, score_vs_execution, full_marks and qualitative_share (per document and,
  in charts.indicator_quality, per evaluation), classify_indicators, by_implementing_unit;
* unit_report.ipynb — line_completion, three_public_completion, classify_indicators (computed
  over the corpus, then filtered to the document);
* the index page — corpus_summary.
data_quality.ipynb counts findings and completeness items in charts and present (no measure).

Each juesuan entry is the call the notebooks make, given the tables as one `measures.Shared`
(the notebooks pass the one table a measure reads; the Shared source returns the same result
and lets the measures of one run share their intermediates: the headline figures, the lines
with a budget, execution and grades, the indicator counts). Each pandas entry is
`benchmarks.pandas_reference`'s version of it, each duckdb entry `benchmarks.duckdb_reference`'s
(a query on the connection's views of the same Parquet files).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import duckdb
import pandas as pd
import polars as pl

from benchmarks import duckdb_reference as ddb
from benchmarks import pandas_reference as pdref
from juesuan import measures

STRUCTURE_SHARE_METRICS = ("expenditure_basic", "expenditure_project", "basic_personnel",
                           "basic_public")
# The tables the measures read (the notebooks load them all; these are what is benchmarked).
TABLES = ("documents", "totals", "budget_lines", "three_public", "perf_evaluations",
          "perf_indicators")


@dataclass(frozen=True)
class Measure:
    name: str
    juesuan: Callable[[Mapping[str, pl.DataFrame]], pl.DataFrame]
    pandas: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]
    duckdb: Callable[[duckdb.DuckDBPyConnection], pl.DataFrame]


MEASURES: tuple[Measure, ...] = (
    Measure("document_completion",
            lambda t: measures.document_completion(t),
            lambda t: pdref.document_completion(t["totals"]),
            lambda c: ddb.document_completion(c)),
    Measure("line_completion",
            lambda t: measures.line_completion(t),
            lambda t: pdref.line_completion(t["budget_lines"]),
            lambda c: ddb.line_completion(c)),
    Measure("unbudgeted_total",
            lambda t: measures.unbudgeted_total(t),
            lambda t: pdref.unbudgeted_total(t["budget_lines"]),
            lambda c: ddb.unbudgeted_total(c)),
    Measure("structure",
            lambda t: measures.structure(t),
            lambda t: pdref.structure(t["totals"]),
            lambda c: ddb.structure(c)),
    Measure("per_staff",
            lambda t: measures.per_staff(t),
            lambda t: pdref.per_staff(t["totals"]),
            lambda c: ddb.per_staff(c)),
    Measure("headline (4 metrics)",
            lambda t: pl.concat([measures.headline(t, m)
                                 for m in STRUCTURE_SHARE_METRICS]),
            lambda t: pdref.headline_metrics(t["totals"], STRUCTURE_SHARE_METRICS),
            lambda c: ddb.headline_metrics(c, STRUCTURE_SHARE_METRICS)),
    Measure("functional_shares",
            lambda t: measures.functional_shares(t),
            lambda t: pdref.functional_shares(t["budget_lines"]),
            lambda c: ddb.functional_shares(c)),
    Measure("three_public_completion",
            lambda t: measures.three_public_completion(t),
            lambda t: pdref.three_public_completion(t["three_public"]),
            lambda c: ddb.three_public_completion(c)),
    Measure("execution",
            lambda t: measures.execution(t),
            lambda t: pdref.execution(t["perf_evaluations"]),
            lambda c: ddb.execution(c)),
    Measure("evaluation_grades",
            lambda t: measures.evaluation_grades(t),
            lambda t: pdref.evaluation_grades(t["perf_evaluations"]),
            lambda c: ddb.evaluation_grades(c)),
    Measure("grade_distribution",
            lambda t: measures.grade_distribution(t),
            lambda t: pdref.grade_distribution(t["perf_evaluations"]),
            lambda c: ddb.grade_distribution(c)),
    Measure("score_summary (doc, scope)",
            lambda t: measures.score_summary(t, by=("doc_id", "scope")),
            lambda t: pdref.score_summary(t["perf_evaluations"], by=("doc_id", "scope")),
            lambda c: ddb.score_summary(c, by=("doc_id", "scope"))),
    Measure("score_distribution",
            lambda t: measures.score_distribution(t),
            lambda t: pdref.score_distribution(t["perf_evaluations"]),
            lambda c: ddb.score_distribution(c)),
    Measure("score_vs_execution",
            lambda t: measures.score_vs_execution(t),
            lambda t: pdref.score_vs_execution(t["perf_evaluations"]),
            lambda c: ddb.score_vs_execution(c)),
    Measure("classify_indicators",
            lambda t: measures.classify_indicators(t),
            lambda t: pdref.classify_indicators(t["perf_indicators"]),
            lambda c: ddb.classify_indicators(c)),
    Measure("full_marks (doc)",
            lambda t: measures.full_marks(t, by="doc_id"),
            lambda t: pdref.full_marks(t["perf_indicators"], by="doc_id"),
            lambda c: ddb.full_marks(c, by="doc_id")),
    Measure("full_marks (eval)",
            lambda t: measures.full_marks(t, by="eval_id"),
            lambda t: pdref.full_marks(t["perf_indicators"], by="eval_id"),
            lambda c: ddb.full_marks(c, by="eval_id")),
    Measure("qualitative_share (doc)",
            lambda t: measures.qualitative_share(t, by="doc_id"),
            lambda t: pdref.qualitative_share(t["perf_indicators"], by="doc_id"),
            lambda c: ddb.qualitative_share(c, by="doc_id")),
    Measure("qualitative_share (eval)",
            lambda t: measures.qualitative_share(t, by="eval_id"),
            lambda t: pdref.qualitative_share(t["perf_indicators"], by="eval_id"),
            lambda c: ddb.qualitative_share(c, by="eval_id")),
    Measure("by_implementing_unit",
            lambda t: measures.by_implementing_unit(t),
            lambda t: pdref.by_implementing_unit(t["perf_evaluations"]),
            lambda c: ddb.by_implementing_unit(c)),
    Measure("compare_frame",
            lambda t: measures.compare_frame(t),
            lambda t: pdref.compare_frame(t),
            lambda c: ddb.compare_frame(c)),
    Measure("corpus_summary",
            lambda t: measures.corpus_summary(t),
            lambda t: pdref.corpus_summary(t),
            lambda c: ddb.corpus_summary(c)),
)

BY_NAME = {m.name: m for m in MEASURES}
