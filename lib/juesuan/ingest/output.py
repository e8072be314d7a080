"""Publish an ingest run's tables as one set (juesuan.swap): nothing lost, nothing half-written.

`ingest FILE…` merges: the given documents' rows replace theirs, every other document's
rows stay. The audit (findings, completeness) of a re-ingested document no longer describes
its rows: those rows are removed with it, the other documents' kept, and `juesuan check`
writes them anew.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import polars as pl

from juesuan import catalog, metadata, swap
from juesuan.ingest.pipeline import EXTRACTED_DIR
from juesuan.io import write_tables
from juesuan.metadata.dictionary import CSV_DIR

# Test-only: seconds to sleep between two tables, to kill a run in the middle of writing.
PAUSE_ENV = "JUESUAN_TEST_PAUSE_BETWEEN_TABLES"


def merged(out: Path, frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The set at `out` with the documents of `frames` put in (or replaced), in doc_id order:
    the same rows as one run over all the documents."""
    if not (out / "documents.parquet").exists():
        return frames
    fresh = set(frames["documents"]["doc_id"])
    result = {}
    for name, df in frames.items():
        old = catalog.load(name, out)
        result[name] = pl.concat([old.filter(~pl.col("doc_id").is_in(fresh)), df]).sort(
            "doc_id", maintain_order=True)
    return result


def publish(out: Path, frames: dict[str, pl.DataFrame], renderings: dict[str, str],
            rewritten: set[str]) -> list[str]:
    """Write the tables, renderings and kept files into a staging folder and swap it in.
    `rewritten`: the doc_ids whose rows this run wrote (their audit rows are dropped).
    Returns the audited tables that lost rows (to say `juesuan check` is due)."""
    stage = swap.staging_dir(out)
    try:
        present = set(frames["documents"]["doc_id"])
        audited = {f"{n}.parquet" for n in metadata.AUDITED_NAMES} | {
            f"{CSV_DIR}/{n}.csv" for n in metadata.AUDITED_NAMES}
        swap.carry_over(out, stage, lambda rel: _keep(rel, present, audited))
        stale = _audit_without(out, stage, present - rewritten)
        _write(frames, stage, renderings)
        swap.swap_in(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return stale


def _keep(rel: Path, present: set[str], audited: set[str]) -> bool:
    """Files of the old set carried into the new: not the audit (filtered apart), not the
    rendering of a document no longer in the set."""
    if rel.as_posix() in audited:
        return False
    if rel.parts[0] == EXTRACTED_DIR:
        return rel.stem in present
    return True


def _audit_without(out: Path, stage: Path, keep: set[str]) -> list[str]:
    """The audited tables of the old set, with only the rows of the documents in `keep`."""
    stale = []
    for name in metadata.AUDITED_NAMES:
        path = out / f"{name}.parquet"
        if not path.exists():
            continue
        df = pl.read_parquet(path)
        kept = df.filter(pl.col("doc_id").is_in(keep))
        if kept.height < df.height:
            stale.append(name)
        write_tables({name: kept}, stage)
    return stale


def _write(frames: dict[str, pl.DataFrame], stage: Path, renderings: dict[str, str]) -> None:
    pause = float(os.environ.get(PAUSE_ENV) or 0)
    for name, df in frames.items():
        write_tables({name: df}, stage)
        if pause:
            time.sleep(pause)
    write_tables({}, stage, extra=renderings)
