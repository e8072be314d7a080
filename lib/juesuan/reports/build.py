"""`juesuan build`: validate, plan, run what is out of date, record, write the index."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from juesuan import catalog
from juesuan.reports import assets
from juesuan.reports.execution import (
    ENGINES,
    Outcome,
    _Context,
    _run_all,
)
from juesuan.reports.index import cached_unit_rows, write_index
from juesuan.reports.inputs import Inputs, build_inputs
from juesuan.reports.planning import (
    _digest,
    plan_jobs,
)
from juesuan.reports.registry import (
    DOC_ID_PATTERN,
    KERNEL_NAME,
    NOTEBOOKS,
    BuildError,
    Notebook,
)
from juesuan.reports.state import (
    _remove_stale_temp_files,
    failed_path,
    is_current,
    load_state,
    prune,
    save_state,
)


@dataclass
class BuildResult:
    """What a build did, by report output path (relative to reports/)."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)  # ran a kernel (built or failed)
    removed: list[str] = field(default_factory=list)  # reports of documents no longer curated
    pdfs: list[str] = field(default_factory=list)  # PDFs printed (`--pdf`)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    index: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        failed = f" ({', '.join(sorted(self.failed))})" if self.failed else ""
        removed = f", removed {len(self.removed)}" if self.removed else ""
        pdfs = f", printed {len(self.pdfs)} PDF" if self.pdfs else ""
        return (f"built {len(self.built)}, skipped {len(self.skipped)}, failed "
                f"{len(self.failed)}{failed}{removed}{pdfs} in {self.seconds:.1f} s; "
                f"index: {self.index}")


def default_jobs() -> int:
    return os.cpu_count() or 1




def build(notebooks_dir: Path, reports_dir: Path, curated_dir: Path, doc_ids: list[str] | None,
          jobs: int, with_code: bool, *, notebooks: Sequence[Notebook] = NOTEBOOKS,
          progress: bool = True, pdf: bool = False,
          self_contained: bool = False, rehash: bool = False,
          client: Any = None, engine: str = "warm") -> BuildResult:
    """Build the reports that are out of date and write the index.

    `doc_ids` limits the build to those documents' per-document reports (the corpus-wide ones
    are built by a full build); everything is validated before any kernel starts. `pdf`:
    also print each report (built now or before) to a PDF beside it (`reports.pdf`).
    `client`: a Dask client (`juesuan.scheduling.connect`) whose cluster runs the reports
    (`reports.distributed`) instead of `jobs` local worker processes.
    The chart runtime and style sheets are written once to reports/assets/ and referred to
    (`reports.assets`); `self_contained` keeps each page a single file instead. `engine`:
    "warm" runs each job's reports in one kernel, "papermill" one kernel per report
    (`reports.execution`); the reports are the same.
    The input hashes are kept between builds (`reports.inputs`): only curated files whose size
    or mtime changed are read; `rehash` reads every file again."""
    started = time.monotonic()
    if jobs < 1:
        raise BuildError(f"--jobs must be at least 1, not {jobs}")
    if engine not in ENGINES:
        raise BuildError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    # this process renders with nbconvert, which imports jsonschema too: skip the grammars here
    # as in the kernels (SKIP_IRI_GRAMMARS is this statement)
    sys.modules.setdefault("rfc3987_syntax", None)
    inputs = _inputs(curated_dir, reports_dir, rehash)
    all_ids = _document_ids(inputs.doc_ids)
    selected = _select(doc_ids, all_ids)
    env = _kernel_env(curated_dir)
    planned = plan_jobs(notebooks, Path(notebooks_dir), all_ids, inputs.parts, with_code)
    reports_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(reports_dir)
    state = load_state(reports_dir)
    removed = prune(reports_dir, planned, state)
    wanted = [j for j in planned if selected is None or j.report.doc_id in selected]
    todo = [j for j in wanted if not is_current(state.get(j.report.output), j, reports_dir)]
    result = BuildResult(skipped=sorted(j.report.output for j in wanted if j not in todo),
                         removed=removed)
    if any(j.problem is None for j in todo):
        _check_kernel()
    ctx = _Context(reports_dir, with_code, env, engine=engine, share_assets=not self_contained)
    saver = _StateSaver(reports_dir, state)

    def record(out: Outcome) -> None:
        _record(out, state, reports_dir, result)
        saver.changed()

    try:
        if client is None:
            _run_all(todo, ctx, jobs, progress, record)
        else:
            from juesuan.reports.distributed import run_on_cluster

            run_on_cluster(todo, ctx, curated_dir, client, progress, record)
    finally:
        saver.flush()
    units = cached_unit_rows(reports_dir, _digest([inputs.parts.corpus.encode(),
                                                   inputs.parts.library.encode()]),
                             lambda: _load_tables(curated_dir), result.warnings)
    result.index = write_index(reports_dir, planned, state, None, result.warnings, units=units)
    outputs = [j.report.output for j in planned]
    (assets.inline_all if self_contained else assets.share_all)(reports_dir, outputs)
    if pdf:
        from juesuan.reports.pdf import chromium, print_reports

        chromium()  # refused now, with the hint, if there is none
        result.pdfs, failed = print_reports(reports_dir, [j.report.output for j in wanted])
        result.warnings += [f"PDF of {o} not written: {e}" for o, e in failed.items()]
    result.seconds = time.monotonic() - started
    return result


def _inputs(curated_dir: Path, reports_dir: Path, rehash: bool) -> Inputs:
    """The input hashes, re-hashing only the curated files that changed (no table is read
    when none did)."""
    try:
        return build_inputs(curated_dir, reports_dir, rehash)
    except catalog.CatalogError as err:
        raise BuildError(f"{err} (the reports are built from the curated tables: run "
                         "`juesuan ingest` and `juesuan check` first)") from None


def _load_tables(curated_dir: Path) -> dict[str, pl.DataFrame]:
    try:
        return catalog.load_all(curated_dir)
    except catalog.CatalogError as err:
        raise BuildError(f"{err} (the reports are built from the curated tables: run "
                         "`juesuan ingest` and `juesuan check` first)") from None


def _document_ids(ids: list[str]) -> list[str]:
    """The documents' ids, which become paths and parameters: all must match DOC_ID_PATTERN."""
    bad = [d for d in ids if not DOC_ID_PATTERN.fullmatch(d)]
    if bad:
        raise BuildError(f"the documents table has doc_id(s) not matching "
                         f"{DOC_ID_PATTERN.pattern}: {', '.join(map(repr, bad))}")
    return ids


def _select(doc_ids: list[str] | None, known: list[str]) -> set[str] | None:
    """The requested documents, refused (listing the valid ones) unless every one is known."""
    if doc_ids is None:
        return None
    malformed = [d for d in doc_ids if not DOC_ID_PATTERN.fullmatch(d)]
    unknown = [d for d in doc_ids if d not in known and d not in malformed]
    if malformed or unknown:
        what = []
        if malformed:
            what.append(f"malformed doc_id {', '.join(map(repr, malformed))} (must match "
                        f"{DOC_ID_PATTERN.pattern})")
        if unknown:
            what.append(f"unknown doc_id {', '.join(unknown)}")
        raise BuildError(f"{'; '.join(what)}; valid doc_ids: {', '.join(known)}")
    return set(doc_ids)


def _kernel_env(curated_dir: Path) -> dict[str, str]:
    """The notebooks read the tables through juesuan.catalog: a build from another folder
    (any name, anywhere) points $JUESUAN_CURATED at it."""
    curated = curated_dir.resolve()
    if curated == catalog.curated_dir().resolve():
        return {}
    return {catalog.CURATED_ENV: str(curated)}


def _check_kernel() -> None:
    """The kernel must be this environment's Python, or the notebooks would not see juesuan."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        exe = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    except NoSuchKernel:
        raise BuildError(f"no Jupyter kernel {KERNEL_NAME!r}: install ipykernel in this "
                         "environment") from None
    # jupyter_client runs `python`, `python3`, `python3.x` as sys.executable
    if exe not in {"python", "python3", f"python3.{sys.version_info[1]}", sys.executable}:
        raise BuildError(f"kernel {KERNEL_NAME!r} runs {exe}, not this environment's "
                         f"{sys.executable}: remove the overriding kernelspec")




class _StateSaver:
    """Saves the state file after finished reports, at most every `interval` seconds and once
    more when the build ends, however it ends: an interrupted build keeps what it finished
    (all of it, or all but the last second's if the process is killed outright), and a cold
    build of 10,000 reports does not rewrite a state file of megabytes 10,000 times."""

    def __init__(self, reports_dir: Path, state: dict[str, dict], interval: float = 1.0):
        self.reports_dir, self.state, self.interval = reports_dir, state, interval
        self.saved_at = time.monotonic()
        self.pending = False

    def changed(self) -> None:
        self.pending = True
        if time.monotonic() - self.saved_at >= self.interval:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            save_state(self.reports_dir, self.state)
            self.pending, self.saved_at = False, time.monotonic()


def _record(out: Outcome, state: dict[str, dict], reports_dir: Path,
            result: BuildResult) -> None:
    """Note one finished report in the result and the state (saved by `_StateSaver`)."""
    report = out.job.report
    if out.executed:
        result.executed.append(report.output)
    if out.error:
        result.failed[report.output] = out.error
    else:
        result.built.append(report.output)
    failed_nb = failed_path(reports_dir / report.output)
    state[report.output] = {
        "notebook": report.notebook.name, "doc_id": report.doc_id,
        "parameters": report.parameters, "inputs": out.job.inputs,
        "with_code": out.job.with_code,
        "status": "failed" if out.error else "ok", "error": out.error,
        "failed_notebook": (failed_nb.relative_to(reports_dir).as_posix()
                            if out.error and failed_nb.exists() else None),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(out.seconds, 2)}
