"""The funds row of a self-evaluation table (年度资金总额 / 总额 / 金额合计 …), its amounts
assigned to the columns the template's header announces.
"""

from __future__ import annotations

import re

from juesuan.ingest.common import Problem, set_value
from juesuan.metadata import perf_templates
from juesuan.metadata.perf_templates import PerfTemplate
from juesuan.text import Line, match_key, number_or_none

_FUNDS_COLUMN = perf_templates.FUNDS_ROLES
_FUNDS_ROW_RES = {t.name: re.compile(rf"^({'|'.join(t.funds_total)})\s*[:：]?\s*(?P<rest>.*)$")
                  for t in perf_templates.TEMPLATES if t.funds_total}


def _read_funds(region: list[Line], template: PerfTemplate, fields: dict,
               problems: list[Problem], part: str) -> None:
    """The funds row (年度资金总额 / 总额 / 金额合计 …) with the columns its header announces."""
    row_re = _FUNDS_ROW_RES.get(template.name)
    for pos, line in enumerate(region if row_re else []):
        m = row_re.match(line.stripped)
        if not m:
            continue
        rest = m.group("rest").strip()
        header = match_key("".join(ln.text for ln in region[:pos]))
        roles = template.funds_order(header)
        if rest and ("full" in roles or "executed" in roles):
            _funds_row(rest, header, roles, line.no, fields, problems, part)
            return
        if rest and number_or_none(rest.split()[0]) is not None:
            set_value(fields, "budget_full_year", number_or_none(rest.split()[0]), line.no)
            return
    _sichuan_total(region, fields)


def _sichuan_total(region: list[Line], fields: dict) -> None:
    """`资金总额 财政拨款 其他资金` with the amounts on the following line."""
    for pos, line in enumerate(region):
        if line.key.startswith("资金总额") and not re.search(r"\d", line.text):
            for nxt in region[pos + 1:pos + 4]:
                toks = nxt.stripped.split()
                if toks and number_or_none(toks[0]) is not None:
                    set_value(fields, "budget_full_year", number_or_none(toks[0]), nxt.no)
                    return


def _funds_row(rest: str, header: str, roles: list[str], line_no: int, fields: dict,
               problems: list[Problem], part: str) -> None:
    """Assign `554.91 554.91 10 100% 10` to the funds roles in header order. The rate (the
    one % token) anchors the row: the cells before it fill the roles before 执行率 from the
    right (blank cells are the leading ones, a missing 年初预算数: how these tables are
    printed), those after it the roles after it from the left."""
    toks = rest.split()
    rate_at = next((i for i, t in enumerate(toks) if t.endswith(("%", "％"))), None)
    pre = toks if rate_at is None else toks[:rate_at]
    post = [] if rate_at is None else toks[rate_at + 1:]
    before = roles[:roles.index("rate")] if "rate" in roles else list(roles)
    after = roles[len(before) + 1:]
    if rate_at is not None:
        set_value(fields, "execution_rate", number_or_none(toks[rate_at]), line_no)
    values = [number_or_none(t) for t in pre]
    if before[-1:] == ["weight"] and values:
        set_value(fields, "funds_weight", values.pop(), line_no)
        before = before[:-1]
    for role, tok in zip(after, post):
        set_value(fields, _FUNDS_COLUMN[role], number_or_none(tok), line_no)
    if sum(1 for w in ("总额", "财政拨款", "其他资金") if w in header) > 1:
        _split_amounts(values, line_no, fields, problems, part)
        return
    slots = [_FUNDS_COLUMN[r] for r in before if _FUNDS_COLUMN[r]]
    if len(values) > len(slots):
        problems.append(Problem(part, f"funds row has more amounts than columns: {rest!r}", line_no))
        values = values[-len(slots):]
    for col, value in zip(slots[len(slots) - len(values):], values):
        set_value(fields, col, value, line_no)


def _split_amounts(values: list[float | None], line_no: int, fields: dict,
                   problems: list[Problem], part: str) -> None:
    """全年预算数 and 全年执行数 each split into 总额/财政拨款/其他资金: the 总额 of each half."""
    if not values:
        return
    set_value(fields, "budget_full_year", values[0], line_no)
    if len(values) % 2 == 0:
        set_value(fields, "executed", values[len(values) // 2], line_no)
    elif len(set(values[1:])) == 1:
        set_value(fields, "executed", values[-1], line_no)
    else:
        problems.append(Problem(part, "cannot tell which amount of the 金额合计 row is the "
                                      "全年执行数 (blank cells are not printed)", line_no))
