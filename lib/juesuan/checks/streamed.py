"""The audit of a corpus larger than memory (issue 17): `juesuan check` holds one batch of
documents at a time, whatever the corpus size.

Each ingested table is split once, by one streaming pass, into per-batch pieces in a staging
folder beside the curated one (`.<curated>.check-<pid>`, removed at the end; a killed run's
is removed by the next). A batch then reads its rows and the source texts of its documents
only when it is audited, and writes its findings, completeness and scores as parts, which
polars' streaming engine assembles into the tables (`ingest.staged.sink_table`: the bytes
`io.write_tables` writes), each file atomically. What the run holds throughout is the list of
doc_ids and a few lines of summary per document. Every rule, completeness item and score reads
one document's rows (tests/checks/test_audit_per_document.py), so the tables are those of
`checks.audit` over the whole corpus, in any batch size.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from juesuan import catalog, metadata, swap
from juesuan.checks import completeness, evidence, rules
from juesuan.checks.completeness import rows_by_doc
from juesuan.checks.rules.common import BATCH_DOCUMENTS, Batch
from juesuan.io import atomic_write_text
from juesuan.metadata.dictionary import data_dictionary, datapackage_json

AUDIT_TABLES = ("findings", "completeness", "scores")
SPLIT_ROWS = 1 << 18  # rows of a table read at a time by the splitting pass
_STAGE = ".{name}.check-{pid}"
_BATCH = "__batch"


@dataclass
class Staged:
    """The staging folder of a run and the pieces written to it, in order."""

    folder: Path
    pieces: dict[tuple[str, int], list[Path]] = field(default_factory=dict)
    parts: dict[str, list[Path]] = field(default_factory=dict)

    def piece(self, name: str, batch: int) -> Path:
        found = self.pieces.setdefault((name, batch), [])
        path = self.folder / "in" / name / f"{batch:06d}-{len(found):06d}.arrow"
        found.append(path)
        return path

    def part(self, name: str, batch: int) -> Path:
        path = self.folder / "out" / name / f"{batch:06d}.arrow"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.parts.setdefault(name, []).append(path)
        return path


def plan(doc_ids: list[str], size: int | None = None) -> list[list[str]]:
    """The documents in batches of `size` (default BATCH_DOCUMENTS), in the given order."""
    size = size or BATCH_DOCUMENTS
    return [doc_ids[i:i + size] for i in range(0, len(doc_ids), size)]


def stage_folder(root: Path) -> Path:
    """A fresh staging folder beside `root`; those of killed runs (their process gone) are
    removed first."""
    for old in root.parent.glob(_STAGE.format(name=root.name, pid="*")):
        pid = old.name.rsplit("-", 1)[-1]
        if old.is_dir() and pid.isdigit() and not swap.pid_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    folder = root.parent / _STAGE.format(name=root.name, pid=os.getpid())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def split(scans: dict[str, pl.LazyFrame], batches: list[list[str]], staged: Staged) -> None:
    """Every table's rows of the planned documents into per-batch pieces, in table order: one
    pass over each table, `SPLIT_ROWS` rows at a time."""
    assign = pl.DataFrame({"doc_id": [d for b in batches for d in b],
                           _BATCH: [i for i, b in enumerate(batches) for _ in b]},
                          schema={"doc_id": pl.String, _BATCH: pl.Int64})
    for name, lf in scans.items():
        (staged.folder / "in" / name).mkdir(parents=True, exist_ok=True)
        rows = lf.select(pl.len()).collect().item()
        for start in range(0, rows, SPLIT_ROWS):
            # a slice reads only the row groups it needs (collect_batches reads ahead: at
            # 100,000 units it held 570 MB of one table where a slice holds 220 MB)
            chunk = lf.slice(start, SPLIT_ROWS).collect().join(
                assign, on="doc_id", how="inner", maintain_order="left")
            for (b,), piece in chunk.partition_by(_BATCH, as_dict=True, include_key=False,
                                                  maintain_order=True).items():
                piece.write_ipc(staged.piece(name, int(b)), compression="lz4")


def batch_tables(schemas: dict[str, pl.Schema], pieces: dict[str, list[Path]],
                 root: Path) -> dict[str, pl.DataFrame]:
    """One batch's rows of every table (read now, from its pieces), validated."""
    tables = {}
    for name, schema in schemas.items():
        files = pieces.get(name, [])
        df = pl.concat([pl.read_ipc(f) for f in files]) if files else pl.DataFrame(schema=schema)
        catalog.validate(name, df, str(root / f"{name}.parquet"))
        tables[name] = df
    return tables


def audit_batch(tables: dict[str, pl.DataFrame], doc_ids: list[str], root: Path,
                reviews: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """`checks.audit` of one batch: its documents' source texts are read here."""
    batch = Batch({**tables, evidence.LINES: evidence.load_lines(tables["documents"], root)})
    if reviews is not None:
        batch[evidence.REVIEWS] = reviews
    findings = metadata.frame("findings", rules.run_batch(batch))
    card = completeness.scorecard(batch, doc_ids)
    return {"findings": findings, "completeness": card,
            "scores": metadata.frame("scores", evidence.scores(findings, card, doc_ids))}


def summaries(result: dict[str, pl.DataFrame], doc_ids: list[str]) -> Iterator[str]:
    """The printed summary of each document of an audited batch."""
    findings = rows_by_doc(result["findings"], ["severity", "reviewed"])
    cards = rows_by_doc(result["completeness"], ["required", "status", "name_zh"])
    scores: dict[str, dict] = {}
    for r in result["scores"].iter_rows(named=True):
        scores.setdefault(r["doc_id"], r)
    for doc_id in doc_ids:
        yield summary(doc_id, findings.get(doc_id, []), cards.get(doc_id, []), scores[doc_id])


def audit_staged(schemas: dict[str, pl.Schema], pieces: dict[str, list[Path]],
                 parts: dict[str, Path], doc_ids: list[str], root: Path,
                 reviews: pl.DataFrame | None) -> list[str]:
    """Audit one batch from its pieces and write its parts: its documents' summaries (run
    in this process or in a worker of `check`'s pool)."""
    result = audit_batch(batch_tables(schemas, pieces, root), doc_ids, root, reviews)
    for name, df in result.items():
        catalog.validate(name, df)
        df.write_ipc(parts[name], compression="lz4")
    return list(summaries(result, doc_ids))


def summary(doc_id: str, findings: list[dict], card: list[dict], score: dict) -> str:
    """One document's audit in a few lines: its findings (severity, reviewed), completeness
    items (required, status, name_zh) and score row."""
    counts = Counter(f["severity"] for f in findings)
    reviewed = sum(1 for f in findings if f["reviewed"])
    card = [c for c in card if c["required"]]
    status = Counter(c["status"] for c in card)
    gaps = [c for c in card if c["status"] in ("missing", "listed_only")]
    by_zh = "，".join(f"{zh}{counts.get(s, 0)}" for s, zh in metadata.SEVERITY_ZH.items())
    lines = [(f"{doc_id}: {by_zh}（已复核{reviewed}）; score {score['score']:.1f} "
              f"(completeness {score['completeness']:.1f}, consistency "
              f"{score['consistency']:.1f}, performance {score['performance']:.1f}); completeness "
              f"{status.get('present', 0) + status.get('empty_declared', 0)}/{len(card)} "
              f"(present {status.get('present', 0)}, empty declared "
              f"{status.get('empty_declared', 0)}, listed only {status.get('listed_only', 0)}, "
              f"missing {status.get('missing', 0)})")]
    for c in gaps:
        lines.append(f"  {c['status']}: {c['name_zh']}")
    return "\n".join(lines)


def assembled(staged: Staged, name: str, root: Path, doc_ids: list[str],
              merge: bool) -> pl.LazyFrame:
    """One audit table from the batches' parts, as one audit of the corpus writes it: the
    findings in doc_id order, completeness and scores in the order of `doc_ids`; with `merge`,
    the other documents' rows already in `root` kept (the table in doc_id order)."""
    files = staged.parts.get(name, [])
    fresh = pl.scan_ipc(files) if files else metadata.frame(name, []).lazy()
    if merge:
        try:
            old = catalog.scan(name, root)
        except catalog.CatalogError:  # none yet (or of another schema): the fresh rows only
            old = None
        if old is not None:
            return pl.concat([old.filter(~pl.col("doc_id").is_in(doc_ids)), fresh]).sort(
                "doc_id", maintain_order=True)
    if name == "findings" and doc_ids != sorted(doc_ids):
        return fresh.sort("doc_id", maintain_order=True)
    return fresh


def check(root: Path, doc_ids: list[str], reviews: pl.DataFrame | None, *, merge: bool = False,
          size: int | None = None, audit_markdown: str = "", jobs: int = 1,
          on_batch: Callable[[int, list[str]], None] | None = None) -> list[str]:
    """Audit the documents `doc_ids` of the curated tables in `root`, batch by batch (`jobs`
    batches at a time in worker processes when above 1), and write `findings`, `completeness`,
    `scores` (Parquet and CSV) with the data dictionary, datapackage.json and AUDIT.md
    (`audit_markdown`) there; with `merge`, the other documents' audit rows are kept. Returns
    each document's printed summary. Raises CatalogError (bad or missing tables) before
    anything is written."""
    from juesuan.ingest.staged import sink_table

    scans = {name: catalog.scan(name, root) for name in metadata.INGESTED_NAMES}
    schemas = {name: lf.collect_schema() for name, lf in scans.items()}
    batches = plan(doc_ids, size)
    staged = Staged(stage_folder(root))
    try:
        split(scans, batches, staged)
        work = [(schemas, {name: staged.pieces.get((name, b), []) for name in schemas},
                 {name: staged.part(name, b) for name in AUDIT_TABLES}, docs, root, reviews)
                for b, docs in enumerate(batches)]
        printed: list[str] = []
        for b, summaries_of_batch in _audited(work, jobs, on_batch):
            printed += summaries_of_batch
            for piece in (p for ps in work[b][1].values() for p in ps):
                piece.unlink()  # the batch's rows are no longer needed
        for name in AUDIT_TABLES:
            sink_table(assembled(staged, name, root, doc_ids, merge), name, root)
        texts = {"datapackage.json": datapackage_json(), "DATA_DICTIONARY.md": data_dictionary(),
                 "AUDIT.md": audit_markdown}
        for file, text in texts.items():
            atomic_write_text(root / file, text)
        return printed
    finally:
        shutil.rmtree(staged.folder, ignore_errors=True)


def _audited(work: list[tuple], jobs: int,
             on_batch: Callable[[int, list[str]], None] | None) -> Iterator[tuple[int, list[str]]]:
    """(batch, its summaries) in batch order: audited here one after the other, or by `jobs`
    worker processes (at most 2 × jobs batches handed out at a time: memory stays bounded)."""
    if jobs <= 1 or len(work) <= 1:
        for b, args in enumerate(work):
            if on_batch is not None:
                on_batch(b, args[3])
            yield b, audit_staged(*args)
        return
    # forkserver, not fork: this process holds polars' thread pool, which fork() can deadlock
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=ctx) as pool:
        pending: deque[Future] = deque()
        for b, args in enumerate(work):
            if on_batch is not None:
                on_batch(b, args[3])
            pending.append(pool.submit(audit_staged, *args))
            if len(pending) >= 2 * jobs:
                yield b - len(pending) + 1, pending.popleft().result()
        first = len(work) - len(pending)
        for i, future in enumerate(pending):
            yield first + i, future.result()
