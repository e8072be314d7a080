"""The source text a document's `src_line` values number (data/raw text, or a PDF's rendering
in data/curated/extracted), read for quoting: a line with its neighbours, the line nearest a
cited one that prints a value, the lines of a section."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import polars as pl

from juesuan import catalog


@lru_cache(maxsize=16)
def _read_lines(path: str) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())


def document_lines(documents: pl.DataFrame, doc_id: str,
                   root: Path | None = None) -> tuple[str, ...]:
    """The lines of `doc_id`'s source text (line 1 is element 0); () when it cannot be read."""
    doc = documents.filter(pl.col("doc_id") == doc_id)
    if doc.height == 0:
        return ()
    path = catalog.source_path(doc.row(0, named=True), root)
    try:
        return _read_lines(str(path))
    except OSError:
        return ()


def excerpt(lines: tuple[str, ...] | list[str], line: int, around: int = 2) -> list[tuple[int, str]]:
    """Line `line` (1-based) with `around` neighbours each side, as (number, text)."""
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return [(n, lines[n - 1]) for n in range(lo, hi + 1)]


def _number_forms(value: float) -> list[str]:
    """How an amount may be printed: 3951.18, 3,951.18, 3951.2 …"""
    forms = {f"{value:.2f}", f"{value:,.2f}"}
    if float(value).is_integer():
        forms |= {str(int(value)), f"{int(value):,}"}
    return sorted(forms, key=len, reverse=True)


def _prints(text: str, forms: list[str]) -> bool:
    plain = text.replace(" ", "")
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d]|[.．]\d)", plain) for f in forms)


def locate_value(lines: tuple[str, ...] | list[str], line: int, value: float | None,
                 window: int = 12) -> int:
    """The line printing `value` nearest to the cited `line` (looking `window` lines either
    way, forward first): a table's value is often cited at its heading line while printed a
    few lines on. The cited line itself when it prints the value, or nothing nearer does."""
    if value is None or not lines or not 1 <= line <= len(lines):
        return line
    forms = _number_forms(value)
    if _prints(lines[line - 1], forms):
        return line
    for d in range(1, window + 1):
        for n in (line + d, line - d):
            if 1 <= n <= len(lines) and _prints(lines[n - 1], forms):
                return n
    return line


def excerpts_json(lines: tuple[str, ...] | list[str], wanted: Mapping[int, int | None] | list[int],
                  around: int = 2) -> dict[str, list]:
    """{line: [[n, text], …]} for every wanted line (the data a page embeds to show the cited
    text); `wanted` may map a line to its page (PDFs), kept as {line: {"page": p, …}}."""
    pages = dict(wanted) if isinstance(wanted, Mapping) else dict.fromkeys(wanted)
    out: dict[str, list] = {}
    for n, _page in sorted(pages.items()):
        if 1 <= n <= len(lines):
            out[str(n)] = [[m, t] for m, t in excerpt(lines, n, around)]
    return out


def line_pages(tables: Mapping[str, pl.DataFrame], doc_id: str) -> list[tuple[int, int]]:
    """(line, page) pairs known for a PDF document (every table row with src_line and
    src_page), sorted: the rendering's lines run through the pages in order. Once per
    `measures.Shared` tables (a unit report asks for them in every section)."""
    from juesuan.measures.common import shared

    return shared(tables, ("line_pages", doc_id), lambda: _line_pages(tables, doc_id))


def _line_pages(tables: Mapping[str, pl.DataFrame], doc_id: str) -> list[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for df in tables.values():
        if {"doc_id", "src_line", "src_page"} <= set(df.columns):
            rows = df.filter((pl.col("doc_id") == doc_id) & pl.col("src_line").is_not_null()
                             & pl.col("src_page").is_not_null())
            pairs |= set(rows.select("src_line", "src_page").iter_rows())
    return sorted(pairs)


def page_of(pages: list[tuple[int, int]], line: int) -> int | None:
    """The page of `line`: that of the nearest known line at or before it (None for text
    documents, which have no pages)."""
    best = None
    for n, p in pages:
        if n > line:
            break
        best = p
    return best
