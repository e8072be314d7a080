"""Performance: execution B/A per evaluation, grades, scores and their distribution, and the
indicators (qualitative, full marks)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from juesuan.measures.common import (
    _DIGITS,
    NOT_APPLICABLE_TARGETS,
    SCORE_EPS,
    Frame,
    Shared,
    Source,
    Tables,
    _collect,
    _normalised_grades,
    _ordered_run_starts,
    _remember,
    _shared,
    _sorted,
    _table,
    _wanyuan_factor,
    grade_of,
    implementing_unit_name,
    pct,
    sum_or_null,
)
from juesuan.metadata.formats import GRADES

# --- projects -------------------------------------------------------------------------------

def execution(perf_evaluations: Source) -> pl.DataFrame:
    """Budget execution per evaluation.

    `execution_rate` is recomputed as B ÷ A (全年执行数 ÷ the adjusted 全年预算数) from the
    table's figures, beside the rate the table states (`execution_rate_stated`) and the one the
    narrative states; `initial_budget_completion_rate` is B ÷ 年初预算数 — a different measure,
    the one a document sometimes prints as its execution rate. `funds_score_rate` is the share of
    the funds weight earned. Amounts are kept as printed and converted to 万元 in `*_wanyuan`
    columns (元 ÷ 10000; no unit printed: 万元, the template's unit; any other unit: null)."""
    return _shared(perf_evaluations, "execution", lambda: _sorted(
        _collect(_execution(_table(perf_evaluations, "perf_evaluations"))), ["doc_id", "eval_id"]))


def _lazy_execution(src: Source) -> pl.LazyFrame:
    """execution as a LazyFrame: the shared result where there is one, else the query
    (which then reads only the columns the caller selects)."""
    if isinstance(src, Shared):
        return execution(src).lazy()
    return _execution(_table(src, "perf_evaluations"))


def _execution(ev: Frame) -> pl.LazyFrame:
    """execution, lazy and unsorted."""
    f = _wanyuan_factor()
    rate = pct("executed", "budget_full_year")
    return ev.lazy().select(
        "doc_id", "eval_id", "scope", "template", "project_name", "implementing_unit",
        "amount_unit", "budget_initial", "budget_full_year", "executed",
        (pl.col("budget_initial") * f).alias("budget_initial_wanyuan"),
        (pl.col("budget_full_year") * f).alias("budget_full_year_wanyuan"),
        (pl.col("executed") * f).alias("executed_wanyuan"),
        rate.alias("execution_rate"),
        pl.col("execution_rate").alias("execution_rate_stated"),
        "execution_rate_narrative",
        (pl.col("execution_rate") - rate).alias("execution_rate_difference"),
        pct("executed", "budget_initial").alias("initial_budget_completion_rate"),
        "funds_weight", "funds_score",
        pct("funds_score", "funds_weight").alias("funds_score_rate"),
        "score",
    )


# --- performance ----------------------------------------------------------------------------

def evaluation_grades(perf_evaluations: Source) -> pl.DataFrame:
    """The grade of every evaluation: as stated (table, else narrative; A/B/C/D read as
    优/良/中/差) or, where the document prints none, computed from the score
    (`grade_is_computed`). `grade_from_score` is the computed grade for every row, to compare."""
    return _shared(perf_evaluations, "grades", lambda: _sorted(
        _collect(_grades(_table(perf_evaluations, "perf_evaluations"))), ["doc_id", "eval_id"]))


def _lazy_grades(src: Source) -> pl.LazyFrame:
    """evaluation_grades as a LazyFrame (see _lazy_execution)."""
    if isinstance(src, Shared):
        return evaluation_grades(src).lazy()
    return _grades(_table(src, "perf_evaluations"))


def _grades(ev: Frame) -> pl.LazyFrame:
    """evaluation_grades, lazy and unsorted; the stated grade is normalised once, as a column."""
    computed = grade_of("score")
    stated = pl.col("_stated")
    ev = ev.lazy()
    return (ev
            .with_columns(_stated=pl.coalesce(_normalised_grades(ev, "grade"),
                                              _normalised_grades(ev, "grade_narrative")))
            .select(
                "doc_id", "eval_id", "scope", "project_name", "score",
                pl.coalesce("grade", "grade_narrative").alias("grade_stated"),
                pl.coalesce(stated, computed).alias("grade"),
                (stated.is_null() & pl.col("score").is_not_null()).alias("grade_is_computed"),
                computed.alias("grade_from_score")))


def _group_keys(by: Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by needs at least one column, e.g. ('doc_id',)")
    return keys


def grade_distribution(perf_evaluations: Source,
                       by: Sequence[str] = ("doc_id",)) -> pl.DataFrame:
    """How many evaluations got each grade, per document (or other `by` columns of
    `evaluation_grades`), with the share and how many grades were computed from the score.
    Evaluations with neither grade nor score are counted under a null grade."""
    by = _group_keys(by)
    g = _lazy_grades(perf_evaluations)  # counts: row order is moot
    keys = [*by, "grade"]
    order = {grade: i for i, grade in enumerate(GRADES)}
    return (g.group_by(keys)
            .agg(n_evaluations=pl.len().cast(pl.Int64),
                 n_computed=pl.col("grade_is_computed").sum().cast(pl.Int64))
            .with_columns(share=pct("n_evaluations", pl.col("n_evaluations").sum().over(by)),
                          _o=pl.col("grade").replace_strict(order, default=9,
                                                            return_dtype=pl.Int8))
            .sort([*by, "_o"], nulls_last=True)
            .drop("_o").pipe(_collect))


def score_summary(perf_evaluations: Source,
                  by: Sequence[str] = ("doc_id",)) -> pl.DataFrame:
    """Distribution of total scores per document (or per `by`, e.g. ("doc_id", "scope")):
    count, mean, median, min, max, standard deviation and the share scoring a full 100."""
    by = _group_keys(by)
    return _shared(perf_evaluations, ("score_summary", tuple(by)),
                   lambda: _score_summary(_table(perf_evaluations, "perf_evaluations"), by))


def _score_summary(ev: Frame, by: list[str]) -> pl.DataFrame:
    ev = ev.lazy().filter(pl.col("score").is_not_null())
    s = pl.col("score")
    return (ev.group_by(by)
            .agg(n_scored=pl.len().cast(pl.Int64), mean_score=s.mean(), median_score=s.median(),
                 min_score=s.min(), max_score=s.max(), std_score=s.std(),
                 n_full_score=((s - 100.0).abs() < SCORE_EPS).sum().cast(pl.Int64))
            .with_columns(full_score_share=pct("n_full_score", "n_scored"))
            .sort(by).pipe(_collect))


SCORE_BANDS: tuple[tuple[float, str], ...] = (
    (100.0, "100"), (95.0, "95–<100"), (90.0, "90–<95"), (80.0, "80–<90"), (60.0, "60–<80"))
SCORE_BAND_BELOW = "<60"


def score_distribution(perf_evaluations: Source,
                       by: Sequence[str] = ("doc_id",)) -> pl.DataFrame:
    """How many evaluations fall in each score band (100, 95–<100, 90–<95, 80–<90, 60–<80,
    <60) per document (or `by`), with the share: the histogram behind "scores cluster near
    100". Bands with no evaluation are left out; evaluations without a score are not counted."""
    by = _group_keys(by)
    ev = _table(perf_evaluations, "perf_evaluations").lazy().filter(pl.col("score").is_not_null())
    s = pl.col("score")
    band = pl.when(s >= 100.0 - SCORE_EPS).then(pl.lit(SCORE_BANDS[0][1]))
    for low, label in SCORE_BANDS[1:]:
        band = band.when(s >= low).then(pl.lit(label))
    band = band.otherwise(pl.lit(SCORE_BAND_BELOW))
    order = {label: i for i, (_, label) in enumerate(SCORE_BANDS)} | {SCORE_BAND_BELOW: 99}
    return (ev.with_columns(score_band=band)
            .group_by([*by, "score_band"])
            .agg(n_evaluations=pl.len().cast(pl.Int64))
            .with_columns(share=pct("n_evaluations", pl.col("n_evaluations").sum().over(by)),
                          _o=pl.col("score_band").replace_strict(order, return_dtype=pl.Int8))
            .sort([*by, "_o"])
            .drop("_o").pipe(_collect))


def score_vs_execution(perf_evaluations: Source) -> pl.DataFrame:
    """One row per evaluation: total score and grade beside the recomputed execution rate B/A
    (and the stated one) and the funds score — does a low execution rate cost points?"""
    ex_cols = ("execution_rate", "execution_rate_stated", "funds_weight", "funds_score",
               "funds_score_rate", "budget_full_year_wanyuan")
    grade_cols = ("doc_id", "eval_id", "scope", "project_name", "score", "grade",
                  "grade_is_computed")
    if isinstance(perf_evaluations, Shared):
        # execution and grades are both one row per evaluation in (doc_id, eval_id) order:
        # where their eval_id are the same sequence of unique ids, the join is a side-by-side
        ex, gr = execution(perf_evaluations), evaluation_grades(perf_evaluations)
        ids = gr["eval_id"]
        if (ids.null_count() == 0 and ex["eval_id"].equals(ids)
                and ids.n_unique() == gr.height):
            return gr.select(grade_cols).hstack(ex.select(ex_cols))
    ex = _lazy_execution(perf_evaluations).select("eval_id", *ex_cols)
    grades = _lazy_grades(perf_evaluations).select(grade_cols)
    return _sorted(_collect(grades.join(ex, on="eval_id", how="left", maintain_order="left")),
                   ["doc_id", "eval_id"])


def classify_indicators(perf_indicators: Source) -> pl.DataFrame:
    """Each indicator row with what the performance measures count.

    * `effective_target`: the adjusted target (调整后指标值, Shanxi) where printed, else the
      target. Shanxi's 年初指标值 is often only a skeleton (`=人`, `≥%`).
    * `applicable`: an indicator row (not a 一级 summary row) with a target, or a 指标性质,
      that is not a placeholder (empty, 无, /, 不涉及 …).
    * `qualitative`: applicable, and 指标性质 is 定性 or the effective target contains no digit
      (ASCII or full-width): 提高, 长期, 及时, 有效 are qualitative; 2023年, ≥95%, 14个系列 are
      not (the rule is mechanical: a year counts as a number).
    * `scored`: weight > 0 and a score printed; `full_marks`: scored and score == weight."""
    keys = ["doc_id", "eval_id"]
    out = _collect(_classified(_table(perf_indicators, "perf_indicators")))
    # the runs of evaluations, found once: they prove the key order (no sort) and count
    starts = _ordered_run_starts(out, keys, within="seq")
    if starts is None:
        out = out.sort([*keys, "seq"], maintain_order=True)
    if isinstance(perf_indicators, Shared):
        # what full_marks and qualitative_share count, counted here from the flags in hand:
        # the per-row flags are not kept (10 M rows at 100,000 units), only the counts
        flags = out.select(_FLAGS)
        _remember(perf_indicators, "indicator_counts",
                  _counts_by(flags, keys, _COUNTED) if starts is None
                  else _counts_of_runs(flags, keys, starts, _COUNTED))
    return out


_FLAGS = ("doc_id", "eval_id", "applicable", "qualitative", "scored", "full_marks")


def _indicator_flags(src: Source) -> pl.LazyFrame:
    """What full_marks and qualitative_share count, per indicator row: the cleaning of
    targets and natures, reading only the columns it needs."""
    return _classified(_table(src, "perf_indicators")).select(_FLAGS)


def _classified(pi: Frame) -> pl.LazyFrame:
    """classify_indicators, lazy and unsorted: full_marks and qualitative_share aggregate it,
    so they skip the sort and (projection pushdown) the columns they do not count. The target
    and nature are cleaned once, as columns, rather than once per expression that reads them."""
    cleaned = pi.lazy().with_columns(
        effective_target=pl.coalesce(
            pl.col("target_adjusted").str.strip_chars().replace("", None),
            pl.col("target").str.strip_chars().replace("", None)),
        _nature=pl.col("nature").str.strip_chars())
    tgt, nature = pl.col("effective_target"), pl.col("_nature")
    has_target = tgt.is_not_null() & ~tgt.is_in(NOT_APPLICABLE_TARGETS)
    is_indicator = pl.col("row_kind") == "indicator"
    applicable = is_indicator & (has_target | nature.is_not_null())
    qualitative = applicable & ((nature == "定性").fill_null(False)
                                | (has_target & ~tgt.str.contains_any(_DIGITS)).fill_null(False))
    scored = (is_indicator & (pl.col("weight") > 0) & pl.col("score").is_not_null()).fill_null(False)
    return cleaned.select(
        "doc_id", "eval_id", "seq", "row_kind", "level1", "level2", "level3", "nature",
        "target", "target_adjusted", "actual", "weight", "score", "effective_target",
        applicable.alias("applicable"),
        qualitative.alias("qualitative"),
        scored.alias("scored"),
        (scored & ((pl.col("score") - pl.col("weight")).abs() < SCORE_EPS)).fill_null(False)
        .alias("full_marks"),
        "src_line",
    )


def _by_key(by: str) -> list[str]:
    if by not in ("eval_id", "doc_id"):
        raise ValueError("by must be 'eval_id' or 'doc_id'")
    return ["doc_id", "eval_id"] if by == "eval_id" else ["doc_id"]


def _counts_by(lf: Frame, keys: list[str], flags: dict[str, str]) -> pl.DataFrame:
    """Per group of `keys`, sorted by them: how many rows have each boolean column of `flags`
    true (Int64, named by the keys of `flags`). Rows usually come in key order (as the curated
    tables do): then each group is one run of rows, counted by `_counts_of_runs` — linear,
    where hashing millions of string keys (one group per evaluation) is the slowest step of
    the measure. Otherwise: group_by."""
    df = _collect(lf.lazy().select(*keys, *flags.values()))
    starts = _ordered_run_starts(df, keys)
    if starts is not None:
        return _counts_of_runs(df, keys, starts, flags)
    return (df.lazy().group_by(keys)
            .agg(**{n: pl.col(f).sum().cast(pl.Int64) for n, f in flags.items()})
            .sort(keys, nulls_last=False).pipe(_collect))


def _counts_of_runs(df: pl.DataFrame, keys: list[str], starts: pl.Series,
                    flags: dict[str, str]) -> pl.DataFrame:
    """`_counts_by` where each group is one run of rows (`starts`: `_ordered_run_starts`):
    running sums of the flags read at the runs' last rows, less the previous run's."""
    ends = starts.shift(-1, fill_value=True)  # a run ends where the next one starts
    return (df.lazy()
            .select(*keys, **{n: pl.col(f).cast(pl.Int64).cum_sum() for n, f in flags.items()},
                    _end=pl.lit(ends))
            .filter("_end")
            .select(*keys, *(pl.col(n).diff().fill_null(pl.col(n)) for n in flags))
            .pipe(_collect))


def full_marks(perf_indicators: Source, by: str = "eval_id") -> pl.DataFrame:
    """Share of scored indicators that earned their full weight (score == weight), per
    evaluation (`by="eval_id"`) or pooled per document (`by="doc_id"`). Null where nothing is
    scored (Sichuan tables print no indicator scores)."""
    return (_indicator_counts(perf_indicators, by, ("n_scored", "n_full_marks"))
            .with_columns(full_marks_share=pct("n_full_marks", "n_scored")))


def qualitative_share(perf_indicators: Source, by: str = "eval_id") -> pl.DataFrame:
    """Share of applicable indicators that are qualitative (see `classify_indicators` for the
    rule), per evaluation (`by="eval_id"`) or pooled per document (`by="doc_id"`)."""
    return (_indicator_counts(perf_indicators, by, ("n_indicators", "n_qualitative"))
            .with_columns(qualitative_share=pct("n_qualitative", "n_indicators")))


_COUNTED = {"n_scored": "scored", "n_full_marks": "full_marks", "n_indicators": "applicable",
            "n_qualitative": "qualitative"}


def _indicator_counts(src: Source, by: str, names: Sequence[str]) -> pl.DataFrame:
    """The counts `names` of _COUNTED per evaluation or document. With a `Shared` source all
    four are counted in one pass over the indicator rows, per evaluation, and a document's are
    the sums of its evaluations' (the same integers), so full_marks and qualitative_share at
    both levels cost one pass, not four."""
    keys = _by_key(by)
    if not isinstance(src, Shared):
        return _counts_by(_indicator_flags(src), keys, {n: _COUNTED[n] for n in names})
    per_eval = _shared(src, "indicator_counts", lambda: _counts_by(
        _indicator_flags(src), ["doc_id", "eval_id"], _COUNTED))
    if by == "doc_id":
        per_eval = _shared(src, "indicator_counts_doc", lambda: _collect(
            per_eval.lazy().group_by("doc_id").agg(pl.col(n).sum() for n in _COUNTED)
            .sort("doc_id")))
    return per_eval.select(*keys, *names)


def by_implementing_unit(perf_evaluations: Source,
                         scopes: Sequence[str] = ("project",)) -> pl.DataFrame:
    """Project evaluations grouped by implementing unit within each document: count, mean
    score and total full-year budget / execution in 万元 (with the pooled execution rate over
    evaluations that print both A and B). Unit names are compared without a leading budget
    code. Only `scopes` are counted (default: project self-evaluations, so a key evaluation of
    the same money is not counted twice)."""
    # collected in execution()'s order, which the float sums below follow (a lazy group_by
    # would let the optimiser drop the sort)
    ex = _sorted(_collect(_lazy_execution(perf_evaluations)
                          .select("doc_id", "eval_id", "scope", "implementing_unit", "score",
                                  "budget_full_year_wanyuan", "executed_wanyuan")
                          .filter(pl.col("scope").is_in(list(scopes)))), ["doc_id", "eval_id"])
    both = pl.col("budget_full_year_wanyuan").is_not_null() & pl.col("executed_wanyuan").is_not_null()
    # the regex runs on the distinct names (a few per document), not on every evaluation
    names = (ex.select(pl.col("implementing_unit").drop_nulls().unique())
             .with_columns(_name=implementing_unit_name()))
    unit = pl.col("implementing_unit").replace_strict(names["implementing_unit"], names["_name"],
                                                      default=None, return_dtype=pl.String)
    return (ex.with_columns(implementing_unit=unit)
            .group_by(["doc_id", "implementing_unit"])
            .agg(n_evaluations=pl.len().cast(pl.Int64),
                 mean_score=pl.col("score").mean(),
                 min_score=pl.col("score").min(),
                 budget_full_year_wanyuan=sum_or_null("budget_full_year_wanyuan"),
                 executed_wanyuan=sum_or_null("executed_wanyuan"),
                 _a=pl.col("budget_full_year_wanyuan").filter(both).sum(),
                 _b=pl.col("executed_wanyuan").filter(both).sum())
            .with_columns(execution_rate=pct("_b", "_a"))
            .drop("_a", "_b")
            .sort(["doc_id", "implementing_unit"], nulls_last=True))




def evaluations_frame(tables: Tables) -> pl.DataFrame:
    """One row per evaluation: execution (A, B, B/A) beside the score and grade, with the
    evaluation's source line (once per `Shared` tables)."""
    return _shared(tables, "evaluations_frame", lambda: _evaluations_frame(tables))


def _evaluations_frame(tables: Tables) -> pl.DataFrame:
    ex = execution(tables)
    gr = evaluation_grades(tables).select("eval_id", "grade", "grade_is_computed")
    src = _collect(_table(tables, "perf_evaluations").lazy().select("eval_id", "src_line"))
    return (ex.join(gr, on="eval_id", how="left").join(src, on="eval_id", how="left")
            .sort(["doc_id", "eval_id"]))


# Bands of the execution rate B/A (rate ≥ lower bound), the highest first; `none`: no rate.
EXECUTION_BANDS: tuple[tuple[float, str], ...] = ((95.0, "ge95"), (80.0, "80to95"))
EXECUTION_BAND_BELOW = "lt80"


def execution_rate_shown() -> pl.Expr:
    """The execution rate an evaluation is judged by: B/A computed, else the stated one."""
    return pl.coalesce("execution_rate", "execution_rate_stated")


def execution_band(rate: pl.Expr | None = None) -> pl.Expr:
    """The band of an execution rate (default: `execution_rate_shown`): ge95, 80to95, lt80,
    or none when no rate is stated or computable."""
    rate = execution_rate_shown() if rate is None else rate
    band = pl.when(rate.is_null()).then(pl.lit("none"))
    for low, name in EXECUTION_BANDS:
        band = band.when(rate >= low).then(pl.lit(name))
    return band.otherwise(pl.lit(EXECUTION_BAND_BELOW))
