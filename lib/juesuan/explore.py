"""Interactive explorer for JupyterLab: ipywidgets controls that recompute a view and redraw it.

    >>> from juesuan.explore import Explorer
    >>> Explorer().show()          # in a notebook: the controls, charts and tables

Two views, each a polars DataFrame kept on the explorer and redrawn on every change:

* `line_data` — general-budget expenditure by functional classification (类/款/项) of the chosen
  document: the children of the chosen 类 or 款 (or all 类), with the chosen measure drawn.
* `evaluation_data` — the performance evaluations that pass the filter (kind, template, score
  range, implementing unit, execution-rate band), drawn as score against execution rate B/A
  (`charts.score_vs_execution`) beside a table (`present.evaluations_table`).

Around them (issue 18): a cross-document view (`compare_lines`: one 类 across documents), text
search over indicators and audit findings (`search`), the audit findings beside the lines they
dispute (`findings_for_lines`, and a note when 类 built from summed items disagree with the
document's own total: `total_disagreement`), a source-line picker that shows the quoted text
(`teaching.quote`), export of the current selection to CSV in UTF-8 with a BOM (`export`), wide
tables that scroll instead of being cut off, and synthetic documents marked（合成）.

Widgets need a running kernel: the static HTML reports use Altair's own interactivity
(tooltips) instead. Charts are drawn by the juesuan renderer's offline HTML (`charts.chart_html`,
the Vega bundle is inlined once in the explorer's own output): JupyterLab 4 has no renderer for
Vega-Lite 6, and nothing may be fetched from the network.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as widgets
import polars as pl

from juesuan import catalog, charts, measures, present, schema
from juesuan.charts import COLORS, PCT, PCT_AXIS, WAN, WIDTH
from juesuan.present import label, value_label

Tables = Mapping[str, pl.DataFrame]

ALL = "__all__"  # the "no selection" value of every drop-down
NO_UNIT = "__none__"  # evaluations whose table names no implementing unit
LEVELS = ("class", "section", "item")
# Statements on the general-budget appropriation basis (公开05表 and the narrative on it), in
# order of preference; 支出决算表 (all funds) is a different basis and is not mixed in.
GPB_STATEMENTS = ("table_gpb_expenditure", "narrative_gpb")
# The measures of `measures.line_completion` the explorer can draw.
LINE_MEASURES = ("actual", "budget_initial", "completion_rate", "completion_stated",
                 "gap_wanyuan", "gap_percent")
SCORE_RANGE = (0.0, 100.0)
_DEPTH = {level: i for i, level in enumerate(LEVELS)}

# Texts of the explorer's own controls and notes.
SUMMED = "由下级科目加总"
_LEVEL = {level: zh for level, (zh, _en) in schema.VALUE_LABELS["level"].items()}
_EVAL = {key: schema.label("perf_evaluations", column) for key, column in
         (("scope", "scope"), ("template", "template"), ("score", "score"),
          ("unit", "implementing_unit"))}
# The controls' own words; what names a column or a coded value comes from the schema.
UI = {
    **{level: _LEVEL[level] for level in ("class", "section", "item")},
    **{f"all_{level}": f"全部{_LEVEL[level]}" for level in ("class", "section", "item")},
    **_EVAL,
    "doc": "文档", "measure": "指标", "up": "返回上一级",
    "all_docs": "全部文档", "band": "执行率", "all": "全部", "no_unit": "未列示实施单位",
    "lines": "支出功能分类（一般公共预算财政拨款支出）", "evaluations": "绩效评价",
    "note": "说明", "compare": "跨文档比较：同一类在各文档中", "compare_docs": "文档",
    "search": "搜索绩效指标和审核发现", "search_box": "关键词", "findings": "审核发现（与上面数字有关的）",
    "source": "原文", "source_pick": "查看原文", "export": "导出当前选择为CSV", "export_view": "导出",
    "synthetic": "（合成）",
}
EXPORT_VIEWS = {"lines": "支出功能分类（当前所选）", "compare": "跨文档比较",
                "evaluations": "绩效评价（当前筛选）", "search": "搜索结果"}


# --- the functional classification of one document --------------------------------------------

def _first(col: str, src: str | None = None) -> list[pl.Expr]:
    """First stated value of `col` in preference order, and the line it is printed on."""
    stated = pl.col(col).is_not_null()
    line = pl.coalesce(src, "src_line") if src else pl.col("src_line")
    return [pl.col(col).filter(stated).first(), line.filter(stated).first().alias(f"{col}_src")]


def _sum_all(col: str) -> pl.Expr:
    """Sum of the parts' values, null unless every part states one (no partial sums)."""
    return pl.when(pl.col(col).null_count() == 0).then(pl.col(col).sum()).otherwise(None)


def _keyed(bl: pl.DataFrame) -> pl.DataFrame:
    """The lines with `key` (their code, else their names), `class_key` and `section_key`. A
    line printed without a code gets the code its names carry elsewhere in the document."""
    names = [pl.col(c).str.replace_all(r"\s+", "").alias(f"_{c[0]}")
             for c in ("class_name", "section_name", "item_name")]
    bl = bl.with_columns(*names)
    code = pl.col("func_code")
    coded = bl.filter(code.is_not_null())
    maps = [
        (["_c"], coded.select("_c", _code3=code.str.slice(0, 3))),
        (["_c", "_s"], coded.filter(code.str.len_chars() >= 5)
         .select("_c", "_s", _code5=code.str.slice(0, 5))),
        (["_c", "_s", "_i"], coded.filter(code.str.len_chars() == 7)
         .select("_c", "_s", "_i", _code7=code)),
    ]
    for on, m in maps:
        bl = bl.join(m.drop_nulls(on).unique(on, keep="first", maintain_order=True), on=on,
                     how="left")
    own = {n: pl.when(code.str.len_chars() >= n).then(code.str.slice(0, n)) for n in (3, 5, 7)}
    bl = bl.with_columns(class_code=pl.coalesce(own[3], "_code3"),
                         section_code=pl.coalesce(own[5], "_code5"),
                         item_code=pl.coalesce(own[7], "_code7"))
    bl = bl.with_columns(class_key=pl.coalesce("class_code", "_c", pl.lit("?")))
    bl = bl.with_columns(section_key=pl.when(pl.col("level") != "class").then(pl.coalesce(
        "section_code", pl.format("{}/{}", "class_key", pl.col("_s").fill_null("?")))))
    bl = bl.with_columns(item_key=pl.coalesce(
        "item_code", pl.format("{}/{}", "section_key", pl.col("_i").fill_null("?"))))
    by_level = {"class": ("class_key", "class_code"), "section": ("section_key", "section_code"),
                "item": ("item_key", "item_code")}
    return bl.with_columns(
        key=pl.coalesce(*[pl.when(pl.col("level") == lv).then(pl.col(k))
                          for lv, (k, _) in by_level.items()]),
        node_code=pl.coalesce(*[pl.when(pl.col("level") == lv).then(pl.col(c))
                                for lv, (_, c) in by_level.items()]))


def _stated(bl: pl.DataFrame) -> pl.DataFrame:
    """One row per line: each value from the first statement that prints it (table first)."""
    rank = {s: i for i, s in enumerate(GPB_STATEMENTS)}
    return (bl.with_columns(_rank=pl.col("statement").replace_strict(rank, return_dtype=pl.Int8))
            .sort(["_rank", "src_line"])
            .group_by("key", maintain_order=True)
            .agg(pl.col("level").first(), pl.col("node_code").first().alias("func_code"),
                 pl.col("class_key").first(), pl.col("section_key").first(),
                 *[pl.col(c).drop_nulls().first()
                   for c in ("class_name", "section_name", "item_name")],
                 *_first("budget_initial", "budget_initial_src_line"),
                 *_first("actual", "actual_src_line"),
                 *_first("completion_stated", "completion_stated_src_line"),
                 pl.col("statement").first(), pl.col("src_line").first(),
                 pl.col("src_line").min().alias("_order")))


def _with_parents(lines: pl.DataFrame) -> pl.DataFrame:
    """Add the 款 and 类 the document names only through their 项 (a narrative of 项 alone);
    they have no line of their own (src_line null)."""
    for level, parent_cols in (("section", ["class_key", "section_key"]),
                               ("class", ["class_key"])):
        k = parent_cols[-1]
        kids = lines.filter(pl.col("level").replace_strict(_DEPTH) > _DEPTH[level])
        missing = (kids.sort("_order").group_by(parent_cols, maintain_order=True)
                   .agg(pl.col("class_name").drop_nulls().first(),
                        pl.col("section_name").drop_nulls().first(),
                        pl.col("_order").min())
                   .filter(~pl.col(k).is_in(lines["key"].implode()))
                   .with_columns(key=pl.col(k), level=pl.lit(level)))
        if level == "class":
            missing = missing.with_columns(section_name=pl.lit(None, pl.String),
                                           section_key=pl.lit(None, pl.String))
        missing = missing.with_columns(
            func_code=pl.when(pl.col("key").str.contains(r"^\d+$")).then(pl.col("key")))
        lines = pl.concat([lines, missing], how="diagonal_relaxed")
    return lines


def _rolled_up(lines: pl.DataFrame) -> pl.DataFrame:
    """A 类/款 value the document does not state: the sum of its 项 (a 类 without 项: of its
    款) when every part states one; `<col>_basis` says "stated" or "sum"."""
    items = lines.filter(pl.col("level") == "item")
    sections = lines.filter((pl.col("level") == "section")
                            & ~pl.col("class_key").is_in(items["class_key"].implode()))
    sums = pl.concat([
        part.group_by(by).agg(_sum_all("budget_initial").alias("_b"),
                              _sum_all("actual").alias("_a")).rename({by: "key"})
        for part, by in ((items, "section_key"), (items, "class_key"), (sections, "class_key"))])
    out = lines.join(sums, on="key", how="left")
    for col, summed in (("budget_initial", "_b"), ("actual", "_a")):
        use_sum = (pl.col(col).is_null() & (pl.col("level") != "item")
                   & pl.col(summed).is_not_null())
        out = out.with_columns(
            pl.when(pl.col(col).is_not_null()).then(pl.lit("stated"))
            .when(use_sum).then(pl.lit("sum")).alias(f"{col}_basis"),
            pl.when(use_sum).then(pl.col(summed)).otherwise(col).alias(col))
    return out


def line_tree(budget_lines: pl.DataFrame, doc_id: str) -> pl.DataFrame:
    """Every 类, 款 and 项 of the document's general-budget expenditure, one row per line.

    Lines are matched across 公开05表 and the narrative by their code (else their names); each
    value is the table's where the table prints it, else the narrative's, with the line it is
    printed on. A 类 or 款 the document does not state a value for gets the sum of its parts
    (`budget_initial_basis` / `actual_basis` = "sum", and a `note`). Completion and gap are
    defined as in `measures.line_completion`: actual ÷ 年初预算 in percent, actual − 年初预算;
    a zero budget with spending is unbudgeted."""
    bl = budget_lines.filter((pl.col("doc_id") == doc_id)
                             & pl.col("statement").is_in(GPB_STATEMENTS)
                             & pl.col("level").is_in(LEVELS))
    tree = _rolled_up(_with_parents(_stated(_keyed(bl))))
    summed = [pl.when(pl.col(f"{c}_basis") == "sum").then(pl.lit(label(c, "budget_lines")))
              for c in ("budget_initial", "actual")]
    name = pl.coalesce(pl.when(pl.col("level") == "item").then("item_name"),
                       pl.when(pl.col("level") == "section").then("section_name"),
                       "class_name")
    return (tree.with_columns(
                doc_id=pl.lit(doc_id), line_name=name,
                **measures.line_measures(),
                note=pl.concat_list(summed).list.drop_nulls().list.join("、"))
            .with_columns(
                budget_status=measures.budget_status(), line_label=charts.line_label(),
                note=pl.when(pl.col("note") != "").then(pl.format("{}{}", "note", pl.lit(SUMMED))))
            .rename({"budget_initial_src": "budget_initial_src_line",
                     "actual_src": "actual_src_line",
                     "completion_stated_src": "completion_stated_src_line"})
            .sort(["func_code", "_order"], nulls_last=True)
            .select("doc_id", "key", "level", "func_code", "line_label", "line_name",
                    "class_key", "section_key", "class_name", "section_name", "item_name",
                    "budget_initial", "actual", "completion_rate", "completion_stated",
                    "gap_wanyuan", "gap_percent", "unbudgeted", "budget_status",
                    "budget_initial_basis", "actual_basis", "note", "statement", "src_line",
                    "budget_initial_src_line", "actual_src_line", "completion_stated_src_line"))


def children(tree: pl.DataFrame, class_key: str | None = None,
             section_key: str | None = None) -> pl.DataFrame:
    """The lines one level below the selection: every 类; the 款 of a 类; the 项 of a 款."""
    if section_key:
        return tree.filter((pl.col("level") == "item") & (pl.col("section_key") == section_key))
    if class_key:
        return tree.filter((pl.col("level") == "section") & (pl.col("class_key") == class_key))
    return tree.filter(pl.col("level") == "class")


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


# --- evaluations ----------------------------------------------------------------------------------

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


# --- documents, findings, search, export ----------------------------------------------------------

def doc_options(tables: Tables) -> list[tuple[str, str]]:
    """(label, doc_id) of every document; a synthetic one is marked（合成）so it is never taken
    for a real disclosure."""
    docs = present.doc_labels(tables)
    synthetic = dict(zip(tables["documents"]["doc_id"].to_list(),
                         tables["documents"]["synthetic"].fill_null(False).to_list(),
                         strict=True)) if "synthetic" in tables["documents"].columns else {}
    return [(f"{UI['synthetic']}{name}" if synthetic.get(d) else name, d) for d, name in docs.items()]


_LINE_COLS = ("src_line", "budget_initial_src_line", "actual_src_line", "completion_stated_src_line")


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


def _scroll(table: Any) -> present.HTML:
    """A wide table in a box that scrolls sideways instead of being cut off."""
    inner = table._repr_html_() if hasattr(table, "_repr_html_") else html.escape(str(table))
    return present.HTML(f'<div class="juesuan-scroll" style="overflow-x:auto;max-width:100%">'
                        f"{inner}</div>", repr(table))


# --- the explorer -----------------------------------------------------------------------------------

def _options(values: Sequence[str], column: str) -> list[tuple[str, str]]:
    """“全部” and the coded values with their Chinese names."""
    return [(UI["all"], ALL)] + [(str(value_label(column, v)), v) for v in values]


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


class Explorer:
    """Controls, the data they select and its charts and tables.

    Attributes a caller (or a test) can read after any change: `line_data`, `line_chart`,
    `line_message`, `evaluation_data`, `evaluation_chart`, `evaluation_message`; the widgets
    are `doc_select`, `class_select`, `section_select`, `item_select`, `up_button`,
    `measure_select`, `all_docs`, `scope_select`, `template_select`, `score_range`,
    `unit_select`, `band_select`; the outputs `line_output`, `evaluation_output`.

    Beside them: `line_findings` (the audit findings on the lines in view) and `line_consistency`
    (a note when summed 类 disagree with the stated total); `source_select` (a source line of the
    view) → `source_text` in `source_output`; `compare_docs`, `compare_class` → `compare_data`,
    `compare_chart`, `compare_output`; `search_box` → `search_data`, `search_output`;
    `export_view`, `export_button` → `last_export` (the CSV written), `export_output`."""

    def __init__(self, tables: Tables | None = None, doc_id: str | None = None,
                 measure: str = "actual", export_dir: str | Path = "exports") -> None:
        self.tables = dict(tables) if tables is not None else catalog.load_all()
        docs = present.doc_labels(self.tables)
        if not docs:
            raise ValueError("the catalog has no documents; run `juesuan ingest` first")
        doc_id = doc_id or next(iter(docs))
        present.selected_docs(self.tables, [doc_id])  # a clear error for an unknown doc_id
        self._evaluations = evaluations(self.tables)
        self._quiet = False
        self.tree = pl.DataFrame()
        self.line_data = pl.DataFrame()
        self.line_chart: alt.TopLevelMixin | None = None
        self.line_message = ""
        self.evaluation_data = pl.DataFrame()
        self.evaluation_chart: alt.TopLevelMixin | None = None
        self.evaluation_message = ""
        self.line_findings = pl.DataFrame()
        self.line_consistency = ""
        self.source_text = ""
        self.compare_data = pl.DataFrame()
        self.compare_chart: alt.TopLevelMixin | None = None
        self.search_data = pl.DataFrame()
        self.last_export: Path | None = None
        self.export_dir = Path(export_dir)

        style = {"description_width": "4em"}
        wide = widgets.Layout(width="28em")
        self.doc_select = widgets.Dropdown(options=doc_options(self.tables),
                                           value=doc_id, description=UI["doc"], style=style,
                                           layout=widgets.Layout(width="36em"))
        self.class_select = widgets.Dropdown(description=UI["class"], style=style, layout=wide)
        self.section_select = widgets.Dropdown(description=UI["section"], style=style,
                                               layout=wide)
        self.item_select = widgets.Dropdown(description=UI["item"], style=style, layout=wide)
        self.up_button = widgets.Button(description=UI["up"], icon="arrow-up")
        self.measure_select = widgets.Dropdown(
            options=[(label(m, "budget_lines"), m) for m in LINE_MEASURES], value=measure,
            description=UI["measure"], style=style, layout=wide)
        self.all_docs = widgets.Checkbox(value=False, description=UI["all_docs"], indent=False,
                                         layout=widgets.Layout(width="8em"))
        self.scope_select = widgets.Dropdown(description=UI["scope"], style=style, layout=wide)
        self.template_select = widgets.Dropdown(description=UI["template"], style=style,
                                                layout=wide)
        self.unit_select = widgets.Dropdown(description=UI["unit"], style=style, layout=wide)
        self.band_select = widgets.Dropdown(
            options=[(UI["all"], ALL)] + [(zh, k) for k, zh in charts.EXECUTION_BANDS.items()],
            value=ALL, description=UI["band"], style=style, layout=wide)
        self.score_range = widgets.FloatRangeSlider(
            value=SCORE_RANGE, min=SCORE_RANGE[0], max=SCORE_RANGE[1], step=0.5,
            description=UI["score"], style=style, readout_format=".1f",
            layout=widgets.Layout(width="36em"))
        self.line_output = widgets.Output()
        self.evaluation_output = widgets.Output()
        self.source_select = widgets.Dropdown(options=[("—", None)], value=None,
                                              description=UI["source_pick"], style=style,
                                              layout=widgets.Layout(width="36em"))
        self.source_output = widgets.Output()
        all_docs = [d for _, d in doc_options(self.tables)]
        self.compare_docs = widgets.SelectMultiple(options=doc_options(self.tables),
                                                   value=tuple(all_docs),
                                                   description=UI["compare_docs"], style=style,
                                                   layout=widgets.Layout(width="36em"))
        self.compare_class = widgets.Dropdown(description=UI["class"], style=style, layout=wide)
        self.compare_output = widgets.Output()
        self.search_box = widgets.Text(description=UI["search_box"], style=style,
                                       continuous_update=False, layout=wide)
        self.search_output = widgets.Output()
        self.export_view = widgets.Dropdown(options=[(v, k) for k, v in EXPORT_VIEWS.items()],
                                            value="lines", description=UI["export_view"],
                                            style=style, layout=wide)
        self.export_button = widgets.Button(description=UI["export"], icon="download",
                                            layout=widgets.Layout(width="16em"))
        self.export_output = widgets.Output()
        self._bundle_output: widgets.Output | None = None
        self._box: widgets.VBox | None = None

        self.doc_select.observe(self._on_doc, "value")
        self.class_select.observe(self._on_class, "value")
        self.section_select.observe(self._on_section, "value")
        self.item_select.observe(self._on_item, "value")
        self.up_button.on_click(self._on_up)
        self.measure_select.observe(lambda _: (self._refresh_lines(), self._refresh_compare()),
                                    "value")
        self.all_docs.observe(self._on_eval_scope, "value")
        for w in (self.scope_select, self.template_select, self.unit_select, self.band_select,
                  self.score_range):
            w.observe(lambda _: self._refresh_evaluations(), "value")
        self.source_select.observe(lambda _: self._show_source(), "value")
        self.compare_docs.observe(self._on_compare_docs, "value")
        self.compare_class.observe(lambda _: self._refresh_compare(), "value")
        self.search_box.observe(lambda _: self._refresh_search(), "value")
        self.export_button.on_click(lambda _: self.export())
        self._on_doc()
        self._on_compare_docs()

    # -- selections ---------------------------------------------------------------------------

    @property
    def doc_id(self) -> str:
        return self.doc_select.value

    def _key(self, w: widgets.Dropdown) -> str | None:
        return None if w.value in (None, ALL) else w.value

    def _set(self, w: widgets.Dropdown, options: list[tuple[str, str]], keep: bool) -> None:
        """New options for a drop-down, keeping its value if still offered, else “all”."""
        old = w.value
        self._quiet = True
        try:
            w.options = options
            w.value = old if keep and old in [v for _, v in options] else ALL
        finally:
            self._quiet = False

    def _level_options(self, frame: pl.DataFrame, everything: str) -> list[tuple[str, str]]:
        return [(everything, ALL)] + list(zip(frame["line_label"].to_list(),
                                              frame["key"].to_list(), strict=True))

    def _on_doc(self, _: Any = None) -> None:
        self.tree = line_tree(self.tables["budget_lines"], self.doc_id)
        self._set(self.class_select, self._level_options(children(self.tree), UI["all_class"]),
                  keep=False)
        self._drill()
        self._on_eval_scope()

    def _on_class(self, _: Any = None) -> None:
        if not self._quiet:
            self._drill()

    def _on_section(self, _: Any = None) -> None:
        if not self._quiet:
            self._drill(from_level="section")

    def _on_item(self, _: Any = None) -> None:
        if not self._quiet:
            self._refresh_lines()

    def _drill(self, from_level: str = "class") -> None:
        """Offer the 款 of the chosen 类 and the 项 of the chosen 款, then redraw."""
        cls = self._key(self.class_select)
        if from_level == "class":
            sections = children(self.tree, cls) if cls else self.tree.clear()
            self._set(self.section_select, self._level_options(sections, UI["all_section"]),
                      keep=False)
        sec = self._key(self.section_select)
        items = children(self.tree, cls, sec) if sec else self.tree.clear()
        self._set(self.item_select, self._level_options(items, UI["all_item"]), keep=False)
        self.section_select.disabled = cls is None
        self.item_select.disabled = sec is None
        self._refresh_lines()

    def _on_up(self, _: Any = None) -> None:
        """One level up: clear the deepest selection."""
        for w in (self.item_select, self.section_select, self.class_select):
            if self._key(w) is not None:
                w.value = ALL
                return

    # -- the line view --------------------------------------------------------------------------

    def _selected_line(self) -> pl.DataFrame:
        for w in (self.item_select, self.section_select, self.class_select):
            key = self._key(w)
            if key is not None:
                return self.tree.filter(pl.col("key") == key)
        return self.tree.clear()

    def _refresh_lines(self) -> None:
        if self._quiet:
            return
        cls, sec = self._key(self.class_select), self._key(self.section_select)
        item = self._key(self.item_select)
        if item:
            data = self.tree.filter(pl.col("key") == item)
        else:
            data = children(self.tree, cls, sec)
        self.line_data = data
        measure = self.measure_select.value
        doc = present.doc_labels(self.tables)[self.doc_id]
        selected = self._selected_line()
        path = [doc] + ([self._summary(selected.row(0, named=True))] if selected.height else [])
        title = f"{label(measure, 'budget_lines')}（按支出功能分类科目）"
        self.line_chart = lines_chart(data, measure, title, path)
        if data.height == 0:
            self.line_message = "本文档未列示一般公共预算财政拨款支出的功能分类科目。"
        elif self.line_chart is None:
            self.line_message = (f"所选科目均未列示“{label(measure, 'budget_lines')}”："
                                 "请下钻到下一级，或改选其他指标。")
        else:
            self.line_message = ""
        self.line_consistency = total_disagreement(self.tables, self.doc_id, data)
        self.line_findings = findings_for_lines(self.tables, self.doc_id, data, self.tree)
        self._render(self.line_output, self._line_outputs())
        self._offer_sources(data)

    def _summary(self, r: Mapping[str, Any]) -> str:
        """The selected line in one sentence: its budget, final amount and completion."""
        parts = [f"{r['line_label']}（{value_label('level', r['level'])}）"]
        for col in ("budget_initial", "actual"):
            text = f"{label(col, 'budget_lines')}{present.amount(r[col])}"
            if r[f"{col}_basis"] == "sum":
                text += f"（{SUMMED}）"
            parts.append(text)
        if r["completion_rate"] is not None:
            parts.append(f"完成年初预算{present.fmt(r['completion_rate'], schema.PERCENT)}")
        return "，".join(parts)

    def _line_outputs(self) -> list[Any]:
        out: list[Any] = []
        if self.line_message:
            out.append(_message(self.line_message))
        if self.line_chart is not None:
            out.append(_Chart(self.line_chart))
        if self.line_data.height:
            cols = ["func_code", "line_name", "level", "budget_initial", "actual",
                    "completion_rate", "completion_stated", "gap_wanyuan", "note", "src_line",
                    "budget_initial_src_line", "actual_src_line"]
            out.append(_scroll(present.table(self.line_data, columns=cols, table="budget_lines",
                                             labels={"note": UI["note"]})))
        if self.line_consistency:
            out.append(_message(self.line_consistency))
        if self.line_findings.height:
            out.append(present.HTML(f"<h4>{html.escape(UI['findings'])}</h4>", UI["findings"]))
            out.append(_scroll(present.table(
                self.line_findings, columns=["rule_id", "severity", "message_zh", "src_lines"],
                table="findings")))
        return out

    # -- source lines ---------------------------------------------------------------------------

    def _offer_sources(self, data: pl.DataFrame) -> None:
        """The source lines of the view (each line's own and its figures'), to open as text."""
        opts: list[tuple[str, int | None]] = [("—", None)]
        seen: set[int] = set()
        for r in data.iter_rows(named=True):
            for col in _LINE_COLS:
                line = r.get(col)
                if line is not None and line not in seen:
                    seen.add(line)
                    what = label(col, "budget_lines") if col != "src_line" else "科目"
                    opts.append((f"第{line}行　{r['line_name']}（{what}）", int(line)))
        for r in self.line_findings.iter_rows(named=True) if self.line_findings.height else ():
            line = r["src_line"]
            if line is not None and line not in seen:
                seen.add(line)
                opts.append((f"第{line}行　审核发现 {r['rule_id']}", int(line)))
        self._quiet = True
        try:
            self.source_select.options = opts
            self.source_select.value = None
        finally:
            self._quiet = False
        self.source_text = ""
        self._render(self.source_output, [])

    def _show_source(self) -> None:
        if self._quiet:
            return
        line = self.source_select.value
        if line is None:
            self.source_text = ""
            self._render(self.source_output, [])
            return
        from juesuan.teaching import reading

        try:
            n = len(reading.source_lines(self.tables, self.doc_id))
            self.source_text = reading.quote(self.tables, self.doc_id,
                                             range(max(1, line - 1), min(n, line + 3) + 1))
        except (OSError, ValueError) as err:  # a synthetic corpus without its texts
            self.source_text = f"原文不可用（source text not available）：{err}"
        self._render(self.source_output, [present.HTML(
            f"<pre style='white-space:pre-wrap'>{html.escape(self.source_text)}</pre>",
            self.source_text)])

    # -- across documents -----------------------------------------------------------------------

    def _on_compare_docs(self, _: Any = None) -> None:
        names = class_names(self.tables, list(self.compare_docs.value))
        self._set(self.compare_class, [(UI["all_class"], ALL)] + [(n, n) for n in names],
                  keep=True)
        self._refresh_compare()

    def _refresh_compare(self) -> None:
        if self._quiet:
            return
        docs = list(self.compare_docs.value)
        cls = self._key(self.compare_class)
        self.compare_data = compare_lines(self.tables, docs, cls)
        self.compare_chart = compare_chart(self.compare_data, self.measure_select.value)
        out: list[Any] = []
        if self.compare_data.height == 0:
            out.append(_message("所选文档都没有这一类的一般公共预算财政拨款支出。"))
        if self.compare_chart is not None:
            out.append(_Chart(self.compare_chart))
        if self.compare_data.height:
            out.append(_scroll(present.table(
                self.compare_data, columns=["doc_label", "line_name", "budget_initial", "actual",
                                            "completion_rate", "gap_wanyuan", "note"],
                table="budget_lines", labels={"doc_label": UI["doc"], "note": UI["note"]})))
        self._render(self.compare_output, out)

    # -- search ---------------------------------------------------------------------------------

    def _refresh_search(self) -> None:
        text = self.search_box.value
        docs = self._eval_docs()
        self.search_data = search(self.tables, text, docs)
        out: list[Any] = []
        if text.strip():
            where = "本文档" if docs else "全部文档"
            out.append(_message(f"{where}中含“{text.strip()}”的有{self.search_data.height}条。"))
            if self.search_data.height:
                out.append(_scroll(present.table(
                    self.search_data, columns=list(SEARCH_COLUMNS),
                    labels={"kind": "类别", "subject": "评价/规则", "text": "内容",
                            "doc_id": UI["doc"], "src_line": label("src_line")})))
        self._render(self.search_output, out)

    # -- export ---------------------------------------------------------------------------------

    def export(self, view: str | None = None, path: str | Path | None = None) -> Path:
        """Write the current selection of a view (default: `export_view`'s) to CSV, UTF-8 with
        a BOM; returns the file."""
        view = view or self.export_view.value
        data = {"lines": self.line_data, "compare": self.compare_data,
                "evaluations": self.evaluation_data, "search": self.search_data}[view]
        name = f"juesuan_{view}_{self.doc_id if view != 'compare' else 'documents'}.csv"
        target = export(data, Path(path) if path else self.export_dir / name)
        self.last_export = target
        self._render(self.export_output, [_message(f"已导出 {data.height} 行：{target}")])
        return target

    # -- the evaluation view --------------------------------------------------------------------

    def _eval_docs(self) -> list[str] | None:
        return None if self.all_docs.value else [self.doc_id]

    def _on_eval_scope(self, _: Any = None) -> None:
        """Offer the kinds, templates and units of the evaluations in view, then redraw."""
        ev = filter_evaluations(self._evaluations, self._eval_docs())
        scopes = [s for s in schema.PERF_SCOPES if s in ev["scope"].to_list()]
        templates = [t for t in schema.PERF_TEMPLATES if t in ev["template"].to_list()]
        units = ev["unit_key"].unique(maintain_order=True).to_list()
        unit_opts = [(UI["all"], ALL)] + [(UI["no_unit"] if u == NO_UNIT else u, u)
                                          for u in sorted(units, key=lambda u: (u == NO_UNIT, u))]
        self._set(self.scope_select, _options(scopes, "scope"), keep=True)
        self._set(self.template_select, _options(templates, "template"), keep=True)
        self._set(self.unit_select, unit_opts, keep=True)
        self._refresh_evaluations()
        if hasattr(self, "search_box"):
            self._refresh_search()

    def _refresh_evaluations(self) -> None:
        if self._quiet:
            return
        docs = self._eval_docs()
        ev = filter_evaluations(self._evaluations, docs, self.scope_select.value,
                                self.template_select.value, tuple(self.score_range.value),
                                self.unit_select.value, self.band_select.value)
        self.evaluation_data = ev
        kept = self.tables["perf_evaluations"].filter(pl.col("eval_id").is_in(ev["eval_id"]
                                                                              .implode()))
        sub = {**self.tables, "perf_evaluations": kept}
        if docs:
            self.evaluation_chart = charts.score_vs_execution(sub, doc_id=docs[0])
        else:
            self.evaluation_chart = charts.score_vs_execution(sub)
        if ev.height == 0:
            self.evaluation_message = "没有符合筛选条件的绩效评价：请放宽筛选条件。"
        elif self.evaluation_chart is None:
            self.evaluation_message = (f"符合条件的{ev.height}个评价都未列示执行率或总得分，"
                                       "无法画出得分与执行率的关系；见下表。")
        else:
            self.evaluation_message = ""
        out: list[Any] = []
        if self.evaluation_message:
            out.append(_message(self.evaluation_message))
        if self.evaluation_chart is not None:
            out.append(_Chart(self.evaluation_chart))
        if ev.height:
            out.append(_scroll(present.evaluations_table(sub, docs[0] if docs else None)))
        self._render(self.evaluation_output, out)

    # -- display --------------------------------------------------------------------------------

    @staticmethod
    def _render(output: widgets.Output, objs: Sequence[Any]) -> None:
        """Replace an output's content in one update (works with or without a kernel)."""
        output.outputs = tuple(_display_data(o) for o in objs)

    def show(self) -> widgets.VBox:
        """The controls above their charts and tables, ready to display."""
        if self._box is None:
            self._bundle_output = widgets.Output(layout=widgets.Layout(height="0px"))
            script = ('<script type="text/javascript">if (!window.vegaEmbed) {(function () {'
                      + charts.javascript_bundle() + "})();}</script>")
            self._render(self._bundle_output, [present.HTML(script, "")])
            head = "<h3 style='margin:0.6em 0 0.2em'>{}</h3>"
            self._box = widgets.VBox([
                self._bundle_output,
                widgets.HTML(head.format(UI["lines"])),
                self.doc_select,
                widgets.HBox([self.class_select, self.up_button]),
                widgets.HBox([self.section_select, self.item_select]),
                self.measure_select,
                self.line_output,
                widgets.HTML(head.format(UI["evaluations"])),
                widgets.HBox([self.all_docs, self.scope_select, self.template_select]),
                widgets.HBox([self.unit_select, self.band_select]),
                self.score_range,
                self.evaluation_output,
                widgets.HTML(head.format(UI["source"])),
                self.source_select,
                self.source_output,
                widgets.HTML(head.format(UI["compare"])),
                widgets.HBox([self.compare_docs, self.compare_class]),
                self.compare_output,
                widgets.HTML(head.format(UI["search"])),
                self.search_box,
                self.search_output,
                widgets.HBox([self.export_view, self.export_button]),
                self.export_output,
            ])
        return self._box
