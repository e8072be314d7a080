"""Performance charts: project scores, score against execution rate, score and grade
distributions, indicator quality."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from juesuan import measures, metadata
from juesuan.charts.common import (
    COLORS,
    EXECUTION_BANDS,
    PCT,
    PCT_AXIS,
    POINTS_FMT,
    RATE_TITLE,
    RATE_TITLE_LONG,
    SRC,
    UNGRADED,
    VALUE_MAP,
    WAN,
    WIDTH,
    Tables,
    _doc,
    _doc_scale,
    _docs,
    _title,
    _unit_labels,
    category_scale,
    chart_height,
    field_tooltip,
    fractions,
    independent_scales,
    note_layer,
    reference_rule,
    source_tooltip,
    unvalidated,
)
from juesuan.present import label

NAME_CHARS = 36  # a project's name on an axis, in full up to this length
LABEL_LIMIT = 520  # pixels: room for NAME_CHARS characters
SAME_POINT = metadata.DISPLAY_LABELS["same_point"]

# --- performance -----------------------------------------------------------------------------------

def evaluation_points(tables: Tables) -> pl.DataFrame:
    """measures.evaluations_frame with what the charts show: the rate judged by and its band
    (`measures.execution_band`), the document, the scope and grade in Chinese and a short row
    label."""
    ev = measures.evaluations_frame(tables)
    ev_src = tables["perf_evaluations"].select(
        "eval_id", pl.coalesce("score_src_line", "src_line").alias("score_src"))
    name = pl.col("project_name").str.replace_all(r"\s+", "")
    short = pl.when(name.str.len_chars() > NAME_CHARS).then(
        pl.format("{}…", name.str.slice(0, NAME_CHARS - 1))) \
        .otherwise(name)
    return (ev.join(ev_src, on="eval_id", how="left")
            .join(_unit_labels(tables), on="doc_id", how="left")
            .with_columns(rate_shown=measures.execution_rate_shown(),
                          band=measures.execution_band(),
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


@unvalidated
def project_scores(tables: Tables, doc_id: str) -> alt.HConcatChart | None:
    """Every evaluation of one document: execution rate B/A (bars, coloured by band; “未列示”
    where the table gives no execution) beside the total score (dots coloured by grade)."""
    ev = evaluation_points(tables).filter(pl.col("doc_id") == doc_id)
    if ev.height == 0:
        return None
    order = ev["eval_label"].to_list()
    y = alt.Y("eval_label:N", title=None, sort=order,
              axis=alt.Axis(labelLimit=LABEL_LIMIT))  # long project names in full
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
    left = alt.layer(*left_layers, width=300, height=chart_height(ev.height),
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
        width=220, height=chart_height(ev.height), title="自评总得分")
    return alt.hconcat(left, right, spacing=12,
                       resolve=independent_scales(color="independent", y="shared"),
                       title=_title("绩效评价：预算执行与自评得分", tables, doc_id))


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
    # evaluations at the same point (many score 100 at 100 %) are one dot sized by their number
    pts = pts.with_columns(n_same=pl.len().over(["doc_id", "rate_shown_f", "score"]))
    pts = pts.unique(["doc_id", "rate_shown_f", "score"], keep="first", maintain_order=True)
    dots = (alt.Chart(pts).mark_point(filled=True, opacity=0.75)
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
                    size=alt.Size("n_same:Q", title=SAME_POINT,
                                  scale=alt.Scale(range=[70, 600], zero=False),
                                  legend=alt.Legend(orient="bottom", tickMinStep=1)),
                    tooltip=[*_evaluation_tooltip(with_unit=True),
                             field_tooltip("n_same", SAME_POINT, "d")]))
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


GRADE_GROUPS = {"province": label("province", "documents"), "template": label("template", "perf_evaluations"),
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
               field_tooltip("n", label("n_evaluations"), "d"), field_tooltip("share_f", label("share"), PCT),
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


@unvalidated
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
               field_tooltip("measure_zh", "指标"), field_tooltip("share_f", label("share"), PCT),
               field_tooltip("part", "个数", "d"), field_tooltip("whole", "基数（个）", "d")]
    order = df["row"].to_list()
    y = alt.Y("row:N", title=None, sort=order)
    shown = long.filter(pl.col("share_f").is_not_null())
    layers = [alt.Chart(shown).mark_bar()
              .encode(x=alt.X("share_f:Q", title=label("share"), axis=alt.Axis(format=PCT_AXIS),
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
    return alt.layer(*layers, width=WIDTH, height=chart_height(len(order)) * 2,
                     title=_title("绩效指标：得满分的指标与定性指标占比", tables, doc_id,
                                  "定性：指标性质为定性，或指标值不含数字（如“提高”“长期”）"))


