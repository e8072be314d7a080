"""A report's conclusions in words: its title, a 摘要 of the key figures (each with its caveat
where the audit or the document itself qualifies it), 主要发现 computed from the measures and
findings, and 问题与建议 (the document's own problems and measures beside the audit's).

Sentences cite the lines they come from as “第N行” (for a PDF “第P页第N行”); the HTML turns every
such citation into a link that opens the quoted source text in the page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import polars as pl

from juesuan import measures, metadata, remarks, sources
from juesuan.present.formatting import Tables, amount, fmt
from juesuan.present.labels import VALUE_LABELS

LOW_EXECUTION = measures.EXECUTION_BANDS[-1][0]  # 80 %: below it an execution rate is low
TOP_GRADE = "优"
# the measures whose figures the completion of the initial budget is made of
COMPLETION_METRICS = ("gpb_expenditure_budget_initial", "gpb_expenditure_actual")
EXTREME_COMPLETION = (50.0, 150.0)  # outside this range a completion rate needs explaining


@dataclass
class Caveat:
    """A qualification of a figure: an audit finding, or the document's own explanation."""

    source: str  # "audit" or "document"
    severity: str | None
    text: str


@dataclass
class Sentence:
    text: str
    caveats: list[Caveat] = field(default_factory=list)


def _doc(tables: Tables, doc_id: str) -> dict:
    d = tables["documents"].filter(pl.col("doc_id") == doc_id)
    if d.height == 0:
        raise ValueError(f"unknown doc_id {doc_id!r}")
    return d.row(0, named=True)


def report_title(tables: Tables, doc_id: str) -> str:
    """“咸阳市人力资源和社会保障局2023年度部门决算分析报告”."""
    d = _doc(tables, doc_id)
    kind = "单位决算" if d["scope"] == "unit" else "部门决算"
    return f"{d['unit_name']}{d['fiscal_year']}年度{kind}分析报告"


def severity_label(severity: str) -> str:
    """The Chinese word of a finding's severity (a word the audit already writes in Chinese
    is kept as it is)."""
    return VALUE_LABELS["severity"].get(severity, severity)


def _severity_rank(severity: str | None) -> int:
    order = list(metadata.FINDING_SEVERITIES)
    return order.index(severity) if severity in order else len(order)


def disputes(tables: Tables, doc_id: str, metrics: tuple[str, ...]) -> list[Caveat]:
    """The audit's findings on any of `metrics` (their subject names the metric), the most
    severe first; any severity word and any extra columns of the findings table are taken."""
    f = tables["findings"].filter(pl.col("doc_id") == doc_id)
    if f.height == 0 or "subject" not in f.columns:
        return []
    hit = f.filter(pl.any_horizontal(pl.col("subject").str.contains(m, literal=True)
                                     for m in metrics))
    rows = sorted(hit.iter_rows(named=True), key=lambda r: (_severity_rank(r["severity"]),
                                                            r.get("src_line") or 0))
    return [Caveat("audit", r["severity"], r["message_zh"]) for r in rows]


_REASON = re.compile(r"(?:主要)?原因(?:是|为|：|:)[^。；]*[。；]?")


def explanations(tables: Tables, doc_id: str, metrics: tuple[str, ...],
                 lines: tuple[str, ...] | None = None) -> list[Caveat]:
    """The document's own explanation of `metrics`: a “原因是…” clause on a line where it
    states one of them (or its year-on-year change)."""
    if lines is None:
        lines = sources.document_lines(tables["documents"], doc_id)
    t = tables["totals"].filter((pl.col("doc_id") == doc_id)
                                & pl.any_horizontal(pl.col("metric").str.starts_with(m)
                                                    for m in metrics))
    seen, out = set(), []
    for n in sorted(set(t["src_line"].drop_nulls().to_list())):
        if 1 <= n <= len(lines):
            m = _REASON.search(lines[n - 1])
            if m and n not in seen:
                seen.add(n)
                out.append(Caveat("document", None, f"第{n}行：{m.group(0)}"))
    return out


def _headline(tables: Tables, doc_id: str, metric: str) -> dict | None:
    h = measures.shared(tables, ("headline", metric),
                        lambda: measures.headline(tables["totals"], metric))
    h = h.filter(pl.col("doc_id") == doc_id)
    return h.row(0, named=True) if h.height else None


def _cite(row: dict | None) -> str:
    return f"（第{row['src_line']}行）" if row and row.get("src_line") else ""


def _figure(tables: Tables, doc_id: str, metric: str) -> str | None:
    row = _headline(tables, doc_id, metric)
    if row is None or row["value"] is None:
        return None
    return f"{amount(row['value'], row['unit'])}{_cite(row)}"


def completion_sentence(tables: Tables, doc_id: str,
                        lines: tuple[str, ...] | None = None) -> Sentence | None:
    """Completion of the initial budget with the audit's disputes and, when the rate is
    extreme, the document's explanation."""
    comp = measures.document_completion(tables["totals"]).filter(pl.col("doc_id") == doc_id)
    if comp.height == 0 or comp["completion_rate"][0] is None:
        return None
    rate = comp["completion_rate"][0]
    text = (f"一般公共预算财政拨款支出年初预算"
            f"{_figure(tables, doc_id, 'gpb_expenditure_budget_initial')}，决算"
            f"{_figure(tables, doc_id, 'gpb_expenditure_actual')}，完成年初预算的"
            f"{fmt(rate, metadata.PERCENT)}。")
    caveats = disputes(tables, doc_id, COMPLETION_METRICS)
    low, high = EXTREME_COMPLETION
    if not low <= rate <= high:
        caveats += explanations(tables, doc_id, COMPLETION_METRICS, lines)
    return Sentence(text, caveats)


def completion_caveats(tables: Tables) -> dict[str, list[Caveat]]:
    """doc_id -> the caveats of its completion of the initial budget (documents with none
    left out): what the index and the comparison mark beside the rate — the caveats of
    `completion_sentence`, with the corpus read once (calling it per document reads the whole
    corpus each time: 49 s for the index of 1,000 units)."""
    rates = dict(measures.document_completion(tables["totals"])
                 .select("doc_id", "completion_rate").iter_rows())
    own = {name: _by_document(tables[name]) for name in ("documents", "totals", "findings")}
    low, high = EXTREME_COMPLETION
    out = {}
    for doc_id in tables["documents"]["doc_id"].to_list():
        rate = rates.get(doc_id)
        if rate is None:
            continue
        rows = {name: by_doc.get(doc_id, tables[name].head(0)) for name, by_doc in own.items()}
        caveats = disputes(rows, doc_id, COMPLETION_METRICS)
        if not low <= rate <= high:
            caveats += explanations(rows, doc_id, COMPLETION_METRICS)
        if caveats:
            out[doc_id] = caveats
    return out


def _by_document(df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """A table's rows per document (in their order), in one pass."""
    if df.height == 0 or "doc_id" not in df.columns:
        return {}
    return {key[0]: g for key, g in df.partition_by("doc_id", as_dict=True,
                                                     maintain_order=True).items()}


def caveat_note(caveats: list[Caveat], limit: int = 80) -> str:
    """The caveats in one short line (“审核发现（确定）：…；原文说明：…”)."""
    parts = []
    for c in caveats:
        tag = f"审核发现（{severity_label(c.severity)}）" if c.source == "audit" else "原文说明"
        body = c.text if len(c.text) <= limit else c.text[:limit - 1] + "…"
        parts.append(f"{tag}：{body}")
    return "；".join(parts)


def summary(tables: Tables, doc_id: str, lines: tuple[str, ...] | None = None) -> list[Sentence]:
    """3–6 sentences with the document's key figures, each with its caveats."""
    out: list[Sentence] = []
    inc = _figure(tables, doc_id, "income_current_year")
    exp = _figure(tables, doc_id, "expenditure_current_year")
    if inc or exp:
        text = f"本年收入合计{inc or '未列示'}，本年支出合计{exp or '未列示'}"
        s = measures.structure(tables["totals"]).filter(pl.col("doc_id") == doc_id)
        basic, project = (_figure(tables, doc_id, m)
                          for m in ("expenditure_basic", "expenditure_project"))
        if basic and project:
            text += f"；其中基本支出{basic}，项目支出{project}"
            share = s["project_share"][0] if s.height and "project_share" in s.columns else None
            if share is not None:
                text += f"，项目支出占{fmt(share, metadata.PERCENT)}"
        out.append(Sentence(text + "。", disputes(tables, doc_id, (
            "income_current_year", "expenditure_current_year", "expenditure_basic",
            "expenditure_project"))))
    comp = completion_sentence(tables, doc_id, lines)
    if comp:
        out.append(comp)
    ub = measures.shared(tables, "unbudgeted_total", lambda: measures.unbudgeted_total(
        tables["budget_lines"])).filter(pl.col("doc_id") == doc_id)
    if ub.height and ub["n_unbudgeted"][0]:
        u = ub.row(0, named=True)
        out.append(Sentence(
            f"列示年初预算的{u['n_lines']}个功能科目中，{u['n_unbudgeted']}个年初预算为零、"
            f"年中新增，支出{amount(u['unbudgeted_actual'])}，占这些科目决算合计的"
            f"{fmt(u['unbudgeted_share'], metadata.PERCENT)}。"))
    tp = measures.shared(tables, "three_public_completion", lambda: measures.three_public_completion(
        tables["three_public"])).filter(
        (pl.col("doc_id") == doc_id) & (pl.col("item") == "total"))
    if tp.height and tp["actual"][0] is not None:
        t = tp.row(0, named=True)
        rows = tables["three_public"].filter((pl.col("doc_id") == doc_id)
                                             & (pl.col("item") == "total"))
        line = rows["src_line"].drop_nulls().min() if rows.height else None
        text = f"“三公”经费决算{amount(t['actual'])}"
        if t["budget"] is not None:
            text += f"，预算{amount(t['budget'])}"
        if t["completion_rate"] is not None:
            text += f"，完成预算的{fmt(t['completion_rate'], metadata.PERCENT)}"
        out.append(Sentence(text + (f"（第{line}行）" if line else "") + "。",
                            disputes(tables, doc_id, ("three_public",))))
    perf = performance_sentence(tables, doc_id)
    if perf:
        out.append(perf)
    out.append(Sentence(audit_sentence(tables, doc_id)))
    return out[:6]


def performance_sentence(tables: Tables, doc_id: str) -> Sentence | None:
    ev = measures.evaluations_frame(tables).filter(pl.col("doc_id") == doc_id)
    if ev.height == 0:
        return None
    scored = ev.filter(pl.col("score").is_not_null())
    n_top = scored.filter(pl.col("grade") == TOP_GRADE).height
    text = f"公开绩效评价{ev.height}个"
    if scored.height:
        text += (f"，自评得分{fmt(scored['score'].min(), metadata.POINTS)}–"
                 f"{fmt(scored['score'].max(), metadata.POINTS)}分，{n_top}个为“{TOP_GRADE}”")
    return Sentence(text + "。", disputes(tables, doc_id, ("perf_evaluations",))[:3])


def audit_sentence(tables: Tables, doc_id: str) -> str:
    f = tables["findings"].filter(pl.col("doc_id") == doc_id)
    if f.height == 0:
        return "一致性审核未发现前后不一致之处。"
    counts = f.group_by("severity").len().sort(
        pl.col("severity").map_elements(_severity_rank, return_dtype=pl.Int64))
    parts = "，".join(f"{severity_label(s)}{n}条" for s, n in counts.iter_rows())
    return f"一致性审核发现{f.height}条（{parts}），见第七部分。"


def low_execution(tables: Tables, doc_id: str) -> tuple[int, int, list[str]]:
    """(projects with an execution rate below LOW_EXECUTION, of them graded 优, their names)."""
    ev = measures.evaluations_frame(tables).filter(
        (pl.col("doc_id") == doc_id) & (pl.col("scope") != "department_overall"))
    low = ev.filter(measures.execution_rate_shown() < LOW_EXECUTION)
    return (low.height, low.filter(pl.col("grade") == TOP_GRADE).height,
            low["project_name"].to_list())


def main_findings(tables: Tables, doc_id: str) -> list[str]:
    """The findings a reader should take away, computed from the measures and the audit."""
    out = []
    n_low, n_low_top, names = low_execution(tables, doc_id)
    if n_low:
        shown = "、".join(names[:3]) + ("等" if n_low > 3 else "")
        out.append(f"{n_low}个项目执行率低于{fmt(LOW_EXECUTION)}%，其中{n_low_top}个自评为"
                   f"“{TOP_GRADE}”（{shown}）：预算没有花完，自评得分却几乎不受影响。")
    fm = measures.full_marks(tables["perf_indicators"], by="doc_id").filter(
        pl.col("doc_id") == doc_id)
    if fm.height and fm["n_scored"][0]:
        r = fm.row(0, named=True)
        out.append(f"{r['n_scored']}个打分的绩效指标中{r['n_full_marks']}个得满分"
                   f"（{fmt(r['full_marks_share'], metadata.PERCENT)}），自评区分度有限。")
    qs = measures.qualitative_share(tables["perf_indicators"], by="doc_id").filter(
        pl.col("doc_id") == doc_id)
    if qs.height and qs["n_indicators"][0]:
        r = qs.row(0, named=True)
        out.append(f"{r['n_indicators']}个绩效指标中{r['n_qualitative']}个是定性指标"
                   f"（{fmt(r['qualitative_share'], metadata.PERCENT)}），无法用数字核对。")
    ub = measures.shared(tables, "unbudgeted_total", lambda: measures.unbudgeted_total(
        tables["budget_lines"])).filter(pl.col("doc_id") == doc_id)
    if ub.height and ub["n_unbudgeted"][0]:
        u = ub.row(0, named=True)
        out.append(f"{u['n_unbudgeted']}个功能科目年初预算为零，支出"
                   f"{amount(u['unbudgeted_actual'])}，年初批准的预算离实际支出较远。")
    f = tables["findings"].filter(pl.col("doc_id") == doc_id)
    worst = f.filter(pl.col("severity") == metadata.FINDING_SEVERITIES[0])
    if worst.height:
        out.append(f"审核发现{worst.height}处{severity_label(metadata.FINDING_SEVERITIES[0])}"
                   f"（文档前后矛盾，超出四舍五入范围），所涉数字引用前应核对原文。")
    c = tables["completeness"].filter((pl.col("doc_id") == doc_id) & pl.col("required")
                                      & (pl.col("status") == "missing"))
    if c.height:
        out.append(f"全国统一格式要求的内容中{c.height}项未公开："
                   + "、".join(c["name_zh"].to_list()[:5]) + ("等。" if c.height > 5 else "。"))
    return out


def problems(tables: Tables, doc_id: str, lines: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The document's own problems and measures (`remarks.extract`) of `doc_id`."""
    if lines is None:
        lines = sources.document_lines(tables["documents"], doc_id)
    return remarks.extract(lines)


# --- HTML ---------------------------------------------------------------------------------------

_LINE = re.compile(r"第(\d+(?:、\d+)*)行")  # “第N行”, “第N行起”, “第279、370、373行”


def link_lines(text: str, pages: list[tuple[int, int]] | None = None) -> str:
    """Escaped text with every cited line a link to the quoted line (“第P页第N行” for a PDF);
    a list of lines (“第279、370行”) becomes one link per line."""
    def link(n: int) -> str:
        page = sources.page_of(pages, n) if pages else None
        where = f"第{page}页第{n}行" if page else f"第{n}行"
        return f'<a class="jsrc" href="#L{n}" data-line="{n}">{where}</a>'

    def repl(m: re.Match) -> str:
        return "、".join(link(int(n)) for n in m.group(1).split("、"))
    return _LINE.sub(repl, html.escape(text))
