"""The same measure results whatever the source: the loaded tables, one `measures.Shared` of
them (intermediates computed once and reused), `catalog.scan` LazyFrames of single files or
of a partitioned dataset (`catalog.write_partitioned`)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from juesuan import catalog, measures, synth

# every corpus-wide measure, as the notebooks call it (by table) and given all tables
CALLS = {
    "document_completion": lambda t: measures.document_completion(t["totals"]),
    "structure": lambda t: measures.structure(t["totals"]),
    "per_staff": lambda t: measures.per_staff(t["totals"]),
    "document_figures": lambda t: measures.document_figures(t["totals"]),
    "headlines": lambda t: measures.headlines(t["totals"], ["staff_actual", "income_total"]),
    "headline": lambda t: measures.headline(t["totals"], "expenditure_basic"),
    "line_completion": lambda t: measures.line_completion(t["budget_lines"]),
    "unbudgeted_total": lambda t: measures.unbudgeted_total(t["budget_lines"]),
    "largest_gaps": lambda t: measures.largest_gaps(t["budget_lines"]),
    "functional_shares": lambda t: measures.functional_shares(t["budget_lines"]),
    "three_public_completion": lambda t: measures.three_public_completion(t["three_public"]),
    "execution": lambda t: measures.execution(t["perf_evaluations"]),
    "evaluation_grades": lambda t: measures.evaluation_grades(t["perf_evaluations"]),
    "grade_distribution": lambda t: measures.grade_distribution(t["perf_evaluations"]),
    "score_summary": lambda t: measures.score_summary(t["perf_evaluations"], ("doc_id", "scope")),
    "score_distribution": lambda t: measures.score_distribution(t["perf_evaluations"]),
    "score_vs_execution": lambda t: measures.score_vs_execution(t["perf_evaluations"]),
    "by_implementing_unit": lambda t: measures.by_implementing_unit(t["perf_evaluations"]),
    "classify_indicators": lambda t: measures.classify_indicators(t["perf_indicators"]),
    "full_marks": lambda t: measures.full_marks(t["perf_indicators"], by="doc_id"),
    "qualitative_share": lambda t: measures.qualitative_share(t["perf_indicators"]),
    "full_marks (eval)": lambda t: measures.full_marks(t["perf_indicators"]),
    "qualitative_share (doc)": lambda t: measures.qualitative_share(t["perf_indicators"], "doc_id"),
    "evaluations_frame": lambda t: measures.evaluations_frame(t),
    "compare_frame": lambda t: measures.compare_frame(t),
    "corpus_summary": lambda t: measures.corpus_summary(t),
}
# given a Shared, each measure takes its table from it (the benchmark's way)
SHARED_CALLS = {
    "document_completion": measures.document_completion, "structure": measures.structure,
    "per_staff": measures.per_staff, "document_figures": measures.document_figures,
    "headlines": lambda s: measures.headlines(s, ["staff_actual", "income_total"]),
    "line_completion": measures.line_completion, "unbudgeted_total": measures.unbudgeted_total,
    "three_public_completion": measures.three_public_completion,
    "execution": measures.execution, "evaluation_grades": measures.evaluation_grades,
    "grade_distribution": measures.grade_distribution,
    "score_summary": lambda s: measures.score_summary(s, ("doc_id", "scope")),
    "score_vs_execution": measures.score_vs_execution,
    "by_implementing_unit": measures.by_implementing_unit,
    "classify_indicators": measures.classify_indicators,
    "full_marks": lambda s: measures.full_marks(s, by="doc_id"),
    "qualitative_share": measures.qualitative_share,
    "full_marks (eval)": measures.full_marks,
    "qualitative_share (doc)": lambda s: measures.qualitative_share(s, "doc_id"),
    "evaluations_frame": measures.evaluations_frame, "compare_frame": measures.compare_frame,
    "corpus_summary": measures.corpus_summary,
}


@pytest.fixture(scope="module")
def synthetic():
    """Several years and provinces, so a partitioned dataset has several folders."""
    return synth.tables(60, 5)


def _expected(tables):
    return {name: call(tables) for name, call in CALLS.items()}


@pytest.mark.parametrize("corpus", ["real", "synthetic"])
def test_partitioned_and_single_file_datasets_give_the_same_results(corpus, tables, synthetic,
                                                                    tmp_path):
    source = tables if corpus == "real" else synthetic
    single = tmp_path / "single"
    single.mkdir()
    for name, df in source.items():
        df.write_parquet(single / f"{name}.parquet")
    parted = catalog.write_partitioned(source, tmp_path / "parted")
    assert len(list((parted / "totals").glob("*/*"))) > 1
    expected = _expected(source)
    for root in (single, parted):
        scanned = {name: catalog.scan(name, root) for name in source}
        loaded = {name: catalog.load(name, root) for name in source}
        for lazy in (scanned, loaded):
            for name, call in CALLS.items():
                got = call(lazy)
                assert isinstance(got, pl.DataFrame)
                # floats: a sum over files or batches may add in another order (last bit)
                assert_frame_equal(got, expected[name], check_exact=False, rel_tol=1e-12,
                                   abs_tol=1e-12), (root, name)


@pytest.mark.parametrize("lazy", [False, True])
def test_a_shared_source_gives_each_measure_its_own_result(tables, tmp_path, lazy):
    expected = _expected(tables)
    shared = measures.Shared(catalog.scan_all() if lazy else tables)
    for _ in range(2):  # the second time from the cache
        for name, call in SHARED_CALLS.items():
            assert_frame_equal(call(shared), expected[name], check_exact=True), name


def test_a_shared_source_computes_each_intermediate_once(tables, monkeypatch):
    from juesuan.measures import performance, totals

    calls = {"_wide_figures": 0, "_classified": 0}
    for module, fn in ((totals, "_wide_figures"), (performance, "_classified")):
        original = getattr(module, fn)

        def counted(*args, _original=original, _fn=fn, **kwargs):
            calls[_fn] += 1
            return _original(*args, **kwargs)
        monkeypatch.setattr(module, fn, counted)
    shared = measures.Shared(tables)
    for m in (measures.document_completion, measures.structure, measures.per_staff,
              measures.compare_frame, measures.corpus_summary):
        m(shared)
    measures.classify_indicators(shared)
    for by in ("doc_id", "eval_id"):
        measures.full_marks(shared, by=by)
        measures.qualitative_share(shared, by=by)
    assert calls == {"_wide_figures": 1, "_classified": 1}
    # without a Shared source every measure does its own pass
    measures.document_figures(tables)
    measures.document_figures(tables)
    measures.full_marks(tables)
    assert calls == {"_wide_figures": 3, "_classified": 2}
