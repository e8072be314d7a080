"""Every corpus-wide measure is per document: measured one fiscal year at a time on a
partitioned dataset (`catalog.scan(…, fiscal_year=y)`, as benchmarks/analysis_national.py
measures a nation's decade), the years' results together are the whole corpus' results."""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks.analysis import difference
from benchmarks.measures_list import MEASURES, TABLES
from juesuan import catalog, measures, synth

YEARS = (2019, 2020, 2021)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    tables = synth.tables(60, 8, years=YEARS)
    root = synth.write_partitioned(60, 8, tmp_path_factory.mktemp("by-year") / "c",
                                   years=YEARS, piece=25)
    return tables, root


def test_the_years_of_a_partitioned_dataset(dataset):
    tables, root = dataset
    assert catalog.fiscal_years(root) == list(YEARS)
    docs = catalog.scan("documents", root, 2020).collect()
    assert set(docs["fiscal_year"]) == {2020}
    assert docs.height == tables["documents"].filter(pl.col("fiscal_year") == 2020).height > 0
    ids = set(docs["doc_id"])
    lines = catalog.scan("budget_lines", root, 2020).collect()
    assert lines.height > 0 and set(lines["doc_id"]) == ids


def test_measures_year_by_year_are_the_corpus_measures(dataset):
    tables, root = dataset
    whole = measures.Shared({name: tables[name] for name in TABLES})
    years = [measures.Shared({name: catalog.scan(name, root, y) for name in TABLES})
             for y in YEARS]
    for m in MEASURES:
        expected = m.juesuan(whole)
        got = pl.concat([m.juesuan(s) for s in years]).sort("doc_id", maintain_order=True)
        assert expected.height > 0, m.name
        assert difference(expected, got, other="by year") is None, (m.name, difference(
            expected, got, other="by year"))


def test_one_year_is_read_from_a_partitioned_dataset_only(tmp_path):
    with pytest.raises(catalog.CatalogError, match="partitioned dataset"):
        catalog.scan("totals", None, 2024)
