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


def _source_texts() -> dict[str, list]:
    """The lines every doc_id's src_line refers to: the text in data/raw, or for a PDF its
    rendering in data/curated/extracted/ (which the ingest must reproduce byte for byte)."""
    return {row["doc_id"]: read_lines(catalog.source_path(row))[0]
            for row in catalog.load("documents").iter_rows(named=True)}


def _numeric_values():
    """(table, column, doc_id, value, line) for every numeric value in every table."""
    tables = {name: catalog.load(name) for name in metadata.INGESTED_NAMES}
    files = {d: d for d in tables["documents"]["doc_id"]}
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
    texts = _source_texts()
    assert len(texts) == 7 and set(DOCS) < set(texts)
    checked, missing = 0, []
    for table, column, source, value, line in _numeric_values():
        text = texts[source][line - 1].text
        printed = set(number_tokens(text)) | set(number_tokens(text.replace(" ", "")))
        if "零" in text or "无" in text:  # a stated 无 (无政府采购事项) is 0 on its line
            printed.add(0.0)
        checked += 1
        if abs(value) not in printed:  # a decrease (减少 x) is stored as -x
            missing.append(f"{table}.{column}={value} not on {source}:{line}: {text[:80]}")
    assert checked > 1000
    assert not missing, "\n".join(missing[:20])


def test_every_pdf_row_records_the_page_of_its_line():
    """src_page is the page the rendering's line came from: the rendering of each PDF is
    made again here and its page map compared with every row's (src_line, src_page)."""
    from juesuan.ingest.sources import read

    docs = catalog.load("documents").filter(pl.col("source_format") == "pdf")
    assert docs.height == 3
    for row in docs.iter_rows(named=True):
        source = read(RAW / row["source_file"])
        assert source.rendering == (CURATED / row["extracted_file"]).read_text(encoding="utf-8")
        assert row["page_count"] == source.page_count
        for name in metadata.INGESTED_NAMES:
            df = catalog.load(name).filter(pl.col("doc_id") == row["doc_id"])
            if "src_page" not in df.columns or not df.height:
                continue
            for line, page in df.select("src_line", "src_page").iter_rows():
                assert page == source.page_of(line), (name, line, page)


def test_every_document_has_rows_in_the_core_tables():
    tables = catalog.load_all()
    for doc_id in DOCS:
        for name in ("totals", "budget_lines", "perf_evaluations", "perf_indicators"):
            assert tables[name].filter(pl.col("doc_id") == doc_id).height, (doc_id, name)


def test_every_finding_points_at_the_stated_value():
    findings = catalog.load("findings")
    files = {d: d for d in catalog.load("documents")["doc_id"]}
    texts = _source_texts()
    assert findings.height
    for row in findings.iter_rows(named=True):
        assert str(row["src_line"]) in row["src_lines"].split(","), row
        # PERF-WEIGHTS states the total the printed weights add up to: no single figure.
        if row["stated"] is not None and row["rule_id"] != "PERF-WEIGHTS":
            text = texts[files[row["doc_id"]]][row["src_line"] - 1].text
            printed = set(number_tokens(text)) | set(number_tokens(text.replace(" ", "")))
            assert abs(row["stated"]) in printed or ("零" in text and row["stated"] == 0), row
