"""What the narrative says about each performance evaluation, attached to the evaluation.

Documents state scores, grades and budget execution in sentences as well as in tables
(`部门整体支出自评得分为 96 分，综合评价等级为“优”，全年预算数 2209.18 万元…`), and the two
do not always agree — keeping both, each with its own line, is what lets an audit compare
them. Where the table prints no score (Sichuan project tables), the narrative's is the score.

Sentences are broken over lines, so the narrative (every line without tabs) is read as one
flat text that remembers which line each character came from (a narrative.Stream).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from ..text import DECIMAL, Line, match_key
from .common import Evaluation, Problem, empty_fields, report_title, set_score, set_value
from .narrative import Stream, in_narrative

__all__ = ["attach_narrative"]

_PART = "performance narrative"

# "1.就业补助资金项目绩效自评综述：" — one project summary per numbered paragraph.
_SUMMARY_RE = re.compile(
    r"(?:(?<=[\n。；;:：])|^)\s*(?:\d{1,3}\s*[.．、]\s*)?(?P<name>[^\n。；;:：，,]{1,60}?)"
    r"(?:支出)?绩效自评综述\s*[:：]"
)
_SCORE_RE = re.compile(
    rf"(?:自评得分为?|自评得(?=\s*\d)|自评为|综合评价得分为?|评价综合得分为?|综合得分为?"
    rf"|评价得分为?|得分为?)\s*[:：]?\s*(?P<v>{DECIMAL})\s*分"
)
_GRADE_RE = re.compile(r"(?:等级|等次|评级结果)为?\s*[:：]?\s*[“\"「]?\s*(?P<v>[优良中差]|[A-DＡ-Ｄ])")
# Amounts in 万元 or 元 as printed (a key report: 项目全年预算2405528.08元，执行2395450.20元).
_BUDGET_RE = re.compile(rf"全年预算数?\s*(?P<v>{DECIMAL})\s*(?P<u>万元|元)")
_EXECUTED_RE = re.compile(rf"执行数?\s*(?P<v>{DECIMAL})\s*(?P<u>万元|元)")
_RATE_RE = re.compile(rf"(?:完成预算的?|预算执行率为?|执行率为?)\s*(?P<v>{DECIMAL})\s*[%％]")
_CHAIN = {
    "score_narrative": _SCORE_RE,
    "grade_narrative": _GRADE_RE,
    "budget_full_year_narrative": _BUDGET_RE,
    "executed_narrative": _EXECUTED_RE,
    "execution_rate_narrative": _RATE_RE,
}
_CHAIN_GAP = 30  # characters allowed between two facts of one statement
_UNIT = "amount_unit_narrative"  # the unit the statement prints its amounts in
# A statement of funds alone ('项目全年预算…元，执行…元，完成预算的99.58%'), read in a report.
_FUNDS_START_RE = re.compile(rf"(?:项目)?{_BUDGET_RE.pattern}")

_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分"
    r"|附件|附表)"
)
_HEADING_STARTS = frozenset("一二三四五六七八九十（(第附")  # what every _HEADING_RE match starts with
_ITEM_RE = re.compile(r"^\d{1,3}\s*[.．、]\s*(?!\d)")
_REPORT_REF_RE = re.compile(r"《(?P<name>[^》]{2,60}?)(?:绩效)?评价报告》")
_QUOTED_RE = re.compile(r"[“\"](?P<name>[^”\"]{2,60})[”\"]")
_NAME_SUFFIXES = ("绩效自评综述", "支出绩效自评表", "绩效自评表", "自评表", "绩效自评", "绩效评价",
                  "综合评价", "自评", "绩效", "专项预算项目", "项目", "支出")
_GENERIC_RE = re.compile(r"^(?:评定|通过|根据)?(?:本|该)?$")
_YEAR_CAPTION_RE = re.compile(r"[（(][^）)]{1,15}[）)]")
_YEAR_PREFIX_RE = re.compile(r"^\d{4}年度?")


# --------------------------------------------------------------------------- the flat text


@dataclass
class _Flat:
    """The narrative as one Stream, and where each key-evaluation report's title starts.

    Unlike Stream.from_lines, spaces are kept and a newline marks where a paragraph certainly
    ends (a heading, a skipped table, a line ending a sentence), so a statement never reaches
    across one.
    """

    stream: Stream
    report_titles: list[tuple[int, str]]  # (offset, report name)

    @classmethod
    def of(cls, lines: list[Line]) -> _Flat:
        """Join the narrative lines (stripped) with their separators, noting report titles."""
        pieces: list[tuple[str, int]] = []
        titles: list[tuple[int, str]] = []
        size, prev, prev_no = 0, "", None
        for line in lines:
            if "\t" in line.text:
                prev = "\n"  # a table ends the paragraph before it
            if not in_narrative(line):
                continue
            text = line.stripped
            # a heading or caption stands alone: a paragraph ends before and after it
            alone = (text[0] in _HEADING_STARTS and bool(_HEADING_RE.match(text))) \
                or _is_caption(text)
            sep = _separator(prev, text, alone)
            # a separator belongs to the line it follows (the first line's, to that line);
            # an empty one is no piece (Stream.from_pieces would skip it)
            if sep:
                pieces.append((sep, line.no if prev_no is None else prev_no))
            pieces.append((text, line.no))
            size += len(sep)
            name = report_title(line)
            if name:
                titles.append((size, name))
            size += len(text)
            prev = "\n" if alone else text
            prev_no = line.no
        return cls(Stream.from_pieces(pieces), titles)

    def report_at(self, offset: int) -> str | None:
        """The key-evaluation report (by its title) a position lies in, if any."""
        k = bisect.bisect_right([o for o, _ in self.report_titles], offset) - 1
        return self.report_titles[k][1] if k >= 0 else None


def _separator(prev: str, text: str, alone: bool) -> str:
    """What joins a line to the text before it: a paragraph end, a space between two Latin
    or digit runs, or nothing (Chinese is written without spaces). `alone`: the line is a
    heading or caption (worked out once by the caller, which needs it again)."""
    if not prev:
        return ""
    if prev == "\n" or prev.endswith(("。", "；")) or alone or _ITEM_RE.match(text):
        return "\n"
    if prev[-1].isascii() and prev[-1].isalnum() and text[0].isascii() and text[0].isalnum():
        return " "
    return ""


def _is_caption(text: str) -> bool:
    """A table title or its `（2024 年度）` line: not part of any sentence."""
    return len(text) <= 40 and "。" not in text and (
        text.endswith("表") or bool(_YEAR_CAPTION_RE.fullmatch(text)))


# --------------------------------------------------------------------------- statements


@dataclass
class _Statement:
    scope: str | None  # department_overall / project / key_evaluation
    name: str | None
    offset: int
    line: int
    facts: dict = field(default_factory=dict)  # column -> (value, line)


def _chain(flat: _Flat, pos: int, facts: dict) -> int:
    """Read facts that follow each other closely from `pos`; returns the end position."""
    while True:
        best = None
        for col, rx in _CHAIN.items():
            m = rx.search(flat.stream.text, pos, pos + _CHAIN_GAP + 40)
            if not m or m.start() - pos > _CHAIN_GAP or "\n" in flat.stream.text[pos:m.start()]:
                continue
            if col == "score_narrative" and _is_sub_score(flat.stream.text, m.start()):
                continue
            if best is None or m.start() < best[1].start():
                best = (col, m)
        if best is None:
            return pos
        col, m = best
        if col not in facts:
            raw = m.group("v")
            value = raw if col == "grade_narrative" else float(raw)
            facts[col] = (value, flat.stream.line(m.start("v")))
            if "u" in m.re.groupindex and _UNIT not in facts:
                facts[_UNIT] = (m.group("u"), facts[col][1])
        pos = m.end()


def _is_sub_score(text: str, start: int) -> bool:
    """`指标赋值 6 分，评价得分 4.36 分` scores one indicator of a report, not the evaluation."""
    return bool(re.search(r"赋值|赋予|满分", text[max(0, start - 14):start]))


def _summaries(text: str) -> list[re.Match]:
    """_SUMMARY_RE.finditer(text), searched from near each 绩效自评综述 only.

    Every match holds that phrase, and nothing of it before the phrase can be one of
    _SUMMARY_SEPARATORS; so a match for the phrase at q starts after the last separator
    before q, and the search can begin there. (The regex tried at every character of the
    document cost more than the rest of the narrative reading.)
    """
    out: list[re.Match] = []
    pos = 0
    while (q := text.find("绩效自评综述", pos)) >= 0:
        after_separator = max(text.rfind(c, pos, q) for c in _SUMMARY_SEPARATORS) + 1
        m = _SUMMARY_RE.search(text, max(pos, after_separator))
        if m is None:
            break
        out.append(m)
        pos = m.end()
    return out


# What the part of a _SUMMARY_RE match before 绩效自评综述 cannot hold (its name excludes them).
_SUMMARY_SEPARATORS = "。；;:：，,"


def _find_statements(flat: _Flat) -> list[_Statement]:
    """Project summaries (…绩效自评综述：) and every sentence stating an overall score."""
    text, out, used = flat.stream.text, [], []
    for m in _summaries(text):
        st = _Statement("project", _clean_name(m.group("name")), m.start("name"),
                        flat.stream.line(m.start("name")))
        end = _chain(flat, m.end(), st.facts)
        used.append((m.start(), end))
        if st.facts:
            out.append(st)
    for m in _SCORE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in used) or _is_sub_score(text, m.start()):
            continue
        st = _score_statement(flat, m)
        end = _chain(flat, m.start(), st.facts)
        used.append((m.start(), end))
        out.append(st)
    out += _funds_statements(flat, used)
    return sorted(out, key=lambda s: s.offset)


def _funds_statements(flat: _Flat, used: list[tuple[int, int]]) -> list[_Statement]:
    """Statements of funds alone in a key-evaluation report (`项目全年预算2405528.08元，执行
    2395450.20元，完成预算的99.58%`): the report's evaluation, with budget and execution or
    rate. Elsewhere such a sentence names no evaluation, and is left alone."""
    out = []
    for m in _FUNDS_START_RE.finditer(flat.stream.text):
        report = flat.report_at(m.start())
        if report is None or any(a <= m.start() < b for a, b in used):
            continue
        st = _Statement("key_evaluation", report, m.start(), flat.stream.line(m.start()))
        used.append((m.start(), _chain(flat, m.start(), st.facts)))
        if {"executed_narrative", "execution_rate_narrative"} & st.facts.keys():
            out.append(st)
    return out


def _score_statement(flat: _Flat, m: re.Match) -> _Statement:
    """Classify a score sentence by what it is about, and name it."""
    text = flat.stream.text
    clause_start = max(text.rfind(c, 0, m.start()) for c in "\n。；;，,：:") + 1
    sentence_start = max(text.rfind(c, 0, m.start()) for c in "\n。；;") + 1
    clause = text[clause_start:m.start()]
    sentence = text[sentence_start:m.end()]
    after = text[m.end():m.end() + 120].split("\n")[0]
    line = flat.stream.line(clause_start if clause.strip() else sentence_start)
    report = flat.report_at(m.start())
    if report:
        return _Statement("key_evaluation", report, clause_start, line)
    if "整体" in clause or "部门预算" in clause:
        return _Statement("department_overall", None, clause_start, line)
    if "重点" in sentence or _REPORT_REF_RE.search(after) or "重点评价" in _heading_before(text, m):
        return _Statement("key_evaluation", _key_name(text, sentence_start, clause, sentence,
                                                      after), clause_start, line)
    return _Statement("project", _clean_name(clause), clause_start, line)


def _heading_before(text: str, m: re.Match) -> str:
    """The paragraph just before the statement's own (a heading such as （六）财政重点评价…)."""
    end = text.rfind("\n", 0, m.start())
    return text[text.rfind("\n", 0, end) + 1:end] if end > 0 else ""


def _key_name(text: str, sentence_start: int, clause: str, sentence: str,
              after: str) -> str | None:
    """A key evaluation's name: the report it refers to, a quoted name, the clause, or the
    short sentence just before (`2023 年就业专项资金。评价得分 91.27 分`)."""
    for rx, where in ((_REPORT_REF_RE, after), (_QUOTED_RE, sentence)):
        m = rx.search(where)
        if m:
            return m.group("name").strip()
    name = _clean_name(clause)
    if name:
        return name
    prev_start = max(text.rfind(c, 0, sentence_start - 1) for c in "\n。；;") + 1
    return _clean_name(text[prev_start:sentence_start].rstrip("。；;"))


def _clean_name(raw: str) -> str | None:
    """`2.ys 人事人才…工作经费项目` → `ys 人事人才…工作经费`; None for 本项目/该项目."""
    name = _ITEM_RE.sub("", raw.strip()).strip()
    changed = True
    while changed and name:
        changed = False
        for suffix in _NAME_SUFFIXES:
            if name.endswith(suffix):
                name, changed = name[: -len(suffix)].strip(), True
    if not name or _GENERIC_RE.match(name) or len(name) > 60:
        return None
    return name


# --------------------------------------------------------------------------- matching


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    """A name for matching, without year prefix and generic suffixes (绩效自评, 项目 …).

    Cached: every statement is compared with every evaluation of its scope.
    """
    key = match_key(name)
    key = _YEAR_PREFIX_RE.sub("", key)
    changed = True
    while changed:
        changed = False
        for suffix in _NAME_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key[: -len(suffix)], True
    return key


# Loose (containment) name matches are looked for among this many evaluations of the scope on
# each side of a statement: every one in a real document (≤ 31), and a bounded number in a
# 50 MB one, where comparing every statement with every evaluation took minutes.
_LOOSE_WINDOW = 64


class _Index:
    """The evaluations by scope and position, and by name: a statement finds its table by
    look-ups and a bisection instead of a scan of every evaluation (linear in the text)."""

    def __init__(self, evaluations: list[Evaluation]) -> None:
        self.first = {}  # scope -> the first evaluation of that scope, in list order
        self.by_scope: dict[str, list[tuple[int, int, Evaluation]]] = {}
        self.by_name: dict[tuple[str, str], list[Evaluation]] = {}
        self.lines: list[int] = []  # src_line of every evaluation, sorted
        self.at: list[Evaluation] = []
        self._seq = 0
        for e in evaluations:
            self.add(e)

    def add(self, e: Evaluation) -> None:
        self.first.setdefault(e.scope, e)
        self._seq += 1
        bisect.insort(self.by_scope.setdefault(e.scope, []), (e.src_line, self._seq, e),
                      key=lambda t: (t[0], t[1]))
        key = _name_key(e.fields.get("project_name") or "")
        if key:
            self.by_name.setdefault((e.scope, key), []).append(e)
        i = bisect.bisect_right(self.lines, e.src_line)
        self.lines.insert(i, e.src_line)
        self.at.insert(i, e)

    def near(self, scope: str, line: int) -> list[Evaluation]:
        """The scope's evaluations within _LOOSE_WINDOW of a line, in list order."""
        rows = self.by_scope.get(scope, [])
        i = bisect.bisect_left(rows, line, key=lambda t: t[0])
        window = rows[max(0, i - _LOOSE_WINDOW):i + _LOOSE_WINDOW]
        return [e for _, _, e in sorted(window, key=lambda t: t[1])]

    def after(self, line: int) -> Evaluation | None:
        i = bisect.bisect_right(self.lines, line)
        return self.at[i] if i < len(self.at) else None


def _by_name(st: _Statement, index: _Index) -> Evaluation | None:
    """Exact name first; otherwise one name containing the other, nearest table first."""
    want = _name_key(st.name)
    loose = index.by_name.get((st.scope, want), []) if want else []
    if not loose:
        named = [(e, _name_key(e.fields.get("project_name") or ""))
                 for e in index.near(st.scope, st.line)]
        loose = [e for e, k in named if k and (k in want or want in k)]
    if not loose:
        return None
    following = [e for e in loose if e.src_line > st.line]
    return min(following or loose, key=lambda e: abs(e.src_line - st.line))


def _next_table(st: _Statement, index: _Index) -> Evaluation | None:
    """The table right after the statement, when it is a project table (Sichuan reports
    precede their 附表; summaries precede their table)."""
    nearest = index.after(st.line)
    return nearest if nearest is not None and nearest.scope == "project" else None


def _match(st: _Statement, index: _Index) -> Evaluation | None:
    if st.scope == "department_overall":
        return index.first.get(st.scope)
    if st.name:
        found = _by_name(st, index)
        if found is not None or st.scope == "key_evaluation":
            return found
    return _next_table(st, index)


# --------------------------------------------------------------------------- recording


def _record(st: _Statement, ev: Evaluation, problems: list[Problem]) -> None:
    """Fill the narrative columns; a second statement that disagrees is a finding."""
    f = ev.fields
    for col, (value, line) in st.facts.items():
        if col == _UNIT:  # (a unit has no line of its own: it is printed with the amounts)
            f[col] = f.get(col) or value
        elif f.get(col) is None:
            set_value(f, col, value, line)
        elif f[col] != value:
            problems.append(Problem(
                _PART, f"{col} of {f.get('project_name')!r} stated as {f[col]} (line "
                       f"{f.get(col + '_src_line')}) and as {value} (line {line})", line))
    score = f.get("score_narrative")
    if f.get("score") is None and score is not None:
        set_score(f, score, f["score_narrative_src_line"], "narrative")
    if f.get("grade") is None:
        set_value(f, "grade", f.get("grade_narrative"), f.get("grade_narrative_src_line"))


def _new_key(st: _Statement) -> Evaluation:
    """A key evaluation the narrative reports but whose table is not in the document."""
    fields = empty_fields("key_evaluation")
    fields.update(project_name=st.name, src_line=st.line)
    return Evaluation("key_evaluation", fields)


def attach_narrative(evaluations: list[Evaluation],
                     lines: list[Line]) -> tuple[list[Evaluation], list[Problem]]:
    """Record the narrative's statements on the matching evaluations (copies; the input
    is not modified). A key evaluation known only from the narrative is added; a statement
    that matches nothing is reported, not dropped silently."""
    # indicator rows hold scalars only, so copying each dict is a full copy (deepcopy is
    # several times slower for the same result)
    out = [Evaluation(e.scope, dict(e.fields), [dict(ind) for ind in e.indicators])
           for e in evaluations]
    for e in out:  # the narrative columns exist on every evaluation, stated or not
        e.fields.setdefault(_UNIT, None)
        for col in _CHAIN:
            e.fields.setdefault(col, None)
            e.fields.setdefault(f"{col}_src_line", None)
    problems: list[Problem] = []
    flat = _Flat.of(lines)
    index = _Index(out)
    for st in _find_statements(flat):
        target = _match(st, index)
        if target is None and st.scope == "key_evaluation" and st.name:
            target = _new_key(st)
            out.append(target)
            index.add(target)
        if target is None:
            what = st.name or st.scope
            problems.append(Problem(_PART, f"statement about {what!r} matches no evaluation "
                                           f"table: {_describe(st)}", st.line))
            continue
        _record(st, target, problems)
    out.sort(key=lambda e: e.src_line)
    return out, problems


def _describe(st: _Statement) -> str:
    return ", ".join(f"{col.removesuffix('_narrative')} {v}" for col, (v, _) in st.facts.items()
                     if col != _UNIT)
