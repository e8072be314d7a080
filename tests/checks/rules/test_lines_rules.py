"""Rules on the functional and economic classification (checks/rules/lines.py)."""

from __future__ import annotations

import pytest

from tests.checks.rules.builders import (
    DOC,
    bl,
    check,
    tot,
)


def _section_20805(basic_total: float = 283.39) -> list[dict]:
    t = "table_expenditure"
    return [bl(t, "section", 1384, "20805", section_name="行政事业单位养老支出", actual=82.64,
               basic=basic_total),
            bl(t, "item", 1385, "2080501", item_name="行政单位离退休", actual=15.56, basic=4.26),
            bl(t, "item", 1386, "2080502", item_name="事业单位离退休", actual=40.29, project=0.7),
            bl(t, "item", 1387, "2080505", item_name="基本养老保险缴费", actual=26.80,
               basic=185.95),
            bl(t, "item", 1388, "2080506", item_name="职业年金缴费", basic=92.48)]


def test_sum_func_within_rounding_and_beyond():
    found = check("SUM-FUNC", budget_lines=_section_20805())
    # actual: 82.64 vs 82.65 of three items (尾差 0.01 ≤ 0.02): silent; basic fires
    assert [(f["subject"], f["stated"], f["expected"]) for f in found] == [
        ("budget_lines 公开03表 20805 行政事业单位养老支出: basic", 283.39, 282.69)]
    assert found[0]["severity"] == "error" and "2080502" in found[0]["message_zh"]
    assert found[0]["src_lines"] == "1384,1385,1387,1388"
    assert check("SUM-FUNC", budget_lines=_section_20805(282.69)) == []


def test_sum_func_total_and_class_rows():
    t = "table_gpb_expenditure"
    rows = [bl(t, "total", 1, actual=100.0), bl(t, "class", 2, "208", actual=60.0),
            bl(t, "section", 3, "20801", actual=60.0), bl(t, "class", 4, "210", actual=40.01)]
    assert check("SUM-FUNC", budget_lines=rows) == []
    rows[3]["actual"] = 41.0
    [f] = check("SUM-FUNC", budget_lines=rows)
    assert f["subject"] == "budget_lines 公开05表 合计: actual"


def test_sum_func_narrative_class_vs_items():
    n = "narrative_gpb"
    rows = [bl(n, "class", 80, class_name="卫生健康支出", actual=6.68),
            bl(n, "item", 127, class_name="卫生健康支出", item_name="行政单位医疗", actual=3.77),
            bl(n, "item", 133, class_name="卫生健康支出", item_name="事业单位医疗", actual=0.51),
            bl(n, "item", 139, class_name="卫生健康支出", item_name="公务员医疗补助", actual=2.36),
            bl(n, "item", 144, class_name="卫生健康支出", item_name="其他", actual=0.02)]
    assert check("SUM-FUNC", budget_lines=rows) == []  # 6.66 vs 6.68: within 0.025
    rows[0]["actual"] = 7.0
    [f] = check("SUM-FUNC", budget_lines=rows)
    assert f["severity"] == "warning"  # a narrative may not list every 项


def test_sum_func_row():
    rows = [bl("table_expenditure", "item", 5, "2080101", actual=10.0, basic=4.0, project=6.01)]
    assert check("SUM-FUNC-ROW", budget_lines=rows) == []
    rows[0]["project"] = 6.02
    [f] = check("SUM-FUNC-ROW", budget_lines=rows)
    assert f["expected"] == pytest.approx(10.02)


def _within_rows(basic_05: float = 0.70) -> list[dict]:
    t3, t5 = "table_expenditure", "table_gpb_expenditure"
    return [bl(t3, "total", 1368, actual=8980.21, basic=2925.71, project=6054.50),
            bl(t5, "total", 1470, actual=8019.96, basic=2925.71, project=5094.25),
            bl(t3, "item", 1386, "2080502", item_name="事业单位离退休", actual=0.70,
               project=0.70),
            bl(t5, "item", 1487, "2080502", item_name="事业单位离退休", actual=0.70,
               basic=basic_05),
            bl(t3, "item", 1376, "2080103", item_name="机关服务", actual=2.60, project=2.60),
            bl(t5, "item", 1480, "2080108", item_name="信息化建设", actual=31.39,
               project=31.39)]


def test_sum_gpb_within_counts_a_blank_table_03_cell_as_zero():
    [f] = check("SUM-GPB-WITHIN", budget_lines=_within_rows())
    assert (f["severity"], f["subject"], f["stated"], f["expected"], f["src_line"],
            f["src_lines"]) == ("error", "budget_lines 公开05表 2080502 事业单位离退休: basic",
                                0.70, 0.0, 1487, "1386,1487")
    assert f["tolerance"] == pytest.approx(0.01)
    assert "（空白，按0计）" in f["message_zh"] and "blank (counted as 0)" in f["message_en"]
    # a blank table-05 cell under a stated table-03 one (project) is no finding; 0.01 is 尾差
    assert check("SUM-GPB-WITHIN", budget_lines=_within_rows(0.01)) == []


def test_sum_gpb_within_total_row_and_rounding():
    rows = _within_rows(None)
    rows[1]["basic"] = 2925.72  # 0.01 above: within two roundings
    assert check("SUM-GPB-WITHIN", budget_lines=rows) == []
    rows[1]["basic"] = 2925.73
    [f] = check("SUM-GPB-WITHIN", budget_lines=rows)
    assert (f["subject"], f["expected"]) == ("budget_lines 公开05表 合计: basic", 2925.71)
    assert "2925.71万元" in f["message_zh"]


def test_sum_gpb_within_needs_both_tables():
    rows = _within_rows()
    assert check("SUM-GPB-WITHIN", budget_lines=[r for r in rows
                                                 if r["statement"] != "table_expenditure"]) == []
    rows[5]["actual"] = 1000.0  # 2080108 is not in table 03: nothing to compare
    assert len(check("SUM-GPB-WITHIN", budget_lines=rows)) == 1


def _narrative_items(b2: float | None = 0.0) -> list[dict]:
    n = "narrative_gpb"
    return [bl(n, "item", 140, item_name="行政运行", budget_initial=391.22, actual=376.06,
               budget_initial_src_line=144, actual_src_line=144),
            bl(n, "item", 152, item_name="一般行政管理事务", budget_initial=b2, actual=76.64,
               budget_initial_src_line=154, actual_src_line=154)]


def test_sum_narrative_gpb():
    totals = [tot("gpb_expenditure_budget_initial", 9085.20, 126, part="五"),
              tot("gpb_expenditure_actual", 452.70, 128, part="五")]
    [f] = check("SUM-NARRATIVE-GPB", totals=totals, budget_lines=_narrative_items())
    assert (f["stated"], f["expected"], f["src_line"], f["src_lines"]) == (
        9085.20, 391.22, 126, "126,144,154")
    # only when every item states its initial budget
    assert check("SUM-NARRATIVE-GPB", totals=totals, budget_lines=_narrative_items(None)) == []
    totals[0]["value"] = 391.23
    assert check("SUM-NARRATIVE-GPB", totals=totals, budget_lines=_narrative_items()) == []


def test_pct_func_completion_and_share():
    n = "narrative_gpb"
    rows = [bl(n, "item", 140, item_name="行政运行", budget_initial=391.22, actual=376.06,
               completion_stated=96.12),
            bl(n, "class", 78, class_name="社会保障和就业支出", actual=552.37, share_stated=97.20)]
    totals = [tot("gpb_expenditure_actual", 568.27, 76)]
    assert check("PCT-FUNC", budget_lines=rows, totals=totals) == []
    rows[0]["completion_stated"], rows[1]["share_stated"] = 96.20, 97.5
    found = check("PCT-FUNC", budget_lines=rows, totals=totals)
    assert sorted(f["stated"] for f in found) == [96.20, 97.5]


def test_sum_econ():
    econ = [{"doc_id": DOC, "econ_code": c, "econ_name": n, "level": lv, "amount": a,
             "category": "personnel", "src_line": line}
            for c, n, lv, a, line in (("303", "对个人和家庭的补助", "class", 18.97, 279),
                                      ("30302", "退休费", "item", 15.56, 281),
                                      ("30309", "奖励金", "item", 3.42, 288),
                                      ("30301", "离休费", "item", None, 280))]
    totals = [tot("basic_personnel", 18.97, 294, "table", "公开06表")]
    assert check("SUM-ECON", economic_lines=econ, totals=totals) == []  # 18.98: 尾差
    econ[0]["amount"] = 19.0
    found = check("SUM-ECON", economic_lines=econ, totals=totals)
    assert [f["subject"] for f in found] == ["economic_lines 303 对个人和家庭的补助",
                                            "totals 公开06表 basic_personnel"]
