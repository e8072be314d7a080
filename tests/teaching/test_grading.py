"""The grader on a folder of crafted student notebooks: right, wrong, malformed, unanswered, a
cell that breaks before its check, a file that is not a notebook, and a student who worked on
another document — scored into the CSV a teacher gets (pinned byte for byte)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from juesuan import cli
from juesuan.teaching import grading

CLASS = Path(__file__).parent / "fixtures" / "class"
EXPECTED = Path(__file__).parent / "fixtures" / "class_grades.csv"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class folder with one more submission that is not a notebook at all (written here:
    the linter rightly refuses such a file in the repository)."""
    tmp = tmp_path_factory.mktemp("grades")
    folder = tmp / "class"
    shutil.copytree(CLASS, folder)
    (folder / "eve.ipynb").write_text("{ this is not a notebook", "utf-8")
    out = tmp / "grades.csv"
    assert cli.main(["teaching", "grade", str(folder), "--out", str(out)]) == 0
    return out


def test_the_class_csv_is_the_expected_one(graded):
    assert graded.read_bytes() == EXPECTED.read_bytes()


def test_the_csv_opens_in_excel_as_utf8(graded):
    data = graded.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark
    assert "student,notebook,exercise,tier,doc_id,status,points,answer" in data.decode("utf-8-sig")


def test_statuses_per_student(graded):
    rows = [line.split(",") for line in graded.read_text("utf-8-sig").splitlines()[1:]]
    status = {(r[0], r[2]): r[5] for r in rows}
    assert status["alice", "01-3"] == "correct"  # "93.52%" as text is the form allowed
    assert status["bob", "01-1"] == "wrong" and status["bob", "01-2"] == "malformed"
    assert status["bob", "01-3"] == "wrong"  # 93.5: one decimal where two are asked for
    assert {status["carol", e] for e in ("01-1", "01-2", "01-3")} == {"unanswered"}
    assert status["dave", "01-2"] == "not_run" and status["dave", "01-3"] == "correct"
    assert status["eve", ""] == "unreadable"
    assert status["frank", "01-2"] == "correct"  # set on 千阳 by DOC_ID: 92.31 there


def test_the_teacher_key_is_not_used_to_grade(monkeypatch, tmp_path):
    """Grading judges with the shipped hashes, as the student's checker did, even when the
    teacher's key is set in the environment."""
    monkeypatch.setenv("JUESUAN_TEACHER_KEY", "/nonexistent/answer_key.py")
    rows = grading.grade([CLASS / "alice.ipynb"])
    assert [r.status for r in rows] == ["correct"] * 3


def test_doc_marks_work_on_another_document():
    rows = grading.grade([CLASS / "frank.ipynb"], doc="fenyang-social-insurance-2024")
    assert [r.status for r in rows] == ["wrong_document"] * 3
    assert sum(r.points for r in rows) == 0


def test_student_of_a_folder_per_student(tmp_path):
    assert grading.student_of(tmp_path / "wang" / "01_anatomy.ipynb") == "wang"
    assert grading.student_of(tmp_path / "li.ipynb") == "li"
