"""Reading the source text beside the figures: quote lines, and the reasons the narrative gives.

The course teaches students to go back to the document: `quote` prints numbered lines of the
raw text (as published, with its line breaks), and `stated_reasons` puts next to every line item
of the general-budget narrative (年初预算 vs 决算) the reason the document gives for the gap
(“决算大于预算数的主要原因是……”), read from the sentence that starts on the item's line, with a
coarse `reason_kind` so the reasons can be added up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from juesuan import catalog, measures, schema
from juesuan.text import Line, join_text, read_lines

Tables = Mapping[str, pl.DataFrame]

_REASON = re.compile(r"原因是(.+?)(?:。|$)")
_NEXT_ITEM = re.compile(r"^\s*\**\s*(?:\d+[.、．]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])")
_MAX_SENTENCE_LINES = 8

# reason_kind -> the words that mark it, tried in this order (labels: schema.VALUE_LABELS).
REASON_KINDS: tuple[tuple[str, str], ...] = (
    ("carryover", r"结转"),
    ("addition_personnel", r"追加.*人员|人员.*追加"),
    ("addition", r"追加|新增|增加|调整"),
    ("overbudgeted", r"编制.*大|预算.*偏大|略大"),
    ("staff_change", r"人员.*(?:调动|变化|减少|退休)|退休|离休|调动|招录"),
)


@functools.cache
def _lines(path: Path) -> tuple[Line, ...]:
    return tuple(read_lines(path)[0])


def source_lines(tables: Tables, doc_id: str) -> tuple[Line, ...]:
    """The numbered lines of a document's source: its text in data/raw, or for a PDF the
    rendering its line numbers refer to."""
    docs = tables["documents"].filter(pl.col("doc_id") == doc_id)
    if docs.height == 0:
        raise ValueError(f"unknown doc_id {doc_id!r}")
    return _lines(catalog.source_path(docs.row(0, named=True)))


def quote(tables: Tables, doc_id: str, lines: Iterable[int], skip_blank: bool = True) -> str:
    """The given lines of the source text, each as “第N行│text” (blank lines left out)."""
    text = source_lines(tables, doc_id)
    out = []
    for no in lines:
        if not 1 <= no <= len(text):
            raise ValueError(f"{doc_id} has {len(text)} lines; there is no line {no}")
        line = text[no - 1]
        if skip_blank and line.is_blank:
            continue
        out.append(f"第{no}行│{line.text.rstrip()}")
    return "\n".join(out)


def outline(tables: Tables, doc_id: str,
            levels: Iterable[str] = ("part", "section")) -> pl.DataFrame:
    """The document's headings of the given levels as printed in its body (not its list of
    contents), in order: the parts of a disclosure at a glance."""
    p = tables["parts"]
    return (p.filter((pl.col("doc_id") == doc_id) & (pl.col("kind") == "heading")
                     & ~pl.col("in_contents") & pl.col("level").is_in(list(levels)))
            .sort("src_line")
            .select("doc_id", "level", "title", "src_line"))


def _sentence(text: tuple[Line, ...], start: int) -> str:
    """The sentence that starts on line `start`, joined over the lines it is broken across
    (until its full stop, the next numbered item, or a few lines)."""
    parts: list[str] = []
    for line in text[start - 1:start - 1 + 2 * _MAX_SENTENCE_LINES]:
        if line.is_blank:
            continue
        if parts and _NEXT_ITEM.match(line.text):
            break
        parts.append(line.text)
        joined = join_text(parts)
        if "原因" in joined and "。" in joined.split("原因", 1)[1]:
            break
        if len(parts) >= _MAX_SENTENCE_LINES:
            break
    return join_text(parts)


def _reason_kind(reason: str | None) -> str:
    if reason is None:
        return "not_stated"
    for kind, pattern in REASON_KINDS:
        if re.search(pattern, reason):
            return kind
    return "other"


def stated_reasons(tables: Tables, doc_id: str) -> pl.DataFrame:
    """The general-budget line items of the narrative with their gap to the initial budget and
    the reason the document states for it (`reason`, null where none is given) and its kind."""
    lines = measures.line_completion(tables["budget_lines"]).filter(
        (pl.col("doc_id") == doc_id) & (pl.col("statement") == "narrative_gpb"))
    text = source_lines(tables, doc_id) if lines.height else ()
    reasons = []
    for no in lines["src_line"].to_list():
        found = _REASON.search(_sentence(text, no))
        reasons.append(found.group(1).strip("，,；; ") if found else None)
    return lines.with_columns(
        reason=pl.Series(reasons, dtype=pl.String),
        reason_kind=pl.Series([_reason_kind(r) for r in reasons], dtype=pl.String),
    ).select("doc_id", "level", "func_code", "line_name", "budget_initial", "actual",
             "gap_wanyuan", "completion_rate", "unbudgeted", "reason", "reason_kind", "src_line")


def reason_summary(tables: Tables, doc_id: str) -> pl.DataFrame:
    """The gap between final and initial budget added up by stated reason (at the most detailed
    level the narrative lists), largest first."""
    r = measures.finest_lines(stated_reasons(tables, doc_id))  # so nothing counts twice
    order = {k: i for i, k in enumerate(schema.VALUE_LABELS["reason_kind"])}
    return (r.group_by("reason_kind")
            .agg(n_lines=pl.len().cast(pl.Int64),
                 n_unbudgeted=pl.col("unbudgeted").fill_null(False).sum().cast(pl.Int64),
                 budget_initial=measures.sum_or_null("budget_initial"),
                 actual=measures.sum_or_null("actual"),
                 gap_wanyuan=measures.sum_or_null("gap_wanyuan"))
            .with_columns(_o=pl.col("reason_kind").replace_strict(order, default=99))
            .sort(["gap_wanyuan", "_o"], descending=[True, False], nulls_last=True)
            .drop("_o"))
