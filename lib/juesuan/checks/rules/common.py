"""What every rule shares: the finding row, a stated value with its line (`Part`), and the
tolerances of sums, percentages and repeated statements under the documents' rounding (尾差)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from juesuan.metadata import perf_templates
from juesuan.metadata.formats import ROUNDING

EPS = 1e-9
STANDARD_FUNDS_WEIGHT = 10.0  # DOMAIN.md: the funds block is worth 分值 10 (usually)
# Templates whose funds block is worth STANDARD_FUNDS_WEIGHT when it prints no 分值 (registry).
FUNDS_TEMPLATES = frozenset(t.name for t in perf_templates.TEMPLATES
                            if t.standard_funds_weight == STANDARD_FUNDS_WEIGHT)
RATE_LIMIT = 110.0  # an execution rate above this is implausible
YUAN_PER_WANYUAN = 10_000

Tables = dict[str, pl.DataFrame]
Finding = dict


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title_zh: str
    title_en: str
    checks: str
    tolerance: str
    func: Callable[[Tables], list[Finding]]
    category: str = "sum"  # a key of metadata.codes.FINDING_CATEGORIES
    peer: str = ""  # the GovBudgetChecker rule (rules/v3_3.yaml) it corresponds to, if any


@dataclass(frozen=True)
class Part:
    """One printed figure taking part in a check."""

    zh: str
    en: str
    value: float
    line: int


# --- small helpers ---------------------------------------------------------------------------

class Batch(dict):
    """The tables of a batch of documents (`registry.run` audits a corpus batch by batch),
    holding what several rules derive from them — a table's rows as dicts, the source lines
    by document — so that each is computed once per batch, not once per rule. Rules never
    modify what they are given."""

    def __init__(self, tables: Tables) -> None:
        super().__init__(tables)
        self.derived: dict[object, object] = {}


BATCH_DOCUMENTS = 200  # documents audited together: bounds the rows held as dicts at a time
_BATCH = "__batch"


def batches(tables: Tables, doc_ids: list[str] | None = None,
            size: int | None = None) -> Iterator[Batch]:
    """The tables split into batches of `size` documents (default BATCH_DOCUMENTS) of
    `doc_ids` (default: every document with rows), in doc_id order; a table without doc_id
    goes whole into each.
    Every rule compares figures of one document, so auditing batch by batch finds what
    auditing the whole corpus at once finds, in time linear in the number of documents."""
    split = {name: df for name, df in tables.items() if "doc_id" in df.columns}
    if doc_ids is None:
        docs = sorted(set().union(*(df["doc_id"].drop_nulls().unique().to_list()
                                    for df in split.values())))
    else:
        docs = sorted(set(doc_ids))
    if not docs:
        return
    size = size or BATCH_DOCUMENTS
    number = {d: i // size for i, d in enumerate(docs)}
    parts = {name: df.with_columns(pl.col("doc_id").replace_strict(
                 number, default=None, return_dtype=pl.Int64).alias(_BATCH))
             .filter(pl.col(_BATCH).is_not_null())
             .partition_by(_BATCH, as_dict=True, include_key=False, maintain_order=True)
             for name, df in split.items()}
    for b in range((len(docs) + size - 1) // size):
        yield Batch({name: parts[name].get((b,), df.clear()) if name in parts else df
                     for name, df in tables.items()})


def derived(tables: Tables, key: object, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per batch when `tables` is a Batch (else every time)."""
    store = getattr(tables, "derived", None)
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def _rows(tables: Tables, name: str) -> list[dict]:
    """A table's rows as dicts in source order (empty when the table is not given)."""
    def compute() -> list[dict]:
        df = tables.get(name)
        if df is None or df.is_empty():
            return []
        return df.sort(["doc_id", "src_line"], maintain_order=True).to_dicts()

    return list(derived(tables, ("rows", name), compute))


def _line(row: dict, col: str) -> int:
    """The line a value is printed on: its own *_src_line, else the row's."""
    return row.get(f"{col}_src_line") or row["src_line"]


def _num(x: float) -> str:
    """A score, weight or percentage as printed (no trailing zeros)."""
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _amt(x: float) -> str:
    """An amount with at least two decimals, more when it was printed with more."""
    s = f"{x:.2f}"
    return s if abs(float(s) - x) < 1e-9 else f"{x:.6f}".rstrip("0")


def _fmt(x: float, unit: str) -> str:
    return _amt(x) if unit in ("万元", "元") else _num(x)


def _lines_zh(lines: Iterable[int]) -> str:
    return "第" + "、".join(str(n) for n in sorted(set(lines))) + "行"


def _lines_en(lines: Iterable[int]) -> str:
    ls = sorted(set(lines))
    return ("line " if len(ls) == 1 else "lines ") + ", ".join(str(n) for n in ls)


def _finding(doc_id: str, rule_id: str, severity: str, subject: str, zh: str, en: str,
             lines: Iterable[int | None], *, src_line: int | None = None,
             stated: float | None = None, expected: float | None = None,
             tolerance: float | None = None, eval_id: str | None = None) -> Finding:
    """A finding row with exactly the FINDINGS columns."""
    ls = sorted({int(n) for n in lines if n is not None})
    diff = None if stated is None or expected is None else round(stated - expected, 6)
    return {"doc_id": doc_id, "rule_id": rule_id, "severity": severity, "subject": subject,
            "eval_id": eval_id, "stated": stated,
            "expected": None if expected is None else round(expected, 6),
            "difference": diff, "tolerance": None if tolerance is None else round(tolerance, 6),
            "message_zh": zh, "message_en": en,
            "src_line": src_line if src_line is not None else ls[0],
            "src_lines": ",".join(str(n) for n in ls)}


def sum_tolerance(n_parts: int) -> float:
    """Rounding allowed between a total and the sum of n parts: 0.005 × (n + 1)."""
    return ROUNDING * (n_parts + 1)


def sum_holds(total: float, values: list[float], tolerance: float | None = None) -> bool:
    """Whether a total equals the sum of its parts within `tolerance` (default
    `sum_tolerance`): the test of `_sum_finding`, for a rule to skip building the parts of a
    sum that holds."""
    tol = sum_tolerance(len(values)) if tolerance is None else tolerance
    return abs(total - sum(values)) <= tol + EPS


def _sum_finding(doc_id: str, rule_id: str, subject: str, total: Part, parts: list[Part],
                 unit: str = "万元", missing: tuple[list[str], list[str]] = ([], []),
                 tolerance: float | None = None, incomplete: bool = False,
                 table: bool = False, eval_id: str | None = None) -> Finding | None:
    """total vs Σ parts; None when within tolerance. `missing` names parts not stated. In the
    narrative a missing part (or a listing that may be `incomplete`) could explain a stated
    total above the stated parts, which is then only a warning; in a `table` a blank cell
    adds nothing and any difference is an error."""
    if sum_holds(total.value, [p.value for p in parts], tolerance):
        return None
    expected = sum(p.value for p in parts)
    tol = sum_tolerance(len(parts)) if tolerance is None else tolerance
    diff = total.value - expected
    unknown = (bool(missing[0]) and not table) or incomplete
    severity = "warning" if unknown and diff > 0 else "error"
    joiner = "与" if len(parts) == 2 else "、"
    parts_zh = joiner.join(f"{p.zh}{_fmt(p.value, unit)}{unit}（第{p.line}行）" for p in parts)
    parts_en = " + ".join(f"{p.en} {_fmt(p.value, unit)} (line {p.line})" for p in parts)
    zh = (f"第{total.line}行所述{total.zh}{_fmt(total.value, unit)}{unit}，与{parts_zh}之和"
          f"{_fmt(expected, unit)}{unit}不符（差额{_fmt(diff, unit)}{unit}，容差{_num(tol)}）")
    en = (f"{total.en} of {_fmt(total.value, unit)} {unit} stated on line {total.line} does not "
          f"equal {parts_en} = {_fmt(expected, unit)} {unit} (difference {_fmt(diff, unit)}, "
          f"tolerance {_num(tol)})")
    if missing[0] and table:
        zh += f"；空白单元格：{'、'.join(missing[0])}，按无金额计"
        en += f"; blank cells: {', '.join(missing[1])}, counted as nothing"
    elif missing[0]:
        zh += f"；未述及：{'、'.join(missing[0])}，未计入"
        en += f"; not stated: {', '.join(missing[1])}, left out of the sum"
    lines = [total.line] + [p.line for p in parts]
    return _finding(doc_id, rule_id, severity, subject, zh + "。", en + ".", lines,
                    src_line=total.line, stated=total.value, expected=expected, tolerance=tol,
                    eval_id=eval_id)


def half_unit(p: float) -> float:
    """Half a unit of the last decimal a percentage is printed with (96.2 → 0.05, 100 → 0.5),
    read from the shortest repr of the stored float."""
    s = repr(float(p))
    if "e" in s or "." not in s:
        return 0.5
    decimals = s.split(".")[1]
    return 0.5 * 10 ** -(0 if decimals == "0" else len(decimals))


def percent_interval(a: float, b: float, p: float, b_rounding: float = ROUNDING
                     ) -> tuple[float, float, float] | None:
    """(a/b in %, lowest, highest) allowed by ±0.005 on a, ±`b_rounding` on b (more when b is
    itself computed from printed amounts) and the rounding of p; None when the base cannot be
    told from zero. A negative a (a stated decrease) keeps its sign: its magnitude ± 0.005."""
    if b - b_rounding <= 0:
        return None
    h = half_unit(p)
    ends = [math.copysign(m, a) for m in (max(abs(a) - ROUNDING, 0.0), abs(a) + ROUNDING)]
    ratios = [100 * x / d for x in ends for d in (b - b_rounding, b + b_rounding)]
    return 100 * a / b, min(ratios) - h, max(ratios) + h


def percent_consistent(p: float, a: float, b: float) -> bool | None:
    """Whether p lies in the rounding interval of a/b (None when the base is zero)."""
    bounds = percent_interval(a, b, p)
    return None if bounds is None else bounds[1] - EPS <= p <= bounds[2] + EPS


def truncated(p: float, lo: float, hi: float, h: float) -> bool:
    """Whether p is a value in [lo, hi] cut (not rounded) to p's printed decimals: some
    documents truncate percentages (9.557% printed 9.55%) — a note, not a contradiction."""
    return p - EPS <= hi and p + 2 * h > lo + EPS


def _pct_finding(doc_id: str, rule_id: str, subject: str, pct: Part, a: Part, b: Part,
                 unit: str = "万元", note: tuple[str, str] = ("", ""),
                 eval_id: str | None = None, severity: str = "error",
                 b_rounding: float = ROUNDING) -> Finding | None:
    """A stated percentage vs a/b; None when inside the rounding interval."""
    bounds = percent_interval(a.value, b.value, pct.value, b_rounding)
    if bounds is None:
        return None
    expected, lo, hi = bounds
    if lo - EPS <= pct.value <= hi + EPS:
        return None
    tol = max(hi - expected, expected - lo)
    h = half_unit(pct.value)
    if severity == "error" and truncated(pct.value, lo + h, hi - h, h):
        severity = "info"
        note = (note[0] + "；按截断（舍去尾数）而非四舍五入可得",
                note[1] + "; it is the ratio truncated rather than rounded")
    zh = (f"第{pct.line}行所述{pct.zh}{_num(pct.value)}%，与{a.zh}{_fmt(a.value, unit)}{unit}"
          f"（第{a.line}行）÷{b.zh}{_fmt(b.value, unit)}{unit}（第{b.line}行）="
          f"{expected:.2f}%不符（容许区间{lo:.2f}%–{hi:.2f}%）{note[0]}。")
    en = (f"{pct.en} of {_num(pct.value)}% stated on line {pct.line} does not match "
          f"{a.en} {_fmt(a.value, unit)} (line {a.line}) / {b.en} {_fmt(b.value, unit)} "
          f"(line {b.line}) = {expected:.2f}% (allowed {lo:.2f}%–{hi:.2f}%){note[1]}.")
    return _finding(doc_id, rule_id, severity, subject, zh, en, [pct.line, a.line, b.line],
                    src_line=pct.line, stated=pct.value, expected=expected, tolerance=tol,
                    eval_id=eval_id)


def _dup_finding(doc_id: str, rule_id: str, subject: str, first: Part, other: Part,
                 unit: str = "万元", tolerance: float = ROUNDING,
                 eval_id: str | None = None, severity: str = "error",
                 why: tuple[str, str] = ("。", "."), also: tuple[int, ...] = ()) -> Finding | None:
    """The same figure stated twice: `other` vs `first` (`why`: the sentence's ending, when
    the equality is inferred; `also`: the lines it is inferred from)."""
    diff = other.value - first.value
    if abs(diff) <= tolerance + EPS:
        return None
    zh = (f"{other.zh}在第{other.line}行为{_fmt(other.value, unit)}{unit}，而{first.zh}在第"
          f"{first.line}行为{_fmt(first.value, unit)}{unit}，同一数字前后不一致"
          f"（差额{_fmt(diff, unit)}）")
    en = (f"{other.en} is {_fmt(other.value, unit)} {unit} on line {other.line} but "
          f"{first.en} is {_fmt(first.value, unit)} {unit} on line {first.line}: the same "
          f"figure stated with different values (difference {_fmt(diff, unit)})")
    if unit == "万元" and yuan_for_wanyuan(other.value, first.value):
        big = abs(other.value) > abs(first.value)
        zh += f"，相差一万倍，第{other.line}行疑按{'元' if big else '亿元'}填写而标为万元"
        en += (f", a factor of 10,000: line {other.line} looks like an amount in "
               f"{'元' if big else '亿元'} labelled 万元")
    zh, en = zh + why[0], en + why[1]
    return _finding(doc_id, rule_id, severity, subject, zh, en, [other.line, first.line, *also],
                    src_line=other.line, stated=other.value, expected=first.value,
                    tolerance=tolerance, eval_id=eval_id)


def yuan_for_wanyuan(a: float, b: float) -> bool:
    """Whether one amount is the other × 10,000 (an amount in 元, or in 亿元, printed under
    万元), within the rounding of the smaller printed amount."""
    small, big = sorted((abs(a), abs(b)))
    return small > 0 and abs(big / YUAN_PER_WANYUAN - small) <= ROUNDING + EPS


def _keep(items: Iterable[Finding | None]) -> list[Finding]:
    return [f for f in items if f is not None]
