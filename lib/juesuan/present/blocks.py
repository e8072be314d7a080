"""The unit report's key facts and sentences as page content, not console text: a profile or a
list of key figures becomes a labelled list, a sentence a paragraph, and every “第N行” in them
a link to the quoted source line (“第P页第N行” for a PDF), as in the 摘要."""

from __future__ import annotations

import html

from juesuan import sources
from juesuan.present.documents import key_figures, profile
from juesuan.present.formatting import HTML, Tables
from juesuan.present.narrative import link_lines


def facts(text: str, pages: list[tuple[int, int]] | None = None) -> HTML:
    """“label：value” lines as a labelled list; a line without a label spans the list. Cited
    lines become links (with `pages`, a PDF's page map, their page)."""
    rows = []
    for line in text.splitlines():
        head, sep, value = line.partition("：")
        if sep:
            rows.append(f"<dt>{html.escape(head)}</dt><dd>{link_lines(value, pages)}</dd>")
        else:
            rows.append(f'<dd class="wide">{link_lines(line, pages)}</dd>')
    return HTML('<dl class="juesuan-facts">' + "".join(rows) + "</dl>", text)


def profile_card(tables: Tables, doc_id: str) -> HTML:
    """`documents.profile` in the page: name, year, region, scope and staff, with their lines."""
    return facts(profile(tables, doc_id), sources.line_pages(tables, doc_id))


def key_figures_card(tables: Tables, doc_id: str) -> HTML:
    """`documents.key_figures` in the page: income, expenditure, completion, with their lines."""
    return facts(key_figures(tables, doc_id), sources.line_pages(tables, doc_id))


def paragraphs(*texts: str, pages: list[tuple[int, int]] | None = None) -> HTML:
    """Each line of `texts` a paragraph, its cited lines links."""
    lines = [line for text in texts for line in text.splitlines() if line]
    body = "".join(f'<p class="juesuan-note">{link_lines(p, pages)}</p>' for p in lines)
    return HTML(body, "\n".join(lines))


def sentences(tables: Tables, doc_id: str, *texts: str) -> HTML:
    """Sentences about one document (a “三公” note, an audit summary …) as paragraphs, its
    cited lines with their page for a PDF."""
    return paragraphs(*texts, pages=sources.line_pages(tables, doc_id))
