"""What the explorer's modules share: the value of "no selection", the statements and
measures it draws, and the words of its own controls (what names a column or a coded value
comes from the schema).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from juesuan import schema

Tables = Mapping[str, pl.DataFrame]

ALL = "__all__"  # the "no selection" value of every drop-down
NO_UNIT = "__none__"  # evaluations whose table names no implementing unit
LEVELS = ("class", "section", "item")
# Statements on the general-budget appropriation basis (公开05表 and the narrative on it), in
# order of preference; 支出决算表 (all funds) is a different basis and is not mixed in.
GPB_STATEMENTS = ("table_gpb_expenditure", "narrative_gpb")
# The measures of `measures.line_completion` the explorer can draw.
LINE_MEASURES = ("actual", "budget_initial", "completion_rate", "completion_stated",
                 "gap_wanyuan", "gap_percent")
SCORE_RANGE = (0.0, 100.0)
_DEPTH = {level: i for i, level in enumerate(LEVELS)}

# Texts of the explorer's own controls and notes.
SUMMED = "由下级科目加总"
_LEVEL = {level: zh for level, (zh, _en) in schema.VALUE_LABELS["level"].items()}
_EVAL = {key: schema.label("perf_evaluations", column) for key, column in
         (("scope", "scope"), ("template", "template"), ("score", "score"),
          ("unit", "implementing_unit"))}
# The controls' own words; what names a column or a coded value comes from the schema.
UI = {
    **{level: _LEVEL[level] for level in ("class", "section", "item")},
    **{f"all_{level}": f"全部{_LEVEL[level]}" for level in ("class", "section", "item")},
    **_EVAL,
    "doc": "文档", "measure": "指标", "up": "返回上一级",
    "all_docs": "全部文档", "band": "执行率", "all": "全部", "no_unit": "未列示实施单位",
    "lines": "支出功能分类（一般公共预算财政拨款支出）", "evaluations": "绩效评价",
    "note": "说明", "compare": "跨文档比较：同一类在各文档中", "compare_docs": "文档",
    "search": "搜索绩效指标和审核发现", "search_box": "关键词", "findings": "审核发现（与上面数字有关的）",
    "source": "原文", "source_pick": "查看原文", "export": "导出当前选择为CSV", "export_view": "导出",
    "synthetic": "（合成）",
}
EXPORT_VIEWS = {"lines": "支出功能分类（当前所选）", "compare": "跨文档比较",
                "evaluations": "绩效评价（当前筛选）", "search": "搜索结果"}
