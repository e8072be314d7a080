"""The opening of a unit report (title, 摘要, 主要发现, 问题与建议) and the quoted source text at
its end, as HTML. The sentences come from `present.narrative`; every “第N行” is a link that
opens the source text at that line, in the page (offline)."""

from __future__ import annotations

import html

import polars as pl

from juesuan import metadata, sources
from juesuan.present import narrative
from juesuan.present.formatting import HTML, Tables
from juesuan.present.labels import value_label

_CAVEAT = {"audit": "审核", "document": "原文说明"}
MAX_AUDIT_ITEMS = 8  # audit findings listed beside the document's own problems


def _pages(tables: Tables, doc_id: str) -> list[tuple[int, int]]:
    return sources.line_pages(tables, doc_id)


def _caveats(caveats: list[narrative.Caveat], pages: list[tuple[int, int]]) -> str:
    if not caveats:
        return ""
    items = []
    for c in caveats:
        tag = (narrative.severity_label(c.severity) if c.severity else _CAVEAT[c.source])
        cls = f"sev-{html.escape(c.severity or c.source)}"
        items.append(f'<li class="caveat {cls}"><span class="tag">{html.escape(tag)}</span>'
                     f"{narrative.link_lines(c.text, pages)}</li>")
    return '<ul class="caveats">' + "".join(items) + "</ul>"


def conclusions(tables: Tables, doc_id: str) -> HTML:
    """Title, 摘要 and 主要发现 of one document, the caveats beside the figures they qualify."""
    lines = sources.document_lines(tables["documents"], doc_id)
    pages = _pages(tables, doc_id)
    title = narrative.report_title(tables, doc_id)
    out = [f'<h1 class="juesuan-title" data-doc="{html.escape(doc_id)}">{html.escape(title)}</h1>',
           '<section class="juesuan-summary"><h2 id="摘要">摘要</h2><ol>']
    summary = narrative.summary(tables, doc_id, lines)  # once: the page and the plain text
    for s in summary:
        disputed = ' class="disputed"' if any(c.source == "audit" for c in s.caveats) else ""
        out.append(f"<li{disputed}>{narrative.link_lines(s.text, pages)}"
                   f"{_caveats(s.caveats, pages)}</li>")
    out.append("</ol></section>")
    findings = narrative.main_findings(tables, doc_id)
    if findings:
        out.append('<section class="juesuan-findings"><h2 id="主要发现">主要发现</h2><ul>')
        out += [f"<li>{narrative.link_lines(f, pages)}</li>" for f in findings]
        out.append("</ul></section>")
    text = "\n".join(s.text for s in summary)
    return HTML("".join(out), f"{title}\n{text}")


def problems_and_suggestions(tables: Tables, doc_id: str) -> HTML:
    """问题与建议: the document's own problems and measures (quoted, with their lines) next to
    the audit's most severe findings."""
    lines = sources.document_lines(tables["documents"], doc_id)
    pages = _pages(tables, doc_id)
    own = narrative.problems(tables, doc_id, lines)
    out = ['<section class="juesuan-problems">']
    if own.height:
        out.append(f"<p>文档自述的问题{own.filter(pl.col('kind') == 'problem').height}条、"
                   f"改进措施{own.filter(pl.col('kind') == 'measure').height}条（原文摘录）：</p>")
        out.append('<table class="juesuan-table jt" data-title="文档自述的问题与改进措施">'
                   "<thead><tr>" + "".join(f"<th>{zh}</th>" for zh, _en in metadata.REMARK_COLUMNS.values())
                   + "</tr></thead><tbody>")
        for r in own.iter_rows(named=True):
            cite = narrative.link_lines(f"第{r['src_line']}行", pages)
            kind = value_label("remark_kind", r["kind"])
            out.append(f'<tr><td class="s">{html.escape(kind)}</td>'
                       f'<td class="l">{html.escape(r["text"])}</td>'
                       f'<td class="n" data-v="{r["src_line"]}">'
                       f"{cite}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>文档没有写出发现的问题和改进措施。</p>")
    f = tables["findings"].filter(pl.col("doc_id") == doc_id)
    if f.height:
        rows = sorted(f.iter_rows(named=True),
                      key=lambda r: (narrative._severity_rank(r["severity"]), r["src_line"] or 0))
        out.append(f"<p>一致性审核的发现（共{f.height}条，列出最严重的"
                   f"{min(len(rows), MAX_AUDIT_ITEMS)}条，全部见第七部分）：</p><ul>")
        for r in rows[:MAX_AUDIT_ITEMS]:
            out.append(f'<li class="caveat sev-{html.escape(r["severity"])}"><span class="tag">'
                       f'{html.escape(narrative.severity_label(r["severity"]))}</span>'
                       f'{narrative.link_lines(r["message_zh"], pages)}</li>')
        out.append("</ul>")
    out.append("</section>")
    return HTML("".join(out), f"<问题与建议 {own.height} 条>")


def source_text(tables: Tables, doc_id: str) -> HTML:
    """The document's source text, every line numbered and addressable (#L123), folded: the
    links of the report open it at the cited line. A PDF's lines carry their page."""
    lines = sources.document_lines(tables["documents"], doc_id)
    if not lines:
        return HTML("<p>源文件不可读。</p>", "")
    pages = _pages(tables, doc_id)
    doc = tables["documents"].filter(pl.col("doc_id") == doc_id).row(0, named=True)
    name = doc.get("source_file") or doc_id
    rows = []
    for n, text in enumerate(lines, 1):
        page = sources.page_of(pages, n) if pages else None
        pattr = f' data-page="{page}"' if page else ""
        rows.append(f'<div class="srcline" id="L{n}"{pattr}><span class="ln">{n}</span>'
                    f"<span class=\"tx\">{html.escape(text) or ' '}</span></div>")
    head = (f'<details id="juesuan-source" class="juesuan-source"><summary>原文：'
            f"{html.escape(name)}（共{len(lines)}行{'，PDF 提取的文字' if pages else ''}）"
            "</summary>")
    return HTML(head + "".join(rows) + "</details>", f"<原文 {len(lines)} 行>")
