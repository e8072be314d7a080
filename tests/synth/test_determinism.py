"""A synthetic corpus is a function of (units, seed): the same seed gives the same frames and
texts, and unit k is the same whatever the number of units generated."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from juesuan import synth


def _first(frames: dict[str, pl.DataFrame], n: int, seed: int) -> dict[str, pl.DataFrame]:
    ids = [f"synth-{seed}-{k:06d}" for k in range(1, n + 1)]
    return {name: df.filter(pl.col("doc_id").is_in(ids)) for name, df in frames.items()}


def test_same_seed_same_frames():
    a, b = synth.tables(6, 11), synth.tables(6, 11)
    assert list(a) == list(b)
    for name in a:
        assert_frame_equal(a[name], b[name])


def test_another_seed_another_corpus():
    a, b = synth.tables(6, 11), synth.tables(6, 12)
    assert not a["totals"].drop("doc_id").equals(b["totals"].drop("doc_id"))


def test_unit_k_does_not_depend_on_how_many_units_are_generated():
    small, large = synth.tables(3, 11), _first(synth.tables(40, 11), 3, 11)
    for name in small:
        assert small[name].height > 0
        assert_frame_equal(small[name], large[name])


def test_texts_are_reproducible(tmp_path):
    a = synth.write_texts(3, 11, tmp_path / "a")
    b = synth.write_texts(5, 11, tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b[:3]]
    for x, y in zip(a, b, strict=False):
        assert x.read_bytes() == y.read_bytes()
