"""Shared test helpers: paths to the real corpus and the fixture excerpts."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def raw_lines():
    cache: dict[str, list[Line]] = {}

    def get(doc_id: str) -> list[Line]:
        if doc_id not in cache:
            cache[doc_id] = read_lines(RAW / DOCS[doc_id])[0]
        return cache[doc_id]

    return get
