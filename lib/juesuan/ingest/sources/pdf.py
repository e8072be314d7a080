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
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from juesuan.text import join_text

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


def render(path: Path) -> Rendering:
    """The lines of every page of `path`; raises PdfError naming the file (and page)."""
    import pdfplumber  # (imported here: text-only runs never pay for it)
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not ours
    lines: list[str] = []
    pages: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
            blank: list[int] = []
            for number, page in enumerate(pdf.pages, start=1):
                page_lines = _page_lines(page.dedupe_chars())
                if not page_lines:
                    blank.append(number)
                for text in page_lines:
                    if _CID.search(text):
                        raise PdfError(
                            f"{path}: page {number}: the text is unmapped glyphs ({text[:30]!r}"
                            "…): the PDF's fonts carry no Unicode map; it cannot be read without "
                            "OCR")
                    lines.append(text)
                    pages.append(number)
    except PdfError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as err:
        raise PdfError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from None
    except Exception as err:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        raise PdfError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from None
    if count == 0:
        raise PdfError(f"{path}: the PDF has no pages")
    if not lines:
        raise PdfError(f"{path}: page 1: no text layer on any of its {count} page(s) (a scan?); "
                       "it cannot be read without OCR")
    return Rendering(lines, pages, count)


def _page_lines(page) -> list[str]:
    """One page as lines: table rows (tab-separated) and text lines, top to bottom."""
    items: list[tuple[float, float, str]] = []  # (top, x0, text)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    chars = [c for c in page.chars if c["text"].strip()]
    inside = [c for c in chars if _in_any(c, boxes)]
    outside = [c for c in chars if not _in_any(c, boxes)]
    for table in tables:
        for row in table.rows:
            cells = [_cell_text(inside, box) if box else "" for box in row.cells]
            if any(cells):
                items.append((row.bbox[1], row.bbox[0], "\t".join(cells)))
    for line in _lines(outside):
        items.append((line[0]["top"], line[0]["x0"], _line_text(line)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [text for _, _, text in items]


def _center(char: dict) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _in_box(char: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = _center(char)
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _in_any(char: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(_in_box(char, box) for box in boxes)


def _cell_text(chars: list[dict], box: tuple[float, float, float, float]) -> str:
    """The text of one cell: its lines joined (a name broken over two lines is one name)."""
    mine = [c for c in chars if _in_box(c, box)]
    return join_text([_line_text(line) for line in _lines(mine)])


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into printed lines by vertical overlap, each sorted left to right.

    A line's band is that of its tallest character, so a quotation mark or digit set on a
    lower baseline joins the line of the text around it rather than starting a new one.
    """
    groups: list[list] = []  # [top, bottom, chars]
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = char["bottom"] - char["top"]
        for group in reversed(groups[-4:]):
            overlap = min(group[1], char["bottom"]) - max(group[0], char["top"])
            if overlap >= _SAME_LINE_OVERLAP * min(height, group[1] - group[0]):
                group[2].append(char)
                if height > group[1] - group[0]:
                    group[0], group[1] = char["top"], char["bottom"]
                break
        else:
            groups.append([char["top"], char["bottom"], [char]])
    return [sorted(g[2], key=lambda c: c["x0"]) for g in sorted(groups, key=lambda g: g[0])]


def _line_text(chars: list[dict]) -> str:
    """A printed line as text: a space for a visible gap, two for a column gap."""
    out: list[str] = []
    previous = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(previous["size"], char["size"], 1.0)
            if gap > _COLUMN_GAP * size:
                out.append("  ")
            elif gap > _SPACE_GAP * size:
                out.append(" ")
        out.append(char["text"])
        previous = char
    return "".join(out).strip()
