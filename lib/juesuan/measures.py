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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from juesuan import catalog, metadata
from juesuan.metadata.formats import (
    GRADE_ALIASES,
    GRADE_BELOW,
    GRADE_THRESHOLDS,
    GRADES,
    ROUNDING,
)

Frame = pl.DataFrame | pl.LazyFrame
Tables = Mapping[str, Frame]
Source = Frame | Tables

SCORE_EPS = 1e-6  # scores and weights are exact printed numbers

# Targets that say "no indicator here" (效益 rows left empty, 无, /, 不涉及): not indicators.
NOT_APPLICABLE_TARGETS = ("无", "/", "／", "不涉及", "—", "——", "-", "－", "无此项", "不适用")
_DIGITS = tuple("0123456789０１２３４５６７８９")  # ASCII and full-width

_SOURCE_RANK = {"table": 0, "narrative": 1}
# Which budget_lines statement to use where a document states lines in several.
_STATEMENT_RANK = {"table_gpb_expenditure": 0, "narrative_gpb": 1, "table_expenditure": 2}
_LEVEL_DEPTH = {"total": 0, "class": 1, "section": 2, "item": 3}
_WAN = "万元"


# --- helpers --------------------------------------------------------------------------------

def _table(src: Source, name: str) -> Frame:
    """The curated table `name`, from a frame passed directly or from a dict of tables. A
    LazyFrame (`catalog.scan`) is read only for the columns and rows the measure uses."""
    if isinstance(src, (pl.DataFrame, pl.LazyFrame)):
        return src
    try:
        return src[name]
    except KeyError:
        raise KeyError(f"this measure needs the curated table {name!r} "
                       "(pass catalog.load_all())") from None


def _sorted(df: pl.DataFrame, by: Sequence[str], nulls_last: bool = False) -> pl.DataFrame:
    """df sorted by `by`, without the sort where it is already in that order (tables
    written in key order are common, and a sort of millions of rows gathers every column)."""
    by = list(by)
    return df if catalog.in_key_order(df, by) else df.sort(by, nulls_last=nulls_last, maintain_order=True)


def pct(num: pl.Expr | str, base: pl.Expr | str) -> pl.Expr:
    """num / base in percent; null where the base is null or zero (never inf or NaN)."""
    return ratio(num, base) * 100.0


def ratio(num: pl.Expr | str, base: pl.Expr | str) -> pl.Expr:
    """num / base; null where the base is null or zero (never inf or NaN)."""
    n = pl.col(num) if isinstance(num, str) else num
    b = pl.col(base) if isinstance(base, str) else base
    return pl.when(b.is_not_null() & (b != 0)).then(n.cast(pl.Float64) / b).otherwise(None)


def _preference() -> pl.Expr:
    """A statement's order of preference as one integer (smaller first): table before
    narrative, then by source line. `min_by` on it picks a group's preferred statement
    (ties: the first row) without sorting the table."""
    rank = pl.col("source_kind").replace_strict(_SOURCE_RANK, default=9, return_dtype=pl.Int64)
    return rank * (1 << 40) + pl.col("src_line")


def _preferred(col: str, where: pl.Expr) -> pl.Expr:
    """In a group_by: `col` of the preferred statement among the rows where `where` holds
    (null if none). Expects the `_pref` column of `_preference()`."""
    return pl.col(col).min_by(pl.when(where).then(pl.col("_pref")))


def grade_of(score: pl.Expr | str) -> pl.Expr:
    """The grade a score earns: ≥90 优, 80–<90 良, 60–<80 中, <60 差 (null score → null)."""
    s = pl.col(score) if isinstance(score, str) else score
    expr = pl.when(s.is_null()).then(pl.lit(None, dtype=pl.String))
    for threshold, grade in GRADE_THRESHOLDS:
        expr = expr.when(s >= threshold).then(pl.lit(grade))
    return expr.otherwise(pl.lit(GRADE_BELOW))


def _normalised_grade(col: str) -> pl.Expr:
    cleaned = (pl.col(col).str.replace_all(r"[\s“”\"'「」]", "")
               .str.replace(r"[级等]$", "").str.to_uppercase())
    return cleaned.replace_strict(GRADE_ALIASES, default=None, return_dtype=pl.String)


def _normalised_grades(ev: pl.LazyFrame, col: str) -> pl.Expr:
    """`_normalised_grade(col)` as a lookup: grades are printed in a handful of spellings, so
    the regex clean-up runs on the distinct spellings, not on every evaluation."""
    spellings = (ev.select(pl.col(col).drop_nulls().unique()).collect()
                 .with_columns(_n=_normalised_grade(col)))
    return pl.col(col).replace_strict(spellings[col], spellings["_n"], default=None,
                                      return_dtype=pl.String)


def _wanyuan_factor() -> pl.Expr:
    """Multiplier from the printed funds unit to 万元 (null unit: the 万元 of the template)."""
    unit = pl.col("amount_unit").str.strip_chars()
    return (pl.when(unit.is_null() | (unit == _WAN)).then(1.0)
            .when(unit == "元").then(1e-4)
            .otherwise(None))


def sum_or_null(col: str) -> pl.Expr:
    """Sum of a column, null (not 0) where no value is stated."""
    return pl.when(pl.col(col).count() > 0).then(pl.col(col).sum()).otherwise(None)


def implementing_unit_name(col: str = "implementing_unit") -> pl.Expr:
    """The unit name without a leading budget code (Shanxi prints `407002-汾阳市社会保险中心`
    in one table and `汾阳市社会保险中心` in another: the same unit)."""
    return pl.col(col).str.replace(r"^\s*\d+\s*[-－—]\s*", "").str.strip_chars()


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
        .collect(), ["doc_id"])


def headlines(totals: Source, metrics: Sequence[str]) -> pl.DataFrame:
    """One row per document of `totals`, one column per metric holding its `headline` value
    (null where the document does not state it)."""
    unknown = [m for m in metrics if m not in metadata.METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {unknown}; see metadata.METRICS")
    return _headlines(_table(totals, "totals"), metrics,
                      {m: _preferred("value", pl.col("metric") == m) for m in metrics})


def _headlines(t: Frame, metrics: Sequence[str],
               aggs: dict[str, pl.Expr]) -> pl.DataFrame:
    """One row per document of `t` (sorted), one column per `_preferred` aggregation over
    the statements of `metrics`. Only those statements are grouped (not the whole table);
    every document of `t` then gets its row."""
    docs = t.lazy().select("doc_id").unique()
    if not aggs:
        return _sorted(docs.collect(), ["doc_id"])
    stated = (t.lazy().filter(pl.col("metric").is_in(list(metrics)))
              .with_columns(_pref=_preference())
              .group_by("doc_id").agg(**aggs))
    return _sorted(docs.join(stated, on="doc_id", how="left").collect(), ["doc_id"])


# --- budget execution -----------------------------------------------------------------------

def _lines_with_budget(bl: Frame) -> pl.DataFrame:
    """Lines that state an initial budget or a completion, from one statement per document
    (table before narrative), each line once (its first statement)."""
    stmt = pl.col("statement").replace_strict(_STATEMENT_RANK, default=9, return_dtype=pl.Int8)
    rows = (bl.lazy()
            .filter(pl.col("budget_initial").is_not_null()
                    | pl.col("completion_stated").is_not_null())
            .filter(stmt == stmt.min().over("doc_id"))
            .collect())
    key = ["doc_id", "level", "func_code", "class_name", "section_name", "item_name"]
    return _sorted(rows, ["doc_id", "src_line"]).unique(key, keep="first", maintain_order=True)


def line_completion(budget_lines: Source) -> pl.DataFrame:
    """Completion of the initial budget per functional line (actual ÷ 年初预算), with the gap.

    Rows: the lines for which the document states an initial budget or a completion rate
    (the narrative on general-budget expenditure in the national format; structure sentences
    that only give a share are left out). `unbudgeted` is true for a line with 年初预算 0 and
    spending (a mid-year addition), null where the budget is not stated. `gap_wanyuan` is
    actual − budget; `gap_percent` is completion − 100 (null for a zero budget)."""
    lines = _lines_with_budget(_table(budget_lines, "budget_lines"))
    m = line_measures()
    return lines.select(
        "doc_id", "statement", "level", "func_code", "class_name", "section_name", "item_name",
        pl.coalesce("item_name", "section_name", "class_name").alias("line_name"),
        "budget_initial", "actual",
        m["completion_rate"].alias("completion_rate"),
        "completion_stated",
        m["unbudgeted"].alias("unbudgeted"),
        m["gap_wanyuan"].alias("gap_wanyuan"),
        m["gap_percent"].alias("gap_percent"),
        "src_line",
    )  # in (doc_id, src_line) order, as _lines_with_budget leaves them


def line_measures() -> dict[str, pl.Expr]:
    """The measures of one functional line from its `budget_initial` and `actual`, defined once
    for `line_completion`, the charts and the explorer: completion of the initial budget (%),
    unbudgeted (年初预算 0 and spending), the gap in 万元 and in % (null for a zero budget)."""
    completion = pct("actual", "budget_initial")
    return {"completion_rate": completion,
            "unbudgeted": (pl.col("budget_initial") == 0) & (pl.col("actual") > 0),
            "gap_wanyuan": pl.col("actual") - pl.col("budget_initial"),
            "gap_percent": completion - 100.0}


def budget_status() -> pl.Expr:
    """Whether a line had an initial budget (`metadata.VALUE_LABELS["budget_status"]`), from the
    `unbudgeted` and `budget_initial` columns."""
    return (pl.when(pl.col("unbudgeted").fill_null(False)).then(pl.lit("unbudgeted"))
            .when(pl.col("budget_initial").is_null()).then(pl.lit("not_stated"))
            .otherwise(pl.lit("budgeted")))


def finest_lines(lines: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """Only the most detailed level each document states, so amounts are not counted twice
    (a 类 and its 项)."""
    depth = pl.col("level").replace_strict(_LEVEL_DEPTH, default=0, return_dtype=pl.Int8)
    return lines.filter(depth == depth.max().over("doc_id"))


def document_completion(totals: Source) -> pl.DataFrame:
    """Completion of the initial general-budget appropriation budget per document:
    gpb_expenditure_actual ÷ gpb_expenditure_budget_initial (headline values), beside the
    completion the document states."""
    wide = _headlines(_table(totals, "totals"), _COMPLETION_METRICS, _completion_figures())
    return wide.select("doc_id", "budget_initial", "actual",
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


def unbudgeted_lines(budget_lines: Source) -> pl.DataFrame:
    """The lines spent without an initial budget (年初预算 0, actual > 0)."""
    return line_completion(budget_lines).filter(pl.col("unbudgeted").fill_null(False))


def unbudgeted_total(budget_lines: Source) -> pl.DataFrame:
    """Per document: how many lines were unbudgeted and what they spent, against the spending
    of all lines with a stated budget (at the most detailed level the document states)."""
    lines = finest_lines(line_completion(budget_lines).lazy())
    flag = pl.col("unbudgeted").fill_null(False)
    return _sorted(lines.group_by("doc_id")
                   .agg(n_lines=pl.len().cast(pl.Int64),
                        n_unbudgeted=flag.sum().cast(pl.Int64),
                        unbudgeted_actual=pl.col("actual").filter(flag).sum(),
                        lines_actual=pl.col("actual").sum())
                   .with_columns(unbudgeted_share=pct("unbudgeted_actual", "lines_actual"))
                   .collect(), ["doc_id"])


def largest_gaps(budget_lines: Source, n: int = 5) -> pl.DataFrame:
    """The n lines per document furthest from their initial budget, ranked twice: by the
    absolute gap in 万元 (`ranked_by` = "wanyuan") and by the absolute gap in percent
    (`ranked_by` = "percent"; unbudgeted lines have no percent gap). Over- and under-spending
    both count; the sign is kept in the gap columns. Ties keep source order."""
    lines = finest_lines(line_completion(budget_lines)).sort(["doc_id", "src_line"])
    parts = []
    for ranked_by, col in (("wanyuan", "gap_wanyuan"), ("percent", "gap_percent")):
        parts.append(
            lines.filter(pl.col(col).is_not_null())
            .with_columns(ranked_by=pl.lit(ranked_by),
                          rank=pl.col(col).abs().rank("ordinal", descending=True)
                          .over("doc_id").cast(pl.Int64))
            .filter(pl.col("rank") <= n))
    return pl.concat(parts).sort(["doc_id", "ranked_by", "rank"], descending=[False, True, False])


# --- projects -------------------------------------------------------------------------------

def execution(perf_evaluations: Source) -> pl.DataFrame:
    """Budget execution per evaluation.

    `execution_rate` is recomputed as B ÷ A (全年执行数 ÷ the adjusted 全年预算数) from the
    table's figures, beside the rate the table states (`execution_rate_stated`) and the one the
    narrative states; `initial_budget_completion_rate` is B ÷ 年初预算数 — a different measure,
    the one a document sometimes prints as its execution rate. `funds_score_rate` is the share of
    the funds weight earned. Amounts are kept as printed and converted to 万元 in `*_wanyuan`
    columns (元 ÷ 10000; no unit printed: 万元, the template's unit; any other unit: null)."""
    return _sorted(_execution(_table(perf_evaluations, "perf_evaluations")).collect(),
                   ["doc_id", "eval_id"])


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
    metrics = list(dict.fromkeys([*_STRUCTURE_METRICS, *_PER_STAFF_METRICS]))
    aggs = {m: _preferred("value", pl.col("metric") == m) for m in metrics}
    wide = _headlines(_table(totals, "totals"), [*metrics, *_COMPLETION_METRICS],
                      aggs | _completion_figures())
    return wide.with_columns(*_structure_shares().values(), *_per_staff_ratios().values(),
                             completion_rate=_completion_rate())


def functional_shares(budget_lines: Source) -> pl.DataFrame:
    """Expenditure by functional class (类) and its share, per document.

    Source, the first a document has: the class rows of 公开05表 (一般公共预算财政拨款支出决算表,
    `table_gpb_expenditure`); else the narrative's class rows (each class's first statement);
    else the narrative's item rows summed by class_name. `source` names which. The share is of
    the sum of the classes used (so shares add to 100); `share_stated` is the share the narrative
    prints for the class, where it does."""
    bl = _table(budget_lines, "budget_lines").lazy()
    narrative = pl.col("statement") == "narrative_gpb"
    cols = ["doc_id", "class_name", "func_code", "actual", "src_line"]
    table_rows = (bl.filter((pl.col("statement") == "table_gpb_expenditure")
                            & (pl.col("level") == "class"))
                  .select(cols).with_columns(source=pl.lit("table_gpb_expenditure"),
                                             _priority=pl.lit(0)))
    class_rows = (bl.filter(narrative & (pl.col("level") == "class")
                            & pl.col("actual").is_not_null())
                  .sort(["doc_id", "src_line"])
                  .unique(["doc_id", "class_name"], keep="first", maintain_order=True)
                  .select(cols).with_columns(source=pl.lit("narrative_gpb_class"),
                                             _priority=pl.lit(1)))
    item_rows = (bl.filter(narrative & (pl.col("level") == "item"))
                 .group_by(["doc_id", "class_name"])
                 .agg(pl.col("func_code").drop_nulls().first().str.slice(0, 3),
                      pl.col("actual").sum(), pl.col("src_line").min())
                 .select(cols).with_columns(source=pl.lit("narrative_gpb_items"),
                                            _priority=pl.lit(2)))
    rows = pl.concat([table_rows, class_rows, item_rows])
    rows = rows.filter(pl.col("_priority") == pl.col("_priority").min().over("doc_id"))
    stated = (bl.filter(narrative & (pl.col("level") == "class")
                        & pl.col("share_stated").is_not_null())
              .sort(["doc_id", "src_line"])
              .unique(["doc_id", "class_name"], keep="first", maintain_order=True)
              .select("doc_id", "class_name", "share_stated"))
    return (rows.with_columns(share=pct("actual", pl.col("actual").sum().over("doc_id")))
            .join(stated, on=["doc_id", "class_name"], how="left")
            .select("doc_id", "class_name", "func_code", "actual", "share", "share_stated",
                    "source", "src_line")
            .sort(["doc_id", "src_line"]).collect())


# --- “三公”, meetings and training ------------------------------------------------------------

def three_public_completion(three_public: Source) -> pl.DataFrame:
    """Budget vs final per “三公” item (and 会议费, 培训费) per document, with completion.

    Each value is the table's where the table prints it, else the first narrative statement's
    (`budget_source`, `actual_source` say which): a table cell left blank is not read as 0, but
    the narrative may state the figure. `completion_stated` is the first completion printed."""
    tp = _table(three_public, "three_public")
    has_budget = pl.col("budget").is_not_null()
    has_actual = pl.col("actual").is_not_null()
    out = tp.lazy().with_columns(_pref=_preference()).group_by(["doc_id", "item"]).agg(
        _preferred("budget", has_budget),
        _preferred("source_kind", has_budget).alias("budget_source"),
        _preferred("actual", has_actual),
        _preferred("source_kind", has_actual).alias("actual_source"),
        _preferred("completion_stated", pl.col("completion_stated").is_not_null()),
    )
    order = {item: i for i, item in enumerate(metadata.THREE_PUBLIC_ITEMS)}
    return (out.with_columns(
                item_zh=pl.col("item").replace_strict(metadata.THREE_PUBLIC_ITEMS, default=None),
                completion_rate=pct("actual", "budget"),
                _order=pl.col("item").replace_strict(order, default=99, return_dtype=pl.Int16))
            .sort(["doc_id", "_order"])
            .select("doc_id", "item", "item_zh", "budget", "actual", "completion_rate",
                    "completion_stated", "budget_source", "actual_source")
            .collect())


# --- performance ----------------------------------------------------------------------------

def evaluation_grades(perf_evaluations: Source) -> pl.DataFrame:
    """The grade of every evaluation: as stated (table, else narrative; A/B/C/D read as
    优/良/中/差) or, where the document prints none, computed from the score
    (`grade_is_computed`). `grade_from_score` is the computed grade for every row, to compare."""
    return _sorted(_grades(_table(perf_evaluations, "perf_evaluations")).collect(),
                   ["doc_id", "eval_id"])


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
    g = _grades(_table(perf_evaluations, "perf_evaluations"))  # counts: row order is moot
    keys = [*by, "grade"]
    order = {grade: i for i, grade in enumerate(GRADES)}
    return (g.group_by(keys)
            .agg(n_evaluations=pl.len().cast(pl.Int64),
                 n_computed=pl.col("grade_is_computed").sum().cast(pl.Int64))
            .with_columns(share=pct("n_evaluations", pl.col("n_evaluations").sum().over(by)),
                          _o=pl.col("grade").replace_strict(order, default=9,
                                                            return_dtype=pl.Int8))
            .sort([*by, "_o"], nulls_last=True)
            .drop("_o").collect())


def score_summary(perf_evaluations: Source,
                  by: Sequence[str] = ("doc_id",)) -> pl.DataFrame:
    """Distribution of total scores per document (or per `by`, e.g. ("doc_id", "scope")):
    count, mean, median, min, max, standard deviation and the share scoring a full 100."""
    by = _group_keys(by)
    ev = _table(perf_evaluations, "perf_evaluations").lazy().filter(pl.col("score").is_not_null())
    s = pl.col("score")
    return (ev.group_by(by)
            .agg(n_scored=pl.len().cast(pl.Int64), mean_score=s.mean(), median_score=s.median(),
                 min_score=s.min(), max_score=s.max(), std_score=s.std(),
                 n_full_score=((s - 100.0).abs() < SCORE_EPS).sum().cast(pl.Int64))
            .with_columns(full_score_share=pct("n_full_score", "n_scored"))
            .sort(by).collect())


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
            .drop("_o").collect())


def score_vs_execution(perf_evaluations: Source) -> pl.DataFrame:
    """One row per evaluation: total score and grade beside the recomputed execution rate B/A
    (and the stated one) and the funds score — does a low execution rate cost points?"""
    ev = _table(perf_evaluations, "perf_evaluations")
    ex = _execution(ev).select(
        "eval_id", "execution_rate", "execution_rate_stated", "funds_weight", "funds_score",
        "funds_score_rate", "budget_full_year_wanyuan")
    grades = _grades(ev).select(
        "doc_id", "eval_id", "scope", "project_name", "score", "grade", "grade_is_computed")
    return _sorted(grades.join(ex, on="eval_id", how="left", maintain_order="left").collect(),
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
    return _sorted(_classified(_table(perf_indicators, "perf_indicators")).collect(),
                   ["doc_id", "eval_id", "seq"])


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


def _counts_by(lf: pl.LazyFrame, keys: list[str], flags: dict[str, str]) -> pl.DataFrame:
    """Per group of `keys`, sorted by them: how many rows have each boolean column of `flags`
    true (Int64, named by the keys of `flags`). Rows usually come in key order (as the curated
    tables do): then each group is one run of rows, counted with running sums read at the run
    ends — linear, where hashing millions of string keys (one group per evaluation) is the
    slowest step of the measure. The runs are the groups exactly when their keys are strictly
    increasing (no key in two runs), which is checked on the runs; otherwise: group_by."""
    df = lf.select(*keys, *flags.values()).collect()
    run_end = pl.lit(False)
    for k in keys:
        run_end = run_end | (pl.col(k) != pl.col(k).shift(-1))
    if not any(df[k].null_count() for k in keys):
        runs = (df.lazy()
                .select(*keys, **{n: pl.col(f).cast(pl.Int64).cum_sum()
                                  for n, f in flags.items()},
                        _end=run_end.fill_null(True))
                .filter("_end")
                .select(*keys, *(pl.col(n).diff().fill_null(pl.col(n)) for n in flags))
                .collect())
        if catalog.in_key_order(runs, keys, strict=True):
            return runs
    return (df.lazy().group_by(keys)
            .agg(**{n: pl.col(f).sum().cast(pl.Int64) for n, f in flags.items()})
            .sort(keys, nulls_last=False).collect())


def full_marks(perf_indicators: Source, by: str = "eval_id") -> pl.DataFrame:
    """Share of scored indicators that earned their full weight (score == weight), per
    evaluation (`by="eval_id"`) or pooled per document (`by="doc_id"`). Null where nothing is
    scored (Sichuan tables print no indicator scores)."""
    c = _classified(_table(perf_indicators, "perf_indicators"))
    return (_counts_by(c, _by_key(by), {"n_scored": "scored", "n_full_marks": "full_marks"})
            .with_columns(full_marks_share=pct("n_full_marks", "n_scored")))


def qualitative_share(perf_indicators: Source, by: str = "eval_id") -> pl.DataFrame:
    """Share of applicable indicators that are qualitative (see `classify_indicators` for the
    rule), per evaluation (`by="eval_id"`) or pooled per document (`by="doc_id"`)."""
    c = _classified(_table(perf_indicators, "perf_indicators"))
    return (_counts_by(c, _by_key(by), {"n_indicators": "applicable",
                                         "n_qualitative": "qualitative"})
            .with_columns(qualitative_share=pct("n_qualitative", "n_indicators")))


def by_implementing_unit(perf_evaluations: Source,
                         scopes: Sequence[str] = ("project",)) -> pl.DataFrame:
    """Project evaluations grouped by implementing unit within each document: count, mean
    score and total full-year budget / execution in 万元 (with the pooled execution rate over
    evaluations that print both A and B). Unit names are compared without a leading budget
    code. Only `scopes` are counted (default: project self-evaluations, so a key evaluation of
    the same money is not counted twice)."""
    # collected in execution()'s order, which the float sums below follow (a lazy group_by
    # would let the optimiser drop the sort)
    ex = (_execution(_table(perf_evaluations, "perf_evaluations"))
          .filter(pl.col("scope").is_in(list(scopes))).collect())
    ex = _sorted(ex, ["doc_id", "eval_id"])
    both = pl.col("budget_full_year_wanyuan").is_not_null() & pl.col("executed_wanyuan").is_not_null()
    return (ex.with_columns(implementing_unit=implementing_unit_name())
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


# --- the corpus -----------------------------------------------------------------------------

def corpus_summary(tables: Tables) -> pl.DataFrame:
    """One row per document with its headline figures, for the index page: name, year,
    province, scope, income and expenditure totals (收入总计 / 支出总计), completion of the
    initial general-budget appropriation budget, number of evaluations and their mean score."""
    docs = (tables["documents"].lazy()
            .select("doc_id", "unit_name", "fiscal_year", "province", "scope").collect())
    # the headline totals and document_completion's figures in one pass over totals
    metrics = ["income_total", "expenditure_total"]
    figures = _headlines(tables["totals"], [*metrics, *_COMPLETION_METRICS],
                         {m: _preferred("value", pl.col("metric") == m) for m in metrics}
                         | _completion_figures()).select(
        "doc_id", *metrics, pl.col("budget_initial").alias("gpb_budget_initial"),
        pl.col("actual").alias("gpb_actual"), _completion_rate().alias("completion_rate"))
    perf = (tables["perf_evaluations"].lazy().group_by("doc_id")
            .agg(n_evaluations=pl.len().cast(pl.Int64), mean_score=pl.col("score").mean())
            .collect())
    return (docs.join(figures, on="doc_id", how="left")
            .join(perf, on="doc_id", how="left")
            .with_columns(pl.col("n_evaluations").fill_null(0))
            .sort("doc_id"))
