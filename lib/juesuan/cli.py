"""The `juesuan` command.

    juesuan ingest [FILE ...] [--out DIR] [--jobs N] [--scheduler ADDRESS]
                                            disclosure texts -> curated tables
    juesuan check [--doc DOC_ID ...] [--jobs N]  consistency audit and completeness scorecard
    juesuan summary                         rows per curated table and document
    juesuan build [--doc DOC_ID ...] [--jobs N] [--scheduler ADDRESS] [--with-code] [--pdf]
                  [--self-contained] [--rehash] [--engine warm|papermill]
                                            execute the notebooks, render reports/*.html
    juesuan synth --units N --seed S --out DIR [--tables-only | --texts-only]
                                            a synthetic corpus: DIR/curated (tables) and
                                            DIR/raw (texts + manifest.csv); never data/
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from juesuan import catalog, lock, metadata
from juesuan.io import write_tables

if TYPE_CHECKING:
    from juesuan.ingest import staged

# Starting the process pool (forkserver, polars imported in each worker) costs about 0.4 s, the
# time to parse ~1.5 MB of text: below this much text per extra process, one process is faster.
PARALLEL_MB_PER_JOB = 4.0


def default_ingest_jobs(paths: list[Path]) -> int:
    """`juesuan ingest` parses in as many processes as there are CPUs when there is enough text
    to repay starting them (the four real documents, 0.35 MB, are parsed fastest in one)."""
    mb = sum(p.stat().st_size for p in paths if p.is_file()) / 1e6
    return max(1, min(os.cpu_count() or 1, int(mb // PARALLEL_MB_PER_JOB)))


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest the given files (default: every file in the manifest) and write the tables.

    With FILEs the documents are merged into the set at --out (default data/curated): theirs
    replaced, the others kept. Without, the manifest's documents make the whole new set. The
    set is replaced as one (juesuan.swap), under the folder's lock (juesuan.lock)."""
    # imported here: the parsers cost `juesuan build` (whose no-op is timed) ~0.1 s to import
    from juesuan.ingest import staged
    from juesuan.ingest.document import DocumentError, read_manifest

    raw = Path(args.raw) if args.raw else catalog.raw_dir()
    try:
        manifest = read_manifest(raw / "manifest.csv")
    except (DocumentError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    paths = [Path(f) for f in args.files] or [raw / name for name in manifest]
    out = Path(args.out) if args.out else catalog.curated_dir()

    jobs = default_ingest_jobs(paths) if args.jobs is None else args.jobs
    if jobs < 1:
        print(f"error: --jobs must be at least 1, not {jobs}", file=sys.stderr)
        return 2
    with _cluster(args.scheduler) as client:
        if client is False:
            return 2
        parts = None
        try:
            parts = staged.parts_dir(out)
            return _ingest_staged(args, paths, manifest, out, parts, jobs, client)
        except OSError as err:  # the parts folder beside --out cannot be written
            print(f"error: cannot write the tables to {out}: {err.strerror or err} "
                  f"({err.filename or out}); the tables there are unchanged", file=sys.stderr)
            return 1
        finally:
            if parts is not None:
                shutil.rmtree(parts, ignore_errors=True)


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Any]:
    """The Dask client of `--scheduler` (None without it; False, the error printed, when
    the scheduler cannot be used), closed after the command."""
    if address is None:
        yield None
        return
    from juesuan import scheduling

    try:
        client = scheduling.connect(address)
    except scheduling.SchedulerError as err:
        print(f"error: {err}", file=sys.stderr)
        yield False
        return
    try:
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close()


def _ingest_staged(args: argparse.Namespace, paths: list[Path], manifest: dict, out: Path,
                   parts: Path, jobs: int, client: Any) -> int:
    """Parse into parts (juesuan.ingest.staged), report each document, assemble and publish."""
    from juesuan.ingest import staged

    parsed = staged.parse_all(paths, manifest, parts, jobs, client)
    failed = 0
    for r in parsed:
        if r.error:
            failed += 1
            print(f"error: {r.error}", file=sys.stderr)
            continue
        counts = ", ".join(f"{name} {n}" for name, n in r.rows.items() if n)
        print(f"{r.doc_id} ({r.source_file}): {counts}")
        for problem in r.problems:
            print(f"  warning: {problem.render(r.source_file)}", file=sys.stderr)
    if failed == len(parsed):
        print("error: no document could be ingested; nothing written", file=sys.stderr)
        return 1
    try:
        with lock.hold(out, "juesuan ingest"):
            return _write_ingested(args, out, parts, parsed, failed)
    except OSError as err:
        print(f"error: cannot write the tables to {out}: {err.strerror or err} "
              f"({err.filename or out}); the tables there are unchanged", file=sys.stderr)
        return 1


def _write_ingested(args: argparse.Namespace, out: Path, parts: Path,
                    parsed: list[staged.Parsed], failed: int) -> int:
    from juesuan.ingest import output as ingest_output
    from juesuan.ingest import staged

    merge_from = out if args.files and (out / "documents.parquet").exists() else None
    try:
        present = staged.document_ids(parsed, merge_from)
        tables = {name: staged.assembled(parts, parsed, name, merge_from)
                  for name in metadata.INGESTED_NAMES}
    except catalog.CatalogError as err:  # an old set of another schema
        print(f"error: the tables for {out} are inconsistent ({err}); nothing written",
              file=sys.stderr)
        return 1

    def write(stage: Path) -> None:
        for name, lf in tables.items():
            staged.sink_table(lf, name, stage, csv_from_parts=merge_from is None)
            ingest_output.pause_between_tables()
        staged.move_renderings(parts, parsed, stage)

    rewritten = {r.doc_id for r in parsed if r.ok and r.doc_id}
    try:
        stale = ingest_output.publish(out, write, present, rewritten)
    except pl.exceptions.PolarsError as err:  # an old set's rows that cannot be merged
        print(f"error: the tables for {out} cannot be assembled ({' '.join(str(err).split())}"
              "); nothing written", file=sys.stderr)
        return 1
    kept = len(present) - len(rewritten)
    print(f"wrote {len(tables)} tables for {len(parsed) - failed} document(s) to {out}"
          + (f" (merged: {kept} other document(s) kept)" if args.files and kept else ""))
    if stale:
        print(f"note: the audit ({', '.join(stale)}) of the ingested document(s) was removed "
              "with their old rows: run `juesuan check`", file=sys.stderr)
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Run the audit over the curated tables; write `findings` and `completeness`.

    Exits non-zero only when the checks cannot run (missing tables, unknown doc_id).
    """
    root = Path(args.curated) if args.curated else catalog.curated_dir()
    try:
        with lock.hold(root, "juesuan check"):
            return _check(args, root)
    except OSError as err:
        print(f"error: cannot write the audit to {root}: {err.strerror or err} "
              f"({err.filename or root})", file=sys.stderr)
        return 1


def _check(args: argparse.Namespace, root: Path) -> int:
    """The audit batch by batch (`checks.streamed`): memory bounded by a batch of documents."""
    from juesuan.checks import audit_markdown, evidence, streamed

    if args.jobs < 1:
        print(f"error: --jobs must be at least 1, not {args.jobs}", file=sys.stderr)
        return 2
    try:
        known = catalog.scan("documents", root).select("doc_id").collect()["doc_id"].to_list()
        reviews = evidence.load_reviews(catalog.raw_dir() / "reviews.csv")
    except (catalog.CatalogError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    unknown = sorted(set(args.doc or []) - set(known))
    if unknown:
        print(f"error: unknown doc_id {', '.join(unknown)}; known: {', '.join(known)}",
              file=sys.stderr)
        return 2
    docs = list(dict.fromkeys(args.doc)) if args.doc else known
    try:
        printed = streamed.check(root, docs, reviews, merge=bool(args.doc),
                                 audit_markdown=audit_markdown(), jobs=args.jobs)
    except catalog.CatalogError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for text in printed:
        print(text)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Print rows per curated table and document (the README's table)."""
    try:
        print(catalog.row_counts_markdown(Path(args.curated) if args.curated else None), end="")
    except catalog.CatalogError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Execute the notebooks and render the HTML reports and their index (juesuan.reports).

    Exits 2 when the build is refused (unknown doc_id, missing tables), 1 when a report failed.
    """
    from juesuan import reports

    root = catalog.project_root()
    reports_dir = Path(args.reports) if args.reports else root / "reports"
    curated = Path(args.curated) if args.curated else catalog.curated_dir()
    with _cluster(args.scheduler) as client:
        if client is False:
            return 2
        return _build(args, reports, root, reports_dir, curated, client)


def _build(args: argparse.Namespace, reports: Any, root: Path, reports_dir: Path,
           curated: Path, client: Any) -> int:
    from juesuan.reports.lock import held

    try:
        with held(reports_dir, curated):
            result = reports.build(
                Path(args.notebooks) if args.notebooks else root / "notebooks", reports_dir,
                curated, args.doc, reports.default_jobs() if args.jobs is None else args.jobs,
                args.with_code, pdf=args.pdf, self_contained=args.self_contained,
                rehash=args.rehash, client=client, engine=args.engine)
    except OSError as err:
        print(f"error: cannot write the reports to {reports_dir}: {err.strerror or err} "
              f"({err.filename or reports_dir})", file=sys.stderr)
        return 1
    except reports.BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished reports are kept, the rest rebuild next time",
              file=sys.stderr)
        return 130
    for output, message in sorted(result.failed.items()):
        print(f"failed: {output}: {message}", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(result.summary())
    return 0 if result.ok else 1


def _inside(path: Path, root: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    return path == root or root in path.parents


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic corpus (juesuan.synth): the curated tables under DIR/curated, the
    disclosure texts and their manifest under DIR/raw.

    Synthetic data is never mixed into the real corpus: an --out whose curated/ or raw/
    would fall inside data/curated or data/raw is refused (exit 2).
    """
    from juesuan import synth

    if args.units < 1:
        print(f"error: --units must be at least 1, not {args.units}", file=sys.stderr)
        return 2
    out = Path(args.out)
    real = (catalog.curated_dir(), catalog.raw_dir())
    for target in (out, out / "curated", out / "raw"):
        clash = next((r for r in real if _inside(target, r)), None)
        if clash is not None:
            print(f"error: --out {out} would write synthetic data into {clash}, the real "
                  "corpus; choose a folder outside data/curated and data/raw", file=sys.stderr)
            return 2
    if not args.texts_only:
        frames = synth.tables(args.units, args.seed)
        for name, df in frames.items():
            catalog.validate(name, df)
        write_tables(frames, out / "curated")
        print(f"wrote {len(frames)} synthetic tables ({args.units} units, seed {args.seed}) "
              f"to {out / 'curated'}")
    if not args.tables_only:
        paths = synth.write_texts(args.units, args.seed, out / "raw")
        print(f"wrote {len(paths)} synthetic texts and manifest.csv to {out / 'raw'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="turn disclosure texts into the curated tables")
    ingest.add_argument("files", nargs="*", metavar="FILE",
                        help="disclosure texts (default: every file listed in data/raw/manifest.csv)")
    ingest.add_argument("--out", metavar="DIR", help="output folder (default: data/curated)")
    ingest.add_argument("--raw", metavar="DIR", help="folder with manifest.csv (default: data/raw)")
    ingest.add_argument("--jobs", type=int, metavar="N",
                        help="documents parsed in parallel processes (default: the number of "
                             "CPUs, or fewer for less than 4 MB of text per process; 1: no "
                             "process pool); the output is the same either way")
    ingest.add_argument("--scheduler", metavar="ADDRESS",
                        help="parse the documents on the Dask cluster of this scheduler "
                             "(tcp://HOST:PORT; --jobs is then ignored): the workers need "
                             "juesuan installed and the same paths (a shared file system)")
    ingest.set_defaults(func=cmd_ingest)
    check = sub.add_parser("check", help="consistency audit and completeness of the documents")
    check.add_argument("--doc", action="append", metavar="DOC_ID",
                       help="audit only this document (repeatable; default: all)")
    check.add_argument("--curated", metavar="DIR", help="curated tables (default: data/curated)")
    check.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="batches of documents audited in parallel processes (default 1: "
                            "none); the output is the same either way")
    check.set_defaults(func=cmd_check)
    summary = sub.add_parser("summary", help="rows per curated table and document")
    summary.add_argument("--curated", metavar="DIR", help="folder (default: data/curated)")
    summary.set_defaults(func=cmd_summary)
    build = sub.add_parser("build", help="execute the notebooks and render the HTML reports")
    build.add_argument("--doc", action="extend", nargs="+", metavar="DOC_ID",
                       help="build only these documents' reports (default: every report)")
    build.add_argument("--jobs", type=int, metavar="N",
                       help="notebooks run in parallel (default: the number of CPUs)")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the reports on the Dask cluster of this scheduler "
                            "(tcp://HOST:PORT; --jobs is then ignored): the workers need "
                            "juesuan, a Jupyter kernel and the same paths (shared file system)")
    build.add_argument("--with-code", action="store_true",
                       help="show the code cells in the reports (hidden by default)")
    build.add_argument("--notebooks", metavar="DIR", help="notebooks (default: notebooks/)")
    build.add_argument("--reports", metavar="DIR", help="output folder (default: reports/)")
    build.add_argument("--curated", metavar="DIR",
                       help="curated tables, any folder (default: data/curated)")
    build.add_argument("--self-contained", action="store_true",
                       help="each page one file (default: chart runtime and styles shared in "
                            "reports/assets/)")
    build.add_argument("--pdf", action="store_true",
                       help="also print each report to a PDF beside it (headless Chromium)")
    build.add_argument("--rehash", action="store_true",
                       help="hash every curated file again (by default a file is re-hashed "
                            "only when its size or mtime changed)")
    build.add_argument("--engine", choices=("warm", "papermill"), default="warm",
                       help="warm: each job runs its reports in one kernel, started once "
                            "(default); papermill: a new kernel per report")
    build.set_defaults(func=cmd_build)
    synth = sub.add_parser("synth", help="generate a synthetic corpus (tables and texts)")
    synth.add_argument("--units", type=int, required=True, metavar="N",
                       help="departments to generate")
    synth.add_argument("--seed", type=int, required=True, metavar="S",
                       help="seed: the same seed gives the same corpus")
    synth.add_argument("--out", required=True, metavar="DIR",
                       help="output folder (DIR/curated, DIR/raw); not inside data/")
    only = synth.add_mutually_exclusive_group()
    only.add_argument("--tables-only", action="store_true", help="write only DIR/curated")
    only.add_argument("--texts-only", action="store_true", help="write only DIR/raw")
    synth.set_defaults(func=cmd_synth)
    teaching = sub.add_parser("teaching", add_help=False, prefix_chars="+",
                              help="the course: grade notebooks, answer key, course site")
    teaching.add_argument("rest", nargs=argparse.REMAINDER)
    teaching.set_defaults(func=lambda args: __import__("juesuan.teaching.cli", fromlist=["main"])
                          .main(args.rest))
    return parser


class Terminated(Exception):
    """SIGTERM, raised where the program is, so that its `finally` blocks clean up."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
    try:
        return args.func(args)
    except Terminated:
        print(f"terminated: juesuan {args.command} stopped; the files it was writing were not "
              "put in place and its temporary files are removed", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"interrupted: juesuan {args.command} stopped; the files it was writing were "
              "not put in place", file=sys.stderr)
        return 130
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
