"""benchmarks/build.py: the marginal-unit-report case runs end to end on a tiny synthetic
corpus (builds in fresh processes, their CPU time and the warm kernel's memory read). No
timing is asserted."""

from __future__ import annotations

import pytest

from benchmarks import build


def test_the_marginal_unit_report_case_times_each_report_and_reads_the_kernel():
    rows, results = build.marginal((4,), 1, seed=1, log=lambda _: None)
    size = results["sizes"][0]
    assert size["units"] == 4 and size["n"] == 1 and not size["failed"]
    run = size["run"]
    assert run["built"] == 2 and len(run["steps"]) == 2
    assert 0 < run["steps"][0] < run["steps"][1] <= run["cpu_s"]
    assert size["marginal_cpu_s"] == run["steps"][1] - run["steps"][0]
    assert run["kernel_peak_mb"] > 50  # a kernel with polars and altair imported
    assert run["cpu_s"] > run["kernel_cpu_s"] > 0
    assert rows[0].case == "one more unit report, 4 units (reports 2–2)"
    assert rows[0].target.endswith(("met", "MISSED"))


def test_the_direct_marginal_runs_unit_reports_in_one_warm_kernel(tmp_path):
    build._synth(4, 1, tmp_path / "u4")
    got = build.marginal_direct(tmp_path / "u4" / "curated", 1)
    assert got["units"] == 4 and got["n"] == 1
    assert got["marginal_cpu_s"] == pytest.approx(got["marginal_build_process_s"]
                                                  + got["marginal_kernel_s"])
    assert got["marginal_kernel_s"] > 0 and got["kernel_peak_mb"] > 50


def test_the_jobs_scaling_case_builds_the_same_reports_with_each_job_count(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(build, "SCALING_UNITS", 2)
    row, result = build.jobs_scaling(tmp_path / "scaling", 2, 1, seed=1)
    # 2 unit reports + the 3 corpus-wide ones, built twice (--jobs 1, --jobs 2)
    assert [c["built"] for c in result["counts"]] == [5, 5]
    assert not any(c["failed"] for c in result["counts"])
    assert set(result["timings"]) == {1, 2}
    assert result["speedup"] > 0 and row.target.endswith(("met", "MISSED"))
    assert not (tmp_path / "scaling").exists()
