"""The committed dataset: reproducible from data/raw, and every value traceable to its line."""

from pathlib import Path

import polars as pl
import pytest

from juesuan import catalog, metadata
from juesuan.cli import main
from juesuan.text import number_tokens, read_lines
from tests.conftest import CURATED, DOCS, RAW


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("curated")
    assert main(["ingest", "--out", str(out)]) == 0
    assert main(["check", "--curated", str(out)]) == 0
    return out


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and p.name != ".gitkeep")


def test_regenerating_reproduces_the_committed_dataset_byte_for_byte(rebuilt):
    assert _files(rebuilt) == _files(CURATED)
    for name in _files(CURATED):
        assert (rebuilt / name).read_bytes() == (CURATED / name).read_bytes(), name


def test_one_document_alone_gives_the_same_rows(tmp_path):
    doc_id = "xianyang-hrss-2023"
    assert main(["ingest", str(RAW / DOCS[doc_id]), "--out", str(tmp_path)]) == 0
    for name in metadata.INGESTED_NAMES:
        alone = catalog.load(name, tmp_path)
        committed = catalog.load(name).filter(pl.col("doc_id") == doc_id)
        assert alone.equals(committed), name


def _numeric_values():
    """(table, column, doc_id, value, line) for every numeric value in every table."""
    tables = {name: catalog.load(name) for name in metadata.INGESTED_NAMES}
    docs = tables["documents"]
    files = dict(zip(docs["doc_id"], docs["source_file"], strict=True))
    for name, df in tables.items():
        spec = metadata.TABLES[name]
        for col in spec.columns:
            if col.dtype != "number":
                continue
            line_col = f"{col.name}_src_line" if f"{col.name}_src_line" in df.columns else "src_line"
            lines = df[line_col].fill_null(df["src_line"])
            for doc_id, value, line in zip(df["doc_id"], df[col.name], lines, strict=True):
                if value is not None:
                    yield name, col.name, files[doc_id], value, line


def test_every_number_is_printed_on_its_line():
    texts = {f: read_lines(RAW / f)[0] for f in DOCS.values()}
    checked, missing = 0, []
    for table, column, source, value, line in _numeric_values():
        text = texts[source][line - 1].text
        printed = set(number_tokens(text)) | set(number_tokens(text.replace(" ", "")))
        if "零" in text:
            printed.add(0.0)
        checked += 1
        if abs(value) not in printed:  # a decrease (减少 x) is stored as -x
            missing.append(f"{table}.{column}={value} not on {source}:{line}: {text[:80]}")
    assert checked > 1000
    assert not missing, "\n".join(missing[:20])


def test_every_document_has_rows_in_the_core_tables():
    tables = catalog.load_all()
    for doc_id in DOCS:
        for name in ("totals", "budget_lines", "perf_evaluations", "perf_indicators"):
            assert tables[name].filter(pl.col("doc_id") == doc_id).height, (doc_id, name)


def test_every_finding_points_at_the_stated_value():
    findings = catalog.load("findings")
    files = dict(catalog.load("documents").select("doc_id", "source_file").iter_rows())
    texts = {f: read_lines(RAW / f)[0] for f in DOCS.values()}
    assert findings.height
    for row in findings.iter_rows(named=True):
        assert str(row["src_line"]) in row["src_lines"].split(","), row
        # PERF-WEIGHTS states the total the printed weights add up to: no single figure.
        if row["stated"] is not None and row["rule_id"] != "PERF-WEIGHTS":
            text = texts[files[row["doc_id"]]][row["src_line"] - 1].text
            printed = set(number_tokens(text)) | set(number_tokens(text.replace(" ", "")))
            assert abs(row["stated"]) in printed or ("零" in text and row["stated"] == 0), row
