"""`juesuan check` audits batch by batch without holding the corpus (`checks.streamed`): the
files it writes are those of the in-memory audit (`checks.audit` + `io.write_tables`), byte
for byte, whatever the batch size and the order of the documents, and a batch's source texts
are read only when that batch is audited."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from juesuan import catalog, cli, metadata, synth
from juesuan.checks import audit, audit_markdown, evidence, streamed
from juesuan.io import write_tables

UNITS, SEED = 11, 5
SCALED = ("income_current_year", "expenditure_current_year", "income_total",
          "gpb_expenditure_actual")
WRITTEN = ("findings.parquet", "completeness.parquet", "scores.parquet", "csv/findings.csv",
           "csv/completeness.csv", "csv/scores.csv", "AUDIT.md", "datapackage.json",
           "DATA_DICTIONARY.md")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder with synthetic texts in data/raw, ingested into data/curated, with
    headline figures × 1.05 in every other document (test_audit_per_document.py)."""
    root = tmp_path_factory.mktemp("streamed-audit")
    raw = root / "data" / "raw"
    synth.write_texts(UNITS, SEED, raw)
    mp = pytest.MonkeyPatch()
    mp.setenv("JUESUAN_ROOT", str(root))
    try:
        assert cli.main(["ingest", "--raw", str(raw), "--out", str(root / "data" / "curated"),
                         "--jobs", "1"]) == 0
    finally:
        mp.undo()
    totals = root / "data" / "curated" / "totals.parquet"
    odd = [f"synth-{SEED}-{i:06d}" for i in range(1, UNITS + 1, 2)]
    pl.read_parquet(totals).with_columns(  # sums, shares and growth disagree in these
        value=pl.when(pl.col("doc_id").is_in(odd) & pl.col("metric").is_in(SCALED))
        .then(pl.col("value") * 1.05).otherwise(pl.col("value"))).write_parquet(totals)
    return root


@pytest.fixture
def curated(project, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the ingested tables (each test writes its audit there)."""
    monkeypatch.setenv("JUESUAN_ROOT", str(project))
    out = tmp_path / "curated"
    out.mkdir()
    for name in metadata.INGESTED_NAMES:
        (out / f"{name}.parquet").write_bytes(
            (project / "data" / "curated" / f"{name}.parquet").read_bytes())
    return out


def _in_memory(curated: Path, docs: list[str], reviews: Path | None,
               out: Path) -> dict[str, bytes]:
    """What the audit of the whole corpus at once writes."""
    tables = {name: catalog.load(name, curated) for name in metadata.INGESTED_NAMES}
    write_tables(audit(tables, docs, root=curated, reviews=reviews), out,
                 extra={"AUDIT.md": audit_markdown()})
    return {f: (out / f).read_bytes() for f in WRITTEN}


def _streamed(curated: Path, docs: list[str], reviews: pl.DataFrame | None,
              size: int) -> dict[str, bytes]:
    streamed.check(curated, docs, reviews, size=size, audit_markdown=audit_markdown())
    return {f: (curated / f).read_bytes() for f in WRITTEN}


def _reviews(curated: Path, path: Path) -> Path:
    """reviews.csv: a false positive and a confirmed finding, of two documents."""
    found = pl.read_parquet(curated / "findings.parquet")
    picked = found.unique("doc_id", keep="first", maintain_order=True).head(2)
    assert picked.height == 2
    pl.DataFrame({"finding_id": picked["finding_id"],
                  "verdict": ["false_positive", "confirmed"],
                  "reason": ["the audit is wrong", "the document is wrong"]}).write_csv(path)
    return path


@pytest.mark.parametrize(("size", "split_rows"), [(1, 1 << 18), (3, 97), (200, 1 << 18)])
def test_the_written_audit_is_that_of_the_corpus_at_once(curated, tmp_path, size, split_rows,
                                                         monkeypatch):
    monkeypatch.setattr(streamed, "SPLIT_ROWS", split_rows)  # 97: tables read in many slices
    docs = catalog.load("documents", curated)["doc_id"].to_list()
    expected = _in_memory(curated, docs, None, tmp_path / "at-once")
    got = _streamed(curated, docs, None, size)
    assert got == expected
    written = pl.read_parquet(curated / "findings.parquet")
    assert written["doc_id"].n_unique() >= UNITS // 2 and written["rule_id"].n_unique() >= 5
    assert not list(curated.parent.glob(f".{curated.name}.check-*"))  # staging removed


def test_documents_in_any_order_with_reviews(curated, tmp_path):
    docs = catalog.load("documents", curated)["doc_id"].to_list()
    _streamed(curated, docs, None, 4)
    reviews = _reviews(curated, tmp_path / "reviews.csv")
    shuffled = docs[5:] + docs[:5][::-1]  # findings stay in doc_id order, the rest follow docs
    expected = _in_memory(curated, shuffled, reviews, tmp_path / "at-once")
    got = _streamed(curated, shuffled, evidence.load_reviews(reviews), 4)
    assert got == expected
    assert pl.read_parquet(curated / "findings.parquet")["reviewed"].sum() == 2


def test_batches_audited_in_worker_processes_write_the_same(curated, tmp_path):
    docs = catalog.load("documents", curated)["doc_id"].to_list()
    expected = _in_memory(curated, docs, None, tmp_path / "at-once")
    streamed.check(curated, docs, None, size=2, jobs=2, audit_markdown=audit_markdown())
    assert {f: (curated / f).read_bytes() for f in WRITTEN} == expected


def test_chosen_documents_keep_the_others_rows(curated):
    docs = catalog.load("documents", curated)["doc_id"].to_list()
    whole = _streamed(curated, docs, None, 4)
    streamed.check(curated, [docs[6], docs[2]], None, merge=True, size=1,
                   audit_markdown=audit_markdown())
    assert {f: (curated / f).read_bytes() for f in WRITTEN} == whole


def test_a_batch_reads_its_texts_only_when_audited(curated, monkeypatch):
    events: list[tuple[str, tuple[str, ...]]] = []
    load_lines = evidence.load_lines

    def counting(documents: pl.DataFrame, root: Path) -> pl.DataFrame:
        events.append(("read", tuple(documents["doc_id"])))
        return load_lines(documents, root)

    monkeypatch.setattr(evidence, "load_lines", counting)
    docs = catalog.load("documents", curated)["doc_id"].to_list()
    streamed.check(curated, docs, None, size=4, audit_markdown=audit_markdown(),
                   on_batch=lambda b, batch: events.append(("audit", tuple(batch))))
    batches = [tuple(docs[i:i + 4]) for i in range(0, len(docs), 4)]
    assert len(batches) == 3
    assert events == [e for b in batches for e in (("audit", b), ("read", b))]


def test_bad_rows_are_refused_before_anything_is_written(curated, capsys):
    totals = pl.read_parquet(curated / "totals.parquet")
    # a null metric in the last batch's rows: the earlier batches were audited already
    bad = totals.with_columns(metric=pl.when(pl.int_range(pl.len()) == totals.height - 1)
                              .then(None).otherwise(pl.col("metric")))
    bad.write_parquet(curated / "totals.parquet")
    assert cli.main(["check", "--curated", str(curated)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "totals.parquet" in err and "metric" in err
    assert not (curated / "findings.parquet").exists()
    assert not list(curated.parent.glob(f".{curated.name}.check-*"))
