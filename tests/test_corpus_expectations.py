"""Hand-checked acceptance tests: what a correct extractor must produce for the four corpus texts.

Every value and line number below was read by hand from data/raw/*.txt (1-based physical lines,
as printed by `awk 'NF{print NR": "$0}' FILE`), never from extractor output. Values are as
printed (no rounding); amounts in 万元, percentages as printed (96.12 means 96.12%).

Conventions used by the helpers
- totals: a row with exactly doc_id / metric / source_kind / src_line must exist with the value.
  Where the metric of a table row is ambiguous (the 01表/04表 income row is labelled
  一般公共预算财政拨款(收入)), the expectation lists the admissible metrics.
- budget_lines / three_public: the row is found by the line each value is printed on:
  effective line of X = coalesce(X_src_line, src_line). For table statements src_line itself
  must be the row's line. `None` asserts null; a field left out is not checked.
- Narrative budget_lines: item rows from the numbered 类/款/项 paragraphs, class rows from the
  structure sentences ((二)结构情况, with share_stated) and from 003's (三) class paragraphs;
  the 一般公共预算财政拨款支出 total sentence is not asserted as a budget_lines row.
- totals percent_stated: asserted only where one percentage is printed with the figure.
- "No figure, no row": a sentence 本年度无… or a blank table cell gives no row (see the
  test_no_* cases).
- Only statements in 概况 / 情况说明 / the 决算表 are asserted; figures restated in the 预算绩效
  section and the performance attachments are not (except 001 staff, printed nowhere else).

Inconsistencies inside the documents, found while reading (future audit findings)
000 qianyang-hrss-2024
  - L274 一般公共预算财政拨款基本支出 793.25, but L278 人员经费 793.25 + L288 公用经费 52.66
    = 845.91 (= 基本支出 L106); all income is 财政拨款 (L98), so the 793.25 looks wrong.
  - L126 一般公共预算财政拨款支出年初预算 9085.20, but the 14 line items' initial budgets
    (L144-L266) add up to 873.12 (completion 24.32% is computed on the 9085.20).
  - L312 “三公”经费预算 2.10, but 公务用车运行维护费 0.40 (L336) + 公务接待费 1.45 (L344) = 1.85
    (出国 and 购置 are 无); the actuals agree (1.55 = 0.40 + 1.15).
  - L396-L400 the project self-evaluation covers 554.91 万元 "占部门预算项目支出总额的 100%",
    but 项目支出 is 1363.28 (L108, L418).
  - Key evaluation: L1110-L1112 says 决策/过程/产出/效益 were "赋予" 16/21/31/22 points (sum 90),
    the score table L1328-L1334 gives weights 17/23/32/28 (sum 100) and scores 16/21/31/22;
    L854 grade “A” vs L1318-L1320 grade “优”.
001 quxian-rural-pension-2023
  - 一般公共预算财政拨款基本支出 141.55 (L160 = 人员 127.26 + 公用 14.29) vs 基本支出 141.54
    (L45, L501).
  - 财政代缴城乡居民基本养老保险费支出 348.91 (L28, L61, L72) vs 348.92 (L117, L714).
  - L78-L82 class split 552.37 + 6.68 + 2.24 + 6.99 = 568.28 (stated total 568.27); the four
    卫生健康 items (L127, L133, L139, L144) add up to 6.66, not 6.68; all 12 items add up to 568.26.
  - L24-L26 增长 453.14%: 465.54 / (568.27 - 465.54) = 453.17%.
  - L86-L88 "完成预算100%" and each item "决算数等于预算数", while 年初预算支出 was 3110.65
    (L486-L496): the 100% is against an adjusted budget; L612-L618 3110.65 + 追加 220.17 - 取消
    4.22 = 3326.60, yet "预算资金总额 568.27".
  - Self-evaluation table L1051-L1052 人员经费 ≤ 12426.736 万元 vs 人员经费 127.26 (L162).
  - L190-L191 “三公” "完成预算 0%" with no budget printed; L209/L213/L229 compare 2023 with
    "2023 年决算数" (should be 2022). L541 "累计参保 5426.738 万人" is implausible for a county.
003 fenyang-social-insurance-2024
  - 绩效工资 112.75 (table 6 L269) vs 112.76 (narrative L444); 退休费 15.56 (L281) vs 15.55
    (L444); 奖励金 3.42 (L288, 2100799 in L123/L159/L242) vs 独生子女奖励金 3.41 (L436, L444).
  - Table 6: 303 对个人和家庭的补助 18.97 (L279) but 15.56 + 3.42 = 18.98; items of 人员经费
    add up to 435.24 vs 人员经费合计 435.23 (L294).
  - Tables 02/03/05: 20805 82.64 but its items 15.56 + 40.29 + 26.80 = 82.65; 210 19.78 but
    3.42 + 16.37 = 19.79; classes 3895.18 + 19.78 + 36.21 = 3951.17 vs 合计 3951.18; basic by
    class 449.58 vs 449.59.
  - L434-L438 year-on-year changes by class (-42477.14 + 19.78 - 2.68 = -42460.04) vs total
    -42460.02 (L418). L434 "用于用于" (typo).
  - L498 17 project self-evaluations cover 3484.42 vs 项目支出 3501.59 (L408).
  - Table 9 "本表无数据" (L354) while the narrative prints zeros (L460-L478): not a conflict,
    but the table gives no rows.
  - Attachments: L565 全年预算数 27.34 vs 全年执行数 25.24 with 执行率 100; row has one cell too
    many for its header (L563-L564).
004 xianyang-hrss-2023
  - L149 一般公共预算财政拨款支出年初预算 4106.46, but the 26 items' initial budgets
    (L158-L260) add up to 4039.37; their actuals add up to 8019.97 (stated 8019.96).
  - 2080502 事业单位离退休 0.70 is 基本支出 in table 05 (L1487) but 项目支出 in table 03 (L1386);
    in table 03 20805 basic 283.39 (L1384) ≠ its items' basic 4.26 + 185.95 + 92.48 = 282.69.
  - Table 06: 301 items add up to 2636.72 vs 2636.71 (L1524); 302 items to 189.69 vs 189.68;
    301 + 303 = 2636.71 + 99.32 = 2736.03 vs 人员经费合计 2736.02 (L1557); 2736.02 + 189.68 =
    2925.70 vs 基本支出 2925.71 (L131, L264, L1368, L1470).
  - Tail differences: table 01 income 7987.94 + 1112.04 = 9099.98 vs 9099.99 (L1292), classes
    add up to 8980.22 vs 8980.21; table 02 208 items 8851.10 vs 8851.09 (L1316); table 03 total
    8980.22/6054.51 vs 8980.21/6054.50 (L1368), 20801 project 2309.87 vs 2309.88 (L1373);
    table 04/05 classes 8019.97 vs 8019.96 (L1451, L1470); table 05 20801 project 1349.62 vs
    1349.63 (L1475), 208 project 5079.48 vs 5079.47 (L1474).
  - L363 self-evaluation: 专项业务经费 执行 6054.51 / 财政拨款 5094.26 vs tables 6054.50
    (L1368) / 5094.25 (L1470).
  - L143 财政拨款 totals fell 744.07 (8.45%) while L149 财政拨款支出 fell 715.49 (8.19%)
    (different bases, worth a look). L264 "人员经费支和公用经费" (typo).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).parents[1]
CURATED = ROOT / "data" / "curated"
RAW = ROOT / "data" / "raw"
TOL = 1e-9
_ = object()  # "not checked"

Q = "qianyang-hrss-2024"  # 000
QX = "quxian-rural-pension-2023"  # 001
FY = "fenyang-social-insurance-2024"  # 003
XY = "xianyang-hrss-2023"  # 004

T, N = "table", "narrative"
EXP, GPB, NGPB = "table_expenditure", "table_gpb_expenditure", "narrative_gpb"
FISCAL_OR_GPB = ("income_fiscal_appropriation", "income_gpb_appropriation")

UNITS = {
    "staff_authorized": "人", "staff_actual": "人", "staff_retired": "人",
    "budget_units": "个", "vehicles_total": "辆",
    "reception_batches": "批次", "reception_visitors": "人次",
}


@functools.cache
def table(name: str) -> pl.DataFrame:
    return pl.read_parquet(CURATED / f"{name}.parquet")


def eff(col: str) -> pl.Expr:
    """Line a value is printed on: its own *_src_line, else the row's src_line."""
    return pl.coalesce(pl.col(f"{col}_src_line"), pl.col("src_line"))


def check(row: dict, col: str, expected, ctx: str) -> None:
    if expected is _:
        return
    got = row[col]
    if expected is None:
        assert got is None, f"{ctx}: {col} should be null, got {got!r}"
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert got is not None and abs(got - expected) <= TOL, (
            f"{ctx}: {col} expected {expected!r}, got {got!r}")
    else:
        assert got == expected, f"{ctx}: {col} expected {expected!r}, got {got!r}"


def one(df: pl.DataFrame, ctx: str, context_df: pl.DataFrame) -> dict:
    assert df.height == 1, (
        f"{ctx}: expected exactly one row, found {df.height}: {df.to_dicts()}\n"
        f"candidate rows: {context_df.to_dicts()[:20]}")
    return df.row(0, named=True)


# ---------------------------------------------------------------------------- helpers ---

def expect_total(doc, metric, value, src_line, source_kind):
    metrics = (metric,) if isinstance(metric, str) else tuple(metric)
    t = table("totals")
    cand = t.filter((pl.col("doc_id") == doc) & pl.col("metric").is_in(metrics))
    rows = cand.filter((pl.col("source_kind") == source_kind) & (pl.col("src_line") == src_line))
    ctx = f"totals {doc} {metrics} {source_kind} L{src_line}"
    assert rows.height >= 1 and (len(metrics) > 1 or rows.height == 1), (
        f"{ctx}: found {rows.height} rows; rows for this metric: {cand.to_dicts()}")
    for r in rows.iter_rows(named=True):
        assert abs(r["value"] - value) <= TOL, f"{ctx}: value expected {value}, got {r['value']}"
        if len(metrics) == 1:
            assert r["unit"] == UNITS.get(metric, "万元"), f"{ctx}: unit {r['unit']!r}"


def expect_total_percent(doc, metric, src_line, source_kind, percent, kind, percent_line):
    """The percentage printed with a figure (占 x% → share, 完成预算的 x% → completion)."""
    t = table("totals")
    cand = t.filter((pl.col("doc_id") == doc) & (pl.col("metric") == metric))
    ctx = f"totals {doc} {metric} {source_kind} L{src_line} percent"
    r = one(cand.filter((pl.col("source_kind") == source_kind)
                        & (pl.col("src_line") == src_line)), ctx, cand)
    check(r, "percent_stated", percent, ctx)
    check(r, "percent_kind", kind, ctx)
    got = r["percent_stated_src_line"] or r["src_line"]
    assert got == percent_line, f"{ctx}: percent printed on L{percent_line}, got L{got}"


def expect_no_total(doc, metric):
    rows = table("totals").filter((pl.col("doc_id") == doc) & (pl.col("metric") == metric))
    assert rows.height == 0, f"{doc} {metric}: no figure is printed, got {rows.to_dicts()}"


def expect_budget_line(doc, statement, line, level, func_code=_, cls=_, section=_, item=_,
                       budget=_, actual=_, basic=_, project=_, completion=_, share=_,
                       budget_line=None, completion_line=None, share_line=None):
    """`line`: the line the actual (支出决算) is printed on (for tables: the row's line).

    Where one line states two lines of the same statement (001 L80: 卫生健康支出 and 农林水支出),
    the row is told apart by its most specific name given.
    """
    t = table("budget_lines")
    cand = t.filter((pl.col("doc_id") == doc) & (pl.col("statement") == statement))
    ctx = f"budget_lines {doc} {statement} L{line}"
    rows = cand.filter(eff("actual") == line)
    if rows.height > 1:
        for col, name in (("item_name", item), ("section_name", section), ("class_name", cls)):
            if name is not _ and name is not None:
                rows = rows.filter(pl.col(col) == name)
                break
    r = one(rows, ctx, cand.filter((pl.col("src_line") - line).abs() <= 6))
    if statement != NGPB:
        assert r["src_line"] == line, f"{ctx}: src_line {r['src_line']}"
    check(r, "level", level, ctx)
    check(r, "func_code", func_code, ctx)
    check(r, "class_name", cls, ctx)
    check(r, "section_name", section, ctx)
    check(r, "item_name", item, ctx)
    check(r, "budget_initial", budget, ctx)
    check(r, "actual", actual, ctx)
    check(r, "basic", basic, ctx)
    check(r, "project", project, ctx)
    check(r, "completion_stated", completion, ctx)
    check(r, "share_stated", share, ctx)
    if share_line is not None:
        got = r["share_stated_src_line"] or r["src_line"]
        assert got == share_line, f"{ctx}: share_stated printed on L{share_line}, got L{got}"
    if budget_line is not None:
        got = r["budget_initial_src_line"] or r["src_line"]
        assert got == budget_line, f"{ctx}: budget_initial printed on L{budget_line}, got L{got}"
    if completion_line is not None:
        got = r["completion_stated_src_line"] or r["src_line"]
        assert got == completion_line, (
            f"{ctx}: completion_stated printed on L{completion_line}, got L{got}")


def expect_econ(doc, code, name, level, amount, category, line):
    t = table("economic_lines").filter(pl.col("doc_id") == doc)
    ctx = f"economic_lines {doc} {code}"
    r = one(t.filter(pl.col("econ_code") == code), ctx, t.filter(
        (pl.col("src_line") - line).abs() <= 1))
    check(r, "econ_name", name, ctx)
    check(r, "level", level, ctx)
    check(r, "amount", amount, ctx)
    check(r, "category", category, ctx)
    assert r["src_line"] == line, f"{ctx}: src_line expected {line}, got {r['src_line']}"


def expect_three_public(doc, item, kind, budget=_, actual=_, completion=_,
                        budget_line=None, actual_line=None, completion_line=None):
    t = table("three_public")
    cand = t.filter((pl.col("doc_id") == doc) & (pl.col("item") == item)
                    & (pl.col("source_kind") == kind))
    rows = cand
    if budget_line is not None:
        rows = rows.filter(eff("budget") == budget_line)
    if actual_line is not None:
        rows = rows.filter(eff("actual") == actual_line)
    ctx = f"three_public {doc} {item} {kind} budget@L{budget_line} actual@L{actual_line}"
    r = one(rows, ctx, cand)
    check(r, "budget", budget, ctx)
    check(r, "actual", actual, ctx)
    check(r, "completion_stated", completion, ctx)
    if completion_line is not None:
        got = r["completion_stated_src_line"] or r["src_line"]
        assert got == completion_line, (
            f"{ctx}: completion_stated printed on L{completion_line}, got L{got}")


def expect_no_three_public(doc, item=None, kind=None):
    t = table("three_public").filter(pl.col("doc_id") == doc)
    if item is not None:
        t = t.filter(pl.col("item") == item)
    if kind is not None:
        t = t.filter(pl.col("source_kind") == kind)
    assert t.height == 0, f"{doc} {item} {kind}: nothing is printed, got {t.to_dicts()}"


# ---------------------------------------------------------------------------- totals ---
# (doc, metric, value, src_line, source_kind)
TOTALS = [
    # 000 千阳县人社局 2024 — narrative only
    (Q, "budget_units", 4, 57, N),
    (Q, "staff_authorized", 60, 73, N),
    (Q, "staff_actual", 55, 75, N),
    (Q, "staff_retired", 28, 77, N),
    (Q, "income_total", 2209.18, 84, N),
    (Q, "expenditure_total", 2209.18, 84, N),
    (Q, "income_current_year", 2209.18, 96, N),
    (Q, "income_fiscal_appropriation", 2209.18, 98, N),
    (Q, "income_business", 0.0, 98, N),
    (Q, "income_operating", 0.0, 98, N),
    (Q, "income_other", 0.0, 100, N),
    (Q, "expenditure_current_year", 2209.18, 106, N),
    (Q, "expenditure_basic", 845.91, 106, N),
    (Q, "expenditure_project", 1363.28, 108, N),
    (Q, "expenditure_operating", 0.0, 110, N),
    (Q, "fiscal_income_total", 2209.18, 114, N),
    (Q, "fiscal_expenditure_total", 2209.18, 114, N),
    (Q, "gpb_expenditure_budget_initial", 9085.20, 126, N),
    (Q, "gpb_expenditure_actual", 2209.18, 128, N),
    (Q, "gpb_basic_expenditure", 793.25, 274, N),
    (Q, "basic_personnel", 793.25, 278, N),
    (Q, "basic_public", 52.66, 288, N),
    (Q, "reception_batches", 12, 358, N),
    (Q, "reception_visitors", 84, 358, N),
    (Q, "agency_operating_budget", 55.68, 372, N),
    (Q, "agency_operating_actual", 52.66, 372, N),
    (Q, "budget_units", 4, 872, N),
    # 001 渠县城乡居民社会养老保险管理局 2023 — narrative only
    (QX, "income_total", 568.27, 24, N),
    (QX, "expenditure_total", 568.27, 24, N),
    (QX, "income_current_year", 568.27, 32, N),
    (QX, "income_gpb_appropriation", 568.27, 34, N),
    (QX, "income_business", 0.0, 38, N),
    (QX, "income_operating", 0.0, 40, N),
    (QX, "income_other", 0.0, 42, N),
    (QX, "expenditure_current_year", 568.27, 45, N),
    (QX, "expenditure_basic", 141.54, 45, N),
    (QX, "expenditure_project", 426.73, 47, N),
    (QX, "expenditure_operating", 0.0, 49, N),
    (QX, "fiscal_income_total", 568.27, 55, N),
    (QX, "fiscal_expenditure_total", 568.27, 55, N),
    (QX, "gpb_expenditure_actual", 568.27, 67, N),
    (QX, "gpb_expenditure_actual", 568.27, 76, N),
    (QX, "gpb_expenditure_actual", 568.27, 86, N),
    (QX, "gpb_basic_expenditure", 141.55, 160, N),
    (QX, "basic_personnel", 127.26, 162, N),
    (QX, "basic_public", 14.29, 172, N),
    (QX, "reception_batches", 0, 231, N),
    (QX, "reception_visitors", 0, 231, N),
    (QX, "agency_operating_actual", 14.29, 250, N),
    (QX, "procurement_total", 0.0, 258, N),
    (QX, "procurement_goods", 0.0, 258, N),
    (QX, "procurement_works", 0.0, 260, N),
    (QX, "procurement_services", 0.0, 260, N),
    (QX, "vehicles_total", 0, 270, N),
    (QX, "staff_actual", 8, 480, N),  # 附件1 人员概况 "在职 8 人" (only staff figure printed)
    # 003 汾阳市社会保险中心 2024 — tables 01-10 and narrative
    (FY, "staff_authorized", 30, 42, N),
    (FY, "staff_actual", 34, 42, N),
    (FY, FISCAL_OR_GPB, 3951.18, 64, T),  # 01表 一、一般公共预算财政拨款收入
    (FY, "income_current_year", 3951.18, 91, T),
    (FY, "expenditure_current_year", 3951.18, 91, T),
    (FY, "income_total", 3951.18, 95, T),
    (FY, "expenditure_total", 3951.18, 95, T),
    (FY, "income_current_year", 3951.18, 113, T),  # 02表 合计
    (FY, "income_fiscal_appropriation", 3951.18, 113, T),
    (FY, "expenditure_current_year", 3951.18, 149, T),  # 03表 合计
    (FY, "expenditure_basic", 449.59, 149, T),
    (FY, "expenditure_project", 3501.59, 149, T),
    (FY, FISCAL_OR_GPB, 3951.18, 182, T),  # 04表 一、一般公共预算财政拨款
    (FY, "fiscal_income_current_year", 3951.18, 210, T),
    (FY, "fiscal_expenditure_current_year", 3951.18, 210, T),
    (FY, "fiscal_income_total", 3951.18, 215, T),
    (FY, "fiscal_expenditure_total", 3951.18, 215, T),
    (FY, "basic_personnel", 435.23, 294, T),  # 06表 人员经费合计
    (FY, "basic_public", 14.36, 294, T),  # 06表 公用经费合计
    (FY, "procurement_total", 7.33, 368, T),  # 10表
    (FY, "procurement_goods", 7.33, 369, T),
    (FY, "vehicles_total", 1, 377, T),
    (FY, "income_total", 3951.18, 394, N),
    (FY, "expenditure_total", 3951.18, 394, N),
    (FY, "income_current_year", 3951.18, 398, N),
    (FY, "income_fiscal_appropriation", 3951.18, 400, N),
    (FY, "expenditure_current_year", 3951.18, 404, N),
    (FY, "expenditure_basic", 449.59, 406, N),
    (FY, "expenditure_project", 3501.59, 408, N),
    (FY, "fiscal_income_total", 3951.18, 412, N),
    (FY, "fiscal_expenditure_total", 3951.18, 412, N),
    (FY, "gpb_expenditure_actual", 3951.18, 418, N),
    (FY, "gpb_expenditure_actual", 3951.18, 422, N),
    (FY, "gpb_expenditure_budget_initial", 41670.92, 432, N),
    (FY, "gpb_expenditure_actual", 3951.18, 432, N),
    (FY, "gpb_basic_expenditure", 449.59, 442, N),
    (FY, "basic_personnel", 435.23, 444, N),
    (FY, "basic_public", 14.36, 446, N),
    (FY, "reception_batches", 0, 478, N),
    (FY, "reception_visitors", 0, 478, N),
    (FY, "procurement_total", 7.33, 488, N),
    (FY, "procurement_goods", 7.33, 488, N),
    (FY, "procurement_works", 0.0, 488, N),
    (FY, "procurement_services", 0.0, 488, N),
    (FY, "vehicles_total", 1, 492, N),
    # 004 咸阳市人社局 2023 — narrative and tables 01-09 (no table 10)
    (XY, "budget_units", 12, 85, N),
    (XY, "staff_authorized", 181, 105, N),
    (XY, "staff_actual", 173, 105, N),
    (XY, "staff_retired", 0, 105, N),
    (XY, "income_total", 9192.86, 113, N),
    (XY, "expenditure_total", 9192.86, 113, N),
    (XY, "income_current_year", 9099.99, 120, N),
    (XY, "income_fiscal_appropriation", 7987.94, 120, N),
    (XY, "income_business", 0.0, 120, N),
    (XY, "income_operating", 0.0, 120, N),
    (XY, "income_other", 1112.04, 120, N),
    (XY, "expenditure_current_year", 8980.21, 131, N),
    (XY, "expenditure_basic", 2925.71, 131, N),
    (XY, "expenditure_project", 6054.50, 131, N),
    (XY, "expenditure_operating", 0.0, 131, N),
    (XY, "fiscal_income_total", 8057.93, 143, N),
    (XY, "fiscal_expenditure_total", 8057.93, 143, N),
    (XY, "gpb_expenditure_budget_initial", 4106.46, 149, N),
    (XY, "gpb_expenditure_actual", 8019.96, 149, N),
    (XY, "gpb_basic_expenditure", 2925.71, 264, N),
    (XY, "basic_personnel", 2736.02, 266, N),
    (XY, "basic_public", 189.68, 268, N),
    (XY, "reception_batches", 13, 304, N),
    (XY, "reception_visitors", 69, 304, N),
    (XY, "agency_operating_budget", 88.22, 316, N),
    (XY, "agency_operating_actual", 178.24, 316, N),
    (XY, "procurement_total", 3.51, 320, N),
    (XY, "procurement_goods", 0.0, 320, N),
    (XY, "procurement_works", 0.0, 320, N),
    (XY, "procurement_services", 3.51, 320, N),
    (XY, "budget_units", 12, 1233, N),
    (XY, FISCAL_OR_GPB, 7987.94, 1266, T),  # 01表 一、一般公共预算财政拨款收入
    (XY, "income_other", 1112.04, 1273, T),
    (XY, "income_current_year", 9099.99, 1292, T),
    (XY, "expenditure_current_year", 8980.21, 1292, T),
    (XY, "income_carryover_begin", 92.87, 1294, T),
    (XY, "carryover_end", 212.65, 1294, T),
    (XY, "income_total", 9192.86, 1296, T),
    (XY, "expenditure_total", 9192.86, 1296, T),
    (XY, "income_current_year", 9099.99, 1312, T),  # 02表 合计
    (XY, "income_fiscal_appropriation", 7987.94, 1312, T),
    (XY, "income_other", 1112.04, 1312, T),
    (XY, "expenditure_current_year", 8980.21, 1368, T),  # 03表 合计
    (XY, "expenditure_basic", 2925.71, 1368, T),
    (XY, "expenditure_project", 6054.50, 1368, T),
    (XY, FISCAL_OR_GPB, 7987.94, 1425, T),  # 04表 一、一般公共预算财政拨款
    (XY, "fiscal_income_current_year", 7987.94, 1451, T),
    (XY, "fiscal_expenditure_current_year", 8019.96, 1451, T),
    (XY, "fiscal_carryover_begin", 69.99, 1452, T),
    (XY, "fiscal_carryover_end", 37.97, 1452, T),
    (XY, "fiscal_income_total", 8057.93, 1456, T),
    (XY, "fiscal_expenditure_total", 8057.93, 1456, T),
    (XY, "basic_personnel", 2736.02, 1557, T),  # 06表 人员经费合计
    (XY, "basic_public", 189.68, 1557, T),  # 06表 公用经费合计
]


def _tid(e):
    metric = e[1] if isinstance(e[1], str) else "|".join(e[1])
    return f"{e[0]}:{metric}:{e[4]}:L{e[3]}"


@pytest.mark.parametrize("doc,metric,value,line,kind", TOTALS, ids=[_tid(e) for e in TOTALS])
def test_total(doc, metric, value, line, kind):
    expect_total(doc, metric, value, line, kind)


# (doc, metric, src_line, source_kind, percent_stated, percent_kind, percent line)
# Only figures with a single percentage printed with them (000 L128 and 004 L149 state both a
# completion and a share for gpb_expenditure_actual: not asserted).
TOTAL_PERCENTS = [
    (Q, "income_fiscal_appropriation", 98, N, 100.0, "share", 98),
    (Q, "expenditure_basic", 106, N, 38.29, "share", 108),
    (Q, "expenditure_project", 108, N, 61.71, "share", 108),
    (Q, "agency_operating_actual", 372, N, 94.58, "completion", 374),
    (QX, "income_gpb_appropriation", 34, N, 100.0, "share", 34),
    (QX, "expenditure_basic", 45, N, 24.91, "share", 47),
    (QX, "expenditure_project", 47, N, 75.09, "share", 47),
    (FY, "income_fiscal_appropriation", 400, N, 100.0, "share", 400),
    (FY, "expenditure_basic", 406, N, 11.38, "share", 406),
    (FY, "expenditure_project", 408, N, 88.62, "share", 408),
    (FY, "gpb_expenditure_actual", 418, N, 100.0, "share", 418),
    (FY, "gpb_expenditure_actual", 432, N, 9.48, "completion", 432),
    (XY, "income_fiscal_appropriation", 120, N, 87.78, "share", 120),
    (XY, "income_other", 120, N, 12.22, "share", 120),
    (XY, "expenditure_basic", 131, N, 32.58, "share", 131),
    (XY, "expenditure_project", 131, N, 67.42, "share", 131),
    (XY, "agency_operating_actual", 316, N, 202.04, "completion", 316),
]


@pytest.mark.parametrize("doc,metric,line,kind,percent,pkind,pline", TOTAL_PERCENTS,
                         ids=[f"{e[0]}:{e[1]}:L{e[2]}:{e[5]}" for e in TOTAL_PERCENTS])
def test_total_percent(doc, metric, line, kind, percent, pkind, pline):
    expect_total_percent(doc, metric, line, kind, percent, pkind, pline)


NO_TOTALS = [
    (Q, "vehicles_total"),  # L384 无国有资产占用及购置
    (QX, "gpb_expenditure_budget_initial"),  # L86-L88 only "完成预算100%", no figure
    (QX, "staff_authorized"),  # no 编制 figure anywhere
    (FY, "income_other"),  # 01表 L71 blank; narrative silent
    (FY, "income_carryover_begin"),  # 01表 L93 blank
    (FY, "carryover_end"),  # 01表 L93 blank
    (FY, "fiscal_carryover_begin"),  # 04表 L211 blank
    (FY, "fiscal_carryover_end"),  # 04表 L211 blank
    (FY, "agency_operating_budget"),  # 10表 L374-L375 blank; L484 无机关运行经费
    (FY, "agency_operating_actual"),
    (XY, "vehicles_total"),  # L326 无国有资产占用及购置; no table 10
]


@pytest.mark.parametrize("doc,metric", NO_TOTALS, ids=[f"{d}:{m}" for d, m in NO_TOTALS])
def test_no_total(doc, metric):
    expect_no_total(doc, metric)


def test_a_stated_none_is_zero_on_its_line():
    """'本部门 2024 年度无政府采购事项' (000, L380): a statement that there was none is 0 with its
    line, not a missing figure (DEVELOPERS' standard: a stated 无 is 0)."""
    rows = table("totals").filter((pl.col("doc_id") == Q)
                                  & (pl.col("metric") == "procurement_total"))
    assert rows.select("value", "src_line", "source_kind").rows() == [(0.0, 380, N)]


@pytest.mark.parametrize("doc", [Q, QX], ids=[Q, QX])
def test_no_table_rows_without_table_bodies(doc):
    """000 and 001 print no table bodies: nothing may come from a table."""
    tot = table("totals").filter((pl.col("doc_id") == doc) & (pl.col("source_kind") == T))
    assert tot.height == 0, tot.to_dicts()
    bl = table("budget_lines").filter((pl.col("doc_id") == doc) & (pl.col("statement") != NGPB))
    assert bl.height == 0, bl.to_dicts()
    assert table("economic_lines").filter(pl.col("doc_id") == doc).height == 0
    expect_no_three_public(doc, kind=T)


# ---------------------------------------------------------------------- budget_lines ---
SS, HR, PEN = "社会保障和就业支出", "人力资源和社会保障管理事务", "行政事业单位养老支出"
HL, MED = "卫生健康支出", "行政事业单位医疗"


def bl(doc, statement, line, level, **kw):
    what = [kw.get(k) for k in ("func_code", "item", "section", "cls")]
    name = next((w for w in what if w not in (None, _)), level)
    pid = f"{doc}:{statement}:L{line}:{name}"
    return pytest.param(doc, statement, line, level, kw, id=pid)


BUDGET_LINES = [
    # 000 narrative (names only, no codes); 年初预算为零 → 0.0 on the line of 零
    bl(Q, NGPB, 144, "item", func_code=None, cls=SS, section=HR, item="行政运行", budget=391.22,
       actual=376.06, completion=96.12, budget_line=144, completion_line=146),
    bl(Q, NGPB, 154, "item", func_code=None, cls=SS, section=HR, item="一般行政管理事务",
       budget=0.0, actual=76.64, completion=None, budget_line=154),
    bl(Q, NGPB, 166, "item", func_code=None, cls=SS, section=HR, item="劳动保障监察",
       budget=0.0, actual=380.20, completion=None, budget_line=166),
    bl(Q, NGPB, 174, "item", func_code=None, cls=SS, section=HR, item="社会保险经办机构",
       budget=0.0, actual=10.0, completion=None, budget_line=174),
    bl(Q, NGPB, 184, "item", func_code=None, cls=SS, section=HR, item="事业运行", budget=222.63,
       actual=223.76, completion=100.51, budget_line=184, completion_line=186),
    bl(Q, NGPB, 194, "item", func_code=None, cls=SS, section=PEN, item="行政单位离退休",
       budget=11.87, actual=3.26, completion=27.46, budget_line=194, completion_line=196),
    bl(Q, NGPB, 204, "item", func_code=None, cls=SS, section=PEN,
       item="机关事业单位基本养老保险缴费支出", budget=79.74, actual=71.18, completion=89.27,
       budget_line=204, completion_line=206),
    bl(Q, NGPB, 214, "item", func_code=None, cls=SS, section=PEN,
       item="机关事业单位职业年金缴费支出", budget=39.87, actual=57.61, completion=144.49,
       budget_line=214, completion_line=216),
    bl(Q, NGPB, 226, "item", func_code=None, cls=SS, section="就业补助", item="其他就业补助支出",
       budget=0.0, actual=827.69, completion=None, budget_line=226),
    bl(Q, NGPB, 234, "item", func_code=None, cls=SS, section="其他社会保障和就业支出",
       item="其他社会保障和就业支出", budget=0.0, actual=13.00, completion=None, budget_line=234),
    bl(Q, NGPB, 242, "item", func_code=None, cls=HL, section=MED, item="行政单位医疗",
       budget=37.56, actual=33.52, completion=89.24, budget_line=242, completion_line=244),
    bl(Q, NGPB, 250, "item", func_code=None, cls=HL, section=MED, item="事业单位医疗",
       budget=27.01, actual=19.83, completion=73.42, budget_line=250, completion_line=252),
    bl(Q, NGPB, 258, "item", func_code=None, cls="农林水支出", section="普惠金融发展支出",
       item="其他普惠金融发展支出", budget=0.0, actual=55.74, completion=None, budget_line=258),
    bl(Q, NGPB, 266, "item", func_code=None, cls="住房保障支出", section="住房改革支出",
       item="住房公积金", budget=63.22, actual=60.69, completion=96.00, budget_line=266,
       completion_line=268),
    # 001 narrative: actual + "完成预算 100%"; no budget figure printed
    bl(QX, NGPB, 92, "item", func_code=None, cls=SS, section=HR, item="社会保险经办机构",
       budget=None, actual=184.90, completion=100.0, completion_line=94),
    bl(QX, NGPB, 97, "item", func_code=None, cls=SS, section=PEN, item="行政单位离退休",
       budget=None, actual=3.15, completion=100.0, completion_line=97),
    bl(QX, NGPB, 103, "item", func_code=None, cls=SS, section=PEN, item="事业单位离退休",
       budget=None, actual=3.55, completion=100.0, completion_line=103),
    bl(QX, NGPB, 109, "item", func_code=None, cls=SS, section=PEN,
       item="机关事业单位基本养老保险缴费支出", budget=None, actual=11.52, completion=100.0,
       completion_line=111),
    bl(QX, NGPB, 117, "item", func_code=None, cls=SS, section="财政代缴社会保险费支出",
       item="财政代缴城乡居民基本养老保险费支出", budget=None, actual=348.92, completion=100.0,
       completion_line=117),
    bl(QX, NGPB, 121, "item", func_code=None, cls=SS, section="其他社会保障和就业支出",
       item="其他社会保障和就业支出", budget=None, actual=0.33, completion=100.0,
       completion_line=123),
    bl(QX, NGPB, 127, "item", func_code=None, cls=HL, section=MED, item="行政单位医疗",
       budget=None, actual=3.77, completion=100.0, completion_line=127),
    bl(QX, NGPB, 133, "item", func_code=None, cls=HL, section=MED, item="事业单位医疗",
       budget=None, actual=0.51, completion=100.0, completion_line=133),
    bl(QX, NGPB, 139, "item", func_code=None, cls=HL, section=MED, item="公务员医疗补助",
       budget=None, actual=2.36, completion=100.0, completion_line=139),
    bl(QX, NGPB, 144, "item", func_code=None, cls=HL, section=MED, item="其他行政事业单位医疗支出",
       budget=None, actual=0.02, completion=100.0, completion_line=144),
    bl(QX, NGPB, 152, "item", func_code=None, cls="农林水支出",
       section="巩固脱贫攻坚成果衔接乡村振兴", item="其他巩固脱贫攻坚成果衔接乡村振兴支出",
       budget=None, actual=2.24, completion=100.0, completion_line=152),
    bl(QX, NGPB, 156, "item", func_code=None, cls="住房保障支出", section="住房改革支出",
       item="住房公积金", budget=None, actual=6.99, completion=100.0, completion_line=156),
    # 001 narrative (二)结构情况: class level with share; L80 states two classes
    bl(QX, NGPB, 78, "class", func_code=None, cls=SS, actual=552.37, share=97.20, share_line=78),
    bl(QX, NGPB, 80, "class", func_code=None, cls=HL, actual=6.68, share=1.18, share_line=80),
    bl(QX, NGPB, 80, "class", func_code=None, cls="农林水支出", actual=2.24, share=0.39,
       share_line=80),
    bl(QX, NGPB, 82, "class", func_code=None, cls="住房保障支出", actual=6.99, share=1.23,
       share_line=82),
    # 003 narrative (二)结构情况: class level with share
    bl(FY, NGPB, 424, "class", func_code=None, cls=SS, actual=3895.18, share=98.58,
       share_line=424),
    bl(FY, NGPB, 426, "class", func_code=None, cls=HL, actual=19.78, share=0.50, share_line=426),
    bl(FY, NGPB, 428, "class", func_code=None, cls="住房保障支出", actual=36.21, share=0.92,
       share_line=428),
    # 003 narrative (三)具体情况: class level, names only
    bl(FY, NGPB, 434, "class", func_code=None, cls=SS, budget=41611.24, actual=3895.18,
       completion=9.36, budget_line=434, completion_line=434),
    bl(FY, NGPB, 436, "class", func_code=None, cls=HL, budget=20.29, actual=19.78,
       completion=97.49, budget_line=436, completion_line=436),
    bl(FY, NGPB, 438, "class", func_code=None, cls="住房保障支出", budget=39.39, actual=36.21,
       completion=91.93, budget_line=438, completion_line=438),
    # 003 公开03表 支出决算表 (blank cell → null)
    bl(FY, EXP, 149, "total", func_code=None, actual=3951.18, basic=449.59, project=3501.59),
    bl(FY, EXP, 150, "class", func_code="208", cls=SS, actual=3895.18, basic=393.59,
       project=3501.59),
    bl(FY, EXP, 151, "section", func_code="20801", section=HR, actual=3812.54, basic=310.95,
       project=3501.59),
    bl(FY, EXP, 152, "item", func_code="2080109", item="社会保险经办机构", actual=3812.54,
       basic=310.95, project=3501.59),
    bl(FY, EXP, 153, "section", func_code="20805", section=PEN, actual=82.64, basic=82.64,
       project=None),
    bl(FY, EXP, 154, "item", func_code="2080502", item="事业单位离退休", actual=15.56,
       basic=15.56, project=None),
    bl(FY, EXP, 155, "item", func_code="2080505", item="机关事业单位基本养老保险缴费支出",
       actual=40.29, basic=40.29, project=None),
    bl(FY, EXP, 156, "item", func_code="2080506", item="机关事业单位职业年金缴费支出",
       actual=26.80, basic=26.80, project=None),
    bl(FY, EXP, 157, "class", func_code="210", cls=HL, actual=19.78, basic=19.78, project=None),
    bl(FY, EXP, 158, "section", func_code="21007", section="计划生育事务", actual=3.42,
       basic=3.42, project=None),
    bl(FY, EXP, 159, "item", func_code="2100799", item="其他计划生育事务支出", actual=3.42,
       basic=3.42, project=None),
    bl(FY, EXP, 160, "section", func_code="21011", section=MED, actual=16.37, basic=16.37,
       project=None),
    bl(FY, EXP, 161, "item", func_code="2101102", item="事业单位医疗", actual=16.37, basic=16.37,
       project=None),
    bl(FY, EXP, 162, "class", func_code="221", cls="住房保障支出", actual=36.21, basic=36.21,
       project=None),
    bl(FY, EXP, 163, "section", func_code="22102", section="住房改革支出", actual=36.21,
       basic=36.21, project=None),
    bl(FY, EXP, 164, "item", func_code="2210201", item="住房公积金", actual=36.21, basic=36.21,
       project=None),
    # 003 公开05表 一般公共预算财政拨款支出决算表
    bl(FY, GPB, 232, "total", func_code=None, actual=3951.18, basic=449.59, project=3501.59),
    bl(FY, GPB, 233, "class", func_code="208", cls=SS, actual=3895.18, basic=393.59,
       project=3501.59),
    bl(FY, GPB, 234, "section", func_code="20801", section=HR, actual=3812.54, basic=310.95,
       project=3501.59),
    bl(FY, GPB, 235, "item", func_code="2080109", item="社会保险经办机构", actual=3812.54,
       basic=310.95, project=3501.59),
    bl(FY, GPB, 236, "section", func_code="20805", section=PEN, actual=82.64, basic=82.64,
       project=None),
    bl(FY, GPB, 237, "item", func_code="2080502", item="事业单位离退休", actual=15.56,
       basic=15.56, project=None),
    bl(FY, GPB, 238, "item", func_code="2080505", item="机关事业单位基本养老保险缴费支出",
       actual=40.29, basic=40.29, project=None),
    bl(FY, GPB, 239, "item", func_code="2080506", item="机关事业单位职业年金缴费支出",
       actual=26.80, basic=26.80, project=None),
    bl(FY, GPB, 240, "class", func_code="210", cls=HL, actual=19.78, basic=19.78, project=None),
    bl(FY, GPB, 241, "section", func_code="21007", section="计划生育事务", actual=3.42,
       basic=3.42, project=None),
    bl(FY, GPB, 242, "item", func_code="2100799", item="其他计划生育事务支出", actual=3.42,
       basic=3.42, project=None),
    bl(FY, GPB, 243, "section", func_code="21011", section=MED, actual=16.37, basic=16.37,
       project=None),
    bl(FY, GPB, 244, "item", func_code="2101102", item="事业单位医疗", actual=16.37, basic=16.37,
       project=None),
    bl(FY, GPB, 245, "class", func_code="221", cls="住房保障支出", actual=36.21, basic=36.21,
       project=None),
    bl(FY, GPB, 246, "section", func_code="22102", section="住房改革支出", actual=36.21,
       basic=36.21, project=None),
    bl(FY, GPB, 247, "item", func_code="2210201", item="住房公积金", actual=36.21, basic=36.21,
       project=None),
    # 004 narrative: codes printed as （208）…（01）…（01） → 7 digits
    bl(XY, NGPB, 158, "item", func_code="2019999", cls="一般公共服务支出",
       section="其他一般公共服务支出", item="其他一般公共服务支出", budget=0.0, actual=10.46,
       completion=None, budget_line=158),
    bl(XY, NGPB, 163, "item", func_code="2080101", cls=SS, section=HR, item="行政运行",
       budget=1387.08, actual=1264.66, completion=91.17, budget_line=163, completion_line=163),
    bl(XY, NGPB, 168, "item", func_code="2080102", cls=SS, section=HR, item="一般行政管理事务",
       budget=225.0, actual=231.51, completion=102.89, budget_line=168, completion_line=168),
    bl(XY, NGPB, 172, "item", func_code="2080105", cls=SS, section=HR, item="劳动保障监察",
       budget=276.39, actual=280.82, completion=101.6, budget_line=172, completion_line=172),
    bl(XY, NGPB, 176, "item", func_code="2080106", cls=SS, section=HR, item="就业管理事务",
       budget=0.0, actual=47.27, completion=None, budget_line=176),
    bl(XY, NGPB, 180, "item", func_code="2080108", cls=SS, section=HR, item="信息化建设",
       budget=30.0, actual=31.39, completion=104.63, budget_line=180, completion_line=180),
    bl(XY, NGPB, 184, "item", func_code="2080109", cls=SS, section=HR, item="社会保险经办机构",
       budget=437.24, actual=465.45, completion=106.45, budget_line=184, completion_line=184),
    bl(XY, NGPB, 188, "item", func_code="2080111", cls=SS, section=HR,
       item="公共就业服务和职业技能鉴定机构", budget=404.87, actual=536.13, completion=132.42,
       budget_line=188, completion_line=188),
    bl(XY, NGPB, 192, "item", func_code="2080150", cls=SS, section=HR, item="事业运行",
       budget=312.95, actual=288.66, completion=92.24, budget_line=192, completion_line=192),
    bl(XY, NGPB, 196, "item", func_code="2080199", cls=SS, section=HR,
       item="其他人力资源和社会保障管理事务支出", budget=38.0, actual=533.9, completion=1405.0,
       budget_line=196, completion_line=196),
    bl(XY, NGPB, 200, "item", func_code="2080501", cls=SS, section=PEN, item="行政单位离退休",
       budget=4.22, actual=4.26, completion=100.95, budget_line=200, completion_line=200),
    bl(XY, NGPB, 204, "item", func_code="2080502", cls=SS, section=PEN, item="事业单位离退休",
       budget=0.7, actual=0.7, completion=100.0, budget_line=204, completion_line=204),
    bl(XY, NGPB, 208, "item", func_code="2080505", cls=SS, section=PEN,
       item="机关事业单位基本养老保险缴费支出", budget=211.8, actual=185.95, completion=87.8,
       budget_line=208, completion_line=208),
    bl(XY, NGPB, 212, "item", func_code="2080506", cls=SS, section=PEN,
       item="机关事业单位职业年金缴费支出", budget=105.88, actual=92.48, completion=87.34,
       budget_line=212, completion_line=212),
    bl(XY, NGPB, 216, "item", func_code="2080701", cls=SS, section="就业补助",
       item="就业创业服务补贴", budget=0.0, actual=95.0, completion=None, budget_line=216),
    bl(XY, NGPB, 220, "item", func_code="2080704", cls=SS, section="就业补助", item="社会保险补贴",
       budget=200.0, actual=1348.01, completion=674.0, budget_line=220, completion_line=220),
    bl(XY, NGPB, 224, "item", func_code="2080705", cls=SS, section="就业补助",
       item="公益性岗位补贴", budget=150.0, actual=562.0, completion=374.67, budget_line=224,
       completion_line=224),
    bl(XY, NGPB, 228, "item", func_code="2080799", cls=SS, section="就业补助",
       item="其他就业补助支出", budget=0.0, actual=1341.86, completion=None, budget_line=228),
    bl(XY, NGPB, 232, "item", func_code="2080801", cls=SS, section="抚恤", item="死亡抚恤",
       budget=0.0, actual=74.4, completion=None, budget_line=232),
    bl(XY, NGPB, 236, "item", func_code="2080905", cls=SS, section="退役安置",
       item="军队转业干部安置", budget=0.0, actual=239.55, completion=None, budget_line=236),
    bl(XY, NGPB, 240, "item", func_code="2089999", cls=SS, section="其他社会保障和就业支出",
       item="其他社会保障和就业支出", budget=10.31, actual=147.07, completion=1426.48,
       budget_line=240, completion_line=240),
    bl(XY, NGPB, 244, "item", func_code="2101101", cls=HL, section=MED, item="行政单位医疗",
       budget=72.44, actual=64.99, completion=89.72, budget_line=244, completion_line=244),
    bl(XY, NGPB, 248, "item", func_code="2101102", cls=HL, section=MED, item="事业单位医疗",
       budget=17.56, actual=14.02, completion=79.84, budget_line=248, completion_line=248),
    bl(XY, NGPB, 252, "item", func_code="2101601", cls=HL, section="老龄卫生健康事务",
       item="老龄卫生健康事务", budget=0.48, actual=0.27, completion=56.25, budget_line=252,
       completion_line=252),
    bl(XY, NGPB, 256, "item", func_code="2130899", cls="农林水支出", section="普惠金融发展支出",
       item="其他普惠金融发展支出", budget=0.0, actual=4.78, completion=None, budget_line=256),
    bl(XY, NGPB, 260, "item", func_code="2210201", cls="住房保障支出", section="住房改革支出",
       item="住房公积金", budget=154.45, actual=154.38, completion=99.95, budget_line=260,
       completion_line=260),
    # 004 公开03表 支出决算表 (a spread)
    bl(XY, EXP, 1368, "total", func_code=None, actual=8980.21, basic=2925.71, project=6054.50),
    bl(XY, EXP, 1369, "class", func_code="201", cls="一般公共服务支出", actual=10.46, basic=0.46,
       project=10.00),
    bl(XY, EXP, 1371, "item", func_code="2019999", item="其他一般公共服务支出", actual=10.46,
       basic=0.46, project=10.00),
    bl(XY, EXP, 1372, "class", func_code="208", cls=SS, actual=8731.32, basic=2691.59,
       project=6039.73),
    bl(XY, EXP, 1373, "section", func_code="20801", section=HR, actual=4640.04, basic=2330.16,
       project=2309.88),
    bl(XY, EXP, 1374, "item", func_code="2080101", item="行政运行", actual=1264.66,
       basic=1248.66, project=16.00),
    bl(XY, EXP, 1375, "item", func_code="2080102", item="一般行政管理事务", actual=298.20,
       basic=None, project=298.20),
    bl(XY, EXP, 1376, "item", func_code="2080103", item="机关服务", actual=2.60, basic=None,
       project=2.60),
    bl(XY, EXP, 1383, "item", func_code="2080199", item="其他人力资源和社会保障管理事务支出",
       actual=1422.93, basic=None, project=1422.93),
    bl(XY, EXP, 1384, "section", func_code="20805", section=PEN, actual=283.39, basic=283.39,
       project=None),
    bl(XY, EXP, 1386, "item", func_code="2080502", item="事业单位离退休", actual=0.70,
       basic=None, project=0.70),
    bl(XY, EXP, 1389, "section", func_code="20807", section="就业补助", actual=3346.87,
       basic=None, project=3346.87),
    bl(XY, EXP, 1390, "item", func_code="2080701", item="就业创业服务补贴", actual=95.00,
       basic=None, project=95.00),
    bl(XY, EXP, 1399, "item", func_code="2089999", item="其他社会保障和就业支出", actual=147.07,
       basic=3.64, project=143.43),
    bl(XY, EXP, 1400, "class", func_code="210", cls=HL, actual=79.28, basic=79.28, project=None),
    bl(XY, EXP, 1406, "class", func_code="213", cls="农林水支出", actual=4.78, basic=None,
       project=4.78),
    bl(XY, EXP, 1411, "item", func_code="2210201", item="住房公积金", actual=154.38,
       basic=154.38, project=None),
    # 004 公开05表 一般公共预算财政拨款支出决算表 (a spread)
    bl(XY, GPB, 1470, "total", func_code=None, actual=8019.96, basic=2925.71, project=5094.25),
    bl(XY, GPB, 1471, "class", func_code="201", cls="一般公共服务支出", actual=10.46, basic=0.46,
       project=10.00),
    bl(XY, GPB, 1474, "class", func_code="208", cls=SS, actual=7771.07, basic=2691.59,
       project=5079.47),
    bl(XY, GPB, 1475, "section", func_code="20801", section=HR, actual=3679.79, basic=2330.16,
       project=1349.63),
    bl(XY, GPB, 1476, "item", func_code="2080101", item="行政运行", actual=1264.66,
       basic=1248.66, project=16.00),
    bl(XY, GPB, 1477, "item", func_code="2080102", item="一般行政管理事务", actual=231.51,
       basic=None, project=231.51),
    bl(XY, GPB, 1480, "item", func_code="2080108", item="信息化建设", actual=31.39, basic=None,
       project=31.39),
    bl(XY, GPB, 1483, "item", func_code="2080150", item="事业运行", actual=288.66, basic=288.66,
       project=None),
    bl(XY, GPB, 1484, "item", func_code="2080199", item="其他人力资源和社会保障管理事务支出",
       actual=533.90, basic=None, project=533.90),
    bl(XY, GPB, 1487, "item", func_code="2080502", item="事业单位离退休", actual=0.70,
       basic=0.70, project=None),
    bl(XY, GPB, 1490, "section", func_code="20807", section="就业补助", actual=3346.87,
       basic=None, project=3346.87),
    bl(XY, GPB, 1499, "section", func_code="20899", section="其他社会保障和就业支出",
       actual=147.07, basic=3.64, project=143.43),
    bl(XY, GPB, 1505, "section", func_code="21016", section="老龄卫生健康事务", actual=0.27,
       basic=0.27, project=None),
    bl(XY, GPB, 1509, "item", func_code="2130899", item="其他普惠金融发展支出", actual=4.78,
       basic=None, project=4.78),
    bl(XY, GPB, 1510, "class", func_code="221", cls="住房保障支出", actual=154.38, basic=154.38,
       project=None),
    bl(XY, GPB, 1512, "item", func_code="2210201", item="住房公积金", actual=154.38,
       basic=154.38, project=None),
]


@pytest.mark.parametrize("doc,statement,line,level,kw", BUDGET_LINES)
def test_budget_line(doc, statement, line, level, kw):
    expect_budget_line(doc, statement, line, level, **kw)


# -------------------------------------------------------------------- economic_lines ---
P, PUB = "personnel", "public"
# (doc, econ_code, econ_name, level, amount, category, src_line)
ECONOMIC = [
    # 003 公开06表 (four column groups; blank → null, ————— → null)
    (FY, "301", "工资福利支出", "class", 416.26, P, 264),
    (FY, "30101", "基本工资", "item", 148.23, P, 265),
    (FY, "30102", "津贴补贴", "item", 17.63, P, 266),
    (FY, "30103", "奖金", "item", None, P, 267),
    (FY, "30107", "绩效工资", "item", 112.75, P, 269),
    (FY, "30108", "机关事业单位基本养老保险缴费", "item", 40.29, P, 270),
    (FY, "30110", "职工基本医疗保险缴费", "item", 16.37, P, 272),
    (FY, "30112", "其他社会保险缴费", "item", 6.04, P, 275),
    (FY, "30113", "住房公积金", "item", 36.21, P, 276),
    (FY, "30199", "其他工资福利支出", "item", 11.94, P, 278),
    (FY, "303", "对个人和家庭的补助", "class", 18.97, P, 279),
    (FY, "30301", "离休费", "item", None, P, 280),
    (FY, "30302", "退休费", "item", 15.56, P, 281),
    (FY, "30309", "奖励金", "item", 3.42, P, 288),
    (FY, "302", "商品和服务支出", "class", 14.36, PUB, 264),
    (FY, "30201", "办公费", "item", 3.50, PUB, 265),
    (FY, "30202", "印刷费", "item", None, PUB, 266),
    (FY, "30229", "福利费", "item", 8.42, PUB, 288),
    (FY, "30299", "其他商品和服务支出", "item", 2.44, PUB, 293),
    (FY, "307", "债务利息及费用支出", "class", None, PUB, 264),
    (FY, "309", "资本性支出（基本建设）", "class", None, PUB, 269),  # —————
    (FY, "30901", "房屋建筑物购建", "item", None, PUB, 270),  # —————
    (FY, "30906", "大型修缮", "item", None, PUB, 275),  # ————
    (FY, "311", "对企业补助（基本建设）", "class", None, PUB, 271),  # —————
    (FY, "310", "资本性支出", "class", None, PUB, 283),  # blank
    (FY, "31011", "地上附着物和青苗补偿", "item", None, PUB, 264),  # blank
    # 004 公开06表 (three column groups)
    (XY, "301", "工资福利支出", "class", 2636.71, P, 1524),
    (XY, "30101", "基本工资", "item", 744.79, P, 1525),
    (XY, "30102", "津贴补贴", "item", 467.83, P, 1526),
    (XY, "30103", "奖金", "item", 538.93, P, 1527),
    (XY, "30106", "伙食补助费", "item", None, P, 1528),
    (XY, "30107", "绩效工资", "item", 76.75, P, 1529),
    (XY, "30108", "机关事业单位基本养老保险缴费", "item", 297.32, P, 1530),
    (XY, "30113", "住房公积金", "item", 239.29, P, 1535),
    (XY, "30199", "其他工资福利支出", "item", None, P, 1537),
    (XY, "303", "对个人和家庭的补助", "class", 99.32, P, 1538),
    (XY, "30301", "离休费", "item", 1.65, P, 1539),
    (XY, "30304", "抚恤金", "item", 80.72, P, 1542),
    (XY, "30399", "其他对个人和家庭的补助", "item", 0.10, P, 1550),
    (XY, "302", "商品和服务支出", "class", 189.68, PUB, 1524),
    (XY, "30201", "办公费", "item", 11.13, PUB, 1525),
    (XY, "30202", "印刷费", "item", 0.46, PUB, 1526),
    (XY, "30204", "手续费", "item", None, PUB, 1528),
    (XY, "30215", "会议费", "item", None, PUB, 1538),
    (XY, "30228", "工会经费", "item", 28.31, PUB, 1546),
    (XY, "30229", "福利费", "item", 27.26, PUB, 1547),
    (XY, "30239", "其他交通费用", "item", 101.95, PUB, 1549),
    (XY, "30299", "其他商品和服务支出", "item", 4.45, PUB, 1551),
    (XY, "307", "债务利息及费用支出", "class", None, PUB, 1552),
    (XY, "310", "资本性支出", "class", None, PUB, 1524),
    (XY, "399", "其他支出", "class", None, PUB, 1547),
    (XY, "39999", "其他支出", "item", None, PUB, 1552),
]


@pytest.mark.parametrize("doc,code,name,level,amount,category,line", ECONOMIC,
                         ids=[f"{e[0]}:{e[1]}:L{e[6]}" for e in ECONOMIC])
def test_economic_line(doc, code, name, level, amount, category, line):
    expect_econ(doc, code, name, level, amount, category, line)


# ---------------------------------------------------------------------- three_public ---
def tp(doc, item, kind, **kw):
    lines = "/".join(f"L{kw[k]}" for k in ("budget_line", "actual_line") if kw.get(k))
    return pytest.param(doc, item, kind, kw, id=f"{doc}:{item}:{kind}:{lines}")


THREE_PUBLIC = [
    # 000 narrative (出国/购置/培训/会议: 本年度无 → no row)
    tp(Q, "total", N, budget=2.10, actual=1.55, completion=73.81, budget_line=312,
       actual_line=314, completion_line=314),
    tp(Q, "vehicle_operation", N, budget=0.40, actual=0.40, completion=100.0, budget_line=336,
       actual_line=338, completion_line=338),
    tp(Q, "official_reception", N, budget=1.45, actual=1.15, completion=79.31, budget_line=344,
       actual_line=346, completion_line=346),
    # 001 narrative: actuals 0 and "完成预算 0%"; no budget printed
    tp(QX, "total", N, budget=None, actual=0.0, completion=0.0, actual_line=190,
       completion_line=191),
    tp(QX, "overseas_travel", N, budget=None, actual=0.0, actual_line=199),
    tp(QX, "vehicle", N, budget=None, actual=0.0, actual_line=201),
    tp(QX, "official_reception", N, budget=None, actual=0.0, actual_line=201),
    tp(QX, "overseas_travel", N, budget=None, actual=0.0, completion=0.0, actual_line=205,
       completion_line=205),
    tp(QX, "vehicle", N, budget=None, actual=0.0, completion=0.0, actual_line=211,
       completion_line=211),
    tp(QX, "vehicle_purchase", N, budget=None, actual=0.0, actual_line=215),
    tp(QX, "vehicle_operation", N, budget=None, actual=0.0, actual_line=225),
    tp(QX, "official_reception", N, budget=None, actual=0.0, completion=0.0, actual_line=227,
       completion_line=227),
    # 003 narrative (table 9 is empty: no table rows)
    tp(FY, "total", N, budget=0.0, actual=0.0, completion=None, budget_line=460,
       actual_line=460),
    tp(FY, "overseas_travel", N, budget=None, actual=0.0, actual_line=462),
    tp(FY, "vehicle_purchase", N, budget=None, actual=0.0, actual_line=464),
    tp(FY, "vehicle_operation", N, budget=None, actual=0.0, actual_line=466),
    tp(FY, "official_reception", N, budget=None, actual=0.0, actual_line=468),
    tp(FY, "overseas_travel", N, budget=None, actual=0.0, actual_line=472),
    tp(FY, "vehicle_purchase", N, budget=None, actual=0.0, actual_line=474),
    tp(FY, "vehicle_operation", N, budget=None, actual=0.0, actual_line=476),
    tp(FY, "official_reception", N, budget=None, actual=0.0, actual_line=478),
    # 004 narrative (出国/购置: 本年度无 → no row)
    tp(XY, "total", N, budget=14.30, actual=1.96, completion=13.71, budget_line=284,
       actual_line=284, completion_line=284),
    tp(XY, "vehicle_operation", N, budget=8.4, actual=0.0, completion=0.0, budget_line=296,
       actual_line=296, completion_line=296),
    tp(XY, "official_reception", N, budget=5.90, actual=1.96, completion=33.22, budget_line=300,
       actual_line=300, completion_line=300),
    tp(XY, "training", N, budget=120.0, actual=115.03, completion=95.86, budget_line=308,
       actual_line=308, completion_line=308),
    tp(XY, "meeting", N, budget=30.0, actual=28.97, completion=96.57, budget_line=312,
       actual_line=312, completion_line=312),
    # 004 公开09表: 预算数 row L1602, 决算数 row L1603 (blank cell → null)
    tp(XY, "total", T, budget=14.30, actual=1.96, completion=None, budget_line=1602,
       actual_line=1603),
    tp(XY, "vehicle", T, budget=8.40, actual=None, completion=None, budget_line=1602),
    tp(XY, "vehicle_operation", T, budget=8.40, actual=None, completion=None, budget_line=1602),
    tp(XY, "official_reception", T, budget=5.90, actual=1.96, completion=None, budget_line=1602,
       actual_line=1603),
    tp(XY, "meeting", T, budget=30.00, actual=28.97, completion=None, budget_line=1602,
       actual_line=1603),
    tp(XY, "training", T, budget=120.00, actual=115.03, completion=None, budget_line=1602,
       actual_line=1603),
]


@pytest.mark.parametrize("doc,item,kind,kw", THREE_PUBLIC)
def test_three_public(doc, item, kind, kw):
    expect_three_public(doc, item, kind, **kw)


NO_THREE_PUBLIC = [
    (FY, None, T),  # 公开09表 本表无数据 (L354)
    (XY, "overseas_travel", T),  # 09表 column 2 blank (L1602-L1603)
    (XY, "vehicle_purchase", T),  # 09表 column 4 blank
]

# '本年度无财政拨款…支出': the final is 0 on that line, stated in the narrative only
STATED_NONE_THREE_PUBLIC = [
    (Q, "overseas_travel", 328), (Q, "vehicle_purchase", 332), (Q, "training", 362),
    (Q, "meeting", 366), (XY, "overseas_travel", 288), (XY, "vehicle_purchase", 292),
]


@pytest.mark.parametrize("doc,item,line", STATED_NONE_THREE_PUBLIC)
def test_three_public_stated_none(doc, item, line):
    rows = table("three_public").filter((pl.col("doc_id") == doc) & (pl.col("item") == item))
    assert rows.select("source_kind", "budget", "actual", "actual_src_line").rows() == [
        (N, None, 0.0, line)]


@pytest.mark.parametrize("doc,item,kind", NO_THREE_PUBLIC,
                         ids=[f"{d}:{i or 'any'}:{k or 'any'}" for d, i, k in NO_THREE_PUBLIC])
def test_no_three_public(doc, item, kind):
    expect_no_three_public(doc, item, kind)


# ------------------------------------------------------------------------- documents ---
DOCUMENTS = [
    (Q, "000_cfb0dafd2c8bb827.txt", "千阳县人力资源和社会保障局", 2024, "department", "陕西省"),
    (QX, "001_549a6034fad0ec80.txt", "渠县城乡居民社会养老保险管理局", 2023, "unit", "四川省"),
    (FY, "003_df651f07c846b8e4.txt", "汾阳市社会保险中心", 2024, "unit", "山西省"),
    (XY, "004_0c64700254d9a193.txt", "咸阳市人力资源和社会保障局", 2023, "department", "陕西省"),
]


@pytest.mark.parametrize("doc,source_file,unit_name,year,scope,province", DOCUMENTS,
                         ids=[d[0] for d in DOCUMENTS])
def test_document(doc, source_file, unit_name, year, scope, province):
    t = table("documents")
    r = one(t.filter(pl.col("doc_id") == doc), f"documents {doc}", t)
    assert r["unit_name"] == unit_name
    assert r["fiscal_year"] == year
    assert r["scope"] == scope
    assert r["province"] == province
    assert r["source_file"] == source_file
    assert r["in_manifest"] is True
    assert r["source_sha256"] == hashlib.sha256((RAW / source_file).read_bytes()).hexdigest()
