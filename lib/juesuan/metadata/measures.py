"""Measures: the columns `juesuan.measures` computes (rates, gaps, shares, counts), defined
once so charts, tables and the glossary label them from one place.

They are never stored in the curated tables. A measure whose meaning depends on the table it is
computed from has its meaning for that table in `MEASURE_CONTEXT`.
"""

from __future__ import annotations

from juesuan.metadata.fields import COUNT, PER_STAFF, PERCENT, POINTS, WANYUAN, Field, measure

MEASURE_COLUMNS: dict[str, Field] = {c.name: c for c in (
    measure("line_name", "string", "Name of the line: its 项, else its 款, else its 类", "科目名称"),
    measure("completion_rate", "number", "Completion of the initial budget, computed: final ÷ initial "
            "budget × 100", "完成年初预算（按金额计算）", PERCENT),
    measure("unbudgeted", "boolean", "Spent without an initial budget: 年初预算 0 and spending > 0 "
            "(a mid-year addition)", "年初预算为零"),
    measure("gap_wanyuan", "number", "Final minus initial budget", "决算减年初预算", WANYUAN),
    measure("gap_percent", "number", "Completion minus 100: how far the final is from the initial "
            "budget", "偏离年初预算", PERCENT),
    measure("budget_status", "string", "Whether a line had an initial budget (budgeted, unbudgeted, "
            "not stated)", "年初预算情况"),
    measure("execution_rate", "number", "Execution rate B/A, computed: full-year execution ÷ adjusted "
            "full-year budget × 100", "执行率B/A（按金额计算）", PERCENT),
    measure("execution_rate_stated", "number", "Execution rate as the table states it",
            "执行率（表中所述）", PERCENT),
    measure("execution_rate_difference", "number", "Stated execution rate minus the computed one",
            "所述执行率与计算值之差", PERCENT),
    measure("initial_budget_completion_rate", "number", "Execution B ÷ initial budget × 100 — not the "
            "execution rate (whose base is the full-year budget A)", "执行数占年初预算数", PERCENT),
    measure("budget_initial_wanyuan", "number", "Initial budget in 万元 (converted from 元 where "
            "printed in 元)", "年初预算数（折合万元）", WANYUAN),
    measure("budget_full_year_wanyuan", "number", "Full-year budget A in 万元", "全年预算数A（折合万元）",
            WANYUAN),
    measure("executed_wanyuan", "number", "Full-year execution B in 万元", "全年执行数B（折合万元）",
            WANYUAN),
    measure("funds_score_rate", "number", "Funds score ÷ funds weight × 100", "资金执行得分率", PERCENT),
    measure("grade_stated", "string", "Grade as printed (table, else narrative)", "等级（文中所述）"),
    measure("grade_from_score", "string", "Grade the score earns: ≥90 优, 80–<90 良, 60–<80 中, <60 差",
            "按得分应得等级"),
    measure("grade_is_computed", "boolean", "No grade printed: the grade is computed from the score",
            "等级按得分推定"),
    measure("share", "number", "Share of the whole, computed", "占比", PERCENT),
    measure("n_lines", "integer", "Lines with a stated initial budget", "科目数", COUNT),
    measure("n_unbudgeted", "integer", "Lines spent without an initial budget", "年初预算为零的科目数",
            COUNT),
    measure("unbudgeted_actual", "number", "Spending on the lines without an initial budget",
            "年初预算为零科目的决算数", WANYUAN),
    measure("lines_actual", "number", "Spending on all lines with a stated initial budget",
            "各科目决算数合计", WANYUAN),
    measure("unbudgeted_share", "number", "Share of that spending on lines without an initial budget",
            "年初预算为零科目的支出占比", PERCENT),
    measure("basic_share", "number", "Basic expenditure ÷ expenditure of the year", "基本支出占本年支出",
            PERCENT),
    measure("project_share", "number", "Project expenditure ÷ expenditure of the year",
            "项目支出占本年支出", PERCENT),
    measure("personnel_share", "number", "Personnel expenses ÷ (personnel + public expenses)",
            "人员经费占基本支出", PERCENT),
    measure("public_share", "number", "Public expenses ÷ (personnel + public expenses)",
            "公用经费占基本支出", PERCENT),
    measure("fiscal_income", "number", "Fiscal appropriation income (else the general-budget "
            "appropriation)", "财政拨款收入", WANYUAN),
    measure("fiscal_income_share", "number", "Fiscal appropriation income ÷ income of the year",
            "财政拨款收入占本年收入", PERCENT),
    measure("expenditure_per_staff", "number", "Expenditure of the year per actual staff member",
            "人均本年支出", PER_STAFF),
    measure("basic_expenditure_per_staff", "number", "Basic expenditure per actual staff member",
            "人均基本支出", PER_STAFF),
    measure("personnel_per_staff", "number", "Personnel expenses per actual staff member",
            "人均人员经费", PER_STAFF),
    measure("n_evaluations", "integer", "Number of evaluations", "评价个数", COUNT),
    measure("n_computed", "integer", "Of which the grade is computed from the score",
            "其中等级按得分推定", COUNT),
    measure("n_scored", "integer", "Number with a score (evaluations; indicators with weight and "
            "score)", "有得分的个数", COUNT),
    measure("mean_score", "number", "Mean score", "平均分", POINTS),
    measure("median_score", "number", "Median score", "中位数", POINTS),
    measure("min_score", "number", "Lowest score", "最低分", POINTS),
    measure("max_score", "number", "Highest score", "最高分", POINTS),
    measure("std_score", "number", "Standard deviation of the scores", "标准差", POINTS),
    measure("n_full_score", "integer", "Evaluations scoring a full 100", "满分（100分）个数", COUNT),
    measure("full_score_share", "number", "Share of evaluations scoring a full 100", "满分占比",
            PERCENT),
    measure("score_band", "string", "Score band (100, 95–<100, 90–<95, 80–<90, 60–<80, <60)",
            "得分区间"),
    measure("n_full_marks", "integer", "Indicators that earned their full weight", "得满分的指标数",
            COUNT),
    measure("full_marks_share", "number", "Share of scored indicators that earned their full weight",
            "得满分的指标占比", PERCENT),
    measure("n_indicators", "integer", "Applicable indicators", "有效指标数", COUNT),
    measure("n_qualitative", "integer", "Qualitative indicators", "定性指标数", COUNT),
    measure("qualitative_share", "number", "Share of applicable indicators that are qualitative",
            "定性指标占比", PERCENT),
    measure("effective_target", "string", "Target used: the adjusted target where printed, else the "
            "target", "指标值（调整后优先）"),
    measure("applicable", "boolean", "An indicator row with a real target (not 无, /, 不涉及 …)",
            "有效指标"),
    measure("qualitative", "boolean", "Qualitative: 指标性质 定性, or a target without any digit",
            "定性指标"),
    measure("scored", "boolean", "The indicator prints a weight above 0 and a score", "有分值和得分"),
    measure("full_marks", "boolean", "Scored, and the score equals the weight", "得满分"),
    measure("item_zh", "string", "Name of the item", "项目"),
    measure("budget_source", "string", "Where the budget figure is stated", "预算数出处"),
    measure("actual_source", "string", "Where the final figure is stated", "决算数出处"),
    measure("gpb_budget_initial", "number", "General-budget appropriation expenditure: initial budget",
            "一般公共预算财政拨款支出年初预算", WANYUAN),
    measure("gpb_actual", "number", "General-budget appropriation expenditure: final",
            "一般公共预算财政拨款支出决算", WANYUAN),
    measure("unit_label", "string", "Department or unit name with the fiscal year", "部门（单位）"),
    measure("rule_title", "string", "Title of the audit rule", "规则"),
    measure("source", "string", "Which statement the figures come from", "数据来源"),
    measure("n_findings", "integer", "Number of audit findings", "发现数", COUNT),
    measure("fiscal_income_basis", "string", "Which metric `fiscal_income` is", "财政拨款收入口径"),
    measure("n_statements", "integer", "How many times the document states the figure", "表述次数",
            COUNT),
    measure("statements_agree", "boolean", "All statements of the figure agree within rounding",
            "各处表述是否一致"),
    measure("rank", "integer", "Rank within the document", "排名"),
    measure("ranked_by", "string", "What the rank orders by: the gap in 万元 or in percent", "排序依据"),
    measure("reason", "string", "Reason the narrative states for a line's gap to its initial budget "
            "(主要原因是……)", "文中所述原因"),
    measure("reason_kind", "string", "Kind of the stated reason (mid-year addition, carry-over …)",
            "原因类别"),
)}

# Measure columns whose meaning depends on the table they are computed from.
MEASURE_CONTEXT: dict[str, dict[str, Field]] = {
    "three_public": {"completion_rate": measure(
        "completion_rate", "number", "Completion of the budget, computed: final ÷ budget × 100",
        "完成预算（按金额计算）", PERCENT)},
}

# The documents compared side by side (`juesuan.measures.COMPARED`): titles there that say more
# than the measure's own label (a view of measures, so not glossary entries of their own).
COMPARED_FIELDS: dict[str, Field] = {c.name: c for c in (
    measure("completion_rate", "number", "Completion of the initial general-budget appropriation "
            "budget, computed: final ÷ initial budget × 100",
            "完成年初预算（一般公共预算财政拨款支出）", PERCENT),
    measure("three_public_completion", "number", "Completion of the “three public” budget, "
            "computed: total final ÷ total budget × 100", "“三公”经费完成预算", PERCENT),
    measure("mean_score", "number", "Mean total score of the performance evaluations",
            "绩效自评平均分", POINTS),
)}

# How a compared measure is computed, in the words the comparison shows (计算方法).
FORMULAS_ZH: dict[str, str] = {
    "completion_rate": "决算 ÷ 年初预算；高于100%说明年中追加多，低于100%说明年初预算没有花完",
    "unbudgeted_share": "年初预算为零、年中新增的科目的决算数 ÷ 列示年初预算的各科目决算数合计",
    "project_share": "项目支出 ÷ 本年支出合计",
    "personnel_share": "人员经费 ÷（人员经费＋公用经费）",
    "fiscal_income_share": "财政拨款收入 ÷ 本年收入合计",
    "expenditure_per_staff": "本年支出合计 ÷ 实有人数",
    "personnel_per_staff": "人员经费 ÷ 实有人数",
    "three_public_completion": "“三公”经费合计决算数 ÷ 预算数（预算为零时无法计算）",
    "mean_score": "各绩效评价总得分的平均值",
}

# Labels of what the charts show that is neither a curated column nor a measure of its own.
DISPLAY_LABELS: dict[str, str] = {
    "src_line": "源文件行号",  # short, after a value's name: 决算数源文件行号
    "rate_shown": "执行率 B/A",  # measures.execution_rate_shown
    "rate_shown_long": "执行率 B/A（全年执行数÷全年预算数）",
    "ungraded": "未评级",  # an evaluation without a grade
    "caveat": "注意",  # a figure the audit disputes or the document explains
    "same_point": "同一位置的评价数",  # evaluations drawn as one dot (same rate and score)
}
