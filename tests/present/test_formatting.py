"""Display helpers (juesuan.present) on the real curated data: escaped HTML tables, labels,
the texts about one document."""

from __future__ import annotations

import html

import polars as pl
import pytest

from juesuan import catalog, present


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


def test_table_escapes_document_text_and_shows_nulls():
    df = pl.DataFrame({"project_name": ["<b>就业&补助</b>", None], "budget_initial": [1234.5, None],
                       "execution_rate": [96.123, None]})
    out = present.table(df, table="perf_evaluations", computed=True)._repr_html_()
    assert "<b>就业" not in out and html.escape("<b>就业&补助</b>") in out
    assert "1,234.50" in out and "96.12%" in out
    assert out.count(present.NOT_STATED) == 3
    assert "项目名称" in out and "年初预算数（万元）" in out and "执行率B/A（按金额计算）（%）" in out


def test_labels_come_from_the_schema_and_measures():
    assert present.label("actual", "budget_lines", with_unit=True) == "支出决算（万元）"
    assert present.label("completion_rate") == "完成年初预算（按金额计算）"
    assert present.label("completion_rate", "three_public") == "完成预算（按金额计算）"
    assert present.label("staff_actual") == "实有人数"
    assert present.value_label("item", "official_reception") == "公务接待费"


def test_unit_texts(tables):
    text = present.profile(tables, "xianyang-hrss-2023")
    assert "咸阳市人力资源和社会保障局（第3行）" in text and "实有人数：173人（第105行）" in text
    assert "第" in present.key_figures(tables, "qianyang-hrss-2024")
    assert present.department_evaluation(tables, "fenyang-social-insurance-2024").startswith(
        "本文档未公开")
    with pytest.raises(ValueError, match="unknown doc_id"):
        present.profile(tables, "no-such-doc")
    with pytest.raises(ValueError, match="unknown doc_id"):
        present.selected_docs(tables, ["no-such-doc"])
