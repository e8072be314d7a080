"""ingest.common: recording a value with its line, and what every parser calls a report title."""

import pytest

from juesuan.ingest.common import (
    REPORT_SUFFIX_RE,
    TITLE_MAX,
    empty_fields,
    report_title,
    set_score,
    set_value,
)
from juesuan.schema import PERF_EVALUATIONS
from juesuan.text import Line


def test_set_value_stores_the_line_with_the_value():
    fields: dict = {}
    set_value(fields, "executed", 554.91, 674)
    assert fields == {"executed": 554.91, "executed_src_line": 674}


def test_set_value_of_nothing_keeps_what_was_read():
    fields = {"executed": 554.91, "executed_src_line": 674}
    set_value(fields, "executed", None, 700)
    assert fields == {"executed": 554.91, "executed_src_line": 674}


def test_set_score_says_where_it_is_stated():
    fields: dict = {}
    set_score(fields, 96.0, 619, "table")
    assert fields == {"score": 96.0, "score_src_line": 619, "score_source_kind": "table"}


def test_empty_fields_has_every_column_but_the_ids():
    fields = empty_fields("project")
    assert list(fields) == [c for c in PERF_EVALUATIONS.column_names
                            if c not in ("doc_id", "eval_id")]
    assert fields["scope"] == "project"
    assert all(v is None for k, v in fields.items() if k != "scope")


@pytest.mark.parametrize("text, name", [
    ("2024年度基础养老金项目绩效评价报告", "2024年度基础养老金项目"),
    ("  2023 年就业专项资金 评价报告", "2023 年就业专项资金"),
    ("某某项目绩效自评报告", None),                      # a self-evaluation
    ("详见《某某项目绩效评价报告》", None),               # a citation
    ("形成了某某项目绩效评价报告。", None),               # a sentence
    ("某某项目\t绩效评价报告", None),                    # a table row
    ("某" * 44 + "评价报告", "某" * 44),                 # a long project name (issue 14)
    ("某" * TITLE_MAX + "评价报告", None),               # too long for a title
])
def test_report_title(text, name):
    assert report_title(Line(1, text)) == name


def test_report_suffix():
    assert REPORT_SUFFIX_RE.sub("", "某某项目 绩效评价报告") == "某某项目"
    assert REPORT_SUFFIX_RE.search("某某项目评价报告")
    assert not REPORT_SUFFIX_RE.search("评价报告的结论")

