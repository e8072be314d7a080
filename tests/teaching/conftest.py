"""The teaching tests run as the teacher (the answer key of notebooks/teaching/solutions in use)
unless a test asks for the student's view (`student` fixture: only the shipped hashes)."""

from __future__ import annotations

import pytest

from juesuan.teaching import key
from tests.conftest import ROOT

SOLUTIONS = ROOT / "notebooks" / "teaching" / "solutions"


@pytest.fixture(autouse=True)
def teacher():
    key.use_key(SOLUTIONS)
    yield
    key.use_key(None)


@pytest.fixture
def student(teacher):
    key.use_key(None)
    yield
