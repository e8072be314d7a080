"""A synthetic corpus fitted to the real one: curated tables and disclosure texts.

    >>> from juesuan import synth
    >>> frames = synth.tables(units=1000, seed=7)          # curated tables, data contract
    >>> paths = synth.write_texts(10, seed=7, out=Path("/tmp/synth"))  # texts + manifest.csv

`fit` gives the parameters (fitted to data/curated by default). Synthetic documents are
marked: doc_id `synth-<seed>-<n:06d>` and `documents.synthetic` true. The texts are rendered
in the corpus' layouts (`synth.layout`, `synth.render`) so that ingesting them gives back
exactly the tables (tests/synth/test_roundtrip.py); `juesuan synth` writes both forms.
"""

from __future__ import annotations

from juesuan.synth.api import YEARS, Params, fit, tables, write_partitioned, write_texts

__all__ = ["YEARS", "Params", "fit", "tables", "write_partitioned", "write_texts"]
