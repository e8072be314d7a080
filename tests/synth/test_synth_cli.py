"""`juesuan synth`: writes the tables (data contract) and the texts, marks them synthetic,
and never writes into the real corpus."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from juesuan import catalog, metadata, synth
from juesuan.cli import main
from tests.conftest import CURATED, RAW


def test_synth_writes_tables_and_texts(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["synth", "--units", "3", "--seed", "4", "--out", str(out)]) == 0
    curated, raw = out / "curated", out / "raw"
    want = synth.tables(3, 4)
    for name, df in want.items():
        got = catalog.load(name, curated)  # validates against the schema
        assert_frame_equal(got, df)
        csv = (curated / "csv" / f"{name}.csv").read_bytes()
        assert csv.startswith(b"\xef\xbb\xbf")
    package = json.loads((curated / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(metadata.TABLES)
    docs = pl.read_parquet(curated / "documents.parquet")
    assert docs["synthetic"].all()
    assert docs["doc_id"].to_list() == ["synth-4-000001", "synth-4-000002", "synth-4-000003"]
    texts = sorted(p.name for p in raw.glob("*.txt"))
    assert texts == [f"{d}.txt" for d in docs["doc_id"]]
    manifest = (raw / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "source_file,doc_id,province,prefecture,county,admin_level,scope,note"
    assert len(manifest) == 4 and all("synthetic" in row for row in manifest[1:])
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_the_written_texts_ingest_with_no_error(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["synth", "--units", "3", "--seed", "4", "--out", str(out), "--texts-only"]) == 0
    assert not (out / "curated").exists()
    capsys.readouterr()
    ingested = tmp_path / "ingested"
    code = main(["ingest", "--raw", str(out / "raw"), "--out", str(ingested), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "error" not in captured.err and "warning" not in captured.err
    want = synth.tables(3, 4)["totals"]
    assert_frame_equal(pl.read_parquet(ingested / "totals.parquet").sort(want.columns),
                       want.sort(want.columns))


def test_tables_only_writes_no_texts(tmp_path):
    out = tmp_path / "corpus"
    assert main(["synth", "--units", "2", "--seed", "1", "--out", str(out), "--tables-only"]) == 0
    assert (out / "curated" / "totals.parquet").exists() and not (out / "raw").exists()


@pytest.mark.parametrize("where", [CURATED, CURATED / "synthetic", RAW, RAW.parent])
def test_synth_refuses_the_real_corpus(where, capsys):
    before = {p: p.stat().st_mtime_ns for p in (CURATED / "documents.parquet",
                                               RAW / "manifest.csv")}
    code = main(["synth", "--units", "2", "--seed", "1", "--out", str(where)])
    assert code == 2
    assert "real corpus" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert not (CURATED / "synthetic").exists()
    assert not list(RAW.glob("synth-*.txt"))


def test_synth_needs_units(tmp_path, capsys):
    assert main(["synth", "--units", "0", "--seed", "1", "--out", str(tmp_path)]) == 2
    with pytest.raises(SystemExit):
        main(["synth", "--units", "2", "--seed", "1", "--out", str(tmp_path), "--tables-only",
              "--texts-only"])
