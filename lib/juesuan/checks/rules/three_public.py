"""Rules on the “三公” expenses: the total against its items, stated completion."""

from __future__ import annotations

from juesuan import metadata
from juesuan.checks.rules.common import (
    Finding,
    Part,
    Tables,
    _keep,
    _line,
    _pct_finding,
    _rows,
    _sum_finding,
)

# --- “三公”经费 ---------------------------------------------------------------------------------

_TP_FIELD = {"budget": ("预算", "budget"), "actual": ("决算", "actual")}


def _tp_part(r: dict, field: str) -> Part:
    zh, en = _TP_FIELD[field]
    return Part(f"{metadata.THREE_PUBLIC_ITEMS[r['item']]}{zh}", f"{metadata.THREE_PUBLIC_ITEMS_EN_SHORT[r['item']]} {en}",
                r[field], _line(r, field))


def _tp_sources(tables: Tables) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for r in _rows(tables, "three_public"):
        out.setdefault((r["doc_id"], r["source_kind"]), []).append(r)
    return out


def _tp_first(rows: list[dict], item: str, field: str) -> dict | None:
    return next((r for r in rows if r["item"] == item and r[field] is not None), None)


def _tp_components(rows: list[dict], field: str) -> tuple[list[dict], list[str]]:
    """The stated components of the “三公” total, and the names of those not stated; the
    vehicle component is its 小计, else its stated parts (购置, 运行维护)."""
    found, missing = [], []
    for item in ("overseas_travel", "vehicle", "official_reception"):
        row = _tp_first(rows, item, field)
        if row:
            found.append(row)
            continue
        if item != "vehicle":
            missing.append(item)
            continue
        subs = [(s, _tp_first(rows, s, field)) for s in ("vehicle_purchase", "vehicle_operation")]
        if not any(r for _, r in subs):
            missing.append(item)
        found += [r for _, r in subs if r]
        missing += [s for s, r in subs if not r and any(r2 for _, r2 in subs)]
    return found, missing


def rule_sum_three_public(tables: Tables) -> list[Finding]:
    """“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费, and 公务用车
    购置及运行维护费 = 购置费 + 运行维护费, for budget and actual, within 公开09表 or within the
    narrative. In the narrative, parts not stated (无…支出: nothing extracted) are named and a
    total above the stated parts is only a warning (an unstated budget may hold the
    difference); in the table a blank cell adds nothing."""
    out = []
    for (doc, kind), rows in _tp_sources(tables).items():
        src = "公开09表" if kind == "table" else "情况说明"
        for field in ("budget", "actual"):
            checks = [("total", _tp_components(rows, field))]
            subs = [_tp_first(rows, s, field) for s in ("vehicle_purchase", "vehicle_operation")]
            checks.append(("vehicle", ([s for s in subs if s], [
                n for n, s in zip(("vehicle_purchase", "vehicle_operation"), subs) if not s])))
            for item, (parts, missing) in checks:
                total = _tp_first(rows, item, field)
                if total is None or not parts:
                    continue
                names = ([metadata.THREE_PUBLIC_ITEMS[m] for m in missing],
                         [metadata.THREE_PUBLIC_ITEMS_EN_SHORT[m] for m in missing])
                out.append(_sum_finding(doc, "SUM-3PUBLIC", f"three_public {src} {item}: {field}",
                                        _tp_part(total, field),
                                        [_tp_part(p, field) for p in parts], missing=names,
                                        table=kind == "table"))
    return _keep(out)


def rule_pct_three_public(tables: Tables) -> list[Finding]:
    """完成预算的 x% of a “三公”/会议/培训 item vs its 决算 ÷ 预算 in the same statement."""
    out = []
    for r in _rows(tables, "three_public"):
        if r["completion_stated"] is None or not r["budget"] or r["actual"] is None:
            continue
        src = "公开09表" if r["source_kind"] == "table" else "情况说明"
        name = metadata.THREE_PUBLIC_ITEMS[r["item"]]
        pct = Part(f"{name}完成预算", f"{metadata.THREE_PUBLIC_ITEMS_EN_SHORT[r['item']]} completion", r["completion_stated"],
                   _line(r, "completion_stated"))
        out.append(_pct_finding(r["doc_id"], "PCT-3PUBLIC",
                                f"three_public {src} {r['item']}: completion", pct,
                                _tp_part(r, "actual"), _tp_part(r, "budget")))
    return _keep(out)
