"""juesuan.measures: every measure pinned to values worked out by hand from data/raw.

The arithmetic is written beside each expectation, with the source lines it reads. The real
corpus is loaded once; the edge cases use tiny frames built with `metadata.frame`.
"""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog, measures, metadata

D000 = "qianyang-hrss-2024"  # 000_cfb0dafd2c8bb827.txt
D001 = "quxian-rural-pension-2023"  # 001_549a6034fad0ec80.txt
D003 = "fenyang-social-insurance-2024"  # 003_df651f07c846b8e4.txt
D004 = "xianyang-hrss-2023"  # 004_0c64700254d9a193.txt

approx = pytest.approx


def near(expected: float):
    """Equal to a figure rounded to two decimals by hand."""
    return approx(expected, abs=0.005)


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


def one(df: pl.DataFrame, **where) -> dict:
    """The single row of df matching all column == value conditions."""
    expr = pl.all_horizontal([pl.col(k) == v for k, v in where.items()])
    rows = df.filter(expr).to_dicts()
    assert len(rows) == 1, (where, rows)
    return rows[0]


# --- headline figures -----------------------------------------------------------------------

def test_headline_prefers_the_table_statement(tables):
    h = measures.headline(tables, "gpb_expenditure_actual")
    assert h["doc_id"].to_list() == sorted([D000, D001, D003, D004])
    # 004: 8019.96 in 公开05表 (line 1470) and in the narrative (line 149): the table wins.
    r = one(h, doc_id=D004)
    assert (r["value"], r["source_kind"], r["src_line"]) == (8019.96, "table", 1470)
    assert r["n_statements"] == 2 and r["statements_agree"]
    # 001 has no tables: three narrative statements (lines 67, 76, 86); the first is taken.
    r = one(h, doc_id=D001)
    assert (r["value"], r["source_kind"], r["src_line"], r["n_statements"]) == (
        568.27, "narrative", 67, 3)


def test_headline_rejects_unknown_metrics(tables):
    with pytest.raises(ValueError):
        measures.headline(tables, "no_such_metric")
    with pytest.raises(ValueError):
        measures.headlines(tables["totals"], ["income_total", "nope"])


def test_a_single_table_or_the_dict_of_tables_both_work(tables):
    assert measures.line_completion(tables).equals(
        measures.line_completion(tables["budget_lines"]))
    with pytest.raises(KeyError, match="budget_lines"):
        measures.line_completion({"totals": tables["totals"]})


# --- budget execution -----------------------------------------------------------------------

def test_line_completion_000_xingzheng_yunxing(tables):
    lc = measures.line_completion(tables)
    # 000 lines 136-145: 行政运行 年初预算 391.22, 支出决算 376.06, "完成年初预算的 96.12%".
    r = one(lc, doc_id=D000, line_name="行政运行")
    assert r["completion_rate"] == near(96.12)  # 376.06 / 391.22 = 0.961249…
    assert r["completion_stated"] == 96.12
    assert r["gap_wanyuan"] == approx(-15.16)  # 376.06 − 391.22
    assert r["gap_percent"] == near(-3.88)  # 96.1249 − 100
    assert r["unbudgeted"] is False
    # Only statements with a budget or a completion: 000 states 14 items, 004 26.
    counts = dict(lc.group_by("doc_id").len().iter_rows())
    assert counts[D000] == 14 and counts[D004] == 26


def test_line_completion_without_a_stated_budget_is_null(tables):
    # 001 states "100%" for every item (lines 92-154) but no 年初预算: nothing to recompute.
    r = one(measures.line_completion(tables), doc_id=D001, line_name="社会保险经办机构")
    assert r["budget_initial"] is None and r["completion_rate"] is None
    assert r["completion_stated"] == 100.0 and r["unbudgeted"] is None


def test_document_completion(tables):
    dc = measures.document_completion(tables)
    # 000 lines 126-128: 年初预算 9085.20, 支出决算 2209.18, 完成年初预算的 24.32%.
    r = one(dc, doc_id=D000)
    assert r["completion_rate"] == near(24.32)  # 2209.18 / 9085.20 = 0.243163
    assert r["completion_stated"] == 24.32
    # 004 line 149: 4106.46 → 8019.96, 195.30%.
    r = one(dc, doc_id=D004)
    assert r["completion_rate"] == near(195.30)  # 8019.96 / 4106.46 = 1.953011
    assert r["gap_wanyuan"] == approx(3913.50)  # 8019.96 − 4106.46
    # 001 prints no initial budget for the general-budget expenditure.
    assert one(dc, doc_id=D001)["completion_rate"] is None


UNBUDGETED_004 = {  # 004 lines 156-256: 年初预算数为 0.00, 支出决算 …
    "其他一般公共服务支出": 10.46,
    "就业管理事务": 47.27,
    "就业创业服务补贴": 95.0,
    "其他就业补助支出": 1341.86,
    "死亡抚恤": 74.4,
    "军队转业干部安置": 239.55,
    "其他普惠金融发展支出": 4.78,
}


def test_unbudgeted_lines_004(tables):
    lines = measures.unbudgeted_lines(tables).filter(pl.col("doc_id") == D004)
    assert dict(zip(lines["line_name"], lines["actual"], strict=True)) == UNBUDGETED_004
    assert lines["completion_rate"].null_count() == lines.height  # zero base → null
    total = one(measures.unbudgeted_total(tables), doc_id=D004)
    # 10.46 + 47.27 + 95 + 1341.86 + 74.4 + 239.55 + 4.78 = 1813.32
    assert total["n_unbudgeted"] == 7
    assert total["unbudgeted_actual"] == approx(1813.32)
    # the 26 narrative items add up to the 公开05表 classes 10.46 + 7771.07 + 79.28 + 4.78 +
    # 154.38 = 8019.97 (8019.96 printed: 尾差); 1813.32 / 8019.97 = 22.61%.
    assert total["lines_actual"] == approx(8019.97)
    assert total["unbudgeted_share"] == near(22.61)
    # 000: 76.64 + 380.2 + 10 + 827.69 + 13 + 55.74 = 1363.27 over six lines.
    total = one(measures.unbudgeted_total(tables), doc_id=D000)
    assert (total["n_unbudgeted"], total["unbudgeted_actual"]) == (6, approx(1363.27))


def test_largest_gaps_004(tables):
    g = measures.largest_gaps(tables, n=2).filter(pl.col("doc_id") == D004)
    by_amount = g.filter(pl.col("ranked_by") == "wanyuan")
    # 其他就业补助支出: 1341.86 − 0; 社会保险补贴: 1348.01 − 200 = 1148.01 (lines 216-222).
    assert by_amount["line_name"].to_list() == ["其他就业补助支出", "社会保险补贴"]
    assert by_amount["gap_wanyuan"].to_list() == approx([1341.86, 1148.01])
    by_pct = g.filter(pl.col("ranked_by") == "percent")
    # 其他社会保障和就业支出 147.07 / 10.31 = 1426.48% → +1326.48;
    # 其他人力资源和社会保障管理事务支出 533.90 / 38.00 = 1405.00% → +1305.00.
    assert by_pct["line_name"].to_list() == ["其他社会保障和就业支出",
                                             "其他人力资源和社会保障管理事务支出"]
    assert by_pct["gap_percent"].to_list() == [near(1326.48), near(1305.00)]
    assert by_pct["rank"].to_list() == [1, 2]


# --- projects -------------------------------------------------------------------------------

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


# --- structure ------------------------------------------------------------------------------

def test_structure_000(tables):
    r = one(measures.structure(tables), doc_id=D000)
    # 000 line 106: 本年支出合计 2209.18, 基本支出 845.91 (占 38.29%), 项目支出 1363.28 (61.71%).
    assert r["basic_share"] == near(38.29)  # 845.91 / 2209.18 = 0.382907
    assert r["project_share"] == near(61.71)  # 1363.28 / 2209.18 = 0.617098
    # lines 278, 288: 人员经费 793.25, 公用经费 52.66 → 793.25 / 845.91 = 93.77%.
    assert r["personnel_share"] == near(93.77)
    assert r["public_share"] == near(6.23)
    assert r["fiscal_income_share"] == near(100.0)  # line 98: 财政拨款收入 2209.18 of 2209.18


def test_fiscal_income_share_and_its_basis(tables):
    s = measures.structure(tables)
    # 004 公开01/02表: 财政拨款收入 7987.94 of 本年收入合计 9099.99 = 87.78% (line 120 states 87.78%).
    r = one(s, doc_id=D004)
    assert r["fiscal_income_share"] == near(87.78)
    assert r["fiscal_income_basis"] == "income_fiscal_appropriation"
    # 001 states only the general-budget appropriation (line 34): 568.27 of 568.27.
    r = one(s, doc_id=D001)
    assert (r["fiscal_income_basis"], r["fiscal_income_share"]) == (
        "income_gpb_appropriation", near(100.0))


def test_per_staff_004(tables):
    r = one(measures.per_staff(tables), doc_id=D004)
    # line 105: 实有人员 173; 公开01表 line 1292: 本年支出合计 8,980.21 → 8980.21 / 173 = 51.91.
    assert r["staff_actual"] == 173
    assert r["expenditure_per_staff"] == near(51.91)
    # 公开06表: 人员经费 2736.02 / 173 = 15.82
    assert r["personnel_per_staff"] == near(15.82)


def test_functional_shares(tables):
    fs = measures.functional_shares(tables)
    # 004 from 公开05表 (lines 1471-1510): 社会保障和就业支出 7771.07 of the classes'
    # 10.46 + 7771.07 + 79.28 + 4.78 + 154.38 = 8019.97 → 96.90%.
    d004 = fs.filter(pl.col("doc_id") == D004)
    assert set(d004["source"]) == {"table_gpb_expenditure"}
    assert one(d004, class_name="社会保障和就业支出")["share"] == near(96.90)
    # 000 has no tables: its narrative items summed by class. 社会保障和就业支出 =
    # 376.06 + 76.64 + 380.2 + 10 + 223.76 + 3.26 + 71.18 + 57.61 + 827.69 + 13 = 2039.40;
    # classes 2039.40 + 53.35 + 55.74 + 60.69 = 2209.18 → 92.31%.
    r = one(fs, doc_id=D000, class_name="社会保障和就业支出")
    assert (r["source"], r["actual"]) == ("narrative_gpb_items", approx(2039.40))
    assert r["share"] == near(92.31)
    assert one(fs, doc_id=D000, class_name="卫生健康支出")["actual"] == approx(53.35)  # 33.52+19.83
    # 001 prints class rows in its structure sentence (lines 78-82): 552.37 占 97.2%.
    r = one(fs, doc_id=D001, class_name="社会保障和就业支出")
    assert (r["source"], r["share_stated"]) == ("narrative_gpb_class", 97.2)
    assert r["share"] == near(97.20)  # 552.37 / (552.37 + 6.68 + 2.24 + 6.99 = 568.28)
    for doc, shares in fs.group_by("doc_id").agg(pl.col("share").sum()).iter_rows():
        assert shares == approx(100.0), doc


# --- “三公” ---------------------------------------------------------------------------------

def test_three_public_completion(tables):
    tp = measures.three_public_completion(tables)
    # 000 lines 312-314: 预算 2.10, 决算 1.55, 完成预算的 73.81%.
    r = one(tp, doc_id=D000, item="total")
    assert (r["budget"], r["actual"], r["completion_rate"]) == (2.10, 1.55, near(73.81))
    # 000 line 346: 公务接待 1.45 → 1.15 = 79.31%.
    assert one(tp, doc_id=D000, item="official_reception")["completion_rate"] == near(79.31)
    # 004 公开09表 (line 1602) leaves the 公务用车运行维护费 决算 cell blank; the narrative
    # (line 296) states 8.4 → 0: the table's budget, the narrative's actual, 0%.
    r = one(tp, doc_id=D004, item="vehicle_operation")
    assert (r["budget_source"], r["actual_source"], r["completion_rate"]) == (
        "table", "narrative", 0.0)
    # 004 培训费 120.00 → 115.03 = 95.86% (table line 1603; the narrative says 95.86%).
    assert one(tp, doc_id=D004, item="training")["completion_rate"] == near(95.86)
    # 003: budget 0, actual 0 (line 460) → no completion.
    assert one(tp, doc_id=D003, item="total")["completion_rate"] is None


# --- performance ----------------------------------------------------------------------------

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


def test_corpus_summary(tables):
    s = measures.corpus_summary(tables)
    assert s["doc_id"].to_list() == sorted([D000, D001, D003, D004])
    r = one(s, doc_id=D004)
    assert (r["unit_name"], r["fiscal_year"], r["province"]) == (
        "咸阳市人力资源和社会保障局", 2023, "陕西省")
    assert (r["income_total"], r["expenditure_total"]) == (9192.86, 9192.86)  # line 1296
    assert r["completion_rate"] == near(195.30)
    assert r["n_evaluations"] == 30  # D1 + P01…P27 + K1, K2
    assert one(s, doc_id=D003)["mean_score"] == near(99.65)
    assert one(s, doc_id=D001)["completion_rate"] is None


def test_no_measure_returns_inf_or_nan_on_the_corpus(tables):
    for name, frame in _all_measures(tables).items():
        for col, dtype in frame.schema.items():
            if dtype == pl.Float64:
                values = frame[col].drop_nulls()
                assert not (values.is_nan().any() or values.is_infinite().any()), (name, col)


def _all_measures(src) -> dict[str, pl.DataFrame]:
    m = measures
    out = {f.__name__: f(src) for f in (
        m.line_completion, m.document_completion, m.unbudgeted_lines, m.unbudgeted_total,
        m.largest_gaps, m.execution, m.structure, m.per_staff, m.functional_shares,
        m.three_public_completion, m.evaluation_grades, m.grade_distribution, m.score_summary,
        m.score_distribution,
        m.score_vs_execution, m.classify_indicators, m.full_marks, m.qualitative_share,
        m.by_implementing_unit, m.corpus_summary)}
    out["headline"] = m.headline(src, "income_total")
    return out


def test_every_measure_accepts_empty_tables():
    empty = {name: metadata.empty_frame(name) for name in metadata.TABLES}
    for name, frame in _all_measures(empty).items():
        assert frame.height == 0, name


# --- crafted edge cases ---------------------------------------------------------------------

def _lines(*rows: tuple) -> pl.DataFrame:
    return metadata.frame("budget_lines", [
        {"doc_id": d, "statement": "narrative_gpb", "level": "item", "class_name": "C",
         "item_name": name, "budget_initial": b, "actual": a, "src_line": i + 1}
        for i, (d, name, b, a) in enumerate(rows)])


def test_zero_or_missing_base_gives_null_never_inf():
    lc = measures.line_completion(_lines(
        ("x", "zero base", 0.0, 5.0), ("x", "nothing", 0.0, 0.0), ("x", "normal", 4.0, 5.0),
        ("y", "no budget", None, 5.0)))
    got = {r["line_name"]: r for r in lc.to_dicts()}
    assert got["zero base"]["completion_rate"] is None and got["zero base"]["unbudgeted"] is True
    assert got["zero base"]["gap_wanyuan"] == 5.0
    assert got["nothing"]["completion_rate"] is None and got["nothing"]["unbudgeted"] is False
    assert got["normal"]["completion_rate"] == 125.0 and got["normal"]["gap_percent"] == 25.0
    assert "no budget" not in got  # neither a budget nor a completion stated
    assert pl.select(measures.pct(pl.lit(1.0), pl.lit(0.0))).item() is None
    totals = metadata.frame("totals", [
        {"doc_id": "x", "metric": "gpb_expenditure_budget_initial", "value": 0.0, "unit": "万元",
         "source_kind": "narrative", "src_line": 1},
        {"doc_id": "x", "metric": "gpb_expenditure_actual", "value": 3.0, "unit": "万元",
         "source_kind": "narrative", "src_line": 2}])
    assert measures.document_completion(totals)["completion_rate"].to_list() == [None]


def test_unbudgeted_total_counts_only_the_finest_level():
    bl = metadata.frame("budget_lines", [
        {"doc_id": "x", "statement": "narrative_gpb", "level": "class", "class_name": "C",
         "budget_initial": 0.0, "actual": 7.0, "src_line": 1},
        {"doc_id": "x", "statement": "narrative_gpb", "level": "item", "class_name": "C",
         "item_name": "a", "budget_initial": 0.0, "actual": 3.0, "src_line": 2},
        {"doc_id": "x", "statement": "narrative_gpb", "level": "item", "class_name": "C",
         "item_name": "b", "budget_initial": 2.0, "actual": 4.0, "src_line": 3}])
    assert measures.unbudgeted_lines(bl).height == 2  # the class and its item are both listed
    r = measures.unbudgeted_total(bl).to_dicts()[0]
    assert (r["n_lines"], r["n_unbudgeted"], r["unbudgeted_actual"], r["lines_actual"]) == (
        2, 1, 3.0, 7.0)


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


def test_missing_staff_gives_null_per_staff_figures():
    def stmt(doc, metric, value, line):
        return {"doc_id": doc, "metric": metric, "value": value, "unit": "万元",
                "source_kind": "narrative", "src_line": line}
    totals = metadata.frame("totals", [
        stmt("a", "expenditure_current_year", 100.0, 1), stmt("a", "staff_actual", 4.0, 2),
        stmt("b", "expenditure_current_year", 100.0, 1),
        stmt("c", "expenditure_current_year", 100.0, 1), stmt("c", "staff_actual", 0.0, 2)])
    ps = measures.per_staff(totals)
    assert ps["expenditure_per_staff"].to_list() == [25.0, None, None]


def test_headline_order_table_first_then_first_narrative():
    def stmt(value, kind, line):
        return {"doc_id": "x", "metric": "income_total", "value": value, "unit": "万元",
                "source_kind": kind, "src_line": line}
    totals = metadata.frame("totals", [stmt(3.0, "narrative", 9), stmt(2.0, "narrative", 5),
                                     stmt(1.0, "table", 50)])
    h = measures.headline(totals, "income_total").to_dicts()[0]
    assert (h["value"], h["n_statements"], h["statements_agree"]) == (1.0, 3, False)
    h = measures.headline(totals.filter(pl.col("source_kind") == "narrative"), "income_total")
    assert h["value"].to_list() == [2.0]


def test_three_public_takes_each_value_where_it_is_printed():
    tp = metadata.frame("three_public", [
        {"doc_id": "x", "item": "meeting", "budget": 4.0, "source_kind": "table", "src_line": 9},
        {"doc_id": "x", "item": "meeting", "budget": 5.0, "actual": 3.0,
         "completion_stated": 60.0, "source_kind": "narrative", "src_line": 2},
        {"doc_id": "x", "item": "training", "budget": 0.0, "actual": 0.0,
         "source_kind": "narrative", "src_line": 3}])
    out = measures.three_public_completion(tp).to_dicts()
    assert [r["item"] for r in out] == ["meeting", "training"]
    assert (out[0]["budget"], out[0]["actual"], out[0]["completion_rate"]) == (4.0, 3.0, 75.0)
    assert out[1]["completion_rate"] is None


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


def test_functional_shares_prefer_the_table():
    bl = metadata.frame("budget_lines", [
        {"doc_id": "x", "statement": "table_gpb_expenditure", "level": "class", "func_code": "208",
         "class_name": "A", "actual": 3.0, "src_line": 10},
        {"doc_id": "x", "statement": "table_gpb_expenditure", "level": "class", "func_code": "210",
         "class_name": "B", "actual": 1.0, "src_line": 11},
        {"doc_id": "x", "statement": "narrative_gpb", "level": "class", "class_name": "A",
         "actual": 99.0, "share_stated": 75.0, "src_line": 1}])
    fs = measures.functional_shares(bl).to_dicts()
    assert [(r["class_name"], r["share"], r["share_stated"]) for r in fs] == [
        ("A", 75.0, 75.0), ("B", 25.0, None)]



# --- the same results whatever the row order, and from lazy tables --------------------------
# Tables written by ingest are in key order, and the measures skip sorts and hash-grouping
# when they find their input so (one linear check); other orders take the general path. Every
# corpus-wide measure the notebooks compute (benchmarks.measures_list) must give the same rows
# either way, and from LazyFrames (catalog.scan_all) too.

def _shuffled(tables: dict[str, pl.DataFrame], seed: int) -> dict[str, pl.DataFrame]:
    return {name: df.sample(fraction=1.0, shuffle=True, seed=seed) for name, df in tables.items()}


@pytest.mark.parametrize("corpus", ["real", "synthetic"])
def test_measures_do_not_depend_on_row_order(tables, corpus):
    from benchmarks.analysis import difference
    from benchmarks.measures_list import MEASURES
    from juesuan import synth

    ordered = tables if corpus == "real" else synth.tables(30, 5)
    shuffled = _shuffled(ordered, seed=3)
    assert not shuffled["perf_indicators"].equals(ordered["perf_indicators"])  # really moved
    for m in MEASURES:
        expected = m.juesuan(ordered)
        assert expected.height > 0, m.name
        assert difference(expected, m.juesuan(shuffled)) is None, m.name


def test_measures_read_lazy_tables():
    from benchmarks.analysis import difference
    from benchmarks.measures_list import MEASURES

    eager, lazy = catalog.load_all(), catalog.scan_all()
    for m in MEASURES:
        assert difference(m.juesuan(eager), m.juesuan(lazy)) is None, m.name


def test_document_figures_are_structure_per_staff_and_completion(tables):
    fig = measures.document_figures(tables["totals"])
    for part in (measures.structure(tables["totals"]), measures.per_staff(tables["totals"]),
                 measures.document_completion(tables["totals"]).drop("gap_wanyuan")):
        cols = [c for c in part.columns if c not in ("budget_initial", "actual")]
        assert fig.select(cols).equals(part.select(cols)), cols
    xy = fig.filter(pl.col("doc_id") == "xianyang-hrss-2023").row(0, named=True)
    assert xy["completion_rate"] == pytest.approx(8019.96 / 4106.46 * 100)  # 第149行


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
