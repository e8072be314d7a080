"""Headline figures of `totals`: one figure per document and metric, the documents' expenditure
structure and per-staff figures."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from juesuan import metadata
from juesuan.measures.common import (
    Frame,
    Shared,
    Source,
    _collect,
    _preference,
    _preferred,
    _shared,
    _sorted,
    _table,
    pct,
    ratio,
)
from juesuan.metadata.formats import ROUNDING

# --- headline figures -----------------------------------------------------------------------

def headline(totals: Source, metric: str) -> pl.DataFrame:
    """The one value of `metric` per document: its table statement, else its first narrative
    statement. `n_statements` and `statements_agree` say whether the choice mattered."""
    if metric not in metadata.METRICS:
        raise ValueError(f"unknown metric {metric!r}; see metadata.METRICS")
    cols = ("metric", "value", "unit", "percent_stated", "percent_kind", "source_kind",
            "source_part", "src_line")
    spread = pl.col("value").max() - pl.col("value").min()
    return _sorted(
        _table(totals, "totals").lazy().filter(pl.col("metric") == metric)
        .with_columns(_pref=_preference())
        .group_by("doc_id")
        .agg(*(pl.col(c).min_by("_pref") for c in cols),
             n_statements=pl.len().cast(pl.Int64),
             statements_agree=spread <= ROUNDING + 1e-9)
        .pipe(_collect), ["doc_id"])


def headlines(totals: Source, metrics: Sequence[str]) -> pl.DataFrame:
    """One row per document of `totals`, one column per metric holding its `headline` value
    (null where the document does not state it)."""
    unknown = [m for m in metrics if m not in metadata.METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {unknown}; see metadata.METRICS")
    if isinstance(totals, Shared) and set(metrics) <= set(_WIDE_METRICS):
        return _wide(totals).select("doc_id", *metrics)  # one pass serves them all
    return _headlines(_table(totals, "totals"), metrics,
                      {m: _preferred("value", pl.col("metric") == m) for m in metrics})


def _headlines(t: Frame, metrics: Sequence[str],
               aggs: dict[str, pl.Expr]) -> pl.DataFrame:
    """One row per document of `t` (sorted), one column per `_preferred` aggregation over
    the statements of `metrics`. Only those statements are grouped (not the whole table);
    every document of `t` then gets its row."""
    docs = t.lazy().select("doc_id").unique()
    if not aggs:
        return _sorted(_collect(docs), ["doc_id"])
    stated = (t.lazy().filter(pl.col("metric").is_in(list(metrics)))
              .with_columns(_pref=_preference())
              .group_by("doc_id").agg(**aggs))
    return _sorted(_collect(docs.join(stated, on="doc_id", how="left")), ["doc_id"])


def document_completion(totals: Source) -> pl.DataFrame:
    """Completion of the initial general-budget appropriation budget per document:
    gpb_expenditure_actual ÷ gpb_expenditure_budget_initial (headline values), beside the
    completion the document states."""
    return _wide(totals).select("doc_id", "budget_initial", "actual",
                       _completion_rate().alias("completion_rate"), "completion_stated",
                       (pl.col("actual") - pl.col("budget_initial")).alias("gap_wanyuan"))


_COMPLETION_METRICS = ("gpb_expenditure_budget_initial", "gpb_expenditure_actual")


def _completion_figures() -> dict[str, pl.Expr]:
    """The `_headlines` aggregations document_completion reads: budget, actual, and the
    completion stated beside the actual."""
    actual = pl.col("metric") == "gpb_expenditure_actual"
    return {"budget_initial": _preferred("value",
                                         pl.col("metric") == "gpb_expenditure_budget_initial"),
            "actual": _preferred("value", actual),
            "completion_stated": _preferred("percent_stated",
                                            actual & (pl.col("percent_kind") == "completion")
                                            & pl.col("percent_stated").is_not_null())}


def _completion_rate() -> pl.Expr:
    return pct("actual", "budget_initial")


# --- structure ------------------------------------------------------------------------------

_STRUCTURE_METRICS = (
    "expenditure_current_year", "expenditure_basic", "expenditure_project",
    "basic_personnel", "basic_public", "income_current_year",
    "income_fiscal_appropriation", "income_gpb_appropriation",
)


def structure(totals: Source) -> pl.DataFrame:
    """Shares per document: 基本 vs 项目 in the year's expenditure (本年支出合计), 人员经费 vs
    公用经费 in basic expenditure (of their sum, so the two add to 100), and 财政拨款 in the
    year's income (本年收入合计). Where the document states no 财政拨款收入 the general-budget
    appropriation is used (it is part of it; `fiscal_income_basis` names the metric used)."""
    s = _structure_shares()
    return headlines(totals, _STRUCTURE_METRICS).select(
        "doc_id", "expenditure_current_year", "expenditure_basic", "expenditure_project",
        s["basic_share"], s["project_share"], "basic_personnel", "basic_public",
        s["personnel_share"], s["public_share"], "income_current_year",
        s["fiscal_income"], s["fiscal_income_basis"], s["fiscal_income_share"],
    )


def _structure_shares() -> dict[str, pl.Expr]:
    """structure's derived columns, from the headline columns of _STRUCTURE_METRICS."""
    fiscal = pl.coalesce("income_fiscal_appropriation", "income_gpb_appropriation")
    basic_sum = pl.col("basic_personnel") + pl.col("basic_public")
    exprs = {
        "basic_share": pct("expenditure_basic", "expenditure_current_year"),
        "project_share": pct("expenditure_project", "expenditure_current_year"),
        "personnel_share": pct("basic_personnel", basic_sum),
        "public_share": pct("basic_public", basic_sum),
        "fiscal_income": fiscal,
        "fiscal_income_basis": pl.when(pl.col("income_fiscal_appropriation").is_not_null())
        .then(pl.lit("income_fiscal_appropriation"))
        .when(pl.col("income_gpb_appropriation").is_not_null())
        .then(pl.lit("income_gpb_appropriation")),
        "fiscal_income_share": pct(fiscal, "income_current_year"),
    }
    return {name: e.alias(name) for name, e in exprs.items()}


def per_staff(totals: Source) -> pl.DataFrame:
    """Expenditure per actual staff member (实有人员), 万元 per person: the year's expenditure,
    basic expenditure and 人员经费. Null where the document states no staff count (or 0)."""
    p = _per_staff_ratios()
    return headlines(totals, _PER_STAFF_METRICS).select(
        "doc_id", "staff_actual", "staff_authorized", "expenditure_current_year",
        p["expenditure_per_staff"], p["basic_expenditure_per_staff"], p["personnel_per_staff"])


_PER_STAFF_METRICS = ("staff_actual", "staff_authorized", "expenditure_current_year",
                      "expenditure_basic", "basic_personnel")


def _per_staff_ratios() -> dict[str, pl.Expr]:
    """per_staff's derived columns, from the headline columns of _PER_STAFF_METRICS."""
    exprs = {"expenditure_per_staff": ratio("expenditure_current_year", "staff_actual"),
             "basic_expenditure_per_staff": ratio("expenditure_basic", "staff_actual"),
             "personnel_per_staff": ratio("basic_personnel", "staff_actual")}
    return {name: e.alias(name) for name, e in exprs.items()}


def document_figures(totals: Source) -> pl.DataFrame:
    """One row per document: the headline value of every metric `structure`, `per_staff` and
    `document_completion` read, with their derived columns (same names, same definitions) —
    all from one pass over `totals`, for tables that show several of them side by side."""
    return _wide(totals).select(
        "doc_id", *_FIGURE_METRICS, "budget_initial", "actual", "completion_stated",
        *_structure_shares().values(), *_per_staff_ratios().values(),
        completion_rate=_completion_rate())


# The metrics of document_figures, then the corpus summary's totals: one pass over `totals`
# (`_wide`) gives every document's headline value of each.
_FIGURE_METRICS = tuple(dict.fromkeys([*_STRUCTURE_METRICS, *_PER_STAFF_METRICS]))
_WIDE_METRICS = (*_FIGURE_METRICS, "income_total", "expenditure_total")


def _wide(totals: Source) -> pl.DataFrame:
    """One row per document: the headline value of every metric of _WIDE_METRICS and the
    completion figures (`_completion_figures`) — computed once per `Shared` source, where five
    measures read it. One group per (document, metric), pivoted: cheaper than one filtered
    `min_by` per metric over every document's statements."""
    return _shared(totals, "totals_wide", lambda: _wide_figures(_table(totals, "totals")))


def _wide_figures(t: Frame) -> pl.DataFrame:
    metrics = [*_WIDE_METRICS, *_COMPLETION_METRICS]
    rows = (t.lazy().filter(pl.col("metric").is_in(metrics))
            .select("doc_id", "metric", "value", "percent_stated", "percent_kind",
                    "source_kind", "src_line")
            .with_columns(_pref=_preference()))
    long = _collect(rows.group_by("doc_id", "metric").agg(pl.col("value").min_by("_pref")))
    completion = (pl.col("metric") == "gpb_expenditure_actual") & (
        pl.col("percent_kind") == "completion") & pl.col("percent_stated").is_not_null()
    stated = _collect(rows.filter(completion).group_by("doc_id")
                      .agg(completion_stated=pl.col("percent_stated").min_by("_pref")))
    wide = long.pivot(on="metric", index="doc_id", values="value")
    value = t.lazy().collect_schema()["value"]
    wide = wide.with_columns(pl.lit(None, value).alias(m) for m in metrics
                             if m not in wide.columns)
    docs = _collect(t.lazy().select("doc_id").unique())
    out = (docs.join(wide, on="doc_id", how="left").join(stated, on="doc_id", how="left")
           .select("doc_id", *_WIDE_METRICS,
                   pl.col("gpb_expenditure_budget_initial").alias("budget_initial"),
                   pl.col("gpb_expenditure_actual").alias("actual"), "completion_stated"))
    return _sorted(out, ["doc_id"])
