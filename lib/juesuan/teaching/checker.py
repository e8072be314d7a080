"""Checking a student's answer: right, wrong with a diagnosis, malformed, or not answered yet.

An exercise is set on a document (`doc`, default the lesson's); `Exercise.subject` picks what it
asks about there. Whether the answer is right is decided by the answer key (`key.py`): the
teacher's rules compute the right value from the data when a teacher key is in use, otherwise the
answer's canonical form is compared with the shipped salted hash. Either way the hints come from
the data at check time: a wrong answer is compared with the values the exercise's typical
mistakes give, with the same figure of the other documents, and with the kind's generic slips
(fraction for percent, 元 for 万元, rounding) — found, without a teacher key, by transforming the
answer and asking the hash whether the result is right. When nothing explains it, the teacher's
view says whether it is too high or too low; the student's recalls the method.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from juesuan import catalog, present
from juesuan.teaching import key
from juesuan.teaching.answers import FormError, Kind
from juesuan.teaching.exercises import EXERCISES, Exercise
from juesuan.teaching.subjects import describe, doc_of

Tables = Mapping[str, pl.DataFrame]

CORRECT, WRONG, MALFORMED, UNANSWERED = "correct", "wrong", "malformed", "unanswered"
LOG_ENV = "JUESUAN_GRADE_LOG"  # the grader's log: every check appends one JSON line


@dataclass(frozen=True)
class Result:
    """The verdict on one answer; shows as its message in a notebook, true when correct."""

    exercise: str
    status: str  # correct | wrong | malformed | unanswered
    message: str
    hints: tuple[str, ...] = ()
    doc: str = ""

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


@functools.cache
def _corpus() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id (e.g. "02-1"); a ValueError lists the ids there are."""
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        known = ", ".join(EXERCISES)
        raise ValueError(f"no exercise {exercise_id!r}; exercises: {known}") from None


def subject(ex: Exercise, tables: Tables, doc: str | None = None) -> str:
    """What the exercise asks about on `doc`; a ValueError names the documents it can be set on
    when this one does not state it."""
    doc = doc or ex.default_doc
    known = tables["documents"]["doc_id"].to_list()
    if doc not in known:
        raise ValueError(f"no document {doc!r}; documents: {', '.join(sorted(known))}")
    found = ex.subject(tables, doc)
    if found is None:
        usable = [d for d in sorted(known) if ex.subject(tables, d) is not None]
        raise ValueError(f"练习 {ex.id} 不能用于 {doc}：这份文档没有公开题目问的内容"
                         f"（exercise {ex.id} needs data {doc} does not state）；"
                         f"可以用于：{', '.join(usable) or '（没有）'}")
    return found


def question(exercise_id: str, tables: Tables | None = None, doc: str | None = None) -> str:
    """The question of an exercise set on `doc`, with the document and line it names."""
    ex = exercise(exercise_id)
    tables = tables or _corpus()
    return ex.question.format(**describe(tables, subject(ex, tables, doc)))


def _rules_value(ex: Exercise, tables: Tables, subj: str) -> object:
    rules = key.teacher_rules()
    return None if rules is None else rules[ex.id](tables, subj)


def expected(exercise_id: str, tables: Tables | None = None, doc: str | None = None) -> object:
    """The right answer computed from the data — only with the teacher's key in use
    (`teaching.use_key`); a student's package has only hashes of the answers."""
    if key.teacher_rules() is None:
        raise PermissionError("答案只在教师的答案库中（the answer key is the teacher's）："
                              "teaching.use_key(\"notebooks/teaching/solutions\")")
    ex = exercise(exercise_id)
    tables = tables or _corpus()
    return _rules_value(ex, tables, subject(ex, tables, doc))


class _Judge:
    """Whether a value is the right answer for one subject: by the teacher's rules, or by the
    shipped hash."""

    def __init__(self, ex: Exercise, tables: Tables, subj: str, required: bool = True) -> None:
        self.ex, self.subject = ex, subj
        self.teacher = key.teacher_rules() is not None
        self.right = _rules_value(ex, tables, subj) if self.teacher else None
        self.hash = None if self.teacher else key.stored_hash(ex.id, subj)
        self.known = self.right is not None or self.hash is not None
        if required and not self.known:
            where = ("the curated data does not state what it asks about"
                     if self.teacher else "the answer key has no hash for it")
            raise RuntimeError(f"exercise {ex.id} ({subj}): {where}; rebuild data/curated with "
                               "`juesuan ingest` and the key with `juesuan teaching key`")

    def __call__(self, value: object) -> bool:
        if not self.known:
            return False
        if self.teacher:
            return self.ex.kind.matches(value, self.right)
        try:
            canon = key.canonical(self.ex.kind, value)
        except (ValueError, OverflowError, ZeroDivisionError):
            return False
        salt, stored = self.hash
        return key.digest(salt, self.ex.id, self.subject, canon) == stored


def _matches(kind: Kind, answer: object, value: object) -> bool:
    if value is None:
        return False
    if isinstance(answer, str) or isinstance(value, str):
        return answer == value
    return kind.matches(float(answer), value)


def diagnose(ex: Exercise, answer: object, tables: Tables, doc: str | None = None,
             given: object = None) -> list[str]:
    """The known mistakes that explain a wrong (parsed) answer: the exercise's own and the wrong
    document's, else the kind's generic slips; empty when none does."""
    subj = subject(ex, tables, doc)
    judge = _Judge(ex, tables, subj)
    hints = [m.hint for m in ex.mistakes
             if (v := m.value(tables, subj)) is not None and not judge(v)
             and _matches(ex.kind, answer, v)]
    specific = bool(hints)
    if ex.others and answer not in (0, "0"):  # a zero tells nothing apart
        labels = present.doc_labels(tables)
        wrong_docs = []
        for other in labels:
            other_subject = None if other == doc_of(subj) else ex.subject(tables, other)
            if other_subject is not None and _Judge(ex, tables, other_subject, False)(answer):
                wrong_docs.append(labels[other])
        if wrong_docs:
            hints.append(f"这是{'、'.join(wrong_docs)}的数字（the wrong document）；"
                         f"题目问的是{labels.get(doc_of(subj), doc_of(subj))}。")
    if not specific:  # the kind's generic slips, when no mistake of the exercise explains it
        # (another document's figure may be a coincidence: a count of 5 is also a slip of 1)
        if judge.teacher:
            hints += ex.kind.diagnose(answer, judge.right)
        elif hasattr(ex.kind, "diagnose_blind"):
            hints += ex.kind.diagnose_blind(answer, judge, given)
        else:
            hints += _blind_other(ex, answer, judge)
    return list(dict.fromkeys(hints))


def _blind_other(ex: Exercise, answer: object, is_right) -> list[str]:
    """Slips of counts and codes found without the right value."""
    name = getattr(ex.kind, "name", "")
    if name == "count" and (is_right(answer + 1) or is_right(answer - 1)):
        return ["差了1个：是不是多数或漏数了一项？"]
    if name == "code" and len(str(answer)) < 7 and "7位" in ex.question:
        return [(f"你给的是{len(str(answer))}位的编码（{'类' if len(str(answer)) == 3 else '款'}）；"
                 "题目要的是项的编码（7位）。")]
    return []


def _log(result: Result, answer: object) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    record = {"exercise": result.exercise, "doc_id": result.doc, "status": result.status,
              "answer": repr(answer)[:200]}
    with Path(path).open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


def check(exercise_id: str, answer: object, tables: Tables | None = None,
          doc: str | None = None) -> Result:
    """Check an answer to an exercise set on `doc` (default the lesson's document): right, wrong
    (with the likely mistake), malformed (with the form the exercise expects) or None (not
    answered yet). `tables` defaults to the curated corpus."""
    result = _check(exercise_id, answer, tables, doc)
    _log(result, answer)
    return result


def _check(exercise_id: str, answer: object, tables: Tables | None, doc: str | None) -> Result:
    ex = exercise(exercise_id)
    head = f"练习 {ex.id}"
    tables = tables or _corpus()
    doc = doc or ex.default_doc
    subj = subject(ex, tables, doc)
    if answer is None:
        return Result(ex.id, UNANSWERED,
                      f"… {head}：还没有作答（not answered yet）。把 answer = None 改成你的答案，"
                      f"再运行这一格。答案的形式：{ex.kind.form}。", doc=doc)
    try:
        value = ex.kind.parse(answer)
    except FormError as err:
        return Result(ex.id, MALFORMED,
                      f"？ {head}：答案的形式不对（expected form）：{err}。请给出{ex.kind.form}。",
                      doc=doc)
    judge = _Judge(ex, tables, subj)
    if judge(value):
        done = ex.done if doc == ex.default_doc else ""
        return Result(ex.id, CORRECT, f"✓ {head}：正确（correct）！{done}".rstrip(), doc=doc)
    hints = diagnose(ex, value, tables, doc, given=answer)
    if not hints:
        hints = ([ex.kind.direction(value, judge.right)] if judge.teacher else []) \
            + [f"方法（how）：{ex.how}"]
    elif not judge.teacher and all("位小数" in h or "只有整数" in h for h in hints):
        hints.append(f"方法（how）：{ex.how}")  # a form remark alone tells too little
    text = "\n".join(f"  · {h}" for h in hints)
    return Result(ex.id, WRONG, f"✗ {head}：还不对（not yet）。提示（hint）：\n{text}",
                  tuple(hints), doc=doc)
