"""`juesuan build`: notebooks executed with papermill, rendered to self-contained HTML, skipped
when their inputs are unchanged; one failing notebook fails only its report.

The notebooks are the tiny ones in tests/fixtures/reports/ (real kernels, jobs=2); the curated
tables are two documents built with `juesuan.metadata.frame`. One cold build (`first`) is shared;
tests that build again work on a copy of its project folder.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
import pytest

import juesuan
import juesuan.io
from juesuan import metadata, reports
from juesuan.cli import main
from juesuan.io import write_tables
from tests.conftest import FIXTURES

NOTEBOOKS = FIXTURES / "reports"
LIBRARY_HASH = reports.library_hash  # the real one; the tests below run with it pinned
SCRIPT_NAME = "<script>alert('乙')</script>县社保中心"
UNITS = {"alpha-2024": "甲市人力资源和社会保障局", "beta-2023": SCRIPT_NAME}
UNIT_REPORTS = [f"{d}/unit_report.html" for d in UNITS]
CORPUS_REPORTS = ["compare_units.html", "data_quality.html", "performance_scores.html"]


@dataclass
class Project:
    root: Path

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def curated(self) -> Path:
        return self.root / "data" / "curated"

    def build(self, doc_ids=None, with_code=False, **kw) -> reports.BuildResult:
        return reports.build(self.notebooks, self.reports, self.curated, doc_ids, jobs=2,
                             with_code=with_code, progress=False, **kw)

    def html(self, output: str) -> str:
        return (self.reports / output).read_text(encoding="utf-8")

    def use_notebook(self, name: str, fixture: str) -> None:
        shutil.copy(NOTEBOOKS / f"{fixture}.ipynb", self.notebooks / f"{name}.ipynb")

    def write_data(self, income: dict[str, float] | None = None,
                   only: list[str] | None = None) -> None:
        units = {d: u for d, u in UNITS.items() if only is None or d in only}
        income = {d: 1234.5 for d in units} | (income or {})
        frames = {name: metadata.empty_frame(name) for name in metadata.TABLES}
        frames["documents"] = metadata.frame("documents", [
            {"doc_id": d, "unit_name": u, "fiscal_year": 2024, "province": "陕西省",
             "scope": "unit", "source_file": f"{d}.txt", "source_sha256": "0" * 64,
             "encoding": "utf-8", "in_manifest": True, "source_format": "text",
             "coverage": "full"} for d, u in units.items()])
        frames["totals"] = metadata.frame("totals", [
            {"doc_id": d, "metric": m, "value": v, "unit": "万元", "source_kind": "table",
             "src_line": 1}
            for d in units for m, v in (("income_total", income[d]),
                                        ("expenditure_total", 1200.25))])
        write_tables(frames, self.curated)

    def copy(self, to: Path) -> Project:
        shutil.copytree(self.root, to / "project")
        return Project(to / "project")


@pytest.fixture(scope="module", autouse=True)
def fixed_library():
    """The library's hash is pinned: what these tests rebuild must not depend on whether
    someone edits lib/juesuan while they run (test_library_hash covers the real one)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reports.planning, "library_hash", lambda: "library")
        yield


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """A cold build of the whole registry in which data_quality raises."""
    project = Project(tmp_path_factory.mktemp("first"))
    project.notebooks.mkdir()
    for nb in reports.NOTEBOOKS:
        project.use_notebook(nb.name, nb.name)
    project.use_notebook("data_quality", "broken")
    project.write_data()
    return project, project.build()


@pytest.fixture
def no_kernel(monkeypatch):
    """Any attempt to execute a notebook fails the test."""
    def forbidden(*args, **kwargs):
        raise AssertionError("papermill.execute_notebook was called")
    monkeypatch.setattr(papermill, "execute_notebook", forbidden)


# --- the cold build --------------------------------------------------------------------------

def test_reports_are_written_where_the_registry_says_and_the_index_links_them(first):
    project, result = first
    assert sorted(result.built) == sorted(UNIT_REPORTS + ["compare_units.html",
                                                          "performance_scores.html"])
    assert sorted(result.executed) == sorted(UNIT_REPORTS + CORPUS_REPORTS)
    assert result.skipped == [] and list(result.failed) == ["data_quality.html"]
    for output in result.built:
        assert (project.reports / output).is_file()
        assert f'href="{output}"' in project.html("index.html")
    index = project.html("index.html")
    assert index.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in index
    assert '<meta charset="utf-8">' in index and "Noto Sans CJK SC" in index
    assert "甲市人力资源和社会保障局" in index and "1,234.50" in index  # headline figures
    assert 'href="../index.html"' in project.html("alpha-2024/unit_report.html")


def test_parameters_reach_the_notebook_and_the_page_is_chinese(first):
    project, _ = first
    page = project.html("alpha-2024/unit_report.html")
    assert '<html lang="zh-CN">' in page and re.search(r'<meta charset="utf-8" ?/>', page)
    assert "单位： 甲市人力资源和社会保障局" in page  # read through catalog in the kernel
    assert "<p class='marker'>中文报告 alpha-2024</p>" in page  # text/html output kept, as written
    assert "Noto Sans CJK SC" in page
    assert "比较 2 个单位： alpha-2024、beta-2023" in project.html("compare_units.html")


def test_code_parameter_cells_and_prompts_are_hidden(first):
    project, _ = first
    page = project.html("alpha-2024/unit_report.html")
    assert "catalog.load" not in page and "from IPython" not in page
    assert "# Parameters" not in page and 'doc_id = "' not in page
    assert not re.search(r'<div class="jp-(?:Input|Output)Prompt', page)
    assert not re.search(r"(?:In|Out)&nbsp;\[", page)


def test_no_built_page_references_anything_remote(first):
    project, _ = first
    pages = sorted(project.reports.rglob("*.html"))
    assert len(pages) == 5  # four reports and the index
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for needle in ('src="http', "src='http", 'href="http', "href='http", "url(http",
                       "//cdn"):
            assert needle not in html, (page, needle)
        # the only scripts a page loads are the build's own, from reports/assets/
        for src in re.findall(r'<script[^>]*\ssrc="([^"]*)"', html):
            assert re.fullmatch(r"(?:\.\./)*assets/[\w.-]+\.js", src), (page, src)
            assert (page.parent / src).is_file(), (page, src)
        assert reports.remote_references(html) == [], page


def test_a_failing_notebook_fails_only_its_report(first):
    project, result = first
    assert result.failed["data_quality.html"].startswith("ValueError: 数据坏了")
    assert not (project.reports / "data_quality.html").exists()
    kept = nbformat.read(project.reports / "data_quality.failed.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in kept.cells for o in c.get("outputs", []))
    index = project.html("index.html")
    assert "生成失败：ValueError: 数据坏了" in index
    assert 'href="data_quality.failed.ipynb"' in index and 'href="data_quality.html"' not in index
    state = json.loads((project.reports / reports.STATE_FILE).read_text(encoding="utf-8"))
    assert state["reports"]["data_quality.html"]["status"] == "failed"


def test_text_from_a_document_is_escaped(first):
    project, _ = first
    index = project.html("index.html")
    assert "<script>alert" not in index
    assert "&lt;script&gt;alert(&#39;乙&#39;)&lt;/script&gt;县社保中心" in index
    assert "<script>alert" not in project.html("beta-2023/unit_report.html")


# --- rebuilding --------------------------------------------------------------------------------

def test_a_second_build_with_nothing_changed_executes_nothing(first, tmp_path):
    project = first[0].copy(tmp_path)
    project.use_notebook("data_quality", "data_quality")  # fix the broken notebook
    assert project.build().executed == ["data_quality.html"]  # the copy is still up to date
    index_before = (project.reports / "index.html").stat().st_mtime_ns
    result = project.build()
    assert result.executed == [] and result.built == [] and result.ok
    assert sorted(result.skipped) == sorted(UNIT_REPORTS + CORPUS_REPORTS)
    assert not (project.reports / "data_quality.failed.ipynb").exists()
    assert (project.reports / "index.html").stat().st_mtime_ns == index_before


def test_changing_one_document_rebuilds_its_report_and_the_corpus_reports(first, tmp_path):
    project = first[0].copy(tmp_path)
    project.write_data(income={"alpha-2024": 999.0})
    result = project.build(notebooks=reports.NOTEBOOKS[:2])  # unit_report, compare_units
    assert sorted(result.executed) == ["alpha-2024/unit_report.html", "compare_units.html"]
    assert result.skipped == ["beta-2023/unit_report.html"]
    index = project.html("index.html")
    assert "999.00" in index


def test_reports_the_corpus_and_registry_no_longer_describe_are_removed(first, tmp_path):
    """beta-2023 is taken out of the data, and the registry keeps only unit_report."""
    project = first[0].copy(tmp_path)
    project.write_data(only=["alpha-2024"])
    result = project.build(notebooks=reports.NOTEBOOKS[:1])
    assert result.removed == ["beta-2023/unit_report.html"] + CORPUS_REPORTS
    assert result.executed == [] and result.skipped == ["alpha-2024/unit_report.html"]
    assert not (project.reports / "beta-2023").exists()
    assert not (project.reports / "data_quality.failed.ipynb").exists()
    state = json.loads((project.reports / reports.STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(state["reports"]) == ["alpha-2024/unit_report.html"]
    assert "beta-2023" not in project.html("index.html")


def test_doc_builds_only_that_documents_report_and_with_code_shows_code(first, tmp_path):
    project = first[0].copy(tmp_path)
    result = project.build(doc_ids=["beta-2023"], with_code=True)
    assert result.executed == ["beta-2023/unit_report.html"] and result.ok
    page = project.html("beta-2023/unit_report.html")
    assert "catalog" in page and "jp-InputArea" in page  # the code is shown
    assert not re.search(r'<div class="jp-(?:Input|Output)Prompt', page)
    index = project.html("index.html")
    assert "已过期" not in index  # built with code is not out of date


def test_the_cli_exits_non_zero_when_a_report_failed(first, tmp_path, capsys):
    project = first[0].copy(tmp_path)
    code = main(["build", "--notebooks", str(project.notebooks), "--reports",
                 str(project.reports), "--curated", str(project.curated), "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "failed: data_quality.html: ValueError: 数据坏了" in err
    assert re.match(r"built 0, skipped 4, failed 1 \(data_quality.html\) in [\d.]+ s", out)


def test_an_interrupted_build_leaves_no_truncated_report(first, tmp_path, monkeypatch):
    project = first[0].copy(tmp_path)
    before = project.html("alpha-2024/unit_report.html")
    state_before = (project.reports / reports.STATE_FILE).read_bytes()

    def interrupted(path: Path, text: str) -> None:
        path.write_text(text[: len(text) // 2], encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(juesuan.io, "write_utf8", interrupted)
    with pytest.raises(KeyboardInterrupt):
        project.build(doc_ids=["alpha-2024"], with_code=True)
    assert project.html("alpha-2024/unit_report.html") == before
    assert (project.reports / reports.STATE_FILE).read_bytes() == state_before
    assert not [p for p in project.reports.rglob("*") if p.name.endswith(".tmp")]


# --- refused before any kernel starts ------------------------------------------------------

def test_an_unknown_or_malformed_doc_id_is_refused_listing_the_valid_ones(first, no_kernel,
                                                                           capsys):
    project, _ = first
    state = (project.reports / reports.STATE_FILE).read_bytes()
    with pytest.raises(reports.BuildError, match="unknown doc_id gamma-2020; valid doc_ids: "
                                                  "alpha-2024, beta-2023"):
        project.build(doc_ids=["alpha-2024", "gamma-2020"])
    with pytest.raises(reports.BuildError, match=r"malformed doc_id '\.\./alpha-2024'"):
        project.build(doc_ids=["../alpha-2024"])
    code = main(["build", "--doc", 'x"); import os; os.system("true', "--notebooks",
                 str(project.notebooks), "--reports", str(project.reports), "--curated",
                 str(project.curated)])
    assert code == 2 and "valid doc_ids: alpha-2024, beta-2023" in capsys.readouterr().err
    assert (project.reports / reports.STATE_FILE).read_bytes() == state


def test_a_parameter_the_notebook_does_not_declare_is_refused(first, no_kernel, tmp_path):
    project, _ = first
    registry = [reports.Notebook("scores", "performance_scores.ipynb", "得分", ("doc_ids",),
                                 "scores.html"),
                reports.Notebook("units", "compare_units.ipynb", "单位", ("doc_id",),
                                 "{doc_id}/units.html")]
    result = reports.build(project.notebooks, tmp_path / "out", project.curated, None, 2,
                           False, notebooks=registry, progress=False)
    assert result.executed == [] and result.built == []
    assert "has no cell tagged `parameters`" in result.failed["scores.html"]
    assert ("unknown parameter(s) doc_id; its parameters cell declares: doc_ids"
            in result.failed["alpha-2024/units.html"])
    with pytest.raises(reports.BuildError, match="unknown parameter.*year.*doc_id, doc_ids"):
        reports.build(project.notebooks, tmp_path / "out", project.curated, None, 2, False,
                      notebooks=[reports.Notebook("x", "x.ipynb", "x", ("year",), "x.html")])


# --- the offline check ------------------------------------------------------------------------

def test_a_page_with_a_remote_script_is_failed_not_published(first, tmp_path, monkeypatch):
    project, _ = first
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "chart", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": '<script src="https://cdn.jsdelivr.net/npm/'
                                               'vega@5"></script><div id="vis"></div>'})])])
    monkeypatch.setattr(reports.execution, "execute",
                        lambda job, out: nbformat.write(executed, out))
    registry = [reports.Notebook("data_quality", "data_quality.ipynb", "数据质量", (),
                                 "data_quality.html")]
    result = reports.build(project.notebooks, tmp_path / "out", project.curated, None, 1,
                           False, notebooks=registry, progress=False, engine="papermill")
    assert "not self-contained" in result.failed["data_quality.html"]
    assert "cdn.jsdelivr.net" in result.failed["data_quality.html"]
    assert not (tmp_path / "out" / "data_quality.html").exists()
    assert (tmp_path / "out" / "data_quality.failed.ipynb").exists()


def test_images_the_markdown_links_are_embedded(first, tmp_path, monkeypatch):
    project, _ = first
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS / "data_quality.ipynb", notebooks)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
           b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
           b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    (notebooks / "logo.png").write_bytes(png)
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("![标志](logo.png)")])
    monkeypatch.setattr(reports.execution, "execute", lambda job, out: nbformat.write(executed, out))
    registry = [reports.Notebook("data_quality", "data_quality.ipynb", "数据质量", (),
                                 "data_quality.html")]
    result = reports.build(notebooks, tmp_path / "out", project.curated, None, 1, False,
                           notebooks=registry, progress=False, engine="papermill")
    page = (tmp_path / "out" / "data_quality.html").read_text(encoding="utf-8")
    assert result.ok and 'src="data:image/png;base64,' in page and "logo.png" not in page
