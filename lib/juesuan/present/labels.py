"""Chinese labels of columns and coded values, for tables and charts.

Every label is the metadata's (`juesuan.metadata`); `column_info` is the one lookup, through
`metadata.resolve`: a curated table's column shows its own label, a column the measures
computed shows the measure's.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from juesuan import metadata

# Chinese names of coded values, per column (the enums of the tables and of the measures).
VALUE_LABELS: dict[str, dict[str, str]] = {
    column: {value: zh for value, (zh, _en) in values.items()}
    for column, values in metadata.VALUE_LABELS.items()}


def column_info(column: str, table: str | None = None,
                computed: bool = False) -> tuple[str, str | None]:
    """(Chinese label, unit) of a column of a frame shown for `table` — the curated table
    itself, or (`computed`) a frame the measures computed from it; see `metadata.resolve`.
    The name itself when nothing defines it."""
    f = metadata.resolve(column, table, computed)
    return (f.zh, f.unit) if f else (column, None)


def label(column: str, table: str | None = None, with_unit: bool = False,
          computed: bool = False) -> str:
    """The Chinese label of a column (see `column_info`); `with_unit` appends （万元） etc."""
    zh, unit = column_info(column, table, computed)
    return f"{zh}（{unit}）" if with_unit and unit else zh


def value_label(column: str, value: object) -> object:
    """The Chinese name of a coded value (scope, status, severity …); other values unchanged."""
    if value is None:
        return None
    return VALUE_LABELS.get(column, {}).get(value, value)  # type: ignore[arg-type]


def with_value_labels(df: pl.DataFrame, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """The coded columns of df replaced by their Chinese names."""
    cols = [c for c in (columns or df.columns) if c in VALUE_LABELS and c in df.columns]
    return df.with_columns(pl.col(c).replace(VALUE_LABELS[c]) for c in cols
                           if df.schema[c] == pl.String)


