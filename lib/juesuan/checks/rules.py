"""Consistency rules: where a disclosure disagrees with itself.

Every rule reads the curated tables only and compares figures *as printed*, so each finding
names the lines of the source text that disagree. `RULES` is the one documented list
(id, what it checks, how its tolerance is set); `run` applies all of them.

Tolerance follows the documents themselves: 金额数值保留两位小数，公开数据为四舍五入计算结果；
个别数据合计项与分项数字之和存在小数点后尾差. Each printed amount therefore carries up to
±0.005 of rounding:

* a stated total against the sum of n stated parts is consistent when
  |difference| ≤ 0.005 × (n + 1);
* a stated percentage is consistent when it lies in the interval of a/b allowed by ±0.005 on
  each amount, widened by half a unit of the percentage's last printed decimal (96.2 → ±0.05,
  100 → ±0.5; the decimals are those of the shortest repr of the stored float); a growth rate's
  base, the previous year = current − change, is the difference of two printed amounts and
  carries ±0.01;
* the same figure stated twice must agree to 0.005 (two roundings of one number print the
  same digits); scores and weights are exact numbers (0.005 for two-decimal scores).

A figure the document does not state is never treated as 0: a check that needs it is skipped,
or — where a sum is checked over the parts that are stated — the message names what is
missing, and a shortfall that the missing part could explain is only a warning.
Year-on-year growth (与上年相比增加 … 万元，增长 x%) is checked where the narrative states it with
the change in 万元 (the `*_yoy_change` metrics, a decrease negative).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from juesuan import schema
from juesuan.ingest import perf_templates

ROUNDING = 0.005  # half a unit of the second decimal: the rounding of one printed amount
EPS = 1e-9
STANDARD_FUNDS_WEIGHT = 10.0  # DOMAIN.md: the funds block is worth 分值 10 (usually)
# Templates whose funds block is worth STANDARD_FUNDS_WEIGHT when it prints no 分值 (registry).
FUNDS_TEMPLATES = frozenset(t.name for t in perf_templates.TEMPLATES
                            if t.standard_funds_weight == STANDARD_FUNDS_WEIGHT)
RATE_LIMIT = 110.0  # an execution rate above this is implausible

Tables = dict[str, pl.DataFrame]
Finding = dict


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title_zh: str
    title_en: str
    checks: str
    tolerance: str
    func: Callable[[Tables], list[Finding]]


@dataclass(frozen=True)
class Part:
    """One printed figure taking part in a check."""

    zh: str
    en: str
    value: float
    line: int


# --- small helpers ---------------------------------------------------------------------------

def _rows(tables: Tables, name: str) -> list[dict]:
    """A table's rows as dicts in source order (empty when the table is not given)."""
    df = tables.get(name)
    if df is None or df.is_empty():
        return []
    return df.sort(["doc_id", "src_line"], maintain_order=True).to_dicts()


def _line(row: dict, col: str) -> int:
    """The line a value is printed on: its own *_src_line, else the row's."""
    return row.get(f"{col}_src_line") or row["src_line"]


def _num(x: float) -> str:
    """A score, weight or percentage as printed (no trailing zeros)."""
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _amt(x: float) -> str:
    """An amount with at least two decimals, more when it was printed with more."""
    s = f"{x:.2f}"
    return s if abs(float(s) - x) < 1e-9 else f"{x:.6f}".rstrip("0")


def _fmt(x: float, unit: str) -> str:
    return _amt(x) if unit in ("万元", "元") else _num(x)


def _lines_zh(lines: Iterable[int]) -> str:
    return "第" + "、".join(str(n) for n in sorted(set(lines))) + "行"


def _lines_en(lines: Iterable[int]) -> str:
    ls = sorted(set(lines))
    return ("line " if len(ls) == 1 else "lines ") + ", ".join(str(n) for n in ls)


def _finding(doc_id: str, rule_id: str, severity: str, subject: str, zh: str, en: str,
             lines: Iterable[int | None], *, src_line: int | None = None,
             stated: float | None = None, expected: float | None = None,
             tolerance: float | None = None, eval_id: str | None = None) -> Finding:
    """A finding row with exactly the FINDINGS columns."""
    ls = sorted({int(n) for n in lines if n is not None})
    diff = None if stated is None or expected is None else round(stated - expected, 6)
    return {"doc_id": doc_id, "rule_id": rule_id, "severity": severity, "subject": subject,
            "eval_id": eval_id, "stated": stated,
            "expected": None if expected is None else round(expected, 6),
            "difference": diff, "tolerance": None if tolerance is None else round(tolerance, 6),
            "message_zh": zh, "message_en": en,
            "src_line": src_line if src_line is not None else ls[0],
            "src_lines": ",".join(str(n) for n in ls)}


def sum_tolerance(n_parts: int) -> float:
    """Rounding allowed between a total and the sum of n parts: 0.005 × (n + 1)."""
    return ROUNDING * (n_parts + 1)


def _sum_finding(doc_id: str, rule_id: str, subject: str, total: Part, parts: list[Part],
                 unit: str = "万元", missing: tuple[list[str], list[str]] = ([], []),
                 tolerance: float | None = None, incomplete: bool = False,
                 table: bool = False, eval_id: str | None = None) -> Finding | None:
    """total vs Σ parts; None when within tolerance. `missing` names parts not stated. In the
    narrative a missing part (or a listing that may be `incomplete`) could explain a stated
    total above the stated parts, which is then only a warning; in a `table` a blank cell
    adds nothing and any difference is an error."""
    expected = sum(p.value for p in parts)
    tol = sum_tolerance(len(parts)) if tolerance is None else tolerance
    diff = total.value - expected
    if abs(diff) <= tol + EPS:
        return None
    unknown = (bool(missing[0]) and not table) or incomplete
    severity = "warning" if unknown and diff > 0 else "error"
    joiner = "与" if len(parts) == 2 else "、"
    parts_zh = joiner.join(f"{p.zh}{_fmt(p.value, unit)}{unit}（第{p.line}行）" for p in parts)
    parts_en = " + ".join(f"{p.en} {_fmt(p.value, unit)} (line {p.line})" for p in parts)
    zh = (f"第{total.line}行所述{total.zh}{_fmt(total.value, unit)}{unit}，与{parts_zh}之和"
          f"{_fmt(expected, unit)}{unit}不符（差额{_fmt(diff, unit)}{unit}，容差{_num(tol)}）")
    en = (f"{total.en} of {_fmt(total.value, unit)} {unit} stated on line {total.line} does not "
          f"equal {parts_en} = {_fmt(expected, unit)} {unit} (difference {_fmt(diff, unit)}, "
          f"tolerance {_num(tol)})")
    if missing[0] and table:
        zh += f"；空白单元格：{'、'.join(missing[0])}，按无金额计"
        en += f"; blank cells: {', '.join(missing[1])}, counted as nothing"
    elif missing[0]:
        zh += f"；未述及：{'、'.join(missing[0])}，未计入"
        en += f"; not stated: {', '.join(missing[1])}, left out of the sum"
    lines = [total.line] + [p.line for p in parts]
    return _finding(doc_id, rule_id, severity, subject, zh + "。", en + ".", lines,
                    src_line=total.line, stated=total.value, expected=expected, tolerance=tol,
                    eval_id=eval_id)


def half_unit(p: float) -> float:
    """Half a unit of the last decimal a percentage is printed with (96.2 → 0.05, 100 → 0.5),
    read from the shortest repr of the stored float."""
    s = repr(float(p))
    if "e" in s or "." not in s:
        return 0.5
    decimals = s.split(".")[1]
    return 0.5 * 10 ** -(0 if decimals == "0" else len(decimals))


def percent_interval(a: float, b: float, p: float, b_rounding: float = ROUNDING
                     ) -> tuple[float, float, float] | None:
    """(a/b in %, lowest, highest) allowed by ±0.005 on a, ±`b_rounding` on b (more when b is
    itself computed from printed amounts) and the rounding of p; None when the base cannot be
    told from zero. A negative a (a stated decrease) keeps its sign: its magnitude ± 0.005."""
    if b - b_rounding <= 0:
        return None
    h = half_unit(p)
    ends = [math.copysign(m, a) for m in (max(abs(a) - ROUNDING, 0.0), abs(a) + ROUNDING)]
    ratios = [100 * x / d for x in ends for d in (b - b_rounding, b + b_rounding)]
    return 100 * a / b, min(ratios) - h, max(ratios) + h


def percent_consistent(p: float, a: float, b: float) -> bool | None:
    """Whether p lies in the rounding interval of a/b (None when the base is zero)."""
    bounds = percent_interval(a, b, p)
    return None if bounds is None else bounds[1] - EPS <= p <= bounds[2] + EPS


def _pct_finding(doc_id: str, rule_id: str, subject: str, pct: Part, a: Part, b: Part,
                 unit: str = "万元", note: tuple[str, str] = ("", ""),
                 eval_id: str | None = None, severity: str = "error",
                 b_rounding: float = ROUNDING) -> Finding | None:
    """A stated percentage vs a/b; None when inside the rounding interval."""
    bounds = percent_interval(a.value, b.value, pct.value, b_rounding)
    if bounds is None:
        return None
    expected, lo, hi = bounds
    if lo - EPS <= pct.value <= hi + EPS:
        return None
    tol = max(hi - expected, expected - lo)
    zh = (f"第{pct.line}行所述{pct.zh}{_num(pct.value)}%，与{a.zh}{_fmt(a.value, unit)}{unit}"
          f"（第{a.line}行）÷{b.zh}{_fmt(b.value, unit)}{unit}（第{b.line}行）="
          f"{expected:.2f}%不符（容许区间{lo:.2f}%–{hi:.2f}%）{note[0]}。")
    en = (f"{pct.en} of {_num(pct.value)}% stated on line {pct.line} does not match "
          f"{a.en} {_fmt(a.value, unit)} (line {a.line}) / {b.en} {_fmt(b.value, unit)} "
          f"(line {b.line}) = {expected:.2f}% (allowed {lo:.2f}%–{hi:.2f}%){note[1]}.")
    return _finding(doc_id, rule_id, severity, subject, zh, en, [pct.line, a.line, b.line],
                    src_line=pct.line, stated=pct.value, expected=expected, tolerance=tol,
                    eval_id=eval_id)


def _dup_finding(doc_id: str, rule_id: str, subject: str, first: Part, other: Part,
                 unit: str = "万元", tolerance: float = ROUNDING,
                 eval_id: str | None = None, severity: str = "error",
                 why: tuple[str, str] = ("。", "."), also: tuple[int, ...] = ()) -> Finding | None:
    """The same figure stated twice: `other` vs `first` (`why`: the sentence's ending, when
    the equality is inferred; `also`: the lines it is inferred from)."""
    diff = other.value - first.value
    if abs(diff) <= tolerance + EPS:
        return None
    zh = (f"{other.zh}在第{other.line}行为{_fmt(other.value, unit)}{unit}，而{first.zh}在第"
          f"{first.line}行为{_fmt(first.value, unit)}{unit}，同一数字前后不一致"
          f"（差额{_fmt(diff, unit)}）{why[0]}")
    en = (f"{other.en} is {_fmt(other.value, unit)} {unit} on line {other.line} but "
          f"{first.en} is {_fmt(first.value, unit)} {unit} on line {first.line}: the same "
          f"figure stated with different values (difference {_fmt(diff, unit)}){why[1]}")
    return _finding(doc_id, rule_id, severity, subject, zh, en, [other.line, first.line, *also],
                    src_line=other.line, stated=other.value, expected=first.value,
                    tolerance=tolerance, eval_id=eval_id)


def _keep(items: Iterable[Finding | None]) -> list[Finding]:
    return [f for f in items if f is not None]


# --- totals ----------------------------------------------------------------------------------

def _metric_zh(metric: str) -> str:
    return schema.METRICS[metric][2]


def _metric_en(metric: str) -> str:
    return schema.METRICS[metric][1].split(" (")[0]


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


def _first_by_metric(tables: Tables) -> dict[str, dict[str, dict]]:
    """doc_id → metric → its first statement anywhere in the document."""
    out: dict[str, dict[str, dict]] = {}
    for r in _rows(tables, "totals"):
        out.setdefault(r["doc_id"], {}).setdefault(r["metric"], r)
    return out


def rule_all_gpb(tables: Tables) -> list[Finding]:
    """When the document states 一般公共预算财政拨款支出 equal to 本年支出合计 (all spending is
    general-budget funded), its general-budget basic and project expenditure must equal the
    basic and project expenditure of all funds: the general-budget parts can be no larger
    than the all-funds parts and add up to the same total."""
    out = []
    for doc, m in _first_by_metric(tables).items():
        gpb, cur = m.get("gpb_expenditure_actual"), m.get("expenditure_current_year")
        if not gpb or not cur or abs(gpb["value"] - cur["value"]) > ROUNDING + EPS:
            continue
        why_zh = (f"；第{gpb['src_line']}行一般公共预算财政拨款支出{_amt(gpb['value'])}万元等于第"
                  f"{cur['src_line']}行本年支出合计，全部支出均为一般公共预算财政拨款，二者应相等。")
        why_en = (f"; general public budget expenditure {_amt(gpb['value'])} (line "
                  f"{gpb['src_line']}) equals the year's expenditure (line {cur['src_line']}), "
                  "so all spending is general-budget funded and the two must be equal.")
        for g, a in (("gpb_basic_expenditure", "expenditure_basic"),
                     ("gpb_project_expenditure", "expenditure_project")):
            if g in m and a in m:
                out.append(_dup_finding(doc, "EQ-ALL-GPB", f"totals {g} vs {a}", _tpart(m[a]),
                                        _tpart(m[g]), severity="warning", why=(why_zh, why_en),
                                        also=(gpb["src_line"], cur["src_line"])))
    return _keep(out)


def rule_dup_totals(tables: Tables) -> list[Finding]:
    """The same metric stated more than once in a document (table and narrative, or twice in
    the narrative) with different values; each later statement is compared with the first."""
    seen: dict[tuple[str, str], dict] = {}
    out = []
    for r in _rows(tables, "totals"):
        first = seen.setdefault((r["doc_id"], r["metric"]), r)
        if first is not r:
            unit = r["unit"]
            out.append(_dup_finding(r["doc_id"], "DUP-TOTALS", f"totals {r['metric']}",
                                    _tpart(first), _tpart(r), unit))
    return _keep(out)


_COMPLETION_BASE = {"gpb_expenditure_actual": "gpb_expenditure_budget_initial",
                    "agency_operating_actual": "agency_operating_budget"}
_SHARE_BASE = {**{m: "income_current_year" for m in (
    "income_fiscal_appropriation", "income_gpb_appropriation", "income_business",
    "income_operating", "income_other")},
    **{m: "expenditure_current_year" for m in (
        "expenditure_basic", "expenditure_project", "expenditure_operating",
        "gpb_expenditure_actual")}}


def _nearest(rows: list[dict], row: dict, metric: str, same_part: bool) -> dict | None:
    """The statement of `metric` nearest to `row`, from the same source kind (and part)."""
    cands = [r for r in rows if r["doc_id"] == row["doc_id"] and r["metric"] == metric
             and r["source_kind"] == row["source_kind"]
             and (not same_part or r["source_part"] == row["source_part"])]
    return min(cands, key=lambda r: abs(r["src_line"] - row["src_line"]), default=None)


def rule_pct_totals(tables: Tables) -> list[Finding]:
    """Completion (决算 ÷ 年初预算 / 预算, same sentence) and shares (income source ÷ 本年收入,
    基本/项目/经营 ÷ 本年支出) stated in `totals`, recomputed from the amounts stated in the
    same source. Growth percentages are PCT-GROWTH's."""
    rows = _rows(tables, "totals")
    out = []
    for r in rows:
        p, kind = r["percent_stated"], r["percent_kind"]
        if p is None or kind not in ("completion", "share"):
            continue
        base_metric = (_COMPLETION_BASE if kind == "completion" else _SHARE_BASE).get(r["metric"])
        if base_metric is None:
            continue
        base = (_nearest(rows, r, base_metric, True)
                or (None if kind == "completion" else _nearest(rows, r, base_metric, False)))
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


def _current_for(totals: list[dict], change: dict) -> dict | None:
    """The figure a change statement compares with the previous year: the base metric as the
    narrative states it nearest before (or in the same sentence), from the same part first."""
    args = (totals, change["doc_id"], change["metric"].removesuffix(YOY), change["src_line"])
    return (_preceding(*args, part=change["source_part"], inclusive=True)
            or _preceding(*args, inclusive=True))


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
    out = []
    for r in rows:
        if (not r["metric"].endswith(YOY) or r["percent_kind"] != "growth"
                or r["percent_stated"] is None):
            continue
        current = _current_for(rows, r)
        if current is None:
            continue
        base = r["metric"].removesuffix(YOY)
        pct = Part(f"{_metric_zh(base)}较上年增减幅度", f"{_metric_en(base)} year-on-year growth",
                   r["percent_stated"], _line(r, "percent_stated"))
        subject = f"totals {_source(r)} {r['metric']}: growth"
        out.append(_pct_finding(r["doc_id"], "PCT-GROWTH", subject, pct, _tpart(r),
                                _previous_year(current, r), b_rounding=2 * ROUNDING))
    return _keep(out)


# --- budget lines (functional classification) -------------------------------------------------

_STATEMENT = {"table_expenditure": "公开03表", "table_gpb_expenditure": "公开05表",
              "narrative_gpb": "情况说明"}
_COL_EN = {"actual": "actual", "basic": "basic", "project": "project",
           "budget_initial": "initial budget"}


def _bl_name(r: dict) -> str:
    name = r["item_name"] or r["section_name"] or r["class_name"] or "合计"
    return f"{r['func_code']} {name}" if r["func_code"] else name


def _bl_part(r: dict, col: str) -> Part:
    return Part(f"{_bl_name(r)}{schema.label('budget_lines', col)}",
                f"{_bl_name(r)} {_COL_EN[col]}", r[col], _line(r, col))


def _bl_subject(r: dict, col: str) -> str:
    return f"budget_lines {_STATEMENT[r['statement']]} {_bl_name(r)}: {col}"


def _by_doc_statement(tables: Tables) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for r in _rows(tables, "budget_lines"):
        out.setdefault((r["doc_id"], r["statement"]), []).append(r)
    return out


def _children(rows: list[dict], parent: dict) -> list[dict]:
    """Direct children in a table: classes of the total row, 款 of a 类, 项 of a 款."""
    if parent["level"] == "total":
        return [r for r in rows if r["level"] == "class"]
    want = {"class": "section", "section": "item"}.get(parent["level"])
    code = parent["func_code"]
    if not want or not code:
        return []
    return [r for r in rows if r["level"] == want and (r["func_code"] or "").startswith(code)]


def _narrative_children(rows: list[dict], parent: dict) -> list[dict]:
    """Narrative 项 of a narrative 类, matched by class name (first statement of each)."""
    if parent["level"] != "class":
        return []
    kids: dict[tuple, dict] = {}
    for r in rows:
        if r["level"] == "item" and r["class_name"] == parent["class_name"]:
            kids.setdefault((r["section_name"], r["item_name"]), r)
    return list(kids.values())


def rule_sum_func(tables: Tables) -> list[Finding]:
    """公开03表/公开05表: the total row = Σ 类, a 类 = Σ its 款, a 款 = Σ its 项 (by func_code
    prefix), per column (actual, basic, project); blank cells add nothing. In the narrative a
    类 = Σ the 项 listed under it (a shortfall is a warning: a narrative may not list all)."""
    out = []
    for (doc, stmt), rows in _by_doc_statement(tables).items():
        narrative = stmt == "narrative_gpb"
        cols = ("actual", "budget_initial") if narrative else ("actual", "basic", "project")
        for parent in rows:
            kids = _narrative_children(rows, parent) if narrative else _children(rows, parent)
            for col in cols:
                stated = [k for k in kids if k[col] is not None]
                if parent[col] is None or not stated:
                    continue
                blank = [_bl_name(k) for k in kids if k[col] is None]
                out.append(_sum_finding(
                    doc, "SUM-FUNC", _bl_subject(parent, col), _bl_part(parent, col),
                    [_bl_part(k, col) for k in stated], missing=(blank, blank),
                    incomplete=narrative, table=not narrative))
    return _keep(out)


def rule_sum_func_row(tables: Tables) -> list[Finding]:
    """In 公开03表/公开05表 each row's 合计 (actual) = 基本支出 + 项目支出 (blank cells add
    nothing; skipped when both are blank)."""
    out = []
    for r in _rows(tables, "budget_lines"):
        if r["statement"] == "narrative_gpb" or r["actual"] is None:
            continue
        parts = [_bl_part(r, c) for c in ("basic", "project") if r[c] is not None]
        if parts:
            out.append(_sum_finding(r["doc_id"], "SUM-FUNC-ROW", _bl_subject(r, "actual"),
                                    _bl_part(r, "actual"), parts))
    return _keep(out)


def _by_code(rows: list[dict]) -> dict[str | None, dict]:
    """A table's rows by func_code (None: the total row), the first of each."""
    out: dict[str | None, dict] = {}
    for r in rows:
        if r["func_code"] or r["level"] == "total":
            out.setdefault(r["func_code"], r)
    return out


def rule_sum_gpb_within(tables: Tables) -> list[Finding]:
    """公开05表 is the general-public-budget part of 公开03表 (all funds), so a line of 公开05表
    (and its total row) can spend no more than the same func_code in 公开03表, in actual,
    basic and project expenditure. A blank 公开03表 cell counts as 0 here: it says nothing at
    all was spent in that column, general budget included."""
    groups = _by_doc_statement(tables)
    out = []
    for (doc, stmt), rows in groups.items():
        if stmt != "table_gpb_expenditure":
            continue
        whole = _by_code(groups.get((doc, "table_expenditure"), []))
        for code, part in _by_code(rows).items():
            if code in whole:
                out += [_within(doc, part, whole[code], c) for c in ("actual", "basic", "project")]
    return _keep(out)


def _within(doc: str, part: dict, whole: dict, col: str) -> Finding | None:
    """公开05表's `col` above 公开03表's beyond the rounding of the two amounts."""
    tol = sum_tolerance(1)
    stated, limit = part[col], whole[col] or 0.0
    if stated is None or stated - limit <= tol + EPS:
        return None
    p, line = _bl_part(part, col), _line(whole, col)
    blank = whole[col] is None
    shown_zh = "（空白，按0计）" if blank else f"{_amt(limit)}万元"
    shown_en = "blank (counted as 0)" if blank else _amt(limit)
    zh = (f"公开05表第{p.line}行{p.zh}{_amt(stated)}万元，超过公开03表第{line}行同一科目的"
          f"{schema.label('budget_lines', col)}{shown_zh}（差额{_amt(stated - limit)}，容差"
          f"{_num(tol)}）；一般公共预算财政拨款支出是全部资金支出的一部分，不应更多。")
    en = (f"Table 05 {p.en} {_amt(stated)} 万元 (line {p.line}) exceeds table 03's {_COL_EN[col]} "
          f"for the same line, {shown_en} (line {line}) (difference {_amt(stated - limit)}, "
          f"tolerance {_num(tol)}): general-budget spending is part of all spending.")
    return _finding(doc, "SUM-GPB-WITHIN", "error", _bl_subject(part, col), zh, en,
                    [p.line, line], src_line=p.line, stated=stated, expected=limit,
                    tolerance=tol)


def _listings(rows: list[dict]) -> list[list[dict]]:
    """Split narrative rows of one level into listings: a line item named again starts a new
    listing (a narrative may list the 类 twice: structure, then detail)."""
    out: list[list[dict]] = []
    cur: list[dict] = []
    seen: set[tuple] = set()
    for r in rows:
        key = (r["class_name"], r["section_name"], r["item_name"])
        if key in seen:
            out.append(cur)
            cur, seen = [], set()
        cur.append(r)
        seen.add(key)
    return out + ([cur] if cur else [])


def _preceding(totals: list[dict], doc: str, metric: str, line: int, part: str | None = None,
               inclusive: bool = False) -> dict | None:
    """The narrative statement of `metric` nearest before `line` (the sentence introducing a
    listing: 其中：…), only from `part` when given; `inclusive` admits a statement on `line`
    itself (the same sentence)."""
    cands = [r for r in totals if r["doc_id"] == doc and r["metric"] == metric
             and r["source_kind"] == "narrative" and (part is None or r["source_part"] == part)
             and (r["src_line"] <= line if inclusive else r["src_line"] < line)]
    return max(cands, key=lambda r: r["src_line"], default=None)


def rule_sum_narrative_gpb(tables: Tables) -> list[Finding]:
    """The narrative's general-budget total (initial budget, and final) = Σ the line items it
    then lists (项, and separately 类), only when every listed line states the figure
    (年初预算为零 is a stated 0)."""
    totals = _rows(tables, "totals")
    by_doc: dict[str, list[dict]] = {}
    for r in _rows(tables, "budget_lines"):
        if r["statement"] == "narrative_gpb":
            by_doc.setdefault(r["doc_id"], []).append(r)
    out = []
    for doc, rows in by_doc.items():
        for level in ("item", "class"):
            for listing in _listings([r for r in rows if r["level"] == level]):
                for col, metric in (("budget_initial", "gpb_expenditure_budget_initial"),
                                    ("actual", "gpb_expenditure_actual")):
                    total = _preceding(totals, doc, metric, listing[0]["src_line"])
                    if total is None or any(r[col] is None for r in listing):
                        continue
                    out.append(_sum_finding(
                        doc, "SUM-NARRATIVE-GPB",
                        f"totals 情况说明 {metric} vs budget_lines {level} rows",
                        _tpart(total), [_bl_part(r, col) for r in listing]))
    return _keep(out)


def rule_pct_func(tables: Tables) -> list[Finding]:
    """Narrative line items: 完成年初预算的 x% vs 决算 ÷ 年初预算 of the same line, and 占比 x%
    vs the line's 决算 ÷ the general-budget total stated just before the listing."""
    totals = _rows(tables, "totals")
    out = []
    for r in _rows(tables, "budget_lines"):
        name = _bl_name(r)
        subject = _bl_subject(r, "completion_stated")
        if r["completion_stated"] is not None and r["budget_initial"] and r["actual"] is not None:
            pct = Part(f"{name}完成年初预算", f"{name} completion", r["completion_stated"],
                       _line(r, "completion_stated"))
            out.append(_pct_finding(r["doc_id"], "PCT-FUNC", subject, pct,
                                    _bl_part(r, "actual"), _bl_part(r, "budget_initial")))
        if r["share_stated"] is not None and r["actual"] is not None:
            base = _preceding(totals, r["doc_id"], "gpb_expenditure_actual", r["src_line"])
            if base and base["value"]:
                pct = Part(f"{name}占比", f"{name} share", r["share_stated"],
                           _line(r, "share_stated"))
                out.append(_pct_finding(r["doc_id"], "PCT-FUNC",
                                        _bl_subject(r, "share_stated"), pct,
                                        _bl_part(r, "actual"), _tpart(base)))
    return _keep(out)


def rule_dup_func(tables: Tables) -> list[Finding]:
    """A narrative line item vs the 公开05表 line with the same func_code (or, without a code,
    the same level and names), and a narrative line stated twice: 决算 and 年初预算 must agree."""
    out = []
    groups = _by_doc_statement(tables)
    for (doc, stmt), rows in groups.items():
        if stmt != "narrative_gpb":
            continue
        table = groups.get((doc, "table_gpb_expenditure"), [])
        first: dict[tuple, dict] = {}
        for r in rows:
            key = (r["level"], r["class_name"], r["section_name"], r["item_name"])
            ref = first.setdefault(key, r)
            for col in ("actual", "budget_initial"):
                if ref is not r and ref[col] is not None and r[col] is not None:
                    out.append(_dup_finding(doc, "DUP-FUNC", _bl_subject(r, col),
                                            _bl_part(ref, col), _bl_part(r, col)))
            match = _table_match(table, r)
            if match and match["actual"] is not None and r["actual"] is not None:
                out.append(_dup_finding(doc, "DUP-FUNC", _bl_subject(r, "actual"),
                                        Part(f"公开05表{_bl_name(match)}支出决算",
                                             f"table 05 {_bl_name(match)} actual",
                                             match["actual"], match["src_line"]),
                                        _bl_part(r, "actual")))
    return _keep(out)


def _table_match(table: list[dict], r: dict) -> dict | None:
    """The 公开05表 row a narrative row speaks of: same func_code, else same level and names."""
    for t in table:
        if r["func_code"] and t["func_code"] == r["func_code"]:
            return t
        if not r["func_code"] and t["level"] == r["level"] and (
                t["class_name"], t["section_name"], t["item_name"]) == (
                r["class_name"], r["section_name"], r["item_name"]):
            return t
    return None


# --- economic classification (公开06表) ---------------------------------------------------------

def rule_sum_econ(tables: Tables) -> list[Finding]:
    """公开06表: a 3-digit class = Σ its 5-digit items; 人员经费合计 = Σ personnel classes
    (301, 303) and 公用经费合计 = Σ the other classes (blank cells add nothing)."""
    by_doc: dict[str, list[dict]] = {}
    for r in _rows(tables, "economic_lines"):
        by_doc.setdefault(r["doc_id"], []).append(r)
    tables_totals = {(r["doc_id"], r["metric"]): r for r in reversed(_rows(tables, "totals"))
                     if r["source_kind"] == "table"}
    out = []
    for doc, rows in by_doc.items():
        classes = [r for r in rows if r["level"] == "class"]
        for c in classes:
            items = [r for r in rows if r["level"] == "item" and r["amount"] is not None
                     and r["econ_code"].startswith(c["econ_code"])]
            if c["amount"] is not None and items:
                out.append(_sum_finding(doc, "SUM-ECON",
                                        f"economic_lines {c['econ_code']} {c['econ_name']}",
                                        _epart(c), [_epart(i) for i in items]))
        for metric, category in (("basic_personnel", "personnel"), ("basic_public", "public")):
            total = tables_totals.get((doc, metric))
            parts = [_epart(c) for c in classes
                     if c["category"] == category and c["amount"] is not None]
            if total and parts:
                out.append(_sum_finding(doc, "SUM-ECON",
                                        f"totals {total['source_part']} {metric}",
                                        _tpart(total), parts))
    return _keep(out)


def _epart(r: dict) -> Part:
    return Part(f"{r['econ_code']} {r['econ_name']}", f"{r['econ_code']} {r['econ_name']}",
                r["amount"], r["src_line"])


# --- “三公”经费 ---------------------------------------------------------------------------------

_TP_EN = {"total": "“three public” total", "overseas_travel": "overseas travel",
          "vehicle": "vehicles (purchase and operation)", "vehicle_purchase": "vehicle purchase",
          "vehicle_operation": "vehicle operation", "official_reception": "official reception",
          "meeting": "meetings", "training": "training"}
_TP_FIELD = {"budget": ("预算", "budget"), "actual": ("决算", "actual")}


def _tp_part(r: dict, field: str) -> Part:
    zh, en = _TP_FIELD[field]
    return Part(f"{schema.THREE_PUBLIC_ITEMS[r['item']]}{zh}", f"{_TP_EN[r['item']]} {en}",
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
                names = ([schema.THREE_PUBLIC_ITEMS[m] for m in missing],
                         [_TP_EN[m] for m in missing])
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
        name = schema.THREE_PUBLIC_ITEMS[r["item"]]
        pct = Part(f"{name}完成预算", f"{_TP_EN[r['item']]} completion", r["completion_stated"],
                   _line(r, "completion_stated"))
        out.append(_pct_finding(r["doc_id"], "PCT-3PUBLIC",
                                f"three_public {src} {r['item']}: completion", pct,
                                _tp_part(r, "actual"), _tp_part(r, "budget")))
    return _keep(out)


def rule_dup_three_public(tables: Tables) -> list[Finding]:
    """The same “三公”/会议/培训 item's budget or actual stated in 公开09表 and the narrative (or
    twice in the narrative) with different values; compared with the table's, else the first."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in _rows(tables, "three_public"):
        for field in ("budget", "actual"):
            if r[field] is not None:
                groups.setdefault((r["doc_id"], r["item"], field), []).append(r)
    out = []
    for (doc, item, field), rows in groups.items():
        rows = sorted(rows, key=lambda r: (r["source_kind"] != "table", r["src_line"]))
        ref = rows[0]
        for r in rows[1:]:
            out.append(_dup_finding(doc, "DUP-3PUBLIC", f"three_public {item}: {field}",
                                    _tp_part(ref, field), _tp_part(r, field)))
    return _keep(out)


# --- performance evaluations --------------------------------------------------------------------

def _evals(tables: Tables) -> list[dict]:
    return sorted(_rows(tables, "perf_evaluations"), key=lambda r: r["eval_id"])


def _indicators(tables: Tables) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in sorted(_rows(tables, "perf_indicators"), key=lambda r: (r["eval_id"], r["seq"])):
        out.setdefault(r["eval_id"], []).append(r)
    return out


def _short(e: dict) -> str:
    return e["eval_id"].split(":")[-1]


def _esubject(e: dict, what: str) -> str:
    return f"perf_evaluations {_short(e)} {e['project_name']}: {what}"


def _epart_perf(e: dict, col: str, zh: str, en: str) -> Part:
    return Part(zh, en, e[col], _line(e, col))


def _funds_weight(e: dict) -> tuple[float | None, bool]:
    """The funds block's weight, and whether it is assumed (not printed: the standard 10
    points, when the template has a funds block)."""
    if e["funds_weight"] is not None:
        return e["funds_weight"], False
    if e["template"] in FUNDS_TEMPLATES:
        return STANDARD_FUNDS_WEIGHT, True
    return None, False


_RATE_COLS = (("execution_rate", "executed", "budget_full_year", "表中", "amount_unit"),
              ("execution_rate_narrative", "executed_narrative", "budget_full_year_narrative",
               "文字说明中", "amount_unit_narrative"))


def rule_pct_exec(tables: Tables) -> list[Finding]:
    """执行率 vs 全年执行数(B) ÷ 全年预算数(A), in the table and in the narrative (both amounts
    of a row share its unit). When the stated rate instead equals B ÷ 年初预算数, the message
    says so: the classic mistake of using the initial budget."""
    out = []
    for e in _evals(tables):
        for rate, b, a, where, unit in _RATE_COLS:
            if e[rate] is None or e[b] is None or not e[a]:
                continue
            pct = _epart_perf(e, rate, f"{where}执行率", f"execution rate ({rate})")
            note = ("", "")
            init = e["budget_initial"]
            if init and rate == "execution_rate" and percent_consistent(e[rate], e[b], init):
                line = _line(e, "budget_initial")
                note = (f"；该执行率等于全年执行数÷年初预算数{_amt(init)}万元（第{line}行），"
                        + "误用年初预算作分母",
                        f"; the stated rate equals B / the initial budget {_amt(init)} (line "
                        + f"{line}): the initial budget was used instead of the full-year budget A")
            out.append(_pct_finding(e["doc_id"], "PCT-EXEC", _esubject(e, rate), pct,
                                    _epart_perf(e, b, f"{where}全年执行数", "executed (B)"),
                                    _epart_perf(e, a, f"{where}全年预算数", "full-year budget (A)"),
                                    unit=e[unit] or "万元", note=note,
                                    eval_id=e["eval_id"]))
    return _keep(out)


_GRADES = (("优", "A"), ("良", "B"), ("中", "C"), ("差", "D"))


def grade_band(grade: str | None) -> int | None:
    """0 优/A, 1 良/B, 2 中/C, 3 差/D; None when the grade is not one of these."""
    g = (grade or "").strip().upper()
    for band, (zh, letter) in enumerate(_GRADES):
        if g and g.startswith((zh, letter)):
            return band
    return None


def score_band(score: float) -> int:
    """The grade band a score falls in: ≥90 优, 80–<90 良, 60–<80 中, <60 差."""
    return 0 if score >= 90 else 1 if score >= 80 else 2 if score >= 60 else 3


_DUP_PERF = (("budget_full_year", "全年预算数", "full-year budget", "万元"),
             ("executed", "全年执行数", "executed", "万元"),
             ("execution_rate", "执行率", "execution rate", "%"),
             ("score", "得分", "score", "分"))


def rule_dup_perf(tables: Tables) -> list[Finding]:
    """An evaluation's table value vs its narrative statement (全年预算数, 执行数, 执行率, 得分,
    等级). Rates agree within the coarser printed precision (94% vs 94.33%). Grades are
    compared by band: A vs 优 is info (different scales, same meaning), 优 vs 良 a warning."""
    out = []
    for e in _evals(tables):
        for col, zh, en, unit in _DUP_PERF:
            narr = f"{col}_narrative"
            if e[col] is None or e[narr] is None or _line(e, col) == _line(e, narr):
                continue
            if unit == "万元" and (e["amount_unit"] or unit) != (e["amount_unit_narrative"] or unit):
                continue  # (万元 in the table, 元 in the text: amounts as printed do not compare)
            tol = max(half_unit(e[col]), half_unit(e[narr])) if unit == "%" else ROUNDING
            u = (e["amount_unit"] or unit) if unit == "万元" else unit
            out.append(_dup_finding(e["doc_id"], "DUP-PERF", _esubject(e, col),
                                    _epart_perf(e, col, f"表中{zh}", f"table {en}"),
                                    _epart_perf(e, narr, f"文字说明中{zh}", f"narrative {en}"),
                                    u, tol, e["eval_id"]))
        out.append(_grade_pair(e))
    return _keep(out)


def _grade_pair(e: dict) -> Finding | None:
    g, n = e["grade"], e["grade_narrative"]
    if not g or not n or g.strip() == n.strip() or _line(e, "grade") == _line(e, "grade_narrative"):
        return None
    bg, bn = grade_band(g), grade_band(n)
    if bg is None or bn is None:
        return None
    same = bg == bn
    lines = [_line(e, "grade"), _line(e, "grade_narrative")]
    zh = (f"评价等级在第{lines[0]}行为“{g}”，在第{lines[1]}行为“{n}”"
          + ("：等级表述不同（A/B/C/D 与 优/良/中/差），含义相同。" if same else "，二者不一致。"))
    en = (f"The grade is “{g}” on line {lines[0]} and “{n}” on line {lines[1]}"
          + (": different scales (A/B/C/D vs 优/良/中/差), same meaning." if same
             else ": they disagree."))
    return _finding(e["doc_id"], "DUP-PERF", "info" if same else "warning",
                    _esubject(e, "grade"), zh, en, lines, src_line=lines[1],
                    eval_id=e["eval_id"])


def _scored(rows: list[dict], kind: str = "indicator") -> list[dict]:
    return [r for r in rows if r["row_kind"] == kind and r["weight"] is not None]


def _ipart(r: dict, col: str) -> Part:
    name = r["level3"] or r["level2"] or r["level1"] or f"#{r['seq']}"
    zh, en = ("分值", "weight") if col == "weight" else ("得分", "score")
    return Part(f"{name}{zh}", f"{name} {en}", r[col], _line(r, col))


def rule_perf_weights(tables: Tables) -> list[Finding]:
    """Indicator weights + the funds block's weight = 100 (key reports: their 一级指标 rows).
    An unprinted funds weight is taken as the standard 10 points when the template has a
    funds block; the message says so."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        key = e["template"] == "key_report"
        rows = _scored(inds.get(e["eval_id"], []), "level1_total" if key else "indicator")
        if not rows:
            continue
        weights = sum(r["weight"] for r in rows)
        fw, assumed = (None, False) if key else _funds_weight(e)
        total = weights + (fw or 0)
        if abs(total - 100) <= ROUNDING + EPS:
            continue
        funds, funds_en = _funds_text(e, fw, assumed)
        lines = [r["weight_src_line"] or r["src_line"] for r in rows]
        zh = (f"{_short(e)}“{e['project_name']}”各指标分值合计{_num(weights)}分{funds}，"
              f"共{_num(total)}分，不等于100分（{_lines_zh(lines)}）。")
        en = (f"{_short(e)} “{e['project_name']}”: indicator weights sum to {_num(weights)}"
              f"{funds_en}, total {_num(total)}, not 100 ({_lines_en(lines)}).")
        sev = "warning" if assumed and abs(weights - 100) <= EPS else "error"
        out.append(_finding(e["doc_id"], "PERF-WEIGHTS", sev, _esubject(e, "weights"), zh, en,
                            [e["src_line"], *lines]
                            + ([_line(e, "funds_weight")] if fw and not assumed else []),
                            src_line=e["src_line"], stated=total, expected=100.0,
                            tolerance=ROUNDING, eval_id=e["eval_id"]))
    return out


def _funds_text(e: dict, fw: float | None, assumed: bool) -> tuple[str, str]:
    """How the funds weight enters a weights message."""
    if fw is None:
        return "", ""
    if assumed:
        return (f"加资金执行分值{_num(fw)}分（表中未列示，按标准10分计）",
                f" plus the funds weight {_num(fw)} (not printed: the standard 10 is assumed)")
    line = _line(e, "funds_weight")
    return (f"加资金执行分值{_num(fw)}分（第{line}行）",
            f" plus the funds weight {_num(fw)} (line {line})")


def rule_perf_score(tables: Tables) -> list[Finding]:
    """Indicator scores + funds score = the total score stated in the table. When the funds
    score is not printed: info with the implied score if it fits in [0, funds weight], else a
    warning. Skipped when an indicator's score is blank, and when the funds score exceeds its
    weight (PERF-OVER reports that)."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        rows = _scored(inds.get(e["eval_id"], []))
        if (e["template"] == "key_report" or e["score_source_kind"] != "table"
                or e["score"] is None or not rows or any(r["score"] is None for r in rows)):
            continue
        fw, _ = _funds_weight(e)
        fs = e["funds_score"]
        if fs is not None and fw is not None and fs > fw + EPS:
            continue
        total = Part("总得分", "total score", e["score"], _line(e, "score"))
        parts = [_ipart(r, "score") for r in rows]
        if fs is not None:
            out.append(_sum_finding(e["doc_id"], "PERF-SCORE", _esubject(e, "score"), total,
                                    parts + [_epart_perf(e, "funds_score", "资金执行得分",
                                                         "funds score")],
                                    unit="分", tolerance=ROUNDING, eval_id=e["eval_id"]))
        elif fw is not None:
            out.append(_implied_funds(e, total, parts, fw))
    return _keep(out)


def _implied_funds(e: dict, total: Part, parts: list[Part], fw: float) -> Finding:
    ind = sum(p.value for p in parts)
    implied = total.value - ind
    ok = -EPS <= implied <= fw + EPS
    lines = [total.line] + [p.line for p in parts]
    zh = (f"资金执行得分未列示；第{total.line}行总得分{_num(total.value)}分减各指标得分合计"
          f"{_num(ind)}分，推算资金执行得分为{_num(implied)}分"
          + ("。" if ok else f"，超出0–{_num(fw)}分的范围。"))
    en = (f"Funds score not printed; implied {_num(implied)} (total {_num(total.value)} on "
          f"line {total.line} minus indicator scores {_num(ind)})"
          + ("." if ok else f", outside 0–{_num(fw)}."))
    return _finding(e["doc_id"], "PERF-SCORE", "info" if ok else "warning",
                    _esubject(e, "funds_score"), zh, en, lines, src_line=total.line,
                    stated=total.value, expected=ind, eval_id=e["eval_id"])


def rule_perf_over(tables: Tables) -> list[Finding]:
    """An indicator's (or 一级指标's) 得分 above its 分值, or the funds score above the funds
    weight (the standard 10 when not printed)."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        for r in inds.get(e["eval_id"], []):
            if r["weight"] is not None and r["score"] is not None and r["score"] > r["weight"] + EPS:
                out.append(_over(e, _ipart(r, "score"), _ipart(r, "weight")))
        fw, assumed = _funds_weight(e)
        if e["funds_score"] is not None and fw is not None and e["funds_score"] > fw + EPS:
            weight = Part("资金执行分值" + ("（未列示，按10分）" if assumed else ""),
                          "funds weight" + (" (not printed, 10 assumed)" if assumed else ""),
                          fw, _line(e, "funds_weight"))
            out.append(_over(e, _epart_perf(e, "funds_score", "资金执行得分", "funds score"),
                             weight))
    return out


def _over(e: dict, score: Part, weight: Part) -> Finding:
    zh = (f"第{score.line}行{score.zh}{_num(score.value)}分，超过{weight.zh}{_num(weight.value)}分"
          f"（第{weight.line}行）。")
    en = (f"{score.en} {_num(score.value)} on line {score.line} exceeds {weight.en} "
          f"{_num(weight.value)} (line {weight.line}).")
    return _finding(e["doc_id"], "PERF-OVER", "error", _esubject(e, score.en), zh, en,
                    [score.line, weight.line], src_line=score.line, stated=score.value,
                    expected=weight.value, tolerance=ROUNDING, eval_id=e["eval_id"])


def rule_perf_grade(tables: Tables) -> list[Finding]:
    """The grade agrees with the score: ≥90 优, 80–<90 良, 60–<80 中, <60 差 (A/B/C/D the same
    bands); table grade vs score and narrative grade vs narrative score."""
    out = []
    for e in _evals(tables):
        pairs = {(e["grade"], e["score"], _line(e, "grade"), _line(e, "score")),
                 (e["grade_narrative"], e["score_narrative"], _line(e, "grade_narrative"),
                  _line(e, "score_narrative"))}
        for grade, score, gl, sl in sorted(pairs, key=str):
            band = grade_band(grade)
            if band is None or score is None or band == score_band(score):
                continue
            want = "/".join(_GRADES[score_band(score)])
            zh = f"第{gl}行评价等级“{grade}”与第{sl}行得分{_num(score)}分不符（应为{want}）。"
            en = (f"Grade “{grade}” on line {gl} does not fit the score {_num(score)} on line "
                  f"{sl} (≥90 优, 80–<90 良, 60–<80 中, <60 差: expected {want}).")
            out.append(_finding(e["doc_id"], "PERF-GRADE", "warning", _esubject(e, "grade"),
                                zh, en, [gl, sl], src_line=gl, stated=score,
                                eval_id=e["eval_id"]))
    return out


def rule_perf_level1(tables: Tables) -> list[Finding]:
    """The points printed in a 一级指标 label (产出指标（50分）) = the sum of the weights of the
    indicators under it in the same evaluation."""
    evals = {e["eval_id"]: e for e in _evals(tables)}
    out = []
    for eval_id, rows in _indicators(tables).items():
        groups: dict[str, list[dict]] = {}
        for r in _scored(rows):
            groups.setdefault(r["level1"] or "", []).append(r)
        for level1, grp in groups.items():
            head = next((r for r in grp if r["level1_points_stated"] is not None), None)
            if head is None or eval_id not in evals:
                continue
            stated = Part(f"一级指标“{level1}”标注分值", f"points printed for “{level1}”",
                          head["level1_points_stated"], _line(head, "level1_points_stated"))
            e = evals[eval_id]
            f = _sum_finding(e["doc_id"], "PERF-LEVEL1", _esubject(e, f"level1 {level1}"),
                             stated, [_ipart(r, "weight") for r in grp], unit="分",
                             tolerance=ROUNDING, eval_id=eval_id)
            out.append(f)
    return _keep(out)


def rule_perf_key_sum(tables: Tables) -> list[Finding]:
    """Key evaluations: Σ 一级指标 scores of the score table = the stated total score."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        rows = [r for r in inds.get(e["eval_id"], []) if r["row_kind"] == "level1_total"]
        if e["template"] != "key_report" or e["score"] is None or not rows or any(
                r["score"] is None for r in rows):
            continue
        out.append(_sum_finding(e["doc_id"], "PERF-KEY-SUM", _esubject(e, "score"),
                                Part("总得分", "total score", e["score"], _line(e, "score")),
                                [_ipart(r, "score") for r in rows], unit="分",
                                tolerance=ROUNDING, eval_id=e["eval_id"]))
    return _keep(out)


def rule_perf_key_detail(tables: Tables) -> list[Finding]:
    """Key evaluations: a 一级指标 row's weight and score = the sums over the detailed
    indicators under it (skipped when a detailed score is blank)."""
    out = []
    evals = {e["eval_id"]: e for e in _evals(tables)}
    for eval_id, rows in _indicators(tables).items():
        e = evals.get(eval_id)
        for head in (r for r in rows if r["row_kind"] == "level1_total" and e):
            kids = [r for r in _scored(rows) if r["level1"] == head["level1"]]
            for col in ("weight", "score"):
                if not kids or head[col] is None or any(k[col] is None for k in kids):
                    continue
                out.append(_sum_finding(
                    e["doc_id"], "PERF-KEY-DETAIL", _esubject(e, f"level1 {head['level1']} {col}"),
                    _ipart(head, col), [_ipart(k, col) for k in kids], unit="分",
                    tolerance=ROUNDING, eval_id=eval_id))
    return _keep(out)


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
        for rate, b, a, where, unit in _RATE_COLS:
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
    for r in rows:
        bases = {"completion": _COMPLETION_BASE, "share": _SHARE_BASE}.get(r["percent_kind"], {})
        metric = bases.get(r["metric"])
        b = _nearest(rows, r, metric, r["percent_kind"] == "completion") if metric else None
        if r["percent_stated"] is not None and b is not None and b["value"] == 0:
            out.append(_zero(r, f"totals {r['metric']}: {r['percent_kind']}", r["percent_stated"],
                             _line(r, "percent_stated"), metric, b["src_line"]))
    return out


def _zero(r: dict, subject: str, pct: float, pl_: int, base: str, bl: int) -> Finding:
    zh = f"第{pl_}行所述百分比{_num(pct)}%的基数（{base}，第{bl}行）为0，百分比无从计算。"
    en = f"Percentage {_num(pct)}% on line {pl_} is stated on a base of zero ({base}, line {bl})."
    return _finding(r["doc_id"], "PLAUS-ZERO-BASE", "warning", subject, zh, en, [pl_, bl],
                    src_line=pl_, stated=pct, eval_id=r.get("eval_id"))


# --- the catalogue -----------------------------------------------------------------------------

_SUM_TOL = "0.005 × (n + 1) for a total of n stated parts (each printed amount ±0.005)"
_PCT_TOL = ("the interval of a/b under ±0.005 on each amount, widened by half a unit of the "
            "percentage's last printed decimal")
_DUP_TOL = "0.005 (two roundings of one number print the same digits)"
_EXACT = "exact (0.005, for two-decimal scores)"


def _r(rule_id: str, zh: str, en: str, tol: str, func: Callable[[Tables], list[Finding]]) -> Rule:
    """A Rule whose `checks` text is its function's docstring (one source of truth)."""
    doc = re.sub(r"(?<=[\u4e00-\u9fff（）])\s+(?=[\u4e00-\u9fff（）])", "",
                 " ".join((func.__doc__ or "").split()))
    return Rule(rule_id, zh, en, doc, tol, func)


RULES: list[Rule] = [
    _r("SUM-CARRYOVER", "收支总计＝本年＋结转结余", "Grand totals vs year + carry-over", _SUM_TOL,
       rule_sum_carryover),
    _r("SUM-INCOME", "本年收入＝各项收入之和", "Income of the year vs its sources", _SUM_TOL,
       rule_sum_income),
    _r("SUM-EXPENDITURE", "本年支出＝基本＋项目（＋经营）", "Expenditure vs basic + project",
       _SUM_TOL, rule_sum_expenditure),
    _r("SUM-BASIC", "基本支出＝人员经费＋公用经费", "Basic expenditure vs personnel + public",
       _SUM_TOL, rule_sum_basic),
    _r("EQ-ALL-GPB", "全部为一般公共预算支出时基本/项目支出应一致",
       "All spending general-budget: basic/project must match", _DUP_TOL, rule_all_gpb),
    _r("SUM-ECON", "经济分类：类＝款之和，人员/公用经费合计", "Economic classification sums",
       _SUM_TOL, rule_sum_econ),
    _r("SUM-FUNC", "功能分类：合计＝类之和，类＝款之和，款＝项之和",
       "Functional classification sums", _SUM_TOL, rule_sum_func),
    _r("SUM-FUNC-ROW", "功能分类表行：合计＝基本＋项目", "Table row: total = basic + project",
       _SUM_TOL, rule_sum_func_row),
    _r("SUM-GPB-WITHIN", "公开05表各科目不超过公开03表", "Table 05 within table 03, line by line",
       "0.005 × 2 (two printed amounts); a blank 公开03表 cell counts as 0",
       rule_sum_gpb_within),
    _r("SUM-NARRATIVE-GPB", "一般公共预算支出总额＝说明所列各科目之和",
       "General-budget total vs the narrative's line items", _SUM_TOL, rule_sum_narrative_gpb),
    _r("SUM-3PUBLIC", "“三公”合计＝各项之和，公务用车＝购置＋运行",
       "“Three public” total vs its items", _SUM_TOL, rule_sum_three_public),
    _r("PCT-TOTALS", "完成率、占比（总体数据）", "Completion and shares of headline figures",
       _PCT_TOL, rule_pct_totals),
    _r("PCT-GROWTH", "较上年增长（下降）比例", "Year-on-year growth vs the stated change",
       _PCT_TOL + "; the previous year (current − change) carries ±0.01", rule_pct_growth),
    _r("PCT-FUNC", "科目完成年初预算、占比", "Line items: completion and shares", _PCT_TOL,
       rule_pct_func),
    _r("PCT-3PUBLIC", "“三公”等完成预算比例", "“Three public”: completion", _PCT_TOL,
       rule_pct_three_public),
    _r("PCT-EXEC", "项目执行率＝B÷A", "Execution rate vs B / A", _PCT_TOL, rule_pct_exec),
    _r("DUP-TOTALS", "同一数据前后表述不一致", "Same headline figure, different values", _DUP_TOL,
       rule_dup_totals),
    _r("DUP-FUNC", "科目决算数说明与表格不一致", "Line item: narrative vs table 05", _DUP_TOL,
       rule_dup_func),
    _r("DUP-3PUBLIC", "“三公”经费说明与表格不一致", "“Three public”: narrative vs table",
       _DUP_TOL, rule_dup_three_public),
    _r("DUP-PERF", "绩效自评表与文字说明不一致", "Performance table vs its narrative",
       _DUP_TOL + "; rates: half a unit of the coarser printed decimal", rule_dup_perf),
    _r("PERF-WEIGHTS", "指标分值＋资金分值＝100", "Weights sum to 100", _EXACT,
       rule_perf_weights),
    _r("PERF-SCORE", "指标得分＋资金得分＝总分", "Scores sum to the total", _EXACT,
       rule_perf_score),
    _r("PERF-OVER", "得分不得超过分值", "No score above its weight", _EXACT, rule_perf_over),
    _r("PERF-GRADE", "等级与得分相符", "Grade fits the score", "band limits are exact",
       rule_perf_grade),
    _r("PERF-LEVEL1", "一级指标标注分值＝所属指标分值之和", "一级指标 points vs its weights",
       _EXACT, rule_perf_level1),
    _r("PERF-KEY-SUM", "重点评价：一级指标得分之和＝总分", "Key evaluation: 一级 scores vs total",
       _EXACT, rule_perf_key_sum),
    _r("PERF-KEY-DETAIL", "重点评价：一级指标＝明细指标之和",
       "Key evaluation: 一级 row vs its detailed indicators", _EXACT, rule_perf_key_detail),
    _r("PLAUS-PROJECT-SIZE", "项目金额超过部门支出总计", "Project larger than the department",
       "none (strictly larger)", rule_plaus_project_size),
    _r("PLAUS-RATE", "执行率超过110%", "Execution rate above 110 %", "none (above 110 %)",
       rule_plaus_rate),
    _r("PLAUS-NEGATIVE", "金额为负数", "Negative amount", "none (below 0)", rule_plaus_negative),
    _r("PLAUS-ZERO-BASE", "基数为零却列示百分比", "Percentage of a zero base", "none (base = 0)",
       rule_plaus_zero_base),
]


def run(tables: Tables, doc_ids: list[str] | None = None) -> list[Finding]:
    """All rules over the given tables (restricted to `doc_ids`), as FINDINGS rows sorted by
    doc_id, rule_id, src_line, subject."""
    if doc_ids is not None:
        tables = {name: df.filter(pl.col("doc_id").is_in(doc_ids)) if "doc_id" in df.columns
                  else df for name, df in tables.items()}
    columns = schema.TABLES["findings"].column_names
    found = [{c: f[c] for c in columns} for rule in RULES for f in rule.func(tables)]
    return sorted(found, key=lambda f: (f["doc_id"], f["rule_id"], f["src_line"], f["subject"],
                                        f["message_en"]))


def catalogue_markdown() -> str:
    """The rule catalogue as a Markdown table (ids, what each checks, its tolerance)."""
    head = ("| rule | 规则 | checks | tolerance |\n|---|---|---|---|\n")
    body = "".join(f"| `{r.rule_id}` | {r.title_zh} | **{r.title_en}.** {r.checks} | "
                   f"{r.tolerance} |\n" for r in RULES)
    note = ("\nSeverity: **error** — the document contradicts itself beyond rounding; "
            "**warning** — implausible, or a gap that an unstated figure could explain; "
            "**info** — worth knowing, not a contradiction. Amounts carry ±0.005 of rounding "
            "(the documents: 公开数据为四舍五入计算结果，存在尾差). Year-on-year growth "
            "(与上年相比增加 … 万元，增长 x%) is checked against the narrative's own current "
            "figure (PCT-GROWTH); a stated decrease is negative and not implausible.\n")
    return head + body + note
