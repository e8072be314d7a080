"""The indicator header's columns, and the value lines read by them: the line on which a row
prints its numbers (分值/得分, or 指标性质 … 权重), anchored on those numbers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from juesuan.ingest.perf_cells.fragments import _LABEL_RE
from juesuan.metadata import perf_templates
from juesuan.text import Line, is_decimal, match_key

_NATURES = set(perf_templates.NATURES)
_NATURE_GLUED_RE = re.compile(r"^([＝=≥≤＞＜><])(\S+)$")

# Header words of the indicator block (the registry's) and the column each one names.
_HEADER_WORDS = {w: role for role, words in perf_templates.INDICATOR_COLUMNS.items()
                 for w in words} | dict.fromkeys(perf_templates.points_words(), "weight")
_HEADER_WORDS_LONGEST_FIRST = sorted(_HEADER_WORDS, key=len, reverse=True)


@functools.lru_cache(maxsize=1024)
def _header_roles(key: str) -> list[str] | None:
    """Split the concatenated header into its words; the last may be unfinished.

    Cached (do not modify the list returned): the header is tried again with each next line
    added, and the tables of a corpus print the same few headers.
    """
    words = _HEADER_WORDS_LONGEST_FIRST

    def walk(s: str) -> list[str] | None:
        if not s:
            return []
        for w in words:
            if s.startswith(w):
                rest = walk(s[len(w):])
                if rest is not None:
                    return [_HEADER_WORDS[w]] + rest
        if any(w.startswith(s) for w in words):
            return ["?"]
        return None

    return walk(key)


def _read_header(lines: list[Line], start: int, stop: int) -> tuple[list[str], int]:
    """Columns named by the header starting at `start`; returns (roles, index after it)."""
    key, roles, end = "", [], start
    for i in range(start, stop):
        line = lines[i]
        if line.is_blank:
            continue
        trial = _header_roles(key + line.key)
        if trial is None:
            break
        key, roles, end = key + line.key, trial, i + 1
    return [r for r in roles if r != "?"], end


@dataclass
class _Row:
    src_line: int
    cells: dict = field(default_factory=dict)  # role -> str / float
    lines: dict = field(default_factory=dict)  # role -> line the cell starts on
    missing: list[str] = field(default_factory=list)  # leading cells to take from fragments
    trailing: str | None = None  # a last cell that may continue on the following lines


_UNIT_TOKEN = re.compile(r"%|[\u4e00-\u9fff]{1,2}")
_ENDS_IN_DIGIT = re.compile(r"\d$")


def _merge_units(tokens: list[str]) -> list[str]:
    """`≥50 人` is one cell: a unit token sticks to the number before it."""
    out: list[str] = []
    for t in tokens:
        if out and _UNIT_TOKEN.fullmatch(t) and _ENDS_IN_DIGIT.search(out[-1]):
            out[-1] += " " + t
        else:
            out.append(t)
    return out


def _head_cells(row: _Row, head: list[str], roles: list[str]) -> None:
    """Cells printed before the anchored numbers, filled from the right (`roles` order)."""
    for role in reversed(roles):
        if not head:
            row.missing.insert(0, role)
            continue
        row.cells[role] = head.pop()
        row.lines[role] = row.src_line
    if head:  # more text than cells: a 二级 label, or a level3 printed with spaces
        if _LABEL_RE.match(match_key(head[0])):
            row.cells["level2"] = head.pop(0)
        if head:
            row.cells["level3"] = " ".join(head + [row.cells.get("level3", "")]).strip()


def _national_line(text: str, line_no: int, tail: list[str]) -> _Row | None:
    """`[二级] [三级] 年度指标值 实际完成值 分值 得分 [偏差原因]`, anchored on 分值 得分."""
    toks = text.split()
    for i in range(len(toks) - 2, -1, -1):
        after = toks[i + 2:]
        if is_decimal(toks[i]) and is_decimal(toks[i + 1]) and not any(map(is_decimal, after)):
            break
    else:
        return None
    row = _Row(line_no)
    row.cells.update(weight=float(toks[i]), score=float(toks[i + 1]))
    if after:
        row.cells["deviation"] = " ".join(after)
        row.lines["deviation"] = line_no
    head_roles = ["level3"] + [r for r in ("target", "actual") if r in tail]
    _head_cells(row, _merge_units(toks[:i]), head_roles)
    return row


def _nature_at(toks: list[str]) -> int | None:
    """Where the 指标性质 token is (`≥95` is split into `≥`, `95` in place), else None."""
    for i, t in enumerate(toks):
        if t in _NATURES:
            return i
        glued = _NATURE_GLUED_RE.match(t)
        if glued and re.match(r"\d", glued.group(2)):
            toks[i:i + 1] = [glued.group(1), glued.group(2)]
            return i
    return None


def _nature_line(text: str, line_no: int, scored: bool) -> _Row | None:
    """Sichuan rows, anchored on 指标性质: `[三级] 指标性质 指标值 [度量单位] 权重 [实际完成指标值]`
    (the 实际完成指标值 may continue below) or, `scored`, `[三级] 指标性质 指标值 [度量单位]
    [完成值] 权重 得分 [原因]` with 权重 得分 the right-most two numbers; of two cells before
    them the second is the 度量单位 when it is a short word after a number (`21 个`)."""
    toks = text.split()
    i = _nature_at(toks)
    if i is None:
        return None
    rest, row = toks[i + 1:], _Row(line_no)
    if scored:
        w_at = next((k for k in range(len(rest) - 2, 0, -1) if is_decimal(rest[k]) and
                     is_decimal(rest[k + 1]) and not any(map(is_decimal, rest[k + 2:]))), None)
        if w_at is None:
            return None
        row.cells["score"] = float(rest[w_at + 1])
        values, roles, last = rest[:w_at], ("target", "unit", "actual"), "deviation"
        if len(values) == 2 and not (is_decimal(values[0]) and _UNIT_TOKEN.fullmatch(values[1])):
            roles = ("target", "actual")
        values[2:] = [" ".join(values[2:])] if len(values) > 2 else []
        after = rest[w_at + 2:]
    else:
        w_at = next((k for k in (1, 2) if len(rest) > k and is_decimal(rest[k])), None)
        if w_at is None:
            return None
        values, roles, last, after = rest[:w_at], ("target", "unit"), "actual", rest[w_at + 1:]
        row.trailing = "actual"
    row.cells.update(nature=toks[i], weight=float(rest[w_at]))
    for role, value in [*zip(roles, values), (last, " ".join(after))]:
        if value:
            row.cells[role] = value
            row.lines[role] = line_no
    _head_cells(row, toks[:i], ["level3"])
    return row
