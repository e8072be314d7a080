"""Rules on the headline figures (`totals`): grand totals, income and expenditure against
their parts, stated completion, shares and year-on-year growth."""

from __future__ import annotations

from juesuan import metadata
from juesuan.checks.rules.common import (
    Finding,
    Part,
    Tables,
    _amt,
    _keep,
    _line,
    _pct_finding,
    _rows,
    _sum_finding,
)
from juesuan.checks.rules.index import Statements, statements
from juesuan.metadata.formats import ROUNDING

# --- totals ----------------------------------------------------------------------------------

def _metric_zh(metric: str) -> str:
    return metadata.METRICS[metric][2]


def _metric_en(metric: str) -> str:
    return metadata.METRICS[metric][1].split(" (")[0]


def _tpart(row: dict) -> Part:
    return Part(_metric_zh(row["metric"]), _metric_en(row["metric"]), row["value"],
                row["src_line"])


def _source(row: dict) -> str:
    """The statement group of a totals row: its table, or the narrative as a whole."""
    return row["source_part"] if row["source_kind"] == "table" else "情况说明"


def _totals_groups(tables: Tables) -> dict[tuple[str, str], dict[str, dict]]:
    """(doc_id, source) → metric → its first statement in that source."""
    groups: dict[tuple[str, str], dict[str, dict]] = {}
    for r in _rows(tables, "totals"):
        groups.setdefault((r["doc_id"], _source(r)), {}).setdefault(r["metric"], r)
    return groups


_CARRY_SPECS = (
    ("income_total", ("income_current_year", "income_carryover_begin")),
    ("expenditure_total", ("expenditure_current_year", "carryover_end")),
    ("fiscal_income_total", ("fiscal_income_current_year", "fiscal_carryover_begin")),
    ("fiscal_expenditure_total", ("fiscal_expenditure_current_year", "fiscal_carryover_end")),
)


def rule_sum_carryover(tables: Tables) -> list[Finding]:
    """收支总计 = 本年收入（支出）+ 年初结转（年末结转）, within one table or the narrative;
    skipped unless every figure is stated (the carry-over is often not stated at all)."""
    out = []
    for (doc, src), m in _totals_groups(tables).items():
        for total, parts in _CARRY_SPECS:
            if total in m and all(p in m for p in parts):
                out.append(_sum_finding(doc, "SUM-CARRYOVER", f"totals {src} {total}",
                                        _tpart(m[total]), [_tpart(m[p]) for p in parts]))
    return _keep(out)


_INCOME_OTHERS = ("income_business", "income_operating", "income_other")


def rule_sum_income(tables: Tables) -> list[Finding]:
    """本年收入合计 = 财政拨款收入 (or 一般公共预算财政拨款收入) + 事业 + 经营 + 其他收入.
    Needs the appropriation income; sources not stated are named, and a stated total above
    the stated sources is only a warning (上级补助收入 etc. are not extracted)."""
    out = []
    for (doc, src), m in _totals_groups(tables).items():
        approp = m.get("income_fiscal_appropriation") or m.get("income_gpb_appropriation")
        if "income_current_year" not in m or approp is None:
            continue
        present = [k for k in _INCOME_OTHERS if k in m]
        absent = [k for k in _INCOME_OTHERS if k not in m]
        missing = ([_metric_zh(k) for k in absent], [_metric_en(k) for k in absent])
        out.append(_sum_finding(doc, "SUM-INCOME", f"totals {src} income_current_year",
                                _tpart(m["income_current_year"]),
                                [_tpart(approp)] + [_tpart(m[k]) for k in present],
                                missing=missing))
    return _keep(out)


def rule_sum_expenditure(tables: Tables) -> list[Finding]:
    """本年支出合计 = 基本支出 + 项目支出 (+ 经营支出 when stated), and 一般公共预算财政拨款
    支出 = 其基本支出 + 项目支出, within one table or the narrative."""
    specs = (("expenditure_current_year", ("expenditure_basic", "expenditure_project"),
              "expenditure_operating"),
             ("gpb_expenditure_actual", ("gpb_basic_expenditure", "gpb_project_expenditure"),
              None))
    out = []
    for (doc, src), m in _totals_groups(tables).items():
        for total, parts, optional in specs:
            if total not in m or not all(p in m for p in parts):
                continue
            names = list(parts) + ([optional] if optional in m else [])
            out.append(_sum_finding(doc, "SUM-EXPENDITURE", f"totals {src} {total}",
                                    _tpart(m[total]), [_tpart(m[p]) for p in names]))
    return _keep(out)


def rule_sum_basic(tables: Tables) -> list[Finding]:
    """一般公共预算财政拨款基本支出 = 人员经费 + 公用经费: in the narrative (section 六), and
    公开05表's basic expenditure against 公开06表's 人员经费合计 + 公用经费合计."""
    out = []
    for (doc, src), m in _totals_groups(tables).items():
        if src == "情况说明":
            out.append(_basic_split(doc, src, m, m))
    tables_by_doc: dict[str, list[dict[str, dict]]] = {}
    for (doc, src), m in _totals_groups(tables).items():
        if src != "情况说明":
            tables_by_doc.setdefault(doc, []).append(m)
    for doc, groups in tables_by_doc.items():
        total = next((g for g in groups if "gpb_basic_expenditure" in g), None)
        parts = next((g for g in groups if "basic_personnel" in g and "basic_public" in g), None)
        if total and parts:
            src = f"{total['gpb_basic_expenditure']['source_part']}/" \
                  f"{parts['basic_personnel']['source_part']}"
            out.append(_basic_split(doc, src, total, parts))
    return _keep(out)


def _basic_split(doc: str, src: str, total: dict, parts: dict) -> Finding | None:
    if "gpb_basic_expenditure" not in total or not {"basic_personnel", "basic_public"} <= set(
            parts):
        return None
    return _sum_finding(doc, "SUM-BASIC", f"totals {src} gpb_basic_expenditure",
                        _tpart(total["gpb_basic_expenditure"]),
                        [_tpart(parts["basic_personnel"]), _tpart(parts["basic_public"])])


_COMPLETION_BASE = {"gpb_expenditure_actual": "gpb_expenditure_budget_initial",
                    "agency_operating_actual": "agency_operating_budget"}
_SHARE_BASE = {**{m: "income_current_year" for m in (
    "income_fiscal_appropriation", "income_gpb_appropriation", "income_business",
    "income_operating", "income_other")},
    **{m: "expenditure_current_year" for m in (
        "expenditure_basic", "expenditure_project", "expenditure_operating",
        "gpb_expenditure_actual")}}


def rule_pct_totals(tables: Tables) -> list[Finding]:
    """Completion (决算 ÷ 年初预算 / 预算, same sentence) and shares (income source ÷ 本年收入,
    基本/项目/经营 ÷ 本年支出) stated in `totals`, recomputed from the amounts stated in the
    same source. Growth percentages are PCT-GROWTH's."""
    rows = _rows(tables, "totals")
    index = statements(tables)
    out = []
    for r in rows:
        p, kind = r["percent_stated"], r["percent_kind"]
        if p is None or kind not in ("completion", "share"):
            continue
        base_metric = (_COMPLETION_BASE if kind == "completion" else _SHARE_BASE).get(r["metric"])
        if base_metric is None:
            continue
        base = (index.nearest(r, base_metric, True)
                or (None if kind == "completion" else index.nearest(r, base_metric, False)))
        if base is None or base["value"] == 0:
            continue
        what = "完成预算" if kind == "completion" else "占比"
        pct = Part(f"{_metric_zh(r['metric'])}{what}", f"{_metric_en(r['metric'])} "
                   f"{'completion' if kind == 'completion' else 'share'}", p,
                   _line(r, "percent_stated"))
        out.append(_pct_finding(r["doc_id"], "PCT-TOTALS",
                                f"totals {_source(r)} {r['metric']}: {kind}",
                                pct, _tpart(r), _tpart(base)))
    return _keep(out)


YOY = "_yoy_change"  # the suffix of the year-on-year change metrics


def _current_for(index: Statements, change: dict) -> dict | None:
    """The figure a change statement compares with the previous year: the base metric as the
    narrative states it nearest before (or in the same sentence), from the same part first."""
    args = (change["doc_id"], change["metric"].removesuffix(YOY), change["src_line"])
    return (index.preceding(*args, part=change["source_part"], inclusive=True)
            or index.preceding(*args, inclusive=True))


def _previous_year(current: dict, change: dict) -> Part:
    """The previous year's figure, current − change, named with both printed amounts."""
    cur, ch = current["value"], change["value"]
    sign_zh, sign_en = ("−", "-") if ch >= 0 else ("＋", "+")
    zh, en = _metric_zh(current["metric"]), _metric_en(current["metric"])
    return Part(f"上年{zh}（{_amt(cur)}{sign_zh}{_amt(abs(ch))}）",
                f"previous-year {en} ({_amt(cur)} {sign_en} {_amt(abs(ch))})", cur - ch,
                current["src_line"])


def rule_pct_growth(tables: Tables) -> list[Finding]:
    """增长（下降）x% stated with a year-on-year change (与上年相比增加/减少 … 万元) vs change ÷
    (current − change): the previous year is not printed, so it is the current figure the
    narrative states just before, less the change; a decrease is a negative change and a
    negative rate. Table figures are not used: the sentence speaks of its own figure."""
    rows = _rows(tables, "totals")
    index = statements(tables)
    out = []
    for r in rows:
        if (not r["metric"].endswith(YOY) or r["percent_kind"] != "growth"
                or r["percent_stated"] is None):
            continue
        current = _current_for(index, r)
        if current is None:
            continue
        base = r["metric"].removesuffix(YOY)
        pct = Part(f"{_metric_zh(base)}较上年增减幅度", f"{_metric_en(base)} year-on-year growth",
                   r["percent_stated"], _line(r, "percent_stated"))
        subject = f"totals {_source(r)} {r['metric']}: growth"
        out.append(_pct_finding(r["doc_id"], "PCT-GROWTH", subject, pct, _tpart(r),
                                _previous_year(current, r), b_rounding=2 * ROUNDING))
    return _keep(out)
