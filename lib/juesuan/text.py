"""Reading disclosure texts: decoding, the line model, and number tokens.

Every extracted value must point back to the 1-based line it was printed on, so
the parsers work on :class:`Line` objects, never on a re-flowed string. The helpers
here normalise *for matching only*; values are stored as printed (parsed to numbers
without rounding).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

__all__ = [
    "DECIMAL",
    "NUMBER_RE",
    "UNSIGNED_NUMBER",
    "DecodeError",
    "Line",
    "cells",
    "decode_bytes",
    "is_decimal",
    "is_page_number",
    "join_text",
    "line_texts",
    "match_key",
    "number_or_none",
    "number_tokens",
    "parse_number",
    "read_lines",
    "split_lines",
]


class DecodeError(ValueError):
    """The bytes are not a readable text document (empty, binary or unknown encoding)."""


class Line:
    """One line of a source file: its 1-based number and its text (no newline).

    Equal, hashed and shown as (no, text), like the frozen dataclass it replaces. What the
    parsers ask of a line (stripped text, blank, page marker, match key) is worked out once
    here rather than by each of the ten parsers that loop over all of a document's lines.
    Plain slots, not a frozen dataclass, whose every field assignment goes through
    object.__setattr__: read-only by convention, nothing assigns to a line once it is read.
    """

    __slots__ = ("is_blank", "is_page", "key", "no", "stripped", "text")

    no: int
    text: str
    stripped: str  # text.strip()
    is_blank: bool  # nothing but whitespace
    is_page: bool  # is_page_number(text): a page marker, '- 26 -', '第 3 页', a lone '16'
    key: str  # match_key(text)

    def __init__(self, no: int, text: str) -> None:
        self.no = no
        self.text = text
        stripped = text.strip()
        self.stripped = stripped
        self.is_blank = not stripped
        # A marker starts (after whitespace, which strip() and the pattern's \s agree on)
        # with a dash, 第 or a digit (regex \d is str.isdecimal): most lines skip the regex.
        self.is_page = bool(stripped) and (stripped[0] in "-－—第" or stripped[0].isdecimal()) \
            and is_page_number(text)
        self.key = match_key(text)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Line:
            return NotImplemented
        return self.no == other.no and self.text == other.text

    def __hash__(self) -> int:
        return hash((self.no, self.text))

    def __repr__(self) -> str:
        return f"Line(no={self.no!r}, text={self.text!r})"


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a disclosure: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    Returns (text, encoding). Raises DecodeError naming the file for empty or binary input.
    """
    if not data.strip():
        raise DecodeError(f"{name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise DecodeError(f"{name}: the file is binary (NUL bytes), not a text disclosure")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise DecodeError(
                f"{name}:{line}: neither UTF-8 nor GB18030/GBK text "
                f"(undecodable byte at offset {utf8_error.start})"
            ) from None
        # GB18030 decodes almost any byte string; insist on mostly CJK/ASCII text.
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
        if cjk == 0 or controls > len(text) // 100:
            raise DecodeError(f"{name}: not a text disclosure (no readable Chinese text)")
        return text, "gb18030"


def read_lines(path: Path) -> tuple[list[Line], str]:
    """Read a file into numbered lines (1-based, as an editor shows them)."""
    text, encoding = decode_bytes(path.read_bytes(), str(path))
    return split_lines(text), encoding


def split_lines(text: str) -> list[Line]:
    """Decoded text as numbered lines (1-based), for a caller that has the bytes already."""
    return [Line(i + 1, t) for i, t in enumerate(line_texts(text))]


def line_texts(text: str) -> list[str]:
    """The texts of `split_lines`' lines (line n is item n − 1), without building Lines."""
    # splitlines() would also split on \x0c, \x1c… and shift line numbers; split on \n only.
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    return [t.rstrip("\r") for t in raw]


# Patterns (sources, for building larger ones) of an unsigned number as printed: DECIMAL
# has no thousands separators ('96', '4.17'); UNSIGNED_NUMBER also reads '3,951.18'.
DECIMAL = r"\d+(?:\.\d+)?"
_GROUPED = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
UNSIGNED_NUMBER = rf"{_GROUPED}|{DECIMAL}"

# A number as printed: optional sign, digits with optional thousands separators, decimals.
NUMBER_RE = re.compile(rf"(?<![\d.])[-−]?{_GROUPED}(?![\d])|(?<![\d.])[-−]?{DECIMAL}(?![\d])")
_SIGNED_RE = re.compile(rf"-?{_GROUPED}|-?{DECIMAL}")
_DECIMAL_RE = re.compile(DECIMAL)

_DASHES = {"", "-", "—", "——", "———", "————", "—————", "–", "/", "－", "…", "……"}


@functools.lru_cache(maxsize=1 << 14)
def parse_number(token: str | None) -> float | None:
    """Parse one printed number ('3,951.18', ' 26.80 ', '100%'); blanks and dashes are None.

    Raises ValueError when the cell holds something that is not a number, so a caller
    never silently turns text into 0. Cached: the parsers try the same cells several times
    (as a number, as a score, as a row label); an error is not cached, only raised again.
    """
    if token is None:
        return None
    t = token.strip().replace("\u3000", "").replace(" ", "")
    if t in _DASHES or set(t) <= {"—", "-", "─"}:
        return None
    t = t.replace("，", ",").replace("−", "-")
    if t.endswith(("%", "％")):
        t = t[:-1]
    if not _SIGNED_RE.fullmatch(t):
        raise ValueError(f"not a number: {token!r}")
    return float(t.replace(",", ""))


def number_or_none(token: str | None) -> float | None:
    """parse_number, but None for text too: for a cell that may hold a number or words
    (a drifted table row), where text is simply not a number rather than an error."""
    try:
        return parse_number(token)
    except ValueError:
        return None


def is_decimal(token: str) -> bool:
    """Exactly an unsigned decimal ('96', '4.17'): the 分值/得分 of a row printed with spaces,
    where '1,000', '-3' or '100%' are other cells' values, not scores."""
    return bool(_DECIMAL_RE.fullmatch(token))


def number_tokens(text: str) -> list[float]:
    """All numbers printed on a line, as values (used by provenance checks)."""
    return [float(m.group().replace(",", "").replace("−", "-")) for m in NUMBER_RE.finditer(text)]


_MARKER = r"[-－—]\s*\d{1,3}\s*[-－—]|第\s*\d{1,3}\s*页"
_PAGE_RE = re.compile(rf"^\s*(?:{_MARKER}|\d{{1,3}})\s*$")
_MARKER_RE = re.compile(rf"^\s*(?:{_MARKER})\s*$")


def is_page_number(text: str, *, bare: bool = True) -> bool:
    """A page marker left by the PDF extraction: '- 26 -', '第 3 页', a lone '16'.

    bare=False leaves out the lone number: inside a table row a '16' is a value, while a
    '- 16 -' cell is still a marker.
    """
    return bool((_PAGE_RE if bare else _MARKER_RE).match(text))


def cells(text: str) -> list[str]:
    """Split a tab-separated row into stripped cells (empty cells kept as '')."""
    return [c.strip() for c in text.split("\t")]


def join_text(parts: list[str]) -> str:
    """Join fragments of one cell or sentence broken over several lines.

    Chinese text is joined without spaces; a space is kept only between two Latin/digit
    fragments (e.g. '≥50' + '人' stays '≥50人', 'A' + 'B' becomes 'A B').
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


# Full-width forms folded to ASCII for matching: (full, half) pairs.
_FULLWIDTH = tuple(zip("（）：，；０１２３４５６７８９％", "():,;0123456789%", strict=True))


@functools.lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """A form of a string for *matching* (never stored): no spaces/markdown, half-width.

    Cached: every parser keys the same lines and cells (about ten calls per line), and a
    hit costs ~0.1 µs. On a miss, str.split (the same whitespace as regex \\s, \\u3000
    included) and a few str.replace are about twice as fast as a regex and str.translate,
    which looks up every character of CJK text in a dict.
    """
    text = "".join(text.split())
    if "*" in text:
        text = text.replace("*", "")
    for full, half in _FULLWIDTH:
        if full in text:
            text = text.replace(full, half)
    return text
