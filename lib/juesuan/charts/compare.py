"""The documents side by side: normalised measures, functional and expenditure structure."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from juesuan import measures, metadata, present
from juesuan.charts.common import (
    BLUE,
    BROWN,
    COLORS,
    GREEN,
    GREY,
    ORANGE,
    PCT,
    PCT_AXIS,
    PINK,
    POINTS_FMT,
    PURPLE,
    RED,
    TEAL,
    VALUE_MAP,
    WAN,
    WIDTH,
    YELLOW,
    Tables,
    _doc_scale,
    _docs,
    _title,
    _unit_labels,
    chart_height,
    field_tooltip,
    fractions,
    note_layer,
    reference_rule,
    source_tooltip,
)
from juesuan.present import label, narrative

CAVEAT = metadata.DISPLAY_LABELS["caveat"]

# --- comparing documents ---------------------------------------------------------------------------

def compare_documents(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.VConcatChart:
    """The documents side by side on normalised measures (`measures.COMPARED`: shares,
    per-staff figures, completion %, mean score): one small bar chart per measure, one bar per
    document (its colour the same in every chart); “无法计算” where a base is not stated."""
    df = measures.compare_frame(tables, doc_ids)
    charts = []
    for key in measures.COMPARED:
        zh, unit = present.column_info(key, "compare", computed=True)
        note = metadata.FORMULAS_ZH[key]
        is_pct = unit == metadata.PERCENT
        d = df.select("doc_id", "unit_label", value=pl.col(key)).with_columns(
            shown=pl.col("value") / 100.0 if is_pct else pl.col("value"),
            note=pl.lit(note))
        fmt = PCT if is_pct else (WAN if unit == metadata.PER_STAFF else POINTS_FMT)
        axis_fmt = PCT_AXIS if is_pct else ",.0f"
        tooltip = [field_tooltip("unit_label", label("unit_label")), field_tooltip("shown", f"{zh}（{unit}）"
                                                              if not is_pct else zh, fmt),
                   field_tooltip("note", "计算方法")]
        y = alt.Y("unit_label:N", title=None, sort=df["unit_label"].to_list())
        caveats = (narrative.completion_caveats(tables) if key == "completion_rate" else {})
        d = d.with_columns(caveat=pl.col("doc_id").replace_strict(
            {k: narrative.caveat_note(v) for k, v in caveats.items()}, default=""))
        if caveats:
            tooltip = [*tooltip, field_tooltip("caveat", CAVEAT)]
        points = unit == metadata.POINTS  # scores: dots on an axis that does not start at 0
        mark = (alt.Chart(d.filter(pl.col("value").is_not_null()))
                .mark_point(filled=True, size=120) if points
                else alt.Chart(d.filter(pl.col("value").is_not_null()))
                .mark_bar(height={"band": 0.7}))
        layers = [mark
                  .encode(x=alt.X("shown:Q", title=f"{zh}（{unit}）",
                                  axis=alt.Axis(format=axis_fmt),
                                  scale=alt.Scale(zero=not points)),
                          y=y, color=alt.Color("unit_label:N",
                                               scale=_doc_scale(tables, df["doc_id"].to_list()),
                                               legend=None),
                          tooltip=tooltip)]
        nulls = d.filter(pl.col("value").is_null())
        if nulls.height:
            layers.append(note_layer(nulls, y, "无法计算（基数为零或未列示）", tooltip))
        marked = d.filter(pl.col("caveat") != "")
        if marked.height:  # a disputed or explained rate carries its mark
            layers.append(alt.Chart(marked).mark_text(align="left", dx=6, color=RED,
                                                      fontWeight="bold")
                          .encode(x="shown:Q", y=y, text=alt.value(f"⚠ {CAVEAT}"),
                                  tooltip=tooltip))
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
                   field_tooltip("value", "金额（万元）", WAN), field_tooltip("share_f", label("share"), PCT),
                   field_tooltip("source_zh", "出处"), source_tooltip()]
        panels.append(
            alt.Chart(rows).mark_bar(height={"band": 0.7})
            .encode(x=alt.X("value:Q", stack="normalize", title=label("share"),
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


