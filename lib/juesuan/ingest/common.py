"""What the ingest parsers share: what a parser returns, how it reports trouble, how it
records a value, and the wording every performance-table template uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.schema import METRICS, PERF_EVALUATIONS
from juesuan.text import Line

__all__ = [
    "AMOUNT_UNITS",
    "REPORT_SUFFIX_RE",
    "TITLE_MAX",
    "Evaluation",
    "Problem",
    "empty_fields",
    "is_table_caption",
    "report_title",
    "set_score",
    "set_value",
    "total_row",
]


@dataclass
class Problem:
    """Something in a document that could not be read: which part, and where."""

    part: str
    message: str
    line: int | None = None
    severity: str = "warning"  # 'warning': part skipped/partial; 'error': document unusable

    def render(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: [{self.part}] {self.message}"


@dataclass
class Evaluation:
    """One performance evaluation as found in a document, before ids are assigned.

    `fields` holds perf_evaluations columns (all but doc_id and eval_id); each indicator
    dict holds perf_indicators columns (all but doc_id, eval_id and seq), in table order.
    """

    scope: str
    fields: dict = field(default_factory=dict)
    indicators: list[dict] = field(default_factory=list)

    @property
    def src_line(self) -> int:
        return self.fields["src_line"]


def total_row(metric: str, value: float, line: int, part: str, source_kind: str) -> dict:
    """A `totals` row: a headline figure with its unit from the metric vocabulary, where it is
    stated (table or narrative, which part) and its line. Tables and narrative both make them."""
    return {"metric": metric, "value": value, "unit": METRICS[metric][0],
            "source_kind": source_kind, "source_part": part, "src_line": line}


def empty_fields(scope: str) -> dict:
    """Every perf_evaluations column (but the ids) as None, with the scope: for a parser that
    fills the columns it reads and must still say that the others were not read."""
    fields = {c: None for c in PERF_EVALUATIONS.column_names if c not in ("doc_id", "eval_id")}
    fields["scope"] = scope
    return fields


def set_value(fields: dict, col: str, value: object, line: int | None) -> None:
    """Store `col` together with `<col>_src_line`: no value is kept without the line it is
    printed on. None (nothing read) stores nothing, so it never erases a value read before."""
    if value is None:
        return
    fields[col] = value
    fields[f"{col}_src_line"] = line


def set_score(fields: dict, value: float | None, line: int | None, source_kind: str) -> None:
    """The evaluation's total score with its line, and where it is stated ('table' or
    'narrative'): the table parsers and the narrative both set a score, and score_source_kind
    is what tells an audit which one it is, so they record it in one call."""
    set_value(fields, "score", value, line)
    fields["score_source_kind"] = source_kind


# ------------------------------------------------------------------------------ wording ---

# The units a funds block is printed in (万元 first: the longer one must win).
AMOUNT_UNITS = r"万元|元"

# How the title of a key-evaluation report ends: '…项目绩效评价报告', '…评价报告'.
REPORT_SUFFIX_RE = re.compile(r"\s*(?:绩效)?评价报告$")
# The longest title line read as a title. Project names run past 80 characters (a title of
# 88 was skipped whole, and its evaluation lost); a sentence is told apart by its punctuation.
TITLE_MAX = 200
_REPORT_TITLE_RE = re.compile(
    rf"^(?P<name>[^。，,;]{{2,{TITLE_MAX}}}?){REPORT_SUFFIX_RE.pattern}")
_SENTENCE_PUNCT_RE = re.compile(r"[。;；]")
_TITLE_PUNCT_RE = re.compile(r"[。，,；《》]")


def is_table_caption(line: Line) -> bool:
    """A table's own title ('表 3-2 …指标评分表'): a short line ending in 表, not a sentence.
    A score table is anchored on it rather than on its header row."""
    key = line.key
    return key.endswith("表") and len(key) <= 60 and not _SENTENCE_PUNCT_RE.search(key)


def report_title(line: Line) -> str | None:
    """The name a key-evaluation report's title line gives ('…项目绩效评价报告' → '…项目').

    None for any other line: a title stands on its own short line (no tab, no sentence
    punctuation, not a 《citation》), and a 自评报告 is a self-evaluation, not a key one.
    """
    text = line.stripped
    if not text.endswith("评价报告"):  # (what _REPORT_TITLE_RE requires: checked first, cheaply)
        return None
    if "\t" in line.text or len(text) > TITLE_MAX or "自评报告" in text or _TITLE_PUNCT_RE.search(text):
        return None
    m = _REPORT_TITLE_RE.match(text)
    return m.group("name").strip() if m else None
