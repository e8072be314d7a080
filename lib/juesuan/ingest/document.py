"""What a document is: its manifest entry, its unit and year, and whether it is readable.

The manifest (data/raw/manifest.csv) is kept by hand; everything else is read from the
text. A file that is empty, binary, cut inside a character or not a final-accounts disclosure
at all is refused here, with a message naming the file and line, before any parser runs; a
document that holds only some of the parts it announces is read for what it holds.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from juesuan.ingest import sources
from juesuan.ingest.sources import Source
from juesuan.ingest.sources.layouts import to_tab_rows
from juesuan.ingest.tables import TITLES
from juesuan.text import Line, match_key

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


# The build's rule for a doc_id (reports.registry.DOC_ID_PATTERN, the same pattern): checked
# here once, so that a document ingest accepts is never refused by `juesuan build`.
DOC_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
            if not DOC_ID_PATTERN.fullmatch(values["doc_id"]):
                raise DocumentError(
                    f"{path}:{reader.line_num}: doc_id {values['doc_id']!r} must match "
                    f"{DOC_ID_PATTERN.pattern} (lower-case letters, digits, '-'): it names "
                    "the document's report folder and notebook parameter")
            if values["scope"] not in (None, "department", "unit"):
                raise DocumentError(f"{path}:{reader.line_num}: scope must be department or unit")
            entries[values["source_file"]] = ManifestEntry(**values)
    return entries


# Words that only a final-accounts disclosure contains; a file with none of them is refused.
RECOGNISABLE = ("决算", "收入支出", "绩效自评", "财政拨款", "年初预算")


def load(path: Path) -> Source:
    """Read a disclosure (text or PDF) and check it is one. Raises DocumentError naming the
    file and line (or page)."""
    try:
        source = sources.read(path)
    except sources.SourceError as err:
        raise DocumentError(str(err)) from None
    if source.source_format == "text":  # ('|' and space-aligned tables as tab-separated rows)
        source.lines, source.layout_problems = to_tab_rows(source.lines, set(TITLES))
    # (no word spans a line break, so the lines are searched one by one)
    if not any(word in line.text for line in source.lines for word in RECOGNISABLE):
        raise DocumentError(
            f"{path}: none of the recognisable parts of a final-accounts disclosure "
            f"(决算 tables, 情况说明, 绩效自评) were found")
    return source


_PART = re.compile(r"^第([一二三四五六七八九十]+)部分")


def unreached_parts(lines: list[Line]) -> list[tuple[str, int]]:
    """The parts (第N部分) a contents list (目录) promises that the body never reaches, each
    with the line of its entry in the list: a document that stops early, or only part of one.

    A part counts as reached when a later line starts with its number or repeats its title
    (a body heading printed without the 第N部分 prefix, as some layouts do).
    """
    toc = next((line.no for line in lines[:80] if line.key == "目录"), None)
    if toc is None:
        return []
    listed: dict[str, tuple[int, str]] = {}
    reached: set[str] = set()
    for line in lines[toc:]:
        m = line.key.startswith("第") and _PART.match(line.key)  # (most lines skip the regex)
        if not m:
            continue
        if m.group(1) in listed:
            reached.add(m.group(1))
        else:
            listed[m.group(1)] = (line.no, line.key[m.end():])
    titles = {part: title for part, (_, title) in listed.items() if len(title) >= 4}
    for line in lines[toc:]:
        for part, title in titles.items():
            if part not in reached and line.no > listed[part][0] and line.key.endswith(title) \
                    and len(line.key) <= len(title) + 4:
                reached.add(part)
    return [(f"第{part}部分", no) for part, (no, _) in listed.items() if part not in reached]


# --- what the text says about itself -----------------------------------------------------
_TITLE_YEAR = re.compile(r"^(20\d\d)年度?(?:部门|单位)决算")
# (a label of a performance table may carry a code: '主管部门及代码 | 407-汾阳市人力资源和社会保障局')
_LABELS = re.compile(r"^(?:部门[(（]单位[)）]名称|部门名称|单位名称|部门|主管部门|实施单位|预算单位)"
                     r"(?:及代码)?[:：]?(?:\d+[-－—])?(.+)$")
_UNIT_END = re.compile(r"(局|中心|委员会|办公室|院|所|站|厅|部|处|队|会|馆|校|园|社|团|委|办)$")
_YEAR = re.compile(r"(20\d\d)年度")
_YEAR_LOOSE = re.compile(r"(20\d\d)年(?![\d月])")
# The title sentence, however wrapped: '<unit>YYYY年度部门决算', 'YYYY年度<unit>“三公”经费决算…'.
_TITLE_SENTENCES = (
    re.compile(r"^(?P<unit>.{2,40}?)(?P<year>20\d\d)年度?(?:部门|单位)?决算"),
    re.compile(r"^(?P<year>20\d\d)年度?(?P<unit>[^，。,;；]{2,30}?)(?:“三公”|\"三公\"|三公|部门|单位)"
               r"[^，。]{0,12}决算"),
)
_TITLE_LINES = 4  # a title is wrapped over at most this many lines


def title_sentence(lines: list[Line]) -> tuple[str, int, int] | None:
    """(unit, year, line) from the title at the top of the document, however it is wrapped.

    The first few short lines are joined (a PDF title breaks wherever the cover's width
    does: '上海市普陀区规划和自然 / 资源局 / 2024年度部门决算'); the unit's line is the first.
    """
    block: list[Line] = []
    for line in lines[:40]:
        if line.is_blank or line.is_page:
            continue
        if line.key == "目录" or len(line.key) > 40 or "\t" in line.text or \
                any(p in line.key for p in "。，;；"):
            break
        block.append(line)
        if len(block) == _TITLE_LINES:
            break
    for first in range(len(block)):
        joined = "".join(x.key for x in block[first:])
        for pattern in _TITLE_SENTENCES:
            m = pattern.match(joined)
            if m and not _TITLE_YEAR.match(m.group("unit")):
                return _clean_unit(m.group("unit")), int(m.group("year")), block[first].no
    return None


def unit_name(lines: list[Line]) -> tuple[str | None, int | None]:
    """The department/unit name: the title sentence ('<unit>YYYY年度部门决算', wrapped or not),
    else the line above a 'YYYY年度部门决算' heading, else a 名称 label (部门名称, 主管部门…)."""
    title = title_sentence(lines)
    if title:
        return title[0], title[2]
    for line in lines[1:60]:
        if _TITLE_YEAR.match(line.key):
            above = [x for x in lines[: line.no - 1] if not x.is_blank]
            if above and not _TITLE_YEAR.match(match_key(above[-1].text)):
                return _clean_unit(above[-1].text), above[-1].no
    for line in lines:
        key = match_key(line.text.split("\t")[0] if "\t" in line.text else line.text)
        if "\t" in line.text:
            parts = [c.strip() for c in line.text.split("\t") if c.strip()]
            key = match_key(" ".join(parts[:2]))
        m = _LABELS.match(key)
        if m and _UNIT_END.search(_clean_unit(m.group(1))):
            return _clean_unit(m.group(1)), line.no
    return None, None


def _clean_unit(name: str) -> str:
    return re.sub(r"[(（]汇总[)）]$", "", match_key(name))


def fiscal_year(lines: list[Line]) -> tuple[int | None, int | None]:
    """The year of the accounts: from the title, else the most frequent 'YYYY年度' (or
    'YYYY年' in a text that never writes 年度)."""
    for line in lines[:40]:
        m = _TITLE_YEAR.match(line.key)
        if m:
            return int(m.group(1)), line.no
    title = title_sentence(lines)
    if title:
        line = next((x for x in lines[title[2] - 1:] if str(title[1]) in x.key), None)
        return title[1], line.no if line else title[2]
    for pattern in (_YEAR, _YEAR_LOOSE):
        counts: Counter = Counter()
        first: dict[int, int] = {}
        for line in lines:
            for y in pattern.findall(line.key):
                counts[int(y)] += 1
                first.setdefault(int(y), line.no)
        if counts:
            year = counts.most_common(1)[0][0]
            return year, first[year]
    return None, None


_UNITS = re.compile(r"决算编制范围的单位共(\d+)个")


def inferred_scope(lines: list[Line]) -> str:
    """Department when the text says it consolidates more than one budget unit."""
    for line in lines:
        m = _UNITS.search(line.key)
        if m and int(m.group(1)) > 1:
            return "department"
    return "unit"
