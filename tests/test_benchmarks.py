"""benchmarks/: the pandas and DuckDB references compute what juesuan.measures computes (two
more, independent implementations of every corpus-wide measure of the notebooks), the harness
runs end to end, and the ingest benchmark's folder comparison can tell two trees apart.

No timing is asserted here: the benchmarks measure speed, the tests check correctness.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from benchmarks import duckdb_reference, pandas_reference
from benchmarks.__main__ import main as bench_main
from benchmarks.analysis import difference
from benchmarks.ingest import same_tree
from benchmarks.measures_list import MEASURES, TABLES
from juesuan import catalog, measures, synth


def _pandas_tables(tables: dict[str, pl.DataFrame], folder) -> dict:
    """The tables as a pandas user reads them: written to Parquet, read with pd.read_parquet."""
    for name in TABLES:
        tables[name].write_parquet(folder / f"{name}.parquet")
    return pandas_reference.read_tables(folder, TABLES)


def _check_all(tables: dict[str, pl.DataFrame], folder) -> dict[str, int]:
    """Every measure of the pandas and the DuckDB reference against juesuan's."""
    pd_tables = _pandas_tables(tables, folder)
    con = duckdb_reference.connect(folder, TABLES)  # views over the same Parquet files
    rows = {}
    for m in MEASURES:
        expected = m.juesuan(tables)
        got = pl.from_pandas(m.pandas(pd_tables).reset_index(drop=True))
        assert difference(expected, got) is None, (m.name, difference(expected, got))
        got = m.duckdb(con)
        why = difference(expected, got, other="duckdb")
        assert why is None, (m.name, "duckdb", why)
        rows[m.name] = expected.height
    return rows


def test_pandas_and_duckdb_references_equal_juesuan_on_the_real_corpus(tmp_path):
    rows = _check_all(catalog.load_all(), tmp_path)
    # the comparison saw the real rows, not empty frames
    assert rows["classify_indicators"] == catalog.load("perf_indicators").height == 513
    assert rows["execution"] == 55 and rows["corpus_summary"] == 7
    # the PDFs add 24 lines with a 年初预算 (财政局 11, 规划和自然资源局 13) to the texts' 55
    assert rows["line_completion"] == 55 + 24 and rows["three_public_completion"] == 37


def test_pandas_and_duckdb_references_equal_juesuan_on_a_synthetic_corpus(tmp_path):
    tables = synth.tables(40, 11)
    rows = _check_all(tables, tmp_path)
    assert rows["corpus_summary"] == 40
    assert rows["classify_indicators"] == tables["perf_indicators"].height > 40


def test_the_comparison_notices_a_changed_value_a_null_and_a_missing_row():
    ev = catalog.load("perf_evaluations")
    expected = measures.execution(ev)
    rate = expected["execution_rate"]
    i = rate.arg_max()
    nudged = expected.with_columns(execution_rate=pl.when(pl.int_range(pl.len()) == i)
                                   .then(rate * (1 + 1e-8)).otherwise(rate))
    assert "execution_rate" in difference(expected, nudged)
    nulled = expected.with_columns(execution_rate=pl.when(pl.int_range(pl.len()) == i)
                                   .then(None).otherwise(rate))
    assert "execution_rate" in difference(expected, nulled)
    assert "55 rows in juesuan, 54 in pandas" in difference(expected, expected.slice(1))
    assert difference(expected, expected.reverse()) is None  # order among ties is not defined


def test_quick_analysis_runs_end_to_end(tmp_path, capsys):
    code = bench_main(["--quick", "--only", "analysis", "--sizes", "12",
                       "--results", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "all measures, 12 units, juesuan" in out and "all measures, 12 units, pandas" in out
    assert "all measures, 12 units, duckdb" in out and "duckdb/juesuan" in out
    latest = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    stamped = [p for p in tmp_path.glob("*.json") if p.name != "latest.json"]
    assert len(stamped) == 1 and json.loads(stamped[0].read_text(encoding="utf-8")) == latest
    size = latest["analysis"]["sizes"][0]
    assert size["units"] == 12 and size["rows"]["documents"] == 12 and not size["mismatches"]
    assert set(size["juesuan"]["samples_s"]) == {m.name for m in MEASURES}
    assert size["juesuan"]["polars_threads"] == 1 and size["duckdb"]["duckdb_threads"] == 1
    assert size["juesuan"]["peak_rss_mb"] > 50 and size["pandas"]["peak_rss_mb"] > 50
    assert size["duckdb"]["peak_rss_mb"] > 50
    assert not list(tmp_path.glob("*.tmp"))


def test_the_folder_comparison_notices_a_changed_file(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name / "csv").mkdir(parents=True)
        (tmp_path / name / "csv" / "totals.csv").write_bytes(b"doc_id,value\n")
    assert same_tree(tmp_path / "one", tmp_path / "two")
    (tmp_path / "two" / "csv" / "totals.csv").write_bytes(b"changed")
    assert not same_tree(tmp_path / "one", tmp_path / "two")


def test_quick_pdf_section_times_each_pdf_and_states_the_target(tmp_path, capsys):
    """--only pdf renders each data/raw PDF and prints where the 40-page target stands
    (met or MISSED: a test says nothing of speed)."""
    code = bench_main(["--quick", "--only", "pdf", "--results", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    latest = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    pdfs = latest["pdf"]["pdfs"]
    assert {p["doc_id"] for p in pdfs} == {"putuo-finance-2024", "putuo-planning-resources-2024",
                                           "putuo-social-work-2024"}
    for p in pdfs:
        assert p["pages"] in (24, 25, 30) and "pdfplumber" not in p  # --quick: no reference
        timing = p["pdfium"]
        assert timing["s_per_40_pages"] == pytest.approx(timing["cpu"]["median_s"] / p["pages"] * 40)
        status = "met" if p["target_met"] else "MISSED"
        assert f"PDF ingest ≤ 2 s per 40 pages per core ({p['doc_id']})" in out
        assert "× the limit)" in out and status in out


def test_quick_check_section_runs_end_to_end(tmp_path, capsys):
    """--only check ingests tiny synthetic corpora, runs juesuan check on each in a worker
    and reports CPU time, memory and what it wrote (never asserting speed)."""
    code = bench_main(["--quick", "--only", "check", "--check-sizes", "5", "9",
                       "--results", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "juesuan check, 5 units" in out and "juesuan check, 9 units" in out
    assert "audit of 1,000 units ≤ 10 s on one core" in out  # not measured at these sizes
    latest = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    sizes = latest["check"]["sizes"]
    assert [s["units"] for s in sizes] == [5, 9]
    for s in sizes:
        assert s["rows"]["documents"] == s["units"] and s["rows"]["parts"] > s["units"]
        assert s["written"]["scores"] == s["units"]
        assert s["written"]["completeness"] > s["units"] and s["written"]["findings"] > 0
        assert s["polars_threads"] == 1 and s["peak_rss_mb"] > 50
        assert [r["summary_lines"] >= s["units"] for r in s["runs"]] == [True]
    assert [t["target"] for t in latest["targets"]] == ["not measured"] * 4
    assert "audit memory bounded" in out


def test_check_targets_state_met_or_missed_with_the_ratio():
    from benchmarks.__main__ import check_targets

    def size(units: int, cpu: float, rss: float = 300.0) -> dict:
        return {"units": units, "cpu": {"median_s": cpu}, "wall": {"median_s": cpu * 2},
                "cpu_s_per_1000_units": cpu / units * 1000, "peak_rss_mb": rss}

    rows = check_targets({"sizes": [size(1_000, 8.0), size(10_000, 120.0, 320.0)]})
    assert [(r.target, r.result) for r in rows] == [
        ("met", "8.0 s (0.80× the limit; wall 16.0 s)"),
        ("MISSED", "120.0 s (1.20× the limit; wall 240.0 s; per unit 1.50× that at 1,000)"),
        ("not measured", "not measured in this run"),
        ("met", "320 MB (0.21× the limit; 300 MB at 1,000 → 320 MB at 10,000)")]
    rows = check_targets({"sizes": [size(10_000, 90.0, 900.0), size(100_000, 900.0, 1_600.0)]})
    assert [(r.target, r.result) for r in rows][2:] == [
        ("met", "900.0 s (0.90× the limit; wall 1800.0 s; per unit 1.00× that at 10,000)"),
        ("MISSED", "1,600 MB (1.04× the limit; 900 MB at 10,000 → 1,600 MB at 100,000)")]


def test_the_national_run_measures_every_year_of_a_partitioned_corpus(tmp_path, capsys):
    """benchmarks.analysis_national end to end on a tiny corpus: generated in pieces, measured
    year by year, every document of every year counted once (no speed asserted)."""
    from benchmarks import analysis_national

    code = analysis_national.main(["--units", "30", "--years", "2", "--piece", "12",
                                   "--work", str(tmp_path / "work"),
                                   "--results", str(tmp_path)])
    assert code == 0 and "national run" in capsys.readouterr().out
    (path,) = tmp_path.glob("national-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["generate"]["units"] == 30 and data["generate"]["files"] > 0
    years = data["measure"]["per_year"]
    assert [y["fiscal_year"] for y in years] == [2015, 2016]
    assert sum(y["documents"] for y in years) == 30 == data["measure"]["rows"]["corpus_summary"]
    assert set(data["measure"]["cpu_by_measure_s"]) == {m.name for m in MEASURES}
    assert not (tmp_path / "work").exists() and not (tmp_path / "latest.json").exists()
