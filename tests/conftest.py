"""Shared test helpers: paths to the real corpus and the fixture excerpts."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from juesuan.text import Line, read_lines

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CURATED = ROOT / "data" / "curated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

DOCS = {
    "qianyang-hrss-2024": "000_cfb0dafd2c8bb827.txt",
    "quxian-rural-pension-2023": "001_549a6034fad0ec80.txt",
    "fenyang-social-insurance-2024": "003_df651f07c846b8e4.txt",
    "xianyang-hrss-2023": "004_0c64700254d9a193.txt",
}


def fixture_lines(relpath: str, first_line: int = 1) -> list[Line]:
    """Lines of a fixture excerpt, numbered as in the source document it was cut from."""
    lines, _ = read_lines(FIXTURES / relpath)
    return [Line(line.no + first_line - 1, line.text) for line in lines]


def excerpt(relpath: str) -> list[Line]:
    """fixture_lines of an excerpt whose name says where it was cut (`…_p<first line>_…`),
    so a test's expected line numbers are those of the whole document."""
    first = int(re.search(r"_p(\d+)_", Path(relpath).name).group(1))
    return fixture_lines(relpath, first)


@cache
def raw_document(file_name: str) -> list[Line]:
    """The lines of a document in data/raw, read once per test session (they are never
    modified, and several modules parse the same few documents)."""
    return read_lines(RAW / file_name)[0]


@pytest.fixture(scope="session")
def raw_lines():
    """raw_document by doc_id (the keys of DOCS)."""
    return lambda doc_id: raw_document(DOCS[doc_id])
