"""The line view's data: general-budget expenditure of one document by functional
classification (类/款/项), one row per line, matched across 公开05表 and the narrative, with
the 类 and 款 it states only through their parts summed.
"""

from __future__ import annotations

import polars as pl

from juesuan import charts, measures
from juesuan.explore.common import _DEPTH, GPB_STATEMENTS, LEVELS, SUMMED
from juesuan.present import label

_LINE_COLS = ("src_line", "budget_initial_src_line", "actual_src_line", "completion_stated_src_line")


def _first(col: str, src: str | None = None) -> list[pl.Expr]:
    """First stated value of `col` in preference order, and the line it is printed on."""
    stated = pl.col(col).is_not_null()
    line = pl.coalesce(src, "src_line") if src else pl.col("src_line")
    return [pl.col(col).filter(stated).first(), line.filter(stated).first().alias(f"{col}_src")]


def _sum_all(col: str) -> pl.Expr:
    """Sum of the parts' values, null unless every part states one (no partial sums)."""
    return pl.when(pl.col(col).null_count() == 0).then(pl.col(col).sum()).otherwise(None)


def _keyed(bl: pl.DataFrame) -> pl.DataFrame:
    """The lines with `key` (their code, else their names), `class_key` and `section_key`. A
    line printed without a code gets the code its names carry elsewhere in the document."""
    names = [pl.col(c).str.replace_all(r"\s+", "").alias(f"_{c[0]}")
             for c in ("class_name", "section_name", "item_name")]
    bl = bl.with_columns(*names)
    code = pl.col("func_code")
    coded = bl.filter(code.is_not_null())
    maps = [
        (["_c"], coded.select("_c", _code3=code.str.slice(0, 3))),
        (["_c", "_s"], coded.filter(code.str.len_chars() >= 5)
         .select("_c", "_s", _code5=code.str.slice(0, 5))),
        (["_c", "_s", "_i"], coded.filter(code.str.len_chars() == 7)
         .select("_c", "_s", "_i", _code7=code)),
    ]
    for on, m in maps:
        bl = bl.join(m.drop_nulls(on).unique(on, keep="first", maintain_order=True), on=on,
                     how="left")
    own = {n: pl.when(code.str.len_chars() >= n).then(code.str.slice(0, n)) for n in (3, 5, 7)}
    bl = bl.with_columns(class_code=pl.coalesce(own[3], "_code3"),
                         section_code=pl.coalesce(own[5], "_code5"),
                         item_code=pl.coalesce(own[7], "_code7"))
    bl = bl.with_columns(class_key=pl.coalesce("class_code", "_c", pl.lit("?")))
    bl = bl.with_columns(section_key=pl.when(pl.col("level") != "class").then(pl.coalesce(
        "section_code", pl.format("{}/{}", "class_key", pl.col("_s").fill_null("?")))))
    bl = bl.with_columns(item_key=pl.coalesce(
        "item_code", pl.format("{}/{}", "section_key", pl.col("_i").fill_null("?"))))
    by_level = {"class": ("class_key", "class_code"), "section": ("section_key", "section_code"),
                "item": ("item_key", "item_code")}
    return bl.with_columns(
        key=pl.coalesce(*[pl.when(pl.col("level") == lv).then(pl.col(k))
                          for lv, (k, _) in by_level.items()]),
        node_code=pl.coalesce(*[pl.when(pl.col("level") == lv).then(pl.col(c))
                                for lv, (_, c) in by_level.items()]))


def _stated(bl: pl.DataFrame) -> pl.DataFrame:
    """One row per line: each value from the first statement that prints it (table first)."""
    rank = {s: i for i, s in enumerate(GPB_STATEMENTS)}
    return (bl.with_columns(_rank=pl.col("statement").replace_strict(rank, return_dtype=pl.Int8))
            .sort(["_rank", "src_line"])
            .group_by("key", maintain_order=True)
            .agg(pl.col("level").first(), pl.col("node_code").first().alias("func_code"),
                 pl.col("class_key").first(), pl.col("section_key").first(),
                 *[pl.col(c).drop_nulls().first()
                   for c in ("class_name", "section_name", "item_name")],
                 *_first("budget_initial", "budget_initial_src_line"),
                 *_first("actual", "actual_src_line"),
                 *_first("completion_stated", "completion_stated_src_line"),
                 pl.col("statement").first(), pl.col("src_line").first(),
                 pl.col("src_line").min().alias("_order")))


def _with_parents(lines: pl.DataFrame) -> pl.DataFrame:
    """Add the 款 and 类 the document names only through their 项 (a narrative of 项 alone);
    they have no line of their own (src_line null)."""
    for level, parent_cols in (("section", ["class_key", "section_key"]),
                               ("class", ["class_key"])):
        k = parent_cols[-1]
        kids = lines.filter(pl.col("level").replace_strict(_DEPTH) > _DEPTH[level])
        missing = (kids.sort("_order").group_by(parent_cols, maintain_order=True)
                   .agg(pl.col("class_name").drop_nulls().first(),
                        pl.col("section_name").drop_nulls().first(),
                        pl.col("_order").min())
                   .filter(~pl.col(k).is_in(lines["key"].implode()))
                   .with_columns(key=pl.col(k), level=pl.lit(level)))
        if level == "class":
            missing = missing.with_columns(section_name=pl.lit(None, pl.String),
                                           section_key=pl.lit(None, pl.String))
        missing = missing.with_columns(
            func_code=pl.when(pl.col("key").str.contains(r"^\d+$")).then(pl.col("key")))
        lines = pl.concat([lines, missing], how="diagonal_relaxed")
    return lines


def _rolled_up(lines: pl.DataFrame) -> pl.DataFrame:
    """A 类/款 value the document does not state: the sum of its 项 (a 类 without 项: of its
    款) when every part states one; `<col>_basis` says "stated" or "sum"."""
    items = lines.filter(pl.col("level") == "item")
    sections = lines.filter((pl.col("level") == "section")
                            & ~pl.col("class_key").is_in(items["class_key"].implode()))
    sums = pl.concat([
        part.group_by(by).agg(_sum_all("budget_initial").alias("_b"),
                              _sum_all("actual").alias("_a")).rename({by: "key"})
        for part, by in ((items, "section_key"), (items, "class_key"), (sections, "class_key"))])
    out = lines.join(sums, on="key", how="left")
    for col, summed in (("budget_initial", "_b"), ("actual", "_a")):
        use_sum = (pl.col(col).is_null() & (pl.col("level") != "item")
                   & pl.col(summed).is_not_null())
        out = out.with_columns(
            pl.when(pl.col(col).is_not_null()).then(pl.lit("stated"))
            .when(use_sum).then(pl.lit("sum")).alias(f"{col}_basis"),
            pl.when(use_sum).then(pl.col(summed)).otherwise(col).alias(col))
    return out


def line_tree(budget_lines: pl.DataFrame, doc_id: str) -> pl.DataFrame:
    """Every 类, 款 and 项 of the document's general-budget expenditure, one row per line.

    Lines are matched across 公开05表 and the narrative by their code (else their names); each
    value is the table's where the table prints it, else the narrative's, with the line it is
    printed on. A 类 or 款 the document does not state a value for gets the sum of its parts
    (`budget_initial_basis` / `actual_basis` = "sum", and a `note`). Completion and gap are
    defined as in `measures.line_completion`: actual ÷ 年初预算 in percent, actual − 年初预算;
    a zero budget with spending is unbudgeted."""
    bl = budget_lines.filter((pl.col("doc_id") == doc_id)
                             & pl.col("statement").is_in(GPB_STATEMENTS)
                             & pl.col("level").is_in(LEVELS))
    tree = _rolled_up(_with_parents(_stated(_keyed(bl))))
    summed = [pl.when(pl.col(f"{c}_basis") == "sum").then(pl.lit(label(c, "budget_lines")))
              for c in ("budget_initial", "actual")]
    name = pl.coalesce(pl.when(pl.col("level") == "item").then("item_name"),
                       pl.when(pl.col("level") == "section").then("section_name"),
                       "class_name")
    return (tree.with_columns(
                doc_id=pl.lit(doc_id), line_name=name,
                **measures.line_measures(),
                note=pl.concat_list(summed).list.drop_nulls().list.join("、"))
            .with_columns(
                budget_status=measures.budget_status(), line_label=charts.line_label(),
                note=pl.when(pl.col("note") != "").then(pl.format("{}{}", "note", pl.lit(SUMMED))))
            .rename({"budget_initial_src": "budget_initial_src_line",
                     "actual_src": "actual_src_line",
                     "completion_stated_src": "completion_stated_src_line"})
            .sort(["func_code", "_order"], nulls_last=True)
            .select("doc_id", "key", "level", "func_code", "line_label", "line_name",
                    "class_key", "section_key", "class_name", "section_name", "item_name",
                    "budget_initial", "actual", "completion_rate", "completion_stated",
                    "gap_wanyuan", "gap_percent", "unbudgeted", "budget_status",
                    "budget_initial_basis", "actual_basis", "note", "statement", "src_line",
                    "budget_initial_src_line", "actual_src_line", "completion_stated_src_line"))


def children(tree: pl.DataFrame, class_key: str | None = None,
             section_key: str | None = None) -> pl.DataFrame:
    """The lines one level below the selection: every 类; the 款 of a 类; the 项 of a 款."""
    if section_key:
        return tree.filter((pl.col("level") == "item") & (pl.col("section_key") == section_key))
    if class_key:
        return tree.filter((pl.col("level") == "section") & (pl.col("class_key") == class_key))
    return tree.filter(pl.col("level") == "class")
