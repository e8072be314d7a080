"""The audit of a corpus is the audit of each of its documents: no rule, completeness item or
score reads another document's rows, whatever batches the documents are audited in
(`rules.common.batches`). On the real corpus (with its findings of many rules) mixed with an
ingested synthetic one whose headline figures are made to disagree in every other document,
all with their source texts."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from juesuan import catalog, metadata, synth
from juesuan.checks import audit, evidence, rules
from juesuan.checks.rules import common
from juesuan.ingest.document import read_manifest
from juesuan.ingest.pipeline import gather, ingest_documents
from juesuan.text import read_lines

UNITS, SEED = 14, 29
REAL = 7  # documents of data/curated
# × 1.05 in every other synthetic document: sums, shares, completion and growth disagree
SCALED = ("income_current_year", "expenditure_current_year", "income_total",
          "gpb_expenditure_actual")


def _synthetic(out) -> dict[str, pl.DataFrame]:
    paths = synth.write_texts(UNITS, SEED, out)
    results = ingest_documents(paths, read_manifest(out / "manifest.csv"))
    tables = gather(results)
    tables[evidence.LINES] = pl.concat(
        evidence.lines_frame(r.doc_id, read_lines(p)[0]) for r, p in zip(results, paths,
                                                                        strict=True))
    odd = tables["documents"]["doc_id"].to_list()[1::2]
    tables["totals"] = tables["totals"].with_columns(
        value=pl.when(pl.col("doc_id").is_in(odd) & pl.col("metric").is_in(SCALED))
        .then(pl.col("value") * 1.05).otherwise(pl.col("value")))
    return tables


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, pl.DataFrame]:
    made = _synthetic(tmp_path_factory.mktemp("synth-audit"))
    real = {name: catalog.load(name) for name in metadata.INGESTED_NAMES}
    real[evidence.LINES] = evidence.load_lines(real["documents"], catalog.curated_dir())
    return {name: pl.concat([df, made[name].select(df.columns)]) for name, df in real.items()}


def _alone(tables: dict[str, pl.DataFrame], doc_id: str) -> dict[str, pl.DataFrame]:
    return {name: df.filter(pl.col("doc_id") == doc_id) for name, df in tables.items()}


def test_the_corpus_has_findings_of_many_rules_in_many_documents(corpus):
    found = rules.run(corpus)
    synthetic = {f["rule_id"] for f in found if f["doc_id"].startswith("synth-")}
    # among them the rules that look up another statement (checks/rules/index.py)
    assert {"SUM-INCOME", "SUM-EXPENDITURE", "PCT-TOTALS", "PCT-GROWTH",
            "SUM-NARRATIVE-GPB"} <= synthetic
    assert len({f["doc_id"] for f in found}) >= REAL + UNITS // 2
    assert len({f["rule_id"] for f in found}) >= 15
    assert corpus[evidence.LINES]["doc_id"].n_unique() == REAL + UNITS


@pytest.mark.parametrize("batch", [1, 4, 100])
def test_findings_of_the_corpus_are_those_of_each_document_alone(corpus, batch, monkeypatch):
    docs = sorted(corpus["documents"]["doc_id"].to_list())  # findings are sorted by doc_id
    alone = [f for d in docs for f in rules.run(_alone(corpus, d))]
    monkeypatch.setattr(common, "BATCH_DOCUMENTS", batch)
    together = rules.run(corpus)
    assert together == alone
    assert len(together) > REAL + UNITS


def test_a_chosen_document_is_audited_alone(corpus):
    doc = corpus["documents"]["doc_id"][3]
    assert rules.run(corpus, [doc]) == rules.run(_alone(corpus, doc))


def test_completeness_and_scores_of_the_corpus_are_those_of_each_document(corpus, monkeypatch):
    monkeypatch.setattr(common, "BATCH_DOCUMENTS", 3)
    together = audit(corpus)
    docs = corpus["documents"]["doc_id"].to_list()
    each = [audit(_alone(corpus, d)) for d in docs]
    for name in ("findings", "completeness", "scores"):
        assert together[name].height >= REAL + UNITS
        expected = pl.concat(a[name] for a in each)  # in the order of `documents`
        if name == "findings":  # sorted by doc_id
            expected = expected.sort("doc_id", maintain_order=True)
        assert_frame_equal(together[name], expected)
