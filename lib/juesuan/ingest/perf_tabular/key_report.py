"""The score tables of a key-evaluation report (…评价报告): the 一级指标 分值/得分 summary,
the ``绩效评价得分：… 等级：…`` line and the detailed 三级指标 tables.
"""

from __future__ import annotations

import re

from juesuan.ingest.common import (
    REPORT_SUFFIX_RE,
    Evaluation,
    Problem,
    is_table_caption,
    set_score,
    set_value,
)
from juesuan.ingest.perf_tabular.indicators import _TOTAL_LABELS, _read_indicators
from juesuan.ingest.perf_tabular.rows import (
    _header_kinds,
    _is_indicator_header,
    _level1,
    _part,
    _Row,
    _text,
)
from juesuan.text import Line, match_key, number_or_none


def _report_tables(region: list[Line]) -> list[tuple[Line | None, list[_Row]]]:
    """Groups of consecutive tab rows (blank lines and page markers do not split a group),
    each with the caption line printed just above it (page markers are no caption)."""
    groups: list[tuple[Line | None, list[_Row]]] = []
    caption: Line | None = None
    current: list[_Row] | None = None
    for line in region:
        if line.is_blank or line.is_page:
            continue
        if "\t" in line.text:
            if current is None:
                current = []
                groups.append((caption, current))
            current.append(_Row.of(line))
        else:
            current = None
            caption = line
    return groups


def _table_line(caption: Line | None, head: _Row) -> int:
    """Where a score table is anchored: its own title ('表 3-2 …指标评分表', printed just
    above it), else its header row."""
    return caption.no if caption is not None and is_table_caption(caption) else head.no


def _parse_report(title: Line, region: list[Line], problems: list[Problem]) -> Evaluation | None:
    """A key-evaluation report: its 一级指标 summary table, score line and detail tables.

    The evaluation is anchored (src_line) on the score table: the 一级指标 summary's title
    (or header row), else the first detail table's, else the table printing the score line;
    the report title gives the project_name.
    """
    name = _text(REPORT_SUFFIX_RE.sub("", title.stripped))
    fields: dict = {"template": "key_report", "project_name": name, "supervising_dept": None,
                    "implementing_unit": None, "amount_unit": None, "src_line": title.no}
    part = _part(name)
    indicators: list[dict] = []
    anchors: dict[str, int] = {}  # 'summary' / 'detail' / 'score' → first such table's line
    for caption, rows in _report_tables(region):
        if _score_line(rows, fields):
            anchors.setdefault("score", _table_line(caption, rows[0]))
        head = next((r for r in rows if _is_indicator_header(r)), None)
        if head is None:
            continue
        kinds = {k for _, k in _header_kinds(head)}
        start = rows.index(head)
        if "l3" not in kinds and "l1" in kinds:
            anchors.setdefault("summary", _table_line(caption, head))
            indicators += _read_summary(rows[start:], fields)
        elif "l3" in kinds:
            anchors.setdefault("detail", _table_line(caption, head))
            level1 = None if "l1" in kinds else _caption_level1(caption and caption.stripped)
            sub: dict = {}
            indicators += _read_indicators(rows[start:], sub, problems, part, vocab=False,
                                           level1=level1)
    if not anchors:
        return None  # no tab-separated score table: printed one cell per line
    fields["src_line"] = next(anchors[k] for k in ("summary", "detail", "score") if k in anchors)
    if fields.get("score") is None and fields.get("_total"):
        value, line = fields["_total"]
        set_score(fields, value, line, "table")
    fields.pop("_total", None)
    if fields.get("score") is None:
        problems.append(Problem(part, "no 绩效评价得分 / 合计 score found", title.no))
    return Evaluation("key_evaluation", fields, indicators)


def _score_line(rows: list[_Row], fields: dict) -> bool:
    """'绩效评价得分：91 综合评价结果等级：优' → score and grade."""
    for row in rows:
        text = " ".join(c for c in row.cells if c)
        m = re.match(r"\s*绩效评价(总)?得分\s*[:：]\s*([\d.]+)", text)
        if not m:
            continue
        set_score(fields, number_or_none(m.group(2)), row.no, "table")
        g = re.search(r"等级\s*[:：]\s*([^\s,，。;；]+)", text)
        if g:
            set_value(fields, "grade", g.group(1).strip("“”\"'"), row.no)
        return True
    return False


def _read_summary(rows: list[_Row], fields: dict) -> list[dict]:
    """一级指标 分值 得分 得分率 rows → level1_total indicators; 合计 is the total."""
    kinds = _header_kinds(rows[0])
    out = []
    for row in rows[1:]:
        if _is_indicator_header(row):
            kinds = _header_kinds(row)
            continue
        ne = row.nonempty()
        if not ne or match_key(ne[0][1]).startswith("绩效评价"):
            continue
        nums = [c for _, c in ne[1:] if number_or_none(c) is not None]
        value_kinds = [k for _, k in kinds if k in ("weight", "score", "score_rate")]
        got = dict(zip(value_kinds, nums))
        if match_key(ne[0][1]) in _TOTAL_LABELS:
            if got.get("score") is not None:
                fields["_total"] = (number_or_none(got["score"]), row.no)
            continue
        out.append({"row_kind": "level1_total", **_level1(ne[0][1], row.no),
                    "level2": None, "level3": None, "target": None, "target_adjusted": None,
                    "actual": None, "weight": number_or_none(got.get("weight")),
                    "score": number_or_none(got.get("score")), "deviation_reason": None,
                    "src_line": row.no})
    return out


def _caption_level1(caption: str | None) -> str | None:
    """'表 4-1 决策指标得分统计表' → '决策': the 一级 a 二级/三级-only table is about."""
    if not caption:
        return None
    m = re.search(r"([^\s\d\-－—.、表]+?)指标(得分|评分)(统计)?表", caption)
    return m.group(1) if m else None
