"""The corpus and its documents side by side."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from juesuan.measures.common import Tables, _collect, _shared
from juesuan.measures.lines import three_public_completion, unbudgeted_total
from juesuan.measures.performance import score_summary
from juesuan.measures.totals import _completion_rate, _wide, document_figures

# --- the corpus -----------------------------------------------------------------------------

def corpus_summary(tables: Tables) -> pl.DataFrame:
    """One row per document with its headline figures, for the index page: name, year,
    province, scope, income and expenditure totals (收入总计 / 支出总计), completion of the
    initial general-budget appropriation budget, number of evaluations and their mean score."""
    docs = _collect(tables["documents"].lazy()
                    .select("doc_id", "unit_name", "fiscal_year", "province", "scope"))
    # the headline totals and document_completion's figures: one pass over totals (shared
    # with the other totals measures when `tables` is a `Shared`)
    metrics = ["income_total", "expenditure_total"]
    figures = _wide(tables).select(
        "doc_id", *metrics, pl.col("budget_initial").alias("gpb_budget_initial"),
        pl.col("actual").alias("gpb_actual"), _completion_rate().alias("completion_rate"))
    perf = _collect(tables["perf_evaluations"].lazy().group_by("doc_id")
                    .agg(n_evaluations=pl.len().cast(pl.Int64), mean_score=pl.col("score").mean()))
    return (docs.join(figures, on="doc_id", how="left")
            .join(perf, on="doc_id", how="left")
            .with_columns(pl.col("n_evaluations").fill_null(0))
            .sort("doc_id"))



def unit_label() -> pl.Expr:
    """“单位名称（年度）”, the short name of a document (`unit_label`) in charts and tables."""
    return pl.format("{}（{}）", pl.col("unit_name"), pl.col("fiscal_year"))


def selected_docs(tables: Tables, selected: Sequence[str] | None = None) -> list[str]:
    """The documents to show: `selected` (checked against the catalog), or all when empty."""
    known = _collect(tables["documents"].lazy().select("doc_id")).sort("doc_id")["doc_id"].to_list()
    if not selected:
        return known
    unknown = [d for d in selected if d not in known]
    if unknown:
        raise ValueError(f"unknown doc_id(s) {unknown}; known: {', '.join(known)}")
    return list(selected)


# The measures documents are compared on (compare_units), in the order shown; their titles are
# the fields' labels in the "compare" context (`metadata.MEASURE_CONTEXT`).
COMPARED: tuple[str, ...] = (
    "completion_rate", "unbudgeted_share", "project_share", "personnel_share",
    "fiscal_income_share", "expenditure_per_staff", "personnel_per_staff",
    "three_public_completion", "mean_score")


def compare_frame(tables: Tables, doc_ids: Sequence[str] | None = None) -> pl.DataFrame:
    """One row per document with the normalised measures of COMPARED (shares, per-staff
    figures, completion %, mean score), beside the document's size."""
    # (the tables may be LazyFrames, catalog.scan: the measures read only what they need)
    documents = _shared(tables, "documents_labels", lambda: _collect(
        tables["documents"].lazy().select("doc_id", "unit_name", "fiscal_year")))
    ids = selected_docs({"documents": documents}, doc_ids)
    docs = documents.filter(pl.col("doc_id").is_in(ids))
    base = docs.select("doc_id", unit_label().alias("unit_label"))
    # size, completion, structure and per-staff figures in one pass over totals
    fig = document_figures(tables)
    size = fig.select("doc_id", "expenditure_current_year", "staff_actual")
    comp = fig.select("doc_id", "completion_rate")
    ub = unbudgeted_total(tables).select("doc_id", "unbudgeted_share")
    st = fig.select("doc_id", "project_share", "personnel_share", "fiscal_income_share")
    ps = fig.select("doc_id", "expenditure_per_staff", "personnel_per_staff")
    tp = (three_public_completion(tables)
          .filter(pl.col("item") == "total")
          .select("doc_id", pl.col("completion_rate").alias("three_public_completion")))
    sc = score_summary(tables).select("doc_id", "mean_score")
    out = base
    for f in (size, comp, ub, st, ps, tp, sc):
        out = out.join(f, on="doc_id", how="left")
    return out.sort("doc_id")
