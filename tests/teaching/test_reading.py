"""Reading the source text beside the figures: quotes, outlines and the reasons the narrative
gives for each line's gap to its initial budget (juesuan.teaching.reading)."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog, teaching

XY, QY, QX = "xianyang-hrss-2023", "qianyang-hrss-2024", "quxian-rural-pension-2023"


@pytest.fixture(scope="module")
def tables():
    return catalog.load_all()


def test_quote_numbers_lines_and_skips_blank_ones(tables):
    text = teaching.quote(tables, XY, range(147, 150))
    assert text.splitlines() == [
        "第147行│五、一般公共预算财政拨款支出决算情况说明",
        ("第149行│2023 年度一般公共预算财政拨款支出年初预算 4106.46 万元，支出决算 8019.96 万元，"
        "完成年初预算的 195.30%，占本年支出合计的 89.31%。与上年相比，财政拨款支出减少 715.49 万元，"
        "下降 8.19%，主要原因是人员经费及专项业务经费预算收支减少。"),
    ]
    with pytest.raises(ValueError, match=f"{XY} has .* lines; there is no line 999999"):
        teaching.quote(tables, XY, [999999])
    with pytest.raises(ValueError, match="unknown doc_id"):
        teaching.quote(tables, "no-such-doc", [1])


def test_outline_lists_the_parts_in_order(tables):
    o = teaching.outline(tables, XY)
    assert o.head(3).select("level", "title", "src_line").rows() == [
        ("part", "第一部分部门概况", 62), ("section", "一、部门主要职责及内设机构", 64),
        ("section", "二、部门决算单位构成", 82)]
    assert o["src_line"].is_sorted()
    parts = o.filter(pl.col("level") == "part")["title"].to_list()
    assert parts == ["第一部分部门概况", "第二部分2023年度部门决算情况说明", "第三部分2023年度部门决算表目录",
                     "第四部分专业名词解释", "第五部分附件"]


def test_stated_reasons_of_xianyang(tables):
    r = teaching.stated_reasons(tables, XY)
    assert r.height == 26
    by_code = {row["func_code"]: row for row in r.iter_rows(named=True)}
    # line 228: 年初预算数为0.00万元，支出决算数为1341.86万元，…主要原因是本科目追加专项业务经费预算支出。
    assert by_code["2080799"]["reason"] == "本科目追加专项业务经费预算支出"
    assert by_code["2080799"]["reason_kind"] == "addition" and by_code["2080799"]["unbudgeted"]
    assert by_code["2080101"]["reason"] == "人员经费年初部门预算编制略大"  # line 163
    assert by_code["2080101"]["reason_kind"] == "overbudgeted"
    assert by_code["2080102"]["reason_kind"] == "carryover"  # 本年度支出上年度结转专项业务经费
    assert by_code["2019999"]["reason_kind"] == "addition_personnel"  # 追加人员经费
    assert by_code["2080502"]["reason"] is None  # line 204 states 100 %, no reason
    assert by_code["2080502"]["reason_kind"] == "not_stated"


def test_a_reason_broken_over_several_lines_is_joined(tables):
    r = teaching.stated_reasons(tables, QY)
    reason = r.filter(pl.col("line_name") == "一般行政管理事务")["reason"][0]
    # lines 154–160, each followed by a blank line
    assert reason.startswith("安排局机关追加第一届职业技能大赛手绣工项目、2024")
    assert reason.endswith("市民中心零工市场运行费及人社服务能力建设补助项目")


def test_reason_summary_adds_the_gaps_by_reason(tables):
    s = teaching.reason_summary(tables, XY)
    rows = {r["reason_kind"]: r for r in s.iter_rows(named=True)}
    assert (rows["addition"]["n_lines"], rows["addition"]["n_unbudgeted"]) == (11, 5)
    assert rows["addition"]["gap_wanyuan"] == pytest.approx(4080.60)
    assert rows["overbudgeted"]["n_lines"] == 8
    assert rows["overbudgeted"]["gap_wanyuan"] == pytest.approx(-197.23)
    assert s["gap_wanyuan"].to_list() == sorted(s["gap_wanyuan"].to_list(), reverse=True)
    # all gaps together: Σ final 8019.97 − Σ initial 4039.37 of the 26 items
    assert s["gap_wanyuan"].sum() == pytest.approx(3980.60)
    assert s["actual"].sum() == pytest.approx(8019.97)


def test_reason_summary_keeps_unstated_budgets_null(tables):
    s = teaching.reason_summary(tables, QX)  # 渠县 lists its lines without initial budgets
    assert s.rows(named=True) == [{"reason_kind": "not_stated", "n_lines": 12, "n_unbudgeted": 0,
                                   "budget_initial": None, "actual": pytest.approx(568.26),
                                   "gap_wanyuan": None}]
