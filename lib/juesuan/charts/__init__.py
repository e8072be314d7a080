"""Charts of the curated tables and measures (Altair), with Chinese labels, offline rendering.

    >>> from juesuan import catalog, charts
    >>> tables = catalog.load_all()
    >>> charts.initial_vs_final(tables, "xianyang-hrss-2023")    # an alt.Chart, or None

Every chart function takes the dict that `catalog.load_all()` returns (and a `doc_id` or
`doc_ids` where it shows one or several documents), computes what it shows with
`juesuan.measures`, and returns an Altair chart — or None when the documents do not state
what the chart would show (the notebooks then print a sentence instead of an empty chart).

Conventions, the same in every chart:

* Titles, axis titles, legends and tooltips are Chinese, from `juesuan.metadata` (column labels,
  METRICS, THREE_PUBLIC_ITEMS) through `juesuan.present.label` / `present.VALUE_LABELS`.
* Amounts are 万元 as published (`,.2f`, axis titles say （万元）); percentages are shown as
  percentages (`.2%` in tooltips, `.0%` on axes).
* Every mark has a tooltip; rows that come from the document carry its source line
  (源文件行号), so a reader can find the figure in the text.
* Lines spent without an initial budget (年初预算为零, mid-year additions) are coloured apart
  (red) with a legend entry; colours mean the same thing in every chart (`COLORS`), and each
  document keeps its colour across charts.

Rendering: importing this module registers and enables the Altair renderer ``juesuan`` and
the theme ``juesuan`` (CJK font). The renderer's ``text/html`` output needs no network: the
first chart of a kernel session carries the Vega/Vega-Lite/Vega-Embed bundle inline
(`vl_convert.javascript_bundle()`), later charts only call ``vegaEmbed``; the spec's data is
inline and its ``$schema`` URL is dropped. `setup(reset=True)` sends the bundle again (e.g.
after reloading a JupyterLab page without restarting the kernel).

    common.py       sizes, formats, colours (one meaning, one colour), tooltips, titles
    vega.py         the offline renderer and the theme (registered on import)
    document.py     one document: income, expenditure, functional lines, “三公”
    performance.py  scores, execution rates, grades, indicators
    compare.py      the documents side by side
    audit.py        findings and completeness
"""

from __future__ import annotations

from juesuan.charts.audit import (
    completeness_overview,
    findings_overview,
)
from juesuan.charts.common import (
    BLUE,
    BROWN,
    COLORS,
    DARK,
    DOC_COLUMN,
    DOC_PALETTE,
    EXECUTION_BANDS,
    GAP_LABELS,
    GREEN,
    GREY,
    ORANGE,
    PCT,
    PCT_AXIS,
    PINK,
    POINTS_FMT,
    PURPLE,
    RATE_TITLE,
    RATE_TITLE_LONG,
    RED,
    SRC,
    STEP,
    TEAL,
    THREE_PUBLIC_KINDS,
    UNGRADED,
    VALUE_MAP,
    WAN,
    WIDTH,
    YELLOW,
    Tables,
    category_scale,
    chart_height,
    field_tooltip,
    fractions,
    note_layer,
    reference_rule,
    source_tooltip,
)
from juesuan.charts.compare import (
    compare_documents,
    functional_shares,
    structure_shares,
)
from juesuan.charts.document import (
    EXPENDITURE_PARTS,
    INCOME_PARTS,
    budget_gaps,
    economic_structure,
    income_expenditure,
    initial_vs_final,
    line_label,
    three_public,
)
from juesuan.charts.performance import (
    GRADE_GROUPS,
    evaluation_points,
    grade_distribution,
    indicator_quality,
    project_scores,
    score_distribution,
    score_vs_execution,
)
from juesuan.charts.vega import (
    BUNDLE_ENV,
    FONT,
    Displayed,
    chart_html,
    chart_spec,
    javascript_bundle,
    renderer,
    setup,
    theme,
    title_text,
    vl_version,
)

__all__ = [
    "BLUE",
    "BROWN",
    "BUNDLE_ENV",
    "COLORS",
    "DARK",
    "DOC_COLUMN",
    "DOC_PALETTE",
    "EXECUTION_BANDS",
    "EXPENDITURE_PARTS",
    "FONT",
    "GAP_LABELS",
    "GRADE_GROUPS",
    "GREEN",
    "GREY",
    "INCOME_PARTS",
    "ORANGE",
    "PCT",
    "PCT_AXIS",
    "PINK",
    "POINTS_FMT",
    "PURPLE",
    "RATE_TITLE",
    "RATE_TITLE_LONG",
    "RED",
    "SRC",
    "STEP",
    "TEAL",
    "THREE_PUBLIC_KINDS",
    "UNGRADED",
    "VALUE_MAP",
    "WAN",
    "WIDTH",
    "YELLOW",
    "Displayed",
    "Tables",
    "budget_gaps",
    "category_scale",
    "chart_height",
    "chart_html",
    "chart_spec",
    "compare_documents",
    "completeness_overview",
    "economic_structure",
    "evaluation_points",
    "field_tooltip",
    "findings_overview",
    "fractions",
    "functional_shares",
    "grade_distribution",
    "income_expenditure",
    "indicator_quality",
    "initial_vs_final",
    "javascript_bundle",
    "line_label",
    "note_layer",
    "project_scores",
    "reference_rule",
    "renderer",
    "score_distribution",
    "score_vs_execution",
    "setup",
    "source_tooltip",
    "structure_shares",
    "theme",
    "three_public",
    "title_text",
    "vl_version",
]
