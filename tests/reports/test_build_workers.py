"""The build's worker processes: a build stopped by SIGTERM while both of its `--jobs 2`
workers run a notebook stops both workers and their kernels, publishes nothing, and leaves no
temporary folder behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from juesuan import reports
from juesuan.reports.lock import TEMP_PREFIX
from tests.reports.test_build import UNITS, Project
from tests.reports.test_kernels import _running

ROOT = Path(__file__).resolve().parents[2]


def test_sigterm_stops_every_worker_and_its_kernel(tmp_path):
    project = Project(tmp_path)
    project.notebooks.mkdir()
    for nb in reports.NOTEBOOKS:
        project.use_notebook(nb.name, nb.name)
    marks = tmp_path / "running"
    marks.mkdir()
    slow = nbformat.read(project.notebooks / "unit_report.ipynb", as_version=4)
    slow.cells.append(nbformat.v4.new_code_cell(
        "import os, time\n"
        "with open(os.path.join(os.environ['TEST_MARKS'], doc_id), 'w') as f:\n"
        "    f.write(f'{os.getpid()} {os.getppid()}')\n"
        "time.sleep(120)"))
    nbformat.write(slow, project.notebooks / "unit_report.ipynb")
    project.write_data()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib"), "TMPDIR": str(tmp),
           "TEST_MARKS": str(marks)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "juesuan.cli", "build", "--jobs", "2", "--doc", *UNITS,
         "--notebooks", str(project.notebooks), "--reports", str(project.reports),
         "--curated", str(project.curated)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    while len(list(marks.iterdir())) < len(UNITS) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    time.sleep(0.5)  # (each mark fully written)
    pids = [tuple(map(int, m.read_text().split())) for m in marks.iterdir()]
    kernels, workers = {k for k, _ in pids}, {w for _, w in pids}
    assert len(kernels) == len(workers) == 2 and proc.pid not in workers  # a worker each
    proc.terminate()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "terminated: juesuan build stopped" in err and "Traceback" not in err
    assert not [pid for pid in kernels | workers if _running(pid)]
    assert not list(tmp.glob(f"{TEMP_PREFIX}*"))
    assert not [p for p in project.reports.rglob("*") if p.name.endswith(".tmp")]
    for doc in UNITS:
        assert not (project.reports / doc / "unit_report.html").exists()
