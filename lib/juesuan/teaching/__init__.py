"""The teaching course's library side: exercises and their checker.

    >>> from juesuan import teaching
    >>> teaching.show("02-1")              # the question
    >>> teaching.check("02-1", 195.3)      # ✓ … or a hint that names the likely mistake

The course itself is `notebooks/teaching/` (01 anatomy, 02 execution, 03 performance, 04 checking);
each notebook ends with exercises whose answers `check` judges against values computed from the
curated data (`exercises.py`), with the kinds of answers and their generic slips in `answers.py`
and the source-text helpers the notebooks quote from in `reading.py`.
"""

from __future__ import annotations

from juesuan.teaching.checker import Result, check, diagnose, exercise, expected
from juesuan.teaching.exercises import EXERCISES, for_notebook
from juesuan.teaching.reading import outline, quote, reason_summary, stated_reasons

__all__ = ["EXERCISES", "Question", "Result", "check", "diagnose", "exercise", "expected",
           "for_notebook", "outline", "quote", "reason_summary", "show", "stated_reasons"]


class Question:
    """An exercise's question for a notebook: Markdown in JupyterLab, plain text elsewhere."""

    def __init__(self, exercise_id: str) -> None:
        ex = exercise(exercise_id)
        self.text = f"练习 {ex.id}：{ex.question}\n答案的形式：{ex.kind.form}。"
        self.markdown = f"**练习 {ex.id}**　{ex.question}\n\n*答案的形式：{ex.kind.form}。*"

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.text


def show(exercise_id: str) -> Question:
    """The question of an exercise, to display above its answer cell."""
    return Question(exercise_id)
