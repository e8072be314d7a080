"""The indicator rows of a table: value lines and the fragments between them assembled into
perf_indicators rows, from the header to the 总分 row, a heading or the next table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.ingest.common import Problem, set_score
from juesuan.ingest.perf_cells.fragments import _LEVEL1_ONLY, _joined, _Label, _labels, _split
from juesuan.ingest.perf_cells.titles import _is_title
from juesuan.ingest.perf_cells.value_lines import _national_line, _nature_line, _Row
from juesuan.schema import PERF_INDICATORS
from juesuan.text import Line, is_decimal, join_text

# Section headings that end a table whose last row has no 总分 line.
_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分"
    r"|附件\s*\d*$|附表)"
)
_TOTAL_RE = re.compile(r"^(?:总分|合计|总计)")

# The perf_indicators columns a parser fills (ids and seq are assigned by the pipeline).
_INDICATOR_COLUMNS = tuple(c for c in PERF_INDICATORS.column_names
                           if c not in ("doc_id", "eval_id", "seq"))


def _empty_indicator() -> dict:
    return dict.fromkeys(_INDICATOR_COLUMNS)


@dataclass
class _Body:
    tail: list[str]
    part: str
    problems: list[Problem]
    rows: list[_Row] = field(default_factory=list)
    level1: str | None = None
    level1_pts: float | None = None
    level1_pts_line: int | None = None
    level2: str | None = None
    run: list[Line] = field(default_factory=list)
    pending: _Row | None = None

    def value_line(self, line: Line) -> _Row | None:
        """The row whose numbers are printed on this line, or None for a fragment."""
        if "nature" in self.tail:  # 指标性质 … 权重, with or without 得分 after the values
            return _nature_line(line.stripped, line.no, "score" in self.tail)
        return _national_line(line.stripped, line.no, self.tail)

    def feed(self, row: _Row) -> None:
        """Attach the fragments gathered since the previous value line, then the row."""
        labels, before, after = _labels(self.run)
        self._apply_labels(labels, inline_level2="level2" in row.cells)
        if self.pending is not None and not labels:
            self._share(self.run, row)
        elif self.pending is not None:
            self._fill_trailing(before)
            self._fill_leading(after, row)
        else:
            self._fill_leading(before + after, row)
        row.cells.setdefault("level1", self.level1)
        row.cells.setdefault("level1_pts", self.level1_pts)
        row.lines.setdefault("level1_pts", self.level1_pts_line)
        if "level2" in row.cells:
            self.level2 = row.cells["level2"]
        row.cells.setdefault("level2", self.level2)
        self.rows.append(row)
        self.run = []
        self.pending = row if row.trailing and row.cells.get(row.trailing) is None else None

    def _apply_labels(self, labels: list[_Label], inline_level2: bool) -> None:
        """Two labels are 一级 then 二级; a single one is 一级 only when it states points, is
        an 一级-only word or the row prints its own 二级 — otherwise it is a new 二级."""
        if not labels:
            return
        first, pts, pts_line = labels[0]
        if len(labels) >= 2 or pts is not None or inline_level2 or first in _LEVEL1_ONLY:
            self.level1, self.level1_pts, self.level2 = first, pts, None
            self.level1_pts_line = pts_line
            labels = labels[1:]
        if labels:
            self.level2 = labels[0][0]
        if len(labels) > 1:
            extra = ", ".join(lab for lab, _, _ in labels[1:])
            self.problems.append(Problem(self.part, f"unexpected extra labels {extra}",
                                         self.run[0].no))

    def _share(self, run: list[Line], row: _Row) -> None:
        """No label in between: the fragments continue the previous row's last cell, then
        begin this row's missing cells."""
        if not row.missing:
            self._fill_trailing(run)
            return
        parts = _split(run, 1 + len(row.missing), first_may_be_empty=True)
        if parts is None:
            self._unreadable(run, row)
            return
        self._fill_trailing(parts[0])
        self._assign(parts[1:], row)

    def _fill_leading(self, frags: list[Line], row: _Row) -> None:
        """Fragments before a row are its cells not printed on the value line (name, and
        for a bare `15 14` line also the target and actual), in column order."""
        if not row.missing:
            if frags:
                self._prefix_level3(frags, row)
            return
        parts = _split(frags, len(row.missing), first_may_be_empty=False)
        if parts is None:
            self._unreadable(frags, row)
            return
        self._assign(parts, row)

    def _assign(self, parts: list[list[Line]], row: _Row) -> None:
        """Each cell starts on the line of its first fragment (its provenance)."""
        for role, part in zip(row.missing, parts):
            row.cells[role] = _joined(part)
            row.lines[role] = part[0].no
        row.missing = []

    def _prefix_level3(self, frags: list[Line], row: _Row) -> None:
        """The name began on earlier lines and ends on the value line."""
        row.cells["level3"] = join_text([f.stripped for f in frags] + [row.cells.get("level3", "")])

    def _fill_trailing(self, frags: list[Line]) -> None:
        """Continue the previous row's last cell (Sichuan 实际完成指标值 printed below)."""
        prev = self.pending
        if prev is None or not frags:
            return
        role = prev.trailing
        if prev.cells.get(role):
            prev.cells[role] = join_text([prev.cells[role]] + [f.stripped for f in frags])
        else:
            prev.cells[role] = _joined(frags)
            prev.lines[role] = frags[0].no

    def _unreadable(self, frags: list[Line], row: _Row) -> None:
        """Keep the text (as the name) and say so, rather than guess a division."""
        where = frags[0].no if frags else row.src_line
        self.problems.append(Problem(
            self.part, f"cannot divide the text before line {row.src_line} into the cells "
                       f"{', '.join(row.missing) or 'level3'}; kept it as the indicator name",
            where))
        if frags:
            row.cells["level3"] = join_text([f.stripped for f in frags]
                                            + [row.cells.get("level3") or ""])
            row.lines.setdefault("level3", frags[0].no)
        row.missing = []

    def finish(self) -> None:
        """Fragments after the last value line: the last row's spilled cell, or unread."""
        if not self.run:
            return
        if self.pending is not None:
            _, before, after = _labels(self.run)
            self._fill_trailing(before + after)
        else:
            text = join_text([f.stripped for f in self.run])
            self.problems.append(Problem(self.part, f"text after the last indicator row not "
                                                    f"read: {text[:40]!r}", self.run[0].no))
        self.run = []


def _indicator(row: _Row) -> dict:
    c, out = row.cells, _empty_indicator()
    out.update(
        row_kind="indicator", level1=c.get("level1"), level1_points_stated=c.get("level1_pts"),
        level1_points_stated_src_line=row.lines.get("level1_pts"),  # None without points
        level2=c.get("level2"), level3=c.get("level3"), nature=c.get("nature"),
        measure_unit=c.get("unit"), target=c.get("target"), actual=c.get("actual"),
        weight=c.get("weight"), score=c.get("score"), deviation_reason=c.get("deviation"),
        src_line=row.src_line,
    )
    for role in ("target", "actual", "weight", "score"):
        line = row.lines.get(role)
        if out[role] is not None and line is not None and line != row.src_line:
            out[f"{role}_src_line"] = line
    return out


def _ends_table(line: Line) -> bool:
    text = line.stripped
    if "\t" in line.text or _HEADING_RE.match(text) or _is_title(line):
        return True
    return "。" in text and sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 20


def _read_body(lines: list[Line], begin: int, stop: int, body: _Body, fields: dict) -> None:
    """Rows from `begin` up to the 总分 row, a heading, or the next table."""
    for line in lines[begin:stop]:
        if line.is_blank or line.is_page:
            continue
        if _ends_table(line):
            break
        if _TOTAL_RE.match(line.key):
            nums = [t for t in line.stripped.split() if is_decimal(t)]
            if nums:  # 总分 100 96: the last number is the score
                set_score(fields, float(nums[-1]), line.no, "table")
            break
        row = body.value_line(line)
        if row is None:
            body.run.append(line)
        else:
            body.feed(row)
    body.finish()
