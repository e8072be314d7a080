"""Running notebooks on `--jobs` worker processes: by default each worker runs its reports in
one warm kernel (`reports.kernels`: papermill's parameters and cell metadata, nothing saved
per cell); `engine="papermill"` runs each report in its own kernel with papermill as before.
The worker then renders the report and publishes it atomically, so no report's work waits for
another's on one interpreter lock; the build process records the outcomes. An interrupted
build stops its workers, which kill their kernels and publish nothing more."""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.io import atomic_write, atomic_write_text
from juesuan.reports import assets, kernels
from juesuan.reports.lock import TEMP_PREFIX
from juesuan.reports.planning import Job
from juesuan.reports.registry import (
    CELL_TIMEOUT,
    INDEX_FILE,
    KERNEL_NAME,
    BuildError,
)
from juesuan.reports.rendering import (
    remote_references,
    render_html,
)
from juesuan.reports.state import failed_path


@dataclass
class Outcome:
    job: Job
    executed: bool
    error: str | None = None
    seconds: float = 0.0
    cancelled: bool = False


ENGINES = ("warm", "papermill")  # one warm kernel per worker; one kernel per report


@dataclass
class _Context:
    """What every report of a build shares. Picklable (the stop event is this process's)."""

    reports_dir: Path
    with_code: bool
    env: dict[str, str]
    tmp: Path = Path()
    stop: threading.Event = field(default_factory=threading.Event)
    engine: str = "warm"
    # publish each page with the shared assets (`reports.assets.share`) at once, rather than
    # have the build read and rewrite every page after (its `share_all` then finds them so)
    share_assets: bool = False

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "stop"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, stop=threading.Event())


def _run_all(todo: list[Job], ctx: _Context, jobs: int, progress: bool,
             on_done: Callable[[Outcome], None]) -> None:
    """Run the jobs on `jobs` worker processes (each drives its own warm kernel and renders
    and publishes its own reports, so the work of `jobs` reports is not serialised on this
    process's GIL) with a progress bar; results are recorded here. On an interrupt the
    workers are stopped, their kernels killed, and nothing more is published."""
    if not todo:
        return
    from tqdm import tqdm

    with (tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-",
                                      ignore_cleanup_errors=True)
          as tmp, _environ({**ctx.env, BUNDLE_ENV: str(vega_bundle(ctx.reports_dir))}),
          tqdm(total=len(todo), desc="juesuan build", unit="report", file=sys.stderr,
               disable=None if progress else True) as bar):
        ctx.tmp = Path(tmp)
        warm = (_warm_env(ctx), _warm_arguments(), todo[0].source.parent.resolve())
        workers = min(jobs, len(todo))
        if workers > 1:
            _prepare_workers(ctx)
        pool = ProcessPoolExecutor(max_workers=workers,
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_started,
                                   initargs=(warm if ctx.engine == "warm" else None,))
        try:
            pending = {pool.submit(_work, job, ctx) for job in todo}
            while pending:  # a timeout, not as_completed(): a blocked wait would defer Ctrl-C
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        out = future.result()
                    except BrokenProcessPool:
                        raise BuildError("a build worker process died (out of memory?); "
                                         "the reports it had not finished were not "
                                         "published") from None
                    if not out.cancelled:
                        on_done(out)
                    bar.update()
        except BaseException:
            ctx.stop.set()
            _stop_workers(pool)  # before the temporary folder is removed
            raise
        finally:
            if not ctx.stop.is_set():
                pool.shutdown()  # each worker stops its kernel as it exits


def _prepare_workers(ctx: _Context) -> None:
    """Import what the workers run (papermill, nbclient, nbconvert: ~0.6 CPU-s) and compile
    the page templates (~0.15 CPU-s) once, here, before the workers are forked, rather than in
    each worker. (A single worker does it itself, while its kernel starts.)"""
    import nbformat

    from juesuan.reports.rendering import _exporter

    if ctx.engine == "warm":
        kernels.prepare()
    _exporter(ctx.with_code).from_notebook_node(
        nbformat.v4.new_notebook(), resources={"juesuan_index": INDEX_FILE,
                                               "metadata": {"name": "", "path": "."}})


def _worker_started(warm: tuple[dict[str, str], list[str], Path] | None) -> None:
    """A build worker: Ctrl-C is the parent's to handle (it stops the workers); SIGTERM from
    the parent kills this worker's kernels and publishes nothing more; a worker that exits
    stops its warm kernel (multiprocessing's finalizers run at a worker's exit, atexit's not).
    `warm`: the warm kernel's environment, arguments and folder, to start it at once."""
    from multiprocessing.util import Finalize

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stopped)
    Finalize(None, kernels.shutdown_all, exitpriority=10)
    if warm is not None:
        kernels.prestart(*warm)


_WORKER_STOP = threading.Event()  # a worker's: set by SIGTERM from the build


def _worker_stopped(signum: int, frame: Any) -> None:
    _WORKER_STOP.set()
    _kill_kernels()  # the running notebook fails at once; `_run` publishes nothing


def _work(job: Job, ctx: _Context) -> Outcome:
    """A job on a build worker (a forked process): `_run` with the worker's stop event."""
    if _WORKER_STOP.is_set():
        return Outcome(job, False, cancelled=True)
    ctx.stop = _WORKER_STOP
    return _run(job, ctx)


def _stop_workers(pool: ProcessPoolExecutor, timeout: float = 30.0) -> None:
    """Stop an interrupted build's workers: no new job starts, each running one is stopped
    (SIGTERM: its kernels killed, nothing published) and the workers are waited for, so none
    writes into the build's temporary folder after it is removed."""
    workers = list((pool._processes or {}).values())  # (the executor's own pid -> Process)
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            if worker.is_alive():
                os.kill(worker.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join(5)


BUNDLE_CACHE = ".cache"  # under reports/: the chart JavaScript, kept between builds
# `juesuan.charts.BUNDLE_ENV` (tests/reports/test_execution.py): not imported from there, as
# importing juesuan.charts imports Altair, about 0.8 CPU-s of every build's start
BUNDLE_ENV = "JUESUAN_VEGA_BUNDLE"


def vega_bundle(reports_dir: Path) -> Path:
    """The chart JavaScript for this build's kernels (see `charts.javascript_bundle`): built by
    vl-convert once per vl-convert and Altair version (about 2 CPU-s), kept in
    reports/.cache and in the user's cache folder ($XDG_CACHE_HOME/juesuan, ~/.cache/juesuan),
    so neither a cold build nor a new report folder pays for it again."""
    from importlib.metadata import version

    key = f"vl-convert-{version('vl-convert-python')}-altair-{version('altair')}"
    name = f"vega-bundle-{key}.js"
    path = reports_dir / BUNDLE_CACHE / name
    if path.is_file():
        return path
    kept = _user_cache() / name
    try:
        js = kept.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        from juesuan import charts

        js = charts.javascript_bundle()
        with contextlib.suppress(OSError):  # a read-only home: the report folder's copy only
            atomic_write_text(kept, js)
    atomic_write_text(path, js)
    return path


def _user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "juesuan"


@contextlib.contextmanager
def _environ(changes: dict[str, str]) -> Iterator[None]:
    """Kernels inherit this process's environment: set `changes` while they start."""
    saved = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run(job: Job, ctx: _Context) -> Outcome:
    """Execute, render and publish one report; any failure is this report's, not the build's.
    The one entry point per report, from any thread of any process: with the warm engine it
    uses (and starts, the first time) the calling thread's kernel."""
    started = time.monotonic()
    executed = ctx.tmp / (job.report.output.replace("/", "__") + ".ipynb")
    html, error, nb = None, job.problem, None
    if error is None:
        try:
            if ctx.engine == "papermill":
                execute(job, executed)
                nb = executed
            else:
                nb = execute_warm(job, ctx, executed)
            html = render_html(nb, job.report, ctx.with_code, job.source.parent)
            remote = remote_references(html)
            if remote:
                raise BuildError("the report is not self-contained; remote reference(s): "
                                 + ", ".join(remote[:3]))
            if ctx.share_assets:
                html = assets.share(html, job.report.output.count("/"),
                                    ctx.reports_dir / assets.ASSETS_DIR)
        except Exception as err:  # noqa: BLE001 - one notebook's failure is its report's
            html, error = None, error_message(err)
            if nb is not None and not isinstance(nb, Path):  # executed in memory: keep it
                _keep_notebook(executed, nb, ctx)
    if ctx.stop.is_set():
        return Outcome(job, job.problem is None, cancelled=True)
    publish(ctx.reports_dir / job.report.output, html, executed if job.problem is None else None)
    return Outcome(job, job.problem is None, error, time.monotonic() - started)


def execute(job: Job, output: Path) -> None:
    """Run the notebook with papermill (which serialises the parameter values); the kernel's
    working directory is the notebook's folder."""
    import papermill

    papermill.execute_notebook(
        str(job.source), str(output), parameters=job.report.parameters,
        kernel_name=KERNEL_NAME, language="python", progress_bar=False,
        execution_timeout=CELL_TIMEOUT, kernel_manager_class=_tracked_kernel_manager(),
        # not papermill's cwd=, which os.chdir()s the whole process: nbclient starts the
        # kernel in resources' path instead
        resources={"metadata": {"path": str(job.source.parent.resolve())}},
        extra_arguments=["--IPKernelApp.log_level=ERROR",  # kernel start-up noise
                         f"--IPKernelApp.exec_lines={SKIP_IRI_GRAMMARS}"])


def execute_warm(job: Job, ctx: _Context, failed: Path) -> Any:
    """Run the notebook in this thread's warm kernel and return the executed notebook; when it
    fails, the executed notebook (traceback included) is written to `failed` first."""

    try:
        return kernels.run_notebook(job.source, job.report.parameters, _warm_env(ctx),
                                    _warm_arguments())
    except Exception as err:
        nb = getattr(err, "nb", None)
        if nb is not None:
            _keep_notebook(failed, nb, ctx)
        raise


def _warm_env(ctx: _Context) -> dict[str, str]:
    """The environment of a build's warm kernels."""
    return {**os.environ, **ctx.env, BUNDLE_ENV: str(vega_bundle(ctx.reports_dir))}


def _warm_arguments() -> list[str]:
    return ["--IPKernelApp.log_level=ERROR",
            f"--IPKernelApp.exec_lines={SKIP_IRI_GRAMMARS}; {kernels.WARM_IMPORTS}"]


def _keep_notebook(path: Path, nb: Any, ctx: _Context) -> None:
    """Write an executed notebook into the build's temporary folder for `publish` — but never
    re-create that folder: an interrupted build removes it (and keeps nothing) while a
    report's thread may still be ending, and a write then would leave it behind."""
    import nbformat

    if ctx.stop.is_set():
        return
    with contextlib.suppress(FileNotFoundError):  # the folder is gone: the build was stopped
        path.write_text(nbformat.writes(nb), encoding="utf-8")


# jsonschema (imported by altair and nbformat) imports rfc3987_syntax, which compiles ~35 Lark
# grammars for the `iri` formats at import: about 2 s of every kernel's start, for checks no
# report makes (python-jsonschema/jsonschema#1428). The build's kernels go without it.
SKIP_IRI_GRAMMARS = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"

_KERNELS: set[Any] = set()  # kernel managers of the running notebooks
_KERNELS_LOCK = threading.RLock()  # (re-entered by a worker's SIGTERM handler)


@functools.cache
def _tracked_kernel_manager() -> type:
    """nbclient's kernel manager, remembering its kernels: they run in their own session, so
    the terminal's Ctrl-C does not reach them and an interrupted build must stop them."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:
            await super().start_kernel(**kw)
            with _KERNELS_LOCK:
                _KERNELS.add(self)

        async def shutdown_kernel(self, *args: Any, **kw: Any) -> None:
            with _KERNELS_LOCK:
                _KERNELS.discard(self)
            await super().shutdown_kernel(*args, **kw)

    return TrackedKernelManager


def _kill_kernels() -> None:
    """Kill the kernels still running (and what they started): their notebooks then fail at
    once and their threads, whose results are discarded, end."""
    with _KERNELS_LOCK:
        managers = list(_KERNELS)
    for km in managers:
        process = getattr(km.provisioner, "process", None)
        if process is not None and process.poll() is None:  # alive, so its pid is its own
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)


def error_message(err: BaseException) -> str:
    """One line for the index: the notebook's exception if it raised one, else the build's."""
    ename = getattr(err, "ename", None)
    if ename:
        where = getattr(err, "exec_count", None)
        text = f"{ename}: {getattr(err, 'evalue', '')}" + (f" (cell [{where}])" if where else "")
    else:
        text = f"{type(err).__name__}: {err}"
    text = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
    return text if len(text) <= 500 else text[:497] + "..."


def publish(target: Path, html: str | None, executed: Path | None) -> None:
    """Success: write the HTML and drop an old failure record. Failure: remove the HTML (an
    old one would look current) and keep the executed notebook, traceback included."""
    failed = failed_path(target)
    if html is not None:
        atomic_write_text(target, html)
        failed.unlink(missing_ok=True)
        return
    target.unlink(missing_ok=True)
    if executed is not None and executed.exists():
        data = executed.read_bytes()
        atomic_write(failed, lambda p: p.write_bytes(data))
    else:
        failed.unlink(missing_ok=True)


