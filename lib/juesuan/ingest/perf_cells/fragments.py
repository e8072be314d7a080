"""The text between value lines: the 一级/二级 labels found among its fragments, and the
division of the rest between cells (the fragments of one wrapped cell fill the column width
except the last).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations, pairwise

from juesuan.metadata import perf_templates
from juesuan.text import DECIMAL, Line, join_text, match_key, number_or_none

# 一级/二级 labels (match_key form), optionally with the stated points: 产出指标(50分).
_STEMS = (*perf_templates.LEVEL1_STEMS, *perf_templates.LEVEL1_OR_2_STEMS,
          *perf_templates.LEVEL2_STEMS)
_LABEL_RE = re.compile(rf"^(?P<label>(?:{'|'.join(_STEMS)})指标)(?:\((?P<pts>{DECIMAL})分\))?$")
_LEVEL1_ONLY = {f"{stem}指标" for stem in perf_templates.LEVEL1_STEMS}


def _width(text: str) -> int:
    """Printed width of a fragment: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.strip())


def _joined(frags: list[Line]) -> str | None:
    return join_text([f.stripped for f in frags]) or None


def _consistent(part: list[Line]) -> bool:
    """Fragments of one wrapped cell: all but the last fill the same width."""
    if len(part) <= 1:
        return True
    widths = [_width(f.text) for f in part]
    full = widths[:-1]
    return max(full) - min(full) <= 2 and widths[-1] <= max(full) + 2


def _spread(part: list[Line]) -> int:
    full = [_width(f.text) for f in part[:-1]]
    return max(full) - min(full) if len(full) > 1 else 0


def _split(frags: list[Line], n: int, first_may_be_empty: bool) -> list[list[Line]] | None:
    """Divide fragments into n consecutive cells, each a consistent wrap of one column.

    Ties prefer two equal last cells (年度指标值 = 实际完成值 is the common case), then the
    tightest wraps, then a longer first cell.
    """
    if n == 0:
        return [] if not frags else None
    if len(frags) > 24:
        return None
    best, best_key = None, None
    lo = 0 if first_may_be_empty else 1
    for cuts in combinations(range(lo, len(frags)), n - 1):
        bounds = (0, *cuts, len(frags))
        parts = [frags[a:b] for a, b in pairwise(bounds)]
        if not parts[0] and not first_may_be_empty:
            continue
        if not all(_consistent(p) for p in parts):
            continue
        equal = n >= 2 and _joined(parts[-1]) == _joined(parts[-2])
        # a spill (first part, may be empty) is kept short; an indicator name kept long
        size = len(parts[0]) if first_may_be_empty else -len(parts[0])
        key = (not equal, first_may_be_empty and not parts[0], sum(map(_spread, parts)), size)
        if best_key is None or key < best_key:
            best, best_key = parts, key
    return best


_Label = tuple[str, float | None, int | None]  # label, stated points, line of the points


def _label_at(run: list[Line], i: int) -> tuple[int, str, float | None, int | None] | None:
    """A label starting at fragment i (over up to 4 fragments), with a points suffix that
    may sit on the next fragment(s): `产出指\n标\n（50分）`. Returns (last index, label, pts,
    line of the points) — the points' line is that of the fragment printing their first digit
    (`标（30\n分）`: the first one)."""
    def key(a: int, b: int) -> str:
        return match_key("".join(f.text for f in run[a:b + 1]))

    for j in range(i, min(i + 4, len(run))):
        m = _LABEL_RE.match(key(i, j))
        if not m:
            continue
        if not m.group("pts"):
            for k in (j + 2, j + 1):
                m2 = _LABEL_RE.match(key(i, k)) if k < len(run) else None
                if m2 and m2.group("pts"):
                    m, j = m2, k
                    break
        pts_line = None
        if m.group("pts"):  # the stems have no digits: the first one starts the points
            pts_line = next((f.no for f in run[i:j + 1] if re.search(r"\d", f.text)), None)
        return j, m.group("label"), number_or_none(m.group("pts") or ""), pts_line
    return None


def _labels(run: list[Line]) -> tuple[list[_Label], list[Line], list[Line]]:
    """Find the 一级/二级 labels in a run of fragments; returns (labels, before, after)."""
    found: list[tuple[int, int, str, float | None, int | None]] = []
    i = 0
    while i < len(run):
        hit = _label_at(run, i)
        if hit is None:
            i += 1
            continue
        found.append((i, *hit))
        i = hit[0] + 1
    if not found:
        return [], run, []
    before = run[:found[0][0]]
    after = run[found[-1][1] + 1:]
    between = [f for a, b in pairwise(found) for f in run[a[1] + 1:b[0]]]
    return [(lab, pts, line) for _, _, lab, pts, line in found], before + between, after
