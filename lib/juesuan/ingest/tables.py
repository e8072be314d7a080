"""The standard final-accounts tables (公开01–10表) printed as tab-separated rows.

A table starts at a line that is exactly its title (收入支出决算总表, 支出决算表, …) and runs
to the next title. Columns are found from the header words (基本支出, 项目支出, 本年收入合计…)
and the national format's fixed column order; cells stay as printed (a blank is None).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from juesuan.ingest.common import Problem, total_row
from juesuan.metadata.formats import TABLE_TITLES as TITLES  # title -> national table number
from juesuan.schema import THREE_PUBLIC_ITEMS
from juesuan.text import Line, cells, match_key, parse_number


@dataclass
class TableBlock:
    number: int | None  # national table number; None for a provincial table
    title: str
    title_line: int
    rows: list[Line]  # the tab-separated lines of the table
    empty_note: str | None = None  # '本表无数据' printed under the table
    empty_note_line: int | None = None

    @functools.cached_property  # (named on every value read: worked out once per table)
    def part(self) -> str:
        return f"公开{self.number:02d}表" if self.number else self.title


# Any other table title: a short unnumbered line ending in 决算表 / 统计表 (provincial tables).
_OTHER_TITLE = re.compile(r"[^\d、，。:：]{2,40}(?:决算表|统计表)")


def _is_other_title(key: str) -> bool:
    """A provincial table's title (the ending is tested first: most lines are not titles)."""
    return key.endswith(("决算表", "统计表")) and bool(_OTHER_TITLE.fullmatch(key))


def find_tables(lines: list[Line]) -> list[TableBlock]:
    """Locate the tables by their title lines; keep those printed with a body."""
    blocks: list[TableBlock] = []
    open_block = False
    for line in lines:
        if "\t" in line.text:  # a row: never a title or an end
            if open_block:
                blocks[-1].rows.append(line)
            continue
        key = line.key
        if key in TITLES or _is_other_title(key):
            blocks.append(TableBlock(TITLES.get(key), line.stripped, line.no, []))
            open_block = True
        elif key[:1] in _END_STARTS and _TABLE_END.match(key):
            open_block = False
            if blocks and "无数据" in key and blocks[-1].empty_note is None:
                blocks[-1].empty_note, blocks[-1].empty_note_line = _NO_DATA, line.no
    return [b for b in blocks if b.rows]


_NO_DATA = "本表无数据"


# A table's body ends at its note (注：…), a 说明 line or the next part of the document.
_TABLE_END = re.compile(r"^(?:注[:：]|说明[:：]|第[一二三四五六七八九十]+部分)")
_END_STARTS = ("注", "说", "第")  # the first character of every _TABLE_END match


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.)")


def _label(cell: str) -> str:
    """A row label without its numbering ('一、', '(一)') and spaces."""
    return _NUMBERING.sub("", match_key(cell))


def _total(metric: str, value: float, line: int, part: str) -> dict:
    return total_row(metric, value, line, part, "table")


def _number(cell: str | None, where: Line, problems: list[Problem], part: str) -> float | None:
    try:
        return parse_number(cell)
    except ValueError:
        problems.append(Problem(part, f"cell {cell!r} is not a number", where.no))
        return None


# --- 公开01表 / 公开04表: label, 行次, amount on each side ------------------------------------
_T1_LEFT = {"一般公共预算财政拨款收入": "income_gpb_appropriation", "事业收入": "income_business",
            "经营收入": "income_operating", "其他收入": "income_other",
            "本年收入合计": "income_current_year", "年初结转和结余": "income_carryover_begin",
            "总计": "income_total"}
_T1_RIGHT = {"本年支出合计": "expenditure_current_year", "年末结转和结余": "carryover_end",
             "总计": "expenditure_total"}
_T4_LEFT = {"一般公共预算财政拨款": "income_gpb_appropriation",
            "本年收入合计": "fiscal_income_current_year",
            "年初财政拨款结转和结余": "fiscal_carryover_begin",
            "年初结转和结余": "fiscal_carryover_begin", "总计": "fiscal_income_total"}
_T4_RIGHT = {"本年支出合计": "fiscal_expenditure_current_year",
             "年末财政拨款结转和结余": "fiscal_carryover_end",
             "年末结转和结余": "fiscal_carryover_end", "总计": "fiscal_expenditure_total"}


# The amount column that follows a 项目 column in a two-sided table's header.
_AMOUNT_HEADERS = ("决算数", "金额", "合计", "本年数")


def _two_sided_columns(block: TableBlock) -> tuple[tuple[int, int], tuple[int, int]]:
    """(label, amount) column of the income and the expenditure side, from the header row:
    项目|行次|金额|项目|行次|金额 in the national text, 项目|决算数|项目|决算数 where a layout
    prints no 行次 (Shanghai). Without a header, the national positions."""
    for line in block.rows:
        keys = [match_key(c) for c in cells(line.text)]
        labels = [i for i, k in enumerate(keys) if k == "项目"]
        if len(labels) < 2:
            continue
        pairs = []
        for start in labels[:2]:
            amount = next((i for i in range(start + 1, len(keys)) if keys[i] in _AMOUNT_HEADERS),
                          None)
            if amount is None:
                break
            pairs.append((start, amount))
        if len(pairs) == 2:
            return pairs[0], pairs[1]
    return (0, 2), (3, 5)


def _two_sided(block: TableBlock, left: dict, right: dict, problems: list[Problem]) -> list[dict]:
    """Each label is read once: a later row with the same label is a breakdown (e.g. the
    一般公共预算财政拨款 line under 年初结转和结余), not the figure itself."""
    rows, seen = [], set()
    (left_label, left_amount), (right_label, right_amount) = _two_sided_columns(block)
    width = max(left_amount, right_amount) + 1
    for line in block.rows:
        c = cells(line.text) + [""] * width
        for side, label, amount, vocab in (("L", c[left_label], c[left_amount], left),
                                           ("R", c[right_label], c[right_amount], right)):
            metric = vocab.get(_label(label))
            if metric is None or (side, metric) in seen:
                continue
            seen.add((side, metric))
            value = _number(amount, line, problems, block.part)
            if value is not None:
                rows.append(_total(metric, value, line.no, block.part))
    return rows


# --- 公开02表: the 合计 row of income by source -----------------------------------------------
_T2_COLUMNS = {"本年收入合计": "income_current_year", "财政拨款收入": "income_fiscal_appropriation",
               "事业收入": "income_business", "经营收入": "income_operating",
               "其他收入": "income_other"}


def _income_sources(block: TableBlock, problems: list[Problem]) -> list[dict]:
    rows = code_rows(block)
    header = next((c for r, c in rows if "本年收入合计" in r.key), None)
    total, values = next(((r, c) for r, c in rows if _label(c[0]) == "合计"), (None, None))
    if header is None or total is None:
        return []
    rows = []
    for idx, name in enumerate(header):
        metric = _T2_COLUMNS.get(match_key(name))
        if metric and idx < len(values):
            value = _number(values[idx], total, problems, block.part)
            if value is not None:
                rows.append(_total(metric, value, total.no, block.part))
    return rows


# --- 公开03表 / 公开05表: expenditure by functional classification ---------------------------
_LEVELS = {3: "class", 5: "section", 7: "item"}
_SPLIT_CODE_HEADER = ("类", "款", "项")


def code_rows(block: TableBlock) -> list[tuple[Line, list[str]]]:
    """The block's rows as cells, with a code printed in three columns (类 | 款 | 项:
    '201 | 06 | 01', as Shanghai prints it) joined into one ('2010601'), so that every layout
    reads as the national one: code, name, amounts. The '类 | 款 | 项 | 合计' row is the
    合计 row; a table printed with one code column is returned as it is."""
    rows = [(line, cells(line.text)) for line in block.rows]
    split = any(tuple(match_key(x) for x in c[:3]) == _SPLIT_CODE_HEADER for _, c in rows)
    if not split:
        return rows
    out = []
    for line, c in rows:
        c = c + [""] * (4 - len(c))
        head = [match_key(x) for x in c[:3]]
        if tuple(head) == _SPLIT_CODE_HEADER:
            # (the name column of this 合计 row holds the word 合计: it becomes the code)
            first, rest = (["合计"], ["", *c[4:]]) if match_key(c[3]) == "合计" else ([""], c[3:])
        elif head[0].isdigit() and all(x.isdigit() or not x for x in head[1:]):
            first, rest = ["".join(head)], c[3:]
        else:
            first, rest = [" ".join(x for x in c[:3] if x.strip())], c[3:]
        out.append((line, first + rest))
    return out


def _functional(block: TableBlock, statement: str, total_metrics: tuple[str, str, str],
                problems: list[Problem]) -> tuple[list[dict], list[dict]]:
    rows = code_rows(block)
    basic_col = next((c.index(x) for _, c in rows for x in c if match_key(x) == "基本支出"), 3)
    lines_out, totals = [], []
    names: dict[str, str] = {}
    for line, c in rows:
        c = c + [""] * 8
        code, name = match_key(c[0]), c[1].strip()
        level = "total" if code == "合计" else _LEVELS.get(len(code)) if code.isdigit() else None
        if level is None:
            continue
        actual, basic, project = (_number(c[basic_col + k], line, problems, block.part)
                                  for k in (-1, 0, 1))
        row = {"statement": statement, "level": level, "src_line": line.no, "actual": actual,
               "basic": basic, "project": project}
        if level == "total":
            for metric, value in zip(total_metrics, (actual, basic, project), strict=True):
                if value is not None:
                    totals.append(_total(metric, value, line.no, block.part))
        else:
            names[code] = name
            row.update(func_code=code, class_name=names.get(code[:3]),
                       section_name=names.get(code[:5]) if len(code) >= 5 else None,
                       item_name=name if len(code) == 7 else None)
        lines_out.append(row)
    return lines_out, totals


# --- 公开06表: basic expenditure by economic classification, in (code, name, amount) triples -
_ECON_CODE = re.compile(r"\d{3}|\d{5}")


_SECTION_CODE = re.compile(r"\d\d")


def _economic_triples(c: list[str]) -> list[tuple[str, str, str]]:
    """(code, name, amount) groups of one row, however the code is printed: one cell ('30101',
    the national text), or 类 and 款 in two ('301 | 01', Shanghai), the 款 cell blank on a
    class row ('301 | | 工资福利支出')."""
    out, k = [], 0
    while k < len(c):
        code = c[k]
        if not _ECON_CODE.fullmatch(code):
            k += 1
            continue
        j = k + 1
        if len(code) == 3 and j + 1 < len(c) and _SECTION_CODE.fullmatch(c[j]) and c[j + 1]:
            code, j = code + c[j], j + 1
        elif len(code) == 3 and j + 1 < len(c) and not c[j] and c[j + 1] \
                and not _is_number(c[j + 1]):
            j += 1
        out.append((code, c[j] if j < len(c) else "", c[j + 1] if j + 1 < len(c) else ""))
        k = j + 2
    return out


def _economic(block: TableBlock, problems: list[Problem]) -> tuple[list[dict], list[dict]]:
    econ, totals, seen = [], [], set()
    for line in block.rows:
        c = cells(line.text)
        for code, name, amount in _economic_triples(c):
            if code not in seen:
                seen.add(code)
                econ.append({"econ_code": code, "econ_name": name,
                             "level": "class" if len(code) == 3 else "item",
                             "amount": _number(amount, line, problems, block.part),
                             "category": "personnel" if code[:3] in ("301", "303") else "public",
                             "src_line": line.no})
        for label, metric in (("人员经费合计", "basic_personnel"), ("公用经费合计", "basic_public")):
            keys = [match_key(x) for x in c]
            if label in keys:
                after = [x for x in c[keys.index(label) + 1 :] if x.strip()]
                if after:
                    value = _number(after[0], line, problems, block.part)
                    if value is not None:
                        totals.append(_total(metric, value, line.no, block.part))
    return econ, totals


# --- 公开09表: “三公” budget and final ------------------------------------------------------
# Column order of the national format: 合计, 因公出国（境）费, 公务用车购置及运行维护费 (小计,
# 购置费, 运行维护费), 公务接待费, then 会议费, 培训费 where the table has them.
_T9_ITEMS = tuple(THREE_PUBLIC_ITEMS)  # (the metadata lists the items in this column order)


_T9_KINDS = {"预算数": "budget", "决算数": "actual"}


def _three_public(block: TableBlock, problems: list[Problem]) -> list[dict]:
    by_item: dict[str, dict] = {}
    columns: list[tuple[str, str]] | None = None  # (item, kind) per column, column layout
    for line in block.rows:
        c = cells(line.text)
        keys = [match_key(x) for x in c]
        if len(keys) >= 4 and all(k == ("预算数", "决算数")[i % 2] for i, k in enumerate(keys)):
            # Shanghai: one header row of 预算数|决算数 pairs, one item per pair, the values below
            columns = [(_T9_ITEMS[i // 2], _T9_KINDS[k]) for i, k in enumerate(keys)
                       if i // 2 < len(_T9_ITEMS)]
            continue
        if columns is not None and any(c) and all(_is_number(x) for x in c):
            for (item, kind), cell in zip(columns, c, strict=False):
                _three_public_value(by_item, item, kind, cell, line, problems, block.part)
            continue
        kind = _T9_KINDS.get(keys[0])
        if kind is None or not all(_is_number(x) for x in c[1:]):
            continue  # a header row (预算数 and 决算数 as column groups)
        for item, cell in zip(_T9_ITEMS, c[1:], strict=False):
            _three_public_value(by_item, item, kind, cell, line, problems, block.part)
    return list(by_item.values())


def _three_public_value(by_item: dict[str, dict], item: str, kind: str, cell: str, line: Line,
                        problems: list[Problem], part: str) -> None:
    value = _number(cell, line, problems, part)
    if value is None:
        return
    row = by_item.setdefault(item, {"item": item, "source_kind": "table"})
    row[kind], row[f"{kind}_src_line"] = value, line.no
    row["src_line"] = line.no


def _is_number(cell: str) -> bool:
    try:
        parse_number(cell)
    except ValueError:
        return False
    return True


# --- 公开10表 (provincial): procurement, agency operating expenses, assets --------------------
_T10 = {"合计": "procurement_total", "货物": "procurement_goods", "工程": "procurement_works",
        "服务": "procurement_services", "车辆数合计(辆)": "vehicles_total"}


def _statistics(block: TableBlock, problems: list[Problem]) -> list[dict]:
    rows = []
    for line in block.rows:
        c = cells(line.text) + ["", "", ""]
        metric = _T10.get(_label(c[0]))
        value = _number(c[2], line, problems, block.part) if metric else None
        if metric and value is not None:
            rows.append(_total(metric, value, line.no, block.part))
    return rows


def extract(lines: list[Line]) -> tuple[dict[str, list[dict]], list[TableBlock], list[Problem]]:
    """All standard tables found: rows per curated table, the blocks, and any problems."""
    out: dict[str, list[dict]] = {"totals": [], "budget_lines": [], "economic_lines": [],
                                  "three_public": []}
    problems: list[Problem] = []
    blocks = find_tables(lines)
    handlers: dict[int, Callable[[TableBlock], None]] = {
        1: lambda b: out["totals"].extend(_two_sided(b, _T1_LEFT, _T1_RIGHT, problems)),
        2: lambda b: out["totals"].extend(_income_sources(b, problems)),
        3: lambda b: _add_functional(out, b, "table_expenditure", (
            "expenditure_current_year", "expenditure_basic", "expenditure_project"), problems),
        4: lambda b: out["totals"].extend(_two_sided(b, _T4_LEFT, _T4_RIGHT, problems)),
        5: lambda b: _add_functional(out, b, "table_gpb_expenditure", (
            "gpb_expenditure_actual", "gpb_basic_expenditure", "gpb_project_expenditure"),
            problems),
        6: lambda b: _add_economic(out, b, problems),
        9: lambda b: out["three_public"].extend(_three_public(b, problems)),
        10: lambda b: out["totals"].extend(_statistics(b, problems)),
    }
    blocks = _without_repeats(blocks, problems)
    for block in blocks:
        handler = handlers.get(block.number)
        if handler:
            handler(block)
    return out, blocks, problems


def _without_repeats(blocks: list[TableBlock], problems: list[Problem]) -> list[TableBlock]:
    """A numbered table printed a second time (a page printed twice, a file joined to itself)
    is reported and skipped: read twice, its lines would count twice in every total."""
    first: dict[int, TableBlock] = {}
    kept = []
    for block in blocks:
        seen = first.get(block.number) if block.number else None
        if seen is None:
            if block.number:
                first[block.number] = block
            kept.append(block)
            continue
        problems.append(Problem(block.part, (
            f"printed a second time (lines {block.title_line}–{block.rows[-1].no}; first at "
            f"line {seen.title_line}): the repeat is skipped"), block.title_line))
    return kept


def _add_functional(out: dict, block: TableBlock, statement: str, metrics: tuple[str, str, str],
                    problems: list[Problem]) -> None:
    lines_out, totals = _functional(block, statement, metrics, problems)
    out["budget_lines"].extend(lines_out)
    out["totals"].extend(totals)


def _add_economic(out: dict, block: TableBlock, problems: list[Problem]) -> None:
    econ, totals = _economic(block, problems)
    out["economic_lines"].extend(econ)
    out["totals"].extend(totals)
