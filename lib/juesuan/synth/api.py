"""The public entry points of `juesuan.synth`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from juesuan.synth.curated import curated
from juesuan.synth.model import YEARS, build
from juesuan.synth.params import Params, fit

__all__ = ["YEARS", "Params", "fit", "tables", "write_partitioned", "write_texts"]


def tables(units: int, seed: int, params: Params | None = None,
           names: Iterable[str] | None = None, first: int = 0,
           years: Sequence[int] = YEARS) -> dict[str, pl.DataFrame]:
    """`units` synthetic units as curated tables (documents, totals, budget_lines,
    economic_lines, three_public, perf_evaluations, perf_indicators; or only `names`), in the
    data contract (`catalog.validate` passes). Same (units, seed, params) → identical frames;
    unit k's rows are the same whatever `units` is, and `first` starts at unit `first` (a
    piece of a larger corpus: `synth.write_partitioned`). `years`: the fiscal years the units
    are spread over (default: the real corpus' two)."""
    return curated(build(units, seed, params, first, years), names)


def write_partitioned(units: int, seed: int, root: Path, params: Params | None = None,
                      years: Sequence[int] = YEARS, piece: int = 25_000) -> Path:
    """The curated tables of `units` synthetic units as a partitioned dataset in `root` (hive
    folders by fiscal year and province: `catalog.write_partitioned`'s layout, read by
    `catalog.load` and `catalog.scan`), generated and written `piece` units at a time, so a
    corpus larger than memory can be made. The rows are `tables(units, seed, params,
    years=years)`'s (tested); written beside `root` and swapped in whole."""
    from juesuan.synth.stream import write_partitioned as write

    return write(units, seed, Path(root), params, years, piece)


def write_texts(units: int, seed: int, out: Path, params: Params | None = None) -> list[Path]:
    """Render the units as disclosure texts under `out` (plus `out/manifest.csv`); returns
    the paths of the texts, in unit order. Ingesting them reproduces `tables(units, seed)`."""
    from juesuan.synth.render import render

    return render(build(units, seed, params), Path(out))
