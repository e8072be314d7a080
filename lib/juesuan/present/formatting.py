"""Formatting: values as text (amounts, percentages, points, “—” for not stated) and
DataFrames as escaped HTML tables with Chinese headers."""

from __future__ import annotations

import html
import math
import re
import sys
from collections.abc import Mapping, Sequence

import polars as pl

from juesuan import metadata
from juesuan.fonts import css_font_family
from juesuan.present.labels import column_info, with_value_labels

Tables = Mapping[str, pl.DataFrame]

NOT_STATED = "—"  # what a null looks like in a table: not stated, not zero


# --- formatting ----------------------------------------------------------------------------------

def fmt(value: object, unit: str | None = None) -> str:
    """One value as text: amounts with two decimals and thousands separators, percentages with
    two decimals and %, points without trailing zeros, counts as integers, null as “—”."""
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and math.isnan(value):  # never produced; not a number to show
        return NOT_STATED
    if isinstance(value, int | float):
        if unit in (metadata.WANYUAN, "万元/人"):
            return f"{value:,.2f}"
        if unit == metadata.PERCENT:
            return f"{value:,.2f}%"
        if unit == metadata.POINTS:
            return f"{value:.2f}".rstrip("0").rstrip(".")
        if isinstance(value, int) or float(value).is_integer():
            return str(int(value))
        return f"{value:,.2f}"
    return str(value)


def amount(value: float | None, unit: str = metadata.WANYUAN) -> str:
    """An amount with its unit, e.g. “8,980.21万元”; “未列示” when not stated."""
    return "未列示" if value is None else f"{fmt(value, unit)}{'' if unit == '%' else unit}"


# --- HTML tables ---------------------------------------------------------------------------------

class HTML:
    """Minimal rich-display object (text/html plus a plain-text fallback)."""

    def __init__(self, html_text: str, text: str = "") -> None:
        self.html = html_text
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text or "<HTML>"


# One small style sheet, scoped to the class, emitted with every table (outputs stand alone);
# the doubled class outweighs JupyterLab's `:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`.
_STYLE = ("<style>"
          "table.juesuan-table{border-collapse:collapse;font-size:13px;margin:0.5em 0;"
          f"font-family:{css_font_family(chr(39))}}}"
          "table.juesuan-table.jt tr th,table.juesuan-table.jt tr td{border:1px solid #d0d0d0;"
          "padding:3px 6px;vertical-align:top;text-align:left;min-width:2.5em}"
          "table.juesuan-table.jt tr th{background:#f3f4f6;text-align:center}"
          "table.juesuan-table.jt tr td.n{text-align:right;white-space:nowrap}"
          "table.juesuan-table.jt tr td.s{white-space:nowrap}"
          "table.juesuan-table.jt tr td.m{min-width:7em}"
          "table.juesuan-table.jt tr td.l{min-width:22em}"
          "table.juesuan-table caption{text-align:left;font-weight:bold;padding:2px 0}"
          "</style>")


def _text_class(col: pl.Series) -> str:
    """CSS class of a text column by its longest value: s (short, no wrap), m, l (long)."""
    if col.dtype != pl.String:
        return ""
    longest = col.str.len_chars().max() or 0  # characters, as len() counts them
    return "s" if longest <= 8 else ("m" if longest <= 30 else "l")


def html_table(df: pl.DataFrame, table: str | None = None,
               labels: Mapping[str, str] | None = None,
               units: Mapping[str, str | None] | None = None,
               caption: str | None = None, computed: bool = False) -> str:
    """df as an HTML table: Chinese headers (`column_info` for `table`, or for a frame the
    measures `computed` from it), formatted numbers, every text escaped."""
    labels = dict(labels or {})
    units = dict(units or {})
    heads, col_units = [], []
    for c in df.columns:
        zh, unit = column_info(c, table, computed)
        unit = units.get(c, unit)
        heads.append(labels.get(c) or (f"{zh}（{unit}）" if unit else zh))
        col_units.append(unit)
    numeric = [df.schema[c].is_numeric() for c in df.columns]
    widths = [_text_class(df[c]) for c in df.columns]
    out = [_STYLE, '<table class="juesuan-table jt">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    facets = [' data-facet="1"' if c in FACET_COLUMNS else "" for c in df.columns]
    out.append("<thead><tr>" + "".join(f"<th{f}>{html.escape(h)}</th>"
                                       for h, f in zip(heads, facets, strict=True))
               + "</tr></thead><tbody>")
    for row in df.iter_rows():
        cells = []
        for value, unit, is_num, width in zip(row, col_units, numeric, widths, strict=True):
            attrs = ' class="n"' if is_num else (f' class="{width}"' if width else "")
            if value is None:
                attrs += ' title="未列示"'
            elif is_num:
                attrs += f' data-v="{value}"'
            text = html.escape(fmt(value, unit))
            if value is not None and _is_line_column(df.columns[len(cells)]):
                text = _LINE_NUMBER.sub(_line_link, text)
            cells.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


_LINE_NUMBER = re.compile(r"\d+")


def _is_line_column(name: str) -> bool:
    """A column of source line numbers (src_line, src_lines, budget_src_line …)."""
    return name in ("src_line", "src_lines") or name.endswith("_src_line")


def _line_link(m: re.Match) -> str:
    """A line number as a link opening the quoted source text at that line (in a report with
    its source text, see `present.source_text`)."""
    return f'<a class="jsrc" href="#L{m.group(0)}" data-line="{m.group(0)}">{m.group(0)}</a>'


# columns a reader filters a table by (a menu of their values in the page)
FACET_COLUMNS = ("severity", "grade", "status")

Docs = str | Sequence[str] | None  # one document, several, or all (None or empty)


def only(df: pl.DataFrame, docs: Docs) -> pl.DataFrame:
    """The rows of one document (a doc_id), of several (a list), or all (None or [])."""
    if not docs or "doc_id" not in df.columns:
        return df
    if isinstance(docs, str):
        return df.filter(pl.col("doc_id") == docs)
    return df.filter(pl.col("doc_id").is_in(list(docs)))


def _select(df: pl.DataFrame, doc_id: Docs, columns: Sequence[str] | None,
            value_labels: bool) -> pl.DataFrame:
    df = only(df, doc_id)
    if columns:
        df = df.select(columns)
    elif "unit_label" in df.columns and "doc_id" in df.columns:
        df = df.drop("doc_id")
    return with_value_labels(df) if value_labels else df


def table(df: pl.DataFrame, doc_id: Docs = None, columns: Sequence[str] | None = None,
          table: str | None = None, labels: Mapping[str, str] | None = None,
          caption: str | None = None, empty: str = "（无）",
          value_labels: bool = True, computed: bool = False) -> HTML:
    """A DataFrame for the report: rows of `doc_id` (one or a list; all when None), `columns`
    in that order,
    Chinese headers (`labels` override; `computed`: the frame is measures computed from
    `table`), coded values in Chinese, numbers formatted."""
    if isinstance(doc_id, str):
        df = at_value_lines(only(df, doc_id), doc_id)
    df = _select(df, doc_id, columns, value_labels)
    if df.height == 0:
        return HTML(f"<p>{html.escape(empty)}</p>", empty)
    return HTML(html_table(df, table, labels, caption=caption, computed=computed),
                f"<{df.height} 行>")


VALUE_COLUMNS = ("actual", "value", "budget_initial", "budget")  # a row's value, first found


def at_value_lines(df: pl.DataFrame, doc_id: str) -> pl.DataFrame:
    """df (rows of one document) with each src_line moved to the line nearest it that prints
    the row's value (`sources.locate_value`): a table row is often cited at its heading."""
    value_col = next((c for c in VALUE_COLUMNS if c in df.columns), None)
    if value_col is None or "src_line" not in df.columns or df.height == 0:
        return df
    from juesuan import catalog, sources

    try:
        # this document's row only: a unit report's table does not read the whole corpus' list
        documents = catalog.scan("documents").filter(pl.col("doc_id") == doc_id).collect()
        lines = sources.document_lines(documents, doc_id)
    except Exception:  # noqa: BLE001 - no source text: the lines stay as cited
        return df
    moved = [sources.locate_value(lines, n, v) if n is not None else None
             for n, v in zip(df["src_line"].to_list(), df[value_col].to_list(), strict=True)]
    return df.with_columns(pl.Series("src_line", moved, dtype=df.schema["src_line"]))


def show(obj: object, missing: str) -> None:
    """Display a chart or table; print `missing` (a plain sentence) when there is nothing. A
    chart is displayed as Altair would, without validating its spec (`charts.chart_spec`)."""
    if obj is None:
        print(missing)
        return
    from IPython.display import display

    if _is_chart(obj):  # serialised without Altair's schema validation (see charts.chart_spec)
        from juesuan.charts.vega import Displayed

        obj = Displayed(obj)
    display(obj)


def _is_chart(obj: object) -> bool:
    """An Altair top-level chart (without importing Altair for a table)."""
    alt = sys.modules.get("altair")
    return alt is not None and isinstance(obj, alt.TopLevelMixin)


