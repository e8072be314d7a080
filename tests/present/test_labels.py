"""Every label a report shows is the metadata's, looked up by the function the reports' tables
use (`present.html_table` → `present.column_info` → `metadata.resolve`)."""

import html
import re

import polars as pl

from juesuan import metadata, present


def header(column: str, dtype: pl.DataType, table: str | None = None,
           computed: bool = False) -> str:
    """The header a report's table shows over `column`."""
    df = pl.DataFrame({column: [None]}, schema={column: dtype})
    out = present.html_table(df, table, computed=computed)
    return html.unescape(re.search(r"<th(?:\s[^>]*)?>(.*?)</th>", out).group(1))


def shown(field: metadata.Field) -> str:
    return f"{field.zh}（{field.unit}）" if field.unit else field.zh


def test_every_column_of_every_table_shows_its_own_label():
    for table in metadata.TABLES.values():
        for col in table.columns:
            assert header(col.name, col.polars_dtype, table.name) == shown(col), \
                (table.name, col.name)
            assert present.label(col.name, table.name) == col.zh


def test_a_column_shows_its_tables_meaning_not_a_measures():
    # the names measures also compute, and the names several tables define differently
    assert header("reason", pl.String(), "completeness") == "空表理由"
    assert header("execution_rate", pl.Float64(), "perf_evaluations") == "执行率（表中所述）（%）"
    assert header("actual", pl.String(), "perf_indicators") == "实际完成值"
    assert header("actual", pl.Float64(), "three_public") == "决算数（万元）"
    assert header("scope", pl.String(), "documents") == "决算范围"
    assert header("scope", pl.String(), "perf_evaluations") == "评价类型"


def test_a_frame_the_measures_computed_shows_the_measures_labels():
    for name, col in metadata.MEASURE_COLUMNS.items():
        assert header(name, col.polars_dtype, computed=True) == shown(col), name
        assert present.label(name) == col.zh
    assert header("execution_rate", pl.Float64(), "perf_evaluations", computed=True) == \
        "执行率B/A（按金额计算）（%）"
    assert present.label("completion_rate", "three_public") == \
        metadata.MEASURE_CONTEXT["three_public"]["completion_rate"].zh
    for name in ("completion_rate", "mean_score", "three_public_completion"):
        assert present.label(name, "compare", computed=True) == \
            metadata.COMPARED_FIELDS[name].zh


def test_value_labels_are_the_metadatas():
    for column, labels in metadata.VALUE_LABELS.items():
        assert present.VALUE_LABELS[column] == {v: zh for v, (zh, _en) in labels.items()}
    assert present.value_label("level", "section") == "款"
    assert present.VALUE_LABELS["item"] == metadata.THREE_PUBLIC_ITEMS
    assert set(metadata.THREE_PUBLIC_ITEMS_EN) == set(metadata.THREE_PUBLIC_ITEMS)
