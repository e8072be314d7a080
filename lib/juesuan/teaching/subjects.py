"""What an exercise asks about on a document: the document itself, or one line or evaluation
of it chosen by a stated rule (`pick_*`), and the names a question gives it (`describe`).

A subject is `doc_id`, `doc_id:<func_code>` / `doc_id:L<src_line>` (a line of the narrative) or
an eval_id (`doc_id:<evaluation>`), so the same exercise can be set on any document.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from juesuan import measures, present
from juesuan.teaching.methods import (
    Tables,
    _grades,
    _lines,
    _narrative_items,
    _narrative_line,
    _row,
)

Pick = Callable[[Tables, str], str | None]


def _whole_document(tables: Tables, doc: str) -> str | None:
    return doc


def doc_of(subject: str | None) -> str | None:
    """The document of a subject (`doc_id`, or `doc_id:<line or evaluation>`)."""
    return None if subject is None else subject.split(":")[0]


def describe(tables: Tables, subject: str) -> dict[str, str]:
    """What a question template names: {doc} the document, {name} the line or project asked
    about and {line} its line in the source text."""
    doc = doc_of(subject)
    out = {"doc": present.doc_labels(tables).get(doc, doc), "name": "", "line": ""}
    if ":" not in subject:
        return out
    part = subject.split(":", 1)[1]
    if part.startswith("L") or part.isdigit():
        row = _narrative_line(tables, subject)
        if row is not None:
            code = f"（{row['func_code']}）" if row["func_code"] else ""
            out.update(name=f"{row['line_name']}{code}", line=str(row["src_line"]))
    else:
        row = _row(tables["perf_evaluations"], eval_id=subject)
        if row is not None:
            out.update(name=f"“{row['project_name'] or row['eval_id']}”", line=str(row["src_line"]))
    return out


def _line_subject(doc: str, row: dict) -> str:
    return f"{doc}:{row['func_code']}" if row["func_code"] else f"{doc}:L{row['src_line']}"


def pick_line_above_budget(tables: Tables, doc: str) -> str | None:
    """The line of the narrative's list with the largest initial budget among those spent at
    least 10 % above it (a line with a budget, so the ratio means something)."""
    lines = _lines(tables, doc).filter((pl.col("statement") == "narrative_gpb")
                                       & (pl.col("budget_initial") > 0)
                                       & (pl.col("completion_rate") >= 110))
    if lines.height == 0:
        return None
    return _line_subject(doc, lines.sort(["budget_initial", "src_line"],
                                         descending=[True, False]).row(0, named=True))


def _projects(tables: Tables, doc: str) -> pl.DataFrame:
    return measures.execution(tables["perf_evaluations"]).filter(
        (pl.col("doc_id") == doc) & (pl.col("scope") == "project")
        & pl.col("execution_rate").is_not_null())


def pick_coded_document(tables: Tables, doc: str) -> str | None:
    """The document itself, when its narrative list gives the lines' codes."""
    items = _narrative_items(tables, doc)
    return doc if items.height and items["func_code"].null_count() < items.height else None


def pick_project_budget_raised(tables: Tables, doc: str) -> str | None:
    """The project whose full-year budget A is the largest multiple of its initial budget (the
    one where the two denominators differ most); without initial budgets, the project with the
    lowest execution rate."""
    p = _projects(tables, doc)
    raised = p.filter(pl.col("budget_initial") > 0)
    if raised.height:
        return raised.sort([pl.col("budget_full_year") / pl.col("budget_initial"), "eval_id"],
                           descending=[True, False])["eval_id"][0]
    return p.sort(["execution_rate", "eval_id"])["eval_id"][0] if p.height else None


def pick_project_weighted(tables: Tables, doc: str) -> str | None:
    """As `pick_project_budget_raised`, among projects whose funds block states its weight."""
    p = _projects(tables, doc).filter(pl.col("funds_weight").is_not_null())
    sub = {**tables, "perf_evaluations": tables["perf_evaluations"].filter(
        pl.col("eval_id").is_in(p["eval_id"].to_list()))}
    return pick_project_budget_raised(sub, doc)


def pick_ungraded_lowest(tables: Tables, doc: str) -> str | None:
    """The evaluation without a stated grade that has the lowest total score."""
    g = _grades(tables, doc).filter(pl.col("grade_is_computed") & pl.col("score").is_not_null())
    return g.sort(["score", "eval_id"])["eval_id"][0] if g.height else None


def pick_stated_rate_furthest(tables: Tables, doc: str) -> str | None:
    """The project whose printed execution rate is furthest from B ÷ A."""
    p = _projects(tables, doc).filter(pl.col("execution_rate_stated").is_not_null())
    if p.height == 0:
        return None
    return p.sort([pl.col("execution_rate_difference").abs(), "eval_id"],
                  descending=[True, False])["eval_id"][0]


def _parts_gap(tables: Tables, doc: str) -> pl.DataFrame:
    ind = (tables["perf_indicators"].filter((pl.col("doc_id") == doc)
                                            & (pl.col("row_kind") == "indicator"))
           .group_by("eval_id").agg(ind=pl.col("score").sum(), n=pl.col("score").count()))
    ev = tables["perf_evaluations"].filter((pl.col("doc_id") == doc)
                                          & pl.col("funds_score").is_not_null()
                                          & pl.col("score").is_not_null())
    return (ev.join(ind.filter(pl.col("n") > 0), on="eval_id")
            .with_columns(gap=(pl.col("score") - pl.col("ind") - pl.col("funds_score")).abs()))


def pick_score_parts_furthest(tables: Tables, doc: str) -> str | None:
    """Among the evaluations that lost points on funds (funds score below its weight, 10 where
    the table prints none), the one whose printed total is furthest from its funds score plus its
    indicator scores; when none lost any, the furthest of all with a plausible funds score."""
    weight = pl.col("funds_weight").fill_null(10.0)
    g = _parts_gap(tables, doc).filter(pl.col("funds_score") <= weight)
    lost = g.filter(pl.col("funds_score") < weight)
    g = lost if lost.height else g
    return g.sort(["gap", "eval_id"], descending=[True, False])["eval_id"][0] if g.height else None
