"""The indicator rows of a tab-separated table, from the header to the total row.

A row is read by shape: the template's 一级/二级 labels from the left, the 分值/得分 pair
(the right-most pair of bare numbers) from the right, the remaining labels, then the values in
between by the header's columns; merged 一级/二级 cells are carried down (`_Indicators`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.ingest.common import Problem, set_score, set_value
from juesuan.ingest.perf_tabular.rows import (
    _BLOCK_LABELS,
    _DASHES,
    _L1_RE,
    _L2_RE,
    _header_kinds,
    _is_indicator_header,
    _level1,
    _numeric_like,
    _Row,
    _text,
)
from juesuan.metadata import perf_templates
from juesuan.text import join_text, match_key, number_or_none

_TOTAL_LABELS = ("总分", "合计绩效自评得分", "合计", "总计", "绩效自评总分")
_SUBTOTAL_LABELS = ("得分",)
_END_LABELS = ("项目绩效分析", "说明", "负责人", "经办人", "填报日期", "备注", "自评结果分析")
_END_PREFIXES = tuple(k for k in _END_LABELS if k != "说明")  # 说明 ends a table only alone

_LABEL_KINDS = ("l1", "l2", "l3")
_OPTIONAL_KINDS = {"note"}
_TEXT_FIELDS = {"l1": "level1", "l2": "level2", "l3": "level3", "target": "target",
                "target_adjusted": "target_adjusted", "actual": "actual", "nature": "nature",
                "measure_unit": "measure_unit", "reason": "deviation_reason"}

# A total row's grade: a short cell starting with a template's grade word (优, 优秀, 良好 …).
_GRADE_WORDS = tuple(dict.fromkeys(g for t in perf_templates.TEMPLATES for g in t.grades))


@dataclass
class _Indicators:
    """Indicator rows of one table, with the 一级/二级 labels carried down merged cells."""

    rows: list[dict] = field(default_factory=list)
    level1: str | None = None
    points: float | None = None
    points_line: int | None = None
    level2: str | None = None

    def add(self, ind: dict) -> None:
        """Fill blank 一级/二级 from the rows above (a merged cell prints once); the stated
        points keep the line of the row their label is printed on."""
        if ind.get("level1"):
            if ind["level1"] != self.level1:
                self.level2 = None
            self.level1, self.points = ind["level1"], ind.get("level1_points_stated")
            self.points_line = ind.get("level1_points_stated_src_line")
        if ind.get("level2"):
            self.level2 = ind["level2"]
        ind["level1"], ind["level1_points_stated"] = self.level1, self.points
        ind["level1_points_stated_src_line"] = self.points_line
        ind["level2"] = self.level2
        self.rows.append(ind)

    def finish(self) -> list[dict]:
        """Rows above the first printed 一级 label belong to it (label centred in its span)."""
        first = next((r for r in self.rows if r["level1"]), None)
        for r in self.rows:
            if r["level1"]:
                break
            if first:
                for col in ("level1", "level1_points_stated", "level1_points_stated_src_line"):
                    r[col] = first[col]
        return self.rows


def _read_indicators(rows: list[_Row], fields: dict, problems: list[Problem], part: str,
                     vocab: bool = True, level1: str | None = None) -> list[dict]:
    """Indicator rows from the header to the total row; sets the total score in `fields`."""
    kinds = _header_kinds(rows[0])
    acc = _Indicators(level1=level1)
    for row in rows[1:]:
        key = row.first_key()
        if not row.nonempty():
            continue
        if _is_indicator_header(row):
            kinds = _header_kinds(row)  # repeated on a new page
            continue
        if _is_end(key):
            break
        if key in _SUBTOTAL_LABELS:
            _read_total(row, key, fields)
            continue
        if key in _TOTAL_LABELS:
            _read_total(row, key, fields)
            break
        if _merge_spill(row, kinds, acc.rows):
            continue
        ind = _indicator(row, kinds, vocab, problems, part)
        if ind is not None:
            acc.add(ind)
    subtotal = fields.pop("_subtotal", None)
    if fields.get("score") is None and subtotal:
        set_score(fields, number_or_none(subtotal[0]), subtotal[1], "table")
    return acc.finish()


def _is_end(key: str) -> bool:
    """Rows after the indicators: 项目绩效分析, 说明, 负责人 …"""
    return key == "说明" or key.startswith(_END_PREFIXES)


def _read_total(row: _Row, key: str, fields: dict) -> None:
    """总分 / 合计 rows: '[weight total] score [grade]'. One number alone is the score.

    A bare 得分 row is the indicator subtotal when a 合计绩效自评得分 row follows; it is used
    only if no total row is printed.
    """
    ne = row.nonempty()[1:]
    nums = [c for _, c in ne
            if number_or_none(c) is not None and not c.strip().endswith(("%", "％"))]
    grade = next((c.strip() for _, c in ne
                  if c.strip().startswith(_GRADE_WORDS) and len(c.strip()) <= 4), None)
    if not nums:
        return
    if key in _SUBTOTAL_LABELS:
        if fields.get("score") is None:
            fields["_subtotal"] = (nums[-1], row.no)
        return
    set_score(fields, number_or_none(nums[-1]), row.no, "table")
    if grade:
        set_value(fields, "grade", grade, row.no)


def _merge_spill(row: _Row, kinds: list[tuple[int, str]], done: list[dict]) -> bool:
    """A row holding a single text fragment continues a cell of the row above."""
    ne = row.nonempty()
    if len(ne) != 1 or not done:
        return False
    i, c = ne[0]
    key = match_key(c)
    if _numeric_like(c) or _L1_RE.match(key) or _L2_RE.match(key) or key in _BLOCK_LABELS:
        return False
    kind = dict(kinds).get(i, "l3")
    col = _TEXT_FIELDS.get(kind, "level3")
    prev = done[-1]
    prev[col] = join_text([prev.get(col) or "", _text(c) or ""]) or None
    return True


def _vocab_labels(ne: list[tuple[int, str]]) -> tuple[dict, int]:
    """Leading 一级/二级 cells recognised by the template vocabulary, wherever they drifted.

    '成本指标' is 一级 only when a 二级 label follows it; otherwise it is the 二级 under 产出.
    """
    labels: dict = {}
    k = 0
    if ne and _is_level1([c for _, c in ne]):
        labels["l1"] = ne[k][1]
        k += 1
    if k < len(ne) and _L2_RE.match(match_key(ne[k][1])):
        labels["l2"] = ne[k][1]
        k += 1
    return labels, k


def _is_level1(texts: list[str]) -> bool:
    """Whether the first cell is a 一级 label ('成本指标' only when a 二级 label follows)."""
    key = match_key(texts[0])
    nxt = match_key(texts[1]) if len(texts) > 1 else ""
    return bool(_L1_RE.match(key)) and not (_L2_RE.match(key) and not _L2_RE.match(nxt))


def _find_tail(ne: list[tuple[int, str]], start: int) -> tuple[int | None, int | None]:
    """Positions (in `ne`) of the 分值 and 得分 cells: the right-most pair of bare numbers.

    Returns (pos, None) when a single bare number is found (decided later by the header).
    """
    for p in range(len(ne) - 1, start, -1):
        if _numeric_like(ne[p][1]) and _numeric_like(ne[p - 1][1]):
            return p - 1, p
    single = next((p for p in range(len(ne) - 1, start, -1) if _numeric_like(ne[p][1])), None)
    return single, None


def _indicator(row: _Row, kinds: list[tuple[int, str]], vocab: bool,
               problems: list[Problem], part: str) -> dict | None:
    """One indicator row → a perf_indicators dict (None for an empty row).

    Order of reading: template-vocabulary labels from the left, the 分值/得分 pair from the
    right, the remaining labels (as many as the header has label columns beyond its value
    columns), then the values in between.
    """
    ne = [(i, c) for n, (i, c) in enumerate(row.nonempty())
          if not (n < 2 and match_key(c) in _BLOCK_LABELS)]
    if not ne or all(c.strip() in _DASHES for _, c in ne):
        return None
    labels, k = _vocab_labels(ne) if vocab else ({}, 0)
    kind_list = [kd for _, kd in kinds]
    label_kinds = [kd for kd in _LABEL_KINDS if kd in kind_list]
    if "l2" in labels:
        label_kinds = ["l3"]
    elif "l1" in labels:
        label_kinds = [kd for kd in label_kinds if kd != "l1"]
    middle = _middle_kinds(kind_list)
    w, s = _find_tail(ne, k)
    weight = score = None
    if s is not None:
        weight, score = ne[w][1], ne[s][1]
    elif w is not None:
        l3_idx = _place_labels(ne, k, w, label_kinds, middle, {})
        weight, score = _lone_number(ne[w], l3_idx, kinds, row.no, problems, part)
        if weight is None and score is None:
            w = None  # the lone number is a value (e.g. 实际完成值 '2'), not 分值/得分
    end = w if w is not None else len(ne)
    l3_idx = _place_labels(ne, k, end, label_kinds, middle, labels)
    last = s if s is not None else w
    rest = [c for _, c in ne[last + 1:]] if last is not None else []
    stop = ne[end][0] if end < len(ne) else len(row.cells)
    values = _assign_middle(row.cells[l3_idx + 1:stop], middle, "target_adjusted" in kind_list)
    return _indicator_dict(row, labels, values, weight, score, rest, kind_list)


def _place_labels(ne: list[tuple[int, str]], k: int, end: int, label_kinds: list[str],
                  middle: list[str], labels: dict) -> int:
    """Put the cells between the vocabulary labels and the 分值 cell onto the remaining label
    columns (right-aligned: a merged 一级/二级 cell is printed on one row of its span only).

    As many cells are labels as exceed the header's value columns, at least one (三级).
    Returns the cell index of the last label (the 三级), -1 if there is none.
    """
    body = ne[k:end]
    n = min(max(len(body) - len(middle), 1 if body else 0), len(label_kinds))
    for kd, (_, c) in zip(label_kinds[len(label_kinds) - n:], body[:n]):
        labels[kd] = c
    if n:
        return body[n - 1][0]
    return ne[k - 1][0] if k else -1


def _lone_number(cell: tuple[int, str], l3_idx: int, kinds: list[tuple[int, str]],
                 line: int, problems: list[Problem], part: str) -> tuple[str | None, str | None]:
    """(weight, score) when a row prints a single bare number after its labels.

    Its header column, counted from the 三级 cell (a row drifts as a whole), says whether it
    is the 分值 or the 得分 (reported: the other one is missing); any other column means
    it is a value such as an 实际完成值 of '2', and (None, None) is returned.
    """
    l3_head = next((i for i, kd in kinds if kd == "l3"), None)
    offset = l3_idx - l3_head if l3_head is not None and l3_idx >= 0 else 0
    kind = dict(kinds).get(cell[0] - offset)
    if kind not in ("weight", "score"):
        return None, None
    problems.append(Problem(part, f"indicator row prints one of 分值/得分 only "
                                  f"({cell[1]!r}, read as {kind} by its column)", line))
    return (cell[1], None) if kind == "weight" else (None, cell[1])


def _middle_kinds(kind_list: list[str]) -> list[str]:
    """The value columns between the 三级 label and 分值 (target, actual, note, ...)."""
    start = kind_list.index("l3") + 1 if "l3" in kind_list else 0
    stop = kind_list.index("weight") if "weight" in kind_list else len(kind_list)
    return [k for k in kind_list[start:stop] if k not in _LABEL_KINDS]


def _assign_middle(between: list[str], middle: list[str], shanxi: bool) -> dict[str, str]:
    """Cells between 三级 and 分值 → target/actual/….

    By position when the row has exactly the header's cells; otherwise the non-blank values
    in order. A blank national cell is usually the 实际完成值 (values read from the left); in
    the Shanxi template the blank one is the 年初指标值 of a qualitative indicator (read from
    the right); the 定性…说明 column takes a value only when all others are filled.
    """
    while between and not between[-1]:
        between.pop()
    required = [k for k in middle if k not in _OPTIONAL_KINDS]
    if len(between) == len(middle):
        pos = dict(zip(middle, between))
        if not (any(pos.get(k) for k in _OPTIONAL_KINDS) and not all(pos[k] for k in required)):
            return pos
    vals = [c for c in between if c]
    if len(vals) <= len(required):
        keys = required[len(required) - len(vals):] if shanxi else required[:len(vals)]
        return dict(zip(keys, vals))
    mapped = dict(zip(middle, vals))
    if len(vals) > len(middle):
        mapped["reason"] = join_text(vals[len(middle):])
    return mapped


def _indicator_dict(row, labels, values, weight, score, rest, kind_list) -> dict:
    """Assemble the perf_indicators row (all values as printed)."""
    reason = values.get("reason")
    if rest and "reason" in kind_list:
        reason = join_text([reason or ""] + [_text(c) or "" for c in rest])
    ind = {
        "row_kind": "indicator",
        **_level1(labels.get("l1"), row.no),
        "level2": _text(labels.get("l2")),
        "level3": _text(labels.get("l3")),
        "target": _text(values.get("target")),
        "target_adjusted": _text(values.get("target_adjusted")),
        "actual": _text(values.get("actual")),
        "weight": number_or_none(weight),
        "score": number_or_none(score),
        "deviation_reason": _text(reason) if reason else None,
        "src_line": row.no,
    }
    for col in ("nature", "measure_unit"):
        if values.get(col):
            ind[col] = _text(values[col])
    return ind
