"""Grading a class's notebooks: each student's lesson notebook is executed again (so outputs the
student edited by hand count for nothing), every `teaching.check` it runs is logged, and the last
verdict per exercise becomes a row of a CSV a teacher opens in a spreadsheet.

Grading uses the shipped answer hashes, never the teacher's key, so it judges exactly as the
students' own checker did. An exercise the notebook never checked (a cell broke before it, or was
deleted) is `not_run`; a file that is not a notebook is `unreadable`. One point per correct
exercise; `--doc` marks an exercise checked on another document than the one set as
`wrong_document` (no point).
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from juesuan.teaching import key
from juesuan.teaching.exercises import EXERCISES

COLUMNS = ("student", "notebook", "exercise", "tier", "doc_id", "status", "points", "answer")
NOT_RUN, UNREADABLE, WRONG_DOCUMENT = "not_run", "unreadable", "wrong_document"
_CHECK = re.compile(r"""teaching\.check\(\s*["'](\d\d-\d)["']""")


@dataclass(frozen=True)
class Row:
    student: str
    notebook: str
    exercise: str
    tier: str
    doc_id: str
    status: str
    points: int
    answer: str

    def as_list(self) -> list[str]:
        return [str(getattr(self, c)) for c in COLUMNS]


def student_of(path: Path) -> str:
    """The student a notebook belongs to: its folder's name when the file keeps the lesson's name
    (a class's submissions as one folder per student), else the file's stem."""
    lessons = {e.notebook for e in EXERCISES.values()}
    return path.parent.name if path.stem in lessons else path.stem


def exercises_in(nb: dict) -> list[str]:
    """The exercises a notebook checks, in order (the lesson's cells name them)."""
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for ex_id in _CHECK.findall("".join(cell.get("source", ""))):
                if ex_id in EXERCISES and ex_id not in found:
                    found.append(ex_id)
    return found


def _execute(nb_path: Path, log: Path, timeout: int) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(nb_path, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != key.ENV}
    env["JUESUAN_GRADE_LOG"] = str(log)
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(nb_path.parent)}})
    client.execute(env=env)


def grade_notebook(path: Path, doc: str | None = None, timeout: int = 300) -> list[Row]:
    student, name = student_of(path), path.name
    try:
        nb = json.loads(path.read_text("utf-8"))
        if not isinstance(nb, dict) or "cells" not in nb:
            raise ValueError("no cells")
    except (OSError, ValueError) as err:
        return [Row(student, name, "", "", "", UNREADABLE, 0, f"{type(err).__name__}")]
    wanted = exercises_in(nb)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "checks.jsonl"
        log.touch()
        _execute(path, log, timeout)
        last: dict[str, dict] = {}
        for line in log.read_text("utf-8").splitlines():
            record = json.loads(line)
            last[record["exercise"]] = record
    rows = []
    for ex_id in wanted:
        tier = EXERCISES[ex_id].tier
        record = last.get(ex_id)
        if record is None:
            rows.append(Row(student, name, ex_id, tier, "", NOT_RUN, 0, ""))
            continue
        status = record["status"]
        if doc and record["doc_id"] != doc:
            status = WRONG_DOCUMENT
        rows.append(Row(student, name, ex_id, tier, record["doc_id"], status,
                        int(status == "correct"), record["answer"]))
    return rows


def grade(paths: Iterable[Path], doc: str | None = None, timeout: int = 300) -> list[Row]:
    """The rows of every notebook (folders are searched for *.ipynb), sorted by student."""
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(p.rglob("*.ipynb")) if p.is_dir() else [p]
    files = [f for f in files if ".ipynb_checkpoints" not in f.parts]
    rows = [r for f in files for r in grade_notebook(f, doc, timeout)]
    return sorted(rows, key=lambda r: (r.student, r.notebook, r.exercise))


def write_csv(rows: Sequence[Row], out: Path) -> Path:
    """The grades as CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(r.as_list() for r in rows)
    return out


def totals(rows: Sequence[Row]) -> dict[str, tuple[int, int]]:
    """Points and exercises per student."""
    out: dict[str, tuple[int, int]] = {}
    for r in rows:
        points, n = out.get(r.student, (0, 0))
        out[r.student] = (points + r.points, n + bool(r.exercise))
    return out
