"""How a PDF is read: PDFium's characters and ruling lines must give the rendering pdfplumber
(pdfminer) gave, so that the committed renderings and every src_line/src_page stay true.

- the three Putuo PDFs render to their committed renderings (data/curated/extracted/);
- the two fixture PDFs render to tests/fixtures/pdf/expected/ ("page<TAB>line" per line):
  the pdfplumber rendering, checked against the page images (pdftoppm) on 附件2 pp. 1, 5, 9
  and the edited copy pp. 7, 18, and equal byte for byte to what PDFium reads;
- small PDFs written here exercise what the five do not: each kind of ruling (stroked lines,
  rectangles, thin filled rectangles, a closed path, a table inside a form XObject with its
  own matrix) read alike by PDFium and pdfplumber, and a rotated page (read by pdfplumber).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from juesuan.ingest.sources import pdf
from tests.conftest import CURATED, FIXTURES, RAW
from tests.ingest.pdf_builder import pdf_bytes

COMMITTED = {
    "上海市普陀区财政局2024年度部门决算.pdf": "putuo-finance-2024.txt",
    "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf": "putuo-planning-resources-2024.txt",
    "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf": "putuo-social-work-2024.txt",
}
FIXTURE_PDFS = ["24年普陀区财政局（测试问题版本）.pdf", "附件2：部门决算模板.pdf"]


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_data_pdfs_render_to_their_committed_renderings(name):
    rendering = pdf.render(RAW / name)
    assert rendering.text == (CURATED / "extracted" / COMMITTED[name]).read_text(encoding="utf-8")
    assert len(rendering.pages) == len(rendering.lines)
    assert rendering.pages == sorted(rendering.pages) and rendering.pages[-1] <= rendering.page_count


@pytest.mark.parametrize("name", FIXTURE_PDFS)
def test_fixture_pdfs_render_to_their_expected_lines_and_pages(name):
    rendering = pdf.render(FIXTURES / "pdf" / name)
    expected = (FIXTURES / "pdf" / "expected" / Path(name).with_suffix(".txt").name).read_text(
        encoding="utf-8")
    got = "".join(f"{page}\t{line}\n" for page, line in zip(rendering.pages, rendering.lines,
                                                             strict=True))
    assert got == expected


def test_pdfium_reads_a_whole_disclosure_as_pdfplumber_does():
    """The 24 pages of 社会工作部 (ruled tables of stroked lines, mixed fonts), read both ways."""
    path = RAW / "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"
    fast, reference = pdf.render(path), pdf.render(path, reader="pdfplumber")
    assert (fast.lines, fast.pages, fast.page_count) == (
        reference.lines, reference.pages, reference.page_count)


@pytest.mark.parametrize(("name", "page"), [
    ("24年普陀区财政局（测试问题版本）.pdf", 7),  # 'XX' in a non-embedded SimHei
    ("24年普陀区财政局（测试问题版本）.pdf", 18),  # a '3' in it; FangSong and Times text
    ("附件2：部门决算模板.pdf", 2),  # KaiTi 款 and 金, whose ink is wider than their advance
])
def test_characters_and_ruling_lines_are_where_pdfminer_puts_them(name, page):
    """Every character's box and every edge within 0.001 pt of pdfplumber's, one for one."""
    import pdfplumber
    import pypdfium2 as pdfium

    from juesuan.ingest.sources import pdf_objects

    path = FIXTURES / "pdf" / name
    with pdfplumber.open(path) as plumber:
        reference = plumber.pages[page - 1].dedupe_chars()
        ref_chars = [c for c in reference.chars if c["text"].strip()]
        ref_edges = reference.edges
    document = pdfium.PdfDocument(path)
    try:
        chars = pdf_objects.page_chars(document[page - 1])
        edges = pdf_objects.page_edges(document[page - 1])
    finally:
        document.close()

    def key(text, x0, top):
        return text, round(top), round(x0)

    ref_chars.sort(key=lambda c: key(c["text"], c["x0"], c["top"]))
    chars.sort(key=lambda c: key(c.text, c.x0, c.top))
    assert [c["text"] for c in ref_chars] == [c.text for c in chars]
    for ref, got in zip(ref_chars, chars, strict=True):
        for attr in ("x0", "x1", "top", "bottom", "size"):
            assert getattr(got, attr) == pytest.approx(ref[attr], abs=1e-3), (ref["text"], attr)
    attrs = ("orientation", "x0", "top", "x1", "bottom")
    assert sorted(tuple(round(e[a], 2) if a != "orientation" else e[a] or "" for a in attrs)
                  for e in edges) == sorted(
        tuple(round(e[a], 2) if a != "orientation" else e[a] or "" for a in attrs)
        for e in ref_edges)


def test_an_unknown_reader_is_refused():
    with pytest.raises(ValueError, match="reader"):
        pdf.render(RAW / "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf", reader="ocr")


# --- small PDFs --------------------------------------------------------------------------------

def _write(path: Path, content: bytes, rotate: int = 0, form: bytes | None = None,
           form_matrix: str = "1 0 0 1 0 0") -> Path:
    """A one-page A4 PDF: `content` with Helvetica as /F1 and, if given, `form` as XObject /X1
    (with its /Matrix); offsets computed."""
    stream = zlib.compress(content)
    resources = b"/Font << /F1 5 0 R >>" + (b" /XObject << /X1 6 0 R >>" if form else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Rotate %d "
        b"/Resources << %s >> >>" % (rotate, resources),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if form:
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [%s] "
                       b"/Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n"
                       % (form_matrix.encode(), len(form)) + form + b"\nendstream")
    path.write_bytes(pdf_bytes(objects))
    return path


def _cells(x0: float, top: float, widths: list[float], rows: list[list[str]]) -> bytes:
    """Text of a table whose cells are 20 pt high, each cell's text 4 pt inside it."""
    out = []
    for r, row in enumerate(rows):
        x = x0
        for width, text in zip(widths, row, strict=True):
            if text:
                out.append(b"BT /F1 10 Tf %.2f %.2f Td (%s) Tj ET"
                           % (x + 4, top - 20 * (r + 1) + 6, text.encode()))
            x += width
    return b"\n".join(out)


def _grid(x0: float, top: float, widths: list[float], n_rows: int, how: str) -> bytes:
    """Ruling of a table: every cell's border drawn as `how` says."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top - 20 * r for r in range(n_rows + 1)]
    if how == "lines":  # one stroked segment per ruling line
        out = [b"%.2f %.2f m %.2f %.2f l S" % (x, ys[-1], x, ys[0]) for x in xs]
        out += [b"%.2f %.2f m %.2f %.2f l S" % (xs[0], y, xs[-1], y) for y in ys]
    elif how == "rects":  # each cell a stroked rectangle
        out = [b"%.2f %.2f %.2f %.2f re S" % (xs[i], ys[r + 1], xs[i + 1] - xs[i], 20)
               for r in range(n_rows) for i in range(len(widths))]
    elif how == "filled":  # each ruling line a thin filled rectangle (as Word prints them)
        out = [b"%.2f %.2f 0.5 %.2f re f" % (x, ys[-1], ys[0] - ys[-1]) for x in xs]
        out += [b"%.2f %.2f %.2f 0.5 re f" % (xs[0], y, xs[-1] - xs[0]) for y in ys]
    else:  # "closed": the outline one closed path (m l l l h), the inner lines stroked
        out = [b"%.2f %.2f m %.2f %.2f l %.2f %.2f l %.2f %.2f l h S"
               % (xs[0], ys[0], xs[-1], ys[0], xs[-1], ys[-1], xs[0], ys[-1])]
        out += [b"%.2f %.2f m %.2f %.2f l S" % (x, ys[-1], x, ys[0]) for x in xs[1:-1]]
        out += [b"%.2f %.2f m %.2f %.2f l S" % (xs[0], y, xs[-1], y) for y in ys[1:-1]]
    return b"\n".join(out)


ROWS = [["Item", "Budget", "Actual"], ["Travel", "2.85", "0.39"], ["Vehicles", "", "0.00"]]
WIDTHS = [120.0, 80.0, 80.0]
EXPECTED = ["Item\tBudget\tActual", "Travel\t2.85\t0.39", "Vehicles\t\t0.00"]


@pytest.mark.parametrize("how", ["lines", "rects", "filled", "closed"])
def test_each_kind_of_ruling_makes_the_same_table_as_pdfplumber(tmp_path, how):
    content = b"\n".join([b"BT /F1 14 Tf 72 780 Td (ThreePublicExpenses) Tj ET",
                          _grid(72, 740, WIDTHS, 3, how), _cells(72, 740, WIDTHS, ROWS),
                          b"BT /F1 10 Tf 72 640 Td (Unit:10,000yuan) Tj ET"])
    path = _write(tmp_path / f"{how}.pdf", content)
    fast, reference = pdf.render(path), pdf.render(path, reader="pdfplumber")
    assert fast.lines == reference.lines
    assert fast.lines == ["ThreePublicExpenses", *EXPECTED, "Unit:10,000yuan"]


def test_a_table_inside_a_form_xobject_is_placed_by_the_form_matrix(tmp_path):
    """The form is drawn at half size, moved: its ruling and text land where pdfminer puts them."""
    form = _grid(72, 740, WIDTHS, 3, "lines") + b"\n" + _cells(72, 740, WIDTHS, ROWS)
    content = b"q 1 0 0 1 30 -100 cm /X1 Do Q\nBT /F1 12 Tf 72 800 Td (Title) Tj ET"
    path = _write(tmp_path / "form.pdf", content, form=form, form_matrix="0.5 0 0 0.5 10 300")
    fast, reference = pdf.render(path), pdf.render(path, reader="pdfplumber")
    assert fast.lines == reference.lines == ["Title", *EXPECTED]


def test_a_rotated_page_is_read_in_its_displayed_orientation(tmp_path):
    """A landscape table on a portrait page with /Rotate 90 is drawn turned a quarter counter-
    clockwise (cm 0 1 -1 0 595 0), upright once the page is turned. pdfminer reads the page
    turned; PDFium's boxes are unturned (its reading would be the table's columns, spelt
    backwards), so such a page is read by pdfplumber and reads as the upright copy does."""
    table = _grid(72, 500, WIDTHS, 3, "lines") + b"\n" + _cells(72, 500, WIDTHS, ROWS)
    rotated = pdf.render(_write(tmp_path / "rotated.pdf", b"q 0 1 -1 0 595 0 cm\n" + table
                                + b"\nQ", rotate=90))
    upright = pdf.render(_write(tmp_path / "upright.pdf", table))
    assert rotated.lines == upright.lines == EXPECTED
    assert rotated.pages == [1, 1, 1]
