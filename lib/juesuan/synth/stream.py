"""A synthetic corpus larger than memory: generated piece by piece (a range of units at a
time; every draw is keyed by the unit's number, so a piece is the same units of the whole
corpus) and written as it is made to a partitioned dataset, the layout `catalog` reads."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from juesuan import catalog
from juesuan.synth.curated import curated
from juesuan.synth.model import build
from juesuan.synth.params import Params

TABLES = ("documents", "totals", "budget_lines", "economic_lines", "three_public",
          "perf_evaluations", "perf_indicators")


def write_partitioned(units: int, seed: int, root: Path, params: Params | None,
                      years: Sequence[int], piece: int) -> Path:
    """See `synth.write_partitioned`. Piece k writes `part-<k>.parquet` in each partition
    folder it has rows for; a folder's parts, read in name order, are its rows in unit order."""
    if units < 1 or piece < 1:
        raise ValueError(f"units and piece must be at least 1 (got {units}, {piece})")
    width = len(str((units - 1) // piece))
    with catalog.partitioned_writer(root) as write:
        for k, first in enumerate(range(0, units, piece)):
            frames = curated(build(min(piece, units - first), seed, params, first, years), TABLES)
            write(frames, f"part-{k:0{width}d}")
            del frames  # one piece in memory at a time
    return Path(root)
