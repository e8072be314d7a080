"""The real corpus, loaded once for the measures tests."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog


@pytest.fixture(scope="package")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()
