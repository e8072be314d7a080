"""The funds block of a self-evaluation table (年度资金总额 / 总额 / 金额合计 …): its header
columns and the row of amounts mapped onto them, however the cells drifted.
"""

from __future__ import annotations

import re

from juesuan.ingest.common import AMOUNT_UNITS, Problem, set_value
from juesuan.ingest.perf_tabular.rows import _Row
from juesuan.metadata import perf_templates
from juesuan.metadata.perf_templates import PerfTemplate
from juesuan.text import match_key, number_or_none

_UNIT_RE = re.compile(rf"\(({AMOUNT_UNITS})\)")


def _amount_unit(rows: list[_Row]) -> str | None:
    """万元 or 元, as the funds header prints it ('项目资金 (万元)', '全年预算数(万元)')."""
    for row in rows:
        for c in row.cells:
            m = _UNIT_RE.search(match_key(c))
            if m:
                return m.group(1)
    return None


def _is_funds_header(row: _Row, template: PerfTemplate) -> bool:
    """The funds block's header names the template's 年初预算数 / 全年预算数 / 全年执行数."""
    return any(template.funds_role(match_key(c)) in ("initial", "full", "executed")
               for c in row.cells if c)


def _funds_columns(header: _Row, sub: _Row | None, template: PerfTemplate) -> list[str]:
    """Column kinds of the funds block, with the sub-header splitting 年初预算数 into
    目标申报数/预算编制数 (Shanxi) or 全年预算数/全年执行数 into 总额/财政拨款/其他资金."""
    subs = [match_key(c) for c in (sub.cells if sub else [])]
    subs = [s for s in subs if s in ("目标申报数", "预算编制数", "总额", "财政拨款", "其他资金")]
    cols: list[str] = []
    for c in header.cells:
        key = match_key(c)
        kind = template.funds_role(key) if key else None
        if kind is None:
            continue
        if kind == "initial" and subs[:1] and subs[0] in ("目标申报数", "预算编制数"):
            while subs and subs[0] in ("目标申报数", "预算编制数"):
                cols.append("declared" if subs.pop(0) == "目标申报数" else "initial")
        elif kind in ("full", "executed") and subs[:1] == ["总额"]:
            subs.pop(0)
            cols.append(kind)
            while subs and subs[0] in ("财政拨款", "其他资金"):
                cols.append(kind + ("_fiscal" if subs.pop(0) == "财政拨款" else "_other"))
        else:
            cols.append(kind)
    return cols


def _is_funds_total(key: str, template: PerfTemplate) -> bool:
    """A cell that is the funds row's label alone (金额合计 may have more words after it)."""
    labels = template.funds_total
    return key.removesuffix(":") in labels or ("金额合计" in labels and key.startswith("金额合计"))


def _read_funds(rows: list[_Row], template: PerfTemplate, fields: dict,
                problems: list[Problem], part: str) -> None:
    """The template's funds row (年度资金总额 / 总额 / 金额合计 …), mapped onto the funds
    header columns."""
    fields["amount_unit"] = _amount_unit(rows)
    at = next((k for k, r in enumerate(rows) if _is_funds_header(r, template)), None)
    if at is None:
        problems.append(Problem(part, "no funds header (全年预算数 …) found", rows[0].no))
        return
    sub = rows[at + 1] if at + 1 < len(rows) else None
    if sub is not None and _is_funds_total(sub.first_key(), template):
        sub = None
    cols = _funds_columns(rows[at], sub, template)
    data = next((r for r in rows[at + 1:] if _is_funds_total(r.first_key(), template)), None)
    if data is None:
        problems.append(Problem(part, "no 资金总额 row in the funds block", rows[at].no))
        return
    label_at = data.nonempty()[0][0]
    values, message = _map_funds(data.cells[label_at + 1:], cols)
    if message:
        problems.append(Problem(part, f"funds row: {message}", data.no))
    for kind, cell in values.items():
        col = perf_templates.FUNDS_ROLES.get(kind)
        if col:
            set_value(fields, col, number_or_none(cell), data.no)


def _map_funds(vals: list[str], cols: list[str]) -> tuple[dict[str, str], str | None]:
    """Assign the cells of a funds row to columns.

    Cells drift, so: as many numbers as columns → in order; more numbers → the 年初 group
    from the left and the rest from the right (reported); fewer → anchored on the '%'
    执行率 cell when there is one, else by position once stray leading blanks are dropped.
    """
    nums = [c for c in vals if number_or_none(c) is not None]
    if len(nums) == len(cols):
        return dict(zip(cols, nums)), None
    if len(nums) > len(cols):
        left = cols.index("full") if "full" in cols else 0
        mapped = dict(zip(cols[:left], nums[:left]))
        right = cols[left:]
        mapped.update(zip(right, nums[len(nums) - len(right):]))
        return mapped, (f"{len(nums)} numbers for {len(cols)} columns "
                        f"({', '.join(cols)}); the 年初 group read from the left, "
                        f"the rest from the right")
    pct = next((i for i, c in enumerate(vals) if c.strip().endswith(("%", "％"))), None)
    if pct is not None and "rate" in cols:
        r = cols.index("rate")
        mapped = {cols[r]: vals[pct]}
        for kind, cell in zip(reversed(cols[:r]), reversed(vals[:pct])):
            mapped[kind] = cell
        mapped.update(zip(cols[r + 1:], vals[pct + 1:]))
        return mapped, None
    cells_ = list(vals)
    while cells_ and not cells_[-1]:
        cells_.pop()
    while len(cells_) > len(cols) and not cells_[0]:
        cells_.pop(0)
    if len(cells_) == len(cols):
        return dict(zip(cols, cells_)), None
    mapped = dict(zip(cols[len(cols) - len(nums):], nums))
    return mapped, f"{len(nums)} numbers for {len(cols)} columns; read from the right"
