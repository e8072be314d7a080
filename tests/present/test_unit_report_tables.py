"""The unit report's tables, made fast, give the same report: its figures computed once
(`measures.Shared` around `catalog.load_document`) against a plain dict of the document's
rows — every section's HTML and every chart's spec, for every document of the real corpus.
(polars' in-memory engine was tried for these small queries and dropped: a frame it returns
can be laid out otherwise, and `x / 100` on it then differs in the last bit — 0.8124 against
0.8123999999999999 in a synthetic unit's chart data.)"""

from __future__ import annotations

import pytest

from juesuan import catalog, charts, measures, present

DOC_IDS = catalog.load("documents")["doc_id"].to_list()
CHARTS = ("income_expenditure", "initial_vs_final", "budget_gaps", "economic_structure",
          "three_public", "project_scores", "indicator_quality")


def _html(obj) -> str:
    return obj if isinstance(obj, str) else obj._repr_html_()


def _report(tables, doc_id: str) -> list:
    """What the unit report shows of the document, section by section."""
    out = [_html(present.conclusions(tables, doc_id)),
           _html(present.profile_card(tables, doc_id)),
           _html(present.key_figures_card(tables, doc_id)),
           _html(present.sentences(tables, doc_id, present.three_public_note(tables, doc_id))),
           _html(present.sentences(tables, doc_id, present.department_evaluation(tables, doc_id))),
           _html(present.evaluations_table(tables, doc_id)),
           _html(present.indicator_details(tables, doc_id)),
           _html(present.problems_and_suggestions(tables, doc_id)),
           _html(present.sentences(tables, doc_id, present.findings_summary(tables, doc_id),
                                   present.completeness_summary(tables, doc_id))),
           _html(present.findings_table(tables, doc_id)),
           _html(present.completeness_table(tables, doc_id, only_gaps=True)),
           _html(present.table(measures.line_completion(tables["budget_lines"]), doc_id,
                               table="budget_lines", computed=True)),
           _html(present.table(measures.three_public_completion(tables["three_public"]), doc_id,
                               table="three_public", computed=True))]
    for name in CHARTS:
        chart = getattr(charts, name)(tables, doc_id)
        out.append(None if chart is None else charts.chart_spec(chart))
    return out


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_shared_tables_make_the_same_report(doc_id):
    plain = _report(catalog.load_document(doc_id), doc_id)
    shared = measures.Shared(catalog.load_document(doc_id))
    fast = _report(shared, doc_id)
    assert fast == plain
    assert _report(shared, doc_id) == plain  # and again, from what the first run kept
    assert any(s is not None for s in fast[-len(CHARTS):])


def test_shared_computes_a_figure_once():
    tables = measures.Shared(catalog.load_document("xianyang-hrss-2023"))
    calls = []

    def compute():
        calls.append(1)
        return measures.headline(tables["totals"], "expenditure_total")

    first = measures.shared(tables, ("headline", "expenditure_total"), compute)
    again = measures.shared(tables, ("headline", "expenditure_total"), compute)
    assert again is first and len(calls) == 1
    plain = dict(tables.items())
    measures.shared(plain, "x", compute)
    measures.shared(plain, "x", compute)
    assert len(calls) == 3  # a plain dict keeps nothing

