"""Ingest without holding the corpus: documents are parsed in batches (in this process, a
local process pool, or on Dask workers) and each batch's rows are written as one Parquet part
per table; the final tables are assembled from the parts by polars' streaming engine. A run
holds one batch's rows per worker and the small summaries of the documents, whatever the
corpus size; the tables hold the rows `pipeline.gather` would make, in the same order.

Batching is for speed: a document's own rows are a few hundred, and making, checking and
writing a Parquet file for each table of each document cost twice its parse. A batch is a
run of documents in doc_id order (as the manifest names them) of about `BATCH_BYTES` of text,
about a second's parse: one task of the pool or of Dask. Each document's summary says where
its rows are in its batch's parts, so the assembly takes them in doc_id order whatever the
batches were: the output does not depend on the batching, the jobs or the cluster.

Parts live in `.<out>.parts-<pid>` beside the output folder (a shared file system for
Dask workers), named by the batch's number, so a task run twice (its worker lost) rewrites
the same files; a killed run's folder is removed by the next (juesuan.swap).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from juesuan import catalog, schema, swap
from juesuan.ingest.common import Problem
from juesuan.ingest.document import ManifestEntry
from juesuan.ingest.pipeline import (
    EXTRACTED_DIR,
    DocumentResult,
    ingest_document,
    refuse_duplicates,
)
from juesuan.io import atomic_write, atomic_write_text

_PARTS = ".{name}.parts-{pid}"
# Rows per Parquet row group, fixed: the streaming sink otherwise cuts where its batches end,
# which varies from run to run. A table of fewer rows (the real corpus; 1,000 synthetic texts)
# is then the bytes `io.write_tables` writes; a larger one holds the same rows in other row
# groups than `write_parquet`'s (which splits a large frame by its size in bytes).
ROW_GROUP_ROWS = 512 ** 2
# Text per batch: about a second's parse on one core (4-6 MB/s), so a Dask task is long
# against its scheduling; and at most this many documents, so a worker holds the rows of
# ~100 documents (tens of MB) at most.
BATCH_BYTES = 4_000_000
BATCH_DOCS = 128
# With several workers, at least this many batches per worker (while there are documents
# enough): a small corpus is spread over them, and a slow batch at the end is short.
BATCHES_PER_WORKER = 4
# The errors of a parser's rows that do not fit the tables (that document's error).
_SCHEMA_ERRORS = (catalog.CatalogError, KeyError, TypeError, ValueError,
                  pl.exceptions.PolarsError)


@dataclass
class Parsed:
    """What one document's parse returns: its rows are in its batch's parts, not here."""

    index: int  # position in the run
    source_file: str
    doc_id: str | None = None
    rows: dict[str, int] = field(default_factory=dict)  # row count per table, parser order
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    rendered: bool = False  # a PDF's text rendering was written beside the parts
    batch: int = 0  # the parts' file name
    offsets: dict[str, int] = field(default_factory=dict)  # first row in the batch's part
    part_rows: dict[str, int] = field(default_factory=dict)  # rows in the batch's part

    @property
    def ok(self) -> bool:
        return self.error is None


def parts_dir(out: Path) -> Path:
    """A fresh parts folder beside `out` (stale ones of killed runs removed first)."""
    swap.clean_stale(out)
    parts = out.parent / _PARTS.format(name=out.name, pid=os.getpid())
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    return parts


def part_path(parts: Path, table: str, batch: int) -> Path:
    return parts / table / f"{batch:07d}.parquet"


def rendering_path(parts: Path, index: int) -> Path:
    return parts / EXTRACTED_DIR / f"{index:07d}.txt"


# One document of a batch: (path, its manifest entry, its position in the run).
Work = tuple[Path, ManifestEntry | None, int]


def parse_batch(work: Sequence[Work], parts: Path, batch: int) -> list[Parsed]:
    """Parse a batch of documents and write their rows, one Parquet part per table the batch
    has rows in, checked against the metadata (a parser's faulty row is its document's
    error, the batch's other documents go through). The summaries are in `work`'s order."""
    results = [(index, ingest_document(path, entry)) for path, entry, index in work]
    try:
        frames = _frames([r for _, r in results if r.ok], check="")
    except _SCHEMA_ERRORS:  # find the faulty documents; the others' rows each fit
        for (path, _, _), (_, r) in zip(work, results, strict=True):
            if r.ok:
                try:
                    _frames([r], check=str(path))
                except _SCHEMA_ERRORS as err:
                    r.error = f"{path}: rows that do not fit the tables' schema ({err})"
                    r.rows = {}
        # unchecked together: what fails only together is two files of one doc_id (whose
        # keys collide), and the second of those is refused by `parse_all`
        frames = _frames([r for _, r in results if r.ok], check=None)
    for name, df in frames.items():
        atomic_write(part_path(parts, name, batch),
                     lambda p, df=df: df.write_parquet(p, statistics=False))
    starts = dict.fromkeys(schema.INGESTED_NAMES, 0)
    part_rows = {name: df.height for name, df in frames.items()}
    summaries = []
    for index, r in results:
        parsed = Parsed(index, r.source_file, r.doc_id, problems=r.problems, error=r.error,
                        batch=batch, part_rows=part_rows)
        if r.ok:
            parsed.rows = {name: len(rows) for name, rows in r.rows.items()}
            parsed.offsets = {name: starts[name] for name in schema.INGESTED_NAMES}
            for name in schema.INGESTED_NAMES:
                starts[name] += len(r.rows.get(name, []))
            if r.extracted is not None:
                atomic_write_text(rendering_path(parts, index), r.extracted)
                parsed.rendered = True
        summaries.append(parsed)
    return summaries


def _frames(results: Sequence[DocumentResult], check: str | None) -> dict[str, pl.DataFrame]:
    """The tables of these documents' rows (those with rows), in their order; checked
    against the metadata unless `check` is None (a string: the file the errors name)."""
    frames = {}
    for name in schema.INGESTED_NAMES:
        rows = [row for r in results for row in r.rows.get(name, [])]
        if not rows:
            continue
        df = schema.frame(name, rows)
        if check is not None:
            catalog.validate(name, df, f"{check}: {name}" if check else name)
        frames[name] = df
    return frames


def batches(work: Sequence[Work], workers: int) -> list[list[Work]]:
    """The documents in batches of consecutive doc_ids (the manifest's; an unlisted file by
    its name), of about BATCH_BYTES of text and at most BATCH_DOCS documents, and with
    several workers at least BATCHES_PER_WORKER of them each while there are documents."""
    ordered = sorted(work, key=lambda w: (w[1].doc_id if w[1] else f"file-{w[0].name}", w[2]))
    sizes = [_size(path) for path, _, _ in ordered]
    limit = BATCH_BYTES
    if workers > 1:
        limit = min(limit, max(1, math.ceil(sum(sizes) / (workers * BATCHES_PER_WORKER))))
    out: list[list[Work]] = []
    held = 0
    for w, size in zip(ordered, sizes, strict=True):
        if not out or held + size > limit and out[-1] or len(out[-1]) >= BATCH_DOCS:
            out.append([])
            held = 0
        out[-1].append(w)
        held += size
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # a missing file: its parse says so
        return 0


def parse_all(paths: Sequence[Path], manifest: Mapping[str, ManifestEntry], parts: Path,
              jobs: int = 1, client: Any = None) -> list[Parsed]:
    """`parse_batch` over the files, the summaries in the order of `paths`: on the Dask
    cluster of `client`, else in `jobs` local processes (1: this process). A document whose
    batch failed for good is that document's error; duplicates of a doc_id are refused."""
    work = [(p, manifest.get(p.name), i) for i, p in enumerate(paths)]
    found: list[Parsed | None] = [None] * len(work)
    groups = batches(work, _workers(jobs, client))
    for b, summaries, failure in _dispatch(groups, parts, jobs, client):
        for (path, _, i), parsed in zip(groups[b], summaries or [None] * len(groups[b]),
                                        strict=True):
            found[i] = parsed or Parsed(i, path.name, error=f"{path}: could not be parsed "
                                        f"in a worker ({failure})")
    done = [p for p in found if p is not None]
    refuse_duplicates(done)
    return done


def _workers(jobs: int, client: Any) -> int:
    if client is None:
        return jobs
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - the batch sizes only: one worker's worth
        return 1


def _dispatch(groups: list[list[Work]], parts: Path, jobs: int,
              client: Any) -> Iterator[tuple[int, list[Parsed] | None, str | None]]:
    if client is not None:
        from juesuan import scheduling

        # absolute paths: a worker's working folder is its own
        tasks = [([(p.resolve(), e, i) for p, e, i in group], parts.resolve(), b)
                 for b, group in enumerate(groups)]
        yield from scheduling.run(client, parse_batch, tasks, desc="juesuan ingest")
        return
    if jobs <= 1 or len(groups) <= 1:
        for b, group in enumerate(groups):
            yield b, parse_batch(group, parts, b), None
        return
    # forkserver, not fork: the caller may hold polars' thread pool, which fork() can deadlock
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    pool = ProcessPoolExecutor(min(jobs, len(groups)), mp_context=ctx)
    try:
        futures = {pool.submit(parse_batch, group, parts, b): b
                   for b, group in enumerate(groups)}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result(), None
            except OSError:  # writing the parts: the run's failure (a full disk), not one file's
                raise
            except Exception as err:  # noqa: BLE001 - a dead worker loses its batch only
                yield futures[future], None, f"{type(err).__name__}: {err}"
    except BaseException:  # SIGTERM, Ctrl-C, a full disk: the queued documents are not parsed
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def document_ids(parsed: Sequence[Parsed], merge_from: Path | None) -> set[str]:
    """The doc_ids of the new set: this run's, and with `merge_from` the old set's too."""
    fresh = {p.doc_id for p in parsed if p.ok and p.doc_id}
    if merge_from is None:
        return fresh
    old = catalog.scan("documents", merge_from).select("doc_id").collect()["doc_id"]
    return fresh | set(old)


def assembled(parts: Path, parsed: Sequence[Parsed], name: str,
              merge_from: Path | None = None) -> pl.LazyFrame:
    """One table from the parts, in doc_id order (a file's rows in parser order), as a
    LazyFrame for the streaming engine; with `merge_from`, the old set's table there with
    this run's documents put in (theirs replaced), as one run over all of them would be."""
    good = sorted((p for p in parsed if p.ok and p.rows.get(name)),
                  key=lambda p: p.doc_id or "")
    lf = _in_order(parts, good, name)
    if merge_from is None:
        return lf
    fresh = [p.doc_id for p in parsed if p.ok and p.doc_id]
    old = catalog.scan(name, merge_from).filter(~pl.col("doc_id").is_in(fresh))
    return pl.concat([old, lf]).sort("doc_id", maintain_order=True)


def _in_order(parts: Path, good: Sequence[Parsed], name: str) -> pl.LazyFrame:
    """The documents' rows of table `name` in the order of `good`: each document's rows are
    a slice of its batch's part, and consecutive slices of one part are read as one (whole
    parts, the usual case of batches in doc_id order, as one scan of many files)."""
    pieces: list[list[int]] = []  # [batch, first row, rows]
    for p in good:
        start, n = p.offsets[name], p.rows[name]
        last = pieces[-1] if pieces else None
        if last and last[0] == p.batch and last[1] + last[2] == start:
            last[2] += n
        else:
            pieces.append([p.batch, start, n])
    part_rows = {p.batch: p.part_rows.get(name, 0) for p in good}
    scans: list[pl.LazyFrame] = []
    whole: list[Path] = []
    for batch, start, n in pieces:
        path = part_path(parts, name, batch)
        if start == 0 and n == part_rows[batch]:
            whole.append(path)
            continue
        if whole:
            scans.append(pl.scan_parquet(whole))
            whole = []
        scans.append(pl.scan_parquet(path).slice(start, n))
    if whole:
        scans.append(pl.scan_parquet(whole))
    if not scans:
        return schema.frame(name, []).lazy()
    return scans[0] if len(scans) == 1 else pl.concat(scans, how="vertical")


def sink_table(lf: pl.LazyFrame, name: str, folder: Path, csv_from_parts: bool = True) -> None:
    """Write a table as `io.write_tables` does (Parquet, csv/ with a BOM), streaming. The CSV
    is made from the batches' parts again (`lf`): streamed from files of ~100 documents'
    rows, its memory stays flat, where reading back the Parquet just written (row groups of
    512² rows) held 370 MB for 10^6 indicator rows and grew with the table. Without
    `csv_from_parts` (a merge, whose `lf` sorts the old set's rows in) it is made from the
    Parquet: the sort is not done twice."""
    from juesuan.metadata.dictionary import CSV_DIR

    parquet = folder / f"{name}.parquet"
    atomic_write(parquet, lambda p: lf.sink_parquet(p, compression="zstd", statistics=False,
                                                    row_group_size=ROW_GROUP_ROWS))

    def csv(p: Path) -> None:
        with p.open("wb") as f:
            f.write(b"\xef\xbb\xbf")
            (lf if csv_from_parts else pl.scan_parquet(parquet)).sink_csv(f)

    atomic_write(folder / CSV_DIR / f"{name}.csv", csv)


def move_renderings(parts: Path, parsed: Sequence[Parsed], folder: Path) -> None:
    """The PDFs' text renderings into `folder`/extracted/<doc_id>.txt (renames)."""
    for p in parsed:
        if p.ok and p.rendered:
            target = folder / EXTRACTED_DIR / f"{p.doc_id}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(rendering_path(parts, p.index), target)
