"""`ingest.staged`: documents parsed into Parquet parts, the tables streamed from them."""

from __future__ import annotations

import polars as pl

from juesuan import metadata
from juesuan.ingest import pipeline, staged
from juesuan.ingest.document import read_manifest
from tests.conftest import RAW

TEXTS = ["000_cfb0dafd2c8bb827.txt", "004_0c64700254d9a193.txt"]
ALL = ["000_cfb0dafd2c8bb827.txt", "001_549a6034fad0ec80.txt", "003_df651f07c846b8e4.txt",
       "004_0c64700254d9a193.txt"]  # doc_ids: qianyang, quxian, fenyang, xianyang


def test_the_streamed_tables_are_the_gathered_ones(tmp_path):
    manifest = read_manifest(RAW / "manifest.csv")
    paths = [RAW / name for name in reversed(TEXTS)]  # not in doc_id order
    parts = staged.parts_dir(tmp_path / "curated")
    parsed = staged.parse_all(paths, manifest, parts)
    gathered = pipeline.gather(pipeline.ingest_documents(paths, manifest))
    for name in metadata.INGESTED_NAMES:
        staged.sink_table(staged.assembled(parts, parsed, name), name, tmp_path)
        assert pl.read_parquet(tmp_path / f"{name}.parquet").equals(gathered[name]), name
    # one batch (little text): one part per table it has rows in, named by its number
    assert [p.batch for p in parsed] == [0, 0]
    assert staged.part_path(parts, "totals", 0).is_file()
    assert not staged.part_path(parts, "totals", 1).exists()


def _tables(parts, parsed, folder) -> dict[str, bytes]:
    for name in metadata.INGESTED_NAMES:
        staged.sink_table(staged.assembled(parts, parsed, name), name, folder)
    return {name: (folder / f"{name}.parquet").read_bytes() for name in metadata.INGESTED_NAMES}


def test_the_tables_do_not_depend_on_the_batches(tmp_path, monkeypatch):
    """One document per batch, all in one, and batches whose doc_ids interleave (unlisted
    files, a file given twice): the same bytes, each document's rows taken from its batch."""
    manifest = read_manifest(RAW / "manifest.csv")
    listed = [RAW / name for name in ALL]
    paths = [listed[3], listed[0], listed[2], listed[1], listed[0]]  # 000 twice: refused
    outputs = []
    for docs in (1, 2, 3, 100):
        monkeypatch.setattr(staged, "BATCH_DOCS", docs)
        parts = staged.parts_dir(tmp_path / f"curated-{docs}")
        parsed = staged.parse_all(paths, manifest, parts)
        assert len({p.batch for p in parsed}) == -(-len(paths) // docs)
        assert [p.ok for p in parsed] == [True, True, True, True, False]  # the repeat refused
        outputs.append(_tables(parts, parsed, tmp_path / f"out-{docs}"))
    assert all(o == outputs[0] for o in outputs[1:])
    gathered = pipeline.gather(pipeline.ingest_documents(paths, manifest))
    for name in metadata.INGESTED_NAMES:
        assert pl.read_parquet(tmp_path / "out-1" / f"{name}.parquet").equals(gathered[name])
    # unlisted: ids from the file names, the batches in name order
    parts = staged.parts_dir(tmp_path / "curated-unlisted")
    unlisted = staged.parse_all(paths, {}, parts)
    assert all(p.doc_id.startswith("file-") for p in unlisted if p.doc_id)
    _tables(parts, unlisted, tmp_path / "out-unlisted")
    gathered = pipeline.gather(pipeline.ingest_documents(paths, {}))
    for name in metadata.INGESTED_NAMES:
        assert pl.read_parquet(tmp_path / "out-unlisted" / f"{name}.parquet").equals(
            gathered[name]), name


def test_batches_are_runs_of_doc_ids_of_about_a_seconds_text(tmp_path, monkeypatch):
    manifest = read_manifest(RAW / "manifest.csv")
    work = [(RAW / name, manifest.get(name), i) for i, name in enumerate(reversed(ALL))]
    # in doc_id order: fenyang (003), qianyang (000), quxian (001), xianyang (004)
    assert [[w[2] for w in b] for b in staged.batches(work, 1)] == [[1, 3, 2, 0]]
    spread = staged.batches(work, 2)  # several workers: at least 4 batches each, while it can
    assert [[w[2] for w in b] for b in spread] == [[1], [3], [2], [0]]
    monkeypatch.setattr(staged, "BATCH_BYTES", 1)  # a file larger than a batch: alone
    assert len(staged.batches(work, 1)) == 4


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
