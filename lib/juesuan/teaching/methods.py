"""The figures behind the exercises: what the right method and each typical wrong method give,
computed from the curated tables (exercise subject → value), lesson by lesson.

The exercises (`exercises.py`) use them as the values of their `Mistake`s; which one is an
exercise's right answer is said only by the teacher's key
(`notebooks/teaching/solutions/answer_key.py`, which picks its rules from here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from juesuan import measures, present
from juesuan.teaching import answers, reading

# --- helpers -----------------------------------------------------------------------------------

Tables = Mapping[str, pl.DataFrame]
Value = float | int | str | None
Compute = Callable[[Tables, str | None], Value]


def _row(df: pl.DataFrame, **equal: object) -> dict | None:
    """The first row whose columns equal the given values (None when there is none)."""
    for col, value in equal.items():
        df = df.filter(pl.col(col) == value)
    return df.row(0, named=True) if df.height else None


def _get(df: pl.DataFrame, col: str, **equal: object) -> Value:
    row = _row(df, **equal)
    return None if row is None else row[col]


def _pct(num: Value, base: Value) -> float | None:
    """num ÷ base in percent; None where either is missing or the base is 0 (as measures.pct)."""
    if num is None or base is None or base == 0:
        return None
    return 100.0 * num / base


def _headline(tables: Tables, doc: str | None, metric: str) -> Value:
    return _get(measures.headline(tables["totals"], metric), "value", doc_id=doc)


def _execution(tables: Tables, eval_id: str | None, col: str) -> Value:
    return _get(measures.execution(tables["perf_evaluations"]), col, eval_id=eval_id)


# --- 01 anatomy ----------------------------------------------------------------------------------

def _standard_tables(statuses: tuple[str, ...], with_extra: bool = False) -> Compute:
    """How many of the nine standard tables a document has in `statuses` (plus its provincial
    extras with `with_extra`)."""
    def count(tables: Tables, doc: str | None) -> int:
        c = tables["completeness"].filter((pl.col("doc_id") == doc)
                                          & (pl.col("item_kind") == "table"))
        keep = pl.col("required") & pl.col("status").is_in(list(statuses))
        if with_extra:
            keep = keep | (pl.col("status") == "extra")
        return c.filter(keep).height
    return count


def _class_share(tables: Tables, doc: str | None) -> Value:
    """Share of 类 208 社会保障和就业支出 in the document's general-budget expenditure."""
    shares = measures.functional_shares(tables["budget_lines"])
    return _get(shares, "share", doc_id=doc, class_name="社会保障和就业支出")


def _table05(tables: Tables, doc: str | None) -> pl.DataFrame:
    return tables["budget_lines"].filter((pl.col("doc_id") == doc)
                                         & (pl.col("statement") == "table_gpb_expenditure"))


def _class_share_levels(numerator: tuple[str, ...], denominator: tuple[str, ...]) -> Compute:
    """The 类 208 share computed from 公开05表 with the given levels added up in the numerator
    (rows of class 208) and in the denominator: what mixing the levels gives."""
    def share(tables: Tables, doc: str | None) -> Value:
        t = _table05(tables, doc)
        num = t.filter(pl.col("func_code").str.starts_with("208")
                       & pl.col("level").is_in(list(numerator)))["actual"].sum()
        base = t.filter(pl.col("level").is_in(list(denominator)))["actual"].sum()
        return _pct(num, base) if t.height else None
    return share


def _structure(col: str) -> Compute:
    return lambda tables, doc: _get(measures.structure(tables["totals"]), col, doc_id=doc)


def _personnel_over(metric: str) -> Compute:
    return lambda tables, doc: _pct(_headline(tables, doc, "basic_personnel"),
                                    _headline(tables, doc, metric))


# --- 02 execution --------------------------------------------------------------------------------

def _completion(tables: Tables, doc: str | None) -> Value:
    return _get(measures.document_completion(tables["totals"]), "completion_rate", doc_id=doc)


def _narrative_line(tables: Tables, subject: str | None) -> dict | None:
    """The narrative line of a subject `doc_id:func_code` or `doc_id:L<src_line>` (the lines of a
    document whose narrative gives no codes), with its completion of the initial budget."""
    doc, part = subject.split(":", 1)
    lines = measures.line_completion(tables["budget_lines"]).filter(
        (pl.col("doc_id") == doc) & (pl.col("statement") == "narrative_gpb"))
    if part.startswith("L"):
        return _row(lines, src_line=int(part[1:]))
    return _row(lines, func_code=part)


def _line_completion(tables: Tables, subject: str | None) -> Value:
    """Completion of the initial budget of one line, subject `doc_id:func_code` or
    `doc_id:L<src_line>`."""
    row = _narrative_line(tables, subject)
    return None if row is None else row["completion_rate"]


def _narrative_items(tables: Tables, doc: str | None) -> pl.DataFrame:
    return tables["budget_lines"].filter((pl.col("doc_id") == doc)
                                         & (pl.col("statement") == "narrative_gpb")
                                         & (pl.col("level") == "item"))


def _unbudgeted(col: str) -> Compute:
    return lambda tables, doc: _get(measures.unbudgeted_total(tables["budget_lines"]), col,
                                    doc_id=doc)


def _lines(tables: Tables, doc: str | None) -> pl.DataFrame:
    lines = measures.line_completion(tables["budget_lines"]).filter(pl.col("doc_id") == doc)
    return lines.filter(pl.col("level") == "item") if lines.height else lines


def _over_budget_lines(col: str) -> Compute:
    """Sum of `col` over the item lines spent above their initial budget (budgeted or not)."""
    def total(tables: Tables, doc: str | None) -> Value:
        lines = _lines(tables, doc).filter(pl.col("gap_wanyuan") > 0)
        return lines[col].sum() if lines.height else None
    return total


def _gap_rank(ranked_by: str) -> Compute:
    return lambda tables, doc: _get(measures.largest_gaps(tables["budget_lines"]), "func_code",
                                    doc_id=doc, ranked_by=ranked_by, rank=1)


def _largest(col: str, budgeted_only: bool = False) -> Compute:
    def code(tables: Tables, doc: str | None) -> Value:
        lines = _lines(tables, doc)
        if budgeted_only:
            lines = lines.filter(pl.col("budget_initial") > 0)
        return lines.sort(col, descending=True)["func_code"][0] if lines.height else None
    return code


# --- 03 performance ------------------------------------------------------------------------------

def _grades(tables: Tables, doc: str | None) -> pl.DataFrame:
    g = measures.evaluation_grades(tables["perf_evaluations"])
    return g if doc is None else g.filter(pl.col("doc_id") == doc)


def _share_you(tables: Tables, doc: str | None) -> Value:
    """Share of the evaluations (of a document, or the corpus) whose grade is 优."""
    g = _grades(tables, doc).filter(pl.col("grade").is_not_null())
    return _pct(g.filter(pl.col("grade") == "优").height, g.height)


def _share_you_stated(tables: Tables, doc: str | None) -> Value:
    g = _grades(tables, doc).filter(~pl.col("grade_is_computed") & pl.col("grade").is_not_null())
    return _pct(g.filter(pl.col("grade") == "优").height, g.height)


def _count_you(tables: Tables, doc: str | None) -> Value:
    return _grades(tables, doc).filter(pl.col("grade") == "优").height


def _full_score_share(tables: Tables, doc: str | None) -> Value:
    g = _grades(tables, doc).filter(pl.col("score").is_not_null())
    return _pct(g.filter((pl.col("score") - 100).abs() < measures.SCORE_EPS).height, g.height)


def _grade(tables: Tables, eval_id: str | None) -> Value:
    return _get(measures.evaluation_grades(tables["perf_evaluations"]), "grade", eval_id=eval_id)


def _funds_points(rate_col: str, cap: bool = False) -> Compute:
    """Funds score by the template's rule: rate × funds weight (capped at the weight)."""
    def points(tables: Tables, eval_id: str | None) -> Value:
        rate = _execution(tables, eval_id, rate_col)
        weight = _execution(tables, eval_id, "funds_weight")
        if rate is None or weight is None:
            return None
        value = rate * weight / 100.0
        return min(value, weight) if cap else value
    return points


def _full_marks(col: str) -> Compute:
    return lambda tables, doc: _get(measures.full_marks(tables["perf_indicators"], by="doc_id"),
                                    col, doc_id=doc)


def _full_marks_over(denominator: str) -> Compute:
    """Full marks ÷ a wrong denominator: applicable indicators, or every indicator row."""
    def share(tables: Tables, doc: str | None) -> Value:
        c = measures.classify_indicators(tables["perf_indicators"]).filter(
            pl.col("doc_id") == doc)
        base = c.filter(pl.col("applicable") if denominator == "applicable"
                        else pl.col("row_kind") == "indicator").height
        return _pct(int(c["full_marks"].sum()), base)
    return share


def _full_marks_pooled(tables: Tables, doc: str | None) -> Value:
    fm = measures.full_marks(tables["perf_indicators"], by="doc_id")
    return _pct(int(fm["n_full_marks"].sum()), int(fm["n_scored"].sum()))


def _qualitative_share(tables: Tables, doc: str | None) -> Value:
    q = measures.qualitative_share(tables["perf_indicators"], by="doc_id")
    return _get(q, "qualitative_share", doc_id=doc)


# --- 04 checking ---------------------------------------------------------------------------------

def _narrative_total(tables: Tables, doc: str | None, metric: str) -> Value:
    """The general-budget total as the narrative states it (its first statement)."""
    t = tables["totals"].filter((pl.col("doc_id") == doc) & (pl.col("metric") == metric)
                                & (pl.col("source_kind") == "narrative")).sort("src_line")
    return t["value"][0] if t.height else None


def _items_sum(tables: Tables, doc: str | None, col: str) -> Value:
    items = _narrative_items(tables, doc)
    if items.height == 0 or items[col].null_count():
        return None
    return items[col].sum()


def _total_minus_items(metric: str, col: str) -> Compute:
    def gap(tables: Tables, doc: str | None) -> Value:
        total, parts = _narrative_total(tables, doc, metric), _items_sum(tables, doc, col)
        return None if total is None or parts is None else total - parts
    return gap


def _indicator_scores(col: str) -> Compute:
    def total(tables: Tables, eval_id: str | None) -> Value:
        rows = tables["perf_indicators"].filter((pl.col("eval_id") == eval_id)
                                                & (pl.col("row_kind") == "indicator"))
        return rows[col].sum() if rows.height else None
    return total


def _parts_plus(indicator_col: str, funds_col: str) -> Compute:
    """Σ of the indicators' `indicator_col` + the evaluation's `funds_col`."""
    def total(tables: Tables, eval_id: str | None) -> Value:
        ind = _indicator_scores(indicator_col)(tables, eval_id)
        funds = _execution(tables, eval_id, funds_col)
        return None if ind is None or funds is None else ind + funds
    return total


def _findings(severities: tuple[str, ...]) -> Compute:
    return lambda tables, doc: tables["findings"].filter(
        (pl.col("doc_id") == doc) & pl.col("severity").is_in(list(severities))).height


def _constant(value: Value) -> Compute:
    return lambda tables, subject: value


# --- values of typical mistakes that the first version did not foresee ---------------------------

def _items_total(col: str, unbudgeted: bool | None = None) -> Compute:
    """Σ `col` over the narrative's item lines (all, only unbudgeted or only budgeted ones)."""
    def total(tables: Tables, doc: str | None) -> Value:
        items = _narrative_items(tables, doc)
        if unbudgeted is not None:
            zero = pl.col("budget_initial").fill_null(0) == 0
            items = items.filter(zero if unbudgeted else ~zero)
        return items[col].sum() if items.height and not items[col].null_count() else None
    return total


def _items_gap_total(tables: Tables, doc: str | None) -> Value:
    items = _narrative_items(tables, doc)
    if items.height == 0 or items["actual"].null_count():
        return None
    return items["actual"].sum() - items["budget_initial"].fill_null(0).sum()


def _corpus_share_you(tables: Tables, doc: str | None) -> Value:
    return _share_you(tables, None)


def _reason_label(kind: str | None) -> str | None:
    return None if kind is None else present.value_label("reason_kind", kind)


def largest_reason(by: str) -> Compute:
    """The stated reason (its label) with the largest |决算 − 年初预算| (`by` gap_wanyuan) or the
    most lines (`by` n_lines)."""
    def label(tables: Tables, doc: str | None) -> Value:
        r = reading.reason_summary(tables, doc).filter(pl.col("reason_kind") != "not_stated")
        r = r.filter(pl.col("gap_wanyuan").is_not_null())
        if r.height == 0:
            return None
        key = pl.col(by).abs() if by == "gap_wanyuan" else pl.col(by)
        return _reason_label(r.sort([key, "reason_kind"], descending=[True, False])
                             ["reason_kind"][0])
    return label


def grade_spread(share: Compute) -> Compute:
    """Words for how far a document's grades tell evaluations apart, from a share of 优."""
    def words(tables: Tables, doc: str | None) -> Value:
        value = share(tables, doc)
        if value is None:
            return None
        if value >= 100 - measures.SCORE_EPS:
            return "全部为优"
        return "绝大多数为优" if value >= 80 else "等级有区分"
    return words


def totals_agree(metric: str, col: str) -> Compute:
    """Whether a stated general-budget total and the sum of its listed items agree within the
    rounding the notes allow (0.01 万元 per item)."""
    def words(tables: Tables, doc: str | None) -> Value:
        gap = _total_minus_items(metric, col)(tables, doc)
        if gap is None:
            return None
        n = _narrative_items(tables, doc).height
        return "对得上" if abs(gap) <= 0.01 * n + answers.EPS else "对不上"
    return words
