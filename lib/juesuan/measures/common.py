"""What every measure shares: the frame types, the conventions (percent, null bases,
preferred statements) as helpers, and the grade of a score."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import polars as pl

from juesuan import catalog
from juesuan.metadata.formats import (
    GRADE_ALIASES,
    GRADE_BELOW,
    GRADE_THRESHOLDS,
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


# --- shared intermediates -------------------------------------------------------------------

class Shared(Mapping[str, Frame]):
    """The curated tables (DataFrames or `catalog.scan_all()` LazyFrames) plus the
    intermediates several measures derive from them — the headline figures of `totals`, the
    unbudgeted totals of the lines with a budget, execution and grades, the indicator counts
    per evaluation — each computed once, on first use, and reused by every measure given this
    object. What is derived from a large per-row result (line_completion's lines,
    classify_indicators' rows) is derived when that result is computed, and the rows are not
    kept:

        >>> s = measures.Shared(catalog.scan_all())
        >>> measures.full_marks(s); measures.qualitative_share(s); measures.compare_frame(s)

    Without it each measure recomputes what it needs (the notebooks' way: one measure, one
    table). A measure's result may be returned to several callers: treat it as read-only."""

    def __init__(self, tables: Tables):
        self._tables = dict(tables.items())
        self._cache: dict[Any, Any] = {}

    def __getitem__(self, name: str) -> Frame:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def kept(self, key: Any) -> Any:
        """What is kept under `key` (KeyError if nothing)."""
        return self._cache[key]

    def remember(self, key: Any, value: Any) -> None:
        """Keep `value` (or, if callable, what it returns, computed only if not yet kept)."""
        if key not in self._cache:
            self._cache[key] = value() if callable(value) else value


def _shared(src: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """compute(), once per `Shared` source (every call where src is a plain table or dict)."""
    return src.cached(key, compute) if isinstance(src, Shared) else compute()


def shared(tables: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """compute(), once per `Shared` tables under `key` (every call for a plain dict): what a
    unit report asks for many times — a headline figure, the lines' completion — once."""
    return _shared(tables, key, compute)


def _remember(src: Any, key: Any, value: Any) -> None:
    if isinstance(src, Shared):
        src.remember(key, value)


def _collect(lf: pl.LazyFrame) -> pl.DataFrame:
    """A measure's query, run by polars' streaming engine: on `catalog.scan` LazyFrames it
    reads the Parquet in batches, only the columns used, so a corpus larger than memory can
    be measured (operations it cannot stream fall back to the in-memory engine)."""
    return lf.collect(engine="streaming")


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
    written in key order are common, and a sort of millions of rows gathers every column).
    The order is checked on the runs of the leading keys (`_increasing_runs`); where those
    runs are in order and only the last key is not, the rows are sorted by run number and
    that key: integers, not the strings of the document ids."""
    by = list(by)
    if df.height < 2:
        return df
    keys, within = (by[:-1], by[-1]) if len(by) > 1 else (by, None)
    starts = _increasing_runs(df, keys)
    if starts is None:
        return df.sort(by, nulls_last=nulls_last, maintain_order=True)
    if within is None or _ordered_within(df, starts, within):
        return df
    return (df.with_columns(_run=starts.cum_sum())
            .sort(["_run", within], nulls_last=nulls_last, maintain_order=True).drop("_run"))


def _run_starts(df: pl.DataFrame, keys: Sequence[str]) -> pl.Series:
    """True where a row's `keys` differ from the row before (and on the first row): where a
    run of equal keys begins. Computed in slices that overlap by one row, so the shifted
    copies of the key columns stay small (10 M indicator rows at 100,000 units)."""
    new = pl.lit(False)
    for k in keys:
        new = new | (pl.col(k) != pl.col(k).shift()).fill_null(True)
    parts = []
    for start in range(0, df.height, _RUN_SLICE):
        first = max(start - 1, 0)
        piece = df.select(keys).slice(first, _RUN_SLICE + start - first).select(new).to_series()
        parts.append(piece if start == 0 else piece.slice(1))
    return pl.concat(parts) if parts else pl.Series("literal", [], pl.Boolean)


_RUN_SLICE = 1 << 20


def _increasing_runs(df: pl.DataFrame, keys: Sequence[str]) -> pl.Series | None:
    """`_run_starts(df, keys)` if the rows come in runs of equal `keys` that are strictly
    increasing (each key in one run only: the rows are in ascending `keys` order) and no key
    is null; else None. Equality on neighbours finds the runs, and the order is compared on
    the runs' first rows only: cheaper than comparing every row's string keys
    (`catalog.in_key_order`), and the runs then serve the counts."""
    if any(df[c].null_count() for c in keys):
        return None
    starts = _run_starts(df, keys)
    if not catalog.in_key_order(df.select(keys).filter(starts), keys, strict=True):
        return None
    return starts


def _ordered_within(df: pl.DataFrame, starts: pl.Series, within: str) -> bool:
    """Whether `within` has no null and never decreases inside a run (`starts`)."""
    if df[within].null_count():
        return False
    if df.height < 2:
        return True
    w = pl.col(within)
    return df.select(((w >= w.shift()) | pl.lit(starts)).slice(1).all()).item()


def _ordered_run_starts(df: pl.DataFrame, keys: Sequence[str],
                        within: str | None = None) -> pl.Series | None:
    """`_increasing_runs(df, keys)` where, besides, `within` (if given) never decreases
    inside a run — the rows are in ascending (keys, within) order; else None."""
    starts = _increasing_runs(df, keys)
    if starts is None or within is None or _ordered_within(df, starts, within):
        return starts
    return None


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
    spellings = (_collect(ev.select(pl.col(col).drop_nulls().unique()))
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


