"""Warm kernels (`reports.kernels`): one kernel per build thread runs many reports, each as if
in a new kernel; the reports are byte for byte those of one kernel per report (papermill)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from juesuan import catalog, reports
from juesuan.reports import kernels
from tests.reports.test_build import UNITS, Project

# A notebook that fails when anything of an earlier report is still in its kernel, and prints
# its kernel's process id (the same for every report of a warm build).
LEAK_CELLS = [
    ('doc_id = "example"', ["parameters"]),
    (("import os, sys\n"
     "import juesuan\n"
     "from juesuan.charts import vega\n"
     "assert 'leaked' not in globals(), 'the namespace of an earlier report'\n"
     "assert 'JUESUAN_LEAK' not in os.environ, 'the environment of an earlier report'\n"
     "assert not hasattr(juesuan, 'leaked'), 'the library of an earlier report'\n"
     "assert vega._SESSION == {'bundle_sent': False, 'count': 0}, vega._SESSION\n"
     "assert os.getcwd() == CWD, os.getcwd()\n"
     "leaked = juesuan.leaked = 1\n"
     "os.environ['JUESUAN_LEAK'] = '1'\n"
     "vega._SESSION['count'] += 1\n"
     "os.chdir('/')\n"
     "print('pid', os.getpid(), 'count', get_ipython().execution_count)"), []),
]


def _notebook(path: Path, cells: list[tuple[str, list[str]]]) -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(src, metadata={"tags": tags} if tags else {})
        for src, tags in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path / "project")
    project.notebooks.mkdir(parents=True)
    project.write_data()
    return project


def _leak_registry(project: Project) -> list[reports.Notebook]:
    cells = [(s.replace("CWD", repr(str(project.notebooks.resolve()))), t) for s, t in LEAK_CELLS]
    _notebook(project.notebooks / "leak.ipynb", cells)
    return [reports.Notebook("leak", "leak.ipynb", "泄漏", ("doc_id",), "{doc_id}/leak.html")]


def _running(pid: int) -> bool:
    """A live process (not a zombie): a kernel still running after its build."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_reports_in_one_warm_kernel_start_from_a_fresh_kernel_state(project):
    registry = _leak_registry(project)
    result = reports.build(project.notebooks, project.reports, project.curated, None, 1,
                           True, notebooks=registry, progress=False)
    assert result.ok, result.failed
    assert sorted(result.built) == [f"{d}/leak.html" for d in sorted(UNITS)]
    printed = [project.html(f"{d}/leak.html") for d in UNITS]
    pids = {page.split("pid ")[1].split()[0] for page in printed}
    assert len(pids) == 1  # one kernel ran both reports
    assert kernels.current_kernels() == 0  # none in this process (each worker drives its own)
    assert not _running(int(pids.pop()))  # the worker stopped it when the build ended
    # the cells are numbered from 1 in each report, as in a new kernel
    fresh = reports.build(project.notebooks, project.root / "per-kernel", project.curated, None,
                          1, True, notebooks=registry, progress=False, engine="papermill")
    assert fresh.ok, fresh.failed
    count = (project.root / "per-kernel" / "alpha-2024" / "leak.html").read_text(
        encoding="utf-8").split("count ")[1].split()[0]
    assert [page.split("count ")[1].split()[0] for page in printed] == [count, count]


def test_a_kernel_that_dies_fails_its_report_and_the_next_report_gets_a_new_one(project):
    _notebook(project.notebooks / "dies.ipynb", [
        ('doc_id = "example"', ["parameters"]),
        (("import os, signal\n"
          "if doc_id == 'alpha-2024':\n"
          "    os.kill(os.getpid(), signal.SIGKILL)\n"
          "print('survived', doc_id)"), [])])
    registry = [reports.Notebook("dies", "dies.ipynb", "死亡", ("doc_id",), "{doc_id}/dies.html")]
    result = reports.build(project.notebooks, project.reports, project.curated, None, 1,
                           False, notebooks=registry, progress=False)
    assert list(result.failed) == ["alpha-2024/dies.html"]
    assert "kernel was lost" in result.failed["alpha-2024/dies.html"]
    assert "DeadKernelError" in result.failed["alpha-2024/dies.html"]
    assert "survived beta-2023" in project.html("beta-2023/dies.html")
    assert (project.reports / "alpha-2024" / "dies.failed.ipynb").exists()


def test_an_unknown_engine_is_refused(project):
    with pytest.raises(reports.BuildError, match="--engine must be one of warm, papermill"):
        reports.build(project.notebooks, project.reports, project.curated, None, 1, False,
                      engine="threads")


def test_the_warm_and_the_per_kernel_build_write_the_same_reports(tmp_path):
    """Every report of the real corpus, byte for byte (the index, which says when the build
    ran, is not a report)."""
    notebooks = catalog.project_root() / "notebooks"
    built = {}
    for engine in reports.execution.ENGINES:
        out = tmp_path / engine
        result = reports.build(notebooks, out, catalog.curated_dir(), None, 2, False,
                               progress=False, engine=engine)
        assert result.ok, result.failed
        built[engine] = {p.relative_to(out).as_posix(): p.read_bytes()
                         for p in sorted(out.rglob("*.html")) if p.name != reports.INDEX_FILE}
    warm, papermill = built["warm"], built["papermill"]
    doc_ids = catalog.load("documents")["doc_id"].to_list()
    expected = sorted(nb.output.format(doc_id=d) for nb in reports.NOTEBOOKS
                      for d in (doc_ids if nb.per_document else [None]))
    assert sorted(warm) == sorted(papermill) == expected
    for output in warm:
        assert warm[output] == papermill[output], output
    shutil.rmtree(tmp_path)


def test_a_page_failing_the_offline_check_keeps_its_executed_notebook(project):
    _notebook(project.notebooks / "remote.ipynb", [
        ('doc_id = "example"', ["parameters"]),
        (("from IPython.display import HTML\n"
          "HTML('<script src=\"https://cdn.example.org/x.js\"></script>')"), [])])
    registry = [reports.Notebook("remote", "remote.ipynb", "远程", ("doc_id",),
                                 "{doc_id}/remote.html")]
    result = reports.build(project.notebooks, project.reports, project.curated, ["alpha-2024"],
                           1, False, notebooks=registry, progress=False)
    assert "not self-contained" in result.failed["alpha-2024/remote.html"]
    assert not (project.reports / "alpha-2024" / "remote.html").exists()
    kept = nbformat.read(project.reports / "alpha-2024" / "remote.failed.ipynb", as_version=4)
    assert "cdn.example.org" in kept.cells[-1].outputs[0]["data"]["text/html"]
