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


def test_a_partitioned_dataset_reads_as_the_single_files(tmp_path):
    tables = catalog.load_all()
    root = catalog.write_partitioned(tables, tmp_path / "curated")
    folders = {p.relative_to(root / "documents").as_posix()
               for p in (root / "documents").glob("*/*")}
    assert "fiscal_year=2024/province=上海市" in folders and len(folders) == 5
    def rows(df):  # the partitions come in folder order: compare as sets of rows
        return df.sort(df.columns, nulls_last=True)

    for name in metadata.TABLES:
        loaded, scanned = catalog.load(name, root), catalog.scan(name, root).collect()
        assert loaded.schema == scanned.schema == tables[name].schema
        assert rows(loaded).equals(rows(tables[name])), name
        assert rows(scanned).equals(rows(tables[name])), name
    # the partition columns live in the folder names, not in the files
    part = next((root / "documents").rglob("*.parquet"))
    assert "province" not in pl.read_parquet_schema(part)


def test_partition_values_a_path_cannot_hold_and_nulls(tmp_path):
    docs = catalog.load("documents").head(2).with_columns(
        province=pl.Series(["a/b%=c", None]))
    root = catalog.write_partitioned({"documents": docs}, tmp_path / "d")
    assert sorted(p.name for p in root.glob("documents/*/*")) == [
        "province=__HIVE_DEFAULT_PARTITION__", "province=a%2Fb%25%3Dc"]
    assert catalog.load("documents", root).sort("doc_id").equals(docs.sort("doc_id"))


def test_write_partitioned_replaces_the_dataset_whole(tmp_path):
    tables = catalog.load_all()
    root = catalog.write_partitioned(tables, tmp_path / "curated")
    fewer = {"documents": tables["documents"].head(1), "totals": tables["totals"].head(0)}
    catalog.write_partitioned(fewer, root)
    assert catalog.load("documents", root).height == 1
    with pytest.raises(catalog.CatalogError, match="missing"):
        catalog.scan("budget_lines", root)  # the old dataset is gone, not merged
    assert [p.name for p in tmp_path.iterdir()] == ["curated"]  # no temporary folder left
    with pytest.raises(catalog.CatalogError):  # an invalid table: nothing is swapped in
        catalog.write_partitioned({"documents": tables["documents"].drop("unit_name")}, root)
    assert catalog.load("documents", root).height == 1
    assert [p.name for p in tmp_path.iterdir()] == ["curated"]


def test_a_partitioned_table_is_checked_from_its_footers(tmp_path):
    root = catalog.write_partitioned(catalog.load_all(), tmp_path / "curated")
    part = next((root / "totals").rglob("*.parquet"))
    pl.read_parquet(part).drop("unit").write_parquet(part)
    with pytest.raises(catalog.CatalogError, match=r"part-0\.parquet: columns or types differ"):
        catalog.scan("totals", root)


def test_load_document_gives_one_documents_rows_of_every_table(tmp_path):
    tables = catalog.load_all()
    doc_id = tables["documents"]["doc_id"][1]
    partitioned = catalog.write_partitioned(tables, tmp_path / "parts")
    for root in (None, partitioned):
        one = catalog.load_document(doc_id, root)
        assert list(one) == list(metadata.TABLES)
        for name, df in tables.items():
            expected = df.filter(pl.col("doc_id") == doc_id)
            assert one[name].equals(expected), name
        assert one["documents"].height == 1 and one["totals"].height > 0
    assert all(df.height == 0 for df in catalog.load_document("no-such-doc").values())
