"""Issue 14, case 5: one writer at a time. Two `juesuan build --doc …` at once each loaded
build-state.json and the last to save it dropped the other's reports; now the second waits
for the first (saying for whom) and both are recorded. A dead holder's lock is taken over,
and a killed build's temporary folder is removed by the next build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from juesuan import lock, reports
from juesuan.reports.lock import TEMP_PREFIX, remove_stale_temps
from tests.reports.test_build import UNITS, Project
from tests.robust.conftest import ROOT


def _hold_in_child(folder, seconds: float) -> subprocess.Popen:
    code = ("import sys, time; from pathlib import Path; from juesuan import lock\n"
            f"with lock.hold(Path({str(folder)!r}), 'juesuan test'):\n"
            "    print('held', flush=True); time.sleep(float(sys.argv[1]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(seconds)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "lib")})
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_waits_and_names_the_holder(tmp_path, capsys):
    folder = tmp_path / "curated"
    child = _hold_in_child(folder, 1.0)
    started = time.monotonic()
    with lock.hold(folder, "juesuan ingest"):
        waited = time.monotonic() - started
    child.wait(timeout=30)
    assert waited > 0.5
    assert f"waiting: {folder} is in use by pid {child.pid}: juesuan test" in capsys.readouterr().err


def test_the_lock_of_a_killed_holder_is_taken_over_at_once(tmp_path, capsys):
    folder = tmp_path / "curated"
    child = _hold_in_child(folder, 60)
    child.kill()
    child.wait(timeout=30)
    assert lock.holder(folder) == f"pid {child.pid}: juesuan test"  # stale: its pid is dead
    started = time.monotonic()
    with lock.hold(folder, "juesuan check"):
        assert lock.holder(folder) == f"pid {os.getpid()}: juesuan check"
    assert time.monotonic() - started < 0.5
    assert "waiting" not in capsys.readouterr().err


def test_stale_build_temporary_folders_are_removed_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-abc"
    live = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def"
    other = tmp_path / f"{TEMP_PREFIX}xyz"  # an older build's name: no pid, not ours to judge
    for p in (stale, live, other):
        (p / "sub").mkdir(parents=True)
    assert remove_stale_temps(tmp_path) == [stale]
    assert live.is_dir() and other.is_dir() and not stale.exists()


def test_two_builds_of_different_documents_at_once_are_both_recorded(tmp_path):
    project = Project(tmp_path)
    project.notebooks.mkdir()
    for nb in reports.NOTEBOOKS:
        project.use_notebook(nb.name, nb.name)
    project.write_data()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    procs = [subprocess.Popen(
        [sys.executable, "-m", "juesuan.cli", "build", "--doc", doc, "--jobs", "1",
         "--notebooks", str(project.notebooks), "--reports", str(project.reports),
         "--curated", str(project.curated)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for doc in UNITS]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    state = json.loads((project.reports / reports.STATE_FILE).read_text(encoding="utf-8"))
    built = {out for out, entry in state["reports"].items() if entry["status"] == "ok"}
    assert {f"{d}/unit_report.html" for d in UNITS} <= built
    assert any("waiting: " in err for _, err in outs)  # the second waited for the first


def test_a_build_stopped_by_sigterm_cleans_up_and_says_so(tmp_path):
    """SIGTERM while a kernel runs: exit 143 with a message, the kernel killed, no
    juesuan-build-<pid>-* folder left, nothing half-published, the lock free again."""
    import nbformat

    project = Project(tmp_path)
    project.notebooks.mkdir()
    for nb in reports.NOTEBOOKS:
        project.use_notebook(nb.name, nb.name)
    slow = nbformat.read(project.notebooks / "unit_report.ipynb", as_version=4)
    slow.cells.append(nbformat.v4.new_code_cell("import time\nprint('running', flush=True)\n"
                                                "time.sleep(120)"))
    nbformat.write(slow, project.notebooks / "unit_report.ipynb")
    project.write_data()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib"), "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "juesuan.cli", "build", "--doc", "alpha-2024", "--jobs", "1",
         "--notebooks", str(project.notebooks), "--reports", str(project.reports),
         "--curated", str(project.curated)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp.glob(f"{TEMP_PREFIX}{proc.pid}-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(3)  # (the kernel started, running its cells)
    proc.terminate()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "terminated: juesuan build stopped" in err
    assert "Traceback" not in err
    assert not list(tmp.glob(f"{TEMP_PREFIX}*"))
    assert not (project.reports / "alpha-2024" / "unit_report.html").exists()
    with lock.hold(project.reports, "test"):  # free at once
        pass
