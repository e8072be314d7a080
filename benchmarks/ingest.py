"""Ingest throughput: MB of text and documents per second, on the real corpus (data/raw) and on
a synthetic corpus of disclosure texts, in one process and in `--jobs` processes.

Two things are timed. The *parse* is `juesuan.ingest.pipeline.ingest_documents` over the files
(reading, decoding and every parser; with jobs > 1 the process pool's start-up included). The
*command* is `juesuan ingest --jobs N` run as a user runs it: Python start-up, the parse, the
tables gathered, validated and written. MB are 10^6 bytes of the files as stored.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.harness import Row, Timing, timed
from juesuan import catalog, synth
from juesuan.ingest.document import read_manifest
from juesuan.ingest.pipeline import ingest_documents

TARGET_MB_S_PER_CORE = 5.0


def _rate(mb: float, docs: int, timing: Timing, jobs: int) -> dict[str, float]:
    t = timing.median
    return {"mb_per_s": mb / t, "docs_per_s": docs / t, "mb_per_s_per_core": mb / t / jobs}


def _describe(rate: dict[str, float], jobs: int) -> str:
    per_core = f" = {rate['mb_per_s_per_core']:.2f} per core" if jobs > 1 else ""
    return f"{rate['mb_per_s']:.2f} MB/s{per_core}, {rate['docs_per_s']:.1f} docs/s"


def command(raw: Path, out: Path, jobs: int) -> None:
    """`juesuan ingest --raw RAW --out OUT --jobs N` in a fresh process (every manifest file)."""
    proc = subprocess.run([sys.executable, "-m", "juesuan.cli", "ingest", "--raw", str(raw),
                           "--out", str(out), "--jobs", str(jobs)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"juesuan ingest --jobs {jobs} failed ({proc.returncode}):\n"
                           f"{proc.stderr[-2000:]}")


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
                            _target(rate) if jobs == 1 else ""))
    outputs = {}
    for jobs in jobs_list:
        log(f"ingest: `juesuan ingest --jobs {jobs}`, {label}")
        out = tmp / f"out-{name.split()[0]}-{jobs}"
        t = timed(lambda jobs=jobs, out=out: command(raw, out, jobs), repeat)
        outputs[jobs] = out
        rate = _rate(mb, docs, t, jobs)
        info["runs"].append({"what": "command", "jobs": jobs, "timing": t.json(), **rate})
        rows.append(Row("ingest", f"`juesuan ingest --jobs {jobs}`, {label}", t,
                        _describe(rate, jobs)))
    if len(outputs) > 1:
        identical = same_tree(outputs[jobs_list[0]], outputs[jobs_list[-1]])
        info["jobs_output_identical"] = identical
        rows[-1].result += ("; output identical to --jobs 1" if identical
                            else "; OUTPUT DIFFERS from --jobs 1")
    return rows, info


def _target(rate: dict[str, float]) -> str:
    ok = rate["mb_per_s_per_core"] >= TARGET_MB_S_PER_CORE
    return (f"≥ {TARGET_MB_S_PER_CORE:g} MB/s per core: "
            f"{'met' if ok else 'MISSED'} ({rate['mb_per_s_per_core']:.2f})")


def run(repeat: int, jobs: int, units: int, seed: int = 1, log=print) -> tuple[list[Row], dict[str, Any]]:
    """The ingest section: the real corpus (parse and command), then `units` synthetic texts
    (command only: the parse alone is measured on the real corpus)."""
    jobs_list = sorted({1, jobs})
    rows: list[Row] = []
    results: dict[str, Any] = {"jobs": jobs_list, "corpora": []}
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-ingest-") as tmp:
        tmp = Path(tmp)
        r, info = _case("real corpus", catalog.raw_dir(), corpus.real_texts(), jobs_list,
                        repeat, True, tmp, log)
        rows += r
        results["corpora"].append(info)
        if units:
            log(f"ingest: writing {units:,} synthetic texts ({corpus.GENERATOR})")
            started = time.perf_counter()
            texts = tmp / "texts"
            paths = synth.write_texts(units, seed, texts)
            generated = time.perf_counter() - started
            r, info = _case(f"synthetic {units:,} units", texts, paths, jobs_list, repeat, False,
                            tmp, log)
            info.update(generator=corpus.GENERATOR, generate_s=generated)
            rows += r
            results["corpora"].append(info)
    return rows, results
