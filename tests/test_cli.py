"""`juesuan ingest`: one bad document is reported and the others still go through, and\n`--jobs N` writes exactly what the serial run writes."""

import shutil

import polars as pl

from juesuan import metadata
from juesuan.cli import main
from tests.conftest import CURATED, DOCS, RAW


def test_bad_documents_are_named_and_the_rest_is_written(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x00\x01binary")
    good = RAW / DOCS["qianyang-hrss-2024"]
    out = tmp_path / "out"
    code = main(["ingest", str(empty), str(good), str(binary), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt: the file is empty" in err and "scan.pdf: not a readable PDF" in err
    docs = pl.read_parquet(out / "documents.parquet")
    assert docs["doc_id"].to_list() == ["qianyang-hrss-2024"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_file_outside_the_manifest_is_ingested_with_a_warning(tmp_path, capsys):
    copy = tmp_path / "new_disclosure.txt"
    shutil.copy(RAW / DOCS["fenyang-social-insurance-2024"], copy)
    code = main(["ingest", str(copy), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0
    assert "new_disclosure.txt: [manifest] not in the manifest" in err
    doc = pl.read_parquet(tmp_path / "out" / "documents.parquet").row(0, named=True)
    assert (doc["doc_id"], doc["unit_name"], doc["fiscal_year"], doc["province"],
            doc["in_manifest"], doc["scope"]) == (
        "file-new-disclosure", "汾阳市社会保险中心", 2024, None, False, "unit")


def test_nothing_ingestable_writes_nothing(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    assert main(["ingest", str(empty), "--out", str(out)]) == 1
    assert not out.exists()
    assert "nothing written" in capsys.readouterr().err


def test_check_refuses_unknown_documents_and_missing_tables(tmp_path, capsys):
    assert main(["check", "--doc", "nowhere-2024"]) == 2
    assert "unknown doc_id nowhere-2024; known: " in capsys.readouterr().err
    assert main(["check", "--curated", str(tmp_path)]) == 2
    assert "documents.parquet: missing" in capsys.readouterr().err


def test_check_one_document_keeps_the_others(tmp_path, capsys):
    out = tmp_path / "curated"
    shutil.copytree(CURATED, out)
    before = pl.read_parquet(out / "findings.parquet")
    assert main(["check", "--curated", str(out), "--doc", "qianyang-hrss-2024"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("qianyang-hrss-2024: 确定4，疑似2，提示1（已复核0）; score ")
    assert pl.read_parquet(out / "findings.parquet").equals(before)


def _files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_ingest_jobs_writes_the_same_bytes_as_a_serial_run(tmp_path):
    assert main(["ingest", "--jobs", "1", "--out", str(tmp_path / "one")]) == 0
    assert main(["ingest", "--jobs", "2", "--out", str(tmp_path / "two")]) == 0
    written = sorted(p.name for p in (tmp_path / "two").rglob("*.parquet"))
    assert written == sorted(f"{name}.parquet" for name in metadata.INGESTED_NAMES)
    assert pl.read_parquet(tmp_path / "two" / "perf_indicators.parquet").height == 513
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_ingest_jobs_reports_each_bad_file_and_keeps_the_others(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x00\x01binary")
    good = [RAW / DOCS["qianyang-hrss-2024"], RAW / DOCS["quxian-rural-pension-2023"]]
    out = tmp_path / "out"
    code = main(["ingest", str(empty), *map(str, good), str(binary), "--jobs", "2",
                         "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt: the file is empty" in err and "scan.pdf: not a readable PDF" in err
    assert pl.read_parquet(out / "documents.parquet")["doc_id"].to_list() == [
        "qianyang-hrss-2024", "quxian-rural-pension-2023"]


def test_ingest_refuses_zero_jobs(capsys):
    assert main(["ingest", "--jobs", "0", "--out", "/nonexistent"]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


def test_small_corpora_are_parsed_in_one_process(tmp_path, monkeypatch):
    """Starting worker processes costs more than parsing the four real documents (0.35 MB)."""
    from juesuan import cli

    monkeypatch.setattr(cli.os, "cpu_count", lambda: 8)
    real = [RAW / name for name in DOCS.values()]
    assert cli.default_ingest_jobs(real) == 1
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 10_000_000)  # 10 MB: two processes' worth
    assert cli.default_ingest_jobs([big]) == 2
    big.write_bytes(b"x" * 100_000_000)
    assert cli.default_ingest_jobs([big]) == 8  # capped at the CPUs
