"""The one registry of rules (`RULES`: id, title, what it checks, tolerance), running them
and the rule catalogue of AUDIT.md."""

from __future__ import annotations

import re
from collections.abc import Callable

from juesuan import metadata
from juesuan.checks import evidence
from juesuan.checks.rules.classification import rule_codes
from juesuan.checks.rules.common import (
    Finding,
    Rule,
    Tables,
    batches,
)
from juesuan.checks.rules.cross import rule_cross_tables
from juesuan.checks.rules.document import (
    rule_direction,
    rule_empty_table,
    rule_listed_only,
    rule_placeholder,
    rule_punctuation,
    rule_year,
    rule_yoy_reason,
)
from juesuan.checks.rules.identity import (
    rule_all_gpb,
    rule_dup_func,
    rule_dup_perf,
    rule_dup_three_public,
    rule_dup_totals,
)
from juesuan.checks.rules.lines import (
    rule_pct_func,
    rule_sum_econ,
    rule_sum_func,
    rule_sum_func_row,
    rule_sum_gpb_within,
    rule_sum_narrative_gpb,
)
from juesuan.checks.rules.performance import (
    rule_pct_exec,
    rule_perf_grade,
    rule_perf_key_detail,
    rule_perf_key_sum,
    rule_perf_level1,
    rule_perf_over,
    rule_perf_score,
    rule_perf_weights,
)
from juesuan.checks.rules.plausibility import (
    rule_plaus_negative,
    rule_plaus_project_size,
    rule_plaus_rate,
    rule_plaus_zero_base,
)
from juesuan.checks.rules.three_public import (
    rule_pct_three_public,
    rule_sum_three_public,
)
from juesuan.checks.rules.totals import (
    rule_pct_growth,
    rule_pct_totals,
    rule_sum_basic,
    rule_sum_carryover,
    rule_sum_expenditure,
    rule_sum_income,
)
from juesuan.metadata.codes import (
    FINDING_CATEGORIES,
    SCORE_PENALTIES,
    SCORE_WEIGHTS,
    SEVERITY_ZH,
)

# --- the catalogue -----------------------------------------------------------------------------

_SUM_TOL = "0.005 × (n + 1) for a total of n stated parts (each printed amount ±0.005)"
_PCT_TOL = ("the interval of a/b under ±0.005 on each amount, widened by half a unit of the "
            "percentage's last printed decimal; a percentage that is the ratio truncated "
            "(not rounded) to its decimals is only 提示")
_DUP_TOL = ("0.005 (two roundings of one number print the same digits); a value 10,000 × the "
            "other is named a unit slip (元 or 亿元 labelled 万元)")
_EXACT = "exact (0.005, for two-decimal scores)"


# A rule's category follows its family (the id's prefix).
_CATEGORY = {"SUM": "sum", "EQ": "sum", "PCT": "percent", "DUP": "repeat", "PERF": "performance",
             "PLAUS": "plausibility", "ID": "identity", "NARR": "narrative",
             "COMP": "completeness", "CODE": "code"}
# The GovBudgetChecker rule (rules/v3_3.yaml, `decision` block and `rules`) each corresponds to.
PEER: dict[str, str] = {
    "SUM-CARRYOVER": "D-001 identity (总计＝结余分配＋年末结转和结余＋本年支出合计)",
    "SUM-INCOME": "D-002", "SUM-EXPENDITURE": "D-003", "SUM-BASIC": "D-006 identity; C-002",
    "CODE-CLASS": "decision.normalization.functional_code_norm (3/5/7)",
    "SUM-TABLES": "C-004 (收支总表 vs 功能分类表, 财政拨款口径)",
    "SUM-FUNC": "D-005 functional_class_details_compare", "SUM-3PUBLIC": "C-001; D-007",
    "PCT-TOTALS": "D-002/D-003 percent_compare", "PCT-FUNC": "D-005 structure percent",
    "PCT-3PUBLIC": "D-007 percent_compare_group", "DUP-TOTALS": "D-001/D-004 match_value; C-003",
    "DUP-FUNC": "D-005 details; C-003", "DUP-3PUBLIC": "D-007 match_value_pair",
    "NARR-DIRECTION": "D-005 budget_vs_final_compare_in_text",
    "NARR-EMPTY-TABLE": "D-008/D-009 empty_table_statement_required",
    "COMP-LISTED-ONLY": "toc_alignment (require_all_core_titles_present)",
    "ID-PLACEHOLDER": "normalization.placeholders (XX, ××, 某某)",
    "ID-YEAR": "identification (年度)",
    "NARR-YOY-REASON": "D-001/D-004 yoy_reason_required",
}


def _r(rule_id: str, zh: str, en: str, tol: str, func: Callable[[Tables], list[Finding]]) -> Rule:
    """A Rule whose `checks` text is its function's docstring (one source of truth)."""
    doc = re.sub(r"(?<=[\u4e00-\u9fff（）])\s+(?=[\u4e00-\u9fff（）])", "",
                 " ".join((func.__doc__ or "").split()))
    return Rule(rule_id, zh, en, doc, tol, func, _CATEGORY[rule_id.split("-")[0]],
                PEER.get(rule_id, ""))


RULES: list[Rule] = [
    _r("SUM-CARRYOVER", "收支总计＝本年＋结转结余", "Grand totals vs year + carry-over", _SUM_TOL,
       rule_sum_carryover),
    _r("SUM-INCOME", "本年收入＝各项收入之和", "Income of the year vs its sources", _SUM_TOL,
       rule_sum_income),
    _r("SUM-EXPENDITURE", "本年支出＝基本＋项目（＋经营）", "Expenditure vs basic + project",
       _SUM_TOL, rule_sum_expenditure),
    _r("SUM-BASIC", "基本支出＝人员经费＋公用经费", "Basic expenditure vs personnel + public",
       _SUM_TOL, rule_sum_basic),
    _r("EQ-ALL-GPB", "全部为一般公共预算支出时基本/项目支出应一致",
       "All spending general-budget: basic/project must match", _DUP_TOL, rule_all_gpb),
    _r("SUM-ECON", "经济分类：类＝款之和，人员/公用经费合计", "Economic classification sums",
       _SUM_TOL, rule_sum_econ),
    _r("SUM-FUNC", "功能分类：合计＝类之和，类＝款之和，款＝项之和",
       "Functional classification sums", _SUM_TOL, rule_sum_func),
    _r("SUM-FUNC-ROW", "功能分类表行：合计＝基本＋项目", "Table row: total = basic + project",
       _SUM_TOL, rule_sum_func_row),
    _r("SUM-GPB-WITHIN", "公开05表各科目不超过公开03表", "Table 05 within table 03, line by line",
       "0.005 × 2 (two printed amounts); a blank 公开03表 cell counts as 0",
       rule_sum_gpb_within),
    _r("SUM-NARRATIVE-GPB", "一般公共预算支出总额＝说明所列各科目之和",
       "General-budget total vs the narrative's line items", _SUM_TOL, rule_sum_narrative_gpb),
    _r("SUM-3PUBLIC", "“三公”合计＝各项之和，公务用车＝购置＋运行",
       "“Three public” total vs its items", _SUM_TOL, rule_sum_three_public),
    _r("SUM-TABLES", "表间勾稽：财政拨款、一般公共预算不超过全部资金", "Cross-table identities",
       "0.005 × 2 (two printed amounts)", rule_cross_tables),
    _r("CODE-CLASS", "科目编码位数与上级科目", "Classification codes", "none (a code is exact)",
       rule_codes),
    _r("PCT-TOTALS", "完成率、占比（总体数据）", "Completion and shares of headline figures",
       _PCT_TOL, rule_pct_totals),
    _r("PCT-GROWTH", "较上年增长（下降）比例", "Year-on-year growth vs the stated change",
       _PCT_TOL + "; the previous year (current − change) carries ±0.01", rule_pct_growth),
    _r("PCT-FUNC", "科目完成年初预算、占比", "Line items: completion and shares", _PCT_TOL,
       rule_pct_func),
    _r("PCT-3PUBLIC", "“三公”等完成预算比例", "“Three public”: completion", _PCT_TOL,
       rule_pct_three_public),
    _r("PCT-EXEC", "项目执行率＝B÷A", "Execution rate vs B / A", _PCT_TOL, rule_pct_exec),
    _r("DUP-TOTALS", "同一数据前后表述不一致", "Same headline figure, different values", _DUP_TOL,
       rule_dup_totals),
    _r("DUP-FUNC", "科目决算数说明与表格不一致", "Line item: narrative vs table 05", _DUP_TOL,
       rule_dup_func),
    _r("DUP-3PUBLIC", "“三公”经费说明与表格不一致", "“Three public”: narrative vs table",
       _DUP_TOL, rule_dup_three_public),
    _r("DUP-PERF", "绩效自评表与文字说明不一致", "Performance table vs its narrative",
       _DUP_TOL + "; rates: half a unit of the coarser printed decimal", rule_dup_perf),
    _r("PERF-WEIGHTS", "指标分值＋资金分值＝100", "Weights sum to 100", _EXACT,
       rule_perf_weights),
    _r("PERF-SCORE", "指标得分＋资金得分＝总分", "Scores sum to the total", _EXACT,
       rule_perf_score),
    _r("PERF-OVER", "得分不得超过分值", "No score above its weight", _EXACT, rule_perf_over),
    _r("PERF-GRADE", "等级与得分相符", "Grade fits the score", "band limits are exact",
       rule_perf_grade),
    _r("PERF-LEVEL1", "一级指标标注分值＝所属指标分值之和", "一级指标 points vs its weights",
       _EXACT, rule_perf_level1),
    _r("PERF-KEY-SUM", "重点评价：一级指标得分之和＝总分", "Key evaluation: 一级 scores vs total",
       _EXACT, rule_perf_key_sum),
    _r("PERF-KEY-DETAIL", "重点评价：一级指标＝明细指标之和",
       "Key evaluation: 一级 row vs its detailed indicators", _EXACT, rule_perf_key_detail),
    _r("PLAUS-PROJECT-SIZE", "项目金额超过部门支出总计", "Project larger than the department",
       "none (strictly larger)", rule_plaus_project_size),
    _r("PLAUS-RATE", "执行率超过110%", "Execution rate above 110 %", "none (above 110 %)",
       rule_plaus_rate),
    _r("PLAUS-NEGATIVE", "金额为负数", "Negative amount", "none (below 0)", rule_plaus_negative),
    _r("PLAUS-ZERO-BASE", "基数为零却列示百分比", "Percentage of a zero base", "none (base = 0)",
       rule_plaus_zero_base),
    _r("ID-PLACEHOLDER", "模板占位符未替换", "Placeholder left from a template",
       "none (a pattern)", rule_placeholder),
    _r("ID-YEAR", "标题、日期年度与封面不符", "Fiscal year of headings and dates",
       "none (the year must equal the cover's)", rule_year),
    _r("NARR-DIRECTION", "决算数大于/小于/等于预算数的表述与金额不符", "Direction words vs the amounts",
       "0.005 × 2 (two printed amounts); 基本持平: 1 % of the budget", rule_direction),
    _r("NARR-EMPTY-TABLE", "空表：说明列有金额或无空表说明", "Table printed empty",
       "none (any non-zero amount)", rule_empty_table),
    _r("NARR-YOY-REASON", "与上年相比有变动但未说明原因", "Year-on-year change without a reason",
       "any non-zero change; the reason within 3 lines", rule_yoy_reason),
    _r("ID-PUNCT", "标点重复", "Doubled punctuation", "none (a pattern)", rule_punctuation),
    _r("COMP-LISTED-ONLY", "目录所列表格正文缺失", "Table listed but not printed",
       "none", rule_listed_only),
]


def run(tables: Tables, doc_ids: list[str] | None = None) -> list[Finding]:
    """All rules over the given tables (restricted to `doc_ids`), as FINDINGS rows sorted by
    doc_id, rule_id, src_line, subject. The documents are audited in batches (`batches`)."""
    found: list[Finding] = []
    for batch in batches(tables, doc_ids):
        found += run_batch(batch)
    return sorted(found, key=_order)


def run_batch(batch: Tables) -> list[Finding]:
    """All rules over the tables of one batch of documents (a `Batch`, or any tables whose
    documents are all to be audited), as FINDINGS rows in the order of `run`."""
    columns = metadata.TABLES["findings"].column_names
    rows = [{**f, "category": rule.category} for rule in RULES for f in rule.func(batch)]
    return sorted(({c: f[c] for c in columns} for f in evidence.enrich(rows, batch)),
                  key=_order)


def _order(f: Finding) -> tuple:
    return (f["doc_id"], f["rule_id"], f["src_line"], f["subject"], f["message_en"])


def catalogue_markdown() -> str:
    """The rule catalogue as a Markdown table (ids, what each checks, its tolerance)."""
    head = ("| rule | 规则 | category | checks | tolerance | GovBudgetChecker |\n"
            "|---|---|---|---|---|---|\n")
    body = "".join(f"| `{r.rule_id}` | {r.title_zh} | {FINDING_CATEGORIES[r.category][0]} | "
                   f"**{r.title_en}.** {r.checks} | {r.tolerance} | {r.peer or '—'} |\n"
                   for r in RULES)
    note = ("\nSeverity (the reviewer's words): **确定 (error)** — the document contradicts "
            "itself beyond rounding; **疑似 (warning)** — implausible, or a gap that an unstated "
            "figure could explain; **提示 (info)** — worth knowing, not a contradiction. Amounts "
            "carry ±0.005 of rounding (the documents: 公开数据为四舍五入计算结果，存在尾差). "
            "Year-on-year growth (与上年相比增加 … 万元，增长 x%) is checked against the "
            "narrative's own current figure (PCT-GROWTH); a stated decrease is negative and not "
            "implausible.\n\n"
            "**Tolerances, and why not the peer's.** All tolerances derive from one constant, "
            "`metadata.formats.ROUNDING` = 0.005 万元 (half a unit of the second printed "
            "decimal), in `checks/rules/common.py`: a sum of n parts ±0.005 × (n + 1), a repeated "
            "figure ±0.005, a percentage within the interval its rounded operands allow plus half "
            "a unit of its own last decimal. GovBudgetChecker (rules/v3_3.yaml) accepts 0.5 万元 "
            "on any amount and 0.1 percentage point on any ratio. Ours are tighter because the "
            "documents print two decimals and say the only discrepancy is 尾差: 0.5 万元 (5,000 "
            "元) is more than whole items of the corpus (the 财政局's 手续费 0.09, 培训费 4.05 "
            "beside a 0.95 “三公” budget), so a dropped or mistyped item would pass, and a fixed 0.1 point is both too loose for 71.73% vs 71.65% on large bases "
            "and too strict for a share printed without decimals (46% is ±0.5 by its printing). "
            "The one judgement tolerance is 基本持平 (NARR-DIRECTION): 1 % of the budget.\n\n"
            "**Category** (`findings.category`): " + "; ".join(
                f"{zh} `{k}`" for k, (zh, _en) in FINDING_CATEGORIES.items()) + ".\n\n"
            "**Evidence and review.** Each finding carries `finding_id` (a hash of rule, doc_id, "
            "subject and lines, stable across re-ingest), the lines (`src_lines`) and PDF pages "
            "(`src_pages`) of every value involved and a `quote` of its first line. "
            "`data/raw/reviews.csv` (finding_id, verdict confirmed/false_positive, reason) marks "
            "findings `reviewed`; they stay in the table.\n\n"
            "**Disclosure score** (table `scores`, 0–100): " + " + ".join(
                f"{w} % {k}" for k, w in SCORE_WEIGHTS.items()) + ". Completeness = share of "
            "the required items present or declared empty; consistency = 100 − "
            + ", ".join(f"{p} per {SEVERITY_ZH[s]}" for s, p in SCORE_PENALTIES.items())
            + " finding (false positives and completeness findings left out; floor 0); "
            "performance = share of the performance items (绩效 section, 部门整体 and 项目 "
            "evaluation tables) present. Completeness weighs most because what is not "
            "published cannot be checked at all.\n")
    return head + body + note
