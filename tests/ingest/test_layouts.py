"""Layouts other than the national text's, and documents that are only part of a disclosure.

The space-aligned excerpt is `pdftotext -layout` output of the 财政局 PDF (its pages 6–7,
收入支出决算总表); the expected figures are those printed on page 6 of the PDF (and the 总计
2995.39 its narrative repeats on page 21), read on the page.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.ingest.pipeline import ingest_document
from juesuan.ingest.sources.layouts import to_tab_rows
from juesuan.ingest.tables import TITLES
from juesuan.text import Line, split_lines
from tests.conftest import FIXTURES

SPACE_ALIGNED = FIXTURES / "layouts" / "putuo_finance_2024_p130_space_aligned.txt"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table_totals(result) -> dict[str, tuple[float, int]]:
    return {r["metric"]: (r["value"], r["src_line"]) for r in result.rows["totals"]
            if r["source_kind"] == "table"}


def test_space_aligned_summary_table_is_read_by_its_header_columns(tmp_path):
    text = "上海市普陀区财政局\n2024年度部门决算\n" + SPACE_ALIGNED.read_text(encoding="utf-8")
    result = ingest_document(_write(tmp_path, "layout.txt", text), None)
    totals = _table_totals(result)
    # (lines of this file: the two title lines, then the excerpt)
    assert totals["income_gpb_appropriation"] == (2940.05, 8)
    assert totals["income_other"] == (6.20, 15)
    assert totals["income_current_year"] == (2946.25, 34)
    assert totals["expenditure_current_year"] == (2940.05, 34)
    assert totals["income_total"] == totals["expenditure_total"] == (2995.39, 37)
    assert totals["carryover_end"] == (55.34, 36)


def test_space_aligned_row_that_does_not_fit_leaves_the_table_unread():
    """An amount printed on the line above its label (pdftotext's wrapped cells) must not be
    placed under another label: the table is not read, and the reason names the row."""
    lines = split_lines("财政拨款收入支出决算总表\n"
                        "     项目         决算数            项目         合计\n"
                        "               2,940.05\n"
                        "一、一般公共预算财政拨款              一、一般公共服务支出     2,106.66\n"
                        "一、一般公共预算财政拨款     21.63\n")
    out, problems = to_tab_rows(lines, set(TITLES))
    assert [line.text for line in out] == [line.text for line in lines]
    assert problems and problems[0][0] == 3 and "not read" in problems[0][1]


def test_pipe_separated_rows_keep_their_empty_cells():
    lines = [Line(1, "收入支出决算总表"), Line(2, "| 项目 | 决算数 | 项目 | 决算数 |"),
             Line(3, "|---|---:|---|---:|"),
             Line(4, "| 二、政府性基金预算财政拨款收入 |  | 二、外交支出 |  |"),
             Line(5, "| 八、其他收入 | 6.20 | 八、社会保障和就业支出 | 326.71 |")]
    out, problems = to_tab_rows(lines, set(TITLES))
    assert [line.text for line in out] == [
        "收入支出决算总表", "项目\t决算数\t项目\t决算数", "",
        "二、政府性基金预算财政拨款收入\t\t二、外交支出\t",
        "八、其他收入\t6.20\t八、社会保障和就业支出\t326.71"]
    assert [line.no for line in out] == [1, 2, 3, 4, 5] and problems == []


def test_a_three_public_statement_alone_is_ingested_as_partial(tmp_path):
    """A text holding only a 三公 statement, titled as such (the figures are made up for the
    test; the wording is the national one)."""
    text = ("2021年度五华区区级“三公”经费决算情况说明\n"
            "2021年度五华区区级“三公”经费财政拨款支出年初预算为1,234.56万元，支出决算为"
            "987.65万元，完成预算的80.00%。\n"
            "其中：因公出国（境）费支出决算为0.00万元；公务用车购置及运行维护费支出决算为"
            "500.00万元；公务接待费支出决算为487.65万元。\n")
    result = ingest_document(_write(tmp_path, "三公.txt", text), None)
    assert result.ok, result.error
    document = result.rows["documents"][0]
    assert (document["unit_name"], document["fiscal_year"]) == ("五华区区级", 2021)
    assert document["coverage"] == "partial" and "三公" in document["coverage_note"]
    items = {r["item"]: r for r in result.rows["three_public"]}
    assert (items["total"]["budget"], items["total"]["actual"], items["total"]["src_line"]) == (
        1234.56, 987.65, 2)
    assert items["vehicle"]["actual"] == 500.00 and items["official_reception"]["actual"] == 487.65
    assert items["overseas_travel"]["actual"] == 0.0


def test_a_single_self_evaluation_table_is_ingested_as_partial():
    """汾阳's project table (document lines 558–…) on its own: unit from 主管部门及代码, year
    from '(2024年度)', the funds row as printed (27.34 / 25.24 / 25.24, 100 %, 10 points)."""
    result = ingest_document(FIXTURES / "perf_tabular" / "fenyang_2024_p558_shifted.txt", None)
    assert result.ok, result.error
    document = result.rows["documents"][0]
    assert (document["unit_name"], document["fiscal_year"], document["coverage"]) == (
        "汾阳市人力资源和社会保障局", 2024, "partial")
    (evaluation,) = result.rows["perf_evaluations"]
    assert evaluation["project_name"] == "2024年城乡居民基本养老保险代办员补助"
    assert (evaluation["budget_initial"], evaluation["budget_full_year"], evaluation["executed"],
            evaluation["execution_rate"], evaluation["funds_score"]) == (
        27.34, 25.24, 25.24, 100.0, 10.0)


def test_year_without_du_and_a_title_wrapped_over_three_lines(tmp_path):
    text = ("中共上海市普陀区委\n社会工作部2016年\n部门决算\n"
            "“三公”经费财政拨款支出决算为0.50万元。\n")
    result = ingest_document(_write(tmp_path, "wrapped.txt", text), None)
    assert result.ok, result.error
    document = result.rows["documents"][0]
    assert (document["unit_name"], document["fiscal_year"]) == ("中共上海市普陀区委社会工作部", 2016)
    assert document["unit_name_src_line"] == 1 and document["fiscal_year_src_line"] == 2
