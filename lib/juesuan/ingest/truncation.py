"""Signs, in a document's own structure, that its text stops short: a file cut at a line end
reads as well-formed text, so the parts it promises and the ends its tables, sentences and
reports should have are checked. Each sign is (what is missing, line); any makes the
document's coverage partial."""

from __future__ import annotations

import re

from juesuan.ingest.common import is_table_caption, report_title
from juesuan.text import Line, cells, match_key

# The row a finished table closes with: its total, or a performance table's 总分.
_CLOSING = re.compile(r"^(?:合计|总计|总分|合 计|总 计|收入总计|支出总计|本年收入合计)")
# How a sentence, a heading or a list item may end; a line ending otherwise is cut mid-way.
_ENDS = tuple("。！？；;：:）)」』”\"》】.、，,%")


def cut_signs(lines: list[Line], parts_rows: list[dict]) -> list[tuple[str, int]]:
    """Why the text looks cut short (empty for a text that ends as a whole one does)."""
    body = [ln for ln in lines if not ln.is_blank and not ln.is_page]
    if not body:
        return []
    signs = _unprinted_tables(parts_rows) + _national_parts(body)
    last = body[-1]
    if "\t" in last.text:  # a whole text never ends on a table row, but on its total
        if not any(_CLOSING.match(match_key(c)) for c in cells(last.text)[:3]):
            run = _last_tab_run(body)
            signs.append(((f"the table from line {run[0].no} stops at the end of the text "
                          "on a row that is not its 合计/总计"), last.no))
    elif not last.stripped.endswith(_ENDS) and not last.key.endswith(("表", "告", "释", "件")):
        signs.append(("the text ends in the middle of a sentence", last.no))
    report = next((ln for ln in reversed(body) if report_title(ln)), None)
    if report is not None and not any("\t" in ln.text or is_table_caption(ln)
                                      for ln in body if ln.no > report.no):
        signs.append(((f"the evaluation report '{report.stripped}' stops before its score "
                      "table"), report.no))
    return signs


def _last_tab_run(body: list[Line]) -> list[Line]:
    run = []
    for ln in reversed(body):
        if "\t" not in ln.text:
            break
        run.append(ln)
    return run[::-1]


def _unprinted_tables(parts_rows: list[dict]) -> list[tuple[str, int]]:
    """The contents list numbered tables past the last one the text prints: it stops before
    them. (A text that prints none of them only lists them: that is no sign of a cut.)"""
    printed = [r["table_number"] for r in parts_rows if r["kind"] == "table"
               and not r["in_contents"] and r["table_number"]]
    listed = [r for r in parts_rows if r["kind"] == "table_listed" and r["in_contents"]
              and r["table_number"] and r["table_number"] <= 9]  # (as `parts` numbers them)
    if not printed or not listed:
        return []
    missing = [r for r in listed if r["table_number"] > max(printed)]
    if not missing:
        return []
    return [((f"the contents list 公开{missing[0]['table_number']:02d}表 ({missing[0]['title']}) "
             f"and more, the text stops after 公开{max(printed):02d}表"), missing[0]["src_line"])]



_PART = re.compile(r"^第([一二三四五六七八九十])部分")
_NUMERALS = "一二三四五六七八九十"


def _national_parts(body: list[Line]) -> list[tuple[str, int]]:
    """A text laid out in the national format's numbered parts (第一部分 概况, 第二部分 情况说明,
    第三部分 决算表, …) that stops before 第三部分 has lost its tables part."""
    numbers = [(_NUMERALS.index(m.group(1)) + 1, ln.no) for ln in body
               if ln.key.startswith("第") and (m := _PART.match(ln.key))]
    if not numbers or numbers[0][0] != 1 or max(n for n, _ in numbers) >= 3:
        return []
    last = _NUMERALS[max(n for n, _ in numbers) - 1]
    return [((f"the text, in numbered parts from 第一部分, stops at 第{last}部分, before 第三部分 "
             "(the tables)"), numbers[-1][1])]
