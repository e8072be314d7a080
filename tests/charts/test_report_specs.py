"""Every chart spec the reports emit is valid Vega-Lite.

`present.show` serialises a chart without Altair's schema validation (`charts.chart_spec`:
the validation was a third of a unit report's kernel time), so the validation is done here,
for every chart call of every report notebook, on every document of the real corpus: the
unit report's charts of each document from its own rows (`catalog.load_document`, as the
notebook loads them), the corpus-wide reports' charts of all documents. And a chart shown
through `present.show` is the very output Altair's own display gives."""

from __future__ import annotations

import json
import re

import altair as alt
import jsonschema
import pytest

from juesuan import catalog, charts, present
from juesuan.reports.registry import NOTEBOOKS

NOTEBOOK_DIR = catalog.project_root() / "notebooks"
CHART_CALL = re.compile(r"charts\.(\w+)\(([^)]*)\)")


def _chart_calls() -> set[tuple[str, str, str]]:
    """(notebook, chart function, arguments) of every chart call in the report notebooks."""
    calls = set()
    for nb in NOTEBOOKS:
        cells = json.loads((NOTEBOOK_DIR / nb.path).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                for name, args in CHART_CALL.findall("".join(cell["source"])):
                    calls.add((nb.path, name, " ".join(args.split())))
    return calls


CALLS = sorted(_chart_calls())
DOC_IDS = catalog.load("documents")["doc_id"].to_list()


@pytest.fixture(scope="module")
def schema() -> dict:
    return alt.vegalite.v6.schema.core.load_schema()


@pytest.fixture(scope="module")
def corpus() -> dict:
    return catalog.load_all()


def test_the_reports_draw_charts():
    names = {name for _nb, name, _args in CALLS}
    assert {"income_expenditure", "project_scores", "findings_overview"} <= names
    assert all(callable(getattr(charts, name)) for name in names)


def _emitted(corpus: dict) -> list[tuple[str, dict]]:
    """(what, spec) of every chart the report notebooks draw on the real corpus."""
    specs = []
    for path, name, args in CALLS:
        fn = getattr(charts, name)
        if args == "tables, doc_id":  # a unit report's chart, of each document's own rows
            for doc_id in DOC_IDS:
                chart = fn(catalog.load_document(doc_id), doc_id)
                if chart is not None:
                    specs.append((f"{path} {name}({doc_id})", charts.chart_spec(chart)))
            continue
        # a corpus-wide report's chart, of every document (doc_ids=None), `by="…"` as written
        chart = fn(corpus, **dict(re.findall(r'(\w+)="(\w+)"', args)))
        if chart is not None:
            specs.append((f"{path} {name}({args})", charts.chart_spec(chart)))
    return specs


def test_every_chart_spec_the_reports_emit_is_valid_vega_lite(schema, corpus):
    specs = _emitted(corpus)
    unit = [what for what, _ in specs if what.startswith("unit_report")]
    assert len(unit) >= 4 * len(DOC_IDS)  # most documents have most charts
    for what, spec in specs:
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(spec), key=str)
        assert not errors, f"{what}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_an_invalid_spec_is_caught(schema, corpus):
    chart = charts.income_expenditure(corpus, "xianyang-hrss-2023")
    spec = charts.chart_spec(chart)
    spec["layer"][0]["mark"] = {"type": "no-such-mark"}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(spec))


def test_show_displays_what_altair_displays(corpus, monkeypatch):
    """present.show's output of a chart is Altair's own `_repr_mimebundle_`, byte for byte."""
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    for name in ("income_expenditure", "project_scores", "three_public"):
        chart = getattr(charts, name)(corpus, "xianyang-hrss-2023")
        charts.setup(reset=True)
        altair_own = chart._repr_mimebundle_()
        charts.setup(reset=True)
        present.show(chart, missing="")
        charts.setup(reset=True)
        assert isinstance(shown[-1], charts.Displayed)
        ours = shown[-1]._repr_mimebundle_()
        strip = re.compile(r"juesuan-chart-(\w+)-\d+")  # the session's chart counter
        assert strip.sub(r"\1", ours["text/html"]) == strip.sub(r"\1", altair_own["text/html"])
        assert ours["text/plain"] == altair_own["text/plain"]
