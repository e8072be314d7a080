"""Issue 14, case 3 and the ingest's weak cases: the table set is replaced as one.

Before: each table was renamed into place by itself, so a run killed mid-write left new
`documents` beside old others; `ingest FILE` replaced the whole corpus and left stale
findings; SIGTERM left a temporary file and no message; a read-only folder was a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from juesuan import catalog, metadata
from juesuan.ingest.output import PAUSE_ENV
from tests.conftest import RAW
from tests.robust.conftest import ROOT, X004, juesuan

X000 = "000_cfb0dafd2c8bb827.txt"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def old_set(tmp_path_factory) -> Path:
    """A set of one document (000), audited."""
    out = tmp_path_factory.mktemp("old") / "curated"
    assert juesuan("ingest", str(RAW / X000), "--out", str(out)).returncode == 0
    assert juesuan("check", "--curated", str(out)).returncode == 0
    return out


def _copy(src: Path, dest: Path) -> Path:
    subprocess.run(["cp", "-a", str(src), str(dest)], check=True)
    return dest


def _start_ingest(out: Path, pause: float, *files: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib"), PAUSE_ENV: str(pause)}
    return subprocess.Popen([sys.executable, "-m", "juesuan.cli", "ingest", *files, "--out",
                             str(out), "--jobs", "1"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for_writing(out: Path, proc: subprocess.Popen) -> None:
    """Until the run has written at least two tables into its staging folder."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        stages = list(out.parent.glob(f".{out.name}.staging-*"))
        if stages and len(list(stages[0].glob("*.parquet"))) >= 2:
            return
        time.sleep(0.05)
    raise AssertionError(f"the ingest never wrote into a staging folder: {proc.communicate()}")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_an_ingest_killed_while_writing_leaves_the_old_set(old_set, tmp_path, sig):
    out = _copy(old_set, tmp_path / "curated")
    before = _snapshot(out)
    proc = _start_ingest(out, 1.0, str(RAW / X004))
    _wait_for_writing(out, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert _snapshot(out) == before  # the old set, whole
    if sig == signal.SIGTERM:
        assert proc.returncode == 143
        assert "terminated: juesuan ingest stopped" in err
        assert "Traceback" not in err
        assert not list(tmp_path.glob(".curated.staging-*"))  # cleaned up
    else:
        assert proc.returncode == -signal.SIGKILL
        assert list(tmp_path.glob(".curated.staging-*"))  # left by the killed run …
        assert juesuan("ingest", str(RAW / X004), "--out", str(out)).returncode == 0
        assert not list(tmp_path.glob(".curated.staging-*"))  # … removed by the next one


def test_an_ingest_that_finishes_swaps_in_the_new_set(old_set, tmp_path):
    out = _copy(old_set, tmp_path / "curated")
    proc = _start_ingest(out, 0.05, str(RAW / X004))
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    docs = catalog.load("documents", out)
    assert sorted(docs["doc_id"]) == ["qianyang-hrss-2024", "xianyang-hrss-2023"]


def test_ingest_files_merge_into_the_set_and_drop_only_their_stale_audit(old_set, tmp_path):
    out = _copy(old_set, tmp_path / "curated")
    old = {n: pl.read_parquet(out / f"{n}.parquet") for n in ("findings", "totals")}
    proc = juesuan("ingest", str(RAW / X004), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "(merged: 1 other document(s) kept)" in proc.stdout
    totals = catalog.load("totals", out)
    kept = totals.filter(pl.col("doc_id") == "qianyang-hrss-2024")
    assert kept.equals(old["totals"])  # the other document's rows untouched
    # its findings are kept (its rows did not change), and none describe 004 before `check`
    findings = pl.read_parquet(out / "findings.parquet")
    assert findings.equals(old["findings"])
    # re-ingesting 000 drops its now stale findings, and says that `check` is due
    proc = juesuan("ingest", str(RAW / X000), "--out", str(out))
    assert "run `juesuan check`" in proc.stderr
    assert pl.read_parquet(out / "findings.parquet").height == 0
    assert juesuan("check", "--curated", str(out)).returncode == 0


def test_merging_gives_the_bytes_of_one_run_over_all(tmp_path):
    one = tmp_path / "one"
    assert juesuan("ingest", str(RAW / X000), str(RAW / X004), "--out", str(one)).returncode == 0
    two = tmp_path / "two"
    assert juesuan("ingest", str(RAW / X004), "--out", str(two)).returncode == 0
    assert juesuan("ingest", str(RAW / X000), "--out", str(two)).returncode == 0
    for name in metadata.INGESTED_NAMES:
        assert (one / f"{name}.parquet").read_bytes() == (two / f"{name}.parquet").read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_message(tmp_path):  # pragma: no cover - CI runs as root
    tmp_path.chmod(0o555)
    try:
        proc = juesuan("ingest", str(RAW / X000), "--out", str(tmp_path / "curated"))
    finally:
        tmp_path.chmod(0o755)
    assert proc.returncode == 1
    assert "error: cannot write the tables to" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_full_disk_is_a_message_and_the_set_is_unchanged(old_set, tmp_path):
    out = _copy(old_set, tmp_path / "curated")
    before = _snapshot(out)
    # a write that fails as on a full disk: a fake polars write raising ENOSPC
    code = ("import errno, sys, polars as pl\n"
            "def full(*a, **k): raise OSError(errno.ENOSPC, 'No space left on device', str(a[1]))\n"
            "pl.DataFrame.write_parquet = full\n"
            "from juesuan.cli import main\n"
            f"sys.exit(main(['ingest', {str(RAW / X004)!r}, '--out', {str(out)!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "lib")}, check=False)
    assert proc.returncode == 1
    assert "error: cannot write the tables to" in proc.stderr
    assert "No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(out) == before
    assert not list(tmp_path.glob(".curated.staging-*"))
