"""Shared by the measures tests: the documents, tolerances of hand-rounded figures, one row."""

from __future__ import annotations

import polars as pl
import pytest

D000 = "qianyang-hrss-2024"  # 000_cfb0dafd2c8bb827.txt
D001 = "quxian-rural-pension-2023"  # 001_549a6034fad0ec80.txt
D003 = "fenyang-social-insurance-2024"  # 003_df651f07c846b8e4.txt
D004 = "xianyang-hrss-2023"  # 004_0c64700254d9a193.txt
PDFS = ("putuo-finance-2024", "putuo-planning-resources-2024", "putuo-social-work-2024")

approx = pytest.approx


def near(expected: float):
    """Equal to a figure rounded to two decimals by hand."""
    return approx(expected, abs=0.005)


def one(df: pl.DataFrame, **where) -> dict:
    """The single row of df matching all column == value conditions."""
    expr = pl.all_horizontal([pl.col(k) == v for k, v in where.items()])
    rows = df.filter(expr).to_dicts()
    assert len(rows) == 1, (where, rows)
    return rows[0]
