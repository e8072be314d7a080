"""Charts of one document: income and expenditure, functional lines against their
initial budget, gaps, economic structure, “三公”."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from juesuan import measures, metadata
from juesuan.charts.common import (
    COLORS,
    DARK,
    GAP_LABELS,
    PCT,
    SRC,
    THREE_PUBLIC_KINDS,
    VALUE_MAP,
    WAN,
    WIDTH,
    Tables,
    _title,
    category_scale,
    chart_height,
    field_tooltip,
    fractions,
    independent_scales,
    reference_rule,
    source_tooltip,
    unvalidated,
)
from juesuan.present import label, value_label

# --- one document: income, expenditure, functional lines -------------------------------------------

INCOME_PARTS = ("income_fiscal_appropriation", "income_business", "income_operating",
                "income_other", "income_carryover_begin")
EXPENDITURE_PARTS = ("expenditure_basic", "expenditure_project", "expenditure_operating",
                     "carryover_end")


def _headline_rows(tables: Tables, doc_id: str, metrics: Sequence[str]) -> pl.DataFrame:
    frames = [measures.shared(tables, ("headline", m),
                              lambda m=m: measures.headline(tables["totals"], m))
              .filter(pl.col("doc_id") == doc_id) for m in metrics]
    return pl.concat(frames) if frames else pl.DataFrame()


@unvalidated
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
             .encode(x=alt.X("value:Q"), y=y, tooltip=tooltip))
    return alt.layer(bars, ticks, width=WIDTH, height=90,
                     title=_title("收入与支出", tables, doc_id,
                                  "黑色短线为收入总计、支出总计（含结转结余）"))


def line_label() -> pl.Expr:
    """A functional line's label: its code and name (the name alone where there is no code)."""
    return (pl.when(pl.col("func_code").is_not_null())
            .then(pl.format("{} {}", pl.col("func_code"), pl.col("line_name")))
            .otherwise(pl.col("line_name")))


def _line_frame(tables: Tables, doc_id: str) -> pl.DataFrame:
    """The functional lines with a stated budget or completion, at the most detailed level the
    document states, with status and a unique label (code + name) in document order."""
    lc = measures.shared(tables, "line_completion",
                         lambda: measures.line_completion(tables["budget_lines"]))
    lc = lc.filter(pl.col("doc_id") == doc_id)
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


@unvalidated
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
            .encode(x=alt.X("budget_initial:Q"), y=y,
                    shape=alt.Shape("marker:N", title=None,
                                    scale=alt.Scale(domain=[label("budget_initial",
                                                                  "budget_lines")],
                                                    range=["diamond"])),
                    tooltip=tooltip))
    n_unb = int((lc["budget_status"] == "unbudgeted").sum())
    note = f"红色：年初预算为零、年中新增的科目（{n_unb}个）" if n_unb else ""
    return alt.layer(*layers, resolve=independent_scales(color="independent", shape="independent"),
                     width=WIDTH, height=chart_height(lc.height),
                     title=_title(f"{label('budget_initial', 'budget_lines')}与"
                                  f"{label('actual', 'budget_lines')}（按支出功能分类科目）",
                                  tables, doc_id, note))


@unvalidated
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
    return alt.layer(bars, reference_rule(0.0, "决算等于年初预算", label("gap_wanyuan", with_unit=True),
                                          dash=False),
                     width=WIDTH, height=chart_height(lc.height),
                     title=_title("支出决算与年初预算的差额（按支出功能分类科目）", tables, doc_id))


@unvalidated
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


@unvalidated
def three_public(tables: Tables, doc_id: str) -> alt.LayerChart | None:
    """“三公”经费, 会议费 and 培训费: 决算数 (bars) vs 预算数 (diamonds), 万元. None when the
    document states no non-zero amount (all nil: nothing to draw)."""
    tp = measures.shared(tables, "three_public_completion", lambda: measures.three_public_completion(
        tables["three_public"])).filter(
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
            .encode(x=alt.X("budget:Q"), y=y,
                    shape=alt.Shape("marker:N", title=None,
                                    scale=alt.Scale(domain=[label("budget", "three_public")],
                                                    range=["diamond"])),
                    tooltip=tooltip))
    return alt.layer(*layers, resolve=independent_scales(color="independent", shape="independent"),
                     width=WIDTH, height=chart_height(tp.height),
                     title=_title("“三公”经费及会议费、培训费：预算数与决算数", tables, doc_id))


