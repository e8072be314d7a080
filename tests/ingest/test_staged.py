"""`ingest.staged`: documents parsed into Parquet parts, the tables streamed from them."""

from __future__ import annotations

import polars as pl

from juesuan import metadata
from juesuan.ingest import pipeline, staged
from juesuan.ingest.document import read_manifest
from tests.conftest import RAW

TEXTS = ["000_cfb0dafd2c8bb827.txt", "004_0c64700254d9a193.txt"]


def test_the_streamed_tables_are_the_gathered_ones(tmp_path):
    manifest = read_manifest(RAW / "manifest.csv")
    paths = [RAW / name for name in reversed(TEXTS)]  # not in doc_id order
    parts = staged.parts_dir(tmp_path / "curated")
    parsed = staged.parse_all(paths, manifest, parts)
    gathered = pipeline.gather(pipeline.ingest_documents(paths, manifest))
    for name in metadata.INGESTED_NAMES:
        staged.sink_table(staged.assembled(parts, parsed, name), name, tmp_path)
        assert pl.read_parquet(tmp_path / f"{name}.parquet").equals(gathered[name]), name
    # one part per table a document has rows in, named by its place in the run
    assert staged.part_path(parts, "totals", 1).is_file()
    assert not staged.part_path(parts, "economic_lines", 1).exists()  # 000 has none


def test_rows_that_do_not_fit_the_schema_are_that_documents_error(tmp_path, monkeypatch):
    real = staged.ingest_document

    def faulty(path, entry):
        result = real(path, entry)
        if path.name == TEXTS[0]:
            result.rows["totals"][0]["value"] = "not a number"
        return result

    monkeypatch.setattr(staged, "ingest_document", faulty)
    manifest = read_manifest(RAW / "manifest.csv")
    parts = staged.parts_dir(tmp_path / "curated")
    parsed = staged.parse_all([RAW / name for name in TEXTS], manifest, parts)
    assert parsed[0].error and str(RAW / TEXTS[0]) in parsed[0].error
    assert "schema" in parsed[0].error
    assert parsed[1].ok and parsed[1].rows["totals"] == 62
    docs = staged.assembled(parts, parsed, "documents").collect()
    assert docs["doc_id"].to_list() == ["xianyang-hrss-2023"]
