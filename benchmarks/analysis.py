"""Analysis at scale: every corpus-wide measure of the notebooks on synthetic corpora of
growing size, juesuan (polars) against the pandas reference and the DuckDB reference (the
same measures in DuckDB SQL on the same Parquet files), each engine in its own process
pinned to one core (POLARS_MAX_THREADS=1, DuckDB `SET threads = 1`, one-CPU affinity).

Per size: the corpus is generated and written as Parquet; each engine runs every measure once
and writes its results, which are compared with juesuan's (same columns and rows, values within
1e-9) before any timing counts; then each engine runs the measures `repeat` times in a fresh process that
reports its timings (wall clock and CPU time: the process is pinned to one core, so its CPU
time is its cost on that core whatever else the machine runs) and its peak resident memory.
Each run of the juesuan measures is given one fresh `measures.Shared` of the tables, so the
intermediates several measures read are computed once per run, inside the timings.

juesuan is measured twice: as the notebooks use it (`catalog.load`: every table validated and
held in memory; the headline row and the targets) and on `catalog.scan` LazyFrames (engine
`juesuan-scan`: each measure reads only the columns it uses from the Parquet files, so the
reading is timed inside the measures — the way to analyse a corpus too large to hold whole).

    python -m benchmarks.analysis worker --engine juesuan --data DIR --repeat 3   (internal)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from benchmarks import corpus
from benchmarks.harness import Row, Timing, peak_rss_mb
from benchmarks.measures_list import MEASURES, TABLES
from juesuan import synth

ENGINES = ("juesuan", "pandas", "juesuan-scan", "duckdb")
SCAN = "juesuan-scan"
REFERENCES = ("pandas", "duckdb")  # the other implementations, compared with juesuan
TOLERANCE = 1e-9
ONE_CORE_ENV = {"POLARS_MAX_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1"}
TOTAL = "all measures"


# --- the worker (runs in its own process) ------------------------------------------------------

def load(engine: str, data: Path) -> dict[str, Any]:
    """The tables as each engine's user loads them: juesuan.catalog (validated, or scanned
    lazily), pd.read_parquet, or a DuckDB connection with a view per Parquet file."""
    if engine in ("juesuan", SCAN):
        from juesuan import catalog

        read = catalog.load if engine == "juesuan" else catalog.scan
        return {name: read(name, data) for name in TABLES}
    if engine == "duckdb":
        from benchmarks import duckdb_reference

        return duckdb_reference.connect(data, TABLES)
    from benchmarks import pandas_reference

    return pandas_reference.read_tables(data, TABLES)


def worker(engine: str, data: Path, repeat: int, results: Path | None) -> dict[str, Any]:
    """Load the tables, then either run each measure once and write its result to `results`
    (for the comparison) or run them all `repeat` times and report the timings and memory."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.perf_counter()
    tables = load(engine, data)
    out: dict[str, Any] = {"engine": engine, "load_s": time.perf_counter() - started,
                           "rss_after_load_mb": peak_rss_mb()}
    if engine == "duckdb":
        out["duckdb_threads"] = tables.sql("SELECT current_setting('threads')").fetchall()[0][0]
    elif engine != "pandas":
        out["polars_threads"] = pl.thread_pool_size()
    api = "juesuan" if engine == SCAN else engine
    run_tables = _per_run(api, tables)
    if results is not None:
        results.mkdir(parents=True, exist_ok=True)
        shared = run_tables()
        for i, m in enumerate(MEASURES):
            df = getattr(m, api)(shared)
            frame = df if api != "pandas" else pl.from_pandas(df.reset_index(drop=True))
            frame.write_parquet(results / f"{i:02d}.parquet")
        return out
    samples: dict[str, list[float]] = {m.name: [] for m in MEASURES}
    cpu: dict[str, list[float]] = {m.name: [] for m in MEASURES}
    for _ in range(repeat):
        shared = run_tables()
        for m in MEASURES:
            fn = getattr(m, api)
            t0, c0 = time.perf_counter(), time.process_time()
            fn(shared)
            samples[m.name].append(time.perf_counter() - t0)
            cpu[m.name].append(time.process_time() - c0)
        del shared  # the next run recomputes everything it shares
    out["samples_s"] = samples
    out["cpu_s"] = cpu
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _per_run(api: str, tables: dict[str, Any]):
    """What one run of the measures is given: for juesuan a fresh `measures.Shared` of the
    tables (so each run computes its shared intermediates once, and no run reuses another's),
    for pandas the tables, for DuckDB the connection (its views are re-read by every query)."""
    if api in REFERENCES:
        return lambda: tables
    from juesuan import measures

    return lambda: measures.Shared(tables)


def run_worker(engine: str, data: Path, repeat: int, results: Path | None = None) -> dict:
    """`worker` in a fresh Python process on one core; its report is the last stdout line."""
    cmd = [sys.executable, "-m", "benchmarks.analysis", "worker", "--engine", engine,
           "--data", str(data), "--repeat", str(repeat)]
    if results is not None:
        cmd += ["--results", str(results)]
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, **ONE_CORE_ENV,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the {engine} worker failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- comparing the two engines -----------------------------------------------------------------

def difference(expected: pl.DataFrame, got: pl.DataFrame, tol: float = TOLERANCE,
               other: str = "pandas") -> str | None:
    """None if `got` has the same columns and rows as `expected`, values within `tol`
    (absolute or relative); else what differs. Rows are compared in order, and if that fails
    in a canonical order (a measure's row order among ties is not part of its definition)."""
    if got.columns != expected.columns:
        return f"columns differ: juesuan {expected.columns}, {other} {got.columns}"
    if got.height != expected.height:
        return f"{expected.height} rows in juesuan, {got.height} in {other}"
    try:
        got = got.with_columns(pl.col(c).cast(t) for c, t in expected.schema.items())
    except pl.exceptions.PolarsError as err:
        return f"{other} result does not cast to juesuan's types: {err}"
    kwargs = {"rel_tol": tol, "abs_tol": tol, "check_exact": False}
    try:
        assert_frame_equal(expected, got, **kwargs)
        return None
    except AssertionError:
        pass
    floats = [c for c, t in expected.schema.items() if t == pl.Float64]
    order = [c for c in expected.columns if c not in floats] + floats
    try:
        assert_frame_equal(expected.sort(order, nulls_last=True), got.sort(order, nulls_last=True),
                           **kwargs)
    except AssertionError as err:
        return " ".join(str(err).split())[:600]
    return None


def compare_results(juesuan_dir: Path, other_dir: Path, suffix: str = "",
                    other: str = "pandas") -> dict[str, str | None]:
    """Measure name (+ suffix) -> None when both engines agree, else the difference."""
    out = {}
    for i, m in enumerate(MEASURES):
        out[m.name + suffix] = difference(pl.read_parquet(juesuan_dir / f"{i:02d}.parquet"),
                                          pl.read_parquet(other_dir / f"{i:02d}.parquet"),
                                          other=other)
    return out


def write_corpus(units: int, seed: int, out: Path) -> dict[str, Any]:
    """Generate the synthetic corpus and write the measured tables as Parquet."""
    started = time.perf_counter()
    tables = synth.tables(units, seed)
    generated = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        tables[name].write_parquet(out / f"{name}.parquet")
    return {"units": units, "generate_s": generated,
            "rows": {name: tables[name].height for name in TABLES},
            "parquet_mb": sum((out / f"{n}.parquet").stat().st_size for n in TABLES) / 1e6}


# --- the section ---------------------------------------------------------------------------------

def run(sizes: list[int], repeat: int, seed: int = 1, log=print) -> tuple[list[Row], dict]:
    """The analysis section: rows for the table and the full results."""
    rows: list[Row] = []
    results: dict[str, Any] = {"corpus": corpus.GENERATOR, "tolerance": TOLERANCE,
                               "measures": [m.name for m in MEASURES], "sizes": []}
    for units in sizes:
        with tempfile.TemporaryDirectory(prefix=f"juesuan-bench-{units}-") as tmp:
            tmp = Path(tmp)
            log(f"analysis: generating {units:,} synthetic units ({results['corpus']})")
            info = write_corpus(units, seed, tmp / "data")
            log(f"analysis: {units:,} units — comparing juesuan, pandas and DuckDB results")
            for engine in ENGINES:
                run_worker(engine, tmp / "data", 1, tmp / engine)
            diffs = compare_results(tmp / "juesuan", tmp / "pandas")
            diffs |= compare_results(tmp / SCAN, tmp / "pandas", f" ({SCAN})")
            diffs |= compare_results(tmp / "juesuan", tmp / "duckdb", " (duckdb)", "duckdb")
            bad = {k: v for k, v in diffs.items() if v}
            info["mismatches"] = bad
            if bad:
                log(f"analysis: {units:,} units — MISMATCH in {', '.join(bad)}")
                for name, why in bad.items():
                    log(f"  {name}: {why}")
                rows.append(Row("analysis", f"{units:,} units", None,
                                f"MISMATCH: {', '.join(bad)}", "results must be equal"))
                results["sizes"].append(info)
                continue
            log(f"analysis: {units:,} units — timing, {repeat} run(s) per engine")
            for engine in ENGINES:
                info[engine] = run_worker(engine, tmp / "data", repeat)
        rows += _rows(info, last=units == sizes[-1])
        results["sizes"].append(info)
    return rows, results


def _per_run_totals(samples: dict[str, list[float]]) -> Timing:
    runs = len(next(iter(samples.values())))
    return Timing([sum(s[i] for s in samples.values()) for i in range(runs)])


def _rows(info: dict[str, Any], last: bool) -> list[Row]:
    """The total per size (and, for the largest size, each measure)."""
    units = info["units"]
    js, pd_ = info["juesuan"], info["pandas"]
    info["totals"], info["cpu_totals"] = {}, {}
    out = []
    for engine in ENGINES:
        if engine in info:
            info["totals"][engine] = _per_run_totals(info[engine]["samples_s"]).json()
            info["cpu_totals"][engine] = _per_run_totals(info[engine]["cpu_s"]).json()
    # the speed-up in CPU time: the wall clock counts the other processes sharing the cores
    j_med = info["cpu_totals"]["juesuan"]["median_s"]
    p_med = info["cpu_totals"]["pandas"]["median_s"]
    ratio = p_med / j_med if j_med else float("nan")
    info["ratio"] = ratio
    if "duckdb" in info["cpu_totals"]:
        info["ratio_duckdb"] = info["cpu_totals"]["duckdb"]["median_s"] / j_med if j_med else None
    info["ratio_wall"] = (info["totals"]["pandas"]["median_s"]
                          / info["totals"]["juesuan"]["median_s"])
    n = len(next(iter(js["samples_s"].values())))
    for engine, rep in (("juesuan", js), ("pandas", pd_), (SCAN, info.get(SCAN)),
                        ("duckdb", info.get("duckdb"))):
        if rep is None:
            continue
        t = _per_run_totals(rep["samples_s"])
        cpu = info["cpu_totals"][engine]["median_s"]
        extra = (f"; pandas/juesuan {ratio:.1f}× CPU ({info['ratio_wall']:.1f}× wall)"
                 if engine == "pandas" else "")
        if engine == SCAN:
            extra = "; catalog.scan: Parquet read inside the measures"
        if engine == "duckdb":
            extra = (f"; duckdb/juesuan {info['ratio_duckdb']:.1f}× CPU; Parquet read inside "
                     "the queries")
        out.append(Row("analysis", f"{TOTAL}, {units:,} units, {engine}", t,
                       f"CPU {cpu:.2f} s; peak RSS {rep['peak_rss_mb']:,.0f} MB (after load "
                       f"{rep['rss_after_load_mb']:,.0f}){extra}; {n} run(s)"))
    if last:
        for name in js["samples_s"]:
            tj = Timing(js["samples_s"][name])
            cj, cp = Timing(js["cpu_s"][name]).median, Timing(pd_["cpu_s"][name]).median
            r = cp / cj if cj else float("nan")
            scan = (f"; {SCAN} CPU {Timing(info[SCAN]['cpu_s'][name]).median:.3f} s"
                    if SCAN in info else "")
            if "duckdb" in info:
                scan += f"; duckdb CPU {Timing(info['duckdb']['cpu_s'][name]).median:.3f} s"
            out.append(Row("analysis", f"  {name}, {units:,} units, juesuan", tj,
                           f"CPU {cj:.3f} s, pandas {cp:.3f} s ({r:.1f}×){scan}"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.analysis")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("worker", help="(internal) run the measures in this process")
    w.add_argument("--engine", choices=ENGINES, required=True)
    w.add_argument("--data", type=Path, required=True)
    w.add_argument("--repeat", type=int, default=1)
    w.add_argument("--results", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(worker(args.engine, args.data, args.repeat, args.results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
