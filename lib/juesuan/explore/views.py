"""How the explorer draws: the bar charts of a line measure (one document, or across
documents), and the HTML pieces its outputs hold (a scrolling table, a note, a chart rendered
offline without the Vega bundle, which the explorer sends once).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from juesuan import charts, present, schema
from juesuan.charts import COLORS, PCT, PCT_AXIS, WAN, WIDTH
from juesuan.explore.common import LINE_MEASURES, UI
from juesuan.present import label


def _measure_field(measure: str) -> tuple[str, str, str]:
    """(field drawn, axis format, axis title) of a line measure: percentages are drawn as
    fractions (`<measure>_f`), amounts in 万元."""
    zh, unit = present.column_info(measure, "budget_lines")
    if unit == schema.PERCENT:
        return f"{measure}_f", PCT_AXIS, zh
    return measure, ",.0f", f"{zh}（{unit}）" if unit else zh


def lines_chart(lines: pl.DataFrame, measure: str, title: str,
                subtitle: Sequence[str] = ()) -> alt.LayerChart | None:
    """One bar per line for `measure` (a `LINE_MEASURES` column), coloured by whether the line
    had an initial budget; lines that do not state the measure get a grey “未列示”. None when
    no line states it."""
    if measure not in LINE_MEASURES:
        raise ValueError(f"unknown measure {measure!r}; one of {', '.join(LINE_MEASURES)}")
    if lines.height == 0 or lines[measure].drop_nulls().len() == 0:
        return None
    df = lines.with_columns(
        *charts.fractions("completion_rate", "completion_stated", "gap_percent"),
        budget_status_zh=pl.col("budget_status").replace_strict(
            present.VALUE_LABELS["budget_status"]),
        level_zh=pl.col("level").replace_strict(present.VALUE_LABELS["level"]),
        note=pl.col("note").fill_null(""))
    field, axis_fmt, x_title = _measure_field(measure)
    y = alt.Y("line_label:N", title=None, sort=df["line_label"].to_list())
    tooltip = [charts.field_tooltip("line_label", label("line_name")), charts.field_tooltip("level_zh", label("level", "budget_lines")),
               charts.field_tooltip("budget_initial", label("budget_initial", "budget_lines", True), WAN),
               charts.field_tooltip("actual", label("actual", "budget_lines", True), WAN),
               charts.field_tooltip("gap_wanyuan", label("gap_wanyuan", with_unit=True), WAN),
               charts.field_tooltip("completion_rate_f", label("completion_rate"), PCT),
               charts.field_tooltip("completion_stated_f", label("completion_stated", "budget_lines"), PCT),
               charts.field_tooltip("gap_percent_f", label("gap_percent"), PCT),
               charts.field_tooltip("budget_status_zh", label("budget_status")), charts.field_tooltip("note", UI["note"]),
               charts.source_tooltip(), charts.source_tooltip("budget_initial_src_line",
                                  label("budget_initial_src_line", "budget_lines")),
               charts.source_tooltip("actual_src_line", label("actual_src_line", "budget_lines"))]
    shown = df.filter(pl.col(measure).is_not_null())
    keys = [k for k in ("budgeted", "unbudgeted", "not_stated")
            if k in shown["budget_status"].to_list()]
    layers: list[alt.Chart] = [
        alt.Chart(shown).mark_bar(height={"band": 0.7})
        .encode(x=alt.X(f"{field}:Q", title=x_title, axis=alt.Axis(format=axis_fmt)), y=y,
                color=alt.Color("budget_status_zh:N", title=label("budget_status"),
                                scale=charts.category_scale(keys, "budget_status", COLORS["budget_status"])),
                tooltip=tooltip)]
    blank = df.filter(pl.col(measure).is_null())
    if blank.height:
        layers.append(charts.note_layer(blank, y, "未列示", tooltip))
    if measure in ("completion_rate", "completion_stated"):
        layers.append(charts.reference_rule(1.0, "100%：决算等于年初预算", x_title, fmt=PCT_AXIS))
    elif measure in ("gap_wanyuan", "gap_percent"):
        layers.append(charts.reference_rule(0.0, "决算等于年初预算", x_title, dash=False, fmt=axis_fmt))
    head = alt.Title(title, subtitle=list(subtitle)) if subtitle else alt.Title(title)
    return alt.layer(*layers).properties(width=WIDTH, height=charts.chart_height(df.height), title=head)


def compare_chart(data: pl.DataFrame, measure: str) -> alt.Chart | None:
    """One bar per document (and 类) for `measure`."""
    if data.height == 0 or measure not in data.columns or data[measure].drop_nulls().len() == 0:
        return None
    df = data.filter(pl.col(measure).is_not_null()).with_columns(
        *charts.fractions("completion_rate", "completion_stated", "gap_percent"))
    field, axis_fmt, x_title = _measure_field(measure)
    return (alt.Chart(df).mark_bar()
            .encode(x=alt.X(f"{field}:Q", title=x_title, axis=alt.Axis(format=axis_fmt)),
                    y=alt.Y("doc_label:N", title=None),
                    color=alt.Color("line_name:N", title=label("line_name")),
                    tooltip=[charts.field_tooltip("doc_label", UI["doc"]),
                             charts.field_tooltip("line_name", label("line_name")),
                             charts.field_tooltip("budget_initial", label("budget_initial", "budget_lines", True), WAN),
                             charts.field_tooltip("actual", label("actual", "budget_lines", True), WAN)])
            .properties(width=WIDTH, height=charts.chart_height(df.height),
                        title=alt.Title(f"{label(measure, 'budget_lines')}（各文档）")))


def _scroll(table: Any) -> present.HTML:
    """A wide table in a box that scrolls sideways instead of being cut off."""
    inner = table._repr_html_() if hasattr(table, "_repr_html_") else html.escape(str(table))
    return present.HTML(f'<div class="juesuan-scroll" style="overflow-x:auto;max-width:100%">'
                        f"{inner}</div>", repr(table))


def _display_data(obj: Any) -> dict:
    from IPython.core.interactiveshell import InteractiveShell

    data, metadata = InteractiveShell.instance().display_formatter.format(obj)
    return {"output_type": "display_data", "data": data, "metadata": metadata}


class _Chart:
    """An Altair chart as the juesuan renderer's offline HTML without the bundle (the explorer
    sends the bundle once, in an output that is never cleared)."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.spec = chart.to_dict()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        del include, exclude
        return {"text/html": charts.chart_html(self.spec, include_bundle=False),
                "text/plain": f"<图表：{charts.title_text(self.spec)}>"}


def _message(text: str) -> present.HTML:
    return present.HTML(f'<p class="juesuan-note"><b>{html.escape(text)}</b></p>', text)
