"""Fields: what a column (or a computed measure) is — its type, its labels in Chinese and
English and its unit — and the few fields several tables share.

A field carries one meaning. A name that means different things in different tables (`actual`
is 支出决算 in `budget_lines`, 决算数 in `three_public`, 实际完成值 in `perf_indicators`) has one
definition per table, written where that table lists its columns (`metadata.tables`);
`metadata.resolve` picks the right one for a table.

Adding a column every ingested table carries (e.g. `src_page`): define it in `SHARED` below
and add its name to `PROVENANCE`. A column of one table: one line in that table's listing in
`metadata/tables.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

WANYUAN = "万元"
PERCENT = "%"
POINTS = "分"
PERSONS = "人"
COUNT = "个"
PER_STAFF = "万元/人"


@dataclass(frozen=True)
class Field:
    """A column or measure: `en` is its description in English, `zh` its Chinese label."""

    name: str
    dtype: str  # 'string' | 'integer' | 'number' | 'boolean'
    en: str
    zh: str
    unit: str | None = None
    enum: tuple[str, ...] | None = None
    required: bool = True  # must be non-null in every row

    @property
    def polars_dtype(self) -> pl.DataType:
        return _POLARS[self.dtype]


_POLARS: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
}


def column(name: str, dtype: str, en: str, zh: str, unit: str | None = None,
           enum: tuple[str, ...] | list[str] | None = None, required: bool = False) -> Field:
    """A curated column (optional unless `required`)."""
    return Field(name, dtype, en, zh, unit, tuple(enum) if enum else None, required)


def line_of(of: str, zh: str) -> Field:
    """The `<of>_src_line` column: the line a value printed elsewhere than the row's is on."""
    return column(f"{of}_src_line", "integer",
                  f"Source line of `{of}` where it differs from src_line", f"{zh}所在源文件行号")


def measure(name: str, dtype: str, en: str, zh: str, unit: str | None = None) -> Field:
    """A column the measures compute (never stored in the curated tables)."""
    return Field(name, dtype, en, zh, unit, None, False)


# --- fields several tables share, with the same meaning -----------------------------------------

SHARED: dict[str, Field] = {f.name: f for f in (
    column("doc_id", "string", "Stable document identifier (from the manifest)", "文档编号",
           required=True),
    column("src_line", "integer",
           "1-based line of the source file the row's values are printed on",
           "源文件行号（从1起）", required=True),
    column("src_page", "integer",
           "PDF page (1-based) of src_line; null for a text source. For a PDF, src_line is a "
           "line of its text rendering, extracted/<doc_id>.txt beside the tables",
           "PDF页码"),
    column("source_kind", "string",
           "Where the figure is stated: a standard table or the narrative explanation",
           "出处类型（表格/文字说明）", enum=("table", "narrative"), required=True),
)}

# Where an ingested row was read: every ingested table lists these columns (in this order) at
# the place its listing says `*PROVENANCE`.
PROVENANCE: tuple[str, ...] = ("src_line", "src_page")
