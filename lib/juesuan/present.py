"""Display helpers for the report notebooks: Chinese labels, HTML tables, key-figure texts.

    >>> from juesuan import catalog, measures, present
    >>> tables = catalog.load_all()
    >>> present.table(measures.line_completion(tables), doc_id="xianyang-hrss-2023")

Labels come from `juesuan.schema`, the one place that names things: column labels, METRICS,
the columns only the measures compute (`MEASURE_COLUMNS`: rates, gaps, shares) and the names of
coded values (`VALUE_LABELS`: scope, template, severity, status …). This module keeps their
Chinese views (`MEASURE_LABELS`, `VALUE_LABELS`), which `juesuan.charts` uses too.

Every text taken from a document is HTML-escaped before it is put into HTML. Amounts are shown
as published (万元, two decimals); a value the document does not state is shown as “—”, never 0.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl

from juesuan import measures, metadata

Tables = Mapping[str, pl.DataFrame]

NOT_STATED = "—"  # what a null looks like in a table: not stated, not zero

# --- labels ------------------------------------------------------------------------------------

# Labels are defined in `juesuan.schema` (one place, with English for the glossary); these are
# the Chinese views of them the reports and charts use.

# Columns computed by `juesuan.measures` (not curated columns): (Chinese label, unit).
MEASURE_LABELS: dict[str, tuple[str, str | None]] = {
    name: (c.zh, c.unit) for name, c in metadata.MEASURE_COLUMNS.items()}

# `measures.headlines` makes one column per metric.
for _metric, (_unit, _en, _zh) in metadata.METRICS.items():
    MEASURE_LABELS.setdefault(_metric, (_zh, _unit))

# Chinese names of coded values, per column (the enums of the schema and of the measures).
VALUE_LABELS: dict[str, dict[str, str]] = {
    column: {value: zh for value, (zh, _en) in values.items()}
    for column, values in metadata.VALUE_LABELS.items()}

# Measure columns whose meaning depends on the table they are computed from.
CONTEXT_LABELS: dict[str, dict[str, tuple[str, str | None]]] = {
    table: {name: (c.zh, c.unit) for name, c in cols.items()}
    for table, cols in metadata.MEASURE_CONTEXT.items()}


def column_info(column: str, table: str | None = None) -> tuple[str, str | None]:
    """(Chinese label, unit) of a column: a measure column (`MEASURE_LABELS`, or its meaning
    for `table` in `CONTEXT_LABELS`), else the curated `table`'s column, else the first
    curated table that has the column, else the name itself."""
    if table and column in CONTEXT_LABELS.get(table, {}):
        return CONTEXT_LABELS[table][column]
    if column in MEASURE_LABELS:
        return MEASURE_LABELS[column]
    if table and column in metadata.TABLES[table].column_names:
        col = metadata.TABLES[table].column(column)
        return col.zh, col.unit
    for spec in metadata.TABLES.values():
        if column in spec.column_names:
            col = spec.column(column)
            return col.zh, col.unit
    return column, None


def label(column: str, table: str | None = None, with_unit: bool = False) -> str:
    """The Chinese label of a column (see `column_info`); `with_unit` appends （万元） etc."""
    zh, unit = column_info(column, table)
    return f"{zh}（{unit}）" if with_unit and unit else zh


def value_label(column: str, value: object) -> object:
    """The Chinese name of a coded value (scope, status, severity …); other values unchanged."""
    if value is None:
        return None
    return VALUE_LABELS.get(column, {}).get(value, value)  # type: ignore[arg-type]


def with_value_labels(df: pl.DataFrame, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """The coded columns of df replaced by their Chinese names."""
    cols = [c for c in (columns or df.columns) if c in VALUE_LABELS and c in df.columns]
    return df.with_columns(pl.col(c).replace(VALUE_LABELS[c]) for c in cols
                           if df.schema[c] == pl.String)


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
          "font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif}"
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
    longest = max((len(v) for v in col.drop_nulls().to_list()), default=0)
    return "s" if longest <= 8 else ("m" if longest <= 30 else "l")


def html_table(df: pl.DataFrame, table: str | None = None,
               labels: Mapping[str, str] | None = None,
               units: Mapping[str, str | None] | None = None,
               caption: str | None = None) -> str:
    """df as an HTML table: Chinese headers, formatted numbers, every text escaped."""
    labels = dict(labels or {})
    units = dict(units or {})
    heads, col_units = [], []
    for c in df.columns:
        zh, unit = column_info(c, table)
        unit = units.get(c, unit)
        heads.append(labels.get(c) or (f"{zh}（{unit}）" if unit else zh))
        col_units.append(unit)
    numeric = [df.schema[c].is_numeric() for c in df.columns]
    widths = [_text_class(df[c]) for c in df.columns]
    out = [_STYLE, '<table class="juesuan-table jt">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in heads)
               + "</tr></thead><tbody>")
    for row in df.iter_rows():
        cells = []
        for value, unit, is_num, width in zip(row, col_units, numeric, widths, strict=True):
            attrs = ' class="n"' if is_num else (f' class="{width}"' if width else "")
            if value is None:
                attrs += ' title="未列示"'
            cells.append(f"<td{attrs}>{html.escape(fmt(value, unit))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


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
          value_labels: bool = True) -> HTML:
    """A DataFrame for the report: rows of `doc_id` (one or a list; all when None), `columns`
    in that order,
    Chinese headers (`labels` override), coded values in Chinese, numbers formatted."""
    df = _select(df, doc_id, columns, value_labels)
    if df.height == 0:
        return HTML(f"<p>{html.escape(empty)}</p>", empty)
    return HTML(html_table(df, table, labels, caption=caption), f"<{df.height} 行>")


def show(obj: object, missing: str) -> None:
    """Display a chart or table; print `missing` (a plain sentence) when there is nothing."""
    if obj is None:
        print(missing)
        return
    from IPython.display import display

    display(obj)


# --- documents -----------------------------------------------------------------------------------

def with_units(df: pl.DataFrame, tables: Tables) -> pl.DataFrame:
    """df with the document's name（年度） as its first column `unit_label` (the doc_id stays
    for filtering; `table` hides it when no columns are chosen)."""
    out = df.join(_unit_frame(tables), on="doc_id", how="left")
    return out.select("unit_label", *df.columns)


def unit_label() -> pl.Expr:
    """“单位名称（年度）”, the short name of a document in charts and tables."""
    return pl.format("{}（{}）", pl.col("unit_name"), pl.col("fiscal_year"))


def doc_labels(tables: Tables) -> dict[str, str]:
    """doc_id -> “单位名称（年度）”, in doc_id order."""
    docs = tables["documents"].sort("doc_id")
    return dict(zip(docs["doc_id"].to_list(),
                    docs.select(unit_label())["unit_name"].to_list(), strict=True))


def selected_docs(tables: Tables, selected: Sequence[str] | None = None) -> list[str]:
    """The documents to show: `selected` (checked against the catalog), or all when empty."""
    known = tables["documents"].sort("doc_id")["doc_id"].to_list()
    if not selected:
        return known
    unknown = [d for d in selected if d not in known]
    if unknown:
        raise ValueError(f"unknown doc_id(s) {unknown}; known: {', '.join(known)}")
    return list(selected)


def _headline_row(tables: Tables, doc_id: str, metric: str) -> dict | None:
    h = measures.headline(tables["totals"], metric).filter(pl.col("doc_id") == doc_id)
    return h.row(0, named=True) if h.height else None


def _stated(tables: Tables, doc_id: str, metric: str) -> str:
    row = _headline_row(tables, doc_id, metric)
    if row is None:
        return "未列示"
    unit = row["unit"]
    value = fmt(row["value"], unit)
    return f"{value}{unit}（第{row['src_line']}行）"


def profile(tables: Tables, doc_id: str) -> str:
    """The document's profile as plain text: name, year, region, scope, staff (with lines)."""
    doc = tables["documents"].filter(pl.col("doc_id") == doc_id)
    if doc.height == 0:
        raise ValueError(f"unknown doc_id {doc_id!r}; known: "
                         f"{', '.join(tables['documents']['doc_id'].sort().to_list())}")
    d = doc.row(0, named=True)
    region = "".join(x for x in (d["province"], d["prefecture"], d["county"]) if x) or "未列示"
    level = value_label("admin_level", d["admin_level"]) or "未列示"
    lines = [
        f"{label('unit_name', 'documents')}：{d['unit_name']}（第{d['unit_name_src_line']}行）",
        f"{label('fiscal_year', 'documents')}：{d['fiscal_year']}年",
        f"地区：{region}（{level}）",
        f"{label('scope', 'documents')}：{value_label('scope', d['scope'])}",
    ]
    for metric in ("budget_units", "staff_authorized", "staff_actual", "staff_retired"):
        lines.append(f"{metadata.METRICS[metric][2]}：{_stated(tables, doc_id, metric)}")
    lines.append(f"文档编号：{doc_id}（源文件 data/raw/{d['source_file']}）")
    return "\n".join(lines)


def key_figures(tables: Tables, doc_id: str) -> str:
    """Headline figures of one document as plain text (income, expenditure, completion of
    the initial budget, unbudgeted lines), with the lines they are printed on."""
    out = [f"{metadata.METRICS[m][2]}：{_stated(tables, doc_id, m)}"
           for m in ("income_total", "income_current_year", "expenditure_total",
                     "expenditure_current_year", "expenditure_basic", "expenditure_project")]
    comp = measures.document_completion(tables["totals"]).filter(pl.col("doc_id") == doc_id)
    if comp.height and comp["completion_rate"][0] is not None:
        c = comp.row(0, named=True)
        out.append(f"一般公共预算财政拨款支出：年初预算"
                   f"{_stated(tables, doc_id, 'gpb_expenditure_budget_initial')}，决算"
                   f"{_stated(tables, doc_id, 'gpb_expenditure_actual')}，"
                   f"完成年初预算的{fmt(c['completion_rate'], metadata.PERCENT)}")
    else:
        out.append("一般公共预算财政拨款支出：本文档未列示年初预算总额，无法计算完成年初预算的比例")
    ub = measures.unbudgeted_total(tables["budget_lines"]).filter(pl.col("doc_id") == doc_id)
    lines = measures.line_completion(tables["budget_lines"]).filter(
        (pl.col("doc_id") == doc_id) & pl.col("budget_initial").is_not_null())
    if lines.height == 0:
        out.append("各功能科目的年初预算：本文档未逐项列示金额")
    elif ub.height:
        u = ub.row(0, named=True)
        out.append(f"列示年初预算的功能科目{u['n_lines']}个，其中年初预算为零、年中新增的"
                   f"{u['n_unbudgeted']}个，支出{amount(u['unbudgeted_actual'])}"
                   f"（占这些科目决算合计的{fmt(u['unbudgeted_share'], '%')}）")
    return "\n".join(out)


# --- findings and completeness ---------------------------------------------------------------------

def rule_titles() -> dict[str, str]:
    """rule_id -> Chinese title of the audit rule."""
    from juesuan.checks import rules

    return {r.rule_id: r.title_zh for r in rules.RULES}


def _several(docs: Docs) -> bool:
    return not isinstance(docs, str)


def findings_summary(tables: Tables, doc_id: Docs = None) -> str:
    """Counts of findings by severity (one document, several or the corpus) as plain text."""
    f = only(tables["findings"], doc_id)
    counts = dict(f.group_by("severity").len().iter_rows())
    parts = [f"{VALUE_LABELS['severity'][s]}{counts.get(s, 0)}条" for s in metadata.FINDING_SEVERITIES]
    return f"一致性审核发现共{f.height}条：" + "，".join(parts)


def findings_table(tables: Tables, doc_id: Docs = None) -> HTML:
    """The findings with the rule's Chinese title, message and source lines (and the
    document, when several are shown)."""
    f = tables["findings"].sort(["doc_id", "src_line", "rule_id"])
    titles = rule_titles()
    f = f.with_columns(rule_title=pl.col("rule_id").replace_strict(titles, default=None)
                       .fill_null(pl.col("rule_id")),
                       src_lines=pl.col("src_lines").str.replace_all(",", ", "))
    cols = ["severity", "rule_id", "rule_title", "message_zh", "src_lines"]
    if _several(doc_id):
        f = f.join(_unit_frame(tables), on="doc_id", how="left")
        cols = ["unit_label", *cols]
    return table(f, doc_id=doc_id, columns=cols, table="findings",
                 empty="审核未发现前后不一致之处。")


def completeness_summary(tables: Tables, doc_id: Docs = None) -> str:
    """Counts of required items by completeness status as plain text."""
    c = only(tables["completeness"], doc_id)
    req = c.filter(pl.col("required"))
    counts = dict(req.group_by("status").len().iter_rows())
    parts = [f"{VALUE_LABELS['status'][s]}{counts.get(s, 0)}项"
             for s in metadata.COMPLETENESS_STATUSES if s != "extra"]
    n_extra = c.filter(pl.col("status") == "extra").height
    return (f"全国统一格式要求的{req.height}项内容中：" + "，".join(parts)
            + f"；另有地方增列表{n_extra}张")


def completeness_table(tables: Tables, doc_id: Docs = None, only_gaps: bool = False) -> HTML:
    """Completeness items (`only_gaps`: those not fully present, extras included)."""
    c = tables["completeness"]
    if only_gaps:
        c = c.filter(pl.col("status") != "present")
    cols = ["item_kind", "name_zh", "status", "reason", "src_line"]
    if _several(doc_id):
        c = c.join(_unit_frame(tables), on="doc_id", how="left")
        cols = ["unit_label", *cols]
    return table(c, doc_id=doc_id, columns=cols, table="completeness",
                 empty="全部必需内容均已公开。")


def _unit_frame(tables: Tables) -> pl.DataFrame:
    docs = tables["documents"]
    return docs.select("doc_id", unit_label().alias("unit_label"))


# --- “三公” ------------------------------------------------------------------------------------------

def three_public_note(tables: Tables, doc_id: str) -> str:
    """The “三公” total of one document as a sentence (budget, final, completion, lines)."""
    tp = measures.three_public_completion(tables["three_public"]).filter(
        pl.col("doc_id") == doc_id)
    if tp.height == 0:
        return "本文档未公开“三公”经费数据。"
    total = tp.filter(pl.col("item") == "total")
    rows = tables["three_public"].filter((pl.col("doc_id") == doc_id)
                                         & (pl.col("item") == "total"))
    lines = sorted(set(rows["src_line"].to_list()))
    where = f"（第{'、'.join(str(x) for x in lines)}行）" if lines else ""
    if total.height == 0:
        return f"本文档未列示“三公”经费合计，只列示了{tp.height}个分项。"
    t = total.row(0, named=True)
    text = f"“三公”经费合计：预算数{amount(t['budget'])}，决算数{amount(t['actual'])}"
    if t["completion_rate"] is not None:
        text += f"，完成预算的{fmt(t['completion_rate'], metadata.PERCENT)}"
    values = [v for v in (*tp["budget"].to_list(), *tp["actual"].to_list()) if v is not None]
    if values and not any(values):
        text += "；各项预算数和决算数均为0（本年未安排、未发生“三公”经费）"
    return text + where


# --- performance -------------------------------------------------------------------------------------

def evaluations_frame(tables: Tables) -> pl.DataFrame:
    """One row per evaluation: execution (A, B, B/A) beside the score and grade, with the
    evaluation's source line."""
    ex = measures.execution(tables["perf_evaluations"])
    gr = measures.evaluation_grades(tables["perf_evaluations"]).select(
        "eval_id", "grade", "grade_is_computed")
    src = tables["perf_evaluations"].select("eval_id", "src_line")
    return (ex.join(gr, on="eval_id", how="left").join(src, on="eval_id", how="left")
            .sort(["doc_id", "eval_id"]))


def department_evaluation(tables: Tables, doc_id: str) -> str:
    """The department's overall self-evaluation as plain text (or a sentence saying the
    document has none)."""
    ev = evaluations_frame(tables).filter((pl.col("doc_id") == doc_id)
                                          & (pl.col("scope") == "department_overall"))
    if ev.height == 0:
        return "本文档未公开部门整体支出绩效自评表。"
    out = []
    for e in ev.iter_rows(named=True):
        grade = e["grade"] or "未列示"
        if e["grade_is_computed"]:
            grade += "（文中未写等级，按得分推定）"
        out.append(f"{e['project_name']}（第{e['src_line']}行起）：自评得分{fmt(e['score'], '分')}分，"
                   f"等级{grade}；全年预算数{amount(e['budget_full_year_wanyuan'])}，"
                   f"全年执行数{amount(e['executed_wanyuan'])}，"
                   f"执行率{fmt(e['execution_rate'], '%') if e['execution_rate'] is not None else '无法计算'}")
    return "\n".join(out)


EVALUATION_COLUMNS = ("eval_id", "scope", "project_name", "implementing_unit",
                      "budget_full_year_wanyuan", "executed_wanyuan", "execution_rate",
                      "execution_rate_stated", "funds_score", "score", "grade", "src_line")


def evaluations_table(tables: Tables, doc_id: Docs = None,
                      below_rate: float | None = None) -> HTML:
    """Every evaluation with its budget, execution, rate and score (`below_rate`: only those
    whose execution rate B/A is below it)."""
    ev = evaluations_frame(tables)
    cols = list(EVALUATION_COLUMNS)
    if below_rate is not None:
        ev = ev.filter(pl.col("execution_rate") < below_rate)
    if _several(doc_id):
        ev = ev.join(_unit_frame(tables), on="doc_id", how="left")
        cols = ["unit_label", *cols]
    return table(ev, doc_id=doc_id, columns=cols, table="perf_evaluations",
                 labels={"grade": "等级"}, empty="没有符合条件的绩效评价。")


def indicators_table(tables: Tables, eval_id: str) -> HTML:
    """The indicator rows of one evaluation, with the classification the measures use."""
    c = measures.classify_indicators(tables["perf_indicators"]).filter(
        pl.col("eval_id") == eval_id)
    cols = ["seq", "level1", "level2", "level3", "target", "actual", "weight", "score",
            "qualitative", "full_marks", "src_line"]
    return table(c, columns=cols, table="perf_indicators", empty="该评价未列示指标。")


def indicator_details(tables: Tables, doc_id: str) -> HTML:
    """All evaluations' indicators of one document, one collapsible block per evaluation
    (summary line: name, score, counts of indicators, qualitative and full-marks ones)."""
    c = measures.classify_indicators(tables["perf_indicators"]).filter(
        pl.col("doc_id") == doc_id)
    ev = evaluations_frame(tables).filter(pl.col("doc_id") == doc_id)
    cols = ["seq", "level1", "level2", "level3", "target", "actual", "weight", "score",
            "qualitative", "full_marks", "src_line"]
    blocks = []
    for e in ev.iter_rows(named=True):
        rows = c.filter(pl.col("eval_id") == e["eval_id"])
        summary = (f"{e['eval_id'].split(':')[-1]} {e['project_name']}：得分{fmt(e['score'], '分')}；"
                   f"有指标值的指标{int(rows['applicable'].sum())}个（其中定性"
                   f"{int(rows['qualitative'].sum())}个），有分值和得分的指标"
                   f"{int(rows['scored'].sum())}个（其中得满分{int(rows['full_marks'].sum())}个）")
        body = (html_table(with_value_labels(rows.select(cols)), "perf_indicators")
                if rows.height else "<p>该评价未列示指标。</p>")
        blocks.append(f"<details><summary>{html.escape(summary)}</summary>{body}</details>")
    if not blocks:
        return HTML("<p>本文档未公开绩效评价指标。</p>", "本文档未公开绩效评价指标。")
    return HTML("".join(blocks), f"<{len(blocks)} 个评价>")


def _share(part: int, whole: int) -> str:
    return fmt(100.0 * part / whole if whole else None, metadata.PERCENT)


def performance_summary(tables: Tables, doc_ids: Sequence[str] | None = None) -> str:
    """Corpus-level performance figures as plain text: evaluations, scores, grades, indicators."""
    ids = selected_docs(tables, doc_ids)
    ev = tables["perf_evaluations"].filter(pl.col("doc_id").is_in(ids))
    scored = ev.filter(pl.col("score").is_not_null())
    grades = measures.evaluation_grades(ev)
    n_you = grades.filter(pl.col("grade") == "优").height
    full = measures.full_marks(tables["perf_indicators"].filter(pl.col("doc_id").is_in(ids)),
                               by="doc_id")
    qual = measures.qualitative_share(
        tables["perf_indicators"].filter(pl.col("doc_id").is_in(ids)), by="doc_id")
    n_scored, n_full = int(full["n_scored"].sum()), int(full["n_full_marks"].sum())
    n_ind, n_qual = int(qual["n_indicators"].sum()), int(qual["n_qualitative"].sum())
    mean = scored["score"].mean() if scored.height else None
    n_full_score = scored.filter((pl.col("score") - 100).abs() < 1e-6).height
    lines = [
        f"{len(ids)}份文档共有绩效评价{ev.height}个，其中有总得分的{scored.height}个",
        (f"平均得分{fmt(mean, '分')}分，最低{fmt(scored['score'].min(), '分')}分，"
         f"满分（100分）{n_full_score}个"),
        f"等级为“优”的{n_you}个（占{_share(n_you, grades.height)}）",
        f"有分值和得分的指标{n_scored}个，其中得满分{n_full}个（{_share(n_full, n_scored)}）",
        f"有效指标{n_ind}个，其中定性指标{n_qual}个（{_share(n_qual, n_ind)}）",
    ]
    return "\n".join(lines)


# --- comparing documents -----------------------------------------------------------------------------

# (key, Chinese title, unit, explanation) of the measures compared across documents.
COMPARE_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    ("completion_rate", "完成年初预算（一般公共预算财政拨款支出）", metadata.PERCENT,
     "决算 ÷ 年初预算；高于100%说明年中追加多，低于100%说明年初预算没有花完"),
    ("unbudgeted_share", "年初预算为零科目的支出占比", metadata.PERCENT,
     "年初预算为零、年中新增的科目的决算数 ÷ 列示年初预算的各科目决算数合计"),
    ("project_share", "项目支出占本年支出", metadata.PERCENT, "项目支出 ÷ 本年支出合计"),
    ("personnel_share", "人员经费占基本支出", metadata.PERCENT, "人员经费 ÷（人员经费＋公用经费）"),
    ("fiscal_income_share", "财政拨款收入占本年收入", metadata.PERCENT, "财政拨款收入 ÷ 本年收入合计"),
    ("expenditure_per_staff", "人均本年支出", "万元/人", "本年支出合计 ÷ 实有人数"),
    ("personnel_per_staff", "人均人员经费", "万元/人", "人员经费 ÷ 实有人数"),
    ("three_public_completion", "“三公”经费完成预算", metadata.PERCENT,
     "“三公”经费合计决算数 ÷ 预算数（预算为零时无法计算）"),
    ("mean_score", "绩效自评平均分", metadata.POINTS, "各绩效评价总得分的平均值"),
)


def compare_frame(tables: Tables, doc_ids: Sequence[str] | None = None) -> pl.DataFrame:
    """One row per document with the normalised measures of COMPARE_MEASURES (shares,
    per-staff figures, completion %, mean score), beside the document's size."""
    # (the tables may be LazyFrames, catalog.scan: the measures read only what they need)
    documents = tables["documents"].lazy().select("doc_id", "unit_name", "fiscal_year").collect()
    ids = selected_docs({"documents": documents}, doc_ids)
    docs = documents.filter(pl.col("doc_id").is_in(ids))
    base = docs.select("doc_id", unit_label().alias("unit_label"))
    # size, completion, structure and per-staff figures in one pass over totals
    fig = measures.document_figures(tables["totals"])
    size = fig.select("doc_id", "expenditure_current_year", "staff_actual")
    comp = fig.select("doc_id", "completion_rate")
    ub = measures.unbudgeted_total(tables["budget_lines"]).select("doc_id", "unbudgeted_share")
    st = fig.select("doc_id", "project_share", "personnel_share", "fiscal_income_share")
    ps = fig.select("doc_id", "expenditure_per_staff", "personnel_per_staff")
    tp = (measures.three_public_completion(tables["three_public"])
          .filter(pl.col("item") == "total")
          .select("doc_id", pl.col("completion_rate").alias("three_public_completion")))
    sc = measures.score_summary(tables["perf_evaluations"]).select("doc_id", "mean_score")
    out = base
    for f in (size, comp, ub, st, ps, tp, sc):
        out = out.join(f, on="doc_id", how="left")
    return out.sort("doc_id")


def compare_table(tables: Tables, doc_ids: Sequence[str] | None = None) -> HTML:
    """compare_frame with the measures' Chinese titles."""
    df = compare_frame(tables, doc_ids)
    labels = {k: f"{zh}（{unit}）" for k, zh, unit, _ in COMPARE_MEASURES}
    labels["three_public_completion"] = "“三公”经费完成预算（%）"
    units = {k: unit for k, _, unit, _ in COMPARE_MEASURES}
    df = df.drop("doc_id")
    return HTML(html_table(df, labels=labels, units=units), f"<{df.height} 行>")


def compare_summary(tables: Tables, doc_ids: Sequence[str] | None = None) -> str:
    """The compared documents and their size as plain text."""
    df = compare_frame(tables, doc_ids)
    out = []
    for r in df.iter_rows(named=True):
        out.append(f"{r['unit_label']}：本年支出{amount(r['expenditure_current_year'])}，"
                   f"实有人数{fmt(r['staff_actual'], '人')}人")
    return "\n".join(out)


# --- stored notebooks --------------------------------------------------------------------------------

CHECK_MARKER = "NBVAL_CHECK_OUTPUT"


def store_notebook(path: str | Path, timeout: int = 120) -> None:
    """Execute a report notebook with its default parameters and store it with outputs only
    in the cells marked `# NBVAL_CHECK_OUTPUT` (what `pytest --nbval-lax` compares); every
    other cell is stored unexecuted and without outputs."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if CHECK_MARKER in cell.source:
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = count
        else:
            cell.execution_count = None
            cell.outputs = []
    nb.metadata.pop("papermill", None)
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
