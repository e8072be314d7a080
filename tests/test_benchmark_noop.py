"""benchmarks/noop.py runs end to end: the prepared reports folders are current (nothing is
rebuilt, with or without reports/.cache) and the 10,000-unit target is stated, not judged,
when that size was not run. No timing is asserted."""

from __future__ import annotations

import json

from benchmarks.__main__ import main as bench_main


def test_quick_noop_section_rebuilds_nothing(tmp_path, capsys):
    code = bench_main(["--quick", "--only", "noop", "--noop-units", "12",
                       "--results", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "no-op rebuild, real" in out and "no-op rebuild, 12 synthetic units" in out
    assert "not measured" in out  # no 10,000-unit corpus in this run
    noop = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))["noop"]
    assert [c["documents"] for c in noop["corpora"]][1:] == [12]
    for corpus in noop["corpora"]:
        assert corpus["nothing_rebuilt"], corpus
        assert corpus["no_cache"]["counts"]["built"] == 0  # fresh hashes equal the kept ones
