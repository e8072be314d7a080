"""The score table of a key-evaluation report printed with spaces: `一级指标 分值 得分 得分率`
rows and the `合计` total, anchored on the table's title and named by the report's title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from juesuan.ingest.common import (
    Evaluation,
    Problem,
    empty_fields,
    is_table_caption,
    report_title,
    set_score,
)
from juesuan.ingest.perf_cells.body import _TOTAL_RE, _empty_indicator
from juesuan.ingest.perf_cells.titles import _KEY_HEADER_RE
from juesuan.text import DECIMAL, Line

_KEY_ROW_RE = re.compile(
    rf"^(?P<label>\S+)\s+(?P<w>{DECIMAL})\s+(?P<s>{DECIMAL})(?:\s+(?P<r>{DECIMAL})\s*[%％])?$"
)


def _key_table(lines: list[Line], start: int) -> tuple[Evaluation, list[Problem], int]:
    """`一级指标 分值 得分 得分率` rows and `合计 100 90 90%` (the report's score table).

    The evaluation is anchored (src_line) on the table's own title ('报告绩效指标评分表'),
    else on its header row; the report title (…评价报告) gives the project_name.
    """
    header = lines[start]
    fields = empty_fields("key_evaluation")
    fields["template"] = "key_report"
    title = _nearest_before(lines, start, is_table_caption, 6)
    fields["src_line"] = (title or header).no
    report = _nearest_before(lines, start, report_title, len(lines))
    name = report_title(report) if report is not None else None
    fields["project_name"] = name or (title.stripped if title else None)
    part = f'performance table "{(title or header).stripped}"'
    problems = [] if name else [Problem(part, "no report title (…评价报告) before the table",
                                        header.no)]
    evaluation = Evaluation("key_evaluation", fields)
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.is_blank or _KEY_HEADER_RE.match(line.stripped):
            i += 1
            continue
        m = _KEY_ROW_RE.match(line.stripped)
        if not m:
            break
        i += 1
        if _TOTAL_RE.match(m.group("label")):
            set_score(fields, float(m.group("s")), line.no, "table")
            break
        row = _empty_indicator()
        row.update(row_kind="level1_total", level1=m.group("label"), weight=float(m.group("w")),
                   score=float(m.group("s")), src_line=line.no)
        evaluation.indicators.append(row)
    if not evaluation.indicators:
        problems.append(Problem(part, "no rows under the 一级指标 分值 得分 header", header.no))
    return evaluation, problems, i


def _nearest_before(lines: list[Line], start: int, test: Callable[[Line], object],
                    limit: int) -> Line | None:
    """The closest line above `start` that passes `test`, within `limit` non-blank lines."""
    seen = 0
    for line in reversed(lines[:start]):
        if line.is_blank:
            continue
        if test(line):
            return line
        seen += 1
        if seen >= limit:
            return None
    return None
