"""Running notebooks on `--jobs` threads: by default each thread runs its reports in one warm
kernel (`reports.kernels`: papermill's parameters and cell metadata, nothing saved per cell);
`engine="papermill"` runs each report in its own kernel with papermill as before. Then the
report is rendered and published atomically; an interrupted build kills its kernels and
publishes nothing more."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.io import atomic_write, atomic_write_text
from juesuan.reports import kernels
from juesuan.reports.lock import TEMP_PREFIX
from juesuan.reports.planning import Job
from juesuan.reports.registry import (
    CELL_TIMEOUT,
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

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "stop"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, stop=threading.Event())


def _run_all(todo: list[Job], ctx: _Context, jobs: int, progress: bool,
             on_done: Callable[[Outcome], None]) -> None:
    """Run the jobs on `jobs` threads (each drives its own kernel process) with a progress
    bar; results are recorded on this thread. On an interrupt nothing more is published."""
    if not todo:
        return
    from tqdm import tqdm

    from juesuan import charts

    with (tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-",
                                      ignore_cleanup_errors=True)
          as tmp, _environ({**ctx.env, charts.BUNDLE_ENV: str(vega_bundle(ctx.reports_dir))}),
          tqdm(total=len(todo), desc="juesuan build", unit="report", file=sys.stderr,
               disable=None if progress else True) as bar):
        ctx.tmp = Path(tmp)
        pool = ThreadPoolExecutor(max_workers=min(jobs, len(todo)))
        pending = {pool.submit(_run, job, ctx) for job in todo}
        try:
            while pending:  # a timeout, not as_completed(): a blocked wait would defer Ctrl-C
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    out = future.result()
                    if not out.cancelled:
                        on_done(out)
                    bar.update()
        except BaseException:
            ctx.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            _kill_kernels()
            # their kernels dead, the threads end at once: let them, before the temporary
            # folder is removed under a failed report's notebook being written into it
            wait(pending, timeout=30)
            raise
        finally:
            if not ctx.stop.is_set():
                pool.shutdown()
            kernels.shutdown_all()  # the pool's threads are gone: so are their warm kernels


BUNDLE_CACHE = ".cache"  # under reports/: the chart JavaScript, kept between builds


def vega_bundle(reports_dir: Path) -> Path:
    """The chart JavaScript for this build's kernels (see `charts.javascript_bundle`): built by
    vl-convert once per vl-convert and Altair version (1.6 s), then read from
    reports/.cache, so a cold build does not pay for it again."""
    from importlib.metadata import version

    from juesuan import charts

    key = f"vl-convert-{version('vl-convert-python')}-altair-{version('altair')}"
    path = reports_dir / BUNDLE_CACHE / f"vega-bundle-{key}.js"
    if not path.is_file():
        js = charts.javascript_bundle()
        atomic_write_text(path, js)
    return path


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

    from juesuan import charts

    env = {**os.environ, **ctx.env, charts.BUNDLE_ENV: str(vega_bundle(ctx.reports_dir))}
    try:
        return kernels.run_notebook(
            job.source, job.report.parameters, env,
            ["--IPKernelApp.log_level=ERROR",
             f"--IPKernelApp.exec_lines={SKIP_IRI_GRAMMARS}; {kernels.WARM_IMPORTS}"])
    except Exception as err:
        nb = getattr(err, "nb", None)
        if nb is not None:
            _keep_notebook(failed, nb, ctx)
        raise


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
_KERNELS_LOCK = threading.Lock()


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


