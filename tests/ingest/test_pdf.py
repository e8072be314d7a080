"""Reading PDFs: the published Putuo disclosures, and PDFs that cannot be read.

The expected figures were read from the PDF pages themselves (rendered with pdftoppm and
read by eye), not from the extractor: 财政局 p.6 收入支出决算总表 and p.21 情况说明, 社会工作部
p.5 收入支出决算总表, 规划和自然资源局 p.17 “三公”经费支出决算表.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import polars as pl
import pytest

from juesuan.ingest.document import DocumentError, fiscal_year, load, unit_name
from juesuan.ingest.pipeline import ingest_document
from juesuan.ingest.sources import pdf
from tests.conftest import FIXTURES, RAW
from tests.ingest.pdf_builder import pdf_bytes

FINANCE = "上海市普陀区财政局2024年度部门决算.pdf"
PLANNING = "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf"
SOCIAL_WORK = "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"


@pytest.fixture(scope="module")
def finance():
    return ingest_document(RAW / FINANCE, None)


def _totals(result, source_kind: str) -> dict[str, tuple[float, int]]:
    out: dict[str, tuple[float, int]] = {}
    for row in result.rows["totals"]:
        if row["source_kind"] == source_kind:
            out.setdefault(row["metric"], (row["value"], row["src_page"]))
    return out


def test_finance_summary_table_page_6(finance):
    table = _totals(finance, "table")
    assert table["income_gpb_appropriation"] == (2940.05, 6)
    assert table["income_other"] == (6.20, 6)
    assert table["income_current_year"] == (2946.25, 6)
    assert table["expenditure_current_year"] == (2940.05, 6)
    # 总计 is printed at the top of page 7: the table continues across the page break
    assert table["income_total"] == (2995.39, 7)
    assert table["income_carryover_begin"] == (49.14, 7)
    assert table["carryover_end"] == (55.34, 7)


def test_finance_narrative_page_21_national_wordings(finance):
    narrative = [r for r in finance.rows["totals"] if r["source_kind"] == "narrative"]
    got = {(r["metric"], r["value"], r["src_page"]) for r in narrative}
    assert ("income_total", 2995.39, 21) in got  # '收入支出总计2995.39万元'
    assert ("expenditure_total_yoy_change", -56.95, 21) in got  # '减少56.95万元，下降1.87%'
    assert ("fiscal_income_total", 0.3, 21) in got  # '财政拨款收入支出总计0.3万元' (as printed)
    assert ("gpb_expenditure_budget_initial", 2993.92, 21) in got  # '年初预算为2993.92万元'
    completion = next(r for r in narrative if r["metric"] == "gpb_expenditure_actual"
                      and r.get("percent_stated") == 98.20)
    assert completion["value"] == 2940.05 and completion["src_page"] == 21
    # '政府采购金额（以合同签订为准）为251.25万元' on page 24
    assert ("procurement_total", 251.25, 24) in got


def test_finance_functional_lines_join_split_codes(finance):
    lines = pl.DataFrame(finance.rows["budget_lines"])
    table = lines.filter(pl.col("statement") == "table_expenditure")
    by_code = {r["func_code"]: r for r in table.iter_rows(named=True) if r["func_code"]}
    # p.10 支出决算表: 201 06 01 行政运行 1,511.89 = 1,503.52 basic + 8.37 project
    assert (by_code["2010601"]["actual"], by_code["2010601"]["basic"],
            by_code["2010601"]["project"]) == (1511.89, 1503.52, 8.37)
    assert by_code["2010601"]["item_name"] == "行政运行"
    assert by_code["2210201"]["actual"] == 187.19  # 住房公积金
    total = table.filter(pl.col("level") == "total").row(0, named=True)
    assert (total["actual"], total["basic"], total["project"]) == (2940.05, 2336.91, 603.14)
    assert set(table["src_page"].drop_nulls()) == {10, 11}


def test_three_public_columns_and_statements_of_none():
    result = ingest_document(RAW / PLANNING, None)
    table = {r["item"]: r for r in result.rows["three_public"] if r["source_kind"] == "table"}
    assert (table["total"]["budget"], table["total"]["actual"]) == (2.85, 0.39)
    assert (table["official_reception"]["budget"], table["official_reception"]["actual"]) == (
        2.85, 0.39)
    assert table["overseas_travel"]["actual"] == 0.0 and table["vehicle"]["budget"] == 0.0
    assert {r["src_page"] for r in table.values()} == {17}


def test_social_work_summary_table_page_5_and_wrapped_title():
    result = ingest_document(RAW / SOCIAL_WORK, None)
    table = _totals(result, "table")
    assert table["income_gpb_appropriation"] == (307.82, 5)
    assert table["income_total"] == (307.82, 5)
    document = result.rows["documents"][0]
    # the cover wraps the title over three lines: '中共上海市普陀区委 / 社会工作部2024年度 / 部门决算'
    assert document["unit_name"] == "中共上海市普陀区委社会工作部"
    assert document["fiscal_year"] == 2024
    assert document["source_format"] == "pdf" and document["page_count"] == 24
    assert document["coverage"] == "full"


def test_title_wrapped_over_two_lines():
    lines = load(RAW / PLANNING).lines
    assert unit_name(lines)[0] == "上海市普陀区规划和自然资源局"  # not '资源局'
    assert fiscal_year(lines)[0] == 2024


def test_every_row_of_a_pdf_records_its_page(finance):
    for table, rows in finance.rows.items():
        if table == "documents":
            continue
        for row in rows:
            assert row["src_page"] is not None, (table, row)
    rendering = finance.extracted.split("\n")
    for row in finance.rows["three_public"]:
        for col in ("budget", "actual"):
            if row.get(col) is not None:
                line = rendering[row[f"{col}_src_line"] - 1]
                assert f"{row[col]:.2f}" in line or "无" in line or f"{row[col]:g}" in line


def test_the_edited_copy_is_read_for_what_it_holds():
    """The peer's edited copy drops the 支出决算表 its 目录 lists (p.2, 三、支出决算表; the body
    goes from 收入决算表 on p.8 to 财政拨款收入支出决算总表 on p.10) and heads its tables
    '上海市普陀区XX局' (p.7): read as printed, for the audit to report."""
    edited = ingest_document(FIXTURES / "pdf" / "24年普陀区财政局（测试问题版本）.pdf", None)
    assert edited.ok
    assert edited.rows["documents"][0]["unit_name"] == "上海市普陀区财政局"
    statements = {r["statement"] for r in edited.rows["budget_lines"]}
    assert "table_expenditure" not in statements and "table_gpb_expenditure" in statements
    headings = [p for p in edited.rows["parts"] if "XX局" in p["title"]]
    assert [(p["src_page"]) for p in headings] == [7]


# --- PDFs that cannot be read ---------------------------------------------------------------

def _pdf(content: bytes, font: bytes | None = None) -> bytes:
    """A one-page PDF with the given content stream (and font resource), offsets computed."""
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        + (b" /Resources << /Font << /F1 5 0 R >> >>" if font else b"") + b" >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    if font:
        objects += [font, (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap "
                           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                           b"/Supplement 0 >> /W [0 [1000]] >>")]
    return pdf_bytes(objects)


def test_pdf_without_a_text_layer_is_refused_with_its_page(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_pdf(b"0 0 0 rg 72 72 400 600 re f"))  # a filled box, no text at all
    with pytest.raises(DocumentError, match=r"scan\.pdf: page 1: no text layer .*OCR"):
        load(scan)


def test_pdf_whose_text_is_unmapped_glyphs_is_refused(tmp_path):
    glyphs = tmp_path / "glyphs.pdf"
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>")
    glyphs.write_bytes(_pdf(b"BT /F1 12 Tf 72 720 Td <00120013> Tj ET", font))
    with pytest.raises(DocumentError, match=r"glyphs\.pdf: page 1: the text is unmapped glyphs"):
        load(glyphs)


def test_damaged_pdf_is_refused_naming_the_file(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((RAW / SOCIAL_WORK).read_bytes()[:5000])
    with pytest.raises(DocumentError, match=r"broken\.pdf: "):
        load(broken)


def test_is_pdf_reads_the_header():
    assert pdf.is_pdf(b"%PDF-1.4\n...") and not pdf.is_pdf("收入支出决算总表".encode())
    assert Path(RAW / FINANCE).read_bytes().startswith(b"%PDF")
