"""One writer at a time on a folder (data/curated, reports/): a lock file beside the folder,
held with flock and naming its holder's pid and command. A second `juesuan` waits, saying
for whom; the kernel drops the lock of a process that dies, so a stale lock (a killed run's,
a dead pid in the file) is simply taken over.

The file sits beside the folder, not in it: an ingest swaps the whole folder (juesuan.swap).
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(folder: Path) -> Path:
    folder = Path(os.path.abspath(folder))
    return folder.parent / f".{folder.name}.lock"


def holder(folder: Path) -> str | None:
    """What the lock file says of its last holder ('pid 123: juesuan build'), if anything."""
    try:
        return lock_path(folder).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


@contextmanager
def hold(folder: Path, what: str, shared: bool = False) -> Iterator[None]:
    """Hold the folder's lock (exclusive to write, shared to read) for the block."""
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: {folder} is in use by {holder(folder) or 'another juesuan'}",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, mode)
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: {what}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # (releases the lock)
