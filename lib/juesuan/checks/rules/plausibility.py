"""Plausibility: values that are possible but probably wrong (a project larger than the
department, an execution rate above 110 %, a negative amount, a percentage of a zero base)."""

from __future__ import annotations

from juesuan.checks.rules.common import (
    RATE_LIMIT,
    Finding,
    Tables,
    _amt,
    _finding,
    _line,
    _lines_en,
    _lines_zh,
    _num,
    _rows,
)
from juesuan.checks.rules.index import statements
from juesuan.checks.rules.performance import (
    _RATE_COLS,
    _esubject,
    _evals,
)
from juesuan.checks.rules.totals import (
    _COMPLETION_BASE,
    _SHARE_BASE,
    YOY,
)

# --- plausibility -------------------------------------------------------------------------------

def _department_spending(tables: Tables) -> dict[str, dict]:
    """doc_id → its largest stated 支出总计."""
    spend: dict[str, dict] = {}
    for r in _rows(tables, "totals"):
        if r["metric"] == "expenditure_total" and (
                r["doc_id"] not in spend or r["value"] > spend[r["doc_id"]]["value"]):
            spend[r["doc_id"]] = r
    return spend


def rule_plaus_project_size(tables: Tables) -> list[Finding]:
    """A project's 全年预算数 or 全年执行数 (in 万元) larger than the department's whole
    支出总计: usually a unit slip (元 printed as 万元)."""
    spend = _department_spending(tables)
    out = []
    for e in _evals(tables):
        dept = spend.get(e["doc_id"])
        if e["scope"] != "project" or e["amount_unit"] != "万元" or dept is None:
            continue
        big = [(c, zh, en) for c, zh, en in (("budget_full_year", "全年预算数", "full-year budget"),
                                             ("executed", "全年执行数", "executed"))
               if e[c] is not None and e[c] > dept["value"]]
        if not big:
            continue
        lines = [_line(e, c) for c, _, _ in big]
        zh = "、".join(f"{z}{_amt(e[c])}万元（第{_line(e, c)}行）" for c, z, _ in big)
        en = ", ".join(f"{x} {_amt(e[c])} 万元 (line {_line(e, c)})" for c, _, x in big)
        stated = max(e[c] for c, _, _ in big)
        out.append(_finding(
            e["doc_id"], "PLAUS-PROJECT-SIZE", "warning", _esubject(e, "amounts"),
            f"项目{zh}超过部门支出总计{_amt(dept['value'])}万元（第{dept['src_line']}行），"
            "疑为金额单位错误。",
            f"The project's {en} exceed(s) the department's total expenditure "
            f"{_amt(dept['value'])} 万元 (line {dept['src_line']}): probably a unit slip.",
            lines + [dept["src_line"]], src_line=lines[0], stated=stated,
            expected=dept["value"], eval_id=e["eval_id"]))
    return out


def rule_plaus_rate(tables: Tables) -> list[Finding]:
    """An execution rate above 110 %, stated (table or narrative) or computed as B ÷ A."""
    out = []
    for e in _evals(tables):
        for rate, b, a, where, _unit in _RATE_COLS:
            computed = e[b] / e[a] * 100 if e[b] is not None and e[a] else None
            value = e[rate] if e[rate] is not None else computed
            if value is None or value <= RATE_LIMIT:
                continue
            how = ("所述" if e[rate] is not None else "按B÷A计算", "stated" if e[rate]
                   is not None else "computed as B / A")
            lines = [_line(e, rate) if e[rate] is not None else _line(e, b), _line(e, a)]
            zh = f"{where}执行率（{how[0]}）{value:.2f}%，超过{_num(RATE_LIMIT)}%（{_lines_zh(lines)}）。"
            en = (f"Execution rate ({how[1]}, {rate}) {value:.2f}% exceeds "
                  f"{_num(RATE_LIMIT)}% ({_lines_en(lines)}).")
            out.append(_finding(e["doc_id"], "PLAUS-RATE", "warning", _esubject(e, rate), zh, en,
                                lines, src_line=lines[0], stated=round(value, 6),
                                eval_id=e["eval_id"]))
    return out


_AMOUNT_COLS = {"budget_lines": ("budget_initial", "actual", "basic", "project"),
                "economic_lines": ("amount",), "three_public": ("budget", "actual"),
                "perf_evaluations": ("budget_initial", "budget_full_year", "executed",
                                     "budget_full_year_narrative", "executed_narrative"),
                "totals": ("value",)}


def rule_plaus_negative(tables: Tables) -> list[Finding]:
    """A negative amount in any amount column (money figures of totals included, but not the
    year-on-year changes: a stated decrease is negative by design)."""
    out = []
    for name, cols in _AMOUNT_COLS.items():
        for r in _rows(tables, name):
            if name == "totals" and (r["unit"] != "万元" or r["metric"].endswith(YOY)):
                continue
            for col in cols:
                if r[col] is not None and r[col] < 0:
                    line = _line(r, col)
                    what = r.get("metric") or col
                    zh = f"第{line}行{name}的{what}为负数{_amt(r[col])}。"
                    en = f"Negative amount {_amt(r[col])} in {name}.{what} on line {line}."
                    out.append(_finding(r["doc_id"], "PLAUS-NEGATIVE", "warning",
                                        f"{name} {what}", zh, en, [line], stated=r[col],
                                        eval_id=r.get("eval_id")))
    return out


def rule_plaus_zero_base(tables: Tables) -> list[Finding]:
    """A percentage stated where its base is zero: completion of a 0 budget, an execution
    rate of a 0 full-year budget, a share of a 0 total."""
    out = []
    cases = [("budget_lines", "completion_stated", "budget_initial"),
             ("three_public", "completion_stated", "budget"),
             ("perf_evaluations", "execution_rate", "budget_full_year"),
             ("perf_evaluations", "execution_rate_narrative", "budget_full_year_narrative")]
    for name, pct, base in cases:
        for r in _rows(tables, name):
            if r[pct] is not None and r[base] == 0:
                out.append(_zero(r, f"{name} {r.get('eval_id') or r['src_line']}: {pct}",
                                 r[pct], _line(r, pct), base, _line(r, base)))
    rows = _rows(tables, "totals")
    index = statements(tables)
    for r in rows:
        bases = {"completion": _COMPLETION_BASE, "share": _SHARE_BASE}.get(r["percent_kind"], {})
        metric = bases.get(r["metric"])
        b = index.nearest(r, metric, r["percent_kind"] == "completion") if metric else None
        if r["percent_stated"] is not None and b is not None and b["value"] == 0:
            out.append(_zero(r, f"totals {r['metric']}: {r['percent_kind']}", r["percent_stated"],
                             _line(r, "percent_stated"), metric, b["src_line"]))
    return out


def _zero(r: dict, subject: str, pct: float, pl_: int, base: str, bl: int) -> Finding:
    zh = f"第{pl_}行所述百分比{_num(pct)}%的基数（{base}，第{bl}行）为0，百分比无从计算。"
    en = f"Percentage {_num(pct)}% on line {pl_} is stated on a base of zero ({base}, line {bl})."
    return _finding(r["doc_id"], "PLAUS-ZERO-BASE", "warning", subject, zh, en, [pl_, bl],
                    src_line=pl_, stated=pct, eval_id=r.get("eval_id"))
