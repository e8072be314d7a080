"""The index page (`reports/index.html`): every report with its state, and each unit's
headline figures."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from juesuan.fonts import css_font_family
from juesuan.io import atomic_write_text
from juesuan.reports.execution import error_message
from juesuan.reports.planning import (
    Job,
    inputs_for,
)
from juesuan.reports.registry import INDEX_FILE

UNITS_CACHE = ".cache/index-units.json"
INDEX_CACHE = ".cache/index.json"
UNITS_FORMAT = 1
RACY_NS = 2_000_000_000  # an index this recent may change again within its mtime tick

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>决算分析报告</title>
<style>
body { font-family: {{ fonts }}; margin: 2em auto; max-width: 1200px; padding: 0 1em;
       color: #222; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.4em 0.6em; text-align: left;
         vertical-align: top; }
th { background: #f5f5f5; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.failed { color: #b00020; }
.stale, .missing, .meta, .desc { color: #777; }
.desc { font-size: 0.9em; }
td .desc { display: inline-block; max-width: 16em; white-space: normal; text-align: left; }
td:first-child { min-width: 9em; }
.caveat { color: #b00020; font-weight: bold; cursor: help; }
.legend { font-size: 0.9em; color: #555; }
</style>
</head>
<body>
{%- macro link(r) -%}
{%- if r.status in ("ok", "stale") -%}
<a href="{{ r.href }}">{{ r.title }}</a>
{%- if r.status == "stale" %} <span class="stale">（已过期：数据或代码已变，尚未重建）</span>{% endif -%}
{%- elif r.status == "failed" -%}
<span>{{ r.title }}</span> <span class="failed">生成失败：{{ r.error }}</span>
{%- if r.failed_href %} <a href="{{ r.failed_href }}">执行记录（.ipynb）</a>{% endif -%}
{%- else -%}
<span>{{ r.title }}</span> <span class="missing">（未生成）</span>
{%- endif -%}
{%- endmacro %}
<h1>决算分析报告</h1>
<p class="meta">{{ units|length }} 份决算公开文档；报告 {{ n_ok }} 份已生成
{%- if n_failed %}，<span class="failed">{{ n_failed }} 份生成失败</span>{% endif -%}
{%- if built_at %}；最近生成于 {{ built_at }}{% endif %}。</p>
{%- for w in warnings %}
<p class="failed">{{ w }}</p>
{%- endfor %}
<h2>综合报告</h2>
<ul>
{%- for r in corpus %}
<li>{{ link(r) }}{% if r.description %}<br><span class="desc">{{ r.description }}</span>{% endif %}</li>
{%- endfor %}
</ul>
<h2>单位报告</h2>
<table>
<thead><tr><th>单位名称</th><th>年度</th><th>省份</th><th class="num">收入总计（万元）</th>
<th class="num">支出总计（万元）</th><th class="num">一般公共预算财政拨款<br>年初预算完成率</th>
<th class="num">绩效评价（项）</th><th class="num">平均得分</th><th>报告</th></tr></thead>
<tbody>
{%- for u in units %}
<tr id="{{ u.doc_id }}"><td>{{ u.unit_name }}</td><td>{{ u.fiscal_year }}</td>
<td>{{ u.province }}</td><td class="num">{{ u.income_total }}</td>
<td class="num">{{ u.expenditure_total }}</td><td class="num">{{ u.completion_rate }}
{%- if u.caveat %} <span class="caveat" title="{{ u.caveat }}">⚠</span><br><span class="desc">{{ u.caveat_short }}</span>{% endif %}</td>
<td class="num">{{ u.n_evaluations }}</td><td class="num">{{ u.mean_score }}</td>
<td>{% for r in u.reports %}{{ link(r) }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>
{%- endfor %}
</tbody>
</table>
<p class="legend">⚠：该数字有争议或需说明（一致性审核的发现，或原文自己解释了差距），悬停查看，详见该单位报告的摘要。
{%- if unit_report_description %}单位报告：{{ unit_report_description }}{% endif %}</p>
</body>
</html>
"""


def write_index(reports_dir: Path, jobs: list[Job], state: dict[str, dict],
                tables: Mapping[str, pl.DataFrame] | None, warnings: list[str], *,
                units: list[dict] | None = None) -> Path:
    """reports/index.html: every report of the registry with its status, and each unit's
    headline figures (`units`, as `unit_rows` makes them from `tables`). Document text is
    escaped (autoescape). Rewritten only if it changed."""
    if units is None:
        units = unit_rows(tables or {}, warnings)
    root = os.fspath(reports_dir)
    entries = [_index_entry(j, state.get(j.report.output), root) for j in jobs]
    by_doc: dict[str | None, list[dict]] = {}
    for e in entries:
        by_doc.setdefault(e["doc_id"], []).append(e)
    units = [{**u, "reports": by_doc.get(u["doc_id"], [])} for u in units]
    built = [e["built_at"] for e in state.values() if e.get("built_at")]
    per_doc = [j.report.notebook for j in jobs if j.report.doc_id]
    context = {
        "fonts": css_font_family(), "corpus": by_doc.get(None, []), "units": units,
        "warnings": list(warnings), "built_at": local_time(max(built, default="")),
        "unit_report_description": per_doc[0].description if per_doc else "",
        "n_ok": sum(e["status"] in ("ok", "stale") for e in entries),
        "n_failed": sum(e["status"] == "failed" for e in entries)}
    target = reports_dir / INDEX_FILE
    key = hashlib.sha256(json.dumps([INDEX_TEMPLATE, context], ensure_ascii=False,
                                    sort_keys=True).encode()).hexdigest()
    if _rendered(reports_dir, key):
        return target  # the page these inputs render is there, untouched: not rendered again
    import jinja2
    from markupsafe import Markup

    html = jinja2.Environment(autoescape=True).from_string(INDEX_TEMPLATE).render(
        {**context, "fonts": Markup(context["fonts"])})
    if not target.is_file() or target.read_text(encoding="utf-8") != html:
        atomic_write_text(target, html)
    st = target.stat()
    atomic_write_text(reports_dir / INDEX_CACHE, json.dumps(
        {"format": UNITS_FORMAT, "key": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
         "racy": st.st_mtime_ns >= time.time_ns() - RACY_NS}))
    return target


def _rendered(reports_dir: Path, key: str) -> bool:
    """Whether index.html is the page of `key` (reports/.cache/index.json): same render
    inputs, and the file as it was written (size, mtime_ns)."""
    try:
        cached = json.loads((reports_dir / INDEX_CACHE).read_text(encoding="utf-8"))
        st = (reports_dir / INDEX_FILE).stat()
    except (OSError, ValueError):
        return False
    return (isinstance(cached, dict) and cached.get("format") == UNITS_FORMAT
            and cached.get("key") == key and not cached.get("racy")
            and [cached.get("size"), cached.get("mtime_ns")] == [st.st_size, st.st_mtime_ns])


def _index_entry(job: Job, entry: dict | None, reports_dir: str) -> dict:
    """A report's line in the index: ok, stale (built from other inputs), failed or missing."""
    status = "missing"
    if entry and entry.get("status") == "failed":
        status = "failed"
    elif entry and os.path.isfile(os.path.join(reports_dir, job.report.output)):
        current = inputs_for(job.base, bool(entry.get("with_code")))
        status = "ok" if entry.get("inputs") == current else "stale"
    return {"doc_id": job.report.doc_id, "title": job.report.notebook.title,
            "href": job.report.output, "status": status,
            "description": job.report.notebook.description,
            "error": (entry or {}).get("error"),
            "failed_href": (entry or {}).get("failed_notebook")}


def unit_rows(tables: Mapping[str, pl.DataFrame], warnings: list[str]) -> list[dict]:
    """Each unit's line of the index but its reports: headline figures and caveats."""
    units = _units(tables, warnings)
    _mark_disputed(units, tables, warnings)
    return units


def cached_unit_rows(reports_dir: Path, key: str,
                     load_tables: Callable[[], Mapping[str, pl.DataFrame]],
                     warnings: list[str]) -> list[dict]:
    """`unit_rows`, kept in reports/.cache/ by `key` (the corpus and library hashes): a
    build whose data and library are unchanged reads no table for the index. A cache that
    cannot be read or is for other inputs is ignored."""
    path = reports_dir / UNITS_CACHE
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = None
    if (isinstance(cached, dict) and cached.get("format") == UNITS_FORMAT
            and cached.get("key") == key and isinstance(cached.get("units"), list)
            and isinstance(cached.get("warnings"), list)):
        warnings += cached["warnings"]
        return cached["units"]
    mine: list[str] = []
    units = unit_rows(load_tables(), mine)
    warnings += mine
    atomic_write_text(path, json.dumps({"format": UNITS_FORMAT, "key": key, "units": units,
                                        "warnings": mine}, ensure_ascii=False))
    return units


def _units(tables: Mapping[str, pl.DataFrame], warnings: list[str]) -> list[dict]:
    """Each document's headline figures (measures.corpus_summary), formatted; if the measures
    fail the index still lists the documents, with the error as a warning."""
    from juesuan import measures

    try:
        rows = measures.corpus_summary(tables).to_dicts()
    except Exception as err:  # noqa: BLE001 - the index must still be written
        warnings.append(f"主要指标无法计算（measures.corpus_summary）：{error_message(err)}")
        rows = tables["documents"].select("doc_id", "unit_name", "fiscal_year",
                                          "province").to_dicts()
    return [{"doc_id": r["doc_id"], "unit_name": r["unit_name"],
             "fiscal_year": _fmt(r.get("fiscal_year"), "{}"),
             "province": _fmt(r.get("province"), "{}"),
             "income_total": _fmt(r.get("income_total"), "{:,.2f}"),
             "expenditure_total": _fmt(r.get("expenditure_total"), "{:,.2f}"),
             "completion_rate": _fmt(r.get("completion_rate"), "{:.1f}%"),
             "n_evaluations": _fmt(r.get("n_evaluations"), "{}"),
             "mean_score": _fmt(r.get("mean_score"), "{:.2f}")} for r in rows]


def local_time(iso: str) -> str:
    """A UTC ISO time as this machine's local time with its offset (“2026-12-06 15:58 UTC+08:00”)."""
    from datetime import datetime

    if not iso:
        return ""
    try:
        t = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    offset = t.strftime("%z")
    return f"{t:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


def _mark_disputed(units: list[dict], tables: Mapping[str, pl.DataFrame],
                   warnings: list[str]) -> None:
    """Each unit's completion rate with its caveats (present.narrative.completion_caveats)."""
    try:
        from juesuan.present import narrative

        caveats = narrative.completion_caveats(tables)
    except Exception as err:  # noqa: BLE001 - the index must still be written
        warnings.append(f"有争议的数字无法标出：{error_message(err)}")
        return
    for u in units:
        c = caveats.get(u["doc_id"])
        if c:
            u["caveat"] = narrative.caveat_note(c, limit=400)
            u["caveat_short"] = narrative.caveat_note(c[:1], limit=40)


def _fmt(value: Any, spec: str) -> str:
    return "—" if value is None else spec.format(value)
