"""Rows of a tab-separated performance table, and the header words that name its columns.

A row is read by its non-blank cells (PDF extraction lets them drift); a header row is known by
the column kinds its cells name (`perf_templates` vocabulary, plus the kinds only the tab
layouts print). The 一级/二级 label patterns and the small cell helpers are shared by the
readers of the funds block, the indicators, the goal tables and the key-evaluation tables.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from juesuan.metadata import perf_templates
from juesuan.text import (
    DECIMAL,
    NUMBER_RE,
    Line,
    cells,
    is_page_number,
    join_text,
    match_key,
    number_or_none,
)

_BLOCK_LABELS = {"绩效指标", "绩效", "指标", "年度", "年度绩效指标"}
_POINTS_RE = re.compile(rf"\s*[（(]\s*({DECIMAL})\s*分\s*[)）]\s*$")
_L1_STEMS = "|".join((*perf_templates.LEVEL1_STEMS, *perf_templates.LEVEL1_OR_2_STEMS))
_L1_RE = re.compile(rf"^({_L1_STEMS})(指标(\({DECIMAL}分\))?|\({DECIMAL}分\))$")
_L2_RE = re.compile(rf"^({'|'.join((*perf_templates.LEVEL1_OR_2_STEMS, *perf_templates.LEVEL2_STEMS))})"
                    r"(指标)?$")

_DASHES = {"/", "-", "—", "——", "－", "–", "─"}

_SHARED_KINDS = {"level1": "l1", "level2": "l2", "level3": "l3", "nature": "nature",
                 "unit": "measure_unit", "target": "target", "actual": "actual"}

_MARKER_CHAR_RE = re.compile(r"[-－—第]")  # every page marker ('- 26 -', '第 3 页') has one


def _starts(words: tuple[str, ...], end: str = "") -> re.Pattern:
    return re.compile(f"^({'|'.join(map(re.escape, words))}){end}")


# Header words of the indicator columns: the registry's (a cell names a column when it starts
# with one), then the kinds only the tab layouts print (Shanxi, key-report detail tables).
_COLUMN_KINDS = (
    *((kind, _starts(perf_templates.INDICATOR_COLUMNS[role])) for role, kind in
      _SHARED_KINDS.items()),
    ("target_adjusted", re.compile(r"^调整后指标值")),
    ("note", re.compile(r"(情况说明|指标解释)$")),
    ("score_rate", re.compile(r"^得分率")),
    ("weight", _starts(perf_templates.points_words())),
    ("score", _starts(perf_templates.INDICATOR_COLUMNS["score"], "$")),
    ("core", re.compile(r"^核心指标")),
    ("reason", re.compile(r"原因|^未完成|^备注")),
)
# Any of the column patterns at all: one search rules out a cell that names no column (most
# cells), where trying each pattern in turn costs fourteen.
_ANY_COLUMN_RE = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in _COLUMN_KINDS))


@dataclass
class _Row:
    """One tab-separated line: its number and its cells (page markers blanked)."""

    no: int
    cells: list[str]
    # Read several times per row (every row is also tried as a header); the cells never
    # change once split, so both are worked out once.
    _nonempty: list[tuple[int, str]] = field(init=False, repr=False, compare=False)
    _kinds: list[tuple[int, str]] | None = field(default=None, init=False, repr=False,
                                                 compare=False)

    def __post_init__(self) -> None:
        self._nonempty = [(i, c) for i, c in enumerate(self.cells) if c]

    @classmethod
    def of(cls, line: Line) -> _Row:
        """Split a line into cells; a '- 26 -' page marker inside a row is no cell value."""
        row = cells(line.text)
        if _MARKER_CHAR_RE.search(line.text):  # (no marker without a dash or 第)
            row = ["" if is_page_number(c, bare=False) else c for c in row]
        return cls(line.no, row)

    def nonempty(self) -> list[tuple[int, str]]:
        """(index, text) of the non-blank cells: drifted rows are read by order, not index.
        The same list on every call: read it, do not modify it."""
        return self._nonempty

    def first_key(self) -> str:
        """match_key of the first non-blank cell (row labels such as 总分, 资金总额)."""
        ne = self.nonempty()
        return match_key(ne[0][1]) if ne else ""


def _text(cell: str | None) -> str | None:
    """A text cell as printed; fragments broken inside the cell are rejoined (join_text)."""
    if cell is None:
        return None
    parts = cell.split()
    if len(parts) == 1:  # nothing to rejoin (join_text would return it unchanged)
        return parts[0]
    return join_text(parts) or None


def _numeric_like(cell: str) -> bool:
    """A bare number or a dash: what a 分值/得分 cell holds ('/' and '—' mean not scored)."""
    c = cell.replace(" ", "").strip()
    return bool(NUMBER_RE.fullmatch(c)) or c in _DASHES


def _points_value(cell: str) -> float | None:
    """'100分' / '100' / '100%' → 100.0 (goal tables print the unit inside the cell)."""
    m = re.fullmatch(r"\s*([\d.,]+)\s*[分%％]?\s*", cell or "")
    return number_or_none(m.group(1)) if m else None


def _level1(label: str | None, line: int) -> dict:
    """The 一级 columns of an indicator row: the label without the points it states
    ('产出指标(50分)' → '产出指标', 50.0), and the line of those points."""
    points = _POINTS_RE.search(label) if label else None
    return {"level1": _text(_POINTS_RE.sub("", label)) if label else None,
            "level1_points_stated": float(points.group(1)) if points else None,
            "level1_points_stated_src_line": line if points else None}


def _header_kinds(row: _Row) -> list[tuple[int, str]]:
    """(cell index, column kind) for each header word of an indicator-table header row."""
    if row._kinds is None:
        row._kinds = [(i, kind) for i, c in enumerate(row.cells) if (kind := _column_kind(c))]
    return row._kinds


@functools.lru_cache(maxsize=1 << 14)
def _column_kind(cell: str) -> str | None:
    """The first column kind whose header word the cell names, else None.

    Cached: every row of every table is tried as a header (so each cell against every
    pattern), and the cells of a corpus repeat the same few hundred words.
    """
    key = match_key(cell)
    # (every header word is Chinese; most cells are numbers)
    if key and not key.isascii() and _ANY_COLUMN_RE.search(key):
        for kind, rx in _COLUMN_KINDS:
            if rx.search(key):
                return kind
    return None


def _is_indicator_header(row: _Row) -> bool:
    """一级/三级指标 with 分值 or 得分 (or the goal table's 指标值 twice)."""
    pairs = _header_kinds(row)
    if not pairs:
        return False  # (a data row names no column: most rows stop here)
    kinds = {k for _, k in pairs}
    return (("l3" in kinds or "l1" in kinds) and bool(kinds & {"weight", "score"})
            or _is_goal_header(row))


def _is_goal_header(row: _Row) -> bool:
    """The goal table repeats 二级/三级/指标值 for 实施期 and 年度 and has no 分值/得分."""
    kinds = [k for _, k in _header_kinds(row)]
    return kinds.count("target") >= 2 and "weight" not in kinds and "score" not in kinds


def _part(name: str | None) -> str:
    """The Problem.part naming a table."""
    return f'performance table "{name or "?"}"'
