"""Ingest throughput: MB of text and documents per second, on the real corpus (data/raw) and on
synthetic corpora of disclosure texts (1,000 and 10,000 units by default), in one process and
in `--jobs` processes.

Two things are timed. The *parse* is `juesuan.ingest.pipeline.ingest_documents` over the files
(reading, decoding and every parser; with jobs > 1 the process pool's start-up included). The
*command* is `juesuan ingest --jobs N` run as a user runs it: Python start-up, the parse in
batches, the parts written and checked, the tables assembled and written. MB are 10^6 bytes of
the files as stored. Besides wall clock, each command's CPU time (its own and its pool's, from
the children's rusage) and its own peak RSS (VmHWM: with --jobs 1 that is the whole run) are
recorded: on a shared machine the CPU rate is the one to judge, and the peak RSS must stay flat
as the corpus grows (documents are streamed to parts, not held). With --jobs N the pool's
workers are the forkserver's children, not the command's: their CPU time is not counted, so
only --jobs 1 gives the whole command's CPU rate (the target row).
"""

from __future__ import annotations

import filecmp
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.dask_cluster import juesuan
from benchmarks.harness import Row, Timing, timed
from juesuan import catalog, synth
from juesuan.ingest.document import read_manifest
from juesuan.ingest.pipeline import ingest_documents

TARGET_MB_S_PER_CORE = 5.0
# The peak RSS of `juesuan ingest --jobs 1` at the largest size against the smallest: flat.
TARGET_RSS_GROWTH = 1.5


def _rate(mb: float, docs: int, timing: Timing, jobs: int) -> dict[str, float]:
    t = timing.median
    return {"mb_per_s": mb / t, "docs_per_s": docs / t, "mb_per_s_per_core": mb / t / jobs}


def _describe(rate: dict[str, float], jobs: int) -> str:
    per_core = f" = {rate['mb_per_s_per_core']:.2f} per core" if jobs > 1 else ""
    return f"{rate['mb_per_s']:.2f} MB/s{per_core}, {rate['docs_per_s']:.1f} docs/s"


def command(raw: Path, out: Path, jobs: int) -> tuple[float, float]:
    """`juesuan ingest --raw RAW --out OUT --jobs N` in a fresh process (every manifest file);
    its CPU seconds (with its pool's) and its own peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = juesuan("ingest", "--raw", str(raw), "--out", str(out), "--jobs", str(jobs))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, peak


def same_tree(a: Path, b: Path) -> bool:
    """Both folders hold the same files with the same bytes."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in cmp.common_dirs)


def _case(name: str, raw: Path, paths: list[Path], jobs_list: list[int], repeat: int,
          parse: bool, tmp: Path, log) -> tuple[list[Row], dict[str, Any]]:
    manifest = read_manifest(raw / "manifest.csv")
    mb = sum(p.stat().st_size for p in paths) / 1e6
    docs = len(paths)
    info: dict[str, Any] = {"corpus": name, "documents": docs, "mb": mb, "runs": []}
    rows = []
    label = f"{name} ({docs:,} docs, {mb:.2f} MB)"
    if parse:
        for jobs in jobs_list:
            log(f"ingest: parse, {label}, {jobs} process(es)")
            errors: list[str] = []

            def run(jobs: int = jobs, errors: list[str] = errors) -> None:
                results = ingest_documents(paths, manifest, jobs)
                errors[:] = [r.error for r in results if r.error]

            t = timed(run, repeat)
            rate = _rate(mb, docs, t, jobs)
            info["runs"].append({"what": "parse", "jobs": jobs, "timing": t.json(), **rate,
                                 "errors": len(errors)})
            result = _describe(rate, jobs) + (f"; {len(errors)} FILE ERROR(S)" if errors else "")
            rows.append(Row("ingest", f"parse, {label}, jobs {jobs}", t, result,
                            _target(rate["mb_per_s_per_core"]) if jobs == 1 else ""))
    outputs = {}
    for jobs in jobs_list:
        log(f"ingest: `juesuan ingest --jobs {jobs}`, {label}")
        out = tmp / f"out-{name.split()[0]}-{jobs}"
        used: list[tuple[float, float]] = []
        t = timed(lambda jobs=jobs, out=out, used=used: used.append(command(raw, out, jobs)),
                  repeat)
        outputs[jobs] = out
        rate = _rate(mb, docs, t, jobs)
        cpu = sorted(c for c, _ in used)[len(used) // 2]
        peak = max(p for _, p in used)
        rate.update(cpu_s=cpu, mb_per_cpu_s=mb / cpu, ms_per_doc_cpu=1000 * cpu / docs,
                    peak_rss_mb=peak)
        info["runs"].append({"what": "command", "jobs": jobs, "timing": t.json(), **rate})
        used_text = (f"CPU {cpu:.1f} s = {mb / cpu:.2f} MB per CPU-s, {1000 * cpu / docs:.1f} ms "
                     f"a document; peak RSS {peak:,.0f} MB" if jobs == 1 else
                     f"coordinator: CPU {cpu:.1f} s, peak RSS {peak:,.0f} MB")
        rows.append(Row("ingest", f"`juesuan ingest --jobs {jobs}`, {label}", t,
                        f"{_describe(rate, jobs)}; {used_text}",
                        _target(mb / cpu, "CPU") if jobs == 1 and not parse else ""))
    if len(outputs) > 1:
        identical = same_tree(outputs[jobs_list[0]], outputs[jobs_list[-1]])
        info["jobs_output_identical"] = identical
        rows[-1].result += ("; output identical to --jobs 1" if identical
                            else "; OUTPUT DIFFERS from --jobs 1")
    return rows, info


def _target(mb_per_s: float, what: str = "") -> str:
    ok = mb_per_s >= TARGET_MB_S_PER_CORE
    return (f"≥ {TARGET_MB_S_PER_CORE:g} MB/s per core{f' ({what})' if what else ''}: "
            f"{'met' if ok else 'MISSED'} ({mb_per_s:.2f})")


def run(repeat: int, jobs: int, units: Sequence[int], seed: int = 1,
        log=print) -> tuple[list[Row], dict[str, Any]]:
    """The ingest section: the real corpus (parse and command), then synthetic texts of each
    size in `units` (command only: the parse alone is measured on the real corpus); each
    synthetic corpus is deleted before the next is written."""
    jobs_list = sorted({1, jobs})
    rows: list[Row] = []
    results: dict[str, Any] = {"jobs": jobs_list, "corpora": []}
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-ingest-") as tmp:
        tmp = Path(tmp)
        r, info = _case("real corpus", catalog.raw_dir(), corpus.real_texts(), jobs_list,
                        repeat, True, tmp, log)
        rows += r
        results["corpora"].append(info)
        for n in [u for u in units if u]:
            log(f"ingest: writing {n:,} synthetic texts ({corpus.GENERATOR})")
            started = time.perf_counter()
            case = tmp / f"synthetic-{n}"
            paths = synth.write_texts(n, seed, case / "texts")
            generated = time.perf_counter() - started
            r, info = _case(f"synthetic {n:,} units", case / "texts", paths, jobs_list,
                            repeat, False, case, log)
            info.update(generator=corpus.GENERATOR, generate_s=generated)
            rows += r
            results["corpora"].append(info)
            shutil.rmtree(case)
    return rows, results


# what a MISSED row says would close it (benchmarks/README.md, the ingest section, has more)
CLOSE_SPEED = ("the time is the parser's own (89 %: the performance-table readers, "
               "tables.extract); to close: faster readers")
CLOSE_RSS = ("the growth is the table writers' buffers and each document's summary held by "
             "the coordinator (~6 KB); to close: summaries kept in Arrow")


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(what, measured, met) for `benchmarks.__main__.targets`: the whole command on the
    largest synthetic corpus at ≥ 5 MB per CPU-second (issue 17: as the real corpus' parse),
    and its peak RSS flat from the smallest synthetic size to the largest."""
    synthetic = [c for c in results.get("corpora", []) if c["corpus"].startswith("synthetic")]
    runs = [(c, next((r for r in c["runs"] if r["what"] == "command" and r["jobs"] == 1), None))
            for c in synthetic]
    runs = [(c, r) for c, r in runs if r]
    if not runs:
        return []
    big, r = runs[-1]
    v = r["mb_per_cpu_s"]
    what = (f"synthetic ingest ≥ {TARGET_MB_S_PER_CORE:g} MB/s per core (`juesuan ingest "
            f"--jobs 1`, {big['documents']:,} units, CPU time)")
    out = [(what,
            f"{v:.2f} MB/s ({v / TARGET_MB_S_PER_CORE:.2f}× the target)"
            + ("" if v >= TARGET_MB_S_PER_CORE else f"; {CLOSE_SPEED}"),
            v >= TARGET_MB_S_PER_CORE)]
    if len(runs) > 1:
        (small, rs), (_, rb) = runs[0], runs[-1]
        growth = rb["peak_rss_mb"] / rs["peak_rss_mb"]
        what = (f"ingest peak RSS flat ({small['documents']:,} → {big['documents']:,} "
                f"units, --jobs 1; ≤ {TARGET_RSS_GROWTH:g}×)")
        out.append((what,
                    f"{rs['peak_rss_mb']:,.0f} → {rb['peak_rss_mb']:,.0f} MB ({growth:.2f}×)"
                    + ("" if growth <= TARGET_RSS_GROWTH else f"; {CLOSE_RSS}"),
                    growth <= TARGET_RSS_GROWTH))
    return out
