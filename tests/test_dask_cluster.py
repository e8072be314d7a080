"""`--scheduler`: ingest and build on a Dask distributed cluster (issue 17, item 4).

A `distributed.LocalCluster` of two worker processes stands in for a cluster (the workers
share this machine's file system, as a cluster shares one). Its ingest and build must give
the files of a local run byte for byte; a worker that dies in the middle of a task (the task
kills its own process once) must not change them; an unusable address is one line.
The corpus is small: the four real texts and the smallest PDF; the reports are the tiny
fixture notebooks (the distribution is under test here, not the notebooks).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from juesuan.cli import main
from juesuan.ingest import staged
from juesuan.reports import NOTEBOOKS
from juesuan.reports import distributed as report_tasks
from tests.conftest import FIXTURES, RAW

TEXTS = ["000_cfb0dafd2c8bb827.txt", "001_549a6034fad0ec80.txt", "003_df651f07c846b8e4.txt",
         "004_0c64700254d9a193.txt"]
PDF = "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"
FILES = [str(RAW / name) for name in [*TEXTS, PDF]]
REPORTS = [nb.output.format(doc_id=d) for nb in NOTEBOOKS
           for d in (["qianyang-hrss-2024", "xianyang-hrss-2023"] if nb.per_document else [None])]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.CRITICAL) as c:
        yield c


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """The curated set of a local (one-process) run, audited."""
    out = tmp_path_factory.mktemp("local") / "curated"
    assert main(["ingest", *FILES, "--out", str(out), "--jobs", "1"]) == 0
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _dies_once(task, marker: Path):
    """`task`, except that the first call anywhere kills its worker process (after claiming
    `marker`, so that the rescheduled run, on this worker's successor or the other worker,
    goes through)."""
    def run(*args):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return task(*args)
        os._exit(1)
    return run


def test_an_ingest_on_the_cluster_writes_the_local_runs_files(cluster, local, tmp_path):
    out = tmp_path / "curated"
    assert main(["ingest", *FILES, "--out", str(out), "--scheduler",
                 cluster.scheduler_address]) == 0
    assert (out / "extracted" / "putuo-social-work-2024.txt").is_file()
    assert _files(out) == _files(local)
    assert not list(tmp_path.glob(".curated.*-*"))  # parts and staging folders removed


def test_a_worker_lost_mid_task_still_gives_the_whole_set(cluster, local, tmp_path,
                                                          monkeypatch):
    marker = tmp_path / "died"
    monkeypatch.setattr(staged, "parse_batch", _dies_once(staged.parse_batch, marker))
    out = tmp_path / "curated"
    assert main(["ingest", *FILES, "--out", str(out), "--scheduler",
                 cluster.scheduler_address]) == 0
    assert marker.exists()  # a worker did die
    assert _files(out) == _files(local)


@pytest.fixture(scope="module")
def project(local, tmp_path_factory) -> Path:
    """The fixture notebooks and the audited local set of two documents."""
    root = tmp_path_factory.mktemp("project")
    (root / "notebooks").mkdir()
    for nb in NOTEBOOKS:
        shutil.copy(FIXTURES / "reports" / f"{nb.name}.ipynb", root / "notebooks")
    curated = root / "curated"
    assert main(["ingest", *FILES[0::3], "--out", str(curated), "--jobs", "1"]) == 0
    assert main(["check", "--curated", str(curated)]) == 0
    return root


def _build(project: Path, name: str, *extra: str) -> Path:
    reports = project / name
    assert main(["build", "--notebooks", str(project / "notebooks"), "--reports",
                 str(reports), "--curated", str(project / "curated"), *extra]) == 0
    return reports


@pytest.fixture(scope="module")
def local_reports(project) -> dict[str, bytes]:
    reports = _build(project, "reports-local", "--jobs", "2")
    return {o: (reports / o).read_bytes() for o in REPORTS}


def test_a_build_on_the_cluster_writes_the_local_builds_reports(cluster, project,
                                                                local_reports):
    reports = _build(project, "reports-dask", "--scheduler", cluster.scheduler_address)
    assert {o: (reports / o).read_bytes() for o in REPORTS} == local_reports
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{o}"' in index for o in REPORTS)


def test_a_report_whose_worker_dies_is_built_again(cluster, project, local_reports,
                                                   tmp_path, monkeypatch):
    marker = tmp_path / "died"
    monkeypatch.setattr(report_tasks, "run_report",
                        _dies_once(report_tasks.run_report, marker))
    reports = _build(project, "reports-killed", "--scheduler", cluster.scheduler_address)
    assert marker.exists()
    assert {o: (reports / o).read_bytes() for o in REPORTS} == local_reports


def test_the_cluster_runs_tasks_in_its_own_processes(cluster):
    """What the tests above rely on: the tasks do not run in this process."""
    with Client(cluster) as client:
        assert client.submit(os.getpid).result() != os.getpid()


@pytest.mark.parametrize("command", ["ingest", "build"])
@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "nonsense::x", "bogus://host:1",
                                     "127.0.0.1:99999"])
def test_an_unusable_scheduler_is_one_line(command, address, tmp_path, capsys):
    args = [command, "--scheduler", address]
    args += ["--out", str(tmp_path / "c")] if command == "ingest" else [
        "--reports", str(tmp_path / "r")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert address in err and "Traceback" not in err
    assert not (tmp_path / "c").exists() and not (tmp_path / "r").exists()


@pytest.mark.parametrize("build_ends", [True, False])
def test_a_report_task_publishes_only_while_its_build_runs(build_ends, tmp_path, monkeypatch):
    """A task that outlives its build (cancelled, or run twice after its worker was taken for
    lost) must not rewrite or remove a report: `_run` sees its context stopped."""
    running = tmp_path / ".dask-build-x.tmp"
    running.write_text("1")

    def run(job, ctx):
        if build_ends:
            running.unlink()
        return ctx.stop.wait(timeout=30 if build_ends else 1.5)

    monkeypatch.setattr(report_tasks, "_run", run)
    spec = report_tasks.ContextSpec(tmp_path, False, {}, running)
    assert report_tasks.run_report(None, spec) is build_ends
