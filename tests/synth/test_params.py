"""The synthetic corpus is fitted to the real one: `fit` on data/curated gives distributions
whose ranges hold the real documents' values (read here from the curated tables), catalogues
made of what the documents print, and a generated corpus that passes the data contract."""

from __future__ import annotations

import math

import polars as pl
import pytest

from juesuan import catalog, synth
from juesuan.ingest.document import is_synthetic
from juesuan.synth.params import LogNormal, Params
from tests.conftest import DOCS


@pytest.fixture(scope="module")
def real():
    """The four text documents the model's expectations below were read from (the corpus
    also holds PDFs since; their figures are asserted in tests/ingest/test_pdf.py)."""
    return {name: df.filter(pl.col("doc_id").is_in(list(DOCS)))
            for name, df in catalog.load_all().items()}


@pytest.fixture(scope="module")
def params(real):
    return synth.fit(real)


def _covers(ln: LogNormal, values: list[float]) -> None:
    """Every real value lies within three standard deviations (in logs) of the fit."""
    lo, hi = math.exp(ln.mu - 3 * ln.sigma), math.exp(ln.mu + 3 * ln.sigma)
    assert values and all(lo <= v <= hi for v in values), (lo, hi, values)


def test_counts_of_the_real_corpus(params, real):
    assert params.n_documents == real["documents"].height == 4
    evals = real["perf_evaluations"]
    assert params.n_evaluations == evals.height
    assert params.n_project_evaluations == evals.filter(pl.col("scope") == "project").height
    assert params.n_indicators == real["perf_indicators"].height


def test_fitted_ranges_hold_the_real_values(params, real):
    totals = real["totals"]
    staff = totals.filter(pl.col("metric") == "staff_actual")["value"].to_list()
    assert sorted(set(staff)) == [8.0, 34.0, 55.0, 173.0]
    _covers(params.staff_actual, staff)
    evals = real["perf_evaluations"]
    projects = evals.filter(pl.col("scope") == "project").group_by("doc_id").len()["len"]
    assert sorted(projects.to_list()) == [1, 4, 17, 27]
    _covers(params.projects_per_doc, projects.to_list())
    per_eval = real["perf_indicators"].group_by("eval_id").len()["len"].to_list()
    assert (min(per_eval), max(per_eval)) == (4, 20)
    _covers(params.indicators_per_eval, per_eval)
    lines = real["budget_lines"].filter(pl.col("level") == "item")
    per_doc = lines.group_by("doc_id", "statement").len().group_by("doc_id").agg(
        pl.col("len").max())["len"].to_list()
    _covers(params.items_per_doc, per_doc)
    gpb = lines.filter(pl.col("statement") == "table_gpb_expenditure")
    _covers(params.basic_amount, gpb["basic"].drop_nulls().to_list())
    _covers(params.project_amount, gpb["project"].drop_nulls().to_list())
    scores = evals.filter(pl.col("scope") == "project")["score"].drop_nulls()
    assert scores.min() <= params.mean_project_score <= scores.max()


def test_catalogues_are_what_the_documents_print(params, real):
    printed = real["budget_lines"].filter(pl.col("func_code").str.len_chars() == 7)
    codes = set(printed["func_code"].to_list())
    assert {c[0] for c in params.func_catalogue} <= codes
    assert ["2080101", "社会保障和就业支出", "人力资源和社会保障管理事务", "行政运行"] in [
        c[:4] for c in params.func_catalogue]
    econ = set(real["economic_lines"]["econ_code"].to_list())
    assert {c[0] for c in params.econ_catalogue} <= econ and "30101" in econ
    names = set(real["perf_evaluations"]["project_name"].drop_nulls().to_list())
    assert "就业补助资金" in params.project_names
    assert all(n in names or any(n in m for m in names) for n in params.project_names)
    level3 = set(real["perf_indicators"]["level3"].drop_nulls().to_list())
    assert params.indicator_pool and all(row[1] in level3 for row in params.indicator_pool)


def test_params_round_trip_through_json(params):
    assert Params.from_json(params.to_json()) == params


def test_a_generated_corpus_passes_the_data_contract_and_is_marked():
    frames = synth.tables(30, 5)
    assert set(frames) == {"documents", "totals", "budget_lines", "economic_lines",
                           "three_public", "perf_evaluations", "perf_indicators"}
    for name, df in frames.items():
        catalog.validate(name, df)
        assert df.height > 0 and df["doc_id"].map_elements(is_synthetic, pl.Boolean).all()
    docs = frames["documents"]
    assert docs["synthetic"].all() and docs.height == 30


def test_a_generated_corpus_spans_the_real_ranges():
    frames = synth.tables(600, 2)
    per_eval = frames["perf_indicators"].group_by("eval_id").len()["len"]
    assert per_eval.min() <= 4 and per_eval.max() >= 20
    projects = frames["perf_evaluations"].filter(pl.col("scope") == "project")
    per_doc = projects.group_by("doc_id").len()["len"]
    assert per_doc.min() == 1 and per_doc.max() >= 27
