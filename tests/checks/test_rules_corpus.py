"""The consistency rules on the real corpus: findings verified by hand in data/raw, and
figures verified to be consistent on which no rule may fire (each shown to be checked by
perturbing it)."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog
from juesuan.checks import rules

QIANYANG = "qianyang-hrss-2024"
QUXIAN = "quxian-rural-pension-2023"
FENYANG = "fenyang-social-insurance-2024"
XIANYANG = "xianyang-hrss-2023"

NEEDED = ("totals", "budget_lines", "economic_lines", "three_public", "perf_evaluations",
          "perf_indicators")


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return {name: catalog.load(name) for name in NEEDED}


@pytest.fixture(scope="module")
def findings(tables) -> list[dict]:
    return rules.run(tables)


def find(findings: list[dict], doc_id: str, rule_id: str, src_line: int,
         subject_part: str = "") -> dict:
    hits = [f for f in findings if f["doc_id"] == doc_id and f["rule_id"] == rule_id
            and f["src_line"] == src_line and subject_part in f["subject"]]
    assert len(hits) == 1, (doc_id, rule_id, src_line, subject_part, hits)
    return hits[0]


# (doc, rule, src_line, subject contains, severity, stated, expected, src_lines or None)
VERIFIED = [
    # 千阳 000: 基本支出 793.25 (l.274) is the 人员经费 figure; 793.25 + 52.66 = 845.91
    (QIANYANG, "SUM-BASIC", 274, "gpb_basic_expenditure", "error", 793.25, 845.91,
     "274,278,288"),
    # … and 845.91 is the 基本支出 of l.106, while all spending is general-budget (l.128)
    (QIANYANG, "EQ-ALL-GPB", 274, "gpb_basic", "warning", 793.25, 845.91, "106,128,274"),
    # “三公” budget 2.10 (l.312) vs 运行维护 0.40 (l.336) + 接待 1.45 (l.344); 出国 and 购置
    # are stated only as 无…支出, so a budget for them could explain the gap: warning
    (QIANYANG, "SUM-3PUBLIC", 312, "total: budget", "warning", 2.10, 1.85, "312,336,344"),
    # 年初预算 9085.20 (l.126) vs the 14 items' 年初预算 (l.144–266), 873.12
    (QIANYANG, "SUM-NARRATIVE-GPB", 126, "budget_initial", "error", 9085.20, 873.12, None),
    # 部门整体自评表: 产出指标（50分） has four 10-point indicators, 效益指标（30分） four too
    (QIANYANG, "PERF-LEVEL1", 584, "产出", "error", 50.0, 40.0, "584,586,588,590,592"),
    (QIANYANG, "PERF-LEVEL1", 596, "效益", "error", 30.0, 40.0, "596,600,602,604,606"),
    # total 96 (l.619), indicator scores 86, funds score cell blank (l.513): implied 10
    (QIANYANG, "PERF-SCORE", 619, "D1", "info", 96.0, 86.0, None),
    # 渠县 001: 基本支出 141.54 (l.45) but 一般公共预算财政拨款基本支出 141.55 (l.160), while
    # general-budget spending 568.27 is 100% of the year's spending (l.67)
    (QUXIAN, "EQ-ALL-GPB", 160, "gpb_basic", "warning", 141.55, 141.54, "45,67,160"),
    # the department self-evaluation: 19 indicators × 权重 5 = 95 (+ the standard 10)
    (QUXIAN, "PERF-WEIGHTS", 845, "D1", "error", 105.0, 100.0, None),
    # 汾阳 003: 临时工工资 14,256 万元 (l.1073) — the text says 142560元 (l.1076)
    (FENYANG, "PLAUS-PROJECT-SIZE", 1073, "P17", "warning", 14256.0, 3951.18, "95,1073"),
    # 咸阳 004: 年初预算 4106.46 (l.149) vs the 26 items' 年初预算, 4039.37
    (XIANYANG, "SUM-NARRATIVE-GPB", 149, "budget_initial", "error", 4106.46, 4039.37, None),
    # 公开03表 20805 基本支出 283.39 (l.1384) vs 4.26 + 185.95 + 92.48 (2080502 is 项目支出)
    (XIANYANG, "SUM-FUNC", 1384, "20805", "error", 283.39, 282.69, "1384,1385,1387,1388"),
    # … the same 0.70 of 2080502 is 基本支出 in 公开05表 (l.1487) but 项目支出 in 公开03表, whose
    # 基本支出 cell is blank (l.1386): general-budget basic spending above all-funds basic
    (XIANYANG, "SUM-GPB-WITHIN", 1487, "2080502", "error", 0.70, 0.0, "1386,1487"),
    # ys人事人才考试: 78.64% = 157.27 ÷ 200 (年初预算) while A = B = 157.27 (l.435)
    (XIANYANG, "PCT-EXEC", 435, "P02", "error", 78.64, 100.0, "435"),
    # … and the 综述 (l.424) gives 全年预算数 200 against the table's 157.27
    (XIANYANG, "DUP-PERF", 424, "P02", "error", 200.0, 157.27, "424,435"),
    # 履职专项业务经费: 84.91 ÷ 85 = 99.89%, printed 99.99% in the table and the 综述
    (XIANYANG, "PCT-EXEC", 854, "P16", "error", 99.99, 99.894118, "854"),
    (XIANYANG, "PCT-EXEC", 843, "P16", "error", 99.99, 99.894118, "843"),
    # 劳动能力鉴定: 48.06 ÷ 48 = 100.125%, the 综述 says 100.22% (l.1084)
    (XIANYANG, "PCT-EXEC", 1084, "P24", "error", 100.22, 100.125, "1084"),
    # 就业工作经费 (l.488): 产出指标（50分） holds 60 points, 效益指标（30分） 20
    (XIANYANG, "PERF-LEVEL1", 502, "P04", "error", 50.0, 60.0, None),
    (XIANYANG, "PERF-LEVEL1", 508, "P04", "error", 30.0, 20.0, None),
    # 创业担保贷款 (l.612): funds 8 (l.619) + indicators 88 = 96 vs 总分 98 (l.634)
    (XIANYANG, "PERF-SCORE", 634, "P08", "error", 98.0, 96.0, None),
    # department table: total 94 (l.383), indicators 85, funds score not printed → 9
    (XIANYANG, "PERF-SCORE", 383, "D1", "info", 94.0, 85.0, None),
    # 100 printed in the 10-point funds cell (l.737, l.825)
    (XIANYANG, "PERF-OVER", 737, "P12", "error", 100.0, 10.0, "737"),
    (XIANYANG, "PERF-OVER", 825, "P15", "error", 100.0, 10.0, "825"),
    # 城乡居民养老保险工作经费 (l.880): weights 95 + funds 10; 满意度指标（10分） holds 15
    (XIANYANG, "PERF-WEIGHTS", 880, "P17", "error", 105.0, 100.0, None),
    (XIANYANG, "PERF-LEVEL1", 902, "P17", "error", 10.0, 15.0, "902"),
    # 人事考试业务经费 (l.1119): indicators 100 + funds 10; scores 97.25 + 10 ≠ 总分 97.25
    (XIANYANG, "PERF-WEIGHTS", 1119, "P25", "error", 110.0, 100.0, None),
    (XIANYANG, "PERF-SCORE", 1142, "P25", "error", 97.25, 107.25, None),
    (XIANYANG, "PERF-LEVEL1", 1133, "P25", "error", 50.0, 60.0, None),
    # key evaluations: 优 in the report, A in the narrative — same band
    (XIANYANG, "DUP-PERF", 1221, "K1", "info", None, None, "1221,1664"),
]


@pytest.mark.parametrize("doc,rule,line,subject,severity,stated,expected,lines", VERIFIED)
def test_verified_finding(findings, doc, rule, line, subject, severity, stated, expected, lines):
    f = find(findings, doc, rule, line, subject)
    assert f["severity"] == severity
    assert f["stated"] == pytest.approx(stated) if stated is not None else f["stated"] is None
    if expected is not None:
        assert f["expected"] == pytest.approx(expected)
        assert f["difference"] == pytest.approx(stated - expected)
    if lines is not None:
        assert f["src_lines"] == lines
    assert f["message_zh"] and f["message_en"]


def test_messages_name_the_figures_and_lines(findings):
    f = find(findings, QIANYANG, "SUM-BASIC", 274)
    assert f["message_zh"].startswith("第274行所述一般公共预算财政拨款基本支出793.25万元")
    assert "（第278行）" in f["message_zh"] and "845.91万元" in f["message_zh"]
    f = find(findings, XIANYANG, "PCT-EXEC", 435)
    assert "年初预算数200.00万元" in f["message_zh"] and "initial budget" in f["message_en"]
    f = find(findings, QIANYANG, "SUM-3PUBLIC", 312)
    assert "因公出国（境）费" in f["message_zh"] and "overseas travel" in f["message_en"]


def test_no_finding_on_figures_verified_consistent(findings):
    quiet = [
        (XIANYANG, "totals 公开01表 income_total"),           # 9099.99 + 92.87 = 9192.86
        (XIANYANG, "totals 公开01表 expenditure_total"),      # 8980.21 + 212.65
        (XIANYANG, "totals 公开05表/公开06表"),                # 2925.71 vs 2736.02 + 189.68
        (XIANYANG, "economic_lines 301"),                     # 2636.71 vs Σ items 2636.72
        (XIANYANG, "three_public 公开09表"),                   # 14.30 = 8.40 + 5.90
        (XIANYANG, "perf_evaluations P06"),                   # 94% (table) vs 94.33% (综述)
        (XIANYANG, "gpb_expenditure_actual vs budget_lines"),  # Σ 26 items 8019.97
        (QIANYANG, "three_public 情况说明 total: actual"),     # 1.55 = 0.40 + 1.15
        (QIANYANG, "gpb_expenditure_actual"),                 # 24.32% of 9085.20; Σ items
        (QIANYANG, "perf_evaluations P01"),                   # weights 4.17/4.16… = 50
        (FENYANG, "20805"),                                   # 82.64 vs 82.65: 尾差
        (FENYANG, "perf_evaluations P02"),                    # 89 + 10 = 99
        (QUXIAN, "卫生健康支出"),                              # 6.68 vs 6.66 over 4 items
        (QUXIAN, "perf_evaluations P0"),                      # 90 + the standard 10
    ]
    for doc, subject in quiet:
        hits = [f for f in findings if f["doc_id"] == doc and subject in f["subject"]
                and f["severity"] != "info"]
        assert hits == [], (doc, subject)


# Every year-on-year statement, verified by hand in data/raw: (doc, line of the change, current,
# change, stated %): change ÷ (current − change) lies within rounding of the stated growth.
GROWTH = [
    (QIANYANG, 86, 2209.18, 558.27, 33.82),      # 558.27 / 1650.91 = 33.816
    (QIANYANG, 116, 2209.18, 558.27, 33.82),     # 财政拨款收入、支出总计
    (QIANYANG, 130, 2209.18, 558.27, 33.82),     # 财政拨款支出 (the % on l.132)
    (QUXIAN, 26, 568.27, 465.54, 453.14),        # 465.54 / 102.73 = 453.17: within rounding
    (QUXIAN, 57, 568.27, 465.54, 453.14),
    (QUXIAN, 71, 568.27, 465.54, 453.14),
    (FENYANG, 394, 3951.18, -42460.02, -91.49),  # −42460.02 / 46411.20 = −91.487 (下降)
    (FENYANG, 412, 3951.18, -42460.02, -91.49),
    (FENYANG, 418, 3951.18, -42460.02, -91.49),
    (XIANYANG, 113, 9192.86, 390.86, 4.44),      # 390.86 / 8802.00 = 4.441
    (XIANYANG, 143, 8057.93, -744.07, -8.45),    # −744.07 / 8802.00 = −8.453
    (XIANYANG, 149, 8019.96, -715.49, -8.19),    # −715.49 / 8735.45 = −8.191
    # the PDFs (page 21 of 财政局, 20 of 规划和自然资源局, 17–18 of 社会工作部, read on the page)
    ("putuo-finance-2024", 298, 2995.39, -56.95, -1.87),    # −56.95 / 3052.34 = −1.866
    ("putuo-finance-2024", 314, 2940.05, -63.14, -2.10),    # −63.14 / 3003.19 = −2.102
    ("putuo-planning-resources-2024", 321, 9859.38, 1062.85, 12.08),  # / 8796.53 = 12.083
    ("putuo-planning-resources-2024", 334, 9746.50, 1193.20, 13.95),  # / 8553.30 = 13.950
    ("putuo-social-work-2024", 265, 307.82, 307.82, 100.00),  # founded in 2024: a zero base
    ("putuo-social-work-2024", 276, 307.82, 307.82, 100.00),
    ("putuo-social-work-2024", 280, 307.82, 307.82, 100.00),
]


def test_growth_statements_are_extracted_as_verified(tables):
    yoy = tables["totals"].filter(pl.col("metric").str.ends_with("_yoy_change"))
    got = {(r["doc_id"], r["src_line"], r["value"], r["percent_stated"])
           for r in yoy.iter_rows(named=True)}
    assert got == {(d, line, ch, pct) for d, line, _, ch, pct in GROWTH}
    for _, _, cur, ch, pct in GROWTH:
        assert rules.percent_consistent(pct, ch, cur - ch) is not False


def test_no_growth_or_negative_finding_on_the_verified_growth(findings):
    assert [f for f in findings if f["rule_id"] == "PCT-GROWTH"] == []
    assert [f for f in findings if f["rule_id"] == "PLAUS-NEGATIVE"
            and f["subject"].endswith("_yoy_change")] == []


def test_every_growth_statement_is_checked(tables):
    """Each of the 27 statements finds its current figure: moved by 1 point, each fires
    (the three of a zero base, 社会工作部 founded in 2024, have no growth to check)."""
    yoy = pl.col("metric").str.ends_with("_yoy_change")
    moved = tables["totals"].with_columns(
        pl.when(yoy).then(pl.col("percent_stated") + 1).otherwise(pl.col("percent_stated"))
        .alias("percent_stated"))
    found = [f for f in rules.run({**tables, "totals": moved}) if f["rule_id"] == "PCT-GROWTH"]
    assert tables["totals"].filter(yoy).height == 27
    assert len(found) == 27 - 3
    f = next(f for f in found if f["doc_id"] == XIANYANG and f["src_line"] == 149)
    assert f["src_lines"] == "149" and f["stated"] == pytest.approx(-7.19)
    assert f["expected"] == pytest.approx(-8.190648)


def test_table_05_within_table_03_fires_only_on_2080502(findings):
    """公开05表 vs 公开03表 compared by hand line by line (003: identical tables; 004: every
    other 公开05表 cell ≤ its 公开03表 cell, 2080103 only in 公开03表)."""
    hits = [(f["doc_id"], f["src_line"]) for f in findings if f["rule_id"] == "SUM-GPB-WITHIN"]
    assert hits == [(XIANYANG, 1487)]


def _perturbed(tables, name: str, doc: str, line: int, col: str, value: float,
               where: pl.Expr | None = None) -> dict[str, pl.DataFrame]:
    cond = (pl.col("doc_id") == doc) & (pl.col("src_line") == line)
    if where is not None:
        cond = cond & where
    df = tables[name].with_columns(pl.when(cond).then(pl.lit(value)).otherwise(pl.col(col))
                                   .alias(col))
    return {**tables, name: df}


@pytest.mark.parametrize("name,doc,line,col,value,where,rule", [
    ("totals", XIANYANG, 1294, "value", 92.97, pl.col("metric") == "income_carryover_begin",
     "SUM-CARRYOVER"),
    ("three_public", QIANYANG, 338, "actual", 0.50, None, "SUM-3PUBLIC"),
    ("budget_lines", FENYANG, 153, "actual", 82.70, None, "SUM-FUNC"),
    ("totals", QIANYANG, 128, "percent_stated", 24.40, None, "PCT-TOTALS"),
    ("economic_lines", XIANYANG, 1524, "amount", 2637.0, pl.col("econ_code") == "301",
     "SUM-ECON"),
    ("totals", QUXIAN, 26, "percent_stated", 453.09,
     pl.col("metric") == "income_total_yoy_change", "PCT-GROWTH"),
    ("totals", FENYANG, 418, "percent_stated", -91.6,
     pl.col("metric") == "gpb_expenditure_actual_yoy_change", "PCT-GROWTH"),
    ("budget_lines", XIANYANG, 1477, "actual", 298.30, None, "SUM-GPB-WITHIN"),
    ("budget_lines", FENYANG, 232, "project", 3501.61, None, "SUM-GPB-WITHIN"),
])
def test_consistent_figures_are_checked(tables, findings, name, doc, line, col, value, where,
                                        rule):
    """The quiet figures above are quiet because they agree, not because they are skipped."""
    before = [f for f in findings if f["doc_id"] == doc and f["rule_id"] == rule]
    after = [f for f in rules.run(_perturbed(tables, name, doc, line, col, value, where), [doc])
             if f["rule_id"] == rule]
    assert len(after) > len(before)


def test_run_on_one_document(tables, findings):
    alone = rules.run(tables, [QUXIAN])
    assert alone == [f for f in findings if f["doc_id"] == QUXIAN]


def test_findings_are_sorted_and_complete(findings):
    keys = [(f["doc_id"], f["rule_id"], f["src_line"], f["subject"]) for f in findings]
    assert keys == sorted(keys)
    for f in findings:
        lines = [int(n) for n in f["src_lines"].split(",")]
        assert lines == sorted(set(lines)) and f["src_line"] in lines
        assert f["severity"] in ("error", "warning", "info")
