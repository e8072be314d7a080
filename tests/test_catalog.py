"""Loading curated tables: validated against the schema, with clear errors."""

import polars as pl
import pytest

from juesuan import catalog, schema


def test_loads_every_committed_table():
    tables = catalog.load_all()
    assert set(tables) == set(schema.TABLES)
    assert tables["documents"].height == 4


def test_missing_table_names_the_file(tmp_path):
    with pytest.raises(catalog.CatalogError, match=r"totals\.parquet: missing; run `juesuan ingest`"):
        catalog.load("totals", tmp_path)


def test_unknown_table():
    with pytest.raises(catalog.CatalogError, match="unknown table 'budget'"):
        catalog.load("budget")


def test_damaged_file(tmp_path):
    (tmp_path / "totals.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(catalog.CatalogError, match="not a readable Parquet file"):
        catalog.load("totals", tmp_path)


def test_schema_violations_are_reported(tmp_path):
    good = schema.frame("documents", [{
        "doc_id": "x", "unit_name": "某局", "fiscal_year": 2024, "scope": "unit",
        "source_file": "x.txt", "source_sha256": "0", "encoding": "utf-8", "in_manifest": True}])
    good.drop("encoding").write_parquet(tmp_path / "documents.parquet")
    with pytest.raises(catalog.CatalogError, match=r"missing \['encoding'\]"):
        catalog.load("documents", tmp_path)
    good.with_columns(pl.lit("city").alias("scope")).write_parquet(tmp_path / "documents.parquet")
    with pytest.raises(catalog.CatalogError, match=r"scope has values outside .*'city'"):
        catalog.load("documents", tmp_path)
    pl.concat([good, good]).write_parquet(tmp_path / "documents.parquet")
    with pytest.raises(catalog.CatalogError, match="duplicate key"):
        catalog.load("documents", tmp_path)
    good.with_columns(pl.lit(None, pl.String).alias("unit_name")).write_parquet(
        tmp_path / "documents.parquet")
    with pytest.raises(catalog.CatalogError, match="unit_name has 1 null"):
        catalog.load("documents", tmp_path)
