"""The characters and ruling lines of a PDF page, read with PDFium (pypdfium2).

pdfplumber reads a page by interpreting its content stream in pure Python (pdfminer), which
was ~80 % of a PDF's ingest time; PDFium reads the same objects in C++ ~10× faster. What is
read here is what pdfplumber would give for the same page, so that pdfplumber's own table
finder (`find_tables`) and the line grouping of `sources.pdf` see the same input:

- a character has pdfminer's box: x0 at its origin, x1 = x0 + its advance (from the PDF's
  widths), and vertically the font size from the font's descent below the baseline (which
  is why Arial digits in FangSong text sit "lower": their fonts' descents differ), in
  top-down coordinates (`top` = page height − upper y);
- the ruling lines are pdfplumber's edges (`page.edges`): each painted subpath classified as
  pdfminer does (a line, an axis-aligned rectangle, or a curve) and cut into edges as
  pdfplumber does;
- duplicated characters (text printed twice for bold) are removed as `dedupe_chars` does.

On the five PDFs of the corpus and tests every character is within 0.00025 pt of pdfminer's
box and every edge within 0.0001 pt (PDFium computes in single precision). Not reproduced:
vertical writing (pdfminer's vertical-font box), text rise (Ts), and the box of a glyph turned
within an upright page, which is approximated. Only upright pages (/Rotate 0, MediaBox at 0, 0)
are read here; `sources.pdf` reads any other page with pdfplumber, which applies the rotation.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as R

# pdfplumber's defaults for find_tables() (pdfplumber.table.TableSettings)
_SNAP, _JOIN, _INTERSECT = 3, 3, 3
_EDGE_MIN_LENGTH, _EDGE_MIN_PREFILTER = 3, 1
_DEDUPE_TOLERANCE = 1


class UnmappedGlyphs(ValueError):
    """Characters whose font carries no Unicode map (pdfminer's "(cid:NN)")."""


@dataclass(slots=True)
class Char:
    """One printed character, in pdfplumber's top-down page coordinates."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str = ""


# FPDFText_GetTextObject and FPDFTextObj_GetFont returning addresses (ints: cache keys).
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, R.FPDF_TEXTPAGE, ctypes.c_int)(
    ctypes.cast(R.FPDFText_GetTextObject, ctypes.c_void_p).value)
_font_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(
    ctypes.cast(R.FPDFTextObj_GetFont, ctypes.c_void_p).value)


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    """The page's printed characters (no whitespace), duplicates removed."""
    height = _page_top(page)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, height)
    finally:
        textpage.close()
    return dedupe(chars)


def _chars(raw, height: float) -> list[Char]:
    """Every character of a text page; what a text object's characters share (font, size,
    matrix) is read once per object, a character's advance once per font, size and text."""
    objects: dict[int, tuple] = {}
    fonts: dict[int, tuple] = {}
    box = R.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    unmapped, origin = R.FPDFText_HasUnicodeMapError, R.FPDFText_GetCharOrigin
    chars: list[Char] = []
    for i, text in enumerate(_text(raw)):
        # (PDFium's generated characters, the spaces and line breaks it infers, are whitespace)
        if not text.strip():
            continue
        if unmapped(raw, i) == 1:
            raise UnmappedGlyphs(f"(cid:{ord(text)})")
        address = _text_object_address(raw, i)
        shared = objects.get(address)
        if shared is None:
            shared = objects[address] = _text_object(raw, i, address, fonts)
        a, b, c, d, low, high, name, advances, font, size = shared
        advance = advances.get(text)
        if advance is None:
            advance = advances[text] = _advance(font, text, size)
        if advance <= 0:  # not found by its Unicode: the loose box's width
            R.FPDFText_GetLooseCharBox(raw, i, box)
            advance = (box.right - box.left) / a if a else 0.0
        origin(raw, i, ox, oy)
        x, y = ox.value, oy.value
        if b == 0 and c == 0 and a > 0 and d > 0:  # upright: the common case, made quick
            chars.append(Char(text, x, x + a * advance, height - (y + d * high),
                              height - (y + d * low), (y + d * high) - (y + d * low), name))
            continue
        xs = [x + a * u + c * v for u in (0.0, advance) for v in (low, high)]
        ys = [y + b * u + d * v for u in (0.0, advance) for v in (low, high)]
        chars.append(Char(text, min(xs), max(xs), height - max(ys), height - min(ys),
                          max(ys) - min(ys), name))
    return chars


def _advance(font, text: str, size: float) -> float:
    """A character's advance in text space, from the PDF's widths (/W, /Widths) as pdfminer
    takes it; PDFium's loose box is wider where the glyph's ink or a substituted font's
    glyph is (KaiTi 款 by 0.12 pt at 15 pt, a non-embedded SimHei X by 1.3 pt)."""
    width = ctypes.c_float()
    if not R.FPDFFont_GetGlyphWidth(font, ord(text), ctypes.c_float(size), width):
        return 0.0
    return width.value


def _text(raw) -> list[str]:
    """The character of every index of a text page, read in one call (one by one if the
    text does not come back one UTF-16 unit per character)."""
    count = R.FPDFText_CountChars(raw)
    buf = (ctypes.c_ushort * (count + 1))()
    written = R.FPDFText_GetText(raw, 0, count, buf)
    units = bytes(buf)[:2 * count].decode("utf-16-le", errors="surrogatepass")
    if written == count + 1 and len(units) == count and not any(
            0xD800 <= ord(u) <= 0xDFFF for u in units):
        return list(units)
    return [chr(R.FPDFText_GetUnicode(raw, i)) for i in range(count)]


def _text_object(raw, i: int, address: int, fonts: dict[int, tuple]) -> tuple:
    """What the characters of one text object share: its matrix (a, b, c, d), pdfminer's
    vertical extent of a character in text space (from the font's descent to descent +
    size), the font's name, the advances of its characters at this size, the font and size.

    pdfminer's box of a character (LTChar) starts at its origin, is its advance wide and the
    font size high from the font's descent, through the character's matrix; PDFium gives the
    size as set (Tf), and the matrix without it (and without the character's position)."""
    m = R.FS_MATRIX()
    R.FPDFText_GetMatrix(raw, i, m)
    size = R.FPDFText_GetFontSize(raw, i)
    font = _font_address(address)
    if font not in fonts:
        handle = ctypes.cast(font, R.FPDF_FONT)
        buf = ctypes.create_string_buffer(256)
        n = R.FPDFFont_GetBaseFontName(handle, buf, len(buf))
        descent = ctypes.c_float()
        R.FPDFFont_GetDescent(handle, ctypes.c_float(1000.0), descent)
        fonts[font] = (buf.raw[:max(n - 1, 0)].decode("latin-1"), descent.value / 1000.0,
                       handle, {})
    name, descent_per_size, handle, advances_by_size = fonts[font]
    low = descent_per_size * size
    advances = advances_by_size.setdefault(size, {})
    return (m.a, m.b, m.c, m.d, low, low + size, name, advances, handle, size)


def dedupe(chars: list[Char]) -> list[Char]:
    """pdfplumber's `dedupe_chars`: of characters with the same text, font and size whose
    tops chain within 1 pt and then whose x0s chain within 1 pt, the first (by top, x0) is
    kept; in the characters' order, without its quadratic `chars.index`."""
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(chars):
        groups.setdefault((c.text, c.font, c.size), []).append(i)
    dropped: set[int] = set()
    tops, x0s = [c.top for c in chars], [c.x0 for c in chars]
    for members in groups.values():
        if len(members) == 1:
            continue
        for ys in _chains(members, tops):
            if len(ys) == 1:
                continue
            for xs in _chains(ys, x0s):
                if len(xs) > 1:
                    first = min(xs, key=lambda i: (chars[i].top, chars[i].x0, i))
                    dropped.update(i for i in xs if i != first)
    return [c for i, c in enumerate(chars) if i not in dropped] if dropped else chars


def _chains(members: list[int], values: list[float]) -> list[list[int]]:
    """pdfplumber's `cluster_objects`: the members by value, split where the next value is
    more than the tolerance above the previous one."""
    out: list[list[int]] = []
    last = None
    for i in sorted(members, key=values.__getitem__):
        v = values[i]
        if last is None or v > last + _DEDUPE_TOLERANCE:
            out.append([])
        out[-1].append(i)
        last = v
    return out


def _page_top(page: pdfium.PdfPage) -> float:
    """The y of the page's top edge (pdfplumber's `top` is measured down from it)."""
    return page.get_mediabox()[3]


# --- ruling lines -------------------------------------------------------------------------

_MOVE, _LINE = R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_LINETO


def page_edges(page: pdfium.PdfPage) -> list[dict]:
    """pdfplumber's `page.edges`: the edges of every painted line, rectangle and curve."""
    height = _page_top(page)
    edges: list[dict] = []
    for obj, matrix in _paths(page):
        for shape, pts in _subpaths(obj, matrix):
            edges += _edges(shape, [(x, height - y) for x, y in pts])
    return edges


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _paths(page: pdfium.PdfPage):
    """(path object, its matrix onto the page) of every painted path, in forms too."""
    stack = [(R.FPDFPage_CountObjects(page.raw), lambda i: R.FPDFPage_GetObject(page.raw, i),
              _IDENTITY)]
    fill, stroke = ctypes.c_int(), R.FPDF_BOOL()
    m = R.FS_MATRIX()
    while stack:
        count, get, outer = stack.pop()
        for i in range(count):
            obj = get(i)
            kind = R.FPDFPageObj_GetType(obj)
            if kind not in (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_FORM):
                continue
            R.FPDFPageObj_GetMatrix(obj, m)
            matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == R.FPDF_PAGEOBJ_FORM:
                stack.append((R.FPDFFormObj_CountObjects(obj),
                              lambda j, form=obj: R.FPDFFormObj_GetObject(form, j), matrix))
                continue
            R.FPDFPath_GetDrawMode(obj, fill, stroke)
            if fill.value or stroke.value:  # pdfminer paints only filled or stroked paths
                yield obj, matrix


def _compose(inner, outer) -> tuple[float, ...]:
    """The matrix of `inner` followed by `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _subpaths(obj, matrix):
    """Each subpath as pdfminer sees it: (shape such as 'mlllh', the point of each operator).

    PDFium gives a Bézier as three points (pdfminer keeps the last) and closes a subpath
    with a flag on its last point (pdfminer: an 'h' at the start point)."""
    get_segment, get_type, get_point, get_close = (
        R.FPDFPath_GetPathSegment, R.FPDFPathSegment_GetType, R.FPDFPathSegment_GetPoint,
        R.FPDFPathSegment_GetClose)
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    identity = matrix == _IDENTITY
    out, shape, pts = [], "", []
    bezier = 0
    for i in range(R.FPDFPath_CountSegments(obj)):
        seg = get_segment(obj, i)
        kind = get_type(seg)
        get_point(seg, x, y)
        px, py = x.value, y.value
        point = (px, py) if identity else (a * px + c * py + e, b * px + d * py + f)
        if kind == _MOVE:
            if shape:
                out.append((shape, pts))
            shape, pts = "m", [point]
        elif kind == _LINE:
            shape += "l"
            pts.append(point)
        else:
            bezier += 1
            if bezier % 3:
                continue
            shape += "c"
            pts.append(point)
        if get_close(seg):
            shape += "h"
            pts.append(pts[0])
    if shape:
        out.append((shape, pts))
    return out


def _edges(shape: str, pts: list[tuple[float, float]]) -> list[dict]:
    """A subpath's edges, classified as pdfminer's `paint_path` does and cut as pdfplumber's
    `line_to_edge`, `rect_to_edges` and `curve_to_edges` do (points are top-down here)."""
    if len(shape) < 2:  # a lone moveto paints nothing (pdfminer's regex needs m + more)
        return []
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"  # a redundant lineto back to the start
        pts = pts[:-1]
    if shape in ("mlh", "ml"):
        (ax, ay), (bx, by) = pts[0], pts[1]
        top, bottom = min(ay, by), max(ay, by)
        return [_edge(min(ax, bx), max(ax, bx), top, bottom,
                      "h" if top == bottom else "v", "line")]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            return [_edge(left, right, top, top, "h", "rect_edge"),
                    _edge(left, right, bottom, bottom, "h", "rect_edge"),
                    _edge(left, left, top, bottom, "v", "rect_edge"),
                    _edge(right, right, top, bottom, "v", "rect_edge")]
    out = []
    for (ax, ay), (bx, by) in pairwise(pts):
        orientation = "v" if ax == bx else ("h" if ay == by else None)
        out.append(_edge(min(ax, bx), max(ax, bx), min(ay, by), max(ay, by), orientation,
                         "curve_edge"))
    return out


def _edge(x0, x1, top, bottom, orientation, kind) -> dict:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation}


def find_tables(edges: list[dict]) -> list:
    """pdfplumber's `page.find_tables()` with its default settings, on these edges."""
    from pdfplumber import table as t
    from pdfplumber.utils import filter_edges

    base = filter_edges(edges, "v", min_length=_EDGE_MIN_PREFILTER) + filter_edges(
        edges, "h", min_length=_EDGE_MIN_PREFILTER)
    merged = t.merge_edges(base, _SNAP, _SNAP, _JOIN, _JOIN)
    kept = filter_edges(merged, min_length=_EDGE_MIN_LENGTH)
    cells = t.intersections_to_cells(t.edges_to_intersections(kept, _INTERSECT, _INTERSECT))
    return [t.Table(None, group) for group in t.cells_to_tables(cells)]
