"""Per-document tasks on a Dask distributed cluster (`juesuan ingest|build --scheduler ADDRESS`).

Workers need only the installed package and the input and output paths (a shared file
system): a task receives paths, writes its own output atomically (juesuan.io) and returns a
small summary, so a task Dask runs again (its worker lost, or `retries` after an error) just
rewrites the same files. The calling process gathers the summaries and publishes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

# How long to try reaching the scheduler before giving up (seconds).
CONNECT_TIMEOUT = 10.0
# A task that raises is run again this many times (a lost worker is Dask's own business:
# the scheduler reschedules its tasks up to `distributed.scheduler.allowed-failures` times).
RETRIES = 2


# Schemes whose address is HOST:PORT over TCP: probed before a Client is made.
_OVER_TCP = ("tcp", "tls", "ws", "wss")


class SchedulerError(Exception):
    """The cluster cannot be used: a one-line reason naming the address."""


def quiet() -> None:
    """Dask's informational logging (connections, heartbeats, shutdown) is not the
    command's output: only errors get through."""
    for name in ("distributed", "dask", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.ERROR)


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A `distributed.Client` of the scheduler at `address` (tcp://HOST:PORT, HOST:PORT or
    any address Dask knows); SchedulerError when it is malformed or cannot be reached."""
    quiet()
    from distributed import Client
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address)
        if scheme not in backends:
            raise ValueError(f"unknown scheme {scheme!r}")
        if scheme in _OVER_TCP:
            host, port = parse_host_port(location)
            _reachable(address, host, port, timeout)
    except (ValueError, TypeError) as err:
        raise SchedulerError(f"--scheduler {address!r} is not a scheduler address ({err}); "
                             "expected tcp://HOST:PORT") from None
    try:
        with _unraisable_silenced():
            return Client(address, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, ValueError, TimeoutError) as err:
        raise SchedulerError(f"cannot reach a Dask scheduler at {address}: "
                             f"{' '.join(str(err).split())}") from None


def _reachable(address: str, host: str, port: int, timeout: float) -> None:
    """A plain TCP connection first: an unreachable address fails at once and cleanly,
    where a failed Client leaves a half-made client whose clean-up prints tracebacks."""
    if not 0 < port < 65536:
        raise ValueError(f"port {port} out of range")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as err:
        raise SchedulerError(f"cannot reach a Dask scheduler at {address}: "
                             f"{err.strerror or err}") from None


@contextlib.contextmanager
def _unraisable_silenced() -> Iterator[None]:
    """A Client whose start failed complains when it is collected: collect it here, quietly."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = previous


def run(client: Any, task: Callable[..., Any], arguments: Sequence[tuple], *, desc: str,
        progress: bool = True, retries: int = RETRIES) -> Iterator[tuple[int, Any, str | None]]:
    """Submit task(*arguments[i]) for every i and yield (i, result, None) as each finishes,
    or (i, None, reason) for a task that failed for good (its error after `retries`, or its
    workers lost too often): that item's failure, never the run's. On an interrupt (or any
    exception in the caller) the tasks still pending are cancelled."""
    from distributed import as_completed
    from tqdm import tqdm

    futures = {client.submit(task, *args, retries=retries, pure=False): i
               for i, args in enumerate(arguments)}
    try:
        with tqdm(total=len(futures), desc=desc, unit="task", file=sys.stderr,
                  disable=None if progress else True) as bar:
            for future in as_completed(futures, loop=client.loop):
                i = futures[future]
                if future.status == "finished":
                    yield i, future.result(), None
                else:
                    yield i, None, _failure(future)
                future.release()
                bar.update()
    finally:
        pending = [f for f in futures if not f.done()]
        if pending:
            client.cancel(pending)


def _failure(future: Any) -> str:
    """One line: why a task failed (its exception, or the workers it killed)."""
    try:
        err = future.exception()
    except Exception as exc:  # noqa: BLE001 - a cancelled future raises its cancellation
        err = exc
    text = " ".join(f"{type(err).__name__}: {err}".split())
    return f"failed on the Dask cluster ({text[:300]})"
