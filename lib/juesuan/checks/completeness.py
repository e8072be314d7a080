"""Disclosure completeness: what a final-accounts disclosure is expected to contain.

The item list follows the national format of 部门决算公开 for 2023–2024 (财政部's template,
summarised in DOMAIN.md): the nine standard tables (公开01–09表), the explanation sections of
情况说明 (收入支出总体 … 预算绩效), the overview (职责, 机构, 人员), the glossary, and the
performance annex (部门整体支出绩效自评表, 项目支出绩效自评表). Provincial extra tables
(e.g. 山西's 相关信息统计表, 四川's 项目支出决算表) are recorded as `extra`, not penalised.

The template of the document's fiscal year decides what is `required`
(`metadata.formats.NOT_IN_TEMPLATE`): the 2024 template (附件2：部门决算模板.pdf) names the
duties 主要职能 and asks for no 人员情况 and no performance self-evaluation tables, so those
are recorded but not required for 2024 documents.

Statuses: present (with data) · empty_declared (printed empty or listed as 空表, with the
reason printed) · listed_only (named in a list of tables but not reproduced in the text) ·
missing (neither) · extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from juesuan import metadata
from juesuan.metadata.formats import NOT_IN_TEMPLATE, STANDARD_TABLES


@dataclass(frozen=True)
class Item:
    item_id: str
    kind: str  # table | section | annex
    name_zh: str
    table_number: int | None = None
    pattern: str | None = None  # regex over heading titles (sections)
    exclude: str | None = None  # regex a matching heading must not contain
    metrics: tuple[str, ...] = ()  # totals metrics that also show the section's content


ITEMS: tuple[Item, ...] = (
    *(Item(f"t{t.number:02d}", "table", t.name_zh, t.number) for t in STANDARD_TABLES
      if t.expected),
    Item("overview_duties", "section", "部门职责 / 主要职能", pattern="职责|主要职能"),
    Item("overview_organisation", "section", "机构设置 / 决算单位构成",
         pattern="机构设置|内设机构|单位构成"),
    Item("overview_staff", "section", "人员情况", pattern="人员情况",
         metrics=("staff_authorized", "staff_actual")),
    Item("s_overall", "section", "收入支出决算总体情况说明", pattern="收入支出决算总体",
         exclude="财政拨款"),
    Item("s_income", "section", "收入决算情况说明", pattern="收入决算情况", exclude="总体|财政拨款"),
    Item("s_expenditure", "section", "支出决算情况说明", pattern="支出决算情况",
         exclude="总体|财政拨款|预算|三公"),
    Item("s_fiscal", "section", "财政拨款收入支出决算总体情况说明",
         pattern="财政拨款收入?、?支出?决算总体"),
    Item("s_gpb", "section", "一般公共预算财政拨款支出决算情况说明",
         pattern="一般公共预算财政拨款支出决算情况", exclude="基本支出"),
    Item("s_gpb_basic", "section", "一般公共预算财政拨款基本支出决算情况说明",
         pattern="基本支出决算情况"),
    Item("s_gov_fund", "section", "政府性基金预算财政拨款收入支出决算情况说明",
         pattern="政府性基金"),
    Item("s_state_capital", "section", "国有资本经营预算财政拨款支出决算情况说明",
         pattern="国有资本经营"),
    Item("s_three_public", "section", "财政拨款“三公”经费支出决算情况说明", pattern="三公"),
    Item("s_agency", "section", "机关运行经费支出情况说明", pattern="机关运行经费"),
    Item("s_procurement", "section", "政府采购支出情况说明", pattern="政府采购"),
    Item("s_assets", "section", "国有资产占用情况说明", pattern="国有资产"),
    Item("s_performance", "section", "预算绩效情况说明", pattern="预算绩效|绩效管理|绩效情况"),
    Item("glossary", "section", "名词解释", pattern="名词解释"),  # or ≥3 numbered definitions
    Item("annex_department_eval", "annex", "部门整体支出绩效自评表"),
    Item("annex_project_evals", "annex", "项目支出绩效自评表"),
)


def scorecard(tables: dict[str, pl.DataFrame], doc_ids: list[str] | None = None) -> pl.DataFrame:
    """The completeness table for the given documents (default: all). The rows it reads are
    grouped by document once, so the work grows linearly with the corpus."""
    docs = doc_ids or tables["documents"]["doc_id"].to_list()
    rows: list[dict] = []
    years = dict(tables["documents"].select("doc_id", "fiscal_year").iter_rows())
    parts_of = rows_by_doc(tables["parts"], ["kind", "title", "table_number", "has_data",
                                         "declared_empty", "empty_reason", "in_contents",
                                         "src_line"])
    totals_of = rows_by_doc(tables["totals"], ["metric", "src_line"])
    evals_of = rows_by_doc(tables["perf_evaluations"], ["scope", "template", "src_line"])
    for doc_id in docs:
        parts = parts_of.get(doc_id, [])
        body = [p for p in parts if p["in_contents"] is False]
        optional = NOT_IN_TEMPLATE.get(years.get(doc_id) or 0, frozenset())
        for item in ITEMS:
            row = {"doc_id": doc_id, "item_id": item.item_id, "item_kind": item.kind,
                   "name_zh": item.name_zh, "required": item.item_id not in optional}
            if item.kind == "table":
                row.update(_table_status(parts, item.table_number))
            elif item.kind == "section":
                row.update(_section_status(body, totals_of.get(doc_id, []), item))
            else:
                row.update(_annex_status(evals_of.get(doc_id, []), item))
            rows.append(row)
        rows.extend(_extras(parts, doc_id))
    return metadata.frame("completeness", rows)


def rows_by_doc(df: pl.DataFrame, columns: list[str]) -> dict[str, list[dict]]:
    """doc_id → its rows (the given columns, as dicts) in table order: grouped once, so
    that the per-document work takes time linear in the corpus."""
    out: dict[str, list[dict]] = {}
    for r in df.select("doc_id", *columns).iter_rows(named=True):
        out.setdefault(r["doc_id"], []).append(r)
    return out


def _min_line(rows: list[dict]) -> int | None:
    return min((r["src_line"] for r in rows if r["src_line"] is not None), default=None)


def _table_status(parts: list[dict], number: int) -> dict:
    body = [p for p in parts if p["kind"] == "table" and p["table_number"] == number]
    listed = [p for p in parts if p["kind"] == "table_listed" and p["table_number"] == number]
    declared = [p for p in listed if p["declared_empty"]]
    if body:
        table = body[0]
        if table["has_data"]:
            return {"status": "present", "src_line": table["src_line"]}
        reason = table["empty_reason"] or (declared[0]["empty_reason"] if declared else None)
        return {"status": "empty_declared", "reason": reason, "src_line": table["src_line"]}
    if declared:
        entry = declared[0]
        return {"status": "empty_declared", "reason": entry["empty_reason"],
                "src_line": entry["src_line"]}
    if listed:
        return {"status": "listed_only", "src_line": listed[0]["src_line"]}
    return {"status": "missing"}


def _section_status(body: list[dict], totals: list[dict], item: Item) -> dict:
    """`body`: the document's parts outside the contents; `totals`: its statements."""
    for p in body:
        if p["kind"] != "heading":
            continue
        title = p["title"]
        if re.search(item.pattern, title) and not (item.exclude and re.search(item.exclude, title)):
            return {"status": "present", "src_line": p["src_line"]}
    stated = [t for t in totals if t["metric"] in item.metrics]
    if stated:  # the content is there without its own heading
        return {"status": "present", "src_line": _min_line(stated)}
    if item.item_id == "glossary":  # definitions printed without a 名词解释 heading
        entries = [p for p in body if p["kind"] == "glossary_entry"]
        if len(entries) >= GLOSSARY_MIN_ENTRIES:
            return {"status": "present", "src_line": _min_line(entries)}
    return {"status": "missing"}


GLOSSARY_MIN_ENTRIES = 3


def _annex_status(evaluations: list[dict], item: Item) -> dict:
    """`evaluations`: the document's perf_evaluations rows."""
    scope = "department_overall" if item.item_id == "annex_department_eval" else "project"
    found = [e for e in evaluations if e["scope"] == scope and e["template"] is not None]
    if found:
        return {"status": "present", "src_line": _min_line(found)}
    return {"status": "missing"}


_EXTRA_TITLE, _NOT_EXTRA = re.compile("决算|统计表"), re.compile("绩效|评价|得分")


def _extras(parts: list[dict], doc_id: str) -> list[dict]:
    """Provincial tables (no national number), printed or listed; one row per title."""
    extra = [p for p in parts if p["kind"] in ("table", "table_listed")
             and p["table_number"] is None and p["title"] is not None
             and _EXTRA_TITLE.search(p["title"]) and not _NOT_EXTRA.search(p["title"])]
    rows, seen = [], set()
    for p in sorted(extra, key=lambda p: p["src_line"]):
        title = p["title"]
        if title not in seen:
            seen.add(title)
            rows.append({"doc_id": doc_id, "item_id": f"extra:{title}", "item_kind": "table",
                         "name_zh": title, "required": False, "status": "extra",
                         "src_line": p["src_line"]})
    return rows


def items_markdown() -> str:
    """The item list as a Markdown table (documentation)."""
    out = ["| item | kind | 名称 | found by |", "|---|---|---|---|"]
    for item in ITEMS:
        how = (f"table 公开{item.table_number:02d}表 (title or list of tables)" if item.table_number
               else f"heading matching `{item.pattern}`" if item.pattern
               else "a performance table in perf_evaluations")
        if item.metrics:
            how += f", or figures {', '.join(item.metrics)}"
        out.append(f"| `{item.item_id}` | {item.kind} | {item.name_zh} | {how} |")
    return "\n".join(out) + "\n"
