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
from collections.abc import Callable
from pathlib import Path

import polars as pl

from juesuan import metadata, swap
from juesuan.ingest.pipeline import EXTRACTED_DIR
from juesuan.io import write_tables
from juesuan.metadata.dictionary import CSV_DIR

# Test-only: seconds to sleep between two tables, to kill a run in the middle of writing.
PAUSE_ENV = "JUESUAN_TEST_PAUSE_BETWEEN_TABLES"


def publish(out: Path, write: Callable[[Path], None], present: set[str],
            rewritten: set[str]) -> list[str]:
    """Carry the kept files into a staging folder, let `write(stage)` write this run's
    tables and renderings there, and swap it in. `present`: the doc_ids of the new set;
    `rewritten`: those whose rows this run wrote (their audit rows are dropped).
    Returns the audited tables that lost rows (to say `juesuan check` is due)."""
    stage = swap.staging_dir(out)
    try:
        audited = {f"{n}.parquet" for n in metadata.AUDITED_NAMES} | {
            f"{CSV_DIR}/{n}.csv" for n in metadata.AUDITED_NAMES}
        swap.carry_over(out, stage, lambda rel: _keep(rel, present, audited))
        stale = _audit_without(out, stage, present - rewritten)
        write(stage)
        write_tables({}, stage)
        swap.swap_in(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return stale


def pause_between_tables() -> None:
    """The test hook of PAUSE_ENV (a no-op unless it is set)."""
    pause = float(os.environ.get(PAUSE_ENV) or 0)
    if pause:
        time.sleep(pause)


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
