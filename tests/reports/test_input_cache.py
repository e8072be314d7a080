"""The build's input hashes kept between builds (reports.inputs): a curated file is read again
only when its size or mtime changed, its rows only when its bytes did; the hashes equal those
of a fresh computation; a corrupt, foreign or stale cache is ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

from juesuan import catalog, metadata, reports
from juesuan.io import write_tables
from juesuan.reports import inputs

UNITS = {"alpha-2024": (2024, "陕西省"), "beta-2023": (2023, "四川省"),
         "gamma-2024": (2024, "上海市")}
TABLE_FILES = sorted(f"{n}.parquet" for n in metadata.TABLES)


@pytest.fixture(autouse=True)
def fixed_library(monkeypatch):
    """The library hash is pinned (what is tested here is the data's)."""
    monkeypatch.setattr(reports.planning, "library_hash", lambda: "library")


def frames(income: dict[str, float] | None = None) -> dict[str, pl.DataFrame]:
    income = {d: 1234.5 for d in UNITS} | (income or {})
    out = {name: metadata.empty_frame(name) for name in metadata.TABLES}
    out["documents"] = metadata.frame("documents", [
        {"doc_id": d, "unit_name": f"单位{d}", "fiscal_year": y, "province": p, "scope": "unit",
         "source_file": f"{d}.txt", "source_sha256": "0" * 64, "encoding": "utf-8",
         "in_manifest": True, "source_format": "text", "coverage": "full"}
        for d, (y, p) in UNITS.items()])
    out["totals"] = metadata.frame("totals", [
        {"doc_id": d, "metric": m, "value": v, "unit": "万元", "source_kind": "table",
         "src_line": 1}
        for d in UNITS for m, v in (("income_total", income[d]), ("expenditure_total", 1200.25))])
    return out


def later(path: Path) -> None:
    """Move a file's mtime on by a second, as a rewrite a moment later would."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def curated(tmp_path) -> Path:
    folder = tmp_path / "curated"
    write_tables(frames(), folder)
    return folder


def settled(reports_dir: Path) -> None:
    """Mark the cache's entries as not too recent to trust (as they are a few seconds on):
    the files of a test are written within RACY_NS of being hashed."""
    path = reports_dir / inputs.CACHE_FILE
    cache = json.loads(path.read_text(encoding="utf-8"))
    for entry in cache["files"].values():
        entry["racy"] = False
    cache["library"]["racy"] = False
    path.write_text(json.dumps(cache), encoding="utf-8")


def test_a_second_computation_reads_nothing_and_a_changed_file_only_is_read_again(curated,
                                                                                   tmp_path):
    out = tmp_path / "reports"
    first = reports.build_inputs(curated, out)
    assert sorted(first.rows_read) == TABLE_FILES
    assert first.doc_ids == list(UNITS)
    settled(out)
    again = reports.build_inputs(curated, out)
    assert again.rehashed == [] and again.rows_read == []
    assert again.parts == first.parts and again.doc_ids == first.doc_ids

    write_tables({"totals": frames({"alpha-2024": 999.0})["totals"]}, curated)
    settled_then = reports.build_inputs(curated, out)
    # write_tables rewrites the metadata files too: read again (same bytes), rows not read
    assert sorted(settled_then.rehashed) == ["DATA_DICTIONARY.md", "csv/totals.csv",
                                             "datapackage.json", "totals.parquet"]
    assert settled_then.rows_read == ["totals.parquet"]
    docs, before = settled_then.parts.documents, first.parts.documents
    assert docs["alpha-2024"] != before["alpha-2024"]
    assert docs["beta-2023"] == before["beta-2023"] and docs["gamma-2024"] == before["gamma-2024"]
    assert settled_then.parts.corpus != first.parts.corpus
    assert settled_then.parts == reports.build_inputs(curated, tmp_path / "fresh").parts


def test_a_touched_file_with_the_same_bytes_is_hashed_again_but_changes_nothing(curated,
                                                                               tmp_path):
    out = tmp_path / "reports"
    first = reports.build_inputs(curated, out)
    settled(out)
    later(curated / "totals.parquet")
    touched = reports.build_inputs(curated, out)
    assert touched.rehashed == ["totals.parquet"] and touched.rows_read == []
    assert touched.parts == first.parts


def test_a_file_too_recent_when_hashed_is_read_again_next_time(curated, tmp_path):
    """Its mtime may not tick if it is rewritten at once: it is not trusted by its stat."""
    out = tmp_path / "reports"
    reports.build_inputs(curated, out)  # the files were written just now
    again = reports.build_inputs(curated, out)
    assert sorted(again.rehashed) == sorted(inputs._stat_tree(curated))
    assert again.rows_read == []


def test_rehash_reads_every_file_and_its_rows_again(curated, tmp_path):
    out = tmp_path / "reports"
    first = reports.build_inputs(curated, out)
    settled(out)
    forced = reports.build_inputs(curated, out, rehash=True)
    assert sorted(forced.rows_read) == TABLE_FILES
    assert forced.parts == first.parts


@pytest.mark.parametrize("damage", ["garbage", "format", "curated", "library"])
def test_a_corrupt_foreign_or_stale_cache_is_ignored(curated, tmp_path, damage):
    out = tmp_path / "reports"
    reports.build_inputs(curated, out)
    settled(out)
    path = out / inputs.CACHE_FILE
    cache = json.loads(path.read_text(encoding="utf-8"))
    for entry in cache["files"].values():  # forged: trusted, these would be the hashes
        entry["sha256"] = "f" * 64
    cache["result"]["documents"] = dict.fromkeys(cache["result"]["documents"], "forged")
    if damage == "garbage":
        path.write_text('{"format": 1, "files": [', encoding="utf-8")
    elif damage == "format":
        path.write_text(json.dumps(cache | {"format": 99}), encoding="utf-8")
    elif damage == "curated":
        path.write_text(json.dumps(cache | {"curated": str(tmp_path / "elsewhere")}),
                        encoding="utf-8")
    else:  # written by another version of the library
        cache["library"]["key"]["version"] = "0.0.0"
        cache["library"]["hash"] = "an older library"
        path.write_text(json.dumps(cache), encoding="utf-8")
    got = reports.build_inputs(curated, out)
    fresh = reports.build_inputs(curated, tmp_path / "fresh")
    assert got.parts.documents == fresh.parts.documents
    assert got.parts.corpus == fresh.parts.corpus and got.doc_ids == fresh.doc_ids
    assert sorted(got.rows_read) == TABLE_FILES  # nothing of the bad cache was trusted


def test_an_unreadable_row_hash_file_is_made_again(curated, tmp_path):
    out = tmp_path / "reports"
    first = reports.build_inputs(curated, out)
    settled(out)
    for rows in (out / inputs.ROWS_DIR).glob("*.json"):
        rows.write_text("not json", encoding="utf-8")
    later(curated / "totals.parquet")  # the per-document hashes must be composed again
    got = reports.build_inputs(curated, out)
    assert got.parts == first.parts and sorted(got.rows_read) == TABLE_FILES


def test_no_table_is_read_when_nothing_changed(curated, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    first = reports.build_inputs(curated, out)
    settled(out)

    def forbidden(*args, **kwargs):
        raise AssertionError("a table was read")

    for name in ("load", "load_all", "scan", "scan_all"):
        monkeypatch.setattr(catalog, name, forbidden)
    for name in ("read_parquet", "scan_parquet", "read_csv", "scan_csv"):
        monkeypatch.setattr(pl, name, forbidden)
    assert reports.build_inputs(curated, out).parts == first.parts


def test_a_missing_or_malformed_table_is_refused_naming_the_file(curated, tmp_path):
    out = tmp_path / "reports"
    reports.build_inputs(curated, out)
    frames()["totals"].drop("unit").write_parquet(curated / "totals.parquet")
    with pytest.raises(catalog.CatalogError, match=r"totals\.parquet: columns differ"):
        reports.build_inputs(curated, out)
    (curated / "totals.parquet").unlink()
    with pytest.raises(catalog.CatalogError, match=r"totals\.parquet: missing"):
        reports.build_inputs(curated, out)


def partitioned(tables: dict[str, pl.DataFrame], root: Path) -> Path:
    """documents and totals partitioned, the (empty) others as single files, of which
    write_partitioned would make no partition at all."""
    catalog.write_partitioned({n: tables[n] for n in ("documents", "totals")}, root)
    for name, df in tables.items():
        if name not in ("documents", "totals"):
            df.write_parquet(root / f"{name}.parquet")
    return root


def test_a_partitioned_dataset_is_hashed_per_partition_file(tmp_path):
    root = partitioned(frames(), tmp_path / "curated")
    out = tmp_path / "reports"
    first = reports.build_inputs(root, out)
    assert first.doc_ids == catalog.load("documents", root)["doc_id"].to_list()
    assert len([r for r in first.rows_read if r.endswith("/part-0.parquet")]) == 6
    settled(out)
    partitioned(frames({"beta-2023": 1.0}), root)  # every file rewritten
    changed = reports.build_inputs(root, out)
    assert changed.rows_read == ["totals/fiscal_year=2023/province=四川省/part-0.parquet"]
    docs, before = changed.parts.documents, first.parts.documents
    assert [d for d in UNITS if docs[d] != before[d]] == ["beta-2023"]
    assert changed.parts == reports.build_inputs(root, tmp_path / "fresh").parts


@pytest.mark.parametrize("slice_rows", [1, 7, 1 << 17])
def test_row_hashes_fed_a_slice_at_a_time_equal_the_hash_of_all_rows_at_once(monkeypatch,
                                                                             slice_rows):
    """Each document's hash is SHA-256 of the table's header and its rows as JSON joined by
    newlines, in frame order, whatever the slices, and with a document's rows scattered."""
    import hashlib

    monkeypatch.setattr(inputs, "HASH_ROWS", slice_rows)
    name = "totals"
    df = catalog.load(name, catalog.curated_dir()).sample(fraction=1.0, shuffle=True, seed=5)
    cols = list(metadata.TABLES[name].polars_schema)
    header = f"{name}\n{json.dumps({c: str(df.schema[c]) for c in cols}, ensure_ascii=False)}\n"
    encoded = df.select("doc_id", row=pl.struct(cols).struct.json_encode())
    ids = list(dict.fromkeys(encoded["doc_id"].to_list()))
    expected = {d: hashlib.sha256((header + "\n".join(
        encoded.filter(pl.col("doc_id") == d)["row"].to_list())).encode()).hexdigest()
        for d in ids}
    assert inputs.row_hashes(name, df) == {"docs": expected, "ids": ids}
