"""Rules on the performance evaluations (checks/rules/performance.py)."""

from __future__ import annotations

from tests.checks.rules.builders import (
    DOC,
    check,
    ev,
    ind,
)


def test_pct_exec_names_the_initial_budget_mistake():
    e = ev("P02", 428, budget_initial=200.0, budget_full_year=157.27, executed=157.27,
           execution_rate=78.64)
    [f] = check("PCT-EXEC", perf_evaluations=[e])
    assert (f["stated"], f["expected"], f["eval_id"]) == (78.64, 100.0, f"{DOC}:P02")
    assert "年初预算" in f["message_zh"] and "initial budget" in f["message_en"]


def test_pct_exec_consistent_and_narrative():
    e = ev(budget_full_year=25.0, executed=24.05, execution_rate=96.2,
           budget_full_year_narrative=85.0, executed_narrative=84.91,
           execution_rate_narrative=99.89)
    assert check("PCT-EXEC", perf_evaluations=[e]) == []
    e["execution_rate_narrative"] = 99.99
    [f] = check("PCT-EXEC", perf_evaluations=[e])
    assert f["subject"].endswith("execution_rate_narrative") and "年初" not in f["message_zh"]


def test_perf_weights():
    sichuan = ev("D1", template="sichuan", scope="department_overall")
    inds = [ind(i, 5.0, n="D1") for i in range(19)]
    [f] = check("PERF-WEIGHTS", perf_evaluations=[sichuan], perf_indicators=inds)
    assert (f["stated"], f["expected"], f["severity"]) == (105.0, 100.0, "error")
    assert "按标准10分计" in f["message_zh"]
    project = ev("P01", template="sichuan")
    inds = [ind(i, 15.0) for i in range(6)]  # 90 + the standard 10
    assert check("PERF-WEIGHTS", perf_evaluations=[project], perf_indicators=inds) == []


def test_perf_weights_printed_funds_weight_and_key_reports():
    e = ev(funds_weight=10.0, funds_weight_src_line=1126)
    inds = [ind(i, 25.0) for i in range(4)]
    [f] = check("PERF-WEIGHTS", perf_evaluations=[e], perf_indicators=inds)
    assert f["stated"] == 110.0 and "1126" in f["src_lines"]
    key = ev("K1", template="key_report", scope="key_evaluation")
    rows = [ind(i, w, n="K1", kind="level1_total") for i, w in enumerate((17, 23, 32, 28))]
    assert check("PERF-WEIGHTS", perf_evaluations=[key], perf_indicators=rows) == []


def test_perf_score():
    e = ev("P08", funds_weight=10.0, funds_score=8.0, score=98.0, score_source_kind="table",
           score_src_line=634)
    inds = [ind(i, 10.0, s, n="P08") for i, s in enumerate((9, 9, 10, 20, 10, 10, 10, 10))]
    [f] = check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds)
    assert (f["stated"], f["expected"], f["src_line"], f["severity"]) == (98.0, 96.0, 634, "error")
    e["score"] = 96.0
    assert check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds) == []


def test_perf_score_without_a_printed_funds_score():
    e = ev("D1", template="department_overall", funds_weight=10.0, score=94.0,
           score_source_kind="table")
    inds = [ind(i, 10.0, 8.5, n="D1") for i in range(10)]  # 85
    [f] = check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds)
    assert (f["severity"], f["subject"]) == ("info", "perf_evaluations D1 测试项目: funds_score")
    assert "推算资金执行得分为9分" in f["message_zh"] and "implied 9" in f["message_en"]
    e["score"] = 99.0  # implies 14 > 10
    [f] = check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds)
    assert f["severity"] == "warning"


def test_perf_score_leaves_an_oversized_funds_score_to_perf_over():
    e = ev(funds_weight=10.0, funds_score=100.0, score=100.0, score_source_kind="table")
    inds = [ind(i, 10.0, 10.0) for i in range(9)]
    assert check("PERF-SCORE", perf_evaluations=[e], perf_indicators=inds) == []
    [f] = check("PERF-OVER", perf_evaluations=[e], perf_indicators=inds)
    assert (f["stated"], f["expected"]) == (100.0, 10.0)


def test_perf_over_indicator():
    inds = [ind(1, 10.0, 10.0), ind(2, 10.0, 11.0)]
    [f] = check("PERF-OVER", perf_evaluations=[ev()], perf_indicators=inds)
    assert f["src_line"] == 202


def test_perf_grade():
    e = ev(grade="优", score=85.0, score_src_line=150, grade_src_line=150)
    [f] = check("PERF-GRADE", perf_evaluations=[e])
    assert f["severity"] == "warning" and "良" in f["message_zh"]
    assert check("PERF-GRADE", perf_evaluations=[ev(grade="A", score=90.0)]) == []
    assert check("PERF-GRADE", perf_evaluations=[ev(grade="良", score=89.99)]) == []


def test_perf_level1():
    inds = [ind(i, 10.0, level1_points_stated=50.0, level1_points_stated_src_line=502)
            for i in range(6)]
    [f] = check("PERF-LEVEL1", perf_evaluations=[ev()], perf_indicators=inds)
    assert (f["stated"], f["expected"], f["src_line"]) == (50.0, 60.0, 502)
    weights = (4.17, 4.17, 4.16, 4.17, 4.17, 4.16, 6.25, 6.25, 12.5)  # 50 in two-decimal points
    inds = [ind(i, w, level1_points_stated=50.0) for i, w in enumerate(weights)]
    assert check("PERF-LEVEL1", perf_evaluations=[ev()], perf_indicators=inds) == []


def test_perf_key_sum_and_detail():
    key = ev("K1", template="key_report", scope="key_evaluation", score=90.0,
             score_source_kind="table")
    rows = [ind(i, w, s, n="K1", kind="level1_total", level1=l1)
            for i, (l1, w, s) in enumerate((("决策", 17, 16), ("过程", 23, 21), ("产出", 32, 31),
                                            ("效益", 28, 22)))]
    assert check("PERF-KEY-SUM", perf_evaluations=[key], perf_indicators=rows) == []
    key["score"] = 91.0
    [f] = check("PERF-KEY-SUM", perf_evaluations=[key], perf_indicators=rows)
    assert f["expected"] == 90.0


def test_perf_key_detail_consistent():
    key = ev("K1", template="key_report", scope="key_evaluation")
    rows = [ind(0, 20.0, 17.0, n="K1", kind="level1_total", level1="决策"),
            ind(1, 10.0, 9.0, n="K1", level1="决策"), ind(2, 10.0, 8.0, n="K1", level1="决策")]
    assert check("PERF-KEY-DETAIL", perf_evaluations=[key], perf_indicators=rows) == []
    rows[2]["score"] = 9.0
    [f] = check("PERF-KEY-DETAIL", perf_evaluations=[key], perf_indicators=rows)
    assert (f["stated"], f["expected"]) == (17.0, 18.0)
