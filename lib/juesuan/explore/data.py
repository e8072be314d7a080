"""The explorer's other data: the evaluations and their filter, the documents offered, the
audit findings beside the lines in view, the same 类 across documents, text search, and the
export of a selection to CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from juesuan import charts, measures, present, schema
from juesuan.explore.common import ALL, NO_UNIT, SCORE_RANGE, SUMMED, UI, Tables
from juesuan.explore.lines import _LINE_COLS, children, line_tree

# --- evaluations -----------------------------------------------------------------------------

def evaluations(tables: Tables) -> pl.DataFrame:
    """Every evaluation with execution, score, grade and execution-rate band (`charts`' frame),
    and `unit_key`: the implementing unit without its budget code (`NO_UNIT` when none)."""
    ev = charts.evaluation_points(tables)
    unit = measures.implementing_unit_name().replace("", None)
    return ev.with_columns(unit_key=pl.coalesce(unit, pl.lit(NO_UNIT)))


def filter_evaluations(ev: pl.DataFrame, doc_ids: Sequence[str] | None = None,
                       scope: str = ALL, template: str = ALL,
                       score: tuple[float, float] = SCORE_RANGE, unit: str = ALL,
                       band: str = ALL) -> pl.DataFrame:
    """The evaluations passing every filter (`ALL`: no filter). A score range narrower than
    0–100 keeps only evaluations with a total score in it (bounds included)."""
    cond = pl.lit(True)
    if doc_ids:
        cond &= pl.col("doc_id").is_in(list(doc_ids))
    for col, value in (("scope", scope), ("template", template), ("unit_key", unit),
                       ("band", band)):
        if value != ALL:
            cond &= pl.col(col) == value
    low, high = score
    if (low, high) != SCORE_RANGE:
        cond &= pl.col("score").is_between(low, high).fill_null(False)
    return ev.filter(cond)


# --- documents, findings, search, export -----------------------------------------------------

def doc_options(tables: Tables) -> list[tuple[str, str]]:
    """(label, doc_id) of every document; a synthetic one is marked（合成）so it is never taken
    for a real disclosure."""
    docs = present.doc_labels(tables)
    synthetic = dict(zip(tables["documents"]["doc_id"].to_list(),
                         tables["documents"]["synthetic"].fill_null(False).to_list(),
                         strict=True)) if "synthetic" in tables["documents"].columns else {}
    return [(f"{UI['synthetic']}{name}" if synthetic.get(d) else name, d) for d, name in docs.items()]


def _finding_lines(findings: pl.DataFrame) -> pl.DataFrame:
    """Findings with `lines`: every source line they cite (src_line and src_lines)."""
    cited = pl.concat_list(
        pl.col("src_line").cast(pl.Int64),
        pl.col("src_lines").fill_null("").str.split(",").list.eval(
            pl.element().str.strip_chars().cast(pl.Int64, strict=False)))
    return findings.with_columns(lines=cited.list.drop_nulls().list.unique())


def findings_for_lines(tables: Tables, doc_id: str, lines: pl.DataFrame,
                       tree: pl.DataFrame | None = None) -> pl.DataFrame:
    """The audit findings of the document that cite a line of `lines` or of their 款 and 项
    (a 类 summed from its items is disputed by a finding on those items)."""
    f = tables.get("findings")
    if f is None or lines.height == 0:
        return pl.DataFrame()
    rows = lines
    if tree is not None and tree.height:
        keys = lines["key"].implode()
        rows = tree.filter(pl.col("key").is_in(keys) | pl.col("class_key").is_in(keys)
                           | pl.col("section_key").is_in(keys))
    cited = {int(v) for c in _LINE_COLS if c in rows.columns for v in rows[c].drop_nulls()}
    found = _finding_lines(f.filter(pl.col("doc_id") == doc_id))
    keep = found["lines"].map_elements(lambda ls: bool(cited & set(ls)), return_dtype=pl.Boolean)
    return found.filter(keep).drop("lines")


def total_disagreement(tables: Tables, doc_id: str, lines: pl.DataFrame) -> str:
    """A note when 类 rows built from summed items disagree with the document's own stated
    total (initial budget or final), with both completion rates; "" otherwise."""
    classes = lines.filter(pl.col("level") == "class")
    if classes.height == 0 or not (classes["budget_initial_basis"] == "sum").any():
        return ""
    stated = measures.document_completion(tables["totals"]).filter(pl.col("doc_id") == doc_id)
    if stated.height == 0 or classes["budget_initial"].null_count() or classes["actual"].null_count():
        return ""
    s = stated.row(0, named=True)
    b, a = classes["budget_initial"].sum(), classes["actual"].sum()
    tol = 0.01 * max(classes.height, 1) + 1e-9
    if (s["budget_initial"] is None or abs(b - s["budget_initial"]) <= tol) and \
            (s["actual"] is None or abs(a - s["actual"]) <= tol):
        return ""
    pct = (lambda x, y: present.fmt(100 * x / y, schema.PERCENT) if x is not None and y else "—")
    return (f"注意：各类的数值由下级科目加总（{SUMMED}）：年初预算合计{present.amount(b)}、"
            f"决算{present.amount(a)}，完成年初预算{pct(a, b)}；而文档自己所述的总额是年初预算"
            f"{present.amount(s['budget_initial'])}、决算{present.amount(s['actual'])}，完成年初预算"
            f"{pct(s['actual'], s['budget_initial'])}。两者不一致，以哪一个为准要回到原文（见下方审核发现）。")


def compare_lines(tables: Tables, doc_ids: Sequence[str], class_name: str | None = None
                  ) -> pl.DataFrame:
    """The 类 of several documents side by side (one 类 by name, or all), each value as
    `line_tree` gives it, with the document's label (synthetic ones marked)."""
    labels = {d: name for name, d in doc_options(tables)}
    parts = []
    for doc in doc_ids:
        cls = children(line_tree(tables["budget_lines"], doc))
        if class_name:
            cls = cls.filter(pl.col("class_name").str.replace_all(r"\s+", "") == class_name)
        parts.append(cls.with_columns(doc_label=pl.lit(labels.get(doc, doc))))
    parts = [p for p in parts if p.height]
    return pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()


def class_names(tables: Tables, doc_ids: Sequence[str]) -> list[str]:
    names: list[str] = []
    for doc in doc_ids:
        for n in children(line_tree(tables["budget_lines"], doc))["class_name"].drop_nulls():
            n = "".join(n.split())
            if n not in names:
                names.append(n)
    return names


SEARCH_COLUMNS = ("kind", "doc_id", "subject", "text", "src_line")


def search(tables: Tables, text: str, doc_ids: Sequence[str] | None = None) -> pl.DataFrame:
    """Indicators (names, targets, actual values, reasons for deviations) and audit findings
    (rule, subject, message) whose text contains `text` (spaces ignored, case-insensitive)."""
    needle = "".join(text.split()).lower()
    if not needle:
        return pl.DataFrame(schema={c: (pl.Int64 if c == "src_line" else pl.String)
                                    for c in SEARCH_COLUMNS})
    ind = tables["perf_indicators"].filter(pl.col("row_kind") == "indicator")
    ind_text = pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in
                              ("level1", "level2", "level3", "target", "actual",
                               "deviation_reason")], separator=" ｜ ")
    a = ind.select(kind=pl.lit("指标"), doc_id="doc_id", subject="eval_id", text=ind_text,
                   src_line=pl.col("src_line").cast(pl.Int64))
    f = tables["findings"]
    b = f.select(kind=pl.lit("审核发现"), doc_id="doc_id",
                 subject=pl.concat_str([pl.col("rule_id"), pl.col("subject").fill_null("")],
                                       separator=" "),
                 text=pl.col("message_zh"), src_line=pl.col("src_line").cast(pl.Int64))
    both = pl.concat([a, b])
    if doc_ids:
        both = both.filter(pl.col("doc_id").is_in(list(doc_ids)))
    hay = pl.concat_str([pl.col("subject").fill_null(""), pl.col("text").fill_null("")])
    return both.filter(hay.str.replace_all(r"\s+", "").str.to_lowercase()
                       .str.contains(needle, literal=True))


def export(data: pl.DataFrame, path: Path) -> Path:
    """A frame as CSV in UTF-8 with a byte-order mark (Excel then reads the Chinese)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flat = data.select([pl.col(c).cast(pl.String) if dtype.is_nested() else pl.col(c)
                        for c, dtype in data.schema.items()])
    path.write_bytes(b"\xef\xbb\xbf" + flat.write_csv().encode("utf-8"))
    return path
