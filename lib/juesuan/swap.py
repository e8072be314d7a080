"""Replace a folder of tables as one: every file of a run is written into a staging folder
beside the target, which is then exchanged with the target in one rename. A reader (or a
run killed half-way) sees the old set or the new one, never new `documents` beside old others.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

_STAGING = ".{name}.staging-{pid}"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def staging_dir(target: Path) -> Path:
    """A fresh staging folder for `target` (same file system, so the swap is a rename)."""
    clean_stale(target)
    stage = target.parent / _STAGING.format(name=target.name, pid=os.getpid())
    shutil.rmtree(stage, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    stage.mkdir()
    stage.chmod(0o755)
    return stage


def clean_stale(target: Path) -> list[Path]:
    """Remove staging folders (and swapped-out old sets) left by runs that were killed: their
    process is gone. A live run's folder is left alone."""
    removed = []
    for path in target.parent.glob(f".{target.name}.*-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if path.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def carry_over(target: Path, stage: Path, keep: Callable[[Path], bool]) -> None:
    """Hard-link (or copy) into the staging folder the files of the current set that `keep`
    accepts (by path relative to target): what this run does not rewrite stays as it was.
    Files are always replaced by rename, never written in place, so a link is safe."""
    if not target.is_dir():
        return
    for path in sorted(target.rglob("*")):
        rel = path.relative_to(target)
        if not path.is_file() or not keep(rel):
            continue
        dest = stage / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def swap_in(stage: Path, target: Path) -> None:
    """Make the staging folder the target in one step; the old set is removed after."""
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)  # (now the old set)
        return
    # No atomic exchange on this file system: two renames, the target missing in between
    # (a reader fails loudly then, it never sees a mix).
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically (Linux ≥ 3.15)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                       ctypes.c_uint]
        if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return True
        err = ctypes.get_errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
            raise OSError(err, os.strerror(err), str(b))
    return False
