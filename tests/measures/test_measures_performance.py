"""juesuan.measures.performance: execution B/A, grades, scores, indicators.

Values are worked out by hand from data/raw, the arithmetic beside each expectation."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import measures, metadata
from tests.measures.helpers import D000, D001, D003, D004, approx, near, one


def test_execution_rate_is_b_over_a_not_the_initial_budget(tables):
    ex = measures.execution(tables)
    # 004 line 435 (ys人事人才考试): 年初预算 200.00, A 157.27, B 157.27, 分值 10, 执行率 78.64%, 得分 8.
    r = one(ex, eval_id=f"{D004}:P02")
    assert r["execution_rate"] == near(100.0)  # 157.27 / 157.27
    assert r["execution_rate_stated"] == 78.64
    assert r["initial_budget_completion_rate"] == near(78.64)  # 157.27 / 200.00 = 0.78635
    assert r["execution_rate_difference"] == near(-21.36)
    assert (r["funds_weight"], r["funds_score"], r["funds_score_rate"]) == (10, 8, near(80.0))
    # 004 line 1069 (职业技能提升资金): 0 / 89.41 / 11.4 → 12.75%; initial budget 0 → null.
    r = one(ex, eval_id=f"{D004}:P23")
    assert r["execution_rate"] == near(12.75)  # 11.4 / 89.41 = 0.127502
    assert r["initial_budget_completion_rate"] is None


def test_execution_normalises_yuan_to_wanyuan(tables):
    ex = measures.execution(tables)
    # 003 line 901: 项目资金（元） 年度资金总额 255,600 → 25.56 万元; the printed value is kept.
    r = one(ex, eval_id=f"{D003}:P12")
    assert (r["amount_unit"], r["budget_full_year"]) == ("元", 255600.0)
    assert r["budget_full_year_wanyuan"] == approx(25.56)
    # 003 P01 (line 534) is in 万元: unchanged.
    r = one(ex, eval_id=f"{D003}:P01")
    assert r["budget_full_year"] == r["budget_full_year_wanyuan"] == 26.21


def test_score_vs_execution_has_one_row_per_evaluation(tables):
    sv = measures.score_vs_execution(tables)
    assert sv.height == tables["perf_evaluations"].height
    assert sv["eval_id"].n_unique() == sv.height
    # 004 lines 1069, 1082: B/A 11.4 / 89.41 = 12.75%, funds score 1.3 of 10, total 91.3.
    r = one(sv, eval_id=f"{D004}:P23")
    assert (r["score"], r["funds_score"], r["grade"]) == (91.3, 1.3, "优")
    assert r["execution_rate"] == near(12.75)


def test_grade_distribution_003(tables):
    gd = measures.grade_distribution(tables).filter(pl.col("doc_id") == D003)
    # 003 prints 优 under 13 of its 17 self-evaluation tables (总分 … 优, lines 544-1084); the
    # four goal tables print only "得分 100分" (lines 843, 913, 947, 1048): 100 ≥ 90 → 优.
    assert gd.select("grade", "n_evaluations", "n_computed", "share").rows() == [
        ("优", 17, 4, 100.0)]


def test_evaluation_grades(tables):
    g = measures.evaluation_grades(tables)
    # 000 line 856: the key evaluation is graded “A” (the report, line 1324, says 优).
    r = one(g, eval_id=f"{D000}:K1")
    assert (r["grade_stated"], r["grade"], r["grade_is_computed"]) == ("A", "优", False)
    # 004 P03 (line 482): 总分 89, no grade printed → 80 ≤ 89 < 90 → 良, computed.
    r = one(g, eval_id=f"{D004}:P03")
    assert (r["grade_stated"], r["grade"], r["grade_is_computed"]) == (None, "良", True)
    d004 = measures.grade_distribution(tables).filter(pl.col("doc_id") == D004)
    assert dict(zip(d004["grade"], d004["n_evaluations"], strict=True)) == {"优": 29, "良": 1}


def test_score_summary_003(tables):
    r = one(measures.score_summary(tables), doc_id=D003)
    # 17 scores: thirteen 100, three 99 (lines 580, 713, 745), one 97 (line 983):
    # (1300 + 297 + 97) / 17 = 1694 / 17 = 99.65
    assert r["n_scored"] == 17 and r["n_full_score"] == 13
    assert r["mean_score"] == near(99.65)
    assert (r["min_score"], r["max_score"]) == (97.0, 100.0)
    bands = measures.score_distribution(tables).filter(pl.col("doc_id") == D003)
    assert bands.select("score_band", "n_evaluations").rows() == [("100", 13), ("95–<100", 4)]
    with pytest.raises(ValueError):
        measures.score_summary(tables, by=())


def test_qualitative_share_of_hand_counted_tables(tables):
    q = measures.qualitative_share(tables)
    # 004 lines 443-453 (ys人事人才考试), targets: 14 个系列, 19 个工种, 完成率 100%, 2023 年,
    # 200 万, 无 (n/a), 提高, 无 (n/a), 长期, ≥95% → 8 indicators, 2 qualitative (提高, 长期).
    r = one(q, eval_id=f"{D004}:P02")
    assert (r["n_indicators"], r["n_qualitative"], r["qualitative_share"]) == (8, 2, 25.0)
    # 001 lines 2025-2071 (城乡居保网络专项经费), 指标性质: ≥, ＝, 定性, 定性, 定性, ≥, ≤ → 3 / 7.
    r = one(q, eval_id=f"{D001}:P03")
    assert (r["n_indicators"], r["n_qualitative"]) == (7, 3)
    assert r["qualitative_share"] == near(42.86)
    # 003 lines 538-543: 调整后指标值 =308人, ≥100%, 是, =262100元, 有效提高, ≥99% → 2 / 6
    # (the 年初指标值 skeletons "=人", "≥%" carry no digit and must not count).
    r = one(q, eval_id=f"{D003}:P01")
    assert (r["n_indicators"], r["n_qualitative"]) == (6, 2)


def test_full_marks(tables):
    fm = measures.full_marks(tables)
    # 004 lines 443-453: 10/10, 10/10, 10/10, 10/10, 10/8, (0/0 n/a), 15/13, (0/0), 15/13, 10/9
    # → 8 scored, 4 at full marks.
    r = one(fm, eval_id=f"{D004}:P02")
    assert (r["n_scored"], r["n_full_marks"], r["full_marks_share"]) == (8, 4, 50.0)
    # 003 lines 538-543: all six at full marks.
    assert one(fm, eval_id=f"{D003}:P01")["full_marks_share"] == 100.0
    # 001 (Sichuan) prints no indicator scores: nothing to count.
    by_doc = measures.full_marks(tables, by="doc_id")
    assert one(by_doc, doc_id=D001)["full_marks_share"] is None
    with pytest.raises(ValueError):
        measures.full_marks(tables, by="unit")


def test_by_implementing_unit(tables):
    u = measures.by_implementing_unit(tables)
    # 004 lines 402-513: four projects implemented by the 局 itself, 总分 94, 91, 89, 92 and
    # 全年预算数 25.00 + 157.27 + 629.16 + 20 = 831.43, 执行数 24.05 + 157.27 + 496.65 + 15.42
    # = 693.39 → 83.40%.
    r = one(u, doc_id=D004, implementing_unit="咸阳市人力资源和社会保障局")
    assert r["n_evaluations"] == 4
    assert r["mean_score"] == approx(91.5)  # 366 / 4
    assert r["budget_full_year_wanyuan"] == approx(831.43)
    assert r["execution_rate"] == near(83.40)
    # 003 prints the unit as "407002-汾阳市社会保险中心" in 13 tables and without the code in
    # two (lines 897, 1033): one unit, 15 evaluations.
    r = one(u, doc_id=D003, implementing_unit="汾阳市社会保险中心")
    assert r["n_evaluations"] == 15
    # 001 prints no execution amounts: the sum is null, not 0.
    assert one(u, doc_id=D001)["executed_wanyuan"] is None


def _evals(*rows: dict) -> pl.DataFrame:
    base = {"doc_id": "x", "scope": "project", "project_name": "p", "src_line": 1}
    return metadata.frame("perf_evaluations", [
        {**base, "eval_id": f"x:P{i:02d}", **row} for i, row in enumerate(rows, 1)])


def test_yuan_to_wanyuan_and_unknown_units():
    ex = measures.execution(_evals(
        {"amount_unit": "元", "budget_full_year": 64200.0, "executed": 32100.0},
        {"amount_unit": "万元", "budget_full_year": 6.42, "executed": 3.21},
        {"amount_unit": None, "budget_full_year": 6.42},
        {"amount_unit": "千元", "budget_full_year": 64.2},
        {"amount_unit": "万元", "budget_full_year": 0.0, "executed": 1.0, "budget_initial": 0.0}))
    assert ex["budget_full_year_wanyuan"].to_list() == approx([6.42, 6.42, 6.42, None, 0.0])
    assert ex["executed_wanyuan"].to_list()[:2] == approx([3.21, 3.21])
    assert ex["budget_full_year"][0] == 64200.0  # the printed figure is kept
    assert ex["execution_rate"].to_list() == [50.0, 50.0, None, None, None]  # unit-free; 0 base
    assert ex["initial_budget_completion_rate"][4] is None


def test_grade_thresholds_and_aliases():
    scores = [100.0, 90.0, 89.99, 80.0, 79.9, 60.0, 59.9, None]
    g = measures.evaluation_grades(_evals(*({"score": s} for s in scores)))
    assert g["grade"].to_list() == ["优", "优", "良", "良", "中", "中", "差", None]
    assert g["grade_is_computed"].to_list() == [True] * 7 + [False]
    g = measures.evaluation_grades(_evals(
        {"score": 85.0, "grade": "B"}, {"score": 95.0, "grade_narrative": " “优秀” "},
        {"score": 70.0, "grade": "中等"}, {"score": 95.0, "grade": "差"}))
    assert g["grade"].to_list() == ["良", "优", "中", "差"]  # stated grades win over the score
    assert g["grade_from_score"].to_list() == ["良", "优", "中", "优"]
    assert not any(g["grade_is_computed"])


def test_indicator_rules_on_crafted_rows():
    def ind(seq, **kw):
        return {"doc_id": "x", "eval_id": "x:P01", "seq": seq, "row_kind": "indicator",
                "src_line": seq, **kw}
    pi = metadata.frame("perf_indicators", [
        ind(1, target="提高", weight=10.0, score=10.0),  # qualitative, full marks
        ind(2, target="１００％", weight=10.0, score=9.0),  # full-width digits: measurable
        ind(3, nature="定性", target="100", weight=5.0, score=5.0),  # nature wins
        ind(4, target="=人", target_adjusted="=6人", weight=5.0, score=5.0),  # adjusted target
        ind(5, target="无", weight=0.0, score=0.0),  # placeholder: neither counted
        ind(6, target=None, weight=None, score=None),  # empty row
        {**ind(7, weight=30.0, score=28.0), "row_kind": "level1_total"},  # summary row
    ])
    c = measures.classify_indicators(pi)
    assert c["applicable"].to_list() == [True, True, True, True, False, False, False]
    assert c["qualitative"].to_list() == [True, False, True, False, False, False, False]
    assert c["full_marks"].to_list() == [True, False, True, True, False, False, False]
    q = measures.qualitative_share(pi).to_dicts()[0]
    assert (q["n_indicators"], q["n_qualitative"], q["qualitative_share"]) == (4, 2, 50.0)
    f = measures.full_marks(pi).to_dicts()[0]
    assert (f["n_scored"], f["n_full_marks"], f["full_marks_share"]) == (4, 3, 75.0)


def test_execution_band_judges_the_computed_rate_else_the_stated_one():
    df = pl.DataFrame({"execution_rate": [95.0, 94.99, 80.0, 79.99, None, None],
                       "execution_rate_stated": [None, None, None, None, 96.0, None]})
    bands = df.select(measures.execution_band().alias("band"))["band"].to_list()
    assert bands == ["ge95", "80to95", "80to95", "lt80", "ge95", "none"]
    assert set(bands) == set(metadata.DISPLAY_VALUES["execution_band"])


def test_evaluations_frame_is_one_row_per_evaluation_in_key_order(tables):
    ev = measures.evaluations_frame(tables)
    assert ev.height == tables["perf_evaluations"].height
    assert ev["eval_id"].to_list() == sorted(ev["eval_id"].to_list())
    assert {"execution_rate", "execution_rate_stated", "grade", "grade_is_computed",
            "src_line"} <= set(ev.columns)
