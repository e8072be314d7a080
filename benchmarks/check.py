"""The audit at scale: `juesuan check` on synthetic corpora of growing size (issue 17: linear in
the number of documents).

Per size: synthetic texts (`juesuan.synth`) are written and ingested (`juesuan ingest`, not
timed here: the ingest section measures it) into a folder laid out like the project
(DIR/data/raw, DIR/data/curated), so the audit reads the texts as it reads data/raw. Then
`juesuan check --curated DIR/data/curated` runs `repeat` times, each in a fresh process pinned
to one core (POLARS_MAX_THREADS=1, one-CPU affinity): its work from reading the tables to the
written findings, completeness and scores (loading, every rule, the scorecard, the scores,
validation, writing and the printed summary), in CPU seconds of that core and wall seconds,
and the process' peak resident memory (VmHWM, read as the command returns). Python's start-up
and the imports are not counted. The audit holds one batch of documents at a time, so the peak
should be flat in the corpus size (`MEMORY_LIMIT_MB` from `MEMORY_FROM_UNITS` units).

    python -m benchmarks.check worker --root DIR      (internal)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks import corpus
from benchmarks.analysis import ONE_CORE_ENV
from benchmarks.harness import Row, Timing, peak_rss_mb
from juesuan import synth

TARGETS = {1_000: 10.0, 10_000: 100.0, 100_000: 1_000.0}  # units → CPU s on one core (issue 17)
# The audit holds one batch of documents (juesuan.checks.streamed): its peak RSS at 10,000
# units and more must stay under this, whatever the corpus size.
MEMORY_FROM_UNITS, MEMORY_LIMIT_MB = 10_000, 1_536.0
AUDIT_TABLES = ("findings", "completeness", "scores")


# --- the worker (runs in its own process) ------------------------------------------------------

def worker(root: Path) -> dict[str, Any]:
    """`juesuan check` on root/data/curated in this process: its CPU and wall time (imports
    done beforehand), peak RSS and what it wrote."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from juesuan import catalog, cli
    from juesuan.checks import audit, completeness, evidence, rules  # noqa: F401 (imports)

    curated = root / "data" / "curated"
    before_rss = peak_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = cli.main(["check", "--curated", str(curated)])
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    peak = peak_rss_mb()  # before counting what was written
    if code:
        raise RuntimeError(f"juesuan check exited {code}")
    rows = {name: catalog.scan(name, curated).select(pl.len()).collect().item()
            for name in AUDIT_TABLES}
    return {"cpu_s": cpu, "wall_s": wall, "peak_rss_mb": peak,
            "rss_before_mb": before_rss, "polars_threads": pl.thread_pool_size(),
            "rows": rows, "summary_lines": printed.getvalue().count("\n")}


def run_worker(root: Path) -> dict[str, Any]:
    """`worker` in a fresh Python process on one core; its report is the last stdout line."""
    cmd = [sys.executable, "-m", "benchmarks.check", "worker", "--root", str(root)]
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, **ONE_CORE_ENV, "JUESUAN_ROOT": str(root),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the check worker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_corpus(units: int, seed: int, root: Path, jobs: int) -> dict[str, Any]:
    """Synthetic texts in root/data/raw, ingested into root/data/curated."""
    raw, curated = root / "data" / "raw", root / "data" / "curated"
    started = time.perf_counter()
    synth.write_texts(units, seed, raw)
    written = time.perf_counter() - started
    proc = subprocess.run([sys.executable, "-m", "juesuan.cli", "ingest", "--raw", str(raw),
                           "--out", str(curated), "--jobs", str(jobs)],
                          env={**os.environ, "JUESUAN_ROOT": str(root)},
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"juesuan ingest of {units:,} synthetic texts failed "
                           f"({proc.returncode}):\n{proc.stderr[-2000:]}")
    rows = {p.stem: pl.scan_parquet(p).select(pl.len()).collect().item()
            for p in sorted(curated.glob("*.parquet"))}
    return {"units": units, "write_texts_s": written,
            "ingest_s": time.perf_counter() - started - written, "rows": rows,
            "text_mb": sum(p.stat().st_size for p in raw.glob("*.txt")) / 1e6}


# --- the section ---------------------------------------------------------------------------------

def run(sizes: list[int], repeat: int, jobs: int, seed: int = 1,
        log=print) -> tuple[list[Row], dict[str, Any]]:
    """The check section: rows for the table and the full results."""
    rows: list[Row] = []
    results: dict[str, Any] = {"corpus": corpus.GENERATOR, "sizes": []}
    for units in sizes:
        with tempfile.TemporaryDirectory(prefix=f"juesuan-bench-check-{units}-") as tmp:
            root = Path(tmp)
            log(f"check: writing and ingesting {units:,} synthetic texts ({corpus.GENERATOR})")
            info = make_corpus(units, seed, root, jobs)
            log(f"check: {units:,} units — juesuan check, {repeat} run(s)")
            runs = [run_worker(root) for _ in range(repeat)]
        cpu, wall = Timing([r["cpu_s"] for r in runs]), Timing([r["wall_s"] for r in runs])
        info.update(cpu=cpu.json(), wall=wall.json(), runs=runs,
                    peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
                    written=runs[-1]["rows"], polars_threads=runs[-1]["polars_threads"],
                    cpu_s_per_1000_units=cpu.median / units * 1000)
        written = ", ".join(f"{n} {info['written'][n]:,}" for n in AUDIT_TABLES)
        rows.append(Row("check", f"juesuan check, {units:,} units", wall,
                        f"CPU {cpu.median:.2f} s ({info['cpu_s_per_1000_units']:.2f} s per 1,000 "
                        f"units); peak RSS {info['peak_rss_mb']:,.0f} MB; wrote {written}; "
                        f"{repeat} run(s)"))
        results["sizes"].append(info)
    return rows, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("worker", help="(internal) run juesuan check in this process")
    w.add_argument("--root", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(worker(args.root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
