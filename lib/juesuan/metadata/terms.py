"""Terms of the domain that are not columns (决算, 尾差, 执行率 …) and the kinds of entry the
bilingual glossary (`juesuan.glossary`) lists. Data only: the glossary renders it.
"""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.metadata.fields import PERCENT, POINTS, WANYUAN


@dataclass(frozen=True)
class Term:
    """A term of the domain: what the documents (and the teaching notebooks) call it, in both
    languages, with `see`: where it appears in the data (`table.column`, `metric:<metric>`,
    `measure:<column>`)."""

    zh: str
    en: str
    definition_zh: str
    definition_en: str
    unit: str | None = None
    see: tuple[str, ...] = ()


# What a glossary entry names (`juesuan.glossary`), in the order the glossary lists them.
GLOSSARY_KINDS: dict[str, tuple[str, str]] = {
    "term": ("术语", "Terms"),
    "table": ("数据表", "Curated tables"),
    "column": ("字段", "Columns"),
    "metric": ("总体数据指标", "Headline metrics (totals.metric)"),
    "measure": ("计算指标", "Computed measures"),
    "value": ("代码值", "Coded values"),
}


def _t(zh: str, en: str, definition_zh: str, definition_en: str, unit: str | None = None,
       see: tuple[str, ...] = ()) -> Term:
    return Term(zh, en, definition_zh, definition_en, unit, tuple(see))


TERMS: tuple[Term, ...] = (
    # the document
    _t("决算", "final accounts",
       "财政年度结束后编制的、反映一年实际收支的报告，与年初预算对照。",
       "What a department actually received and spent in a fiscal year, set against its budget; "
       "published some months after the year ends."),
    _t("部门决算", "departmental final accounts",
       "主管部门本级与所属二级预算单位合并编制的决算。",
       "Accounts consolidating the department's own office (本级) and its subordinate budget "
       "units.", see=("documents.scope",)),
    _t("单位决算", "unit final accounts", "只反映一个预算单位的决算。",
       "Accounts of one budget unit.", see=("documents.scope",)),
    _t("本级", "the department's own office",
       "主管部门机关本身，不含所属单位。", "The department's own office, without its subordinate "
       "units."),
    _t("二级预算单位", "subordinate budget unit",
       "隶属主管部门、纳入部门决算合并编制的预算单位。",
       "A budget unit under the department, consolidated in the department's accounts.",
       see=("metric:budget_units",)),
    _t("万元", "10,000 yuan",
       "决算公开的金额单位：1万元＝10,000元，保留两位小数。",
       "The unit of the amounts: 1 万元 = 10,000 yuan, printed with two decimals.", WANYUAN),
    _t("尾差", "rounding difference",
       "各数四舍五入到0.01万元后，合计与分项之和可能相差几个0.01，这不是错误。",
       "Every amount is rounded to 0.01 万元, so a total may differ from the sum of its parts by a "
       "few hundredths; that is not an error.", WANYUAN, ("findings.tolerance",)),
    _t("情况说明", "explanatory notes",
       "决算公开的文字部分：逐节说明收入、支出、财政拨款、“三公”经费等情况及原因。",
       "The narrative part of a disclosure: one section per topic explaining the figures and the "
       "reasons for them.", see=("totals.source_kind", "budget_lines.statement")),
    _t("决算表", "standard tables",
       "全国统一格式的公开表格（2023–2024年为公开01–09表），有的省份另有增列。",
       "The standard tables of the national format (公开01–09表 in 2023–2024); some provinces add "
       "their own.", see=("parts.table_number", "completeness.item_kind")),
    _t("空表", "empty table",
       "本单位没有该项收支时，公开一张没有数据的表并说明理由（如“本表无数据”）。",
       "A standard table published without data, with the reason (no such income or spending).",
       see=("parts.declared_empty", "completeness.status")),
    _t("名词解释", "glossary (of the document)",
       "决算公开中解释专业名词的部分。", "The part of a disclosure that defines its terms.",
       see=("parts.kind",)),
    # money and budgets
    _t("财政拨款", "fiscal appropriation",
       "本级财政当年拨付的资金，包括一般公共预算、政府性基金预算、国有资本经营预算拨款。",
       "Money the government's budget appropriates to the unit in the year (general public "
       "budget, government funds, state capital).", WANYUAN,
       ("metric:income_fiscal_appropriation",)),
    _t("一般公共预算", "general public budget",
       "以税收为主体的财政收入安排的预算，是部门支出最主要的来源。",
       "The government's main, tax-funded budget; most departmental spending comes from it.",
       see=("metric:gpb_expenditure_actual", "metric:income_gpb_appropriation")),
    _t("政府性基金预算", "government fund budget",
       "依法征收的专项基金（如土地出让收入）安排的预算。",
       "The budget of earmarked funds levied by law (e.g. land-sale revenue)."),
    _t("国有资本经营预算", "state capital operating budget",
       "国有资本收益安排的预算。", "The budget funded by the returns on state capital."),
    _t("结转和结余", "carry-over and balance",
       "上年没有花完、留到本年（年初）或本年没有花完、留到下年（年末）的资金。",
       "Money left unspent and carried into the year (start) or into the next year (end).",
       WANYUAN, ("metric:income_carryover_begin", "metric:carryover_end")),
    _t("支出功能分类", "functional classification of expenditure",
       "按政府职能（钱用来做什么事）对支出分类，分为类、款、项三级，编码分别为3、5、7位。",
       "Expenditure by government function (what the money is for), in three levels — class, "
       "section, item — with 3-, 5- and 7-digit codes.", see=("budget_lines.func_code",)),
    _t("类", "class (functional, 3 digits)",
       "功能分类的第一级，如208 社会保障和就业支出；类的金额等于所属各款之和。",
       "First level of the functional classification, e.g. 208 social security and employment; "
       "a class equals the sum of its sections.",
       see=("budget_lines.class_name", "budget_lines.level")),
    _t("款", "section (functional, 5 digits)",
       "功能分类的第二级，如20801 人力资源和社会保障管理事务；款等于所属各项之和。",
       "Second level, e.g. 20801 human resources and social security administration; a section "
       "equals the sum of its items.", see=("budget_lines.section_name", "budget_lines.level")),
    _t("项", "item (functional, 7 digits)",
       "功能分类的第三级，如2080101 行政运行。",
       "Third, most detailed level, e.g. 2080101 administrative operation.",
       see=("budget_lines.item_name", "budget_lines.level")),
    _t("支出经济分类", "economic classification of expenditure",
       "按用途（钱花在什么上）对支出分类，如301 工资福利支出、302 商品和服务支出。",
       "Expenditure by what it buys, e.g. 301 wages and benefits, 302 goods and services.",
       see=("economic_lines.econ_code",)),
    _t("基本支出", "basic expenditure",
       "保障机构正常运转的支出：人员经费和公用经费。",
       "Spending that keeps the organisation running: personnel plus public expenses.", WANYUAN,
       ("metric:expenditure_basic", "budget_lines.basic")),
    _t("项目支出", "project expenditure",
       "为完成特定工作任务安排的支出，如就业补助资金。",
       "Spending for specific tasks beyond running the organisation, e.g. employment subsidies.",
       WANYUAN, ("metric:expenditure_project", "budget_lines.project")),
    _t("人员经费", "personnel expenses",
       "基本支出中用于人的部分，主要是经济分类301 工资福利支出和303 对个人和家庭的补助。",
       "The part of basic expenditure spent on people: mostly economic classes 301 and 303.",
       WANYUAN, ("metric:basic_personnel", "economic_lines.category")),
    _t("公用经费", "public (operating) expenses",
       "基本支出中用于机构运转的部分，主要是302 商品和服务支出和310 资本性支出。",
       "The part of basic expenditure that runs the office: mostly economic classes 302 and 310.",
       WANYUAN, ("metric:basic_public", "economic_lines.category")),
    _t("年初预算", "initial budget",
       "年初经人民代表大会批准的预算数。",
       "The budget approved by the people's congress at the start of the year.", WANYUAN,
       ("budget_lines.budget_initial", "perf_evaluations.budget_initial",
        "metric:gpb_expenditure_budget_initial")),
    _t("追加", "mid-year addition",
       "年度中间追加安排的预算，常见且数额可能很大。",
       "Budget added during the year; common, and often large.", WANYUAN,
       ("measure:unbudgeted",)),
    _t("年初预算为零", "unbudgeted line",
       "年初没有安排预算、全年支出都来自年中追加的科目（“年初预算为零，新增…”）。",
       "A line with no initial budget whose whole spending was added during the year.",
       see=("measure:unbudgeted", "measure:unbudgeted_share")),
    _t("完成年初预算", "completion of the initial budget",
       "支出决算 ÷ 年初预算 × 100%；高于100%说明年中追加，低于100%说明没有花完。",
       "Final ÷ initial budget × 100: above 100 % means additions during the year, below means "
       "money left unspent.", PERCENT,
       ("measure:completion_rate", "budget_lines.completion_stated")),
    _t("全年预算数", "adjusted full-year budget (A)",
       "绩效自评表中的A：年中调整以后的全年预算，不是年初预算。",
       "A in a performance self-evaluation: the budget after mid-year changes, not the initial "
       "budget.", WANYUAN, ("perf_evaluations.budget_full_year",)),
    _t("全年执行数", "full-year execution (B)",
       "绩效自评表中的B：全年实际支出。", "B in a performance self-evaluation: what was actually "
       "spent in the year.", WANYUAN, ("perf_evaluations.executed",)),
    _t("执行率", "execution rate (B/A)",
       "全年执行数B ÷ 全年预算数A × 100%；分母是调整后的全年预算，用年初预算是常见错误。",
       "Full-year execution B ÷ adjusted full-year budget A × 100; dividing by the initial budget "
       "instead is the classic mistake.", PERCENT,
       ("measure:execution_rate", "perf_evaluations.execution_rate")),
    _t("“三公”经费", "“three public” expenses",
       "因公出国（境）费＋公务用车购置及运行维护费＋公务接待费；会议费、培训费通常一并公开。",
       "Official travel abroad + official vehicles (purchase, operation) + official receptions; "
       "meetings and training are reported beside them.", WANYUAN, ("three_public.item",)),
    _t("机关运行经费", "agency operating expenses",
       "行政单位和参公事业单位用于机关运转的公用经费。",
       "Public expenses of administrative (and civil-service-managed) units for running the "
       "office.", WANYUAN, ("metric:agency_operating_actual",)),
    _t("政府采购", "government procurement",
       "使用财政资金采购货物、工程和服务。", "Purchases of goods, works and services with fiscal "
       "funds.", WANYUAN, ("metric:procurement_total",)),
    # performance
    _t("绩效自评", "performance self-evaluation",
       "预算单位对自己花钱的效果打分（满分100分）并公开。",
       "A budget unit scores the results of its own spending (out of 100) and publishes it.",
       see=("perf_evaluations.scope",)),
    _t("部门整体支出绩效自评", "department-wide self-evaluation",
       "对部门全年全部支出的绩效自评，每个部门一张表。",
       "The self-evaluation of a department's whole spending, one table per department.",
       see=("perf_evaluations.scope",)),
    _t("项目支出绩效自评", "project self-evaluation",
       "对一个项目的绩效自评，每个项目一张表：资金执行情况、绩效目标和各级指标。",
       "The self-evaluation of one project: funds block, goals and indicators.",
       see=("perf_evaluations.scope",)),
    _t("重点评价", "key evaluation",
       "由部门或财政部门组织的、更全面的绩效评价，有自己的评分表和等级。",
       "A fuller evaluation organised by the department or the finance bureau, with its own "
       "score table and grade.", see=("perf_evaluations.scope",)),
    _t("绩效目标", "performance goal",
       "年初设定的预期目标，年末与实际完成情况对照。",
       "The goal set at the start of the year, compared with what was achieved."),
    _t("一级指标", "level-1 indicator",
       "指标的第一层：产出指标（约50分）、效益指标（约30分）、满意度指标（约10分），成本指标或在产出之下。",
       "Top level of the indicators: outputs (~50 points), outcomes (~30), satisfaction (~10); "
       "cost under outputs or on its own.", POINTS, ("perf_indicators.level1",)),
    _t("二级指标", "level-2 indicator",
       "指标的第二层，如数量、质量、时效、成本；社会效益、可持续影响；服务对象满意度。",
       "Second level, e.g. quantity, quality, timeliness, cost; social effect, sustainability; "
       "beneficiary satisfaction.", see=("perf_indicators.level2",)),
    _t("三级指标", "level-3 indicator",
       "具体的指标本身，有年度指标值、实际完成值、分值和得分。",
       "The indicator itself, with its target, actual value, weight and score.",
       see=("perf_indicators.level3",)),
    _t("产出指标", "output indicators", "做了多少、做得怎样、是否按时、花了多少。",
       "How much was done, how well, how timely, at what cost.", see=("perf_indicators.level1",)),
    _t("效益指标", "outcome (benefit) indicators", "做的事带来的经济、社会、生态和可持续影响。",
       "The economic, social, ecological and lasting effects of what was done.",
       see=("perf_indicators.level1",)),
    _t("满意度指标", "satisfaction indicators", "服务对象对项目的满意程度。",
       "How satisfied the beneficiaries are.", see=("perf_indicators.level1",)),
    _t("分值", "weight (points)",
       "一个指标最多可得的分数；全部指标分值加资金执行分值应为100。",
       "The most points an indicator can earn; all weights plus the funds weight make 100.",
       POINTS, ("perf_indicators.weight", "perf_evaluations.funds_weight")),
    _t("得分", "score", "实际得到的分数，不能超过分值；各项得分之和为总分。",
       "Points earned, never above the weight; the total score is their sum.", POINTS,
       ("perf_indicators.score", "perf_evaluations.score")),
    _t("资金执行得分", "funds score",
       "预算执行部分的得分，通常为执行率 × 分值（10分）。",
       "Points for budget execution, usually execution rate × its weight (10).", POINTS,
       ("perf_evaluations.funds_score",)),
    _t("等级", "grade",
       "按总分评定：90分及以上为优，80–90分为良，60–80分为中，60分以下为差。",
       "From the total score: ≥90 excellent (优), 80–<90 good (良), 60–<80 fair (中), <60 poor "
       "(差).", see=("perf_evaluations.grade", "measure:grade_from_score")),
    _t("优", "excellent (grade)", "总分90分及以上。", "A total score of 90 or more.",
       see=("perf_evaluations.grade",)),
    _t("良", "good (grade)", "总分80分及以上、不到90分。", "A total score from 80 to under 90.",
       see=("perf_evaluations.grade",)),
    _t("中", "fair (grade)", "总分60分及以上、不到80分。", "A total score from 60 to under 80.",
       see=("perf_evaluations.grade",)),
    _t("差", "poor (grade)", "总分不到60分。", "A total score under 60.",
       see=("perf_evaluations.grade",)),
    _t("定性指标", "qualitative indicator",
       "指标值是“提高”“长期”“有效”这类没有数字的描述，无法核对是否完成。",
       "An indicator whose target is a word such as 提高 (improve) or 长期 (long-term), with no "
       "number to check it against.", see=("measure:qualitative", "perf_indicators.nature")),
    _t("定量指标", "quantitative indicator",
       "指标值是可核对的数字，如“≥95%”“15000人”。",
       "An indicator with a measurable target such as ≥95 % or 15,000 people.",
       see=("perf_indicators.target",)),
    _t("满分", "full marks", "指标得分等于分值；几乎全部满分时，打分很难区分好坏。",
       "An indicator scoring its full weight; when nearly all do, the scores tell little.",
       see=("measure:full_marks", "measure:full_marks_share")),
    # the audit
    _t("一致性审核", "consistency audit",
       "检查文档自己和自己是否对得上：合计与分项、所述百分比与金额、前后表述。",
       "Checks where a document disagrees with itself: totals vs parts, stated percentages vs "
       "amounts, the same figure stated twice.", see=("findings.rule_id",)),
    _t("公开完整性", "disclosure completeness",
       "对照全国统一格式，看应公开的表格、章节和附件是否都已公开。",
       "Whether every table, section and annex of the national format is published.",
       see=("completeness.status",)),
)
