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
    """The completeness table for the given documents (default: all)."""
    docs = doc_ids or tables["documents"]["doc_id"].to_list()
    rows: list[dict] = []
    years = dict(tables["documents"].select("doc_id", "fiscal_year").iter_rows())
    for doc_id in docs:
        parts = tables["parts"].filter(pl.col("doc_id") == doc_id)
        body = parts.filter(~pl.col("in_contents"))
        optional = NOT_IN_TEMPLATE.get(years.get(doc_id) or 0, frozenset())
        for item in ITEMS:
            row = {"doc_id": doc_id, "item_id": item.item_id, "item_kind": item.kind,
                   "name_zh": item.name_zh, "required": item.item_id not in optional}
            if item.kind == "table":
                row.update(_table_status(parts, item.table_number))
            elif item.kind == "section":
                row.update(_section_status(body, tables["totals"], doc_id, item))
            else:
                row.update(_annex_status(tables["perf_evaluations"], doc_id, item))
            rows.append(row)
        rows.extend(_extras(parts, doc_id))
    return metadata.frame("completeness", rows)


def _table_status(parts: pl.DataFrame, number: int) -> dict:
    body = parts.filter((pl.col("kind") == "table") & (pl.col("table_number") == number))
    listed = parts.filter((pl.col("kind") == "table_listed") & (pl.col("table_number") == number))
    declared = listed.filter(pl.col("declared_empty").fill_null(False))
    if body.height:
        table = body.row(0, named=True)
        if table["has_data"]:
            return {"status": "present", "src_line": table["src_line"]}
        reason = table["empty_reason"] or (declared["empty_reason"][0] if declared.height else None)
        return {"status": "empty_declared", "reason": reason, "src_line": table["src_line"]}
    if declared.height:
        entry = declared.row(0, named=True)
        return {"status": "empty_declared", "reason": entry["empty_reason"],
                "src_line": entry["src_line"]}
    if listed.height:
        return {"status": "listed_only", "src_line": listed["src_line"][0]}
    return {"status": "missing"}


def _section_status(headings: pl.DataFrame, totals: pl.DataFrame, doc_id: str, item: Item) -> dict:
    for title, line in headings.filter(pl.col("kind") == "heading").select(
            "title", "src_line").iter_rows():
        if re.search(item.pattern, title) and not (item.exclude and re.search(item.exclude, title)):
            return {"status": "present", "src_line": line}
    stated = totals.filter((pl.col("doc_id") == doc_id) & pl.col("metric").is_in(item.metrics))
    if stated.height:  # the content is there without its own heading
        return {"status": "present", "src_line": stated["src_line"].min()}
    if item.item_id == "glossary":  # definitions printed without a 名词解释 heading
        entries = headings.filter(pl.col("kind") == "glossary_entry")
        if entries.height >= GLOSSARY_MIN_ENTRIES:
            return {"status": "present", "src_line": entries["src_line"].min()}
    return {"status": "missing"}


GLOSSARY_MIN_ENTRIES = 3


def _annex_status(evaluations: pl.DataFrame, doc_id: str, item: Item) -> dict:
    scope = "department_overall" if item.item_id == "annex_department_eval" else "project"
    found = evaluations.filter((pl.col("doc_id") == doc_id) & (pl.col("scope") == scope)
                               & pl.col("template").is_not_null())
    if found.height:
        return {"status": "present", "src_line": found["src_line"].min()}
    return {"status": "missing"}


def _extras(parts: pl.DataFrame, doc_id: str) -> list[dict]:
    """Provincial tables (no national number), printed or listed; one row per title."""
    extra = parts.filter(pl.col("kind").is_in(["table", "table_listed"])
                         & pl.col("table_number").is_null() & pl.col("title").str.contains("决算|统计表")
                         & ~pl.col("title").str.contains("绩效|评价|得分"))
    rows, seen = [], set()
    for title, line in extra.sort("src_line").select("title", "src_line").iter_rows():
        if title not in seen:
            seen.add(title)
            rows.append({"doc_id": doc_id, "item_id": f"extra:{title}", "item_kind": "table",
                         "name_zh": title, "required": False, "status": "extra",
                         "src_line": line})
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
