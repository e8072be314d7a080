"""Interactive explorer for JupyterLab: ipywidgets controls that recompute a view and redraw it.

    >>> from juesuan.explore import Explorer
    >>> Explorer().show()          # in a notebook: the controls, charts and tables

Two views, each a polars DataFrame kept on the explorer and redrawn on every change:

* `line_data` — general-budget expenditure by functional classification (类/款/项) of the chosen
  document: the children of the chosen 类 or 款 (or all 类), with the chosen measure drawn.
* `evaluation_data` — the performance evaluations that pass the filter (kind, template, score
  range, implementing unit, execution-rate band), drawn as score against execution rate B/A
  (`charts.score_vs_execution`) beside a table (`present.evaluations_table`).

Around them (issue 18): a cross-document view (`compare_lines`: one 类 across documents), text
search over indicators and audit findings (`search`), the audit findings beside the lines they
dispute (`findings_for_lines`, and a note when 类 built from summed items disagree with the
document's own total: `total_disagreement`), a source-line picker that shows the quoted text
(`teaching.quote`), export of the current selection to CSV in UTF-8 with a BOM (`export`), wide
tables that scroll instead of being cut off, and synthetic documents marked（合成）.

Widgets need a running kernel: the static HTML reports use Altair's own interactivity
(tooltips) instead. Charts are drawn by the juesuan renderer's offline HTML (`charts.chart_html`,
the Vega bundle is inlined once in the explorer's own output): JupyterLab 4 has no renderer for
Vega-Lite 6, and nothing may be fetched from the network.

Modules: `common` (the shared values and the controls' words), `lines` (the line view's data),
`data` (the evaluations, findings, comparison, search and export), `views` (charts and output
pieces), `explorer` (the `Explorer` and its widgets).
"""

from juesuan.explore.common import (
    ALL,
    EXPORT_VIEWS,
    GPB_STATEMENTS,
    LEVELS,
    LINE_MEASURES,
    NO_UNIT,
    SCORE_RANGE,
    SUMMED,
    UI,
    Tables,
)
from juesuan.explore.data import (
    SEARCH_COLUMNS,
    class_names,
    compare_lines,
    doc_options,
    evaluations,
    export,
    filter_evaluations,
    findings_for_lines,
    search,
    total_disagreement,
)
from juesuan.explore.explorer import Explorer
from juesuan.explore.lines import children, line_tree
from juesuan.explore.views import compare_chart, lines_chart

__all__ = ["ALL", "EXPORT_VIEWS", "GPB_STATEMENTS", "LEVELS", "LINE_MEASURES", "NO_UNIT",
           "SCORE_RANGE", "SEARCH_COLUMNS", "SUMMED", "UI", "Explorer", "Tables", "children",
           "class_names", "compare_chart", "compare_lines", "doc_options", "evaluations",
           "export", "filter_evaluations", "findings_for_lines", "line_tree", "lines_chart",
           "search", "total_disagreement"]
