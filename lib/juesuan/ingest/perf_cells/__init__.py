"""Performance-evaluation tables printed without tabs: one cell (or a few) per line.

In these PDF extractions a table row is scattered over several lines: a header such as
`一级指\\n标` is broken letter by letter, a long indicator name wraps inside its column
(`享受社会保险补贴\\n人员数量`), and the short cells of the row end up together on one line
(`≥50 人 ≥50 人 4.17 4.17`). There is no geometry left, so the rules here are driven by
what the header says the columns are and by three observations that hold for the whole
family of templates:

* the numbers of a row (分值/得分, or 指标性质 … 权重) are printed on one *value line*;
* the 一级/二级 labels are a small vocabulary (产出指标, 数量指标, …) and come first;
* the fragments of one wrapped cell all fill the column width except the last one — that
  is how fragments are divided between adjacent cells when a row prints none inline.

Tab-separated tables are parsed elsewhere; any table whose lines carry tabs is skipped.
Which template a table is, its funds columns and rows, and the header and label words are
the registry's (`perf_templates`), shared with that parser.

Modules: `titles` (where a table starts), `info` and `funds` (the blocks above the indicators),
`value_lines` (the indicator header and the lines that print a row's numbers), `fragments`
(dividing wrapped text between cells; the 一级/二级 labels), `body` (the indicator rows
assembled), `self_evaluation` (one 自评表), `key_summary` (a key-evaluation report's score table).
"""

from __future__ import annotations

from juesuan.ingest.common import Evaluation, Problem
from juesuan.ingest.perf_cells.key_summary import _key_table
from juesuan.ingest.perf_cells.self_evaluation import _self_table
from juesuan.ingest.perf_cells.titles import _find_starts, _is_tab_table, _looks_like_table
from juesuan.text import Line

__all__ = ["extract"]


def extract(lines: list[Line]) -> tuple[list[Evaluation], list[Problem]]:
    """Every performance table printed without tabs, in document order, with its problems."""
    evaluations: list[Evaluation] = []
    problems: list[Problem] = []
    starts = _find_starts(lines)
    for n, start in enumerate(starts):
        stop = starts[n + 1].index if n + 1 < len(starts) else len(lines)
        try:
            if start.kind == "key":
                evaluation, found, _ = _key_table(lines, start.index)
            elif _is_tab_table(lines, start.index) or not _looks_like_table(lines, start.index):
                continue
            else:
                evaluation, found = _self_table(lines, start.index, stop)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            # a table this parser trips over must not lose the rest of the document
            line = lines[start.index]
            problems.append(Problem(f'performance table "{line.stripped}"',
                                    f"not read ({type(exc).__name__}: {exc})", line.no))
            continue
        evaluations.append(evaluation)
        problems.extend(found)
    return evaluations, problems
