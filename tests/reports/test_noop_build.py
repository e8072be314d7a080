"""A no-op `juesuan build` with the input hashes kept (reports.inputs): it reads no table, runs
nothing and leaves the index as a fresh computation of every hash would write it; a touched
file reruns nothing; a changed document reruns only its report and the corpus-wide ones.

Real kernels on the tiny notebooks of tests/fixtures/reports/ (as tests/reports/test_build.py);
one cold build is shared, each test works on a copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import papermill
import polars as pl
import pytest

from juesuan import catalog, metadata, reports
from juesuan.io import write_tables
from juesuan.reports import inputs
from tests.conftest import FIXTURES

UNITS = {"alpha-2024": "甲市人力资源和社会保障局", "beta-2023": "乙县社会保险中心"}
UNIT_REPORTS = [f"{d}/unit_report.html" for d in UNITS]
CORPUS_REPORTS = ["compare_units.html", "data_quality.html", "performance_scores.html"]


@pytest.fixture(scope="module", autouse=True)
def fixed_library():
    """The library's hash is pinned, as in test_build.py."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reports.planning, "library_hash", lambda: "library")
        yield


def write_data(curated: Path, income: dict[str, float] | None = None) -> None:
    income = {d: 1234.5 for d in UNITS} | (income or {})
    frames = {name: metadata.empty_frame(name) for name in metadata.TABLES}
    frames["documents"] = metadata.frame("documents", [
        {"doc_id": d, "unit_name": u, "fiscal_year": 2024, "province": "陕西省",
         "scope": "unit", "source_file": f"{d}.txt", "source_sha256": "0" * 64,
         "encoding": "utf-8", "in_manifest": True, "source_format": "text",
         "coverage": "full"} for d, u in UNITS.items()])
    frames["totals"] = metadata.frame("totals", [
        {"doc_id": d, "metric": m, "value": v, "unit": "万元", "source_kind": "table",
         "src_line": 1}
        for d in UNITS for m, v in (("income_total", income[d]),
                                    ("expenditure_total", 1200.25))])
    write_tables(frames, curated)


def build(root: Path, **kw) -> reports.BuildResult:
    return reports.build(root / "notebooks", root / "reports", root / "data" / "curated", None,
                         jobs=2, with_code=False, progress=False, **kw)


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("noop") / "project"
    (root / "notebooks").mkdir(parents=True)
    for nb in reports.NOTEBOOKS:
        shutil.copy(FIXTURES / "reports" / f"{nb.name}.ipynb", root / "notebooks")
    write_data(root / "data" / "curated")
    result = build(root)
    assert sorted(result.built) == sorted(UNIT_REPORTS + CORPUS_REPORTS), result.failed
    return root


@pytest.fixture
def project(cold, tmp_path) -> Path:
    shutil.copytree(cold, tmp_path / "project")  # copy2: sizes and mtimes kept
    return tmp_path / "project"


def index(root: Path) -> bytes:
    return (root / "reports" / "index.html").read_bytes()


@pytest.fixture
def no_kernel(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a notebook was executed")
    monkeypatch.setattr(papermill, "execute_notebook", forbidden)


def test_a_no_op_build_reads_no_table_and_runs_nothing(project, no_kernel, monkeypatch):
    build(project)  # the copy's caches settle (the files were hashed as they were written)
    before, mtime = index(project), (project / "reports" / "index.html").stat().st_mtime_ns

    def forbidden(*args, **kwargs):
        raise AssertionError("a table was read")

    for name in ("load", "load_all", "scan", "scan_all"):
        monkeypatch.setattr(catalog, name, forbidden)
    for name in ("read_parquet", "scan_parquet"):
        monkeypatch.setattr(pl, name, forbidden)
    result = build(project)
    assert result.ok and result.executed == [] and result.built == []
    assert sorted(result.skipped) == sorted(UNIT_REPORTS + CORPUS_REPORTS)
    assert index(project) == before
    assert (project / "reports" / "index.html").stat().st_mtime_ns == mtime


def test_the_index_after_a_no_op_equals_the_one_of_a_fresh_rehash(project, no_kernel):
    noop = build(project)
    after_noop = index(project)
    shutil.rmtree(project / "reports" / inputs.CACHE_DIR)  # every hash and the index from scratch
    (project / "reports" / "index.html").unlink()
    fresh = build(project, rehash=True)
    assert fresh.executed == [] and sorted(fresh.skipped) == sorted(noop.skipped)
    assert index(project) == after_noop


def test_touched_files_with_the_same_bytes_rerun_nothing(project, no_kernel):
    before = index(project)
    for path in (project / "data" / "curated").rglob("*"):
        if path.is_file():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    result = build(project)
    assert result.executed == [] and result.ok
    assert index(project) == before


def test_a_changed_document_reruns_only_its_report_and_the_corpus_reports(project):
    write_data(project / "data" / "curated", income={"beta-2023": 999.0})
    result = build(project)
    assert sorted(result.executed) == sorted(["beta-2023/unit_report.html", *CORPUS_REPORTS])
    assert result.skipped == ["alpha-2024/unit_report.html"]
    assert "999.00" in index(project).decode()
