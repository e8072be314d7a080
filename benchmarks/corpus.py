"""The corpora the benchmarks run on: the real one (data/raw) and a synthetic one of N units
(`juesuan.synth`: tables fitted to the real documents, texts rendered in their layouts)."""

from __future__ import annotations

from pathlib import Path

from juesuan import catalog
from juesuan.ingest.document import read_manifest

GENERATOR = "juesuan.synth"


def real_texts() -> list[Path]:
    """The real disclosure texts, in manifest order."""
    raw = catalog.raw_dir()
    return [raw / name for name in read_manifest(raw / "manifest.csv")]
