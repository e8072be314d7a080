"""One self-evaluation table (自评表): its information rows, template, funds block and
indicators, assembled into an Evaluation.
"""

from __future__ import annotations

from juesuan.ingest.common import Evaluation, Problem
from juesuan.ingest.perf_tabular.funds import _read_funds
from juesuan.ingest.perf_tabular.goal_tables import _read_goal_funds, _read_goal_indicators
from juesuan.ingest.perf_tabular.indicators import _read_indicators
from juesuan.ingest.perf_tabular.rows import (
    _is_goal_header,
    _is_indicator_header,
    _part,
    _Row,
    _text,
)
from juesuan.metadata import perf_templates
from juesuan.text import Line, match_key


def _parse_self(title: Line, rows: list[_Row], problems: list[Problem],
                preamble_unit: str | None = None) -> Evaluation | None:
    """A self-evaluation table: header block, funds block, indicators, total row."""
    if not rows:
        return None  # printed one cell per line: another parser's job
    name_title = title.stripped
    scope = "department_overall" if "部门整体" in match_key(name_title) else "project"
    fields: dict = {"template": None, "project_name": None, "supervising_dept": None,
                    "implementing_unit": None, "amount_unit": None, "src_line": title.no}
    _read_info(rows, fields)
    if fields["project_name"] is None:
        problems.append(Problem(_part(name_title), "no 项目名称 row: table not read", title.no))
        return None
    part = _part(fields["project_name"])
    if any(match_key(c).startswith("部门(单位)名称") for r in rows[:2] for c in r.cells):
        scope = "department_overall"
    ind_at = next((k for k, r in enumerate(rows) if _is_indicator_header(r)), None)
    head = rows if ind_at is None else rows[:ind_at]
    goal = ind_at is not None and _is_goal_header(rows[ind_at])
    header = "".join(match_key(c) for r in rows[:len(head) + 1] for c in r.cells)
    template = perf_templates.identify(scope, header)
    if template is None:
        problems.append(Problem(part, "template not recognised: funds block not read", title.no))
    elif goal:
        _read_goal_funds(head, fields)
    else:
        _read_funds(head, template, fields, problems, part)
    fields["amount_unit"] = fields["amount_unit"] or preamble_unit
    fields["template"] = template and template.name
    indicators: list[dict] = []
    if ind_at is None:
        problems.append(Problem(part, "no indicator header (一级指标 … 分值 得分) found", title.no))
    elif goal:
        indicators = _read_goal_indicators(rows[ind_at:])
    else:
        indicators = _read_indicators(rows[ind_at:], fields, problems, part)
    if not goal and fields.get("score") is None:
        problems.append(Problem(part, "no total score row (总分 / 合计) found", title.no))
    return Evaluation(scope, fields, indicators)


def _read_info(rows: list[_Row], fields: dict) -> None:
    """项目名称 / 主管部门 / 实施单位 (or 预算单位): the cell after each label."""
    info = perf_templates.INFO_LABELS
    labels = {"project_name": lambda k: k in info["project_name"],
              "supervising_dept": lambda k: k.startswith(info["supervising_dept"]),
              "implementing_unit": lambda k: k in info["implementing_unit"]}
    for row in rows[:4]:
        ne = row.nonempty()
        for n, (_, c) in enumerate(ne):
            key = match_key(c)
            for col, is_label in labels.items():
                if fields[col] is None and is_label(key):
                    value = ne[n + 1][1] if n + 1 < len(ne) else None
                    if value is not None and any(f(match_key(value)) for f in labels.values()):
                        value = None  # the next cell is the next label: this one is blank
                    fields[col] = _text(value)
