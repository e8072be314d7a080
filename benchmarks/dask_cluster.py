"""The Dask engine (`--scheduler`): an ingest of N synthetic texts and a cold build of the real
corpus on a local Dask cluster of 1 and 2 worker processes (one thread each), against the
local engines (`--jobs 1` and `--jobs N`: process pool for ingest, kernel threads for the build).

An ingest task is a batch of documents (`ingest.staged.batches`: about 4 MB of text, a
second's parse, and at least 4 batches per worker), not one document: a task of a few
milliseconds cost more in scheduling than in parsing. The number of tasks is recorded.

Every run is the `juesuan` command in a fresh process, as a user runs it; the cluster is
started once per size and its workers have imported juesuan before the timings (a cluster
outlives the commands sent to it; a local pool is started by each command). Reported: wall
clock (medians), each Dask run's time against the local run with as many processes, the
speed-up of two workers over one, the peak RSS of the command's own process (the
coordinator: the workers and pool processes are apart), and whether the files written are
the local run's byte for byte.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.build import SUMMARY
from benchmarks.harness import Row, Timing, timed
from juesuan import catalog, synth

WORKERS = (1, 2)
# The command, reporting its own peak RSS (VmHWM) on its last line of stderr.
_WRAPPER = ("import sys\nfrom juesuan.cli import main\nrc = main(sys.argv[1:])\n"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
            "print('PEAK_KB', hwm[0].split()[1] if hwm else 0, file=sys.stderr)\nsys.exit(rc)\n")
_PEAK = re.compile(r"PEAK_KB (\d+)")


def juesuan(*args: str) -> float:
    """Run `juesuan ARGS` in a fresh process; its peak RSS in MB (an error if it failed)."""
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True,
                          text=True, check=False)
    peak = _PEAK.search(proc.stderr)
    if proc.returncode != 0 or not peak:
        raise RuntimeError(f"juesuan {' '.join(args)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-1000:]}\n{proc.stderr[-3000:]}")
    if args[0] == "build" and (m := SUMMARY.search(proc.stdout)) and int(m.group(3)):
        raise RuntimeError(f"juesuan build: {m.group(3)} report(s) failed:\n{proc.stderr[-3000:]}")
    return int(peak.group(1)) / 1024


def _engines(jobs: int) -> list[tuple[str, int, int | None]]:
    """(name, processes, dask workers or None) of every engine compared."""
    local = [(f"local --jobs {j}", j, None) for j in sorted({1, jobs})]
    return local + [(f"dask {w} worker{'s' if w > 1 else ''}", w, w) for w in WORKERS]


def _timed_run(args_for: Any, engine: tuple[str, int, int | None], repeat: int,
               tmp: Path, address: str | None) -> tuple[Timing, float, Path]:
    """`repeat` runs of one engine into fresh folders; the timing, the peak RSS, the last
    output folder."""
    name, processes, workers = engine
    peaks: list[float] = []
    runs = iter(range(repeat))
    out = tmp

    def fresh() -> None:
        nonlocal out
        out = tmp / f"{name.replace(' ', '_')}-{next(runs)}"

    def run() -> None:
        extra = ["--scheduler", address] if workers else ["--jobs", str(processes)]
        peaks.append(juesuan(*args_for(out), *extra))

    timing = timed(run, repeat, before=fresh)
    return timing, max(peaks), out


def _compare(rows: list[Row], info: dict[str, Any], what: str,
             timings: dict[str, Timing], jobs: int) -> None:
    """The ratios: each Dask size against the local engine of as many processes, and two
    workers against one."""
    ratios = {}
    for w in WORKERS:
        local = timings.get(f"local --jobs {w}")
        dask = timings.get(f"dask {w} worker{'s' if w > 1 else ''}")
        if local and dask:
            ratios[f"dask_{w}_vs_local_{w}"] = dask.median / local.median
    one, two = timings.get("dask 1 worker"), timings.get("dask 2 workers")
    if one and two:
        ratios["dask_speedup_2_vs_1"] = one.median / two.median
    local_1, local_n = timings.get("local --jobs 1"), timings.get(f"local --jobs {jobs}")
    if jobs > 1 and local_1 and local_n:
        ratios[f"local_speedup_{jobs}_vs_1"] = local_1.median / local_n.median
    info["ratios"] = ratios
    text = "; ".join(f"{k.replace('_', ' ')} {v:.2f}×" for k, v in ratios.items())
    rows.append(Row("dask", f"{what}: ratios (time ÷ time; speed-ups)", None, text))


def _section(what: str, args_for: Any, differing: Any, repeat: int, jobs: int, tmp: Path,
             log) -> tuple[list[Row], dict[str, Any]]:
    """Every engine on one case; the cluster of each size started once for it."""
    from distributed import Client, LocalCluster

    rows: list[Row] = []
    info: dict[str, Any] = {"case": what, "engines": {}}
    timings: dict[str, Timing] = {}
    reference: Path | None = None
    for engine in _engines(jobs):
        name, _, workers = engine
        log(f"dask: {what}, {name}")
        if workers:
            with (LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.CRITICAL) as cluster,
                  Client(cluster) as client):
                client.run(lambda: __import__("juesuan.ingest.staged")
                           and __import__("juesuan.reports.distributed"))
                t, peak, out = _timed_run(args_for, engine, repeat, tmp, cluster.scheduler_address)
                # compared while the cluster runs (a late task could still write)
                differ = [] if reference is None else differing(reference, out)
        else:
            t, peak, out = _timed_run(args_for, engine, repeat, tmp, None)
            differ = [] if reference is None else differing(reference, out)
        timings[name] = t
        identical = None if reference is None else not differ
        reference = reference or out
        info["engines"][name] = {"timing": t.json(), "peak_rss_mb": peak,
                                 "output_identical_to_local_jobs_1": identical,
                                 "differing_files": differ}
        note = ("" if identical is None else
                "; output identical to local --jobs 1" if identical else
                f"; OUTPUT DIFFERS from local --jobs 1 ({', '.join(differ[:3])})")
        rows.append(Row("dask", f"{what}, {name}", t, f"coordinator peak {peak:,.0f} MB{note}"))
    _compare(rows, info, what, timings, jobs)
    return rows, info


def _differing_files(a: Path, b: Path) -> list[str]:
    """The files of the curated sets that differ (or are in one only)."""
    return _differ(a, b, "*")


def _differing_reports(a: Path, b: Path) -> list[str]:
    """The reports that differ (or are in one only); not the index, which states its build
    time."""
    return [p for p in _differ(a, b, "*.html") if Path(p).name != "index.html"]


def _differ(a: Path, b: Path, pattern: str) -> list[str]:
    files = {p.relative_to(root).as_posix() for root in (a, b) for p in root.rglob(pattern)
             if p.is_file()}
    return sorted(f for f in files if not (a / f).is_file() or not (b / f).is_file()
                  or (a / f).read_bytes() != (b / f).read_bytes())


def run(repeat: int, jobs: int, units: int, seed: int = 1,
        log=print) -> tuple[list[Row], dict[str, Any]]:
    """The dask section: `units` synthetic texts ingested, then the real corpus built."""
    rows: list[Row] = []
    results: dict[str, Any] = {"workers": list(WORKERS), "jobs": jobs}
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-dask-") as tmp:
        tmp = Path(tmp)
        if units:
            log(f"dask: writing {units:,} synthetic texts")
            raw = tmp / "texts"
            synth.write_texts(units, seed, raw)
            mb = sum(p.stat().st_size for p in raw.iterdir()) / 1e6
            what = f"ingest {units:,} synthetic texts ({mb:.1f} MB)"
            results["ingest_tasks"] = _tasks(raw)
            log(f"dask: ingest tasks (batches) for 1, 2 workers: {results['ingest_tasks']}")
            r, results["ingest"] = _section(
                what, lambda out: ("ingest", "--raw", str(raw), "--out", str(out)), _differing_files,
                repeat, jobs, tmp / "ingest", log)
            rows += r
        curated = tmp / "project" / "data" / "curated"
        shutil.copytree(catalog.curated_dir(), curated)
        notebooks = catalog.project_root() / "notebooks"
        started = time.perf_counter()
        r, results["build"] = _section(
            "cold build of the real corpus",
            lambda out: ("build", "--notebooks", str(notebooks), "--reports", str(out),
                         "--curated", str(curated)),
            _differing_reports, repeat, jobs, tmp / "build", log)
        results["build"]["seconds"] = time.perf_counter() - started
        rows += r
    return rows, results


def _tasks(raw: Path) -> dict[int, int]:
    """The ingest's tasks (batches of documents) on 1 and 2 workers."""
    from juesuan.ingest import staged
    from juesuan.ingest.document import read_manifest

    manifest = read_manifest(raw / "manifest.csv")
    work = [(raw / name, entry, i) for i, (name, entry) in enumerate(manifest.items())]
    return {w: len(staged.batches(work, w)) for w in WORKERS}


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(what, measured, met) for `benchmarks.__main__.targets`: the Dask runs write the local
    run's files (issue 17: 'a two-worker Dask run of ingest and build produces the same
    curated data and reports as a local run'); the speed-ups are reported, not targets."""
    out = []
    for case in ("ingest", "build"):
        info = results.get(case)
        if not info:
            continue
        same = [e["output_identical_to_local_jobs_1"] for n, e in info["engines"].items()
                if n.startswith("dask")]
        two = info["ratios"].get("dask_speedup_2_vs_1")
        measured = ("identical" if all(same) else "DIFFERS") + (
            f" (2 workers {two:.2f}× 1 worker)" if two else "")
        out.append((f"a Dask run ({case}) writes the local run's files", measured, all(same)))
    return out
