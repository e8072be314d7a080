"""The bilingual glossary is generated from the schema, and the report labels come from the same
definitions (labels in one place)."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog, glossary, measures, metadata
from tests.conftest import CURATED


def test_every_curated_column_is_in_the_glossary():
    g = glossary.glossary("column")
    for table in metadata.TABLES.values():
        for col in table.columns:
            rows = g.filter((pl.col("name") == col.name) & (pl.col("zh") == col.zh)
                            & (pl.col("en") == col.en))
            assert rows.height == 1, (table.name, col.name)
            assert f"{table.name}.{col.name}" in rows["where"][0].split(", ")


def test_one_row_per_meaning_of_a_column_name():
    level = glossary.term("level")  # 类/款/项, 3- or 5-digit economic codes, heading levels
    assert level.select("zh", "where").rows() == [
        ("级次", "budget_lines.level"), ("级次", "economic_lines.level"),
        ("标题级次", "parts.level")]
    doc_id = glossary.term("doc_id")
    assert doc_id.height == 1
    assert len(doc_id["where"][0].split(", ")) == len(metadata.TABLES)


def test_tables_metrics_measures_and_values_are_in_the_glossary():
    g = glossary.glossary()
    assert set(g.filter(pl.col("kind") == "table")["name"]) == set(metadata.TABLES)
    assert set(g.filter(pl.col("kind") == "metric")["name"]) == set(metadata.METRICS)
    assert set(g.filter(pl.col("kind") == "measure")["name"]) == set(metadata.MEASURE_COLUMNS)
    values = g.filter(pl.col("kind") == "value")
    for column, labels in metadata.VALUE_LABELS.items():
        if column == "metric":
            continue
        for value, (zh, en) in labels.items():
            assert values.filter((pl.col("name") == value) & (pl.col("zh") == zh)
                                 & (pl.col("en") == en)).height == 1, (column, value)
    assert g["kind"].to_list() == sorted(g["kind"].to_list(), key=glossary.KINDS.index)


def test_every_term_is_defined_in_both_languages_and_points_at_real_data():
    terms = glossary.glossary("term")
    assert terms.height == len(metadata.TERMS)
    for t in metadata.TERMS:
        assert t.zh and t.en and t.definition_zh and t.definition_en
        for ref in t.see:
            kind, _, name = ref.partition(":")
            if kind == "metric":
                assert name in metadata.METRICS, ref
            elif kind == "measure":
                assert name in metadata.MEASURE_COLUMNS, ref
            else:
                table, column = ref.split(".")
                assert column in metadata.TABLES[table].column_names, ref


@pytest.mark.parametrize("zh", ["类", "款", "项", "年初预算", "全年预算数", "执行率", "基本支出", "项目支出",
                                "人员经费", "公用经费", "“三公”经费", "绩效自评", "一级指标", "二级指标",
                                "三级指标", "定性指标", "定量指标", "尾差", "完成年初预算"])
def test_the_key_terms_of_the_course_are_defined(zh):
    t = glossary.term(zh)
    assert t["kind"][0] == "term" and t["definition_zh"][0] and t["definition_en"][0]


def test_term_matches_chinese_english_and_identifiers():
    assert glossary.term("执行率")["en"].to_list() == ["execution rate (B/A)"]
    initial = glossary.term("Initial Budget")  # any case; 'Initial budget (年初预算)' matches too
    assert initial["kind"].to_list() == ["term", "column", "column"]
    assert set(initial["zh"]) == {"年初预算", "年初预算数"}
    assert glossary.term("budget_initial")["kind"].to_list() == ["column", "column"]
    assert glossary.term("三公经费")["zh"].to_list() == ["“三公”经费"]  # quotes ignored
    assert glossary.term("scope")["kind"].to_list() == ["column", "column"]
    # nothing named so: the entries containing it
    assert glossary.term("满意度")["zh"].to_list() == ["满意度指标"]
    assert glossary.term("预算").height > 10


def test_unknown_term_suggests_close_names():
    with pytest.raises(KeyError, match="closest: 执行率"):
        glossary.term("执形率")
    with pytest.raises(TypeError, match="term"):
        glossary.term("")
    with pytest.raises(ValueError, match="unknown kind"):
        glossary.glossary("nonsense")


def test_explain_prints_both_languages():
    text = glossary.explain("全年预算数", "completion_rate")
    lines = text.splitlines()
    assert lines[0] == ("全年预算数（adjusted full-year budget (A)）：绩效自评表中的A：年中调整以后的全年预算，"
                        "不是年初预算。 A in a performance self-evaluation: the budget after mid-year "
                        "changes, not the initial budget. [万元]")
    assert lines[1] == "完成年初预算（按金额计算）（Completion of the initial budget, computed: final ÷ " \
                       "initial budget × 100） [%]"


def test_markdown_renders_every_entry_by_kind():
    md = glossary.markdown()
    for (zh, en) in metadata.GLOSSARY_KINDS.values():
        assert f"## {zh} {en}" in md
    rows = [line for line in md.splitlines()
            if line.startswith("| ") and not line.startswith("| 中文")]
    assert len(rows) == glossary.glossary().height
    assert "| 执行率 | execution rate (B/A) | 全年执行数B ÷ 全年预算数A" in md
    part = glossary.markdown(glossary.term("执行率"))
    assert part.startswith("## 术语 Terms") and "## 字段" not in part


def test_markdown_escapes_pipes():
    df = pl.DataFrame({c: ["a|b" if c != "kind" else "term"] for c in glossary.COLUMNS})
    assert "a\\|b" in glossary.markdown(df)


def _measure_frames(tables) -> list[pl.DataFrame]:
    m = measures
    frames = [f(tables) for f in (
        m.line_completion, m.document_completion, m.unbudgeted_lines, m.unbudgeted_total,
        m.largest_gaps, m.execution, m.structure, m.per_staff, m.functional_shares,
        m.three_public_completion, m.evaluation_grades, m.grade_distribution, m.score_summary,
        m.score_distribution, m.score_vs_execution, m.classify_indicators, m.full_marks,
        m.qualitative_share, m.by_implementing_unit, m.corpus_summary)]
    return [*frames, m.headline(tables, "income_total"), m.headlines(tables, list(metadata.METRICS))]


def test_every_column_the_measures_compute_is_labelled_with_its_type():
    tables = catalog.load_all()
    curated = {c.name for t in metadata.TABLES.values() for c in t.columns}
    for frame in _measure_frames(tables):
        for name, dtype in frame.schema.items():
            if name in metadata.MEASURE_COLUMNS:
                assert dtype == metadata.MEASURE_COLUMNS[name].polars_dtype, (name, dtype)
            else:
                assert name in curated or name in metadata.METRICS, name


def test_the_glossary_handed_out_with_the_course_is_current(tmp_path):
    committed = (CURATED.parents[1] / glossary.GLOSSARY_FILE).read_text(encoding="utf-8")
    assert committed == glossary.document(), "run `python -m juesuan.glossary " \
                                             f"{glossary.GLOSSARY_FILE}`"
    assert "| 执行率 | execution rate (B/A) |" in committed
    out = tmp_path / "GLOSSARY.md"
    assert glossary.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == committed
