"""The document's structure as printed: headings, tables with bodies, and lists of tables.

These are observations only (what is printed, where); the completeness scorecard in
`juesuan.checks.completeness` judges them against the national format.
"""

from __future__ import annotations

import re

from juesuan.ingest.tables import TITLES, TableBlock
from juesuan.text import Line, cells, is_page_number, match_key

_CN = "一二三四五六七八九十"
_LEVELS = (
    ("part", re.compile(rf"^第[{_CN}]+部分")),
    ("section", re.compile(rf"^[{_CN}]{{1,3}}、")),
    ("subsection", re.compile(rf"^[(（][{_CN}]{{1,3}}[)）]")),
)
_LISTED = re.compile(rf"^(?:表(?P<n>\d{{1,2}})|(?P<cn>[{_CN}]{{1,3}})、)(?P<name>[\u4e00-\u9fff“].*?表)"
                     r"(?:(?P<flag>是|否)(?P<reason>.*))?$")
_TOC_TAIL = re.compile(r"(?:[.…·]{2,}.*|\d{1,3})$")
# A glossary definition: '1.基本支出：指为保障…', '9.社会保障和就业支出（类）…（项）:反映…'.
_DEFINITION = re.compile(rf"^(?:\d{{1,2}}[.．、]|[{_CN}]{{1,3}}、)(?P<term>[^:：,，。]{{2,60}}?)"
                         r"[:：](?:指|反映|是指|即)")
_BULLET = re.compile(r"^\s*[-*•]\s+")  # a markdown list bullet left by the extraction
# What a bullet starts with after its whitespace: no other line needs the regex.
_BULLET_CHARS = ("-", "*", "•")
_HAS_AMOUNT = re.compile(r"\d\.\d|\d,\d{3}")
_PUNCT = re.compile(r"[,，。；;:：]")  # a heading is no sentence
# The first character of every _LISTED, _LEVELS and _DEFINITION match, other than a digit.
_STARTS = frozenset("表第(（" + _CN)


def _contents_ranges(lines: list[Line]) -> list[tuple[int, int]]:
    """Line ranges [start, end) of the contents lists (目录) of a document.

    A list ends where the body repeats a part heading it already listed, or — for a list of
    tables only — at the next part heading.
    """
    ranges = []
    for toc in (x.no for x in lines if x.key in ("目录", "目錄")):
        seen: set[str] = set()
        entries, end = 0, toc + 1
        for line in lines[toc:]:
            end = line.no
            if line.is_blank or line.is_page:
                continue
            key = _entry_text(line)
            is_entry = bool(key and (_LISTED.match(key) or any(rx.match(key) for _, rx in _LEVELS)))
            if not is_entry:
                if entries:
                    break  # the list is over: body text or a table title follows
                continue  # the list's own header row (序号 内容 是否空表 …)
            if _LEVELS[0][1].match(key):
                if key in seen or (not seen and entries):
                    break
                seen.add(key)
            entries += 1
        ranges.append((toc, end))
    return ranges


def _entry_text(line: Line, tabs: bool = True) -> str | None:
    """The heading/listing text of a line. A tab-separated line counts (when `tabs`) only as
    a contents entry: its other cells are page numbers or empty, or it lists a table.

    None, without the costlier regexes, for a line that cannot be an entry, heading or
    definition: their patterns all start with one of _STARTS or a digit.
    """
    text = line.text
    if line.stripped[:1] in _BULLET_CHARS:  # (a tuple: a blank line's '' is not in it)
        text = _BULLET.sub("", text)
    if "\t" in text:
        if not tabs:
            return None
        parts = cells(text)
        rest = [c for c in parts[1:] if c]
        if rest and not all(is_page_number(c) for c in rest):
            joined = match_key("".join(parts))
            return joined if _LISTED.match(joined) else None
        text = parts[0]
    key = line.key if text is line.text else match_key(text)
    if not (key[:1] in _STARTS or key[:1].isdigit()):
        return None
    return _TOC_TAIL.sub("", key) or None


def extract(lines: list[Line], blocks: list[TableBlock]) -> list[dict]:
    """Rows of the `parts` table for one document, in line order."""
    contents = {no for a, b in _contents_ranges(lines) for no in range(a, b)}
    rows = [_table_row(b, b.title_line in contents) for b in blocks]
    for idx, line in enumerate(lines):
        in_contents = line.no in contents
        key = _entry_text(line, tabs=in_contents)
        if not key:
            continue
        listed = _LISTED.match(key)
        if listed and ("决算" in listed["name"] or "统计表" in listed["name"]):
            rows.append(_listed_row(listed, line.no, in_contents))
            continue
        term = _DEFINITION.match(key)
        if term:
            rows.append({"kind": "glossary_entry", "title": term["term"],
                         "in_contents": in_contents, "src_line": line.no})
            continue
        level = next((name for name, rx in _LEVELS if rx.match(key)), None)
        if level and not _PUNCT.search(key):
            rows.append({"kind": "heading", "level": level, "title": key + _dangling(lines, idx),
                         "in_contents": in_contents, "src_line": line.no})
    return sorted(rows, key=lambda r: (r["src_line"], r["kind"]))


def _dangling(lines: list[Line], idx: int) -> str:
    """A heading broken over two lines leaves a short fragment ('明') on the next one."""
    nxt = next((x for x in lines[idx + 1 : idx + 3] if not x.is_blank), None)
    if nxt and "\t" not in nxt.text and len(nxt.key) <= 2 \
            and not nxt.is_page:
        return nxt.key
    return ""


def _listed_row(m: re.Match, line_no: int, in_contents: bool) -> dict:
    flag = m["flag"]
    return {"kind": "table_listed", "title": m["name"], "table_number": TITLES.get(m["name"]),
            "declared_empty": None if flag is None else flag == "是",
            "empty_reason": (m["reason"] or None) if flag == "是" else None,
            "in_contents": in_contents, "src_line": line_no}


def _table_row(block: TableBlock, in_contents: bool) -> dict:
    body = [r for r in block.rows if not r.key.startswith(("栏次", "项目", "科目"))]
    has_data = any(_HAS_AMOUNT.search(c) for r in body for c in cells(r.text)[1:])
    return {"kind": "table", "title": match_key(block.title),
            "table_number": block.number if block.number and block.number <= 9 else None,
            "has_data": has_data, "declared_empty": True if block.empty_note else None,
            "empty_reason": block.empty_note, "in_contents": in_contents,
            "src_line": block.title_line}
