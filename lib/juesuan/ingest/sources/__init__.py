"""Reading a source file into provenance-carrying lines: one module per format.

`read(path)` returns a `Source`: the numbered lines every parser works on, the page of each
line (PDFs), and what the file is (format, encoding, hash). A text is its own lines; a PDF is
rendered to lines (`sources.pdf`), and that rendering is what `src_line` refers to. Parsing the
lines into tables is the job of the other ingest modules, which never see the format.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from juesuan.ingest.sources import pdf, text
from juesuan.text import Line, split_lines

# The largest file read (bytes). The biggest real disclosure is 0.2 MB of text or a few MB of
# PDF; a larger file is not a disclosure but a mistake (a disk image, /dev/zero) and would only
# exhaust memory.
MAX_BYTES = 64 * 1024 * 1024


class SourceError(ValueError):
    """A file that cannot be read as a disclosure (the message names the file, page or line)."""


@dataclass
class Source:
    path: Path
    lines: list[Line]
    encoding: str  # 'utf-8', 'gb18030', … or 'pdf'
    sha256: str
    source_format: str  # 'text' | 'pdf'
    pages: list[int] | None = None  # page of lines[i] (PDF only)
    page_count: int | None = None
    rendering: str | None = None  # the text the lines were split from (PDF only)
    layout_problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    def page_of(self, line_no: int | None) -> int | None:
        """The PDF page of a 1-based line number (None for a text or no line)."""
        if self.pages is None or line_no is None or not 1 <= line_no <= len(self.pages):
            return None
        return self.pages[line_no - 1]


def read(path: Path) -> Source:
    """Read one source file, text or PDF. Raises SourceError naming the file."""
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if pdf.is_pdf(data):
        try:
            rendering = pdf.render(path)
        except pdf.PdfError as err:
            raise SourceError(str(err)) from None
        return Source(path, split_lines(rendering.text), "pdf", digest, "pdf", rendering.pages,
                      rendering.page_count, rendering.text)
    try:
        lines, encoding = text.read(path, data)
    except text.TextError as err:
        raise SourceError(str(err)) from None
    return Source(path, lines, encoding, digest, "text")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file within the size limit, else a SourceError."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise SourceError(f"{path}: cannot read ({err.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{path}: not a regular file (a folder, pipe or device); give the "
                          "disclosure file itself")
    if info.st_size > MAX_BYTES:
        raise SourceError(f"{path}: {info.st_size / 2**20:.0f} MB is larger than the "
                          f"{MAX_BYTES // 2**20} MB a disclosure can be; refused unread")
    try:
        return path.read_bytes()
    except OSError as err:
        raise SourceError(f"{path}: cannot read ({err.strerror})") from None
