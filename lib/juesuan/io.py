"""Writing files: every file juesuan writes (curated tables, the audit, reports, the glossary,
synthetic corpora) goes through `atomic_write`, so an interrupted run never leaves a
half-written file; `write_tables` writes curated tables as Parquet and CSV (UTF-8 with BOM, for
Excel) with the data dictionary and datapackage.json beside them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from juesuan.metadata.dictionary import CSV_DIR, data_dictionary, datapackage_json


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) then rename tmp over target; on failure remove tmp."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.chmod(0o644)  # mkstemp creates 0600; the dataset is for everyone to read
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_tables(frames: dict[str, pl.DataFrame], out_dir: Path,
                 extra: dict[str, str] | None = None) -> list[Path]:
    """Write the given tables (Parquet and csv/<name>.csv), the metadata files and any `extra` text files (name -> text)."""
    written = []
    for name, df in frames.items():
        parquet = out_dir / f"{name}.parquet"
        atomic_write(parquet, lambda p, df=df: df.write_parquet(p, compression="zstd",
                                                                statistics=False))
        csv = out_dir / CSV_DIR / f"{name}.csv"
        atomic_write(csv, lambda p, df=df: p.write_bytes(
            b"\xef\xbb\xbf" + df.write_csv().encode("utf-8")))
        written += [parquet, csv]
    texts = {"datapackage.json": datapackage_json(), "DATA_DICTIONARY.md": data_dictionary(),
             **(extra or {})}
    for path, text in ((out_dir / name, text) for name, text in texts.items()):
        atomic_write(path, lambda p, text=text: p.write_text(text, encoding="utf-8"))
        written.append(path)
    return written


def write_utf8(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def atomic_write_text(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to target atomically."""
    atomic_write(target, lambda p: write_utf8(p, text))
