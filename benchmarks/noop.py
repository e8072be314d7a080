"""The no-op rebuild at scale (issue 17): `juesuan build` when nothing changed, on the real
corpus and on 1,000 and 10,000 synthetic units, each in a fresh process (start-up included);
wall clock and the child's CPU time. The target (< 2 s at 10,000 units) is judged on the CPU
time: the no-op runs on one core, and on a shared machine the wall clock counts the others.

Building 10,000 reports to get there would take hours, so the reports folder is prepared as a
finished build leaves it, by the library's own code: the input hashes
(`reports.build_inputs`, which also keeps them in reports/.cache/), the plan
(`reports.plan_jobs`), and every report recorded as built from those inputs by the build's
recording (`build._record`) beside a placeholder page; then one untimed `juesuan build` writes
the index, as the cold build would have. The timed runs follow: nothing may be rebuilt.
Beside them: a no-op with reports/.cache removed and `--rehash` (every curated file hashed
again, the index made from the tables, every page read) and the preparation's own time to
hash the corpus from nothing.

The synthetic corpus is `juesuan.synth`'s tables with the tables only the audit writes
(parts, findings, completeness, scores) empty, as `juesuan synth --tables-only` leaves them.
"""

from __future__ import annotations

import importlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import Row, Timing
from juesuan import catalog, metadata, reports
from juesuan.io import write_tables

TARGET_NOOP_S = 2.0
TARGET_UNITS = 10_000
TIMEOUT_S = 300  # far beyond any no-op; a build that runs kernels is stopped
SIZES = [1_000, 10_000]
QUICK_SIZES = [100]
PLACEHOLDER = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
               '<link rel="stylesheet" href="{prefix}assets/style-placeholder.css" '
               'data-juesuan-asset="style"></head><body>{output}</body></html>\n')


def synthetic_curated(units: int, seed: int, folder: Path) -> Path:
    """`juesuan synth --tables-only` into folder/curated, with the audit's tables empty."""
    from juesuan import synth

    frames = synth.tables(units, seed)
    frames |= {n: metadata.empty_frame(n) for n in metadata.TABLES if n not in frames}
    write_tables({n: frames[n] for n in metadata.TABLES}, folder / "curated")
    return folder / "curated"


def prepare(curated: Path, out: Path, notebooks: Path) -> dict[str, Any]:
    """`out` as a build of every report from `curated`'s current inputs leaves it (but the
    index, which the first no-op writes): state recorded by the build's own code."""
    build = importlib.import_module("juesuan.reports.build")
    from juesuan.reports.execution import Outcome

    started, cpu = time.perf_counter(), time.process_time()
    inputs = reports.build_inputs(curated, out)
    hashed = {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
              "files_read": len(inputs.rows_read)}
    jobs = reports.plan_jobs(reports.NOTEBOOKS, notebooks, inputs.doc_ids, inputs.parts, False)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / "assets" / "style-placeholder.css").write_text("body { margin: 0 }\n",
                                                          encoding="utf-8")
    state: dict[str, dict] = {}
    result = build.BuildResult()
    for job in jobs:
        page = out / job.report.output
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PLACEHOLDER.format(prefix="../" * job.report.output.count("/"),
                                           output=job.report.output), encoding="utf-8")
        build._record(Outcome(job, executed=True), state, out, result)
    reports.save_state(out, state)
    return {"reports": len(jobs), "documents": len(inputs.doc_ids), "hash_from_nothing": hashed}


def noop_command(curated: Path, out: Path, notebooks: Path,
                 *extra: str) -> tuple[float, float, dict[str, int]]:
    """`juesuan build` in a fresh process: (wall s, CPU s of the child, counts it printed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "juesuan.cli", "build", "--jobs", "1", "--notebooks",
         str(notebooks), "--reports", str(out), "--curated", str(curated), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        # not a no-op (lib/juesuan edited since the preparation: every report is out of
        # date): SIGTERM lets the build stop its kernels
        proc.terminate()
        stdout, stderr = proc.communicate()
        raise RuntimeError(f"juesuan build still running after {TIMEOUT_S} s: not a no-op "
                           "(was lib/juesuan edited during the run?)") from None
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    from benchmarks.build import SUMMARY

    found = SUMMARY.search(stdout)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"juesuan build failed ({proc.returncode}):\n{stdout[-1500:]}\n"
                           f"{stderr[-3000:]}")
    built, skipped, failed = map(int, found.groups())
    return wall, cpu, {"built": built, "skipped": skipped, "failed": failed}


def run(sizes: list[int], repeat: int, seed: int, log=print) -> tuple[list[Row], dict[str, Any]]:
    """The no-op section: the real corpus, then each synthetic size."""
    notebooks = catalog.project_root() / "notebooks"
    rows: list[Row] = []
    results: dict[str, Any] = {"target_s": TARGET_NOOP_S, "target_units": TARGET_UNITS,
                               "corpora": []}
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-noop-") as tmp:
        tmp = Path(tmp)
        corpora: list[tuple[str, Path | int]] = [("real", catalog.curated_dir())]
        corpora += [(f"{n:,} synthetic units", n) for n in sizes]
        for label, source in corpora:
            folder = tmp / label.split()[0].replace(",", "")
            if isinstance(source, int):
                log(f"noop: writing {label}")
                curated = synthetic_curated(source, seed, folder)
            else:
                curated = folder / "curated"
                shutil.copytree(source, curated)
            out = folder / "reports"
            log(f"noop: {label}: preparing the reports folder")
            entry: dict[str, Any] = {"corpus": label, **prepare(curated, out, notebooks)}
            _wall, _cpu, entry["first"] = noop_command(curated, out, notebooks)  # the index
            log(f"noop: {label}: no-op rebuild, {repeat} run(s)")
            wall, cpu, counts = Timing(), Timing(), []
            for _ in range(repeat):
                w, c, n = noop_command(curated, out, notebooks)
                wall.samples.append(w)
                cpu.samples.append(c)
                counts.append(n)
            nothing = all(n["built"] == 0 and n["skipped"] == entry["reports"] and not n["failed"]
                          for n in counts)
            log(f"noop: {label}: no-op with reports/.cache removed, --rehash")
            shutil.rmtree(out / reports.inputs.CACHE_DIR)
            w0, c0, n0 = noop_command(curated, out, notebooks, "--rehash")
            entry.update(wall=wall.json(), cpu=cpu.json(), counts=counts, nothing_rebuilt=nothing,
                         no_cache={"wall_s": w0, "cpu_s": c0, "counts": n0})
            results["corpora"].append(entry)
            units = entry["documents"]
            met = cpu.median < TARGET_NOOP_S and nothing
            target = ""
            if units >= TARGET_UNITS:
                target = (f"< {TARGET_NOOP_S:g} s CPU: {'met' if met else 'MISSED'} "
                          f"({cpu.median / TARGET_NOOP_S:.2f}× the limit)")
            rows.append(Row("noop", f"no-op rebuild, {label} ({entry['reports']:,} reports)",
                            wall, f"CPU {cpu.median:.2f} s; built {counts[-1]['built']}, "
                                  f"skipped {counts[-1]['skipped']}", target))
            h = entry["hash_from_nothing"]
            rows.append(Row("noop", f"  the same with reports/.cache removed ({label})",
                            Timing([w0]), f"CPU {c0:.2f} s (every file hashed again: "
                                          f"{h['cpu_s']:.1f} s CPU of it; index from the "
                                          f"tables); built {n0['built']}"))
    return rows, results
