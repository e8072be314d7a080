"""Performance-evaluation tables printed as tab-separated rows.

Finds, in document order,

* self-evaluation tables under a title ending in 自评表: the department-overall table
  (部门整体支出绩效自评表) and project tables in the national template (财预〔2020〕10号
  family), the Shanxi template (目标申报数 / 预算编制数, 调整后指标值) and the Shanxi goal
  table (项目资金（元）, 执行率 / 得分, 指标值 per year);
* the score tables of key-evaluation reports (a title ending in 评价报告): the
  一级指标 分值/得分 summary with its ``绩效评价得分：… 等级：…`` line, and the detailed
  三级指标 tables.

PDF extraction shifts cells between rows (leading blanks vary, columns drift, a merged cell's
label is printed on one row of its span), so a cell is never read by its position alone. Rows
are read by *shape*, anchored on the header words: the 分值/得分 pair is the right-most pair of
bare numbers of an indicator row; a funds row's 执行率 is its '%' cell; the 一级/二级 labels of a
self-evaluation row are recognised by the template's vocabulary (产出指标, 数量指标, ...).
Tables printed one cell per line (no tabs) are left to another parser: they give nothing here.
Which template a table is, its funds columns and rows, and the header words are the
registry's (`perf_templates`), shared with that parser.

Modules: `titles` (where the tables are), `rows` (a row's cells, header words),
`self_evaluation` (one 自评表), `funds` (its funds block), `indicators` (its indicator rows),
`goal_tables` (the Shanxi goal table), `key_report` (a key-evaluation report's score tables).
"""

from __future__ import annotations

from juesuan.ingest.common import Evaluation, Problem
from juesuan.ingest.perf_tabular.key_report import _parse_report
from juesuan.ingest.perf_tabular.rows import _part
from juesuan.ingest.perf_tabular.self_evaluation import _parse_self
from juesuan.ingest.perf_tabular.titles import _collect_rows, _preamble_unit, _title_kind
from juesuan.text import Line

__all__ = ["extract"]


def extract(lines: list[Line]) -> tuple[list[Evaluation], list[Problem]]:
    """All tab-separated performance tables of a document, in document order."""
    titles = [(i, kind) for i, line in enumerate(lines) if (kind := _title_kind(line))]
    evaluations: list[Evaluation] = []
    problems: list[Problem] = []
    for n, (i, kind) in enumerate(titles):
        stop = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        try:
            if kind == "self":
                rows = _collect_rows(lines, i + 1, stop)
                unit = _preamble_unit(lines[i + 1:stop], rows[0].no if rows else 0)
                ev = _parse_self(lines[i], rows, problems, unit)
            else:
                ev = _parse_report(lines[i], lines[i + 1:stop], problems)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            # a malformed table must not stop the document
            problems.append(Problem(_part(lines[i].stripped), f"could not be read: {exc!r}",
                                    lines[i].no))
            ev = None
        if ev is not None:
            evaluations.append(ev)
    evaluations.sort(key=lambda e: e.src_line)
    return evaluations, problems
