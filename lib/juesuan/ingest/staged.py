"""Ingest without holding the corpus: each document's rows are written as Parquet parts as
soon as it is parsed (in this process, a local process pool, or on Dask workers), and the
final tables are assembled from the parts by polars' streaming engine. A run holds one
document's rows per worker and the small summaries of the documents, whatever the corpus
size; the tables hold the rows `pipeline.gather` would make, in the same order.

Parts live in `.<out>.parts-<pid>` beside the output folder (a shared file system for
Dask workers), named by the file's position in the run, so a task run twice (its worker
lost) rewrites the same files; a killed run's folder is removed by the next (juesuan.swap).
"""

from __future__ import annotations

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
from juesuan.ingest.pipeline import EXTRACTED_DIR, ingest_document, refuse_duplicates
from juesuan.io import atomic_write, atomic_write_text

_PARTS = ".{name}.parts-{pid}"
# Rows per Parquet row group, fixed: the streaming sink otherwise cuts where its batches end,
# which varies from run to run. A table of fewer rows (the real corpus; 1,000 synthetic texts)
# is then the bytes `io.write_tables` writes; a larger one holds the same rows in other row
# groups than `write_parquet`'s (which splits a large frame by its size in bytes).
ROW_GROUP_ROWS = 512 ** 2


@dataclass
class Parsed:
    """What one document's task returns: its rows are in the parts folder, not here."""

    index: int  # position in the run: the parts' file name
    source_file: str
    doc_id: str | None = None
    rows: dict[str, int] = field(default_factory=dict)  # row count per table, parser order
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    rendered: bool = False  # a PDF's text rendering was written beside the parts

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


def part_path(parts: Path, table: str, index: int) -> Path:
    return parts / table / f"{index:07d}.parquet"


def rendering_path(parts: Path, index: int) -> Path:
    return parts / EXTRACTED_DIR / f"{index:07d}.txt"


def parse_to_parts(path: Path, entry: ManifestEntry | None, parts: Path,
                   index: int) -> Parsed:
    """Parse one document and write its rows, one Parquet part per table it has rows in,
    checked against the metadata (a parser's faulty row is this document's error)."""
    result = ingest_document(path, entry)
    parsed = Parsed(index, result.source_file, result.doc_id, problems=result.problems,
                    error=result.error)
    if not result.ok:
        return parsed
    try:
        for name in schema.INGESTED_NAMES:
            rows = result.rows.get(name, [])
            if not rows:
                continue
            df = schema.frame(name, rows)
            catalog.validate(name, df, f"{path}: {name}")
            atomic_write(part_path(parts, name, index),
                         lambda p, df=df: df.write_parquet(p, statistics=False))
        if result.extracted is not None:
            atomic_write_text(rendering_path(parts, index), result.extracted)
            parsed.rendered = True
    except (catalog.CatalogError, KeyError, TypeError, ValueError, pl.exceptions.PolarsError) as err:
        parsed.error = f"{path}: rows that do not fit the tables' schema ({err})"
        return parsed
    parsed.rows = {name: len(rows) for name, rows in result.rows.items()}
    return parsed


def parse_all(paths: Sequence[Path], manifest: Mapping[str, ManifestEntry], parts: Path,
              jobs: int = 1, client: Any = None) -> list[Parsed]:
    """`parse_to_parts` over the files, the summaries in the order of `paths`: on the Dask
    cluster of `client`, else in `jobs` local processes (1: this process). A document whose
    task failed for good is that document's error; duplicates of a doc_id are refused."""
    work = [(p, manifest.get(p.name), parts, i) for i, p in enumerate(paths)]
    found: list[Parsed | None] = [None] * len(work)
    for i, parsed, failure in _dispatch(work, jobs, client):
        found[i] = parsed or Parsed(i, paths[i].name, error=f"{paths[i]}: could not be parsed "
                                    f"in a worker ({failure})")
    done = [p for p in found if p is not None]
    refuse_duplicates(done)
    return done


def _dispatch(work: list[tuple], jobs: int,
              client: Any) -> Iterator[tuple[int, Parsed | None, str | None]]:
    if client is not None:
        from juesuan import scheduling

        # absolute paths: a worker's working folder is its own
        work = [(p.resolve(), e, parts.resolve(), i) for p, e, parts, i in work]
        yield from scheduling.run(client, parse_to_parts, work, desc="juesuan ingest")
        return
    if jobs <= 1 or len(work) <= 1:
        for args in work:
            yield args[3], parse_to_parts(*args), None
        return
    # forkserver, not fork: the caller may hold polars' thread pool, which fork() can deadlock
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    pool = ProcessPoolExecutor(min(jobs, len(work)), mp_context=ctx)
    try:
        futures = {pool.submit(parse_to_parts, *args): args[3] for args in work}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result(), None
            except OSError:  # writing the parts: the run's failure (a full disk), not one file's
                raise
            except Exception as err:  # noqa: BLE001 - a dead worker loses one document only
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
    files = [part_path(parts, name, p.index) for p in good]
    lf = pl.scan_parquet(files) if files else schema.frame(name, []).lazy()
    if merge_from is None:
        return lf
    fresh = [p.doc_id for p in parsed if p.ok and p.doc_id]
    old = catalog.scan(name, merge_from).filter(~pl.col("doc_id").is_in(fresh))
    return pl.concat([old, lf]).sort("doc_id", maintain_order=True)


def sink_table(lf: pl.LazyFrame, name: str, folder: Path) -> None:
    """Write a table as `io.write_tables` does (Parquet, csv/ with a BOM), streaming. The CSV
    is made from the Parquet just written: one file to read, not every document's part
    again (which would double the assembly's time)."""
    from juesuan.metadata.dictionary import CSV_DIR

    parquet = folder / f"{name}.parquet"
    atomic_write(parquet, lambda p: lf.sink_parquet(p, compression="zstd", statistics=False,
                                                    row_group_size=ROW_GROUP_ROWS))

    def csv(p: Path) -> None:
        with p.open("wb") as f:
            f.write(b"\xef\xbb\xbf")
            pl.scan_parquet(parquet).sink_csv(f)

    atomic_write(folder / CSV_DIR / f"{name}.csv", csv)


def move_renderings(parts: Path, parsed: Sequence[Parsed], folder: Path) -> None:
    """The PDFs' text renderings into `folder`/extracted/<doc_id>.txt (renames)."""
    for p in parsed:
        if p.ok and p.rendered:
            target = folder / EXTRACTED_DIR / f"{p.doc_id}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(rendering_path(parts, p.index), target)
