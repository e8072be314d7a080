"""Writing files: atomic writes, the curated tables as Parquet and CSV for Excel."""

import json

import polars as pl
import pytest

from juesuan import metadata
from juesuan.io import atomic_write, write_tables


def test_atomic_write_leaves_nothing_when_the_writer_fails(tmp_path):
    target = tmp_path / "totals.parquet"
    target.write_bytes(b"previous complete version")

    def half_write(path):
        path.write_bytes(b"half a tab")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half_write)
    assert target.read_bytes() == b"previous complete version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["totals.parquet"]


def test_csv_has_a_bom_and_parquet_round_trips(tmp_path):
    frames = {name: metadata.empty_frame(name) for name in metadata.TABLES}
    frames["documents"] = metadata.frame("documents", [{
        "doc_id": "x", "unit_name": "某局", "fiscal_year": 2024, "scope": "unit",
        "source_file": "x.txt", "source_sha256": "0" * 64, "encoding": "utf-8",
        "in_manifest": True}])
    write_tables(frames, tmp_path)
    raw = (tmp_path / "csv" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,unit_name") and "某局".encode() in raw
    assert pl.read_parquet(tmp_path / "documents.parquet").equals(frames["documents"])
    assert json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert not list(tmp_path.glob(".*.tmp"))
