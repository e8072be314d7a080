"""Read a disclosure PDF into numbered lines, one table row per line, each with its page.

A PDF has no lines of its own: its text is characters at coordinates. The rendering here
turns each page into the same kind of text the parsers read from a disclosure text:
ruled tables (found by pdfplumber from the ruling lines) become tab-separated rows, a cell
broken over several lines joined into one, a table continued on the next page simply goes on;
the text around them becomes lines in reading order. The rendering is written beside the
curated tables (`extracted/<doc_id>.txt`) so that every `src_line` of a PDF's rows can be
opened and read, and `pages[i]` gives the PDF page (1-based) of line i + 1.

Characters of one printed line do not share a baseline when fonts are mixed (Arial digits or
Times quotation marks inside FangSong text sit 5–10 pt lower), so lines are formed by vertical
overlap, not by equal `top`. A PDF without a text layer (a scan) or whose text is unmapped
glyphs ("(cid:12)") cannot be read without OCR and is refused with its file and page.

The characters and ruling lines are read with PDFium (`pdf_objects`: ~7× faster than pdfminer's
pure-Python interpreter) as pdfminer would place them, and the tables are found by pdfplumber's
own table finder on those lines, so the rendering is the one pdfplumber gave, byte for byte.
A rotated page, or one whose MediaBox is not at (0, 0), is read by pdfplumber, as before.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.text import join_text

if TYPE_CHECKING:
    from juesuan.ingest.sources.pdf_objects import Char

PDF_MAGIC = b"%PDF-"

# Characters of a line overlap vertically by at least this share of the smaller height.
_SAME_LINE_OVERLAP = 0.5
# A gap wider than this share of the font size is printed as a space.
_SPACE_GAP = 0.45
# A gap wider than this many font sizes separates columns of an unruled table: two spaces,
# the separator of a space-aligned table (see ingest/layouts).
_COLUMN_GAP = 2.0
_CID = re.compile(r"\(cid:\d+\)")


class PdfError(ValueError):
    """A PDF that cannot be read (the message names the file and, where known, the page)."""


@dataclass
class Rendering:
    """The lines of a PDF as text, and the page each line is printed on."""

    lines: list[str]
    pages: list[int]
    page_count: int

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def is_pdf(data: bytes) -> bool:
    """Whether bytes are a PDF (its header may follow a few bytes of junk, as readers allow)."""
    return PDF_MAGIC in data[:1024]


def render(path: Path, reader: str = "pdfium") -> Rendering:
    """The lines of every page of `path`; raises PdfError naming the file (and page).

    `reader="pdfplumber"` reads every page with pdfplumber alone (pdfminer's characters and
    ruling lines): the reference the PDFium reading reproduces, for tests and benchmarks."""
    import pypdfium2 as pdfium  # (imported here: text-only runs never pay for it)

    from juesuan.ingest.sources import pdf_objects as objects

    if reader not in ("pdfium", "pdfplumber"):
        raise ValueError(f"reader must be 'pdfium' or 'pdfplumber', not {reader!r}")
    lines: list[str] = []
    pages: list[int] = []
    fallback = _Pdfplumber(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as err:
        raise PdfError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from None
    try:
        count = len(pdf)
        for number in range(1, count + 1):
            try:
                page_lines = _page_lines(*_read_page(objects, pdf, number, fallback,
                                                     reader == "pdfplumber"))
            except objects.UnmappedGlyphs as err:
                raise PdfError(
                    f"{path}: page {number}: the text is unmapped glyphs ({err}…): the PDF's "
                    "fonts carry no Unicode map; it cannot be read without OCR") from None
            lines += page_lines
            pages += [number] * len(page_lines)
    except PdfError:
        raise
    except Exception as err:  # noqa: BLE001 - a damaged file fails in many ways
        raise PdfError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from None
    finally:
        fallback.close()
        pdf.close()
    if count == 0:
        raise PdfError(f"{path}: the PDF has no pages")
    if not lines:
        raise PdfError(f"{path}: page 1: no text layer on any of its {count} page(s) (a scan?); "
                       "it cannot be read without OCR")
    return Rendering(lines, pages, count)


def _read_page(objects, pdf, number: int, fallback: _Pdfplumber,
               pdfplumber_only: bool) -> tuple[list[Char], list]:
    """A page's characters and tables: read with PDFium, or with pdfplumber for a page whose
    coordinates PDFium and pdfminer place differently (rotated, or a MediaBox not at 0,0)."""
    page = pdf[number - 1]
    try:
        if (pdfplumber_only or page.get_rotation()
                or tuple(page.get_mediabox()[:2]) != (0, 0)):
            return fallback.page(number)
        return objects.page_chars(page), objects.find_tables(objects.page_edges(page))
    finally:
        page.close()


class _Pdfplumber:
    """pdfplumber on the same file, opened only if a page needs it."""

    def __init__(self, path: Path) -> None:
        self.path, self.pdf = path, None

    def page(self, number: int) -> tuple[list[Char], list]:
        import pdfplumber

        from juesuan.ingest.sources.pdf_objects import Char, UnmappedGlyphs

        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not ours
        if self.pdf is None:
            self.pdf = pdfplumber.open(self.path)
        page = self.pdf.pages[number - 1].dedupe_chars()
        chars = []
        for c in page.chars:
            if _CID.search(c["text"]):
                raise UnmappedGlyphs(c["text"])
            if c["text"].strip():
                chars.append(Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"]))
        return chars, page.find_tables()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _page_lines(chars: list[Char], tables: list) -> list[str]:
    """One page as lines: table rows (tab-separated) and text lines, top to bottom.

    A character belongs to every cell its centre lies in (borders included); the characters
    of a table are sorted by their centre's y once, so each row and cell looks only at its
    own instead of at every character of the page."""
    items: list[tuple[float, float, str]] = []  # (top, x0, text)
    boxes = [t.bbox for t in tables]
    centres = [((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in chars]
    outside = [c for c, xy in zip(chars, centres, strict=True) if not _in_any(xy, boxes)]
    for table, box in zip(tables, boxes, strict=True):
        mine = sorted((xy[1], xy[0], i) for i, xy in enumerate(centres) if _in_box(xy, box))
        ys = [y for y, _, _ in mine]
        for row in table.rows:
            top, bottom = row.bbox[1], row.bbox[3]
            band = mine[bisect_left(ys, top):bisect_right(ys, bottom)]
            cells = [_cell_text([chars[i] for y, x, i in band if _in_box((x, y), cell)])
                     if cell else "" for cell in row.cells]
            if any(cells):
                items.append((row.bbox[1], row.bbox[0], "\t".join(cells)))
    for line in _lines(outside):
        items.append((line[0].top, line[0].x0, _line_text(line)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [text for _, _, text in items]


def _in_box(xy: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= xy[0] <= box[2] and box[1] <= xy[1] <= box[3]


def _in_any(xy: tuple[float, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(_in_box(xy, box) for box in boxes)


def _cell_text(chars: list[Char]) -> str:
    """The text of one cell: its lines joined (a name broken over two lines is one name)."""
    return join_text([_line_text(line) for line in _lines(chars)])


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines by vertical overlap, each sorted left to right.

    A line's band is that of its tallest character, so a quotation mark or digit set on a
    lower baseline joins the line of the text around it rather than starting a new one.
    """
    groups: list[list] = []  # [top, bottom, chars]
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        height = char.bottom - char.top
        for group in reversed(groups[-4:]):
            overlap = min(group[1], char.bottom) - max(group[0], char.top)
            if overlap >= _SAME_LINE_OVERLAP * min(height, group[1] - group[0]):
                group[2].append(char)
                if height > group[1] - group[0]:
                    group[0], group[1] = char.top, char.bottom
                break
        else:
            groups.append([char.top, char.bottom, [char]])
    return [sorted(g[2], key=lambda c: c.x0) for g in sorted(groups, key=lambda g: g[0])]


def _line_text(chars: list[Char]) -> str:
    """A printed line as text: a space for a visible gap, two for a column gap."""
    out: list[str] = []
    previous = None
    for char in chars:
        if previous is not None:
            gap = char.x0 - previous.x1
            size = max(previous.size, char.size, 1.0)
            if gap > _COLUMN_GAP * size:
                out.append("  ")
            elif gap > _SPACE_GAP * size:
                out.append(" ")
        out.append(char.text)
        previous = char
    return "".join(out).strip()
