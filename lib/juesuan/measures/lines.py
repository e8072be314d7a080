"""Budget execution by line: completion of the initial budget per functional line and per
document, unbudgeted lines, the largest gaps, functional shares and the “三公” items."""

from __future__ import annotations

import polars as pl

from juesuan import metadata
from juesuan.measures.common import (
    _LEVEL_DEPTH,
    _STATEMENT_RANK,
    Frame,
    Shared,
    Source,
    _collect,
    _preference,
    _preferred,
    _remember,
    _shared,
    _sorted,
    _table,
    pct,
)

# --- budget execution -----------------------------------------------------------------------

_LINE_COLUMNS = ("doc_id", "statement", "level", "func_code", "class_name", "section_name",
                 "item_name", "budget_initial", "actual", "completion_stated", "src_line")


def _lines_with_budget(bl: Frame) -> pl.DataFrame:
    """Lines that state an initial budget or a completion, from one statement per document
    (table before narrative), each line once (its first statement)."""
    stmt = pl.col("statement").replace_strict(_STATEMENT_RANK, default=9, return_dtype=pl.Int8)
    rows = _collect(bl.lazy()
                    .filter(pl.col("budget_initial").is_not_null()
                            | pl.col("completion_stated").is_not_null())
                    .filter(stmt == stmt.min().over("doc_id"))
                    .select(_LINE_COLUMNS))  # only these are sorted and de-duplicated
    key = ["doc_id", "level", "func_code", "class_name", "section_name", "item_name"]
    return _sorted(rows, ["doc_id", "src_line"]).unique(key, keep="first", maintain_order=True)


def line_completion(budget_lines: Source) -> pl.DataFrame:
    """Completion of the initial budget per functional line (actual ÷ 年初预算), with the gap.

    Rows: the lines for which the document states an initial budget or a completion rate
    (the narrative on general-budget expenditure in the national format; structure sentences
    that only give a share are left out). `unbudgeted` is true for a line with 年初预算 0 and
    spending (a mid-year addition), null where the budget is not stated. `gap_wanyuan` is
    actual − budget; `gap_percent` is completion − 100 (null for a zero budget)."""
    out = _line_completion(budget_lines)
    # with a `Shared` source: what is derived from the lines is derived now, from the lines in
    # hand, and kept; the lines themselves (a million rows at 100,000 units) are not
    _remember(budget_lines, "unbudgeted_total", lambda: _unbudgeted_from(out))
    return out


def _line_completion(budget_lines: Source) -> pl.DataFrame:
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


def unbudgeted_lines(budget_lines: Source) -> pl.DataFrame:
    """The lines spent without an initial budget (年初预算 0, actual > 0)."""
    return line_completion(budget_lines).filter(pl.col("unbudgeted").fill_null(False))


def unbudgeted_total(budget_lines: Source) -> pl.DataFrame:
    """Per document: how many lines were unbudgeted and what they spent, against the spending
    of all lines with a stated budget (at the most detailed level the document states)."""
    if isinstance(budget_lines, Shared):
        def compute() -> pl.DataFrame:
            line_completion(budget_lines)  # keeps unbudgeted_total, derived from its lines
            return budget_lines.kept("unbudgeted_total")
        return budget_lines.cached("unbudgeted_total", compute)
    return _unbudgeted_from(line_completion(budget_lines))


def _unbudgeted_from(completion: pl.DataFrame) -> pl.DataFrame:
    """unbudgeted_total from line_completion's result."""
    lines = finest_lines(completion.lazy())
    flag = pl.col("unbudgeted").fill_null(False)
    return _sorted(lines.group_by("doc_id")
                   .agg(n_lines=pl.len().cast(pl.Int64),
                        n_unbudgeted=flag.sum().cast(pl.Int64),
                        unbudgeted_actual=pl.col("actual").filter(flag).sum(),
                        lines_actual=pl.col("actual").sum())
                   .with_columns(unbudgeted_share=pct("unbudgeted_actual", "lines_actual"))
                   .pipe(_collect), ["doc_id"])


def largest_gaps(budget_lines: Source, n: int = 5) -> pl.DataFrame:
    """The n lines per document furthest from their initial budget, ranked twice: by the
    absolute gap in 万元 (`ranked_by` = "wanyuan") and by the absolute gap in percent
    (`ranked_by` = "percent"; unbudgeted lines have no percent gap). Over- and under-spending
    both count; the sign is kept in the gap columns. Ties keep source order."""
    lines = finest_lines(line_completion(budget_lines)).sort(["doc_id", "src_line"], maintain_order=True)
    parts = []
    for ranked_by, col in (("wanyuan", "gap_wanyuan"), ("percent", "gap_percent")):
        parts.append(
            lines.filter(pl.col(col).is_not_null())
            .with_columns(ranked_by=pl.lit(ranked_by),
                          rank=pl.col(col).abs().rank("ordinal", descending=True)
                          .over("doc_id").cast(pl.Int64))
            .filter(pl.col("rank") <= n))
    return pl.concat(parts).sort(["doc_id", "ranked_by", "rank"], descending=[False, True, False])


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
                  .sort(["doc_id", "src_line"], maintain_order=True)
                  .unique(["doc_id", "class_name"], keep="first", maintain_order=True)
                  .select(cols).with_columns(source=pl.lit("narrative_gpb_class"),
                                             _priority=pl.lit(1)))
    item_rows = (bl.filter(narrative & (pl.col("level") == "item"))
                 .group_by(["doc_id", "class_name"], maintain_order=True)
                 .agg(pl.col("func_code").drop_nulls().first().str.slice(0, 3),
                      pl.col("actual").sum(), pl.col("src_line").min())
                 .select(cols).with_columns(source=pl.lit("narrative_gpb_items"),
                                            _priority=pl.lit(2)))
    rows = pl.concat([table_rows, class_rows, item_rows])
    rows = rows.filter(pl.col("_priority") == pl.col("_priority").min().over("doc_id"))
    stated = (bl.filter(narrative & (pl.col("level") == "class")
                        & pl.col("share_stated").is_not_null())
              .sort(["doc_id", "src_line"], maintain_order=True)
              .unique(["doc_id", "class_name"], keep="first", maintain_order=True)
              .select("doc_id", "class_name", "share_stated"))
    return (rows.with_columns(share=pct("actual", pl.col("actual").sum().over("doc_id")))
            .join(stated, on=["doc_id", "class_name"], how="left", maintain_order="left")
            .select("doc_id", "class_name", "func_code", "actual", "share", "share_stated",
                    "source", "src_line")
            .sort(["doc_id", "src_line"], maintain_order=True).pipe(_collect))


# --- “三公”, meetings and training ------------------------------------------------------------

def three_public_completion(three_public: Source) -> pl.DataFrame:
    """Budget vs final per “三公” item (and 会议费, 培训费) per document, with completion.

    Each value is the table's where the table prints it, else the first narrative statement's
    (`budget_source`, `actual_source` say which): a table cell left blank is not read as 0, but
    the narrative may state the figure. `completion_stated` is the first completion printed."""
    return _shared(three_public, "three_public_completion",
                   lambda: _three_public_completion(_table(three_public, "three_public")))


def _three_public_completion(tp: Frame) -> pl.DataFrame:
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
            .pipe(_collect))


