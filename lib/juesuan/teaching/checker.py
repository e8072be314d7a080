"""Checking a student's answer: right, wrong with a diagnosis, malformed, or not answered yet.

The expected value is computed from the curated tables when the answer is checked (see
`exercises.py`); a wrong answer is compared with the values the exercise's typical mistakes,
the same figure of another document and the kind's generic slips (fraction for percent, 元 for
万元, rounding) would give, and the message names every mistake that explains it. When none
does, it says whether the answer is too high or too low and recalls the method.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from juesuan import catalog, present
from juesuan.teaching.answers import FormError, Kind
from juesuan.teaching.exercises import EXERCISES, Exercise

Tables = Mapping[str, pl.DataFrame]

CORRECT, WRONG, MALFORMED, UNANSWERED = "correct", "wrong", "malformed", "unanswered"


@dataclass(frozen=True)
class Result:
    """The verdict on one answer; shows as its message in a notebook, true when correct."""

    exercise: str
    status: str  # correct | wrong | malformed | unanswered
    message: str
    hints: tuple[str, ...] = ()

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


def expected(exercise_id: str, tables: Tables | None = None) -> object:
    """The expected answer, computed from the curated tables (for teachers and tests)."""
    ex = exercise(exercise_id)
    return ex.compute(tables or _corpus(), ex.subject)


def _subject_label(tables: Tables, ex: Exercise) -> str:
    if ex.subject is None:
        return "四份文档合在一起（the whole corpus）"
    doc = ex.subject.split(":")[0]
    return present.doc_labels(tables).get(doc, doc)


def _same(kind: Kind, value: object, right: object) -> bool:
    """Whether two values are the same answer (a mistake giving the right value explains
    nothing)."""
    if isinstance(value, str) or isinstance(right, str):
        return value == right
    return kind.matches(float(value), right)


def _explains(kind: Kind, answer: object, value: object, right: object) -> bool:
    """A wrong method's value explains the answer: it exists, differs from the right value and
    the answer matches it."""
    return value is not None and not _same(kind, value, right) and kind.matches(answer, value)


def diagnose(ex: Exercise, answer: object, tables: Tables) -> list[str]:
    """The known mistakes that explain a wrong (parsed) answer: the exercise's own and the wrong
    document's, else the kind's generic slips; empty when none does."""
    kind, subject = ex.kind, ex.subject
    right = ex.compute(tables, subject)
    hints = [m.hint for m in ex.mistakes
             if _explains(kind, answer, m.value(tables, subject), right)]
    others = ex.others(tables, subject) if ex.others else {}
    wrong_docs = [label for other, label in others.items()
                  if (value := ex.compute(tables, other)) != 0  # a zero tells nothing apart
                  and _explains(kind, answer, value, right)]
    specific = bool(hints)
    if wrong_docs:
        hints.append(f"这是{'、'.join(wrong_docs)}的数字（the wrong document）；"
                     f"题目问的是{_subject_label(tables, ex)}。")
    if not specific:  # the kind's generic slips, when no mistake of the exercise explains it
        # (another document's figure may be a coincidence: a count of 5 is also a slip of 1)
        hints += kind.diagnose(answer, right)
    return list(dict.fromkeys(hints))


def check(exercise_id: str, answer: object, tables: Tables | None = None) -> Result:
    """Check an answer: right, wrong (with the likely mistake), malformed (with the form the
    exercise expects) or None (not answered yet). `tables` defaults to the curated corpus."""
    ex = exercise(exercise_id)
    head = f"练习 {ex.id}"
    if answer is None:
        return Result(ex.id, UNANSWERED,
                      f"… {head}：还没有作答（not answered yet）。把 answer = None 改成你的答案，"
                      f"再运行这一格。答案的形式：{ex.kind.form}。")
    try:
        value = ex.kind.parse(answer)
    except FormError as err:
        return Result(ex.id, MALFORMED,
                      f"？ {head}：答案的形式不对（expected form）：{err}。请给出{ex.kind.form}。")
    tables = tables or _corpus()
    right = ex.compute(tables, ex.subject)
    if right is None:
        raise RuntimeError(f"exercise {ex.id}: the curated data does not state what it asks "
                           f"about ({ex.subject}); rebuild data/curated with `juesuan ingest`")
    if ex.kind.matches(value, right):
        return Result(ex.id, CORRECT, f"✓ {head}：正确（correct）！{ex.done}".rstrip())
    hints = diagnose(ex, value, tables)
    if not hints:
        hints = [ex.kind.direction(value, right), f"方法（how）：{ex.how}"]
    text = "\n".join(f"  · {h}" for h in hints)
    return Result(ex.id, WRONG, f"✗ {head}：还不对（not yet）。提示（hint）：\n{text}", tuple(hints))
