"""The document as a reviewer reads it: its identity (unit name, fiscal year, template
placeholders), the narrative's direction words against the amounts they describe, tables
printed empty although the narrative states amounts, and tables listed in the contents but
not reproduced.

These rules read the source text (`LINES`, one row per line of the extracted text: doc_id,
src_line, text) besides the curated tables; without it the text-based ones are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.checks.rules.common import (
    EPS,
    Finding,
    Tables,
    _amt,
    _finding,
    _rows,
    derived,
)
from juesuan.metadata.codes import PLACEHOLDER_PATTERN
from juesuan.metadata.formats import ROUNDING, STANDARD_TABLES

LINES = "_lines"  # the pseudo-table of source lines (not a curated table)
# 决算数与预算数基本持平: accepted when the two amounts differ by at most this share of the
# budget (1 %): “basically level” is a reviewer's judgement, not rounding.
FLAT_SHARE = 0.01

_TABLE_NAMES = {t.number: t.name_zh for t in STANDARD_TABLES}
_EXPECTED = frozenset(t.number for t in STANDARD_TABLES if t.expected)


def joined(lines: list[tuple[int, str]]) -> tuple[str, list[int]]:
    """The lines as one string without spaces (a sentence wraps across lines and PDFs insert
    spaces around numbers), and for each character the line it comes from."""
    chars: list[str] = []
    where: list[int] = []
    for n, text in lines:
        kept = "".join(text.split())  # str.split() splits on exactly the str.isspace() chars
        chars.append(kept)
        where += [n] * len(kept)
    return "".join(chars), where


def _joined(tables: Tables, doc_id: str, lines: list[tuple[int, str]]
            ) -> tuple[str, list[int]]:
    """`joined(lines)` of a document, once per batch (two rules read it)."""
    return derived(tables, (joined, doc_id), lambda: joined(lines))


def _doc_lines(tables: Tables) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    """Per document, its source lines (src_line, text) in order."""
    def compute() -> list[tuple[str, list[tuple[int, str]]]]:
        df = tables.get(LINES)
        if df is None or df.is_empty():
            return []
        df = df.sort("doc_id", "src_line")
        numbers, texts = df["src_line"].to_list(), df["text"].to_list()
        out, start = [], 0
        for doc_id, n in df.group_by("doc_id", maintain_order=True).len().iter_rows():
            out.append((str(doc_id), list(zip(numbers[start:start + n], texts[start:start + n],
                                              strict=True))))
            start += n
        return out

    yield from derived(tables, LINES, compute)


def _documents(tables: Tables) -> dict[str, dict]:
    df = tables.get("documents")
    return {} if df is None else {d["doc_id"]: d for d in df.to_dicts()}


# --- identity ---------------------------------------------------------------------------------

def rule_placeholder(tables: Tables) -> list[Finding]:
    """**Placeholder left from a template.** A line (heading, table title or text) printing a
    placeholder instead of a name: two or more X/Ｘ/× in a row, 某某 (上海市普陀区XX局). Read
    from the source text, else from the headings and titles of `parts`."""
    out: list[Finding] = []
    pat = re.compile(PLACEHOLDER_PATTERN)
    sources: dict[str, list[tuple[int, str]]] = dict(_doc_lines(tables))
    if not sources:
        for r in _rows(tables, "parts"):
            sources.setdefault(r["doc_id"], []).append((r["src_line"], r["title"]))
    for doc_id, lines in sources.items():
        # A line's match is also one in all lines joined by “（”, which the pattern may be
        # followed by: one search tells the many documents without a placeholder.
        if not pat.search("".join("（".join(text for _, text in lines).split())):
            continue
        for n, text in lines:
            m = pat.search("".join(text.split()))  # without any whitespace
            if m:
                out.append(_finding(
                    doc_id, "ID-PLACEHOLDER", "error", f"placeholder {m.group(0)}",
                    f"第{n}行“{text.strip()[:40]}”含占位符“{m.group(0)}”，应为单位名称等实际内容。",
                    f"line {n} prints the placeholder “{m.group(0)}” where a name belongs.", [n]))
    return out


_YEAR_IN_TITLE = re.compile(r"(20\d{2})年度?(?:部门|单位)?决算")
_AS_OF = re.compile(r"截至(20\d{2})年12月31日")


def rule_year(tables: Tables) -> list[Finding]:
    """**Fiscal year of headings and dates.** A heading or table title naming a year's 决算
    (第三部分…2023年度部门决算情况说明) or a date 截至…年12月31日 whose year is not the document's
    fiscal year (read from its cover). Comparisons with the previous year (与2023年度相比) are
    not headings and are not read."""
    docs = _documents(tables)
    out: list[Finding] = []
    for r in _rows(tables, "parts"):
        fy = (docs.get(r["doc_id"]) or {}).get("fiscal_year")
        if fy is None or r["kind"] not in ("heading", "table", "table_listed"):
            continue
        title = re.sub(r"\s+", "", r["title"] or "")
        for m in _YEAR_IN_TITLE.finditer(title):
            if int(m.group(1)) != int(fy):
                out.append(_year_finding(r["doc_id"], r["src_line"], title, int(m.group(1)),
                                         int(fy), "标题"))
    for doc_id, lines in _doc_lines(tables):
        fy = (docs.get(doc_id) or {}).get("fiscal_year")
        if fy is None:
            continue
        text, where = _joined(tables, doc_id, lines)
        for m in _AS_OF.finditer(text):
            if int(m.group(1)) != int(fy):
                out.append(_year_finding(doc_id, where[m.start()], m.group(0), int(m.group(1)),
                                         int(fy), "截止日期"))
    return out


def _year_finding(doc_id: str, line: int, quote: str, year: int, fy: int, what: str) -> Finding:
    return _finding(doc_id, "ID-YEAR", "error", f"year {year}",
                    f"第{line}行{what}“{quote[:40]}”所写年度{year}与封面年度{fy}不符。",
                    f"line {line} names the year {year} but the document covers {fy}.", [line],
                    stated=float(year), expected=float(fy))


# --- narrative against the figures ------------------------------------------------------------

_AMT = r"([\d,]+(?:\.\d+)?)万元"
_DIRECTION = re.compile(
    r"年初预算(?:数)?为" + _AMT + r"[，,]支出决算(?:数)?为" + _AMT
    + r"(?:[，,]完成[^。，]{0,16})?。决算数(大于|小于|等于|与预算数基本持平|与预算数持平|基本持平)")
_DIRECTION_ZH = {"大于": "大于", "小于": "小于", "等于": "等于", "与预算数基本持平": "基本持平",
                 "与预算数持平": "持平", "基本持平": "基本持平"}


def direction_holds(word: str, budget: float, actual: float) -> tuple[bool, str]:
    """Whether a direction word fits 决算 vs 预算 (and the severity when it does not)."""
    diff = actual - budget
    tol = 2 * ROUNDING
    if word == "大于":
        return diff > -tol - EPS, "error"
    if word == "小于":
        return diff < tol + EPS, "error"
    if word in ("等于", "持平"):
        return abs(diff) <= tol + EPS, "error"
    return abs(diff) <= max(tol, FLAT_SHARE * abs(budget)) + EPS, "warning"  # 基本持平


def rule_direction(tables: Tables) -> list[Finding]:
    """**Direction words vs the amounts.** 年初预算为 B 万元，支出决算为 A 万元。决算数大于/小于/
    等于预算数 (or 与预算数基本持平): 大于 needs A > B, 小于 A < B, 等于 and 持平 A = B (within
    the rounding of two printed amounts); 基本持平 a difference within 1 % of the budget (else
    疑似)."""
    out: list[Finding] = []
    for doc_id, lines in _doc_lines(tables):
        text, where = _joined(tables, doc_id, lines)
        for m in _DIRECTION.finditer(text):
            budget, actual = (float(g.replace(",", "")) for g in m.group(1, 2))
            word = _DIRECTION_ZH[m.group(3)]
            ok, severity = direction_holds(word, budget, actual)
            if ok:
                continue
            lb, la, lw = where[m.start(1)], where[m.start(2)], where[m.start(3)]
            real = "大于" if actual > budget else "小于" if actual < budget else "等于"
            out.append(_finding(
                doc_id, "NARR-DIRECTION", severity, f"direction {word}",
                f"第{lw}行称决算数{word}预算数，但年初预算{_amt(budget)}万元（第{lb}行）、支出决算"
                f"{_amt(actual)}万元（第{la}行），决算数实为{real}预算数。",
                f"line {lw} says the final amount is {word} the budget, but budget "
                f"{_amt(budget)} (line {lb}) and final {_amt(actual)} (line {la}) say {real}.",
                [lw, lb, la], src_line=lw, stated=actual, expected=budget,
                tolerance=2 * ROUNDING))
    return out


def rule_empty_table(tables: Tables) -> list[Finding]:
    """**Table printed empty.** A standard table printed without data: an error when the
    narrative states a non-zero amount that belongs in it (the “三公” table blank while the
    text states its budget or spending), else a warning when no reason is printed (空表说明,
    e.g. 本部门无政府性基金预算财政拨款支出，故本表无数据) under the table or in the list of
    tables (是否空表：是, with its reason)."""
    out: list[Finding] = []
    stated: dict[str, list[dict]] = {}
    for r in _rows(tables, "three_public"):
        if r.get("source_kind") == "narrative" and ((r.get("budget") or 0) > EPS
                                               or (r.get("actual") or 0) > EPS):
            stated.setdefault(r["doc_id"], []).append(r)
    declared = {(r["doc_id"], r["table_number"]) for r in _rows(tables, "parts")
                if r["kind"] == "table_listed" and r["declared_empty"]}
    for r in _rows(tables, "parts"):
        if r["kind"] != "table" or r["has_data"] or r["table_number"] is None:
            continue
        name = _TABLE_NAMES.get(int(r["table_number"]), r["title"])
        said = stated.get(r["doc_id"], []) if r["table_number"] == 9 else []
        if said:
            s = said[0]
            value = s["budget"] if (s.get("budget") or 0) > EPS else s["actual"]
            line = s.get("budget_src_line") or s.get("actual_src_line") or s["src_line"]
            out.append(_finding(
                r["doc_id"], "NARR-EMPTY-TABLE", "error", name,
                f"第{r['src_line']}行{name}未列任何数据，而第{line}行说明列有{_amt(value)}万元。",
                f"table {name} (line {r['src_line']}) is printed blank, but line {line} "
                f"states {_amt(value)} 万元.", [r["src_line"], line], src_line=r["src_line"],
                stated=0.0, expected=value))
        elif not (r["empty_reason"] or r["declared_empty"]
                  or (r["doc_id"], r["table_number"]) in declared):
            out.append(_finding(
                r["doc_id"], "NARR-EMPTY-TABLE", "warning", name,
                f"第{r['src_line']}行{name}为空表，未说明原因（空表说明）。",
                f"table {name} (line {r['src_line']}) is empty and no reason is printed.",
                [r["src_line"]]))
    return out


def rule_listed_only(tables: Tables) -> list[Finding]:
    """**Table listed but not printed.** One of the nine national tables named in the
    contents (目录) that the body does not reproduce, although the body prints other standard
    tables (a text that reproduces none of them was published without its tables: the
    completeness scorecard records those as listed_only, not as a contradiction)."""
    parts = tables.get("parts")
    if parts is None or parts.is_empty():
        return []
    out: list[Finding] = []
    printed: dict[str, set[int]] = {}  # doc_id → the numbers of the tables its body prints
    for r in _rows(tables, "parts"):
        if r["kind"] == "table" and r["table_number"] is not None:
            printed.setdefault(r["doc_id"], set()).add(r["table_number"])
    for r in _rows(tables, "parts"):
        if (r["kind"] != "table_listed" or r["table_number"] not in _EXPECTED
                or r["declared_empty"]):
            continue
        body = printed.get(r["doc_id"])
        if not body or r["table_number"] in body:
            continue
        name = _TABLE_NAMES.get(int(r["table_number"]), r["title"])
        out.append(_finding(
            r["doc_id"], "COMP-LISTED-ONLY", "error", name,
            f"目录第{r['src_line']}行列有{name}，正文未见该表。",
            f"the contents list {name} (line {r['src_line']}) but the body does not print it.",
            [r["src_line"]]))
    return out


_DOUBLED = re.compile(r"([。，；：、])\1")


def rule_punctuation(tables: Tables) -> list[Finding]:
    """**Doubled punctuation.** The same Chinese punctuation mark twice in a row (。。, ，，):
    an editing slip, worth a look (提示)."""
    out: list[Finding] = []
    for doc_id, lines in _doc_lines(tables):
        for n, text in lines:
            m = _DOUBLED.search(text)
            if m:
                out.append(_finding(
                    doc_id, "ID-PUNCT", "info", f"doubled {m.group(0)}",
                    f"第{n}行标点“{m.group(0)}”重复。",
                    f"line {n} repeats the punctuation mark “{m.group(1)}”.", [n]))
    return out


_REASON = re.compile(r"原因|由于|主要是|主要用于|系因")
YOY_WINDOW = 3  # lines after the change in which its reason may be given


def rule_yoy_reason(tables: Tables) -> list[Finding]:
    """**Year-on-year change without a reason.** A narrative change against the previous year
    (与上年相比增加/减少 … 万元) with no reason (原因, 由于, 主要是 …) in its sentence or the next
    three lines, before the next heading (疑似: the reason may be given elsewhere)."""
    heads = {(r["doc_id"], r["src_line"]) for r in _rows(tables, "parts")
             if r["kind"] == "heading"}
    text = {doc_id: dict(lines) for doc_id, lines in _doc_lines(tables)}
    out: list[Finding] = []
    for r in _rows(tables, "totals"):
        if (r["source_kind"] != "narrative" or not r["metric"].endswith("_yoy_change")
                or not r["value"] or r["doc_id"] not in text):
            continue
        lines = text[r["doc_id"]]
        window = []
        for n in range(r["src_line"], r["src_line"] + YOY_WINDOW + 1):
            if n > r["src_line"] and (r["doc_id"], n) in heads:
                break
            window.append(lines.get(n, ""))
        if not _REASON.search("".join(window)):
            out.append(_finding(
                r["doc_id"], "NARR-YOY-REASON", "warning", f"totals {r['metric']}",
                f"第{r['src_line']}行说明与上年相比变动{_amt(r['value'])}万元，未说明原因。",
                f"line {r['src_line']} states a change of {_amt(r['value'])} 万元 against the "
                "previous year without a reason.", [r["src_line"]], stated=r["value"]))
    return out
