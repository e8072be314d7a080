"""Rendering an executed notebook to one self-contained HTML page (nbconvert, code hidden
unless `--with-code`) and refusing a page that references anything remote."""

from __future__ import annotations

import functools
import html as html_lib
import re
import threading
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

from juesuan.fonts import css_font_family
from juesuan.reports.registry import (
    INDEX_FILE,
    Report,
)

HIDDEN_TAGS = ("parameters", "injected-parameters")  # cells dropped when code is hidden

# The lab template without anything remote (require.js, MathJax, mermaid, widgets from CDNs),
# with a CJK font stack and a link back to the index.
NOTEBOOK_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
:root { --jp-content-font-family: FONTS; --jp-ui-font-family: FONTS; }
body { font-family: FONTS; }
nav.juesuan-nav { max-width: 1100px; margin: 0.5em auto; font-size: 0.9em; }
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="juesuan-nav"><a href="{{ resources.juesuan_index }}">← 报告索引</a></nav>
{%- endblock body_header -%}
""".replace("FONTS", css_font_family())


def render_html(executed: Path | NotebookNode, report: Report, with_code: bool,
                notebook_dir: Path) -> str:
    """The executed notebook (a file, or in memory) as one self-contained page: outputs
    (text/html included) kept, code, prompts and parameter cells hidden unless `with_code`;
    images the markdown links (relative to `notebook_dir`) embedded."""
    import nbformat

    nb = (nbformat.read(executed, as_version=4) if isinstance(executed, (str, Path))
          else executed)
    merge_streams(nb)
    nb.metadata["title"] = report.title
    depth = report.output.count("/")
    resources = {"juesuan_index": "../" * depth + INDEX_FILE,
                 "metadata": {"name": report.title, "path": str(notebook_dir)}}
    body, _ = _exporter(with_code).from_notebook_node(nb, resources=resources)
    body = re.sub(r'<html lang="[^"]*">', '<html lang="zh-CN">', body, count=1)
    return with_assets(body)


# What nbconvert's HTML exporter adds after rendering (nbconvert 7: BeautifulSoup parses,
# CSS-selects and re-serialises the whole page, ~0.3 CPU-s a report): tabindex="0" on every
# cell input wrapper and output (`.jp-Notebook div.jp-Cell-inputWrapper`,
# `.jp-Notebook div.jp-OutputArea-output`; the page body is the .jp-Notebook) so a keyboard
# reaches and scrolls them, and a stand-in alt on every img without one. Here one scan of the
# start tags adds the same attributes and leaves the rest of the page as the template wrote it.
# Script and style contents and comments are skipped, as an HTML parser does.
FOCUSABLE = ("jp-Cell-inputWrapper", "jp-OutputArea-output")
MISSING_ALT = "No description has been provided for this image"
_TAG = re.compile(r"""<!--.*?-->|<(script|style)\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?</\1\s*>"""
                  r"""|<(div|img)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>"""
                  r"""|<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""",
                  re.DOTALL | re.IGNORECASE)
_ATTR = r"""(?<=[\s"'/]){}\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]*)"""
_CLASS = re.compile(_ATTR.format("class"), re.IGNORECASE)
_TABINDEX = re.compile(_ATTR.format("tabindex"), re.IGNORECASE)
_ALT = re.compile(r"(?<=[\s\"'/])alt(?=\s*=|[\s/]|$)", re.IGNORECASE)


def accessible(page: str) -> str:
    """The page with nbconvert's accessibility attributes (tabindex="0" on cell inputs and
    outputs, an alt on images without one) added to the start tags that need them."""
    def tag(m: re.Match) -> str:
        name, attrs = m.group(2), m.group(3)
        if name is None:
            return m.group(0)
        if name.lower() == "img":
            if _ALT.search(attrs):
                return m.group(0)
            return _with_attribute(m.group(0), f'alt="{MISSING_ALT}"')
        cls = _CLASS.search(attrs)
        if cls is None or not set(cls.group(1).strip("\"'").split()) & set(FOCUSABLE):
            return m.group(0)
        if _TABINDEX.search(attrs):
            return "<" + name + _TABINDEX.sub('tabindex="0"', attrs) + ">"
        return _with_attribute(m.group(0), 'tabindex="0"')

    return _TAG.sub(tag, page)


def _with_attribute(start_tag: str, attribute: str) -> str:
    end = 2 if start_tag.endswith("/>") else 1
    return f"{start_tag[:-end].rstrip()} {attribute}{start_tag[-end:]}"


def merge_streams(nb: NotebookNode) -> None:
    """Consecutive stream outputs of one name (stdout, stderr) become one, as a notebook
    front end shows them: how a cell's prints are cut into messages depends on when the
    kernel flushed its output (every 0.2 s, or a busy machine), and the page must not."""
    from nbformat import NotebookNode

    for cell in nb.cells:
        merged: list = []
        for out in cell.get("outputs", ()):
            last = merged[-1] if merged else None
            if (out.get("output_type") == "stream" and last is not None
                    and last.get("output_type") == "stream" and last.get("name") == out.get("name")):
                merged[-1] = NotebookNode({**last, "text": last["text"] + out["text"]})
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def asset(name: str) -> str:
    """A file of reports/assets (the reports' own script and style sheet)."""
    return (importlib_resources.files("juesuan.reports") / "assets" / name).read_text("utf-8")


_TITLE = re.compile(r'<h1 class="juesuan-title"[^>]*>(.*?)</h1>', re.DOTALL)


def with_assets(page: str) -> str:
    """The page with the reports' style sheet and script inlined (table tools, source quotes,
    contents, print layout), its <title> and printed margin the report's own title (the
    first `h1.juesuan-title`, e.g. unit and year)."""
    m = _TITLE.search(page)
    head = f'<style type="text/css">{asset("juesuan.css")}</style>'
    if m:
        title = re.sub(r"<[^>]+>", "", m.group(1)).strip()
        page = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", page, count=1, flags=re.DOTALL)
        unit = html_lib.unescape(title).replace("\\", "").replace('"', "'")
        head += ('<style type="text/css">@page { @top-left { content: "' + unit
                 + '"; font-size: 8pt; color: #666; } }</style>')
    script = asset("juesuan.js").replace("</script", "<\\/script")
    page = page.replace("</head>", head + "</head>", 1)
    # the last </body>: the chart runtime inlined earlier contains the string too
    before, body_end, after = page.rpartition("</body>")
    if not body_end:
        return page + f'<script type="text/javascript">{script}</script>'
    return f'{before}<script type="text/javascript">{script}</script></body>{after}'


_EXPORTERS = threading.local()


def _exporter(with_code: bool) -> HTMLExporter:
    """This thread's exporter (exporters are not shared between threads; one made per report
    would compile its ~40 templates again, about 0.3 s)."""
    cached = getattr(_EXPORTERS, "by_code", None)
    if cached is None:
        cached = _EXPORTERS.by_code = {}
    if with_code not in cached:
        cached[with_code] = _new_exporter(with_code)
    return cached[with_code]


def _new_exporter(with_code: bool) -> HTMLExporter:
    import jinja2
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = _page_exporter()(
        template_name="lab", template_file="juesuan.html.j2",
        extra_loaders=[jinja2.DictLoader({"juesuan.html.j2": NOTEBOOK_TEMPLATE})],
        exclude_input=not with_code, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True)
    if not with_code:
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), enabled=True)
    return exporter


@functools.cache
def _page_exporter() -> type:
    """nbconvert's HTML exporter with `accessible` in place of its BeautifulSoup post-pass."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb: NotebookNode, resources: dict | None = None,
                               **kw: Any) -> tuple[str, dict]:
            # HTMLExporter.from_notebook_node (nbconvert 7) up to its BeautifulSoup pass
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

        def _validate_preprocessor(self, nbc: NotebookNode, preprocessor: Any) -> None:
            """Not the schema validation of the whole notebook after each of the ~13
            preprocessors (~20 ms a report): nbconvert's own preprocessors, on a notebook
            that papermill read and nbclient filled, do not make it invalid."""

    return PageExporter


# (the lookahead: every alternative starts with one of these characters, which lets the
# scan skip the others — a third of the time over a page of 1.3 MB)
_REMOTE = re.compile(
    r"""(?=[@</shuif])(?:"""
    r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^\s"'>]*"""
    r"""|url\(\s*["']?\s*(?:https?:)?//[^\s"')]*"""
    r"""|@import\s+["']\s*(?:https?:)?//[^\s"']*"""
    r"""|\bimport\s*\(\s*["']\s*(?:https?:)?//[^\s"']*"""
    r"""|\bfrom\s+["']\s*(?:https?:)?//[^\s"']*"""
    r"""|<script\b[^>]*?\bsrc\s*=\s*["']?(?!["']?(?:data:|(?:\.\./)*assets/[\w.-]+["'\s>]))[^\s"'>]*"""
    r"""|//cdn[^\s"'<>()]*)""",
    re.IGNORECASE)


def remote_references(html: str) -> list[str]:
    """What in a page would be fetched from elsewhere (or is a link off the page): remote
    src/href/url(), @import and ES-module imports, external scripts (a script of the build's
    own reports/assets/, referred to relatively, is not one), anything //cdn."""
    return list(dict.fromkeys(m.group(0)[:120] for m in _REMOTE.finditer(html)))


