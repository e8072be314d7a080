"""Issue 14's weak cases on the input side: other encodings, files that are not files, a
manifest doc_id the build would refuse. Each gives rows or a message, never a traceback."""

from __future__ import annotations

import os

import polars as pl
import pytest

from juesuan import reports
from juesuan.ingest.document import DOC_ID_PATTERN
from tests.conftest import RAW
from tests.robust.conftest import X004, juesuan

X003 = "003_df651f07c846b8e4.txt"


def _rows(out) -> dict[str, int]:
    return {t: pl.read_parquet(out / f"{t}.parquet").height
            for t in ("totals", "budget_lines", "perf_evaluations", "perf_indicators", "parts")}


@pytest.fixture(scope="module")
def utf8_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("utf8")
    assert juesuan("ingest", str(RAW / X003), "--out", str(out)).returncode == 0
    return _rows(out)


@pytest.mark.parametrize(("codec", "bom", "recorded"), [
    ("utf-16-le", b"\xff\xfe", "utf-16"), ("utf-16-be", b"\xfe\xff", "utf-16"),
    ("gb18030", b"", "gb18030")])
def test_other_encodings_give_the_same_rows(tmp_path, utf8_rows, codec, bom, recorded):
    text = (RAW / X003).read_text(encoding="utf-8")
    path = tmp_path / X003
    path.write_bytes(bom + text.encode(codec))
    out = tmp_path / "out"
    proc = juesuan("ingest", "--raw", str(RAW), str(path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert _rows(out) == utf8_rows
    assert pl.read_parquet(out / "documents.parquet")["encoding"].to_list() == [recorded]


def test_a_fifo_and_a_device_are_refused_and_the_others_written(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block for ever
    out = tmp_path / "out"
    proc = juesuan("ingest", str(fifo), "/dev/zero", str(RAW / X004), "--out", str(out),
                   timeout=120)
    assert proc.returncode == 1
    assert f"error: {fifo}: not a regular file" in proc.stderr
    assert "error: /dev/zero: not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert pl.read_parquet(out / "documents.parquet")["source_file"].to_list() == [X004]


def test_a_manifest_doc_id_the_build_would_refuse_is_refused_at_ingest(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    manifest = (RAW / "manifest.csv").read_text(encoding="utf-8")
    (raw / "manifest.csv").write_text(manifest.replace("xianyang-hrss-2023", "Xianyang HRSS"),
                                      encoding="utf-8")
    proc = juesuan("ingest", "--raw", str(raw), str(RAW / X004), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "manifest.csv:5: doc_id 'Xianyang HRSS' must match" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_ingest_and_build_share_one_doc_id_rule():
    assert DOC_ID_PATTERN.pattern == reports.DOC_ID_PATTERN.pattern
