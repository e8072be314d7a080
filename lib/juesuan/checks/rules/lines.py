"""Rules on the lines: the functional classification (类/款/项, tables 03 and 05 and the
narrative) and the economic classification (公开06表)."""

from __future__ import annotations

from juesuan import metadata
from juesuan.checks.rules.common import (
    EPS,
    Finding,
    Part,
    Tables,
    _amt,
    _finding,
    _keep,
    _line,
    _num,
    _pct_finding,
    _rows,
    _sum_finding,
    sum_holds,
    sum_tolerance,
)
from juesuan.checks.rules.index import statements
from juesuan.checks.rules.totals import _tpart

# --- budget lines (functional classification) -------------------------------------------------

_STATEMENT = {"table_expenditure": "公开03表", "table_gpb_expenditure": "公开05表",
              "narrative_gpb": "情况说明"}
_COL_EN = {"actual": "actual", "basic": "basic", "project": "project",
           "budget_initial": "initial budget"}


def _bl_name(r: dict) -> str:
    name = r["item_name"] or r["section_name"] or r["class_name"] or "合计"
    return f"{r['func_code']} {name}" if r["func_code"] else name


def _bl_part(r: dict, col: str) -> Part:
    return Part(f"{_bl_name(r)}{metadata.label('budget_lines', col)}",
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
                if parent[col] is None or not stated or sum_holds(
                        parent[col], [k[col] for k in stated]):
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
        values = [r[c] for c in ("basic", "project") if r[c] is not None]
        if values and not sum_holds(r["actual"], values):
            parts = [_bl_part(r, c) for c in ("basic", "project") if r[c] is not None]
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
          f"{metadata.label('budget_lines', col)}{shown_zh}（差额{_amt(stated - limit)}，容差"
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


def rule_sum_narrative_gpb(tables: Tables) -> list[Finding]:
    """The narrative's general-budget total (initial budget, and final) = Σ the line items it
    then lists (项, and separately 类), only when every listed line states the figure
    (年初预算为零 is a stated 0)."""
    totals = statements(tables)
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
                    total = totals.preceding(doc, metric, listing[0]["src_line"])
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
    totals = statements(tables)
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
            base = totals.preceding(r["doc_id"], "gpb_expenditure_actual", r["src_line"])
            if base and base["value"]:
                pct = Part(f"{name}占比", f"{name} share", r["share_stated"],
                           _line(r, "share_stated"))
                out.append(_pct_finding(r["doc_id"], "PCT-FUNC",
                                        _bl_subject(r, "share_stated"), pct,
                                        _bl_part(r, "actual"), _tpart(base)))
    return _keep(out)


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
