"""The measures' conventions: a frame or the dict of tables, no inf or NaN, the same rows
whatever the row order and from lazy tables.

Values are worked out by hand from data/raw, the arithmetic beside each expectation."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog, measures, metadata


def test_a_single_table_or_the_dict_of_tables_both_work(tables):
    assert measures.line_completion(tables).equals(
        measures.line_completion(tables["budget_lines"]))
    with pytest.raises(KeyError, match="budget_lines"):
        measures.line_completion({"totals": tables["totals"]})


def test_no_measure_returns_inf_or_nan_on_the_corpus(tables):
    for name, frame in _all_measures(tables).items():
        for col, dtype in frame.schema.items():
            if dtype == pl.Float64:
                values = frame[col].drop_nulls()
                assert not (values.is_nan().any() or values.is_infinite().any()), (name, col)


def _all_measures(src) -> dict[str, pl.DataFrame]:
    m = measures
    out = {f.__name__: f(src) for f in (
        m.line_completion, m.document_completion, m.unbudgeted_lines, m.unbudgeted_total,
        m.largest_gaps, m.execution, m.structure, m.per_staff, m.functional_shares,
        m.three_public_completion, m.evaluation_grades, m.grade_distribution, m.score_summary,
        m.score_distribution,
        m.score_vs_execution, m.classify_indicators, m.full_marks, m.qualitative_share,
        m.by_implementing_unit, m.corpus_summary)}
    out["headline"] = m.headline(src, "income_total")
    return out


def test_every_measure_accepts_empty_tables():
    empty = {name: metadata.empty_frame(name) for name in metadata.TABLES}
    for name, frame in _all_measures(empty).items():
        assert frame.height == 0, name


# Tables written by ingest are in key order, and the measures skip sorts and hash-grouping
# when they find their input so (one linear check); other orders take the general path. Every
# corpus-wide measure the notebooks compute (benchmarks.measures_list) must give the same rows
# either way, and from LazyFrames (catalog.scan_all) too.

def _shuffled(tables: dict[str, pl.DataFrame], seed: int) -> dict[str, pl.DataFrame]:
    return {name: df.sample(fraction=1.0, shuffle=True, seed=seed) for name, df in tables.items()}


@pytest.mark.parametrize("corpus", ["real", "synthetic"])
def test_measures_do_not_depend_on_row_order(tables, corpus):
    from benchmarks.analysis import difference
    from benchmarks.measures_list import MEASURES
    from juesuan import synth

    ordered = tables if corpus == "real" else synth.tables(30, 5)
    shuffled = _shuffled(ordered, seed=3)
    assert not shuffled["perf_indicators"].equals(ordered["perf_indicators"])  # really moved
    shared = measures.Shared(shuffled)  # the shared intermediates take the same paths
    for m in MEASURES:
        expected = m.juesuan(ordered)
        assert expected.height > 0, m.name
        assert difference(expected, m.juesuan(shuffled)) is None, m.name
        assert difference(expected, m.juesuan(shared)) is None, m.name


def _frame_in_runs() -> pl.DataFrame:
    """Keys in runs: doc_id ascending in runs, line out of order inside a run, a null line."""
    return pl.DataFrame({"doc_id": ["a", "a", "a", "b", "b", "c", "c", "c"],
                         "line": [3, 1, 3, None, 2, 5, 5, 4],
                         "v": list(range(8))})


@pytest.mark.parametrize("case", ["ordered", "runs", "shuffled", "split_run", "nulls"])
@pytest.mark.parametrize("nulls_last", [False, True])
def test_sorted_is_a_stable_sort_by_the_keys(case, nulls_last):
    from juesuan.measures.common import _sorted

    df = _frame_in_runs()
    if case == "ordered":
        df = df.drop_nulls().sort("doc_id", "line", maintain_order=True)
    elif case == "runs":
        df = df.drop_nulls()  # doc_id in runs in order, line not: sorted inside the runs
    elif case == "shuffled":
        df = df.sample(fraction=1.0, shuffle=True, seed=1)
    elif case == "split_run":  # doc "a" in two runs: not in order by doc_id
        df = pl.concat([df, df.head(1)])
    expected = df.sort("doc_id", "line", nulls_last=nulls_last, maintain_order=True)
    assert _sorted(df, ["doc_id", "line"], nulls_last=nulls_last).equals(expected)
    assert _sorted(df, ["doc_id"]).equals(df.sort("doc_id", maintain_order=True))


def test_runs_of_keys_are_found_in_slices(monkeypatch):
    from juesuan.measures import common

    df = pl.DataFrame({"doc_id": [f"d{i // 3:03d}" for i in range(100)],
                       "eval_id": [f"e{i // 2:03d}" for i in range(100)]})
    expected = [True] + [df.row(i) != df.row(i - 1) for i in range(1, 100)]
    for size in (1, 2, 7, 100, 1000):  # slices overlapping by one row, at any boundary
        monkeypatch.setattr(common, "_RUN_SLICE", size)
        assert common._run_starts(df, ["doc_id", "eval_id"]).to_list() == expected
        assert common._increasing_runs(df, ["doc_id", "eval_id"]) is not None
    assert common._increasing_runs(df.reverse(), ["doc_id"]) is None


def test_measures_read_lazy_tables():
    from benchmarks.analysis import difference
    from benchmarks.measures_list import MEASURES

    eager, lazy = catalog.load_all(), catalog.scan_all()
    for m in MEASURES:
        assert difference(m.juesuan(eager), m.juesuan(lazy)) is None, m.name
