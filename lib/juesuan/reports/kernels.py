"""Warm kernels: each thread that runs reports keeps one kernel, started once with the library
imported, and runs every report's notebook in it with a fresh namespace. papermill still
parameterises the notebook (the same `injected-parameters` cell) and records each cell's
metadata, but nothing is saved while the cells run: the executed notebook stays in memory.

Before each notebook the kernel is made what a new kernel would be (`FRESH`): the user
namespace reset, every `juesuan` module dropped from `sys.modules` (so the notebook imports
the library anew — its caches, the charts' session, the Altair theme it registers — from the
third-party modules already imported), the environment, `sys.path`, warnings filters, polars'
configuration and the working directory restored, the execution count back at 1."""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan.reports.registry import CELL_TIMEOUT, KERNEL_NAME

ENGINE = "juesuan-warm"  # papermill engine name of the warm kernels

# What a warm kernel imports once when it starts (beside SKIP_IRI_GRAMMARS): the notebooks'
# library and, through it, polars, altair, vl-convert, nbformat...
WARM_IMPORTS = "import juesuan.catalog, juesuan.charts, juesuan.measures, juesuan.present"

# Run (silently, outside the history) before each notebook. The first run takes the snapshot
# of the kernel's state after its start-up imports; every run restores it.
FRESH = r"""
def __juesuan_fresh(cwd):
    import os, sys, types, warnings
    snap = sys.modules.get("_juesuan_warm")
    if snap is None:
        snap = types.ModuleType("_juesuan_warm")
        snap.environ, snap.path = dict(os.environ), list(sys.path)
        snap.filters = list(warnings.filters)
        pl = sys.modules.get("polars")
        snap.polars = pl.Config.save() if pl is not None else None
        snap.string_cache = pl.using_string_cache() if pl is not None else None
        sys.modules["_juesuan_warm"] = snap
        import gc
        gc.freeze()  # the start-up imports' objects: no report's reset() walks them again
    ip = get_ipython()
    ip.reset(new_session=False)
    os.environ.clear()
    os.environ.update(snap.environ)
    sys.path[:] = snap.path
    warnings.filters[:] = snap.filters
    warnings._filters_mutated()
    if snap.polars is not None:
        import polars as pl
        pl.Config.load(snap.polars)
        if not snap.string_cache:
            pl.disable_string_cache()
    for name in [m for m in sys.modules if m == "juesuan" or m.startswith("juesuan.")]:
        del sys.modules[name]
    os.chdir(cwd)
    ip.execution_count = 1
__juesuan_fresh(CWD)
"""


class KernelLost(RuntimeError):
    """The warm kernel died or stopped answering while running a report."""


@dataclass(eq=False)
class _Warm:
    km: Any  # the tracked AsyncKernelManager
    kc: Any | None  # its client, made by the first notebook run
    key: tuple  # the environment it was started with
    owner: int = 0  # the thread that uses it (its client's sockets are that thread's)


_LOCAL = threading.local()
_ALL: set[Any] = set()  # every live warm kernel of this process (for shutdown_all)
_ALL_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def run_notebook(source: Path, parameters: dict[str, Any], env: dict[str, str],
                 extra_arguments: list[str]) -> Any:
    """Execute the notebook `source` with `parameters` in this thread's warm kernel (started
    with `env` if there is none or it was started with another) and return the executed
    notebook. A failing cell raises papermill's PapermillExecutionError, the notebook (with
    the error cell papermill adds) on the exception as `.nb`; a kernel that dies or times out
    raises KernelLost (its notebook as `.nb` too) and is replaced by the next report."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _register_engine()
    warm = _warm_kernel(env)
    _LOCAL.executing = None
    try:
        return papermill.execute_notebook(
            str(source), None, parameters=parameters, engine_name=ENGINE,
            kernel_name=KERNEL_NAME, language="python", progress_bar=False,
            execution_timeout=CELL_TIMEOUT, env=env,
            resources={"metadata": {"path": str(source.parent.resolve())}},
            extra_arguments=extra_arguments)
    except PapermillExecutionError as err:
        err.nb = _LOCAL.executing
        raise
    except Exception as err:  # a dead kernel, a timeout: replace the kernel
        _discard(warm)
        lost = KernelLost(f"the report's kernel was lost ({type(err).__name__}: {err}); "
                          "it is restarted for the next report")
        lost.nb = _LOCAL.executing
        raise lost from err


def prestart(env: dict[str, str], extra_arguments: list[str], cwd: Path) -> None:
    """Start this thread's warm kernel now, without waiting for it: a build worker does so
    as it starts, so that the kernel imports the library while the worker imports papermill
    and nbconvert. The first notebook then finds it started (as nbclient would have started
    it: the same arguments, environment and in-memory history)."""
    from jupyter_core.utils import run_sync

    warm = _warm_kernel(env)
    if warm.km.has_kernel:
        return
    try:
        run_sync(warm.km.start_kernel)(
            extra_arguments=[*extra_arguments, "--HistoryManager.hist_file=:memory:"],
            env=env, cwd=str(cwd))
    except Exception as err:  # noqa: BLE001 - the first report starts it, and says why not
        log.debug("warm kernel not started ahead: %s", err)
        _discard(warm)


def prepare() -> None:
    """Import what running a notebook here takes (papermill, nbclient, jupyter_client) and
    register the engine: a build does so once before it forks its workers."""
    import jupyter_client.asynchronous  # noqa: F401 - (imported by the kernel manager)
    import papermill  # noqa: F401

    from juesuan.reports.execution import _tracked_kernel_manager

    _register_engine()
    _tracked_kernel_manager()


def _warm_kernel(env: dict[str, str]) -> _Warm:
    """This thread's warm kernel, (re)made when there is none, it died, or `env` changed."""
    from juesuan.reports.execution import _tracked_kernel_manager

    key = tuple(sorted(env.items()))
    warm = getattr(_LOCAL, "warm", None)
    if warm is not None and (warm.key != key or not _alive(warm)):
        _discard(warm)
        warm = None
    if warm is None:
        warm = _Warm(_tracked_kernel_manager()(kernel_name=KERNEL_NAME), None, key,
                     threading.get_ident())
        _LOCAL.warm = warm
        with _ALL_LOCK:
            _ALL.add(warm)
    return warm


def _alive(warm: _Warm) -> bool:
    process = getattr(warm.km.provisioner, "process", None) if warm.km.has_kernel else None
    return warm.kc is None or (process is not None and process.poll() is None)


def _discard(warm: _Warm) -> None:
    """Stop a warm kernel (and its client) and forget it."""
    from jupyter_core.utils import run_sync

    if getattr(_LOCAL, "warm", None) is warm:
        _LOCAL.warm = None
    with _ALL_LOCK:
        _ALL.discard(warm)
    if warm.kc is not None and warm.owner == threading.get_ident():
        with contextlib.suppress(Exception):  # (zmq sockets are not shared between threads)
            warm.kc.stop_channels()
    if warm.km.has_kernel:
        with contextlib.suppress(Exception):
            run_sync(warm.km.shutdown_kernel)(now=True)


def shutdown_all() -> None:
    """Stop every warm kernel of this process (a local build ends with this; a process that
    runs reports for a scheduler stops them at exit)."""
    with _ALL_LOCK:
        warms = list(_ALL)
    for warm in warms:
        _discard(warm)


atexit.register(shutdown_all)


@functools.cache
def _register_engine() -> None:
    """papermill's nbclient engine, running in this thread's warm kernel."""
    import papermill.execute
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    write_ipynb = papermill.execute.write_ipynb

    def write_somewhere(nb: Any, path: Any) -> None:
        """papermill serialises (and validates) the executed notebook, ~1 MB of JSON, also to
        write it nowhere: the warm kernels' notebooks stay in memory (`output_path` None)."""
        if path is not None:
            write_ipynb(nb, path)

    papermill.execute.write_ipynb = write_somewhere

    class WarmClient(PapermillNotebookClient):
        def papermill_execute_cells(self) -> None:
            cwd = self.resources["metadata"]["path"]
            msg_id = self.kc.execute(FRESH.replace("CWD", json.dumps(cwd)), silent=True,
                                     store_history=False, allow_stdin=False)
            reply = self.wait_for_reply(msg_id)
            content = (reply or {}).get("content", {})
            if content.get("status") != "ok":
                raise KernelLost("the warm kernel could not start a fresh namespace: "
                                 f"{content.get('ename')}: {content.get('evalue')}")
            super().papermill_execute_cells()

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None,
                                     start_timeout: int = 60, execution_timeout: Any = None,
                                     env: dict[str, str] | None = None, **kwargs: Any) -> Any:
            # as NBClientEngine, with this thread's kernel manager and client
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log=log, log_output=log_output,
                                 stdout_file=stdout_file, stderr_file=stderr_file)
            warm = _LOCAL.warm
            _LOCAL.executing = nb_man.nb
            client = WarmClient(nb_man, km=warm.km, **final)
            client.kc = warm.kc
            try:
                # a new kernel starts with the build's environment, not this process's
                with client.setup_kernel(env=env):
                    pass
            finally:
                warm.kc = client.kc
            return client.execute()

    papermill_engines.register(ENGINE, WarmEngine)


def current_kernels() -> int:
    """How many warm kernels this process runs (for tests and benchmarks)."""
    with _ALL_LOCK:
        return len(_ALL)


def kernel_pids() -> list[int]:
    """The process ids of this process's warm kernels (for tests and benchmarks)."""
    with _ALL_LOCK:
        warms = list(_ALL)
    return [w.km.provisioner.process.pid for w in warms
            if w.km.has_kernel and getattr(w.km.provisioner, "process", None) is not None]
