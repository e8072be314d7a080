"""Table rows of a text as the parsers read them: cells separated by tabs.

Disclosure texts print their tables three ways: cells separated by tabs (the national text),
by '|' (a Markdown table), or aligned by spaces (what `pdftotext -layout` or a copy from a
PDF viewer gives). The parsers read tab-separated rows only, so the other two are turned into
tabs here, line by line: a row keeps its line number, and every number stays on its line.

A '|' row keeps its empty cells as they are printed. A space-aligned row has no empty cells
to keep (a blank cell is only more spaces), so its cells are put in the columns of the
table's header by position: each cell goes to the nearest header column of its kind (a
number under an amount header such as 决算数 or 金额, text under a text header such as 项目),
measured in display width (a CJK character is two columns wide, as the text was laid out).
A row whose cells cannot be placed (no header, more cells than columns, cells that would
change their left-to-right order) is left as printed: read nothing rather than a wrong
figure. `pdftotext -layout` prints a cell wrapped over two lines as two rows and may put an
amount on the line above its label; such tables are better read from the PDF itself.
"""

from __future__ import annotations

import re
import unicodedata

from juesuan.text import Line, match_key, parse_number

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{2,}|\s*$)")
# Header words of a column that holds amounts; any other header holds text (项目, 科目名称).
_AMOUNT_HEADERS = ("决算数", "金额", "合计", "预算数", "本年", "小计", "支出", "收入", "结余",
                   "行次", "栏次")
_TEXT_HEADERS = ("项目", "科目名称", "科目编码", "科目代码", "功能分类", "经济分类")


def to_tab_rows(lines: list[Line], titles: set[str]) -> tuple[list[Line], list[tuple[int, str]]]:
    """The lines with '|' and space-aligned table rows rewritten as tab-separated rows, and
    (line, message) for each space-aligned table that could not be read.

    `titles` are the match keys of table titles: a space-aligned block is only looked for
    under one of them (narrative text has gaps of two spaces too). A table is converted whole
    or not at all: when one of its rows cannot be placed, a row read alone could be taken for
    another (the parsers read the first row with a label), so none of it is read."""
    if not any("|" in line.text or "  " in line.text for line in lines):
        return lines, []
    out = [_pipe_row(line) if line.text.count("|") >= 2 else line for line in lines]
    problems: list[tuple[int, str]] = []
    block: dict[int, Line] = {}  # the current table's converted rows, by index
    failed: int | None = None  # the first row of the current table that could not be placed
    title = ""
    anchors: list[tuple[float, bool]] | None = None

    def close() -> None:
        if failed is not None:
            problems.append((failed, (f"[{title}] space-aligned table: this row's cells do not "
                                     "fit the header's columns (a cell wrapped over two lines or "
                                     "an amount on another line); the table is not read — "
                                     "ingest the PDF itself")))
        else:
            for index, row in block.items():
                out[index] = row

    in_table = False
    for i, line in enumerate(out):
        if "\t" in line.text or line.is_blank:
            continue
        key = line.key
        if key in titles:
            if in_table:
                close()
            in_table, anchors, block, failed, title = True, None, {}, None, line.stripped
            continue
        if not in_table:
            continue
        if key.startswith(("注", "说明", "第")) and "  " not in line.stripped:
            close()
            in_table = False
            continue
        cells = _spans(line.text)
        if _is_header(cells) and not any(_is_number(text) for _, _, text in cells):
            anchors = [((start + end) / 2, _is_amount_header(text)) for start, end, text in cells]
            block[i] = Line(line.no, "\t".join(text for _, _, text in cells))
            continue
        if anchors is None or not cells:
            continue
        placed = _place(cells, anchors)
        if placed is None:
            failed = line.no if failed is None else failed
        else:
            block[i] = Line(line.no, "\t".join(placed))
    if in_table:
        close()
    return out, problems


def _pipe_row(line: Line) -> Line:
    """'| a | b |' → 'a\\tb'; the '|---|---|' rule under a Markdown header → a blank line."""
    text = line.text.strip()
    if _PIPE_SEPARATOR.match(text):
        return Line(line.no, "")
    text = text.removeprefix("|")
    text = text.removesuffix("|")
    return Line(line.no, "\t".join(cell.strip() for cell in text.split("|")))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Cells of a space-aligned row: (start, end) in display columns, and the text."""
    out = []
    for m in _GAP.finditer(text):
        start = _width(text[: m.start()])
        out.append((start, start + _width(m.group()), m.group()))
    return out


_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")


def _is_number(text: str) -> bool:
    """An amount (or a 行次): a classification code ('201', '2010601') is text."""
    if _CODE.fullmatch(text.strip()):
        return False
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


def _is_amount_header(text: str) -> bool:
    key = match_key(text)
    return not key.startswith(_TEXT_HEADERS) and any(word in key for word in _AMOUNT_HEADERS)


def _is_header(cells: list[tuple[int, int, str]]) -> bool:
    keys = [match_key(text) for _, _, text in cells]
    return any(k.startswith(_TEXT_HEADERS) for k in keys) and any(
        _is_amount_header(text) for _, _, text in cells)


def _place(cells: list[tuple[int, int, str]],
           anchors: list[tuple[float, bool]]) -> list[str] | None:
    """Each cell in the nearest free header column of its kind; None when one cannot be."""
    if not any(not _is_number(text) for _, _, text in cells) and any(
            not is_amount for _, is_amount in anchors):
        return None  # amounts without their label: a wrapped row, the label on another line
    row = [""] * len(anchors)
    columns: list[int] = []
    for start, end, text in cells:
        amount = _is_number(text)
        centre = (start + end) / 2
        free = [k for k, (_, is_amount) in enumerate(anchors)
                if is_amount == amount and not row[k]]
        if not free:
            return None
        k = min(free, key=lambda k: abs(anchors[k][0] - centre))
        row[k] = text
        columns.append(k)
    # cells keep their left-to-right order: a row whose amounts would land left of its labels
    # (a wrapped header, an amount printed on the line above) is not guessed at
    return row if columns == sorted(columns) else None
