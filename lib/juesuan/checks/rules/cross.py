"""Cross-table identities of the national format: the appropriation tables within the tables
of all funds, and the general budget within all appropriations.

The same figure printed in two tables (表1 and 表2 本年收入合计, 表1 and 表3 本年支出合计, 表1 and
表4 一般公共预算财政拨款收入) is DUP-TOTALS'; here are the inequalities and the equality that
holds when the document has no government-fund or state-capital appropriation.
"""

from __future__ import annotations

from juesuan.checks.rules.common import EPS, Finding, Tables, _amt, _finding, _rows
from juesuan.checks.rules.totals import _tpart
from juesuan.metadata.formats import ROUNDING

# (part: table, metric) ≤ (whole: table, metric): a part of the funds cannot exceed the whole.
WITHIN = (
    (("公开05表", "gpb_expenditure_actual"), ("公开04表", "fiscal_expenditure_current_year")),
    (("公开04表", "fiscal_expenditure_current_year"), ("公开01表", "expenditure_current_year")),
    (("公开04表", "fiscal_expenditure_current_year"), ("公开03表", "expenditure_current_year")),
    (("公开04表", "fiscal_income_current_year"), ("公开01表", "income_current_year")),
    (("公开05表", "gpb_basic_expenditure"), ("公开03表", "expenditure_basic")),
    (("公开05表", "gpb_project_expenditure"), ("公开03表", "expenditure_project")),
)
_OTHER_FUNDS = (7, 8)  # 政府性基金, 国有资本经营: when both print no data, 表4 spending = 表5's


def rule_cross_tables(tables: Tables) -> list[Finding]:
    """**Cross-table identities.** 财政拨款 (公开04表) spending and income of the year within
    those of all funds (公开01表/公开03表), 一般公共预算 spending (公开05表 合计, basic, project)
    within 公开04表's and 公开03表's; and when the 政府性基金 and 国有资本经营 tables (公开07表,
    公开08表) both print no data, 公开04表's 本年支出合计 equals 公开05表's 合计."""
    stated: dict[tuple[str, str, str], dict] = {}
    for r in _rows(tables, "totals"):
        if r["source_kind"] == "table":
            stated.setdefault((r["doc_id"], r["source_part"], r["metric"]), r)
    empty: dict[str, set[int]] = {}
    for r in _rows(tables, "parts"):
        if r["kind"] == "table" and not r["has_data"] and r["table_number"] in _OTHER_FUNDS:
            empty.setdefault(r["doc_id"], set()).add(int(r["table_number"]))
    out: list[Finding] = []
    tol = 2 * ROUNDING
    for doc_id in sorted({k[0] for k in stated}):
        for (pt, pm), (wt, wm) in WITHIN:
            part, whole = stated.get((doc_id, pt, pm)), stated.get((doc_id, wt, wm))
            if part and whole and part["value"] > whole["value"] + tol + EPS:
                out.append(_cross(doc_id, part, whole, "大于", "exceeds", tol))
        gpb = stated.get((doc_id, "公开05表", "gpb_expenditure_actual"))
        fiscal = stated.get((doc_id, "公开04表", "fiscal_expenditure_current_year"))
        if (empty.get(doc_id) == set(_OTHER_FUNDS) and gpb and fiscal
                and fiscal["value"] > gpb["value"] + tol + EPS):
            out.append(_cross(doc_id, fiscal, gpb, "不等于（无政府性基金、国有资本经营支出）",
                              "differs from (no fund or state-capital spending)", tol))
    return out


def _cross(doc_id: str, a: dict, b: dict, zh: str, en: str, tol: float) -> Finding:
    pa, pb = _tpart(a), _tpart(b)
    return _finding(
        doc_id, "SUM-TABLES", "error", f"{a['source_part']} {a['metric']} / {b['source_part']}",
        f"{a['source_part']}{pa.zh}{_amt(pa.value)}万元（第{pa.line}行）{zh}{b['source_part']}"
        f"{pb.zh}{_amt(pb.value)}万元（第{pb.line}行）。",
        f"{a['source_part']} {pa.en} {_amt(pa.value)} (line {pa.line}) {en} "
        f"{b['source_part']} {pb.en} {_amt(pb.value)} (line {pb.line}).",
        [pa.line, pb.line], src_line=pa.line, stated=pa.value, expected=pb.value, tolerance=tol)
