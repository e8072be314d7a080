"""Identity: one figure stated more than once (table and narrative, two sentences) must read
the same, and the spending that is all general-budget must split alike."""

from __future__ import annotations

from juesuan.checks.rules.common import (
    EPS,
    Finding,
    Part,
    Tables,
    _amt,
    _dup_finding,
    _finding,
    _keep,
    _line,
    _rows,
    half_unit,
)
from juesuan.checks.rules.lines import (
    _bl_name,
    _bl_part,
    _bl_subject,
    _by_doc_statement,
)
from juesuan.checks.rules.performance import (
    _epart_perf,
    _esubject,
    _evals,
    grade_band,
)
from juesuan.checks.rules.three_public import _tp_part
from juesuan.checks.rules.totals import _tpart
from juesuan.metadata.formats import ROUNDING


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
