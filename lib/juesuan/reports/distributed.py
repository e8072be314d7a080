"""`juesuan build --scheduler`: each report's task (`execution._run`) on a Dask worker.

A worker executes, renders and publishes the report itself (atomically, on the shared file
system), exactly as a local build's thread does, and returns its `Outcome`; this process
records the outcomes (build-state.json) and writes the index. `_Context` holds a
threading.Event, which cannot travel to a worker: the task gets a `ContextSpec` (paths and
the kernels' environment) and makes its own context there.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from juesuan import catalog
from juesuan.io import atomic_write_text
from juesuan.reports.execution import (
    BUNDLE_ENV,
    Outcome,
    _Context,
    _run,
    publish,
    vega_bundle,
)
from juesuan.reports.lock import TEMP_PREFIX
from juesuan.reports.planning import Job


@dataclasses.dataclass(frozen=True)
class ContextSpec:
    """What a report's task needs on a worker: absolute paths and the kernels' environment."""

    reports_dir: Path
    with_code: bool
    env: dict[str, str]
    running: Path | None = None  # exists while the build runs (`_publishing_while`)
    engine: str = "warm"  # `reports.execution`: a warm kernel per worker thread, or papermill


def spec_for(ctx: _Context, curated_dir: Path) -> ContextSpec:
    """The spec of a build's context. A worker's defaults (its project root, curated folder)
    may differ from this machine's: the kernels are pointed at this build's folders."""
    env = {**ctx.env, catalog.CURATED_ENV: str(curated_dir.resolve()),
           "JUESUAN_ROOT": str(catalog.project_root().resolve()),
           BUNDLE_ENV: str(vega_bundle(ctx.reports_dir).resolve())}
    return ContextSpec(ctx.reports_dir.resolve(), ctx.with_code, env, engine=ctx.engine)


def run_report(job: Job, spec: ContextSpec) -> Outcome:
    """The task: one report built on this worker (its kernel inherits `spec.env`)."""
    with (_shared_environ(spec.env),
          tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-",
                                      ignore_cleanup_errors=True) as tmp):
        ctx = _Context(spec.reports_dir, spec.with_code, spec.env, tmp=Path(tmp),
                       engine=spec.engine)
        with _publishing_while(spec.running, ctx.stop):
            return _run(job, ctx)


@contextmanager
def _publishing_while(running: Path | None, stop: threading.Event) -> Iterator[None]:
    """Set `stop` (so `_run` publishes nothing) once the build's `running` file is gone: a
    task that outlives its build (cancelled by Ctrl-C, or run twice after its worker was
    taken for lost) must not rewrite, or remove, a report the build has recorded."""
    if running is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.5):
            if not running.exists():
                stop.set()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()


def run_on_cluster(todo: list[Job], ctx: _Context, curated_dir: Path, client: Any,
                   progress: bool, on_done: Callable[[Outcome], None]) -> None:
    """Run the jobs as tasks of the Dask cluster of `client`, recording each outcome here as
    it arrives. A task that failed for good (its workers lost too often) is its report's
    failure: the report's old HTML is removed, as for a notebook that fails."""
    if not todo:
        return
    from juesuan import scheduling

    running = ctx.reports_dir.resolve() / f".dask-build-{uuid.uuid4().hex}.tmp"
    spec = dataclasses.replace(spec_for(ctx, curated_dir), running=running)
    work = [(dataclasses.replace(job, source=job.source.resolve()), spec) for job in todo]
    atomic_write_text(running, f"{os.getpid()}\n")
    try:
        for i, out, failure in scheduling.run(client, run_report, work, desc="juesuan build",
                                              progress=progress):
            job = todo[i]
            if out is None or out.cancelled:
                publish(spec.reports_dir / job.report.output, None, None)
                out = Outcome(job, job.problem is None, failure or "cancelled on its worker")
            on_done(dataclasses.replace(out, job=job))  # this build's Job, not the worker's
    finally:
        running.unlink(missing_ok=True)  # (a killed build's: removed by the next build)


_ENV_LOCK = threading.Condition()
_ENV_USERS: list[dict[str, str]] = []  # the environment changes of the running tasks
_SAVED: dict[str, str | None] = {}  # what they replaced


@contextmanager
def _shared_environ(changes: dict[str, str]) -> Iterator[None]:
    """Set `changes` in this worker's environment while a task runs, restored after the last
    task using them ends; a task of another build (other changes) waits for them to end.
    Kernels inherit the process environment, and a worker may run several tasks at once."""
    with _ENV_LOCK:
        _ENV_LOCK.wait_for(lambda: not _ENV_USERS or _ENV_USERS[0] == changes)
        if not _ENV_USERS:
            _SAVED.clear()
            _SAVED.update({k: os.environ.get(k) for k in changes})
            os.environ.update(changes)
        _ENV_USERS.append(changes)
    try:
        yield
    finally:
        with _ENV_LOCK:
            _ENV_USERS.pop()
            if not _ENV_USERS:
                for k, v in _SAVED.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
                _ENV_LOCK.notify_all()

