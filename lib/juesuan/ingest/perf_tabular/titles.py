"""Where the tab-separated performance tables of a document are: a title of its own
(…自评表, or a key-evaluation report's …评价报告), and for a self-evaluation table the tab rows
after it and the amount unit printed between them.
"""

from __future__ import annotations

import re

from juesuan.ingest.common import AMOUNT_UNITS, REPORT_SUFFIX_RE, TITLE_MAX
from juesuan.ingest.perf_tabular.rows import _Row
from juesuan.text import Line

_SELF_TITLE_RE = re.compile(r"自评表(\(\d{4}年度?\))?$")
_PREAMBLE_RE = re.compile(r"^\(?\d{4}年度?\)?$|^(金额)?单位:")

_TITLE_PUNCT_RE = re.compile(r"[。；《》]")
_PREAMBLE_UNIT_RE = re.compile(rf"单位:({AMOUNT_UNITS})")


def _title_kind(line: Line) -> str | None:
    """'self' for a 自评表 title, 'report' for a 评价报告 title, else None.

    A title is a short line of its own (no tabs, no sentence punctuation, not a 《citation》).
    """
    if "表" not in line.text and "告" not in line.text:
        return None  # both kinds end so (自评表, 评价报告): most lines stop at this cheap test
    text = line.stripped
    if not text or "\t" in line.text or len(text) > TITLE_MAX or _TITLE_PUNCT_RE.search(text):
        return None
    key = line.key  # (match_key of the text and of its stripped form are the same)
    if _SELF_TITLE_RE.search(key):
        return "self"
    if REPORT_SUFFIX_RE.search(key):
        return "report"
    return None


def _collect_rows(lines: list[Line], start: int, stop: int) -> list[_Row]:
    """The tab rows of a table that starts after a title.

    Blank lines, page markers and the '(2023 年度)' / '单位：万元' preamble are skipped; the
    table ends at the first other line without tabs. If that line comes before any tab row
    the table is printed one cell per line: no rows.
    """
    rows: list[_Row] = []
    for line in lines[start:stop]:
        if line.is_blank or line.is_page:
            continue
        if "\t" in line.text:
            rows.append(_Row.of(line))
            continue
        if not rows and _PREAMBLE_RE.search(line.key):
            continue
        break
    return rows


def _preamble_unit(lines: list[Line], first_row: int) -> str | None:
    """'单位：万元' printed between a title and its table."""
    for line in lines:
        if line.no >= first_row:
            break
        m = _PREAMBLE_UNIT_RE.search(line.key)
        if m:
            return m.group(1)
    return None
