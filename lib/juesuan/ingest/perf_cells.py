"""Performance-evaluation tables printed without tabs: one cell (or a few) per line.

In these PDF extractions a table row is scattered over several lines: a header such as
`一级指\\n标` is broken letter by letter, a long indicator name wraps inside its column
(`享受社会保险补贴\\n人员数量`), and the short cells of the row end up together on one line
(`≥50 人 ≥50 人 4.17 4.17`). There is no geometry left, so the rules here are driven by
what the header says the columns are and by three observations that hold for the whole
family of templates:

* the numbers of a row (分值/得分, or 指标性质 … 权重) are printed on one *value line*;
* the 一级/二级 labels are a small vocabulary (产出指标, 数量指标, …) and come first;
* the fragments of one wrapped cell all fill the column width except the last one — that
  is how fragments are divided between adjacent cells when a row prints none inline.

Tab-separated tables are parsed elsewhere; any table whose lines carry tabs is skipped.
Which template a table is, its funds columns and rows, and the header and label words are
the registry's (`perf_templates`), shared with that parser.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from juesuan.ingest.common import (
    AMOUNT_UNITS,
    TITLE_MAX,
    Evaluation,
    Problem,
    empty_fields,
    is_table_caption,
    report_title,
    set_score,
    set_value,
)
from juesuan.metadata import perf_templates
from juesuan.metadata.perf_templates import PerfTemplate
from juesuan.schema import PERF_INDICATORS
from juesuan.text import DECIMAL, Line, is_decimal, join_text, match_key, number_or_none

__all__ = ["extract"]

# A table title: "<name>项目绩效自评表", "附表：部门整体支出绩效目标完成情况自评表" (match_key form).
_TITLE_RE = re.compile(r"^(?:附表\d*[:]?)?(?P<title>[^。，,;]{0,40}绩效[^。，,;]{0,12}自评表)$")
# The 一级指标 分值 得分 得分率 summary of a key-evaluation report, printed with spaces.
_KEY_HEADER_RE = re.compile(r"^一级指标\s+分值\s+得分(?:\s+得分率)?$")
_KEY_ROW_RE = re.compile(
    rf"^(?P<label>\S+)\s+(?P<w>{DECIMAL})\s+(?P<s>{DECIMAL})(?:\s+(?P<r>{DECIMAL})\s*[%％])?$"
)
# Section headings that end a table whose last row has no 总分 line.
_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分"
    r"|附件\s*\d*$|附表)"
)
_TOTAL_RE = re.compile(r"^(?:总分|合计|总计)")

# 一级/二级 labels (match_key form), optionally with the stated points: 产出指标(50分).
_STEMS = (*perf_templates.LEVEL1_STEMS, *perf_templates.LEVEL1_OR_2_STEMS,
          *perf_templates.LEVEL2_STEMS)
_LABEL_RE = re.compile(rf"^(?P<label>(?:{'|'.join(_STEMS)})指标)(?:\((?P<pts>{DECIMAL})分\))?$")
_LEVEL1_ONLY = {f"{stem}指标" for stem in perf_templates.LEVEL1_STEMS}

_NATURES = set(perf_templates.NATURES)
_NATURE_GLUED_RE = re.compile(r"^([＝=≥≤＞＜><])(\S+)$")

# Header words of the indicator block (the registry's) and the column each one names.
_HEADER_WORDS = {w: role for role, words in perf_templates.INDICATOR_COLUMNS.items()
                 for w in words} | dict.fromkeys(perf_templates.points_words(), "weight")
_HEADER_WORDS_LONGEST_FIRST = sorted(_HEADER_WORDS, key=len, reverse=True)

# Labels of the information block above the indicators (the registry's, brackets of either
# width; the longest first: 实施单位（盖章） before 实施单位).
_INFO_FIELD = {label: col for col, labels in perf_templates.INFO_LABELS.items()
               for label in labels}
_INFO_RE = re.compile("({})".format("|".join(
    re.escape(label).replace(r"\(", "[（(]").replace(r"\)", "[）)]")
    for label in sorted(_INFO_FIELD, key=len, reverse=True))))
_INFO_STOP = ("项目", "主管", "实施", "预算", "年度", "部门", "单位", "资金", "总体", "绩效",
              "其中", "全年", "年初", "中长期")
# '单位：万元' or '（万元）' anywhere on a line of the block; the closing bracket is optional.
_UNIT_RE = re.compile(rf"(?:单位[:：]\s*|[（(])\s*({AMOUNT_UNITS})\s*[）)]?")
_FUNDS_COLUMN = perf_templates.FUNDS_ROLES
_FUNDS_ROW_RES = {t.name: re.compile(rf"^({'|'.join(t.funds_total)})\s*[:：]?\s*(?P<rest>.*)$")
                  for t in perf_templates.TEMPLATES if t.funds_total}


# --------------------------------------------------------------------------- helpers


def _width(text: str) -> int:
    """Printed width of a fragment: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.strip())


def _joined(frags: list[Line]) -> str | None:
    return join_text([f.stripped for f in frags]) or None


# The perf_indicators columns a parser fills (ids and seq are assigned by the pipeline).
_INDICATOR_COLUMNS = tuple(c for c in PERF_INDICATORS.column_names
                           if c not in ("doc_id", "eval_id", "seq"))


def _empty_indicator() -> dict:
    return dict.fromkeys(_INDICATOR_COLUMNS)


# --------------------------------------------------------------------------- finding tables


@dataclass
class _Start:
    kind: str  # 'self' (a 自评表) or 'key' (a 一级指标 分值 得分 summary)
    index: int


def _is_title(line: Line) -> bool:
    if "表" not in line.text:
        return False  # (a title ends in 自评表: most lines stop at this cheap test)
    key = line.key
    return "\t" not in line.text and len(key) <= TITLE_MAX and bool(_TITLE_RE.match(key))


def _find_starts(lines: list[Line]) -> list[_Start]:
    out = []
    for i, line in enumerate(lines):
        if "\t" in line.text:
            continue
        if _is_title(line):
            out.append(_Start("self", i))
        elif line.stripped.startswith("一级指标") and _KEY_HEADER_RE.match(line.stripped):
            out.append(_Start("key", i))  # (the prefix test spares most lines the regex)
    return out


def _looks_like_table(lines: list[Line], start: int) -> bool:
    """A title is followed by the 项目名称 / 部门名称 line within a few lines; a sentence that
    merely names a table is not."""
    near = [ln for ln in lines[start + 1:start + 25] if not ln.is_blank][:8]
    return any(_INFO_RE.search(ln.text) for ln in near)


def _is_tab_table(lines: list[Line], start: int) -> bool:
    """A title followed by tab-separated rows belongs to the tab parser, not to us."""
    seen = 0
    for i in range(start + 1, len(lines)):  # (islice would walk from the text's start)
        line = lines[i]
        if line.is_blank:
            continue
        if "\t" in line.text:
            return True
        seen += 1
        if seen >= 6:
            return False
    return False


# --------------------------------------------------------------------------- information block


def _read_info(region: list[Line], fields: dict) -> None:
    """项目名称 / 主管部门 / 实施单位 …: label and value on one line, or the value on the next
    lines when the label ends its line (a spilled cell)."""
    lines = [ln for ln in region if not ln.is_blank]
    for pos, line in enumerate(lines):
        parts = _INFO_RE.split(line.stripped)
        for k in range(1, len(parts) - 1, 2):
            col = _INFO_FIELD.get(match_key(parts[k]))
            if col is None or fields.get(col):
                continue
            value = parts[k + 1].strip()
            if not value and k + 2 >= len(parts):
                value = _spilled_value(lines[pos + 1:]) or ""
            fields[col] = value or None


def _spilled_value(following: list[Line]) -> str | None:
    frags = []
    for line in following[:3]:
        key = line.key
        if re.search(r"\d", key) or key.startswith(_INFO_STOP) or " " in line.stripped:
            break
        frags.append(line.stripped)
    return join_text(frags) or None


def _amount_unit(region: list[Line]) -> str | None:
    for line in region:
        m = _UNIT_RE.search(line.stripped)
        if m:
            return m.group(1)
    return None


# --------------------------------------------------------------------------- funds block


def _read_funds(region: list[Line], template: PerfTemplate, fields: dict,
               problems: list[Problem], part: str) -> None:
    """The funds row (年度资金总额 / 总额 / 金额合计 …) with the columns its header announces."""
    row_re = _FUNDS_ROW_RES.get(template.name)
    for pos, line in enumerate(region if row_re else []):
        m = row_re.match(line.stripped)
        if not m:
            continue
        rest = m.group("rest").strip()
        header = match_key("".join(ln.text for ln in region[:pos]))
        roles = template.funds_order(header)
        if rest and ("full" in roles or "executed" in roles):
            _funds_row(rest, header, roles, line.no, fields, problems, part)
            return
        if rest and number_or_none(rest.split()[0]) is not None:
            set_value(fields, "budget_full_year", number_or_none(rest.split()[0]), line.no)
            return
    _sichuan_total(region, fields)


def _sichuan_total(region: list[Line], fields: dict) -> None:
    """`资金总额 财政拨款 其他资金` with the amounts on the following line."""
    for pos, line in enumerate(region):
        if line.key.startswith("资金总额") and not re.search(r"\d", line.text):
            for nxt in region[pos + 1:pos + 4]:
                toks = nxt.stripped.split()
                if toks and number_or_none(toks[0]) is not None:
                    set_value(fields, "budget_full_year", number_or_none(toks[0]), nxt.no)
                    return


def _funds_row(rest: str, header: str, roles: list[str], line_no: int, fields: dict,
               problems: list[Problem], part: str) -> None:
    """Assign `554.91 554.91 10 100% 10` to the funds roles in header order. The rate (the
    one % token) anchors the row: the cells before it fill the roles before 执行率 from the
    right (blank cells are the leading ones, a missing 年初预算数: how these tables are
    printed), those after it the roles after it from the left."""
    toks = rest.split()
    rate_at = next((i for i, t in enumerate(toks) if t.endswith(("%", "％"))), None)
    pre = toks if rate_at is None else toks[:rate_at]
    post = [] if rate_at is None else toks[rate_at + 1:]
    before = roles[:roles.index("rate")] if "rate" in roles else list(roles)
    after = roles[len(before) + 1:]
    if rate_at is not None:
        set_value(fields, "execution_rate", number_or_none(toks[rate_at]), line_no)
    values = [number_or_none(t) for t in pre]
    if before[-1:] == ["weight"] and values:
        set_value(fields, "funds_weight", values.pop(), line_no)
        before = before[:-1]
    for role, tok in zip(after, post):
        set_value(fields, _FUNDS_COLUMN[role], number_or_none(tok), line_no)
    if sum(1 for w in ("总额", "财政拨款", "其他资金") if w in header) > 1:
        _split_amounts(values, line_no, fields, problems, part)
        return
    slots = [_FUNDS_COLUMN[r] for r in before if _FUNDS_COLUMN[r]]
    if len(values) > len(slots):
        problems.append(Problem(part, f"funds row has more amounts than columns: {rest!r}", line_no))
        values = values[-len(slots):]
    for col, value in zip(slots[len(slots) - len(values):], values):
        set_value(fields, col, value, line_no)


def _split_amounts(values: list[float | None], line_no: int, fields: dict,
                   problems: list[Problem], part: str) -> None:
    """全年预算数 and 全年执行数 each split into 总额/财政拨款/其他资金: the 总额 of each half."""
    if not values:
        return
    set_value(fields, "budget_full_year", values[0], line_no)
    if len(values) % 2 == 0:
        set_value(fields, "executed", values[len(values) // 2], line_no)
    elif len(set(values[1:])) == 1:
        set_value(fields, "executed", values[-1], line_no)
    else:
        problems.append(Problem(part, "cannot tell which amount of the 金额合计 row is the "
                                      "全年执行数 (blank cells are not printed)", line_no))


# --------------------------------------------------------------------------- header of indicators


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


# --------------------------------------------------------------------------- value lines


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


# --------------------------------------------------------------------------- dividing fragments


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


# --------------------------------------------------------------------------- the indicator body


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


# --------------------------------------------------------------------------- one self-evaluation table


def _self_table(lines: list[Line], start: int, stop: int) -> tuple[Evaluation, list[Problem]]:
    title = lines[start]
    scope = "department_overall" if "整体" in title.text else "project"
    part = f'performance table "{title.stripped}"'
    problems: list[Problem] = []
    fields = empty_fields(scope)
    fields["src_line"] = title.no
    hdr = next((i for i in range(start + 1, stop)
                if match_key(lines[i].text).startswith("一级指")), None)
    region = [ln for ln in lines[start + 1:hdr if hdr is not None else stop] if "\t" not in ln.text]
    _read_info(region, fields)
    fields["amount_unit"] = _amount_unit(region)
    roles, body_start = _read_header(lines, hdr, stop) if hdr is not None else ([], start)
    header = match_key("".join(ln.text for ln in region + lines[hdr or stop:body_start]))
    template = perf_templates.identify(scope, header)
    evaluation = Evaluation(scope, fields)
    if template is None:
        problems.append(Problem(part, "template not recognised: funds block not read", title.no))
    else:
        fields["template"] = template.name
        _read_funds(region, template, fields, problems, part)
    if hdr is None:
        problems.append(Problem(part, "no 一级指标 header found: indicators not read", title.no))
        return evaluation, problems
    tail = roles[roles.index("level3") + 1:] if "level3" in roles else roles
    if "weight" not in tail:
        problems.append(Problem(part, f"indicator header not understood: {roles}", lines[hdr].no))
        return evaluation, problems
    body = _Body(tail, part, problems)
    _read_body(lines, body_start, stop, body, fields)
    evaluation.indicators = [_indicator(r) for r in body.rows]
    if fields["score"] is None and "score" in tail:
        problems.append(Problem(part, "no 总分 row: the table's total score not read", title.no))
    if not fields.get("project_name"):
        problems.append(Problem(part, "no 项目名称 / 部门名称 found", title.no))
    if not evaluation.indicators:
        problems.append(Problem(part, "no indicator rows read", lines[hdr].no))
    return evaluation, problems


# --------------------------------------------------------------------------- key-evaluation summary


def _key_table(lines: list[Line], start: int) -> tuple[Evaluation, list[Problem], int]:
    """`一级指标 分值 得分 得分率` rows and `合计 100 90 90%` (the report's score table).

    The evaluation is anchored (src_line) on the table's own title ('报告绩效指标评分表'),
    else on its header row; the report title (…评价报告) gives the project_name.
    """
    header = lines[start]
    fields = empty_fields("key_evaluation")
    fields["template"] = "key_report"
    title = _nearest_before(lines, start, is_table_caption, 6)
    fields["src_line"] = (title or header).no
    report = _nearest_before(lines, start, report_title, len(lines))
    name = report_title(report) if report is not None else None
    fields["project_name"] = name or (title.stripped if title else None)
    part = f'performance table "{(title or header).stripped}"'
    problems = [] if name else [Problem(part, "no report title (…评价报告) before the table",
                                        header.no)]
    evaluation = Evaluation("key_evaluation", fields)
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.is_blank or _KEY_HEADER_RE.match(line.stripped):
            i += 1
            continue
        m = _KEY_ROW_RE.match(line.stripped)
        if not m:
            break
        i += 1
        if _TOTAL_RE.match(m.group("label")):
            set_score(fields, float(m.group("s")), line.no, "table")
            break
        row = _empty_indicator()
        row.update(row_kind="level1_total", level1=m.group("label"), weight=float(m.group("w")),
                   score=float(m.group("s")), src_line=line.no)
        evaluation.indicators.append(row)
    if not evaluation.indicators:
        problems.append(Problem(part, "no rows under the 一级指标 分值 得分 header", header.no))
    return evaluation, problems, i


def _nearest_before(lines: list[Line], start: int, test: Callable[[Line], object],
                    limit: int) -> Line | None:
    """The closest line above `start` that passes `test`, within `limit` non-blank lines."""
    seen = 0
    for line in reversed(lines[:start]):
        if line.is_blank:
            continue
        if test(line):
            return line
        seen += 1
        if seen >= limit:
            return None
    return None


# --------------------------------------------------------------------------- entry point


def extract(lines: list[Line]) -> tuple[list[Evaluation], list[Problem]]:
    """Every performance table printed without tabs, in document order, with its problems."""
    evaluations: list[Evaluation] = []
    problems: list[Problem] = []
    starts = _find_starts(lines)
    for n, start in enumerate(starts):
        stop = starts[n + 1].index if n + 1 < len(starts) else len(lines)
        try:
            if start.kind == "key":
                evaluation, found, _ = _key_table(lines, start.index)
            elif _is_tab_table(lines, start.index) or not _looks_like_table(lines, start.index):
                continue
            else:
                evaluation, found = _self_table(lines, start.index, stop)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            # a table this parser trips over must not lose the rest of the document
            line = lines[start.index]
            problems.append(Problem(f'performance table "{line.stripped}"',
                                    f"not read ({type(exc).__name__}: {exc})", line.no))
            continue
        evaluations.append(evaluation)
        problems.extend(found)
    return evaluations, problems
