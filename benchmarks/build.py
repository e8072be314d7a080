"""The report build: cold builds with one kernel per report (`--engine papermill`) and with
warm kernels (`--engine warm`, the default), --jobs 1 and --jobs N, against the floor measured
in the same run; a no-op rebuild; a rebuild after one document's curated rows change; the
marginal cost of one more unit report and the kernel's memory on synthetic corpora of 4 to
10,000 units (`marginal`).

Everything runs on a temporary copy of data/curated (laid out as <root>/data/curated, as the
build requires) into temporary report folders — never into reports/. Each build is the
`juesuan build` command in a fresh process, as a user runs it (Python start-up included).

The floor: starting a kernel and executing an empty notebook with papermill, times the number
of reports, divided by the jobs — what any notebook-per-report build must pay.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.harness import Row, Timing, peak_rss_mb, timed
from juesuan import catalog, reports
from juesuan.io import write_tables

TARGET_FLOOR_RATIO = 2.0  # issue 17 (issue 6: 1.5)
TARGET_NOOP_S = 2.0
TARGET_MARGINAL_S = 0.5  # CPU seconds per unit report, flat from 4 to 10,000 units
TARGET_JOBS_SPEEDUP = 1.8  # --jobs 2 against --jobs 1
SCALING_UNITS = 60  # the --jobs scaling build: 63 reports, enough to share out
MARGINAL_SIZES = (4, 1_000, 10_000)
MARGINAL_REPORTS = 8  # builds of k and 2k unit reports: marginal = difference ÷ k
SUMMARY = re.compile(r"built (\d+), skipped (\d+), failed (\d+)")


def build_command(root: Path, out: Path, jobs: int, engine: str = "warm",
                  cpu: list[float] | None = None) -> dict[str, int]:
    """`juesuan build --jobs N --engine E` from root/data/curated into `out`; the counts it
    prints. `cpu` gets the CPU seconds of the command and the kernels it ran (reaped)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-m", "juesuan.cli", "build", "--jobs", str(jobs), "--engine", engine,
         "--notebooks", str(catalog.project_root() / "notebooks"), "--reports", str(out),
         "--curated", str(root / "data" / "curated")],
        capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    found = SUMMARY.search(proc.stdout)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"juesuan build --jobs {jobs} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-1500:]}\n{proc.stderr[-3000:]}")
    built, skipped, failed = map(int, found.groups())
    return {"built": built, "skipped": skipped, "failed": failed}


def empty_notebook_seconds(folder: Path, repeat: int,
                           cpu: list[float] | None = None) -> Timing:
    """Start a kernel and execute an empty notebook with papermill, `repeat` times; `cpu` gets
    each run's CPU seconds (this process and the kernel, reaped)."""
    import nbformat
    import papermill

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": reports.KERNEL_NAME, "display_name": "Python 3",
                                 "language": "python"}
    source, output = folder / "empty.ipynb", folder / "empty.out.ipynb"
    nbformat.write(nb, str(source))

    def used() -> float:
        return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                     resource.getrusage(resource.RUSAGE_CHILDREN)))

    def run() -> None:
        before = used()
        papermill.execute_notebook(
            str(source), str(output), kernel_name=reports.KERNEL_NAME, progress_bar=False,
            resources={"metadata": {"path": str(folder)}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"])
        if cpu is not None:
            cpu.append(used() - before)

    return timed(run, repeat)


def state(out: Path) -> dict[str, dict]:
    return json.loads((out / reports.STATE_FILE).read_text(encoding="utf-8"))["reports"]


def rerun(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Reports whose build-state entry changed: the ones the rebuild executed."""
    return sorted(k for k in after if before.get(k) != after[k])


def change_one_document(curated: Path, doc_id: str, step: int) -> str:
    """Add 0.01 × step to the first `totals` value of `doc_id` (written as ingest writes it);
    returns what was changed."""
    totals = catalog.load("totals", curated)
    idx = totals.with_row_index().filter(pl.col("doc_id") == doc_id)["index"][0]
    old = totals["value"][idx]
    changed = totals.with_columns(
        value=pl.when(pl.int_range(pl.len()) == idx).then(pl.col("value") + 0.01 * step)
        .otherwise(pl.col("value")))
    catalog.validate("totals", changed)
    write_tables({"totals": changed}, curated)
    return f"totals row {idx} of {doc_id}: value {old} → {old + 0.01 * step:.2f}"


def _proc_stats(pid: int) -> tuple[float, float]:
    """Peak RSS (MB, VmHWM) and CPU seconds so far of a running process and the children it
    reaped (Linux /proc)."""
    peak = 0.0
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024.0
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return peak, sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    """The live processes below `pid` (build workers, their kernels)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def _is_kernel(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"ipykernel" in f.read()
    except OSError:
        return False


def child(spec_json: str) -> None:
    """A build in this (fresh) process, printing as JSON its wall and CPU seconds (this
    process and every process below it: build workers, kernels), the kernels' peak RSS, and
    `steps`: after each report is recorded (in order, `--jobs 1`), the CPU seconds so far of
    this process and the processes below it; `kernel_steps` the live kernels' share of it,
    `own_steps` this process' own."""
    build_module = sys.modules["juesuan.reports.build"]  # (`reports.build` is the function)
    spec = json.loads(spec_json)
    seen: dict[str, Any] = {"kernel_peak_mb": 0.0, "steps": [], "own_steps": [],
                            "kernel_steps": []}
    record = build_module._record

    def tree_cpu() -> tuple[float, float]:
        """CPU seconds of this process and all below it; the live kernels' share."""
        me = resource.getrusage(resource.RUSAGE_SELF)
        reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = me.ru_utime + me.ru_stime + reaped.ru_utime + reaped.ru_stime
        kernel = 0.0
        for pid in _descendants(os.getpid()):
            try:
                peak, used = _proc_stats(pid)
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
            cpu += used
            if _is_kernel(pid):
                seen["kernel_peak_mb"] = max(seen["kernel_peak_mb"], peak)
                kernel += used
        return cpu, kernel

    def step(*args: Any) -> None:
        record(*args)
        cpu, kernel = tree_cpu()
        seen["steps"].append(cpu)
        seen["kernel_steps"].append(kernel)
        seen["kernel_cpu_s"] = kernel  # (at the last report: the kernels stop with the build)
        me = resource.getrusage(resource.RUSAGE_SELF)
        seen["own_steps"].append(me.ru_utime + me.ru_stime)

    build_module._record = step
    started = time.perf_counter()
    result = reports.build(Path(spec["notebooks"]), Path(spec["out"]), Path(spec["curated"]),
                           spec["doc_ids"], spec["jobs"], False, progress=False,
                           engine=spec["engine"])
    wall = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, and the kernels they reaped
    print(json.dumps({"wall_s": wall, "cpu_s": tree_cpu()[0],
                      "build_process_cpu_s": me.ru_utime + me.ru_stime,
                      "reaped_cpu_s": ru.ru_utime + ru.ru_stime,
                      "build_peak_mb": peak_rss_mb(), "built": len(result.built),
                      "failed": result.failed, **seen}))


def measured_build(curated: Path, out: Path, doc_ids: list[str] | None, jobs: int,
                   engine: str = "warm") -> dict[str, Any]:
    """`child` in a fresh Python process (as `juesuan build` runs); its JSON."""
    spec = {"notebooks": str(catalog.project_root() / "notebooks"), "out": str(out),
            "curated": str(curated), "doc_ids": doc_ids, "jobs": jobs, "engine": engine}
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from benchmarks.build import child; child(sys.argv[1])",
         json.dumps(spec)], capture_output=True, text=True, check=False,
        cwd=catalog.project_root())
    if proc.returncode != 0:
        raise RuntimeError(f"build of {curated} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def marginal(sizes: tuple[int, ...], k: int, seed: int, log=print) -> tuple[list[Row], dict]:
    """The marginal cost of one more unit report on one core: on a synthetic curated corpus
    of each size, one build of 2k unit reports (`--doc`, `--jobs 1`, warm kernel) in a fresh
    process; marginal = CPU seconds (build process + kernel) from the k-th report's end to
    the 2k-th's, ÷ k — the steady state, without the start-up, the loading and planning of
    the corpus (the build's, paid once) or the kernel's start. The kernel's peak RSS shows
    whether a unit report's memory grows with the corpus."""
    rows: list[Row] = []
    results: dict[str, Any] = {"k": k, "sizes": []}
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-marginal-") as tmp:
        tmp = Path(tmp)
        for units in sizes:
            log(f"build: marginal unit report, {units:,} synthetic units")
            curated = tmp / f"u{units}" / "curated"
            _synth(units, seed, tmp / f"u{units}")
            ids = catalog.load("documents", curated)["doc_id"].to_list()
            n = min(k, len(ids) // 2)
            run = measured_build(curated, tmp / f"out-{units}", ids[:2 * n], 1)
            shutil.rmtree(tmp / f"u{units}")
            steps = run["steps"]
            bad = run["failed"] or (None if run["built"] == 2 * n else f"built {run['built']}")
            cpu = (steps[2 * n - 1] - steps[n - 1]) / n
            kernel = (run["kernel_steps"][2 * n - 1] - run["kernel_steps"][n - 1]) / n
            own = (run["own_steps"][2 * n - 1] - run["own_steps"][n - 1]) / n
            first = steps[0]
            results["sizes"].append({"units": units, "n": n, "run": run, "marginal_cpu_s": cpu,
                                     "marginal_kernel_cpu_s": kernel,
                                     "marginal_build_process_cpu_s": own,
                                     "kernel_peak_mb": run["kernel_peak_mb"], "failed": bad})
            rows.append(Row("build", f"one more unit report, {units:,} units (reports "
                            f"{n + 1}–{2 * n})", None,
                            f"CPU {cpu:.2f} s per report (kernel {kernel:.2f}, build worker "
                            f"{cpu - kernel - own:.2f}, build process {own:.2f}; first report "
                            f"incl. start-up "
                            f"{first:.1f} s; build wall {run['wall_s']:.0f} s); kernel peak "
                            f"{run['kernel_peak_mb']:,.0f} MB; build process peak "
                            f"{run['build_peak_mb']:,.0f} MB" + (f"; FAILED: {bad}" if bad else ""),
                            f"≤ {TARGET_MARGINAL_S:g} s: "
                            f"{'met' if cpu <= TARGET_MARGINAL_S and not bad else 'MISSED'}"))
    return rows, results


def _synth(units: int, seed: int, out: Path) -> None:
    """`juesuan synth --tables-only`: DIR/curated, with the tables synth does not make
    (`parts`, and what `juesuan check` writes: findings, completeness, scores) empty — the
    audit of 10,000 units is the check section's, not the build's."""
    from juesuan import metadata

    subprocess.run([sys.executable, "-m", "juesuan.cli", "synth", "--units", str(units),
                    "--seed", str(seed), "--out", str(out), "--tables-only"],
                   check=True, capture_output=True)
    curated = out / "curated"
    write_tables({name: metadata.empty_frame(name) for name in metadata.TABLES
                  if not (curated / f"{name}.parquet").exists()}, curated)


def run(repeat: int, jobs: int, log=print, sizes: tuple[int, ...] = MARGINAL_SIZES,
        seed: int = 1) -> tuple[list[Row], dict[str, Any]]:
    """The build section: rows for the table and the full results."""
    jobs_list = sorted({1, jobs})
    rows: list[Row] = []
    results: dict[str, Any] = {"jobs": jobs_list}
    if sizes:
        r, results["marginal"] = marginal(tuple(sizes), MARGINAL_REPORTS, seed, log)
        rows += r
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-build-") as tmp:
        tmp = Path(tmp)
        curated = tmp / "root" / "data" / "curated"
        shutil.copytree(catalog.curated_dir(), curated)
        # rewrite the metadata files as this checkout writes them, so that the first change
        # below changes the rows of one document and nothing else
        write_tables({"totals": catalog.load("totals", curated)}, curated)
        doc_ids = catalog.load("documents", curated)["doc_id"].to_list()
        n_reports = len(reports.plan(reports.NOTEBOOKS, doc_ids))
        results.update(documents=len(doc_ids), reports=n_reports,
                       library_before=reports.library_hash())

        log(f"build: floor — empty notebook with papermill, {repeat} run(s)")
        (tmp / "floor").mkdir()
        floor_cpu: list[float] = []
        empty = empty_notebook_seconds(tmp / "floor", repeat, floor_cpu)
        floor_cpu_s = statistics.median(floor_cpu) * n_reports
        results["empty_notebook"] = {**empty.json(), "cpu_s": floor_cpu}
        rows.append(Row("build", "floor: kernel + empty notebook (papermill), one", empty,
                        f"× {n_reports} reports = {empty.median * n_reports:.1f} s on one job; "
                        f"CPU {floor_cpu_s:.1f} s"))

        for engine, j in [("papermill", 1)] + [("warm", j) for j in jobs_list]:
            name = "cold_jobs" if engine == "warm" else f"cold_{engine}_jobs"
            log(f"build: cold build, --engine {engine} --jobs {j}, {repeat} run(s)")
            counts: list[dict[str, int]] = []
            cpu: list[float] = []
            t = timed(lambda j=j, engine=engine, counts=counts, cpu=cpu: counts.append(
                build_command(tmp / "root", tmp / "cold", j, engine, cpu)),
                repeat, before=lambda: shutil.rmtree(tmp / "cold", ignore_errors=True))
            floor = empty.median * n_reports / j
            ratio = t.median / floor
            ok = all(c["built"] == n_reports and not c["failed"] for c in counts)
            cpu_ratio = statistics.median(cpu) / floor_cpu_s
            results[f"{name}_{j}"] = {"timing": t.json(), "floor_s": floor, "ratio": ratio,
                                      "counts": counts, "cpu_s": cpu, "engine": engine,
                                      "floor_cpu_s": floor_cpu_s, "cpu_ratio": cpu_ratio}
            rows.append(Row("build", f"cold build, {n_reports} reports, --engine {engine} "
                            f"--jobs {j}", t,
                            f"floor {floor:.1f} s; {ratio:.1f}× floor; CPU "
                            f"{statistics.median(cpu):.1f} s = {cpu_ratio:.2f}× the floor's"
                            + ("" if ok else f"; NOT ALL BUILT: {counts}"),
                            f"≤ {TARGET_FLOOR_RATIO:g}× floor: "
                            f"{'met' if ratio <= TARGET_FLOOR_RATIO else 'MISSED'}"
                            if engine == "warm" else "(one kernel per report: the reference)"))
        if len(jobs_list) > 1:
            one, top = results["cold_jobs_1"], results[f"cold_jobs_{jobs_list[-1]}"]
            speedup = one["timing"]["median_s"] / top["timing"]["median_s"]
            results["jobs_speedup"] = speedup
            rows.append(Row("build", f"--jobs {jobs_list[-1]} vs --jobs 1 (warm, wall)", None,
                            f"{speedup:.2f}×",
                            f"≥ {TARGET_JOBS_SPEEDUP:g}×: "
                            f"{'met' if speedup >= TARGET_JOBS_SPEEDUP else 'MISSED'}"))

            log(f"build: --jobs 1 and --jobs {jobs_list[-1]} on {SCALING_UNITS} synthetic units")
            r, results["jobs_scaling"] = jobs_scaling(tmp / "scaling", jobs_list[-1], repeat,
                                                      seed)
            rows.append(r)

        out, top = tmp / "cold", jobs_list[-1]
        log(f"build: no-op rebuild, {repeat} run(s)")
        counts = []
        library = reports.library_hash()
        t = timed(lambda: counts.append(build_command(tmp / "root", out, top)), repeat)
        noop_ok = all(c["built"] == 0 and c["skipped"] == n_reports for c in counts)
        # the build's inputs include lib/juesuan: an edit during the run rebuilds everything
        edited = library != results["library_before"] or library != reports.library_hash()
        results["noop"] = {"timing": t.json(), "counts": counts, "library_edited": edited}
        verdict = "met" if t.median < TARGET_NOOP_S and noop_ok else "MISSED"
        rows.append(Row("build", "no-op rebuild (nothing changed)", t,
                        f"built {counts[-1]['built']}, skipped {counts[-1]['skipped']}"
                        + ("; lib/juesuan WAS EDITED during the run" if edited else ""),
                        f"< {TARGET_NOOP_S:g} s, nothing rebuilt: "
                        + ("not measured (library edited)" if edited and not noop_ok
                           else verdict)))

        doc = doc_ids[0]
        expected = sorted([reports.NOTEBOOKS[0].output.format(doc_id=doc)]
                          + [nb.output for nb in reports.NOTEBOOKS if not nb.per_document])
        log(f"build: rebuild after a change to {doc}, {repeat} run(s)")
        reruns, changes, timing = [], [], Timing()
        library = reports.library_hash()
        for step in range(1, repeat + 1):
            before = state(out)
            changes.append(change_one_document(curated, doc, step))
            started = time.perf_counter()
            build_command(tmp / "root", out, top)
            timing.samples.append(time.perf_counter() - started)
            reruns.append(rerun(before, state(out)))
        as_expected = all(r == expected for r in reruns)
        edited = library != reports.library_hash()
        results["one_document_changed"] = {"timing": timing.json(), "doc_id": doc,
                                           "changes": changes, "rerun": reruns,
                                           "expected": expected, "library_edited": edited}
        verdict = ("met" if as_expected else "not measured (library edited)" if edited
                   else f"MISSED (expected {', '.join(expected)})")
        rows.append(Row("build", f"rebuild after one document changed ({doc})", timing,
                        f"re-ran {len(reruns[-1])} of {n_reports}: {', '.join(reruns[-1])}",
                        f"only its report + the corpus-wide ones: {verdict}"))
    return rows, results


def jobs_scaling(folder: Path, jobs: int, repeat: int, seed: int) -> tuple[Row, dict]:
    """Cold builds of SCALING_UNITS synthetic units with `--jobs 1` and `--jobs N`, wall
    clock. The real corpus has 10 reports, 5 a job at `--jobs 2`: each job's kernel start and
    the build's own start-up (about 1.2 s of a 5 s build) do not divide, so its ratio shows the
    fixed costs more than the scaling."""
    from benchmarks.noop import synthetic_curated

    synthetic_curated(SCALING_UNITS, seed, folder / "root" / "data")
    timings, counts = {}, []
    for j in (1, jobs):
        timings[j] = timed(lambda j=j: counts.append(build_command(folder / "root", folder / "out",
                                                                   j)),
                           repeat, before=lambda: shutil.rmtree(folder / "out",
                                                                ignore_errors=True))
    shutil.rmtree(folder, ignore_errors=True)
    speedup = timings[1].median / timings[jobs].median
    ok = all(c["built"] == counts[0]["built"] and not c["failed"] for c in counts)
    result = {"units": SCALING_UNITS, "reports": counts[0]["built"], "speedup": speedup,
              "timings": {j: t.json() for j, t in timings.items()}, "counts": counts}
    return Row("build", f"--jobs {jobs} vs --jobs 1 (warm, wall), {SCALING_UNITS} synthetic "
               f"units ({counts[0]['built']} reports)", None,
               f"{timings[1].median:.1f} s vs {timings[jobs].median:.1f} s: {speedup:.2f}×"
               + ("" if ok else f"; NOT ALL BUILT: {counts}"),
               f"≥ {TARGET_JOBS_SPEEDUP:g}×: "
               f"{'met' if speedup >= TARGET_JOBS_SPEEDUP and ok else 'MISSED'}"), result


def marginal_direct(curated: Path, n: int) -> dict[str, Any]:
    """The marginal unit report without a build around it: 2n unit reports of `curated` run
    through the build's own steps (`kernels.run_notebook` in one warm kernel, `render_html`) in
    this process, CPU seconds (this process + the kernel) from the n-th to the 2n-th ÷ n, and
    the kernel's peak RSS. For corpora whose build planning is too slow to wait for (before
    the kept input hashes, planning 10,000 units took over 15 CPU-minutes); run it alone
    (`python -c "from benchmarks.build import marginal_direct; ..."`) in a fresh process."""
    from juesuan import charts
    from juesuan.reports import kernels
    from juesuan.reports.execution import SKIP_IRI_GRAMMARS, vega_bundle
    from juesuan.reports.registry import NOTEBOOKS, Report
    from juesuan.reports.rendering import render_html

    sys.modules.setdefault("rfc3987_syntax", None)
    ids = catalog.load("documents", curated)["doc_id"].to_list()[:2 * n]
    source = (catalog.project_root() / "notebooks" / NOTEBOOKS[0].path).resolve()
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-direct-") as tmp:
        env = {**os.environ, catalog.CURATED_ENV: str(curated.resolve()),
               charts.BUNDLE_ENV: str(vega_bundle(Path(tmp)))}
        args = ["--IPKernelApp.log_level=ERROR",
                f"--IPKernelApp.exec_lines={SKIP_IRI_GRAMMARS}; {kernels.WARM_IMPORTS}"]
        steps = []
        try:
            for d in ids:
                nb = kernels.run_notebook(source, {"doc_id": d}, env, args)
                render_html(nb, Report(NOTEBOOKS[0], f"{d}/unit_report.html", {"doc_id": d}, d),
                            False, source.parent)
                me = resource.getrusage(resource.RUSAGE_SELF)
                peak, kernel_cpu = _proc_stats(kernels.kernel_pids()[0])
                steps.append((me.ru_utime + me.ru_stime, kernel_cpu, peak))
        finally:
            kernels.shutdown_all()
    first, last = steps[n - 1], steps[2 * n - 1]
    return {"units": catalog.load("documents", curated).height, "n": n,
            "marginal_cpu_s": (last[0] + last[1] - first[0] - first[1]) / n,
            "marginal_build_process_s": (last[0] - first[0]) / n,
            "marginal_kernel_s": (last[1] - first[1]) / n,
            "kernel_peak_mb": max(s[2] for s in steps)}
