"""The audit in charts: findings per rule and document, completeness per item."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from juesuan import metadata, present
from juesuan.charts.common import (
    COLORS,
    DOC_COLUMN,
    SRC,
    VALUE_MAP,
    Tables,
    _docs,
    _title,
    _unit_labels,
    category_scale,
    chart_height,
    field_tooltip,
    source_tooltip,
)
from juesuan.present import label, value_label

# --- audit: findings and completeness ------------------------------------------------------------

def findings_overview(tables: Tables, doc_ids: Sequence[str] | None = None) -> alt.Chart | None:
    """Consistency findings per rule and document: the number in each cell, the colour of the
    most serious finding (red 确定, orange 疑似, teal 提示)."""
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
               field_tooltip("n", label("n_findings"), "d"), field_tooltip("n_error", value_label("severity", "error"), "d"),
               field_tooltip("n_warning", value_label("severity", "warning"), "d"),
               field_tooltip("n_info", value_label("severity", "info"), "d"),
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

