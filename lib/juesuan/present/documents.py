"""One document in words: its profile, key figures and “三公” total, with the lines they are
printed on."""

from __future__ import annotations

import polars as pl

from juesuan import measures, metadata
from juesuan.measures import unit_label
from juesuan.present.formatting import (
    Tables,
    amount,
    fmt,
)
from juesuan.present.labels import label, value_label

# --- documents -----------------------------------------------------------------------------------

def with_units(df: pl.DataFrame, tables: Tables) -> pl.DataFrame:
    """df with the document's name（年度） as its first column `unit_label` (the doc_id stays
    for filtering; `table` hides it when no columns are chosen)."""
    out = df.join(_unit_frame(tables), on="doc_id", how="left")
    return out.select("unit_label", *df.columns)




def doc_labels(tables: Tables) -> dict[str, str]:
    """doc_id -> “单位名称（年度）”, in doc_id order."""
    docs = tables["documents"].sort("doc_id")
    return dict(zip(docs["doc_id"].to_list(),
                    docs.select(unit_label())["unit_name"].to_list(), strict=True))




def _headline_row(tables: Tables, doc_id: str, metric: str) -> dict | None:
    h = measures.shared(tables, ("headline", metric),
                        lambda: measures.headline(tables["totals"], metric))
    h = h.filter(pl.col("doc_id") == doc_id)
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
    ub = measures.shared(tables, "unbudgeted_total", lambda: measures.unbudgeted_total(
        tables["budget_lines"])).filter(pl.col("doc_id") == doc_id)
    lines = measures.shared(tables, "line_completion",
                            lambda: measures.line_completion(tables["budget_lines"])).filter(
        (pl.col("doc_id") == doc_id) & pl.col("budget_initial").is_not_null())
    if lines.height == 0:
        out.append("各功能科目的年初预算：本文档未逐项列示金额")
    elif ub.height:
        u = ub.row(0, named=True)
        out.append(f"列示年初预算的功能科目{u['n_lines']}个，其中年初预算为零、年中新增的"
                   f"{u['n_unbudgeted']}个，支出{amount(u['unbudgeted_actual'])}"
                   f"（占这些科目决算合计的{fmt(u['unbudgeted_share'], '%')}）")
    return "\n".join(out)


def _unit_frame(tables: Tables) -> pl.DataFrame:
    docs = tables["documents"]
    return docs.select("doc_id", unit_label().alias("unit_label"))


# --- “三公” ------------------------------------------------------------------------------------------

def three_public_note(tables: Tables, doc_id: str) -> str:
    """The “三公” total of one document as a sentence (budget, final, completion, lines)."""
    tp = measures.shared(tables, "three_public_completion", lambda: measures.three_public_completion(
        tables["three_public"])).filter(
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


