"""A synthetic corpus written piece by piece to a partitioned dataset is the in-memory
corpus of the same seed and size: the same rows, read back through `catalog`."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from juesuan import catalog, synth
from juesuan.synth.stream import TABLES


def _by_document(df: pl.DataFrame) -> pl.DataFrame:
    """Rows by document, each document's rows in their order (a partitioned dataset is read
    folder by folder)."""
    return df.sort("doc_id", maintain_order=True)


@pytest.mark.parametrize("piece", [7, 40])
def test_pieces_written_to_partitions_are_the_in_memory_corpus(tmp_path, piece):
    years = (2015, 2016, 2017)
    root = synth.write_partitioned(40, 5, tmp_path / "corpus", years=years, piece=piece)
    whole = synth.tables(40, 5, years=years)
    assert set(whole["documents"]["fiscal_year"]) == set(years)
    parts = {p.name for p in (root / "perf_indicators").rglob("*.parquet")}
    assert parts == {f"part-{k}.parquet" for k in range(-(-40 // piece))}
    for name in TABLES:
        got = catalog.load(name, root)
        assert got.height == whole[name].height > 0
        assert_frame_equal(_by_document(got), _by_document(whole[name]))


def test_the_same_seed_writes_the_same_files(tmp_path):
    a = synth.write_partitioned(12, 3, tmp_path / "a", piece=5)
    b = synth.write_partitioned(12, 3, tmp_path / "b", piece=5)
    files = sorted(p.relative_to(a) for p in a.rglob("*.parquet"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.parquet"))
    assert any(p.name == "part-2.parquet" for p in files)
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes()


def test_a_piece_of_the_corpus_is_those_units_of_the_whole():
    whole, piece = synth.tables(9, 4), synth.tables(4, 4, first=5)
    ids = [f"synth-4-{k:06d}" for k in range(6, 10)]
    for name in TABLES:
        assert_frame_equal(piece[name], whole[name].filter(pl.col("doc_id").is_in(ids)))


def test_the_default_years_are_the_real_corpus_two():
    assert set(synth.tables(30, 2)["documents"]["fiscal_year"]) == set(synth.YEARS) == {2023, 2024}


def test_bad_sizes_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        synth.write_partitioned(0, 1, tmp_path / "none")
    assert not (tmp_path / "none").exists() and not list(tmp_path.iterdir())
