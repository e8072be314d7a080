"""Ingest documents: run every parser on each file and gather the rows of each table.

One bad document never stops the others: its error is recorded in its result and the
rest go through. Ids (doc_id, eval_id) are assigned here so parsers stay independent.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from juesuan import schema
from juesuan.ingest import (
    narrative,
    parts,
    perf_cells,
    perf_narrative,
    perf_tabular,
    tables,
    truncation,
)
from juesuan.ingest.common import Evaluation, Problem
from juesuan.ingest.document import (
    DocumentError,
    ManifestEntry,
    fiscal_year,
    inferred_scope,
    is_synthetic,
    load,
    unit_name,
    unreached_parts,
)
from juesuan.ingest.sources import Source
from juesuan.text import Line

# Where a PDF's text rendering is written, relative to the curated tables' folder.
EXTRACTED_DIR = "extracted"


@dataclass
class DocumentResult:
    source_file: str
    doc_id: str | None = None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    extracted: str | None = None  # a PDF's text rendering, which its src_line values refer to

    @property
    def ok(self) -> bool:
        return self.error is None


def ingest_document(path: Path, entry: ManifestEntry | None) -> DocumentResult:
    """All curated rows of one document (or the reason it could not be read)."""
    result = DocumentResult(path.name)
    try:
        doc = load(path)
    except DocumentError as err:
        result.error = str(err)
        return result
    if entry is None:
        result.problems.append(Problem(
            "manifest", "not in the manifest: unit name and year read from the text, region "
            "fields left empty; add it to data/raw/manifest.csv"))
    result.doc_id = entry.doc_id if entry else _doc_id_from_name(path, doc.sha256)
    try:
        result.rows = _extract(doc, entry, result)
    except DocumentError as err:
        result.error = str(err)
        return result
    except Exception as err:  # noqa: BLE001 - a parser bug must not lose the other documents
        result.error = f"{path}: could not be parsed ({type(err).__name__}: {err})"
        return result
    for rows in result.rows.values():
        for row in rows:
            row.setdefault("doc_id", result.doc_id)
            if doc.pages is not None and "src_line" in row:
                row["src_page"] = doc.page_of(row["src_line"])
    result.extracted = doc.rendering
    return result


def ingest_documents(paths: Sequence[Path], manifest: Mapping[str, ManifestEntry],
                     jobs: int = 1) -> list[DocumentResult]:
    """`ingest_document` over the files, results in the order of `paths`. With jobs > 1 the
    documents are parsed in a pool of that many processes: the results (so the tables) are the
    same as a serial run's, and a document whose worker fails is that document's error only."""
    work = [(p, manifest.get(p.name)) for p in paths]
    if jobs <= 1 or len(work) <= 1:
        return [ingest_document(p, e) for p, e in work]
    # forkserver, not fork: the caller may hold polars' thread pool, which fork() can deadlock
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=ctx) as pool:
        futures = [pool.submit(ingest_document, p, e) for p, e in work]
        return [_worker_result(f, p) for f, (p, _) in zip(futures, work, strict=True)]


def _worker_result(future: Future, path: Path) -> DocumentResult:
    try:
        return future.result()
    except Exception as err:  # noqa: BLE001 - a dead worker must not lose the other documents
        return DocumentResult(path.name, error=f"{path}: could not be parsed in a worker "
                                               f"process ({type(err).__name__}: {err})")


def _doc_id_from_name(path: Path, sha256: str) -> str:
    """An unlisted file's doc_id: its ASCII name, and where the name has other characters
    (a Chinese file name keeps only its digits) the start of its content hash, so that two
    unlisted files never share an id."""
    slug = re.sub(r"[^0-9a-z]+", "-", path.stem.lower()).strip("-")
    if not path.stem.isascii() or not slug:
        slug = f"{slug}-{sha256[:8]}".strip("-")
    return f"file-{slug}"


def _extract(doc: Source, entry: ManifestEntry | None,
             result: DocumentResult) -> dict[str, list[dict]]:
    lines = _first_copy(doc.lines, result)
    name, name_line = unit_name(lines)
    year, year_line = fiscal_year(lines)
    if name is None or year is None:
        missing = " and ".join(w for w, v in (("unit name", name), ("fiscal year", year)) if v is None)
        raise DocumentError(f"{doc.path}: the {missing} cannot be read from the text (no title "
                            "sentence '<unit>YYYY年度部门决算', no 部门名称/主管部门 label)")
    document = {
        "unit_name": name, "fiscal_year": year, "source_file": doc.path.name,
        "source_sha256": doc.sha256, "encoding": doc.encoding, "in_manifest": entry is not None,
        "synthetic": is_synthetic(result.doc_id or ""),
        "unit_name_src_line": name_line, "fiscal_year_src_line": year_line,
        "scope": (entry.scope if entry and entry.scope else inferred_scope(lines)),
        "source_format": doc.source_format, "page_count": doc.page_count,
        "extracted_file": (f"{EXTRACTED_DIR}/{result.doc_id}.txt"
                           if doc.rendering is not None else None),
    }
    if entry:
        document.update(province=entry.province, prefecture=entry.prefecture,
                        county=entry.county, admin_level=entry.admin_level)

    result.problems.extend(Problem("layout", message, line)
                           for line, message in doc.layout_problems)
    out, blocks, problems = tables.extract(lines)
    result.problems.extend(problems)
    out["parts"] = parts.extract(lines, blocks)
    stream = narrative.Stream.from_lines(lines)
    secs = narrative.sections(lines, stream)
    out["totals"] += narrative.extract_totals(lines, stream, secs, year)
    out["budget_lines"] += narrative.extract_budget_lines(stream, secs)
    out["three_public"] += narrative.extract_three_public(stream)

    evaluations: list[Evaluation] = []
    for parser in (perf_tabular.extract, perf_cells.extract):
        found, problems = parser(lines)
        evaluations += found
        result.problems.extend(problems)
    evaluations.sort(key=lambda e: e.src_line)
    evaluations, problems = perf_narrative.attach_narrative(evaluations, lines)
    result.problems.extend(problems)
    result.problems.extend(_unread_evaluations(lines, evaluations))
    out["perf_evaluations"], out["perf_indicators"] = _number_evaluations(
        result.doc_id, evaluations)
    if not any(out[t] for t in ("totals", "budget_lines", "economic_lines", "three_public",
                                "perf_evaluations")):
        raise DocumentError(f"{doc.path}: no figures could be read: none of the recognisable "
                            "parts (情况说明 figures, 决算表, “三公” statement, 绩效自评表) were found")
    _drop_repeated_keys(out, result)
    document["coverage"], document["coverage_note"] = _coverage(lines, out, result)
    out["documents"] = [document]
    return out


# A self-evaluation table's title, however long its project name: '…自评表' or '…自评表(2024年度)'
# on a line of its own, not a sentence.
_SELF_TITLE = re.compile(r"自评表\s*(?:[(（]\s*\d{4}\s*年度?\s*[)）])?$")
_SENTENCE = re.compile(r"[。；;]")


def _unread_evaluations(lines: list[Line], evaluations: list[Evaluation]) -> list[Problem]:
    """A warning for each self-evaluation table the text announces by its title but no
    parser read: an evaluation is never dropped in silence."""
    read = {e.src_line for e in evaluations}
    return [Problem("performance", f"self-evaluation table '{ln.stripped}' could not be read: "
                    "no evaluation recorded for it", ln.no)
            for ln in lines
            if "自评表" in ln.text and "\t" not in ln.text and ln.no not in read
            and _SELF_TITLE.search(ln.stripped) and not _SENTENCE.search(ln.stripped)]


# How many non-blank opening lines, seen again later in the same order, mark a document that
# repeats itself (a file joined to itself, a disclosure pasted twice).
_OPENING = 12


def _first_copy(lines: list[Line], result: DocumentResult) -> list[Line]:
    """The lines up to where the document starts over; the repeat is reported and not read,
    so nothing in it is counted twice."""
    opening = [ln.key for ln in lines if not ln.is_blank][:_OPENING]
    if len(opening) < _OPENING:
        return lines
    keys = [ln.key for ln in lines]
    start = next(i for i, ln in enumerate(lines) if not ln.is_blank)
    for i in range(start + 1, len(lines)):
        if keys[i] != opening[0]:
            continue
        again = [k for k in keys[i:i + 4 * _OPENING] if k][:_OPENING]
        if again == opening:
            result.problems.append(Problem("document", (
                f"the text starts over at line {lines[i].no} (its first {_OPENING} lines are "
                f"printed again): read up to line {lines[i - 1].no}, the repeat skipped"),
                lines[i].no))
            return lines[:i]
    return lines


def _drop_repeated_keys(out: dict[str, list[dict]], result: DocumentResult) -> None:
    """A row whose key another row of this document already holds (a table part printed
    twice) is reported with both lines and dropped, so one document's repeat never stops the
    batch at validation."""
    for name, rows in out.items():
        full = schema.TABLES[name].primary_key
        key = [k for k in full if k != "doc_id"]
        if not key or "eval_id" in key:  # ids numbered here: unique by construction
            continue
        seen: dict[tuple, dict] = {}
        kept = []
        for row in rows:
            k = tuple(row.get(c) for c in key)
            if k in seen:
                result.problems.append(Problem(name, (
                    f"{'/'.join(key)} {'/'.join(map(str, k))} is printed again (first at line "
                    f"{seen[k].get('src_line')}): the repeat is skipped"), row.get("src_line")))
                continue
            seen[k] = row
            kept.append(row)
        out[name] = kept


# Headline totals a whole disclosure states (in its 总表 or its 情况说明): without any of them a
# text is a part of a disclosure (a 三公 statement, one table, one self-evaluation).
_WHOLE_DOCUMENT_METRICS = ("income_total", "expenditure_total", "income_current_year",
                           "expenditure_current_year")


def _coverage(lines: list[Line], out: dict[str, list[dict]],
              result: DocumentResult) -> tuple[str, str | None]:
    """full | partial, and for partial what is missing or what the text holds; a warning
    names it, so a cut or fragmentary document is never taken for a whole one."""
    unreached = unreached_parts(lines)
    if unreached:
        listed = "、".join(part for part, _ in unreached)
        note = f"the contents list {listed}, which the text never reaches"
        result.problems.append(Problem("coverage", f"partial: {note} (cut short, or a part of "
                                       "a disclosure)", unreached[0][1]))
        return "partial", note
    signs = truncation.cut_signs(lines, out["parts"])
    if signs:
        note = "the text looks cut short: " + "; ".join(f"{what} (line {no})" for what, no in signs)
        result.problems.append(Problem("coverage", f"partial: {note}", signs[0][1]))
        return "partial", note
    if any(row["metric"] in _WHOLE_DOCUMENT_METRICS for row in out["totals"]):
        return "full", None
    held = [name for name, table in (("“三公” figures", "three_public"),
                                     ("functional-classification lines", "budget_lines"),
                                     ("economic-classification lines", "economic_lines"),
                                     ("performance evaluations", "perf_evaluations"),
                                     ("other totals", "totals")) if out[table]]
    note = ("a part of a disclosure: no income or expenditure total; it holds "
            + ", ".join(held))
    result.problems.append(Problem("coverage", f"partial: {note}"))
    return "partial", note


_PREFIX = {"department_overall": "D", "project": "P", "key_evaluation": "K"}


def _number_evaluations(doc_id: str, evaluations: list[Evaluation]) -> tuple[list[dict], list[dict]]:
    """eval_id = <doc_id>:D1, :P01…, :K1 in document order; indicators numbered within."""
    counters: dict[str, int] = {}
    evals, indicators = [], []
    for ev in sorted(evaluations, key=lambda e: e.src_line):
        prefix = _PREFIX[ev.scope]
        counters[prefix] = counters.get(prefix, 0) + 1
        number = f"{counters[prefix]:02d}" if prefix == "P" else str(counters[prefix])
        eval_id = f"{doc_id}:{prefix}{number}"
        evals.append({**ev.fields, "eval_id": eval_id, "scope": ev.scope})
        for seq, ind in enumerate(ev.indicators, start=1):
            indicators.append({**ind, "eval_id": eval_id, "seq": seq})
    return evals, indicators


def refuse_duplicates(results: list[DocumentResult]) -> None:
    """A second document with a doc_id already taken (the same file given twice, or two
    files listed under one id) becomes an error of its own; the first one is kept."""
    first: dict[str, str] = {}
    for r in results:
        if not r.ok or r.doc_id is None:
            continue
        if r.doc_id in first:
            r.error = (f"{r.source_file}: doc_id {r.doc_id} is already taken by "
                       f"{first[r.doc_id]} in this run; skipped")
            r.rows = {}
        else:
            first[r.doc_id] = r.source_file


def gather(results: list[DocumentResult]) -> dict[str, pl.DataFrame]:
    """The curated tables from the documents that were read, ordered by doc_id."""
    refuse_duplicates(results)
    good = sorted((r for r in results if r.ok), key=lambda r: r.doc_id or "")
    return {name: schema.frame(name, [row for r in good for row in r.rows.get(name, [])])
            for name in schema.INGESTED_NAMES}
