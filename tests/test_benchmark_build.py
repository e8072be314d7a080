"""benchmarks/build.py: the marginal-unit-report case runs end to end on a tiny synthetic
corpus (builds in fresh processes, their CPU time and the warm kernel's memory read). No
timing is asserted."""

from __future__ import annotations

from benchmarks import build


def test_the_marginal_unit_report_case_builds_k_and_2k_reports_and_reads_the_kernel():
    rows, results = build.marginal((4,), 1, seed=1, log=lambda _: None)
    size = results["sizes"][0]
    assert size["units"] == 4 and size["n"] == 1 and size["failed"] == {}
    assert {m: r["built"] for m, r in size["runs"].items()} == {1: 1, 2: 2}
    for run in size["runs"].values():
        assert run["kernel_peak_mb"] > 50  # a kernel with polars and altair imported
        assert run["cpu_s"] > run["kernel_cpu_s"] > 0
    assert rows[0].case == "one more unit report, 4 units (1→2)"
    assert rows[0].target.endswith(("met", "MISSED"))
