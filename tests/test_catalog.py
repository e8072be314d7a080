"""Loading curated tables: validated against the schema, with clear errors."""

import polars as pl
import pytest

from juesuan import catalog, metadata


def test_loads_every_committed_table():
    tables = catalog.load_all()
    assert set(tables) == set(metadata.TABLES)
    assert tables["documents"].height == 7  # four texts, three PDFs


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
    good = metadata.frame("documents", [{
        "doc_id": "x", "unit_name": "某局", "fiscal_year": 2024, "scope": "unit",
        "source_file": "x.txt", "source_sha256": "0", "encoding": "utf-8", "in_manifest": True,
        "source_format": "text", "coverage": "full"}])
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


def test_duplicate_keys_are_found_in_and_out_of_key_order():
    """validate proves a key unique by one pass when the rows are in key order (as ingest
    writes them) and hashes the keys otherwise: both must catch a repeated key."""
    ev = catalog.load("perf_indicators")
    catalog.validate("perf_indicators", ev)  # in key order, unique
    catalog.validate("perf_indicators", ev.reverse())  # out of order, unique
    repeated = pl.concat([ev.head(3), ev.slice(2, 1), ev.slice(3)])  # row 2 twice, adjacent
    with pytest.raises(catalog.CatalogError, match="duplicate key"):
        catalog.validate("perf_indicators", repeated)
    with pytest.raises(catalog.CatalogError, match="duplicate key"):
        catalog.validate("perf_indicators", pl.concat([ev, ev.head(1)]))  # apart, out of order


def test_scan_checks_the_columns_and_reads_lazily(tmp_path):
    lazy = catalog.scan("perf_indicators")
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(catalog.load("perf_indicators"))
    assert set(catalog.scan_all()) == set(metadata.TABLES)
    catalog.load("documents").drop("encoding").write_parquet(tmp_path / "documents.parquet")
    with pytest.raises(catalog.CatalogError, match="columns or types differ"):
        catalog.scan("documents", tmp_path)
    with pytest.raises(catalog.CatalogError, match="missing"):
        catalog.scan("totals", tmp_path)
    with pytest.raises(catalog.CatalogError, match="unknown table"):
        catalog.scan("nope")
