"""What every chart shares: sizes and formats, one colour per meaning, tooltips, titles,
reference lines."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import ParamSpec, TypeVar

import altair as alt
import polars as pl
from altair.utils.schemapi import debug_mode

from juesuan import measures, metadata, present

Tables = Mapping[str, pl.DataFrame]
P = ParamSpec("P")
R = TypeVar("R")

WAN = ",.2f"  # amounts in 万元
PCT = ".2%"  # percentages in tooltips (fields hold fractions: 0.9612)
PCT_AXIS = ".0%"
POINTS_FMT = ".2~f"
WIDTH = 560
STEP = 20  # height of one row of a horizontal bar chart
DOC_COLUMN = 190  # width of one document's column in the audit heat maps

# --- colours: one meaning, one colour, in every chart ------------------------------------------

BLUE, ORANGE, RED, TEAL, GREEN = "#4C78A8", "#F58518", "#E45756", "#72B7B2", "#54A24B"
YELLOW, PURPLE, PINK, BROWN, GREY = "#EECA3B", "#B279A2", "#FF9DA6", "#9D755D", "#BAB0AC"
DARK = "#333333"
DOC_PALETTE = (BLUE, ORANGE, GREEN, PURPLE, TEAL, YELLOW, PINK, BROWN, RED, GREY)

COLORS: dict[str, dict[str, str]] = {
    "budget_status": {"budgeted": BLUE, "unbudgeted": RED, "not_stated": GREY},
    "gap": {"over": ORANGE, "under": BLUE, "unbudgeted": RED},
    "category": {"personnel": BLUE, "public": ORANGE},
    "severity": {"error": RED, "warning": ORANGE, "info": TEAL},
    "status": {"present": GREEN, "empty_declared": TEAL, "listed_only": YELLOW,
               "missing": RED, "extra": GREY},
    "grade": {"优": GREEN, "良": BLUE, "中": YELLOW, "差": RED, "未评级": GREY},
    "execution_band": {"ge95": BLUE, "80to95": ORANGE, "lt80": RED, "none": GREY},
    "three_public": {"total": "#2F4B7C", "item": BLUE, "meeting_training": TEAL},
    "income": {"income_fiscal_appropriation": BLUE, "income_gpb_appropriation": BLUE,
               "income_business": TEAL, "income_operating": PURPLE, "income_other": YELLOW,
               "income_carryover_begin": GREY},
    "expenditure": {"expenditure_basic": ORANGE, "expenditure_project": GREEN,
                    "expenditure_operating": PURPLE, "carryover_end": BROWN},
    "structure": {"expenditure_basic": ORANGE, "expenditure_project": GREEN,
                  "basic_personnel": BLUE, "basic_public": ORANGE},
    "measure": {"full_marks_share": GREEN, "qualitative_share": PURPLE},
}

# Names of the categories the charts derive (metadata.DISPLAY_VALUES), value -> Chinese.
EXECUTION_BANDS, GAP_LABELS, THREE_PUBLIC_KINDS = (
    {k: zh for k, (zh, _en) in metadata.DISPLAY_VALUES[c].items()}
    for c in ("execution_band", "gap", "three_public_kind"))
SRC, RATE_TITLE, RATE_TITLE_LONG, UNGRADED = (
    metadata.DISPLAY_LABELS[k] for k in ("src_line", "rate_shown", "rate_shown_long", "ungraded"))
VALUE_MAP = present.VALUE_LABELS


# --- small helpers ---------------------------------------------------------------------------------

def _doc(df: pl.DataFrame, doc_id: str | None) -> pl.DataFrame:
    return df if doc_id is None else df.filter(pl.col("doc_id") == doc_id)


def _docs(df: pl.DataFrame, tables: Tables, doc_ids: Sequence[str] | None) -> pl.DataFrame:
    return df.filter(pl.col("doc_id").is_in(measures.selected_docs(tables, doc_ids)))


def fractions(*cols: str) -> list[pl.Expr]:
    """Fraction columns `<col>_f` (percent ÷ 100) for percent formats."""
    return [(pl.col(c) / 100.0).alias(f"{c}_f") for c in cols]


def field_tooltip(field: str, title: str, fmt: str | None = None, kind: str | None = None) -> alt.Tooltip:
    kind = kind or ("quantitative" if fmt else "nominal")
    if fmt:
        return alt.Tooltip(field, type=kind, title=title, format=fmt)  # type: ignore[arg-type]
    return alt.Tooltip(field, type=kind, title=title)  # type: ignore[arg-type]


def source_tooltip(field: str = "src_line", title: str = SRC) -> alt.Tooltip:
    return alt.Tooltip(field, type="quantitative", title=title, format="d")


def category_scale(domain_keys: Sequence[str], column: str, palette: Mapping[str, str],
           labels: Mapping[str, str] | None = None) -> alt.Scale:
    names = [(labels or VALUE_MAP.get(column, {})).get(k, k) for k in domain_keys]
    return alt.Scale(domain=names, range=[palette[k] for k in domain_keys])


def _doc_scale(tables: Tables, shown: Sequence[str] | None = None) -> alt.Scale:
    """Each document keeps its colour in every chart (by doc_id order in the catalog); the
    legend lists only the documents `shown` (their doc_ids; default all)."""
    names = present.doc_labels(tables)
    colour = {d: DOC_PALETTE[i % len(DOC_PALETTE)] for i, d in enumerate(names)}
    keep = [d for d in names if shown is None or d in set(shown)]
    return alt.Scale(domain=[names[d] for d in keep], range=[colour[d] for d in keep])


def _unit_labels(tables: Tables) -> pl.DataFrame:
    return tables["documents"].select("doc_id", measures.unit_label().alias("unit_label"))


def _subtitle(tables: Tables, doc_id: str | None, *more: str) -> list[str]:
    lines = []
    if doc_id is not None:
        lines.append(present.doc_labels(tables).get(doc_id, doc_id))
    return lines + [m for m in more if m]


def _title(text: str, tables: Tables, doc_id: str | None = None, *more: str) -> alt.Title:
    sub = _subtitle(tables, doc_id, *more)
    return alt.Title(text, subtitle=sub) if sub else alt.Title(text)


# Layers and concatenations are made with their properties and scale resolution given to the
# constructor, not by `.properties()` / `.resolve_scale()` afterwards: each of those copies the
# whole chart (Altair re-creates a layered chart, deep-copying every layer, and validates the
# property), which was most of the time a unit report's kernel spent in Altair. Encodings are
# channel objects (alt.X("value:Q"), alt.TextValue(...)), not strings or alt.value dicts, which
# Altair converts by building a table of its ~600 schema classes anew for each one.

def unvalidated(build: Callable[P, R]) -> Callable[P, R]:
    """A chart function run without Altair validating every part as it is made (its debug
    mode: one JSON-schema validation per axis, scale, title, tooltip …, ~15 % of a unit
    report's kernel time). The parts are the same; the whole spec is validated by the tests
    (tests/charts/test_report_specs.py)."""
    @functools.wraps(build)
    def unchecked(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return unchecked


def independent_scales(**channels: str) -> alt.Resolve:
    """The `resolve` of `.resolve_scale(**channels)`, to give a layer or concatenation."""
    return alt.Resolve(scale=alt.ScaleResolveMap(**channels))


def chart_height(n: int) -> int:
    return max(STEP * n, 2 * STEP)


def note_layer(df: pl.DataFrame, y: alt.Y, text: str, tooltip: list[alt.Tooltip],
                x_value: float = 0.0) -> alt.Chart:
    """A grey text at x=0 for rows without a value (“未列示”), so they are not mistaken for 0."""
    return (alt.Chart(df).mark_text(align="left", dx=3, color="#777777", fontSize=11)
            .encode(x=alt.X(datum=x_value), y=y, text=alt.TextValue(value=text), tooltip=tooltip))


def reference_rule(x: float, note: str, title: str, dash: bool = True, axis: str = "x",
          fmt: str | None = None) -> alt.Chart:
    """A reference line with its own tooltip (e.g. 100%: spending equals the budget). `title`
    is the axis title of the chart it is layered on (Vega-Lite joins layers' axis titles, so
    the rule repeats it rather than adding its field name; `fmt` its label format)."""
    df = pl.DataFrame({"v": [x], "note": [note]})
    ax = alt.Axis(format=fmt) if fmt else alt.Axis()
    pos = (alt.X("v:Q", title=title, axis=ax) if axis == "x"
           else alt.Y("v:Q", title=title, axis=ax))
    return (alt.Chart(df).mark_rule(color=DARK, strokeDash=[4, 3] if dash else [], size=1)
            .encode(pos, tooltip=[field_tooltip("note", "参考线")]))

