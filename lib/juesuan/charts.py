"""Charts of the curated tables and measures (Altair), with Chinese labels, offline rendering.

    >>> from juesuan import catalog, charts
    >>> tables = catalog.load_all()
    >>> charts.initial_vs_final(tables, "xianyang-hrss-2023")    # an alt.Chart, or None

Every chart function takes the dict that `catalog.load_all()` returns (and a `doc_id` or
`doc_ids` where it shows one or several documents), computes what it shows with
`juesuan.measures`, and returns an Altair chart — or None when the documents do not state
what the chart would show (the notebooks then print a sentence instead of an empty chart).

Conventions, the same in every chart:

* Titles, axis titles, legends and tooltips are Chinese, from `juesuan.schema` (column labels,
  METRICS, THREE_PUBLIC_ITEMS) through `juesuan.present.label` / `present.VALUE_LABELS`.
* Amounts are 万元 as published (`,.2f`, axis titles say （万元）); percentages are shown as
  percentages (`.2%` in tooltips, `.0%` on axes).
* Every mark has a tooltip; rows that come from the document carry its source line
  (源文件行号), so a reader can find the figure in the text.
* Lines spent without an initial budget (年初预算为零, mid-year additions) are coloured apart
  (red) with a legend entry; colours mean the same thing in every chart (`COLORS`), and each
  document keeps its colour across charts.

Rendering: importing this module registers and enables the Altair renderer ``juesuan`` and
the theme ``juesuan`` (CJK font). The renderer's ``text/html`` output needs no network: the
first chart of a kernel session carries the Vega/Vega-Lite/Vega-Embed bundle inline
(`vl_convert.javascript_bundle()`), later charts only call ``vegaEmbed``; the spec's data is
inline and its ``$schema`` URL is dropped. `setup(reset=True)` sends the bundle again (e.g.
after reloading a JupyterLab page without restarting the kernel).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import polars as pl

from juesuan import measures, metadata, present
from juesuan.present import label, value_label

Tables = Mapping[str, pl.DataFrame]

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
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
                    "expenditure_operating": PURPLE, "carryover_end": GREY},
    "structure": {"expenditure_basic": ORANGE, "expenditure_project": GREEN,
                  "basic_personnel": BLUE, "basic_public": ORANGE},
    "measure": {"full_marks_share": GREEN, "qualitative_share": PURPLE},
}

# Labels the charts need beyond the schema and present.MEASURE_LABELS.
EXECUTION_BANDS = {"ge95": "执行率≥95%", "80to95": "80%≤执行率<95%", "lt80": "执行率<80%",
                   "none": "未列示执行数"}
GAP_LABELS = {"over": "决算超出年初预算", "under": "决算低于年初预算",
              "unbudgeted": "年初预算为零（年中新增）"}
THREE_PUBLIC_KINDS = {"total": "“三公”经费合计", "item": "“三公”经费分项",
                      "meeting_training": "会议费、培训费"}
SRC = "源文件行号"
RATE_TITLE = "执行率 B/A"
RATE_TITLE_LONG = "执行率 B/A（全年执行数÷全年预算数）"
UNGRADED = "未评级"
VALUE_MAP = present.VALUE_LABELS


# --- rendering: theme and offline renderer ----------------------------------------------------

def theme() -> dict[str, Any]:
    """The juesuan theme: a CJK-capable font everywhere, readable label limits."""
    return {"config": {
        "font": FONT,
        "title": {"font": FONT, "fontSize": 15, "anchor": "start", "subtitleFont": FONT,
                  "subtitleColor": "#555555", "subtitleFontSize": 12},
        "axis": {"labelFont": FONT, "titleFont": FONT, "labelLimit": 360,
                 "titleFontWeight": "normal"},
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelLimit": 360},
        "header": {"labelFont": FONT, "titleFont": FONT},
        "text": {"font": FONT},
        "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
    }}


def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes (v6.4.1 -> "6.4") if vl-convert bundles it."""
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


BUNDLE_ENV = "JUESUAN_VEGA_BUNDLE"  # a file holding `javascript_bundle()`, made by the build


@functools.cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script that defines window.vegaEmbed (built once
    per process by vl-convert, no network), safe to put inside an HTML <script> element.

    Building it takes about two seconds, so `juesuan build` builds it once and hands every
    kernel the file named by $JUESUAN_VEGA_BUNDLE."""
    path = os.environ.get(BUNDLE_ENV)
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    import vl_convert as vlc

    js = vlc.javascript_bundle(vl_version=_vl_version())
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


_SESSION: dict[str, Any] = {"bundle_sent": False, "count": 0}


def _spec_json(spec: Mapping[str, Any]) -> str:
    spec = dict(spec)
    spec.pop("$schema", None)
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # "<" only occurs inside JSON strings; escaping it keeps </script> and <!-- out of the page.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def chart_html(spec: Mapping[str, Any], include_bundle: bool | None = None) -> str:
    """The HTML of one chart: a div and a script calling vegaEmbed on it with the spec (data
    inline). The first chart of the session (or `include_bundle=True`) also carries the
    bundle, guarded so that a page that already has vegaEmbed does not load it twice."""
    payload = _spec_json(spec)
    if include_bundle is None:
        include_bundle = not _SESSION["bundle_sent"]
        _SESSION["bundle_sent"] = True
    _SESSION["count"] += 1
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:10]
    div_id = f"juesuan-chart-{digest}-{_SESSION['count']}"
    parts = []
    if include_bundle:
        parts.append('<script type="text/javascript">if (!window.vegaEmbed) { (function () {\n'
                     + javascript_bundle() + "\n})(); }</script>")
    parts.append(f'<div id="{div_id}" class="juesuan-chart"></div>')
    parts.append(
        '<script type="text/javascript">(function () {'
        f'var el = document.getElementById("{div_id}");'
        "if (!window.vegaEmbed) { el.textContent = \"图表脚本未加载：请重新运行 "
        "charts.setup(reset=True) 后再运行本单元。\"; return; }"
        f'vegaEmbed("#{div_id}", {payload}, {{renderer: "svg", actions: false}})'
        '.catch(function (err) { el.textContent = "图表无法显示：" + err; });'
        "})();</script>")
    return "".join(parts)


def title_text(spec: Mapping[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = "".join(title)
    return str(title) if title else "图表"


def renderer(spec: dict, **metadata: Any) -> dict[str, str]:
    """Altair renderer: offline text/html (see `chart_html`) plus a plain-text fallback."""
    del metadata
    return {"text/html": chart_html(spec), "text/plain": f"<图表：{title_text(spec)}>"}


def setup(reset: bool = False) -> None:
    """Register and enable the juesuan renderer and theme (done on import). `reset=True`
    makes the next chart carry the JavaScript bundle again."""
    alt.renderers.register("juesuan", renderer)
    alt.renderers.enable("juesuan")
    alt.theme.register("juesuan", enable=True)(theme)
    alt.data_transformers.enable("default", max_rows=None)
    if reset:
        _SESSION["bundle_sent"] = False


setup()


# --- small helpers ---------------------------------------------------------------------------------

def _doc(df: pl.DataFrame, doc_id: str | None) -> pl.DataFrame:
    return df if doc_id is None else df.filter(pl.col("doc_id") == doc_id)


def _docs(df: pl.DataFrame, tables: Tables, doc_ids: Sequence[str] | None) -> pl.DataFrame:
    return df.filter(pl.col("doc_id").is_in(present.selected_docs(tables, doc_ids)))


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
    return tables["documents"].select("doc_id", present.unit_label().alias("unit_label"))


def _subtitle(tables: Tables, doc_id: str | None, *more: str) -> list[str]:
    lines = []
    if doc_id is not None:
        lines.append(present.doc_labels(tables).get(doc_id, doc_id))
    return lines + [m for m in more if m]


def _title(text: str, tables: Tables, doc_id: str | None = None, *more: str) -> alt.Title:
    sub = _subtitle(tables, doc_id, *more)
    return alt.Title(text, subtitle=sub) if sub else alt.Title(text)


def chart_height(n: int) -> int:
    return max(STEP * n, 2 * STEP)


def note_layer(df: pl.DataFrame, y: alt.Y, text: str, tooltip: list[alt.Tooltip],
                x_value: float = 0.0) -> alt.Chart:
    """A grey text at x=0 for rows without a value (“未列示”), so they are not mistaken for 0."""
    return (alt.Chart(df).mark_text(align="left", dx=3, color="#777777", fontSize=11)
            .encode(x=alt.datum(x_value), y=y, text=alt.value(text), tooltip=tooltip))


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


# --- one document: income, expenditure, functional lines -------------------------------------------

INCOME_PARTS = ("income_fiscal_appropriation", "income_business", "income_operating",
                "income_other", "income_carryover_begin")
EXPENDITURE_PARTS = ("expenditure_basic", "expenditure_project", "expenditure_operating",
                     "carryover_end")


def _headline_rows(tables: Tables, doc_id: str, metrics: Sequence[str]) -> pl.DataFrame:
    frames = [measures.headline(tables["totals"], m).filter(pl.col("doc_id") == doc_id)
              for m in metrics]
    return pl.concat(frames) if frames else pl.DataFrame()


def income_expenditure(tables: Tables, doc_id: str) -> alt.LayerChart | None:
    """Income by source and expenditure by kind (stacked, 万元), with a black tick at 收入总计 /
    支出总计 (which include carry-over): where the parts do not reach the tick, the document
    states a source or use that is not extracted (e.g. 上级补助收入)."""
    income = list(INCOME_PARTS)
    fiscal = _headline_rows(tables, doc_id, ["income_fiscal_appropriation"])
    if fiscal.height == 0:
        income[0] = "income_gpb_appropriation"
    rows = []
    for side, parts, total in (("收入", income, "income_total"),
                               ("支出", list(EXPENDITURE_PARTS), "expenditure_total")):
        h = _headline_rows(tables, doc_id, [*parts, total])
        tot = h.filter(pl.col("metric") == total)
        total_value = tot["value"][0] if tot.height else None
        for order, m in enumerate([*parts, total]):
            r = h.filter(pl.col("metric") == m)
            if r.height == 0:
                continue
            row = r.row(0, named=True)
            rows.append({"side": side, "metric": m, "metric_zh": metadata.METRICS[m][2],
                         "value": row["value"], "order": order, "is_total": m == total,
                         "share_f": (row["value"] / total_value if total_value else None),
                         "source_kind": value_label("source_kind", row["source_kind"]),
                         "src_line": row["src_line"]})
    df = pl.DataFrame(rows) if rows else pl.DataFrame()
    if df.height == 0 or df.filter(~pl.col("is_total") & (pl.col("value") > 0)).height == 0:
        return None
    parts_df = df.filter(~pl.col("is_total") & (pl.col("value") > 0))
    keys = [k for k in (*INCOME_PARTS, "income_gpb_appropriation", *EXPENDITURE_PARTS)
            if k in parts_df["metric"].to_list()]
    palette = COLORS["income"] | COLORS["expenditure"]
    color = alt.Color("metric_zh:N", title="构成",
                      scale=alt.Scale(domain=[metadata.METRICS[k][2] for k in keys],
                                      range=[palette[k] for k in keys]),
                      legend=alt.Legend(orient="bottom", columns=3))
    tooltip = [field_tooltip("side", "收支"), field_tooltip("metric_zh", "项目"), field_tooltip("value", "金额（万元）", WAN),
               field_tooltip("share_f", "占总计", PCT), field_tooltip("source_kind", "出处"), source_tooltip()]
    y = alt.Y("side:N", title=None, sort=["收入", "支出"])
    x_title = f"{metadata.METRICS['income_total'][2]}、{metadata.METRICS['expenditure_total'][2]}及其构成（万元）"
    bars = (alt.Chart(parts_df).mark_bar()
            .encode(x=alt.X("sum(value):Q", title=x_title, axis=alt.Axis(format=",.0f")),
                    y=y, color=color, order=alt.Order("order:Q"), tooltip=tooltip))
    ticks = (alt.Chart(df.filter(pl.col("is_total"))).mark_tick(color=DARK, thickness=3, size=34)
             .encode(x="value:Q", y=y, tooltip=tooltip))
    return (alt.layer(bars, ticks)
            .properties(width=WIDTH, height=90,
                        title=_title("收入与支出", tables, doc_id,
                                     "黑色短线为收入总计、支出总计（含结转结余）")))


def line_label() -> pl.Expr:
    """A functional line's label: its code and name (the name alone where there is no code)."""
    return (pl.when(pl.col("func_code").is_not_null())
            .then(pl.format("{} {}", pl.col("func_code"), pl.col("line_name")))
            .otherwise(pl.col("line_name")))


def _line_frame(tables: Tables, doc_id: str) -> pl.DataFrame:
    """The functional lines with a stated budget or completion, at the most detailed level the
    document states, with status and a unique label (code + name) in document order."""
    lc = measures.line_completion(tables["budget_lines"]).filter(pl.col("doc_id") == doc_id)
    if lc.height == 0:
        return lc
    lc = measures.finest_lines(lc).sort("src_line")
    lc = lc.with_columns(*fractions("completion_rate", "completion_stated"),
                         budget_status=measures.budget_status(), line_label=line_label())
    dup = pl.col("line_label").is_duplicated()
    lc = lc.with_columns(line_label=pl.when(dup).then(
        pl.format("{}（第{}行）", pl.col("line_label"), pl.col("src_line"))).otherwise("line_label"))
    return lc.with_columns(budget_status_zh=pl.col("budget_status")
                           .replace_strict(VALUE_MAP["budget_status"]),
                           class_name=pl.col("class_name").fill_null(""))


def _line_tooltip() -> list[alt.Tooltip]:
    return [field_tooltip("line_label", "科目"), field_tooltip("class_name", label("class_name", "budget_lines")),
            field_tooltip("budget_initial", label("budget_initial", "budget_lines", True), WAN),
            field_tooltip("actual", label("actual", "budget_lines", True), WAN),
            field_tooltip("gap_wanyuan", label("gap_wanyuan", with_unit=True), WAN),
            field_tooltip("completion_rate_f", label("completion_rate"), PCT),
            field_tooltip("completion_stated_f", label("completion_stated", "budget_lines"), PCT),
            field_tooltip("budget_status_zh", label("budget_status")), source_tooltip()]


def initial_vs_final(tables: Tables, doc_id: str) -> alt.LayerChart | None:
    """年初预算 vs 支出决算 per functional line (万元): bars are the final amounts, coloured by
    whether the line had an initial budget (red: 年初预算为零, a mid-year addition; grey: the
    document states no budget for the line), black diamonds the initial budget."""
    lc = _line_frame(tables, doc_id)
    if lc.height == 0 or lc["actual"].drop_nulls().len() == 0:
        return None
    order = lc["line_label"].to_list()
    y = alt.Y("line_label:N", title=None, sort=order)
    keys = [k for k in ("budgeted", "unbudgeted", "not_stated")
            if k in lc["budget_status"].to_list()]
    tooltip = _line_tooltip()
    x_title = f"{label('actual', 'budget_lines')}、{label('budget_initial', 'budget_lines')}（万元）"
    bars = (alt.Chart(lc).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("actual:Q", title=x_title, axis=alt.Axis(format=",.0f")), y=y,
                    color=alt.Color("budget_status_zh:N", title=label("budget_status"),
                                    scale=category_scale(keys, "budget_status",
                                                 COLORS["budget_status"])),
                    tooltip=tooltip))
    layers = [bars]
    budget = lc.filter(pl.col("budget_initial").is_not_null()).with_columns(
        marker=pl.lit(label("budget_initial", "budget_lines")))
    if budget.height:
        layers.append(
            alt.Chart(budget).mark_point(filled=True, color=DARK, size=55)
            .encode(x="budget_initial:Q", y=y,
                    shape=alt.Shape("marker:N", title=None,
                                    scale=alt.Scale(domain=[label("budget_initial",
                                                                  "budget_lines")],
                                                    range=["diamond"])),
                    tooltip=tooltip))
    n_unb = int((lc["budget_status"] == "unbudgeted").sum())
    note = f"红色：年初预算为零、年中新增的科目（{n_unb}个）" if n_unb else ""
    return (alt.layer(*layers).resolve_scale(color="independent", shape="independent")
            .properties(width=WIDTH, height=chart_height(lc.height),
                        title=_title(f"{label('budget_initial', 'budget_lines')}与"
                                     f"{label('actual', 'budget_lines')}（按支出功能分类科目）",
                                     tables, doc_id, note)))


def budget_gaps(tables: Tables, doc_id: str) -> alt.LayerChart | None:
    """决算 − 年初预算 per functional line (万元): right of zero the line spent more than its
    initial budget, left less; red lines had no initial budget at all."""
    lc = _line_frame(tables, doc_id).filter(pl.col("gap_wanyuan").is_not_null())
    if lc.height == 0:
        return None
    kind = (pl.when(pl.col("budget_status") == "unbudgeted").then(pl.lit("unbudgeted"))
            .when(pl.col("gap_wanyuan") >= 0).then(pl.lit("over")).otherwise(pl.lit("under")))
    lc = lc.with_columns(gap_kind=kind).with_columns(
        gap_kind_zh=pl.col("gap_kind").replace_strict(GAP_LABELS))
    keys = [k for k in ("over", "under", "unbudgeted") if k in lc["gap_kind"].to_list()]
    y = alt.Y("line_label:N", title=None, sort=lc["line_label"].to_list())
    bars = (alt.Chart(lc).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("gap_wanyuan:Q", title=label("gap_wanyuan", with_unit=True),
                            axis=alt.Axis(format=",.0f")),
                    y=y,
                    color=alt.Color("gap_kind_zh:N", title="差额",
                                    scale=category_scale(keys, "gap", COLORS["gap"], GAP_LABELS)),
                    tooltip=_line_tooltip()))
    return (alt.layer(bars, reference_rule(0.0, "决算等于年初预算", label("gap_wanyuan", with_unit=True),
                                  dash=False))
            .properties(width=WIDTH, height=chart_height(lc.height),
                        title=_title("支出决算与年初预算的差额（按支出功能分类科目）",
                                     tables, doc_id)))


def economic_structure(tables: Tables, doc_id: str) -> alt.Chart | None:
    """Basic expenditure by economic classification (公开06表): the 5-digit items with an
    amount, coloured 人员经费 / 公用经费, in code order."""
    el = tables["economic_lines"].filter(pl.col("doc_id") == doc_id)
    if el.height == 0:
        return None
    classes = (el.filter(pl.col("level") == "class")
               .select(pl.col("econ_code").alias("class_code"),
                       pl.col("econ_name").alias("class_econ_name")))
    items = el.filter((pl.col("level") == "item") & pl.col("amount").is_not_null()
                      & (pl.col("amount") != 0))
    if items.height == 0:
        return None
    total = el.filter(pl.col("level") == "class")["amount"].sum()
    items = (items.with_columns(class_code=pl.col("econ_code").str.slice(0, 3))
             .join(classes, on="class_code", how="left")
             .with_columns(item_label=pl.format("{} {}", pl.col("econ_code"),
                                                pl.col("econ_name")),
                           category_zh=pl.col("category").replace_strict(VALUE_MAP["category"]),
                           share_f=pl.col("amount") / total if total else None,
                           class_econ_name=pl.col("class_econ_name").fill_null(""))
             .sort("econ_code"))
    tooltip = [field_tooltip("item_label", label("econ_name", "economic_lines")),
               field_tooltip("class_econ_name", "所属类"),
               field_tooltip("amount", label("amount", "economic_lines", True), WAN),
               field_tooltip("share_f", "占基本支出", PCT),
               field_tooltip("category_zh", label("category", "economic_lines")), source_tooltip()]
    keys = [k for k in ("personnel", "public") if k in items["category"].to_list()]
    return (alt.Chart(items).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("amount:Q", title=label("amount", "economic_lines", True),
                            axis=alt.Axis(format=",.0f")),
                    y=alt.Y("item_label:N", title=None, sort=items["item_label"].to_list()),
                    color=alt.Color("category_zh:N", title=label("category", "economic_lines"),
                                    scale=category_scale(keys, "category", COLORS["category"])),
                    tooltip=tooltip)
            .properties(width=WIDTH, height=chart_height(items.height),
                        title=_title("基本支出按经济分类（一般公共预算财政拨款基本支出决算表）",
                                     tables, doc_id)))


def three_public(tables: Tables, doc_id: str) -> alt.LayerChart | None:
    """“三公”经费, 会议费 and 培训费: 决算数 (bars) vs 预算数 (diamonds), 万元. None when the
    document states no non-zero amount (all nil: nothing to draw)."""
    tp = measures.three_public_completion(tables["three_public"]).filter(
        pl.col("doc_id") == doc_id)
    if tp.height == 0:
        return None
    biggest = tp.select(pl.max_horizontal(pl.col("budget").abs().max(),
                                          pl.col("actual").abs().max())).item()
    if not biggest:
        return None
    # Source lines of each value (the statement the measure picked: table first).
    src = (tables["three_public"].filter(pl.col("doc_id") == doc_id)
           .with_columns(_r=pl.col("source_kind").replace_strict({"table": 0, "narrative": 1},
                                                                 return_dtype=pl.Int8))
           .sort(["item", "_r", "src_line"]))
    first = (src.group_by("item", maintain_order=True)
             .agg(budget_src=pl.coalesce("budget_src_line", "src_line")
                  .filter(pl.col("budget").is_not_null()).first(),
                  actual_src=pl.coalesce("actual_src_line", "src_line")
                  .filter(pl.col("actual").is_not_null()).first()))
    kind = (pl.when(pl.col("item") == "total").then(pl.lit("total"))
            .when(pl.col("item").is_in(["meeting", "training"])).then(pl.lit("meeting_training"))
            .otherwise(pl.lit("item")))
    tp = (tp.join(first, on="item", how="left")
          .with_columns(*fractions("completion_rate", "completion_stated"), kind=kind,
                        budget_source=pl.col("budget_source").replace(VALUE_MAP["source_kind"]),
                        actual_source=pl.col("actual_source").replace(VALUE_MAP["source_kind"]))
          .with_columns(kind_zh=pl.col("kind").replace_strict(THREE_PUBLIC_KINDS)))
    y = alt.Y("item_zh:N", title=None, sort=tp["item_zh"].to_list())
    tooltip = [field_tooltip("item_zh", label("item", "three_public")),
               field_tooltip("budget", label("budget", "three_public", True), WAN),
               field_tooltip("actual", label("actual", "three_public", True), WAN),
               field_tooltip("completion_rate_f", label("completion_rate", "three_public"), PCT),
               field_tooltip("completion_stated_f", label("completion_stated", "three_public"), PCT),
               field_tooltip("budget_source", label("budget_source")),
               field_tooltip("actual_source", label("actual_source")),
               source_tooltip("budget_src", f"{label('budget', 'three_public')}{SRC}"),
               source_tooltip("actual_src", f"{label('actual', 'three_public')}{SRC}")]
    keys = [k for k in ("total", "item", "meeting_training") if k in tp["kind"].to_list()]
    bars = (alt.Chart(tp.filter(pl.col("actual").is_not_null())).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("actual:Q", title=f"{label('actual', 'three_public')}、"
                                               f"{label('budget', 'three_public')}（万元）",
                            axis=alt.Axis(format=",.2~f")),
                    y=y,
                    color=alt.Color("kind_zh:N", title="项目",
                                    scale=category_scale(keys, "three_public", COLORS["three_public"],
                                                 THREE_PUBLIC_KINDS)),
                    tooltip=tooltip))
    layers = [bars]
    budget = tp.filter(pl.col("budget").is_not_null()).with_columns(
        marker=pl.lit(label("budget", "three_public")))
    if budget.height:
        layers.append(
            alt.Chart(budget).mark_point(filled=True, color=DARK, size=60)
            .encode(x="budget:Q", y=y,
                    shape=alt.Shape("marker:N", title=None,
                                    scale=alt.Scale(domain=[label("budget", "three_public")],
                                                    range=["diamond"])),
                    tooltip=tooltip))
    return (alt.layer(*layers).resolve_scale(color="independent", shape="independent")
            .properties(width=WIDTH, height=chart_height(tp.height),
                        title=_title("“三公”经费及会议费、培训费：预算数与决算数", tables, doc_id)))


# --- performance -----------------------------------------------------------------------------------

def evaluation_points(tables: Tables) -> pl.DataFrame:
    """present.evaluations_frame with the rate shown (B/A, else the stated one), its band, the
    grade label and a short row label."""
    ev = present.evaluations_frame(tables)
    ev_src = tables["perf_evaluations"].select(
        "eval_id", pl.coalesce("score_src_line", "src_line").alias("score_src"))
    rate = pl.coalesce("execution_rate", "execution_rate_stated")
    band = (pl.when(rate.is_null()).then(pl.lit("none"))
            .when(rate >= 95).then(pl.lit("ge95"))
            .when(rate >= 80).then(pl.lit("80to95")).otherwise(pl.lit("lt80")))
    name = pl.col("project_name").str.replace_all(r"\s+", "")
    short = pl.when(name.str.len_chars() > 22).then(pl.format("{}…", name.str.slice(0, 21))) \
        .otherwise(name)
    return (ev.join(ev_src, on="eval_id", how="left")
            .join(_unit_labels(tables), on="doc_id", how="left")
            .with_columns(rate_shown=rate, band=band,
                          eval_label=pl.format("{} {}", pl.col("eval_id").str.split(":")
                                               .list.last(), short),
                          scope_zh=pl.col("scope").replace(VALUE_MAP["scope"]),
                          grade_zh=pl.col("grade").fill_null(UNGRADED),
                          implementing_unit=pl.col("implementing_unit").fill_null(""))
            .with_columns(*fractions("rate_shown", "execution_rate", "execution_rate_stated",
                                 "funds_score_rate"),
                          band_zh=pl.col("band").replace_strict(EXECUTION_BANDS)))


def _evaluation_tooltip(with_unit: bool = False) -> list[alt.Tooltip]:
    tt = [field_tooltip("unit_label", label("unit_label"))] if with_unit else []
    return tt + [
        field_tooltip("eval_id", label("eval_id", "perf_evaluations")),
        field_tooltip("scope_zh", label("scope", "perf_evaluations")),
        field_tooltip("project_name", label("project_name", "perf_evaluations")),
        field_tooltip("implementing_unit", label("implementing_unit", "perf_evaluations")),
        field_tooltip("budget_full_year_wanyuan", label("budget_full_year_wanyuan", with_unit=True), WAN),
        field_tooltip("executed_wanyuan", label("executed_wanyuan", with_unit=True), WAN),
        field_tooltip("execution_rate_f", label("execution_rate"), PCT),
        field_tooltip("execution_rate_stated_f", label("execution_rate_stated"), PCT),
        field_tooltip("funds_score", label("funds_score", "perf_evaluations"), POINTS_FMT),
        field_tooltip("score", label("score", "perf_evaluations"), POINTS_FMT),
        field_tooltip("grade_zh", "等级"),
        source_tooltip("src_line", f"评价表{SRC}"),
        source_tooltip("score_src", f"{label('score', 'perf_evaluations')}{SRC}"),
    ]


def project_scores(tables: Tables, doc_id: str) -> alt.HConcatChart | None:
    """Every evaluation of one document: execution rate B/A (bars, coloured by band; “未列示”
    where the table gives no execution) beside the total score (dots coloured by grade)."""
    ev = evaluation_points(tables).filter(pl.col("doc_id") == doc_id)
    if ev.height == 0:
        return None
    order = ev["eval_label"].to_list()
    y = alt.Y("eval_label:N", title=None, sort=order)
    tooltip = _evaluation_tooltip()
    rated = ev.filter(pl.col("rate_shown").is_not_null())
    keys = [k for k in EXECUTION_BANDS if k in rated["band"].to_list()]
    left_layers = []
    if rated.height:
        left_layers.append(
            alt.Chart(rated).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("rate_shown_f:Q", title=RATE_TITLE,
                            axis=alt.Axis(format=PCT_AXIS)),
                    y=y,
                    color=alt.Color("band_zh:N", title="执行率",
                                    scale=category_scale(keys, "band", COLORS["execution_band"],
                                                 EXECUTION_BANDS)),
                    tooltip=tooltip))
    unrated = ev.filter(pl.col("rate_shown").is_null())
    if unrated.height:
        left_layers.append(note_layer(unrated, y, "未列示执行数", tooltip))
    left_layers.append(reference_rule(1.0, "执行率100%：全年执行数等于全年预算数", RATE_TITLE,
                             fmt=PCT_AXIS))
    left = alt.layer(*left_layers).properties(width=300, height=chart_height(ev.height),
                                              title="执行率（全年执行数B÷全年预算数A）")
    scored = ev.filter(pl.col("score").is_not_null())
    low = min(80.0, float(scored["score"].min() or 80.0) - 2) if scored.height else 80.0
    grades = [g for g in (*measures.GRADES, UNGRADED) if g in ev["grade_zh"].to_list()]
    right = alt.layer(
        alt.Chart(scored).mark_point(filled=True, size=70)
        .encode(x=alt.X("score:Q", title=label("score", "perf_evaluations", True),
                        scale=alt.Scale(domain=[low, 100])),
                y=alt.Y("eval_label:N", title=None, sort=order, axis=None),
                color=alt.Color("grade_zh:N", title="等级",
                                scale=alt.Scale(domain=grades,
                                                range=[COLORS["grade"][g] for g in grades])),
                tooltip=tooltip),
        reference_rule(90.0, "90分：“优”的下限", label("score", "perf_evaluations", True)),
    ).properties(width=220, height=chart_height(ev.height), title="自评总得分")
    return (alt.hconcat(left, right, spacing=12)
            .resolve_scale(color="independent", y="shared")
            .properties(title=_title("绩效评价：预算执行与自评得分", tables, doc_id)))


def score_vs_execution(tables: Tables, doc_id: str | None = None,
                       doc_ids: Sequence[str] | None = None) -> alt.LayerChart | None:
    """Score against execution rate B/A, one dot per evaluation (colour: document, shape:
    kind of evaluation): does a low execution rate cost points? Evaluations without an
    execution rate are left out (the subtitle says how many)."""
    ev = evaluation_points(tables)
    ev = _doc(ev, doc_id) if doc_id else _docs(ev, tables, doc_ids)
    pts = ev.filter(pl.col("rate_shown").is_not_null() & pl.col("score").is_not_null())
    if pts.height == 0:
        return None
    left_out = ev.height - pts.height
    scopes = [s for s in metadata.PERF_SCOPES if s in pts["scope"].to_list()]
    shapes = {"department_overall": "square", "project": "circle", "key_evaluation": "triangle-up"}
    low = min(80.0, float(pts["score"].min()) - 2)
    dots = (alt.Chart(pts).mark_point(filled=True, size=70, opacity=0.8)
            .encode(x=alt.X("rate_shown_f:Q", title=RATE_TITLE_LONG,
                            axis=alt.Axis(format=PCT_AXIS), scale=alt.Scale(zero=False)),
                    y=alt.Y("score:Q", title=label("score", "perf_evaluations", True),
                            scale=alt.Scale(domain=[low, 100.5])),
                    color=alt.Color("unit_label:N", title=label("unit_label"),
                                    scale=_doc_scale(tables, pts["doc_id"].unique().to_list()),
                                    legend=alt.Legend(orient="bottom", columns=2)),
                    shape=alt.Shape("scope_zh:N", title=label("scope", "perf_evaluations"),
                                    scale=alt.Scale(domain=[VALUE_MAP["scope"][s] for s in scopes],
                                                    range=[shapes[s] for s in scopes])),
                    tooltip=_evaluation_tooltip(with_unit=True)))
    note = f"另有{left_out}个评价未列示执行率，未画出" if left_out else ""
    return (alt.layer(dots, reference_rule(90.0, "90分：“优”的下限", label("score", "perf_evaluations", True),
                                  axis="y"),
                      reference_rule(1.0, "执行率100%", RATE_TITLE_LONG, fmt=PCT_AXIS))
            .properties(width=WIDTH, height=360,
                        title=_title("自评得分与预算执行率", tables, doc_id, note)))


def score_distribution(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """How many evaluations fall in each score band (100, 95–<100, …), stacked by document."""
    sd = _docs(measures.score_distribution(tables["perf_evaluations"]), tables, doc_ids)
    if sd.height == 0:
        return None
    sd = sd.join(_unit_labels(tables), on="doc_id", how="left").with_columns(*fractions("share"))
    bands = [b for _, b in measures.SCORE_BANDS] + [measures.SCORE_BAND_BELOW]
    tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("score_band", label("score_band")),
               field_tooltip("n_evaluations", label("n_evaluations"), "d"),
               field_tooltip("share_f", "占该文档评价数", PCT)]
    return (alt.Chart(sd).mark_bar()
            .encode(x=alt.X("score_band:N", title=f"{label('score', 'perf_evaluations')}区间",
                            sort=bands, scale=alt.Scale(domain=bands),
                            axis=alt.Axis(labelAngle=0)),
                    y=alt.Y("sum(n_evaluations):Q", title=f"{label('n_evaluations')}（个）",
                            axis=alt.Axis(format="d", tickMinStep=1)),
                    color=alt.Color("unit_label:N", title=label("unit_label"),
                                    scale=_doc_scale(tables, sd["doc_id"].unique().to_list()),
                                    legend=alt.Legend(orient="bottom", columns=2)),
                    order=alt.Order("doc_id:N"), tooltip=tooltip)
            .properties(width=WIDTH, height=260,
                        title=_title("绩效自评得分分布", tables, None,
                                     "得分集中在90分以上：自评能否区分好坏？")))


GRADE_GROUPS = {"province": "省", "template": label("template", "perf_evaluations"),
                "scope": label("scope", "perf_evaluations"), "unit_label": label("unit_label")}


def grade_distribution(tables: Tables, by: str = "province",
                       doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """Evaluations per grade (as stated, else from the score), by province, template, kind of
    evaluation or document (`by`)."""
    if by not in GRADE_GROUPS:
        raise ValueError(f"by must be one of {sorted(GRADE_GROUPS)}")
    g = measures.evaluation_grades(tables["perf_evaluations"]).join(
        tables["perf_evaluations"].select("eval_id", "template"), on="eval_id", how="left")
    g = (_docs(g, tables, doc_ids)
         .join(tables["documents"].select("doc_id", "province"), on="doc_id", how="left")
         .join(_unit_labels(tables), on="doc_id", how="left")
         .with_columns(grade_zh=pl.col("grade").fill_null(UNGRADED),
                       template=pl.col("template").replace(VALUE_MAP["template"])
                       .fill_null("未识别"),
                       scope=pl.col("scope").replace(VALUE_MAP["scope"]),
                       province=pl.col("province").fill_null("未列示")))
    if g.height == 0:
        return None
    counts = (g.group_by(by, "grade_zh")
              .agg(n=pl.len().cast(pl.Int64), n_computed=pl.col("grade_is_computed").sum()
                   .cast(pl.Int64))
              .with_columns(share_f=pl.col("n") / pl.col("n").sum().over(by))
              .sort(by, "grade_zh"))
    grades = [x for x in (*measures.GRADES, UNGRADED) if x in counts["grade_zh"].to_list()]
    tooltip = [field_tooltip(by, GRADE_GROUPS[by]), field_tooltip("grade_zh", "等级"),
               field_tooltip("n", label("n_evaluations"), "d"), field_tooltip("share_f", "占比", PCT),
               field_tooltip("n_computed", label("n_computed"), "d")]
    groups = counts[by].unique().sort().to_list()
    return (alt.Chart(counts).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("n:Q", title=f"{label('n_evaluations')}（个）", stack=True,
                            axis=alt.Axis(format="d", tickMinStep=1)),
                    y=alt.Y(f"{by}:N", title=GRADE_GROUPS[by], sort=groups),
                    color=alt.Color("grade_zh:N", title="等级",
                                    scale=alt.Scale(domain=grades,
                                                    range=[COLORS["grade"][x] for x in grades])),
                    order=alt.Order("grade_zh:N"), tooltip=tooltip)
            .properties(width=WIDTH, height=chart_height(len(groups)) + 10,
                        title=_title(f"评价等级（按{GRADE_GROUPS[by]}）", tables)))


def indicator_quality(tables: Tables, doc_id: str | None = None,
                      doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """Two shares that say how informative the indicators are: indicators that earned their
    full weight, and qualitative indicators (定性, no number in the target) — per evaluation
    for one document (`doc_id`), else pooled per document."""
    by = "eval_id" if doc_id else "doc_id"
    pi = tables["perf_indicators"]
    fm = measures.full_marks(pi, by=by)
    qs = measures.qualitative_share(pi, by=by)
    keys = ["doc_id", "eval_id"] if by == "eval_id" else ["doc_id"]
    df = fm.join(qs, on=keys, how="full", coalesce=True)
    df = _doc(df, doc_id) if doc_id else _docs(df, tables, doc_ids)
    if df.height == 0:
        return None
    df = df.join(_unit_labels(tables), on="doc_id", how="left")
    if by == "eval_id":
        ev = evaluation_points(tables).select("eval_id", "eval_label", "project_name")
        df = df.join(ev, on="eval_id", how="left").with_columns(row=pl.col("eval_label"))
    else:
        df = df.with_columns(row=pl.col("unit_label"), project_name=pl.lit(""))
    df = df.sort(keys)
    long = pl.concat([
        df.select("row", "unit_label", "project_name", measure=pl.lit("full_marks_share"),
                  share_f=pl.col("full_marks_share") / 100.0, part=pl.col("n_full_marks"),
                  whole=pl.col("n_scored")),
        df.select("row", "unit_label", "project_name", measure=pl.lit("qualitative_share"),
                  share_f=pl.col("qualitative_share") / 100.0, part=pl.col("n_qualitative"),
                  whole=pl.col("n_indicators")),
    ]).with_columns(measure_zh=pl.col("measure").replace_strict(
        {k: label(k) for k in COLORS["measure"]}))
    measures_zh = [label(k) for k in COLORS["measure"]]
    tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("project_name", "评价"),
               field_tooltip("measure_zh", "指标"), field_tooltip("share_f", "占比", PCT),
               field_tooltip("part", "个数", "d"), field_tooltip("whole", "基数（个）", "d")]
    order = df["row"].to_list()
    y = alt.Y("row:N", title=None, sort=order)
    shown = long.filter(pl.col("share_f").is_not_null())
    layers = [alt.Chart(shown).mark_bar()
              .encode(x=alt.X("share_f:Q", title="占比", axis=alt.Axis(format=PCT_AXIS),
                              scale=alt.Scale(domain=[0, 1])),
                      y=y, yOffset=alt.YOffset("measure_zh:N", sort=measures_zh),
                      color=alt.Color("measure_zh:N", title=None,
                                      scale=alt.Scale(domain=measures_zh,
                                                      range=list(COLORS["measure"].values())),
                                      legend=alt.Legend(orient="bottom")),
                      tooltip=tooltip)]
    missing = long.filter(pl.col("share_f").is_null() & (pl.col("measure") == "full_marks_share"))
    if missing.height:
        layers.append(note_layer(missing, y, "未列示指标得分", tooltip))
    return (alt.layer(*layers)
            .properties(width=WIDTH, height=chart_height(len(order)) * 2,
                        title=_title("绩效指标：得满分的指标与定性指标占比", tables, doc_id,
                                     "定性：指标性质为定性，或指标值不含数字（如“提高”“长期”）")))


# --- comparing documents ---------------------------------------------------------------------------

def compare_documents(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.VConcatChart:
    """The documents side by side on normalised measures (`present.COMPARE_MEASURES`: shares,
    per-staff figures, completion %, mean score): one small bar chart per measure, one bar per
    document (its colour the same in every chart); “无法计算” where a base is not stated."""
    df = present.compare_frame(tables, doc_ids)
    charts = []
    for key, zh, unit, note in present.COMPARE_MEASURES:
        is_pct = unit == metadata.PERCENT
        d = df.select("doc_id", "unit_label", value=pl.col(key)).with_columns(
            shown=pl.col("value") / 100.0 if is_pct else pl.col("value"),
            note=pl.lit(note))
        fmt = PCT if is_pct else (WAN if unit == "万元/人" else POINTS_FMT)
        axis_fmt = PCT_AXIS if is_pct else ",.0f"
        tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("shown", f"{zh}（{unit}）"
                                                              if not is_pct else zh, fmt),
                   field_tooltip("note", "计算方法")]
        y = alt.Y("unit_label:N", title=None, sort=df["unit_label"].to_list())
        layers = [alt.Chart(d.filter(pl.col("value").is_not_null())).mark_bar(height={"band": 0.7})
                  .encode(x=alt.X("shown:Q", title=f"{zh}（{unit}）",
                                  axis=alt.Axis(format=axis_fmt)),
                          y=y, color=alt.Color("unit_label:N",
                                               scale=_doc_scale(tables, df["doc_id"].to_list()),
                                               legend=None),
                          tooltip=tooltip)]
        nulls = d.filter(pl.col("value").is_null())
        if nulls.height:
            layers.append(note_layer(nulls, y, "无法计算（基数为零或未列示）", tooltip))
        if key == "completion_rate":
            layers.append(reference_rule(1.0, "100%：决算等于年初预算", f"{zh}（{unit}）",
                                 fmt=PCT_AXIS))
        charts.append(alt.layer(*layers).properties(width=WIDTH - 120,
                                                    height=chart_height(df.height), title=zh))
    return alt.vconcat(*charts, spacing=18).properties(
        title=_title("各文档比较：规模不同，比较比例、人均数和得分", tables))


def functional_shares(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """Expenditure by functional class (类) as shares of each document's total (100% bars)."""
    fs = _docs(measures.functional_shares(tables["budget_lines"]), tables, doc_ids)
    if fs.height == 0:
        return None
    fs = (fs.join(_unit_labels(tables), on="doc_id", how="left")
          .with_columns(*fractions("share", "share_stated"),
                        source_zh=pl.col("source").replace(VALUE_MAP["source"])))
    classes = (fs.group_by("class_name").agg(pl.col("actual").sum())
               .sort("actual", descending=True)["class_name"].to_list())
    tooltip = [field_tooltip("unit_label", label("unit_label")),
               field_tooltip("class_name", label("class_name", "budget_lines")),
               field_tooltip("actual", label("actual", "budget_lines", True), WAN),
               field_tooltip("share_f", "占比（按金额计算）", PCT),
               field_tooltip("share_stated_f", label("share_stated", "budget_lines"), PCT),
               field_tooltip("source_zh", label("source")), source_tooltip()]
    palette = [BLUE, ORANGE, GREEN, PURPLE, TEAL, YELLOW, PINK, BROWN, RED, GREY]
    return (alt.Chart(fs).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("share_f:Q", stack="normalize", title="占一般公共预算财政拨款支出",
                            axis=alt.Axis(format=PCT_AXIS)),
                    y=alt.Y("unit_label:N", title=None,
                            sort=list(present.doc_labels(tables).values())),
                    color=alt.Color("class_name:N", title=label("class_name", "budget_lines"),
                                    scale=alt.Scale(domain=classes,
                                                    range=palette[:len(classes)]),
                                    legend=alt.Legend(orient="bottom", columns=3)),
                    order=alt.Order("src_line:Q"), tooltip=tooltip)
            .properties(width=WIDTH, height=chart_height(fs["doc_id"].n_unique()),
                        title=_title("支出按功能分类（类）的结构", tables)))


def structure_shares(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.VConcatChart:
    """基本 vs 项目 in the year's expenditure, and 人员经费 vs 公用经费 in basic expenditure, as
    100% bars per document."""
    ids = present.selected_docs(tables, doc_ids)
    labels = _unit_labels(tables)
    panels = []
    for title, pair in (("本年支出：基本支出与项目支出", ("expenditure_basic", "expenditure_project")),
                        ("基本支出：人员经费与公用经费", ("basic_personnel", "basic_public"))):
        rows = pl.concat([measures.headline(tables["totals"], m) for m in pair])
        rows = (rows.filter(pl.col("doc_id").is_in(ids)).join(labels, on="doc_id", how="left")
                .with_columns(metric_zh=pl.col("metric").replace_strict(VALUE_MAP["metric"]),
                              share_f=pl.col("value") / pl.col("value").sum().over("doc_id"),
                              source_zh=pl.col("source_kind").replace(VALUE_MAP["source_kind"]),
                              order=pl.col("metric").replace_strict({pair[0]: 0, pair[1]: 1},
                                                                    return_dtype=pl.Int8)))
        names = [metadata.METRICS[m][2] for m in pair]
        tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("metric_zh", "项目"),
                   field_tooltip("value", "金额（万元）", WAN), field_tooltip("share_f", "占比", PCT),
                   field_tooltip("source_zh", "出处"), source_tooltip()]
        panels.append(
            alt.Chart(rows).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("value:Q", stack="normalize", title="占比",
                            axis=alt.Axis(format=PCT_AXIS)),
                    y=alt.Y("unit_label:N", title=None,
                            sort=list(present.doc_labels(tables).values())),
                    color=alt.Color("metric_zh:N", title=None,
                                    scale=alt.Scale(domain=names,
                                                    range=[COLORS["structure"][m] for m in pair]),
                                    legend=alt.Legend(orient="right")),
                    order=alt.Order("order:Q"), tooltip=tooltip)
            .properties(width=WIDTH - 100, height=chart_height(len(ids)), title=title))
    return (alt.vconcat(*panels, spacing=16).resolve_scale(color="independent")
            .properties(title=_title("支出结构", tables)))


# --- audit: findings and completeness ------------------------------------------------------------

def findings_overview(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """Consistency findings per rule and document: the number in each cell, the colour of the
    most serious finding (red 错误, orange 警示, teal 提示)."""
    f = _docs(tables["findings"], tables, doc_ids)
    if f.height == 0:
        return None
    titles = present.rule_titles()
    rank = {"error": 0, "warning": 1, "info": 2}
    counts = (f.group_by("doc_id", "rule_id")
              .agg(n=pl.len().cast(pl.Int64),
                   n_error=(pl.col("severity") == "error").sum().cast(pl.Int64),
                   n_warning=(pl.col("severity") == "warning").sum().cast(pl.Int64),
                   n_info=(pl.col("severity") == "info").sum().cast(pl.Int64),
                   worst=pl.col("severity").sort_by(pl.col("severity")
                                                   .replace_strict(rank, return_dtype=pl.Int8))
                   .first(),
                   lines=pl.col("src_line").sort().unique(maintain_order=True).cast(pl.String)
                   .str.join(", "))
              .join(_unit_labels(tables), on="doc_id", how="left")
              .with_columns(rule_label=pl.format("{} {}", pl.col("rule_id"),
                                                 pl.col("rule_id").replace_strict(
                                                     titles, default="")),
                            worst_zh=pl.col("worst").replace_strict(VALUE_MAP["severity"]))
              .sort("doc_id", "rule_id"))
    rules_order = [f"{r} {titles.get(r, '')}" for r in titles if r in counts["rule_id"].to_list()]
    sev = [s for s in metadata.FINDING_SEVERITIES if s in counts["worst"].to_list()]
    tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("rule_label", label("rule_title")),
               field_tooltip("n", label("n_findings"), "d"), field_tooltip("n_error", "错误", "d"),
               field_tooltip("n_warning", "警示", "d"), field_tooltip("n_info", "提示", "d"),
               field_tooltip("lines", f"主要{SRC}")]
    x = alt.X("unit_label:N", title=None, sort=list(present.doc_labels(tables).values()),
              axis=alt.Axis(labelAngle=0, orient="top", labelLimit=DOC_COLUMN - 6))
    y = alt.Y("rule_label:N", title=None, sort=rules_order)
    cells = (alt.Chart(counts).mark_rect(stroke="white")
             .encode(x=x, y=y,
                     color=alt.Color("worst_zh:N", title="最严重的发现",
                                     scale=category_scale(sev, "severity", COLORS["severity"])),
                     tooltip=tooltip))
    text = (alt.Chart(counts).mark_text(color="white", fontWeight="bold")
            .encode(x=x, y=y, text="n:Q", tooltip=tooltip))
    n_docs = counts["doc_id"].n_unique()
    return (alt.layer(cells, text)
            .properties(width=DOC_COLUMN * n_docs, height=chart_height(len(rules_order)) + 4,
                        title=_title("一致性审核发现（按规则）", tables, None,
                                     "格中数字为发现条数，颜色为其中最严重的一条")))


def completeness_overview(tables: Tables,
                          doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """The items a disclosure must contain (national format) per document, coloured by status:
    公开, 公开空表并说明理由, 仅列入目录, 缺失 (provincial extra tables are left out here)."""
    from juesuan.checks import completeness as cc

    c = _docs(tables["completeness"], tables, doc_ids).filter(pl.col("required"))
    if c.height == 0:
        return None
    order = [i.name_zh for i in cc.ITEMS]
    c = (c.join(_unit_labels(tables), on="doc_id", how="left")
         .with_columns(status_zh=pl.col("status").replace_strict(VALUE_MAP["status"]),
                       kind_zh=pl.col("item_kind").replace_strict(VALUE_MAP["item_kind"]),
                       reason=pl.col("reason").fill_null("")))
    statuses = [s for s in metadata.COMPLETENESS_STATUSES if s in c["status"].to_list()]
    tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("name_zh", label("name_zh",
                                                                            "completeness")),
               field_tooltip("kind_zh", label("item_kind", "completeness")),
               field_tooltip("status_zh", label("status", "completeness")),
               field_tooltip("reason", label("reason", "completeness")),
               source_tooltip()]
    n_docs = c["doc_id"].n_unique()
    return (alt.Chart(c).mark_rect(stroke="white", strokeWidth=1)
            .encode(x=alt.X("unit_label:N", title=None,
                            sort=list(present.doc_labels(tables).values()),
                            axis=alt.Axis(labelAngle=0, orient="top", labelLimit=DOC_COLUMN - 6)),
                    y=alt.Y("name_zh:N", title=None, sort=order),
                    color=alt.Color("status_zh:N", title=label("status", "completeness"),
                                    scale=category_scale(statuses, "status", COLORS["status"])),
                    tooltip=tooltip)
            .properties(width=DOC_COLUMN * n_docs, height=chart_height(len(order)),
                        title=_title("公开完整性（全国统一格式要求的内容）", tables)))
