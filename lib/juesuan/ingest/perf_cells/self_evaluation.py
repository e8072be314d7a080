"""One self-evaluation table (自评表) printed without tabs: information, template, funds and
indicators, assembled into an Evaluation with the problems met.
"""

from __future__ import annotations

from juesuan.ingest.common import Evaluation, Problem, empty_fields
from juesuan.ingest.perf_cells.body import _Body, _indicator, _read_body
from juesuan.ingest.perf_cells.funds import _read_funds
from juesuan.ingest.perf_cells.info import _amount_unit, _read_info
from juesuan.ingest.perf_cells.value_lines import _read_header
from juesuan.metadata import perf_templates
from juesuan.text import Line, match_key


def _self_table(lines: list[Line], start: int, stop: int) -> tuple[Evaluation, list[Problem]]:
    title = lines[start]
    scope = "department_overall" if "整体" in title.text else "project"
    part = f'performance table "{title.stripped}"'
    problems: list[Problem] = []
    fields = empty_fields(scope)
    fields["src_line"] = title.no
    hdr = next((i for i in range(start + 1, stop)
                if match_key(lines[i].text).startswith("一级指")), None)
    region = [ln for ln in lines[start + 1:hdr if hdr is not None else stop] if "\t" not in ln.text]
    _read_info(region, fields)
    fields["amount_unit"] = _amount_unit(region)
    roles, body_start = _read_header(lines, hdr, stop) if hdr is not None else ([], start)
    header = match_key("".join(ln.text for ln in region + lines[hdr or stop:body_start]))
    template = perf_templates.identify(scope, header)
    evaluation = Evaluation(scope, fields)
    if template is None:
        problems.append(Problem(part, "template not recognised: funds block not read", title.no))
    else:
        fields["template"] = template.name
        _read_funds(region, template, fields, problems, part)
    if hdr is None:
        problems.append(Problem(part, "no 一级指标 header found: indicators not read", title.no))
        return evaluation, problems
    tail = roles[roles.index("level3") + 1:] if "level3" in roles else roles
    if "weight" not in tail:
        problems.append(Problem(part, f"indicator header not understood: {roles}", lines[hdr].no))
        return evaluation, problems
    body = _Body(tail, part, problems)
    _read_body(lines, body_start, stop, body, fields)
    evaluation.indicators = [_indicator(r) for r in body.rows]
    if fields["score"] is None and "score" in tail:
        problems.append(Problem(part, "no 总分 row: the table's total score not read", title.no))
    if not fields.get("project_name"):
        problems.append(Problem(part, "no 项目名称 / 部门名称 found", title.no))
    if not evaluation.indicators:
        problems.append(Problem(part, "no indicator rows read", lines[hdr].no))
    return evaluation, problems
