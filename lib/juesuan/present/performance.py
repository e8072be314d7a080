"""Performance evaluations shown: the department's self-evaluation, evaluation and indicator
tables, the corpus' figures."""

from __future__ import annotations

import html
from collections.abc import Sequence

import polars as pl

from juesuan import measures, metadata
from juesuan.measures import selected_docs
from juesuan.present.audit import _several
from juesuan.present.documents import _unit_frame
from juesuan.present.formatting import (
    HTML,
    Docs,
    Tables,
    amount,
    fmt,
    html_table,
    table,
)
from juesuan.present.labels import with_value_labels


def department_evaluation(tables: Tables, doc_id: str) -> str:
    """The department's overall self-evaluation as plain text (or a sentence saying the
    document has none)."""
    ev = measures.evaluations_frame(tables).filter((pl.col("doc_id") == doc_id)
                                          & (pl.col("scope") == "department_overall"))
    if ev.height == 0:
        return "本文档未公开部门整体支出绩效自评表。"
    out = []
    for e in ev.iter_rows(named=True):
        grade = e["grade"] or "未列示"
        if e["grade_is_computed"]:
            grade += "（文中未写等级，按得分推定）"
        out.append(f"{e['project_name']}（第{e['src_line']}行起）：自评得分{fmt(e['score'], '分')}分，"
                   f"等级{grade}；全年预算数{amount(e['budget_full_year_wanyuan'])}，"
                   f"全年执行数{amount(e['executed_wanyuan'])}，"
                   f"执行率{fmt(e['execution_rate'], '%') if e['execution_rate'] is not None else '无法计算'}")
    return "\n".join(out)


EVALUATION_COLUMNS = ("eval_id", "scope", "project_name", "implementing_unit",
                      "budget_full_year_wanyuan", "executed_wanyuan", "execution_rate",
                      "execution_rate_stated", "funds_score", "score", "grade", "src_line")


def evaluations_table(tables: Tables, doc_id: Docs = None,
                      below_rate: float | None = None) -> HTML:
    """Every evaluation with its budget, execution, rate and score (`below_rate`: only those
    whose execution rate B/A is below it)."""
    ev = measures.evaluations_frame(tables)
    cols = list(EVALUATION_COLUMNS)
    if below_rate is not None:
        ev = ev.filter(pl.col("execution_rate") < below_rate)
    if _several(doc_id):
        ev = ev.join(_unit_frame(tables), on="doc_id", how="left")
        cols = ["unit_label", *cols]
    return table(ev, doc_id=doc_id, columns=cols, table="perf_evaluations", computed=True,
                 labels={"grade": "等级"}, empty="没有符合条件的绩效评价。")


def indicators_table(tables: Tables, eval_id: str) -> HTML:
    """The indicator rows of one evaluation, with the classification the measures use."""
    c = measures.classify_indicators(tables["perf_indicators"]).filter(
        pl.col("eval_id") == eval_id)
    cols = ["seq", "level1", "level2", "level3", "target", "actual", "weight", "score",
            "qualitative", "full_marks", "src_line"]
    return table(c, columns=cols, table="perf_indicators", empty="该评价未列示指标。")


def indicator_details(tables: Tables, doc_id: str) -> HTML:
    """All evaluations' indicators of one document, one collapsible block per evaluation
    (summary line: name, score, counts of indicators, qualitative and full-marks ones)."""
    c = measures.classify_indicators(tables["perf_indicators"]).filter(
        pl.col("doc_id") == doc_id)
    ev = measures.evaluations_frame(tables).filter(pl.col("doc_id") == doc_id)
    cols = ["seq", "level1", "level2", "level3", "target", "actual", "weight", "score",
            "qualitative", "full_marks", "src_line"]
    blocks = []
    for e in ev.iter_rows(named=True):
        rows = c.filter(pl.col("eval_id") == e["eval_id"])
        summary = (f"{e['eval_id'].split(':')[-1]} {e['project_name']}：得分{fmt(e['score'], '分')}；"
                   f"有指标值的指标{int(rows['applicable'].sum())}个（其中定性"
                   f"{int(rows['qualitative'].sum())}个），有分值和得分的指标"
                   f"{int(rows['scored'].sum())}个（其中得满分{int(rows['full_marks'].sum())}个）")
        body = (html_table(with_value_labels(rows.select(cols)), "perf_indicators")
                if rows.height else "<p>该评价未列示指标。</p>")
        blocks.append(f"<details><summary>{html.escape(summary)}</summary>{body}</details>")
    if not blocks:
        return HTML("<p>本文档未公开绩效评价指标。</p>", "本文档未公开绩效评价指标。")
    return HTML("".join(blocks), f"<{len(blocks)} 个评价>")


def _share(part: int, whole: int) -> str:
    return fmt(100.0 * part / whole if whole else None, metadata.PERCENT)


def performance_summary(tables: Tables, doc_ids: Sequence[str] | None = None) -> str:
    """Corpus-level performance figures as plain text: evaluations, scores, grades, indicators."""
    ids = selected_docs(tables, doc_ids)
    ev = tables["perf_evaluations"].filter(pl.col("doc_id").is_in(ids))
    scored = ev.filter(pl.col("score").is_not_null())
    grades = measures.evaluation_grades(ev)
    n_you = grades.filter(pl.col("grade") == "优").height
    full = measures.full_marks(tables["perf_indicators"].filter(pl.col("doc_id").is_in(ids)),
                               by="doc_id")
    qual = measures.qualitative_share(
        tables["perf_indicators"].filter(pl.col("doc_id").is_in(ids)), by="doc_id")
    n_scored, n_full = int(full["n_scored"].sum()), int(full["n_full_marks"].sum())
    n_ind, n_qual = int(qual["n_indicators"].sum()), int(qual["n_qualitative"].sum())
    mean = scored["score"].mean() if scored.height else None
    n_full_score = scored.filter((pl.col("score") - 100).abs() < 1e-6).height
    lines = [
        f"{len(ids)}份文档共有绩效评价{ev.height}个，其中有总得分的{scored.height}个",
        (f"平均得分{fmt(mean, '分')}分，最低{fmt(scored['score'].min(), '分')}分，"
         f"满分（100分）{n_full_score}个"),
        f"等级为“优”的{n_you}个（占{_share(n_you, grades.height)}）",
        f"有分值和得分的指标{n_scored}个，其中得满分{n_full}个（{_share(n_full, n_scored)}）",
        f"有效指标{n_ind}个，其中定性指标{n_qual}个（{_share(n_qual, n_ind)}）",
    ]
    return "\n".join(lines)


