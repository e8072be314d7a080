"""The project's own reports in a real browser: `juesuan build` into a copy of the project,
then index.html -> a unit report (clicked), every linked unit report's charts rendered with
Chinese labels, no console error, and no request beyond the loopback server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.harness import (
    assert_no_console_errors,
    assert_no_offsite_requests,
    serve,
    walk_reports,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reports/ as `juesuan build` writes it, in a copy of the project's data (JUESUAN_ROOT),
    so the work tree's reports/ is left alone."""
    project = tmp_path_factory.mktemp("project")
    for name in ("data", "notebooks"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name)
    (project / "reports").mkdir()
    env = {**os.environ, "JUESUAN_ROOT": str(project)}
    run = subprocess.run([sys.executable, "-m", "juesuan.cli", "build"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, \
        f"juesuan build failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    reports = project / "reports"
    assert (reports / "index.html").is_file(), \
        f"juesuan build wrote no reports/index.html; reports/ has {sorted(reports.rglob('*'))}"
    return reports


def test_built_reports_render_offline_in_chromium(fresh, built_reports):
    with serve(built_reports) as base_url:
        seen = walk_reports(fresh, base_url)
        record = fresh.collect()
    assert seen["pages"], "no unit report was checked"
    assert_no_offsite_requests(record, base_url)
    assert_no_console_errors(record)
