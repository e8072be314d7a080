"""Issue 14, case 1: a repeated table or a repeated document is reported and read once; it
never stops the batch (before: an uncaught CatalogError 'duplicate key' for every document)."""

from __future__ import annotations

import polars as pl

from tests.robust.conftest import X004, juesuan, raw_text, write_copy


def _title_to_note(lines: list[str], part: str) -> tuple[int, int]:
    """0-based [start, end) of a table: its title line (two lines above 公开NN表) to its note."""
    at = next(i for i, t in enumerate(lines) if t.strip() == part)
    start = at - 2
    end = next(i for i in range(at, len(lines)) if lines[i].startswith("注：")) + 1
    return start, end


def _ingest(tmp_path, lines, *more):
    path = write_copy(tmp_path / "raw", X004, lines)
    out = tmp_path / "out"
    proc = juesuan("ingest", "--raw", str(path.parent), str(path), *more, "--out", str(out))
    return proc, out


def _baseline(tmp_path):
    proc, out = _ingest(tmp_path / "base", raw_text(X004))
    assert proc.returncode == 0, proc.stderr
    return {t: pl.read_parquet(out / f"{t}.parquet").height
            for t in ("totals", "budget_lines", "economic_lines", "parts")}


def test_a_table_printed_twice_is_reported_with_its_lines_and_read_once(tmp_path):
    base = _baseline(tmp_path)
    for part in ("公开06表", "公开03表"):
        lines = raw_text(X004)
        start, end = _title_to_note(lines, part)
        doubled = lines[:end] + lines[start:end] + lines[end:]
        proc, out = _ingest(tmp_path / part, doubled)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        second = end + 1  # the repeat's title line, 1-based
        assert (f"{X004}:{second}: [{part}] printed a second time (lines {second}–"
                in proc.stderr)
        got = {t: pl.read_parquet(out / f"{t}.parquet").height for t in base}
        assert got == base, part  # 公开03表 twice: 38 budget lines stayed 38, not 54


def test_a_document_joined_to_itself_is_read_once(tmp_path):
    lines = raw_text(X004)
    proc, out = _ingest(tmp_path, lines + lines)
    assert proc.returncode == 0, proc.stderr
    first = next(i for i, t in enumerate(lines) if t.strip()) + 1  # first non-blank line
    assert f"the text starts over at line {len(lines) + first}" in proc.stderr
    assert pl.read_parquet(out / "perf_evaluations.parquet").height == 30
    assert pl.read_parquet(out / "budget_lines.parquet").height == 113


def test_the_same_path_twice_and_unlisted_chinese_names_do_not_stop_the_batch(tmp_path):
    lines = raw_text(X004)
    a = write_copy(tmp_path / "raw", "甲单位.txt", lines, manifest=False)
    b = write_copy(tmp_path / "raw", "乙单位.txt", raw_text("003_df651f07c846b8e4.txt"),
                   manifest=False)
    same = write_copy(tmp_path / "raw", X004, lines)
    out = tmp_path / "out"
    proc = juesuan("ingest", "--raw", str(same.parent), str(a), str(b), str(same), str(same),
                   "--out", str(out))
    assert proc.returncode == 1  # one document (the repeat) refused
    assert "Traceback" not in proc.stderr
    assert f"error: {X004}: doc_id xianyang-hrss-2023 is already taken" in proc.stderr
    docs = pl.read_parquet(out / "documents.parquet")
    assert docs.height == 3
    assert sorted(docs["source_file"]) == sorted(["甲单位.txt", "乙单位.txt", X004])
