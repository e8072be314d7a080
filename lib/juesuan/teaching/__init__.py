"""The teaching course's library side: exercises, their checker and grader.

    >>> from juesuan import teaching
    >>> DOC_ID = "xianyang-hrss-2023"
    >>> teaching.show("02-1", doc=DOC_ID)              # the question, set on that document
    >>> teaching.check("02-1", 132.42, doc=DOC_ID)     # ✓ … or a hint that names the likely mistake

The course itself is `notebooks/teaching/` (01 anatomy, 02 execution, 03 performance, 04 checking);
each notebook ends with exercises in three tiers (look-up, compute, interpret) set on the document
named by `DOC_ID` at the top of the notebook (`exercises.py`; what each asks about on a document
in `subjects.py`, the figures of its right and wrong methods in `methods.py`). Answers are judged
against the shipped salted hashes (`key.py`), or, with the teacher's key (`use_key`), computed
from the data; the kinds of answers and their generic slips are in `answers.py`, the source-text
helpers the notebooks quote from in `reading.py`, the grader of a class's notebooks in
`grading.py`.
"""

from __future__ import annotations

from juesuan.teaching.checker import Result, check, diagnose, exercise, expected, question
from juesuan.teaching.exercises import EXERCISES, TIERS, for_notebook
from juesuan.teaching.key import use_key
from juesuan.teaching.reading import outline, quote, reason_summary, stated_reasons

__all__ = ["EXERCISES", "TIERS", "Question", "Result", "check", "diagnose", "exercise",
           "expected", "for_notebook", "outline", "question", "quote", "reason_summary", "show",
           "stated_reasons", "use_key"]


class Question:
    """An exercise's question for a notebook: Markdown in JupyterLab, plain text elsewhere."""

    def __init__(self, exercise_id: str, doc: str | None = None) -> None:
        ex = exercise(exercise_id)
        text = question(exercise_id, doc=doc)
        tier = TIERS[ex.tier]
        self.text = f"练习 {ex.id}（{tier}）：{text}\n答案的形式：{ex.kind.form}。"
        self.markdown = f"**练习 {ex.id}**（{tier}）　{text}\n\n*答案的形式：{ex.kind.form}。*"

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.text


def show(exercise_id: str, doc: str | None = None) -> Question:
    """The question of an exercise set on `doc` (default: the lesson's document)."""
    return Question(exercise_id, doc)
