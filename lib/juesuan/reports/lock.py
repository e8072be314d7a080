"""One build at a time per reports folder (issue 14): two `juesuan build --doc …` at once each
loaded build-state.json, and the last to save it dropped the other's reports. A build holds
the reports folder's lock (a second waits, saying for whom) and a shared lock on the curated
tables (an ingest or check waits until the build has read them). At the start it removes the
temporary folders of builds that were killed (their pid, in the folder's name, is gone).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from juesuan import lock
from juesuan.swap import pid_alive

TEMP_PREFIX = "juesuan-build-"  # + pid + '-': the build's temporary folder in $TMPDIR


@contextmanager
def held(reports_dir: Path, curated_dir: Path) -> Iterator[None]:
    with ExitStack() as stack:
        stack.enter_context(lock.hold(reports_dir, "juesuan build"))
        stack.enter_context(lock.hold(curated_dir, "juesuan build (reading)", shared=True))
        remove_stale_temps()
        yield


def remove_stale_temps(root: Path | None = None) -> list[Path]:
    """The `juesuan-build-<pid>-*` folders of builds no longer running."""
    removed = []
    for path in Path(root or tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-*"):
        pid = path.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
