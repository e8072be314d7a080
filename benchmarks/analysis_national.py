"""A national run, measured: every corpus-wide measure of the notebooks (`measures_list.py`) on
a synthetic corpus of a nation's decade — 1,000,000 units over ten fiscal years by default —
that is never held in memory whole.

1. `generate`: `synth.write_partitioned` writes the corpus piece by piece to a partitioned
   dataset (hive folders fiscal_year=/province=).
2. `measure`: for each fiscal year, the tables of that year only (`catalog.scan(…,
   fiscal_year=y)`: the other years' files are not opened) in one `measures.Shared`, every
   measure run on polars' streaming engine, its rows written to `<out>/<nn>/fiscal_year=<y>.parquet`
   and dropped. Every measure is per document (tested: tests/measures/test_by_year.py), so
   the years' results together are the corpus' results.

Each step runs in its own process pinned to one core (POLARS_MAX_THREADS=1) and reports its
CPU time and peak resident memory; the results go to benchmarks/results/national-<stamp>.json.
This is not part of `make bench` (generating the corpus alone takes several CPU-minutes):

    python -m benchmarks.analysis_national --units 1000000 --years 10 --work /tmp/national
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.analysis import ONE_CORE_ENV
from benchmarks.harness import RESULTS_DIR, machine, peak_rss_mb, utc_stamp
from benchmarks.measures_list import MEASURES, TABLES

FIRST_YEAR = 2015
PIECE = 50_000  # units generated at a time (about 3 GB while a piece is made)


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def generate(units: int, years: int, seed: int, root: Path, piece: int = PIECE) -> dict[str, Any]:
    """Write the corpus; its size, time and memory."""
    from juesuan import synth

    _pin()
    c0, w0 = time.process_time(), time.perf_counter()
    synth.write_partitioned(units, seed, root, years=range(FIRST_YEAR, FIRST_YEAR + years),
                            piece=piece)
    files = list(root.rglob("*.parquet"))
    return {"units": units, "years": years, "piece": piece,
            "cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - w0,
            "peak_rss_mb": peak_rss_mb(), "files": len(files),
            "parquet_mb": sum(f.stat().st_size for f in files) / 1e6}


def measure(root: Path, out: Path) -> dict[str, Any]:
    """Every measure, year by year; each year's results written, none held."""
    import polars as pl

    from juesuan import catalog, io, measures

    _pin()
    c0, w0 = time.process_time(), time.perf_counter()
    cpu = {m.name: 0.0 for m in MEASURES}
    rows = {m.name: 0 for m in MEASURES}
    per_year = []
    for year in catalog.fiscal_years(root):
        y0 = time.process_time()
        shared = measures.Shared({name: catalog.scan(name, root, year) for name in TABLES})
        for i, m in enumerate(MEASURES):
            t0 = time.process_time()
            df = m.juesuan(shared)
            cpu[m.name] += time.process_time() - t0
            rows[m.name] += df.height
            target = out / f"{i:02d}" / f"fiscal_year={year}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            io.atomic_write(target, lambda p, df=df: df.write_parquet(p))
            del df
        del shared
        per_year.append({"fiscal_year": year, "cpu_s": time.process_time() - y0,
                         "documents": pl.scan_parquet(out / f"{_index('corpus_summary'):02d}"
                                                      / f"fiscal_year={year}.parquet")
                         .select(pl.len()).collect().item()})
    return {"cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - w0,
            "peak_rss_mb": peak_rss_mb(), "polars_threads": pl.thread_pool_size(),
            "per_year": per_year, "cpu_by_measure_s": cpu, "rows": rows}


def _index(name: str) -> int:
    return next(i for i, m in enumerate(MEASURES) if m.name == name)


def _step(args: list[str]) -> dict[str, Any]:
    """One step in a fresh process pinned to one core; its report is the last stdout line."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, **ONE_CORE_ENV,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.analysis_national", *args],
                          env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"step {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.analysis_national")
    p.add_argument("step", nargs="?", choices=("generate", "measure"),
                   help="(internal) run one step in this process")
    p.add_argument("--units", type=int, default=1_000_000)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--piece", type=int, default=PIECE)
    p.add_argument("--work", type=Path, required=True,
                   help="folder for the corpus and the results (kept: --keep; else removed)")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--results", type=Path, default=RESULTS_DIR)
    args = p.parse_args(argv)
    corpus, out = args.work / "corpus", args.work / "measures"
    if args.step == "generate":
        print(json.dumps(generate(args.units, args.years, args.seed, corpus, args.piece)))
        return 0
    if args.step == "measure":
        print(json.dumps(measure(corpus, out)))
        return 0
    stamp = utc_stamp()
    common = ["--units", str(args.units), "--years", str(args.years), "--seed", str(args.seed),
              "--piece", str(args.piece), "--work", str(args.work)]
    data: dict[str, Any] = {"started_at": stamp, "machine": machine(),
                            "load_average_before": os.getloadavg(), "options": vars(args) | {
                                "work": str(args.work), "results": str(args.results)}}
    try:
        log = lambda m: print(m, file=sys.stderr, flush=True)
        log(f"national: generating {args.units:,} units over {args.years} years")
        data["generate"] = _step(["generate", *common])
        log(f"national: measuring, year by year ({data['generate']['cpu_s']:.0f} CPU-s to generate)")
        data["measure"] = _step(["measure", *common])
    finally:
        if not args.keep:
            shutil.rmtree(args.work, ignore_errors=True)
    data["load_average_after"] = os.getloadavg()
    from juesuan import io

    path = args.results / f"national-{stamp}.json"  # not latest.json: that is `make bench`'s
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    io.atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    g, m = data["generate"], data["measure"]
    print(f"national run {stamp}: {args.units:,} units, {args.years} years, one core")
    print(f"  generate: CPU {g['cpu_s']:.0f} s, wall {g['wall_s']:.0f} s, peak RSS "
          f"{g['peak_rss_mb']:,.0f} MB, {g['files']:,} files, {g['parquet_mb']:,.0f} MB")
    print(f"  measures: CPU {m['cpu_s']:.1f} s, wall {m['wall_s']:.0f} s, peak RSS "
          f"{m['peak_rss_mb']:,.0f} MB ({'within' if m['peak_rss_mb'] < 8192 else 'OVER'} 8 GB)")
    for y in m["per_year"]:
        print(f"    {y['fiscal_year']}: {y['documents']:,} documents, CPU {y['cpu_s']:.1f} s")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
