"""The public entry points of `juesuan.synth`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from juesuan.synth.curated import curated
from juesuan.synth.model import build
from juesuan.synth.params import Params, fit

__all__ = ["Params", "fit", "tables", "write_texts"]


def tables(units: int, seed: int, params: Params | None = None,
           names: Iterable[str] | None = None) -> dict[str, pl.DataFrame]:
    """`units` synthetic units as curated tables (documents, totals, budget_lines,
    economic_lines, three_public, perf_evaluations, perf_indicators; or only `names`), in the
    data contract (`catalog.validate` passes). Same (units, seed, params) → identical frames;
    unit k's rows are the same whatever `units` is."""
    return curated(build(units, seed, params), names)


def write_texts(units: int, seed: int, out: Path, params: Params | None = None) -> list[Path]:
    """Render the units as disclosure texts under `out` (plus `out/manifest.csv`); returns
    the paths of the texts, in unit order. Ingesting them reproduces `tables(units, seed)`."""
    from juesuan.synth.render import render

    return render(build(units, seed, params), Path(out))
