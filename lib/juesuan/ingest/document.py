"""What a document is: its manifest entry, its unit and year, and whether it is readable.

The manifest (data/raw/manifest.csv) is kept by hand; everything else is read from the
text. A file that is empty, binary, truncated or not a final-accounts disclosure at all is
refused here, with a message naming the file and line, before any parser runs.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from juesuan.text import DecodeError, Line, decode_bytes, match_key, split_lines

# doc_ids of synthetic documents (`juesuan synth`) start with this; no real document may.
SYNTHETIC_PREFIX = "synth-"


def is_synthetic(doc_id: str) -> bool:
    """Whether a document is synthetic: its doc_id carries the reserved prefix."""
    return doc_id.startswith(SYNTHETIC_PREFIX)


MANIFEST_COLUMNS = ("source_file", "doc_id", "province", "prefecture", "county", "admin_level",
                    "scope")


class DocumentError(ValueError):
    """A document that cannot be ingested at all (the message names file and line)."""


@dataclass
class ManifestEntry:
    source_file: str
    doc_id: str
    province: str | None
    prefecture: str | None
    county: str | None
    admin_level: str | None
    scope: str | None


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Manifest rows by file name; a malformed manifest is an error naming its line."""
    entries: dict[str, ManifestEntry] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(MANIFEST_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise DocumentError(f"{path}:1: manifest lacks column(s) {sorted(missing)}")
        for row in reader:
            values = {k: (row[k] or "").strip() or None for k in MANIFEST_COLUMNS}
            if not values["source_file"] or not values["doc_id"]:
                raise DocumentError(f"{path}:{reader.line_num}: source_file and doc_id are required")
            if values["scope"] not in (None, "department", "unit"):
                raise DocumentError(f"{path}:{reader.line_num}: scope must be department or unit")
            entries[values["source_file"]] = ManifestEntry(**values)
    return entries


@dataclass
class SourceDocument:
    path: Path
    lines: list[Line]
    encoding: str
    sha256: str


# Words that only a final-accounts disclosure contains; a file with none of them is refused.
RECOGNISABLE = ("决算", "收入支出", "绩效自评", "财政拨款", "年初预算")


def load(path: Path) -> SourceDocument:
    """Read and sanity-check a disclosure text. Raises DocumentError naming file and line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DocumentError(f"{path}: cannot read ({err.strerror})") from None
    _check_truncated_bytes(path, data)
    try:
        text, encoding = decode_bytes(data, str(path))  # (the bytes read above: not again)
    except DecodeError as err:
        raise DocumentError(str(err)) from None
    lines = split_lines(text)
    # (no word spans a line break, so the whole text is searched as it was decoded)
    if not any(word in text for word in RECOGNISABLE):
        raise DocumentError(
            f"{path}: none of the recognisable parts of a final-accounts disclosure "
            f"(决算 tables, 情况说明, 绩效自评) were found")
    _check_contents_listed(path, lines)
    return SourceDocument(path, lines, encoding, hashlib.sha256(data).hexdigest())


def _check_truncated_bytes(path: Path, data: bytes) -> None:
    """A file cut inside a multi-byte UTF-8 character was truncated in transfer."""
    tail = data[-4:]
    for k in range(1, min(4, len(tail)) + 1):
        byte = tail[-k]
        if byte & 0xC0 == 0xC0:  # a lead byte: does its sequence fit?
            need = 2 if byte & 0xE0 == 0xC0 else 3 if byte & 0xF0 == 0xE0 else 4
            if need > k and _mostly_utf8(data):
                line = data.count(b"\n") + 1
                raise DocumentError(f"{path}:{line}: truncated: the file ends inside a character")
            return
        if byte & 0xC0 != 0x80:
            return


def _mostly_utf8(data: bytes) -> bool:
    try:
        data[:-4].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_PART = re.compile(r"^第([一二三四五六七八九十])部分")


def _check_contents_listed(path: Path, lines: list[Line]) -> None:
    """Every part (第N部分) a document's contents list (目录) promises must appear in its body.

    A listed part that never appears again means the text stops early: truncated.
    """
    toc = next((line.no for line in lines[:80] if line.key == "目录"), None)
    if toc is None:
        return
    occurrences: dict[str, list[int]] = {}
    for line in lines[toc:]:
        m = line.key.startswith("第") and _PART.match(line.key)  # (most lines skip the regex)
        if m:
            occurrences.setdefault(m.group(1), []).append(line.no)
    missing = {part: nos[0] for part, nos in occurrences.items() if len(nos) == 1}
    if missing:
        parts = "、".join(f"第{p}部分" for p in missing)
        raise DocumentError(f"{path}:{min(missing.values())}: truncated: the contents list "
                            f"{parts}, which the text never reaches")


# --- what the text says about itself -----------------------------------------------------
_TITLE_YEAR = re.compile(r"^(20\d\d)年度?(?:部门|单位)决算")
_LABELS = re.compile(r"^(?:部门[(（]单位[)）]名称|部门名称|单位名称|部门)[:：]?(.+)$")
_YEAR = re.compile(r"(20\d\d)年度")


def unit_name(lines: list[Line]) -> tuple[str | None, int | None]:
    """The department/unit name: the title above 'YYYY年度部门决算', else a 名称 label."""
    for line in lines[1:60]:
        if _TITLE_YEAR.match(line.key):
            title = [x for x in lines[: line.no - 1] if not x.is_blank]
            if title and not _TITLE_YEAR.match(match_key(title[-1].text)):
                return _clean_unit(title[-1].text), title[-1].no
    for line in lines:
        key = match_key(line.text.split("\t")[0] if "\t" in line.text else line.text)
        if "\t" in line.text:
            parts = [c.strip() for c in line.text.split("\t") if c.strip()]
            key = match_key(" ".join(parts[:2]))
        m = _LABELS.match(key)
        if m and re.search(r"(局|中心|委员会|办公室|院|所|站|厅|部|处|队|会)$", _clean_unit(m.group(1))):
            return _clean_unit(m.group(1)), line.no
    return None, None


def _clean_unit(name: str) -> str:
    return re.sub(r"[(（]汇总[)）]$", "", match_key(name))


def fiscal_year(lines: list[Line]) -> tuple[int | None, int | None]:
    """The year of the accounts: from the title, else the most frequent 'YYYY年度'."""
    for line in lines[:40]:
        m = _TITLE_YEAR.match(line.key)
        if m:
            return int(m.group(1)), line.no
    counts = Counter()
    first: dict[int, int] = {}
    for line in lines:
        for y in _YEAR.findall(line.key):
            counts[int(y)] += 1
            first.setdefault(int(y), line.no)
    if not counts:
        return None, None
    year = counts.most_common(1)[0][0]
    return year, first[year]


_UNITS = re.compile(r"决算编制范围的单位共(\d+)个")


def inferred_scope(lines: list[Line]) -> str:
    """Department when the text says it consolidates more than one budget unit."""
    for line in lines:
        m = _UNITS.search(line.key)
        if m and int(m.group(1)) > 1:
            return "department"
    return "unit"
