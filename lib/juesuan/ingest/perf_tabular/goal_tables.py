"""The Shanxi goal table (项目资金（元）, 执行率 / 得分, 指标值 per year): its funds cells and
its indicator rows, which print 二级/三级/指标值 once for the 实施期 and again for the year.
"""

from __future__ import annotations

import re

from juesuan.ingest.common import set_score, set_value
from juesuan.ingest.perf_tabular.funds import _amount_unit
from juesuan.ingest.perf_tabular.indicators import _Indicators, _is_end, _is_level1
from juesuan.ingest.perf_tabular.rows import (
    _BLOCK_LABELS,
    _L2_RE,
    _level1,
    _points_value,
    _Row,
    _text,
)
from juesuan.text import join_text, match_key, number_or_none


def _read_goal_funds(rows: list[_Row], fields: dict) -> None:
    """Goal table: 年度资金总额 (inline or next cell), 执行率 and 得分 label cells."""
    fields["amount_unit"] = _amount_unit(rows)
    for k, row in enumerate(rows):
        ne = row.nonempty()
        for n, (_, c) in enumerate(ne):
            key = match_key(c)
            nxt = ne[n + 1][1] if n + 1 < len(ne) else None
            if key.startswith("年度资金总额") and "budget_full_year" not in fields:
                inline = re.split(r"[:：]", c, maxsplit=1)[-1] if re.search(r"[:：]", c) else ""
                value = inline if inline.strip() else nxt
                set_value(fields, "budget_full_year", number_or_none(value), row.no)
            elif key == "执行率" and nxt is not None:
                set_value(fields, "execution_rate", _points_value(nxt), row.no)
            elif key == "得分":
                line, value = row.no, nxt
                if value is None and k + 1 < len(rows) and len(rows[k + 1].nonempty()) == 1:
                    line, value = rows[k + 1].no, rows[k + 1].nonempty()[0][1]  # spilled
                score = _points_value(value) if value else None
                if score is not None:
                    set_score(fields, score, line, "table")


def _read_goal_indicators(rows: list[_Row]) -> list[dict]:
    """Goal-table rows: 一级, then (二级, 三级, 指标值) for the 实施期 and again for the year.

    The annual group is the one evaluated; a blank annual cell falls back to the 实施期 one.
    """
    acc = _Indicators()
    for row in rows[1:]:
        ne = [c for n, (_, c) in enumerate(row.nonempty())
              if not (n < 2 and match_key(c) in _BLOCK_LABELS)]
        if not ne or _is_end(match_key(ne[0])):
            if ne:
                break
            continue
        l1 = ne.pop(0) if _is_level1(ne) else None
        first, second = _goal_halves(ne)
        g1, g2 = _goal_group(first), _goal_group(second)
        pick = {k: g2.get(k) or g1.get(k) for k in ("l2", "l3", "target")}
        acc.add({"row_kind": "indicator", **_level1(l1, row.no),
                 "level2": _text(pick["l2"]), "level3": _text(pick["l3"]),
                 "target": _text(pick["target"]), "target_adjusted": None, "actual": None,
                 "weight": None, "score": None, "deviation_reason": None,
                 "src_line": row.no})
    return acc.finish()


def _goal_halves(ne: list[str]) -> tuple[list[str], list[str]]:
    """Split a goal row (after its 一级) into the 实施期 and the annual group.

    The annual group starts at the second 二级 label; when the 二级 label is printed once,
    the remaining cells are halved (both groups have the same columns).
    """
    l2_at = [n for n, c in enumerate(ne) if _L2_RE.match(match_key(c))]
    if len(l2_at) >= 2:
        return ne[:l2_at[1]], ne[l2_at[1]:]
    if len(l2_at) == 1 and l2_at[0] > 0:
        return ne[:l2_at[0]], ne[l2_at[0]:]
    lead, rest = (ne[:1], ne[1:]) if l2_at else ([], ne)
    half = (len(rest) + 1) // 2
    return lead + rest[:half], rest[half:]


def _goal_group(group: list[str]) -> dict:
    """(二级?, 三级, 指标值) of one half of a goal row."""
    out: dict = {}
    rest = list(group)
    if rest and _L2_RE.match(match_key(rest[0])):
        out["l2"] = rest.pop(0)
    if rest:
        out["l3"] = rest.pop(0)
    if rest:
        out["target"] = join_text(rest)
    return out
