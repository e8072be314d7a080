"""The report build: cold builds with --jobs 1 and --jobs N against the floor measured in the
same run, a no-op rebuild, and a rebuild after one document's curated rows change.

Everything runs on a temporary copy of data/curated (laid out as <root>/data/curated, as the
build requires) into temporary report folders — never into reports/. Each build is the
`juesuan build` command in a fresh process, as a user runs it (Python start-up included).

The floor: starting a kernel and executing an empty notebook with papermill, times the number
of reports, divided by the jobs — what any notebook-per-report build must pay.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.harness import Row, Timing, timed
from juesuan import catalog, reports
from juesuan.io import write_tables

TARGET_FLOOR_RATIO = 1.5
TARGET_NOOP_S = 2.0
SUMMARY = re.compile(r"built (\d+), skipped (\d+), failed (\d+)")


def build_command(root: Path, out: Path, jobs: int) -> dict[str, int]:
    """`juesuan build --jobs N` from root/data/curated into `out`; the counts it prints."""
    proc = subprocess.run(
        [sys.executable, "-m", "juesuan.cli", "build", "--jobs", str(jobs),
         "--notebooks", str(catalog.project_root() / "notebooks"), "--reports", str(out),
         "--curated", str(root / "data" / "curated")],
        capture_output=True, text=True, check=False)
    found = SUMMARY.search(proc.stdout)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"juesuan build --jobs {jobs} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-1500:]}\n{proc.stderr[-3000:]}")
    built, skipped, failed = map(int, found.groups())
    return {"built": built, "skipped": skipped, "failed": failed}


def empty_notebook_seconds(folder: Path, repeat: int) -> Timing:
    """Start a kernel and execute an empty notebook with papermill, `repeat` times."""
    import nbformat
    import papermill

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": reports.KERNEL_NAME, "display_name": "Python 3",
                                 "language": "python"}
    source, output = folder / "empty.ipynb", folder / "empty.out.ipynb"
    nbformat.write(nb, str(source))

    def run() -> None:
        papermill.execute_notebook(
            str(source), str(output), kernel_name=reports.KERNEL_NAME, progress_bar=False,
            resources={"metadata": {"path": str(folder)}},
            extra_arguments=["--IPKernelApp.log_level=ERROR"])

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


def run(repeat: int, jobs: int, log=print) -> tuple[list[Row], dict[str, Any]]:
    """The build section: rows for the table and the full results."""
    jobs_list = sorted({1, jobs})
    rows: list[Row] = []
    results: dict[str, Any] = {"jobs": jobs_list}
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
        empty = empty_notebook_seconds(tmp / "floor", repeat)
        results["empty_notebook"] = empty.json()
        rows.append(Row("build", "floor: kernel + empty notebook (papermill), one", empty,
                        f"× {n_reports} reports = {empty.median * n_reports:.1f} s on one job"))

        for j in jobs_list:
            log(f"build: cold build, --jobs {j}, {repeat} run(s)")
            counts: list[dict[str, int]] = []
            t = timed(lambda j=j, counts=counts: counts.append(
                build_command(tmp / "root", tmp / "cold", j)),
                repeat, before=lambda: shutil.rmtree(tmp / "cold", ignore_errors=True))
            floor = empty.median * n_reports / j
            ratio = t.median / floor
            ok = all(c["built"] == n_reports and not c["failed"] for c in counts)
            results[f"cold_jobs_{j}"] = {"timing": t.json(), "floor_s": floor, "ratio": ratio,
                                         "counts": counts}
            rows.append(Row("build", f"cold build, {n_reports} reports, --jobs {j}", t,
                            f"floor {floor:.1f} s; {ratio:.1f}× floor"
                            + ("" if ok else f"; NOT ALL BUILT: {counts}"),
                            f"≤ {TARGET_FLOOR_RATIO:g}× floor: "
                            f"{'met' if ratio <= TARGET_FLOOR_RATIO else 'MISSED'}"))

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
