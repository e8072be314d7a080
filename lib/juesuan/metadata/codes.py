"""Codes and vocabularies: the values a coded column takes, with their Chinese and English
names (`VALUE_LABELS`), and the metric vocabulary of `totals` (`METRICS`).

Every Chinese name of a coded value is spelt here; charts, tables, the audit's messages and the
glossary read it from here.
"""

from __future__ import annotations

from juesuan.metadata import perf_templates
from juesuan.metadata.fields import PERSONS, WANYUAN

# --- metric vocabulary of `totals` ------------------------------------------------------
# metric -> (unit, English, Chinese). Documented in the data dictionary.
METRICS: dict[str, tuple[str, str, str]] = {
    "income_total": (WANYUAN, "Income grand total (收入总计, incl. carry-over)", "收入总计"),
    "income_current_year": (WANYUAN, "Income of the year (本年收入合计)", "本年收入合计"),
    "income_fiscal_appropriation": (WANYUAN, "Fiscal appropriation income of the year",
                                    "财政拨款收入"),
    "income_gpb_appropriation": (WANYUAN, "General public budget appropriation income",
                                 "一般公共预算财政拨款收入"),
    "income_business": (WANYUAN, "Business income (事业收入)", "事业收入"),
    "income_operating": (WANYUAN, "Operating income (经营收入)", "经营收入"),
    "income_other": (WANYUAN, "Other income (其他收入)", "其他收入"),
    "income_carryover_begin": (WANYUAN, "Carry-over and balance at the start of the year",
                               "年初结转和结余"),
    "expenditure_total": (WANYUAN, "Expenditure grand total (支出总计, incl. carry-over)",
                          "支出总计"),
    "expenditure_current_year": (WANYUAN, "Expenditure of the year (本年支出合计)", "本年支出合计"),
    "expenditure_basic": (WANYUAN, "Basic expenditure (基本支出)", "基本支出"),
    "expenditure_project": (WANYUAN, "Project expenditure (项目支出)", "项目支出"),
    "expenditure_operating": (WANYUAN, "Operating expenditure (经营支出)", "经营支出"),
    "carryover_end": (WANYUAN, "Carry-over and balance at the end of the year", "年末结转和结余"),
    "fiscal_income_total": (WANYUAN, "Fiscal appropriation income grand total",
                            "财政拨款收入总计"),
    "fiscal_expenditure_total": (WANYUAN, "Fiscal appropriation expenditure grand total",
                                 "财政拨款支出总计"),
    "fiscal_expenditure_current_year": (WANYUAN, "Fiscal appropriation expenditure of the year",
                                        "财政拨款本年支出合计"),
    "fiscal_income_current_year": (WANYUAN, "Fiscal appropriation income of the year",
                                   "财政拨款本年收入合计"),
    "fiscal_carryover_begin": (WANYUAN, "Fiscal appropriation carry-over at the start of the year",
                               "年初财政拨款结转和结余"),
    "fiscal_carryover_end": (WANYUAN, "Fiscal appropriation carry-over at the end of the year",
                             "年末财政拨款结转和结余"),
    "gpb_expenditure_budget_initial": (WANYUAN, ("General public budget appropriation expenditure"
                                       ": initial budget"), "一般公共预算财政拨款支出年初预算"),
    "gpb_expenditure_actual": (WANYUAN, "General public budget appropriation expenditure: final",
                               "一般公共预算财政拨款支出决算"),
    "gpb_basic_expenditure": (WANYUAN, "General public budget appropriation basic expenditure",
                              "一般公共预算财政拨款基本支出"),
    "gpb_project_expenditure": (WANYUAN, "General public budget appropriation project expenditure",
                                "一般公共预算财政拨款项目支出"),
    "basic_personnel": (WANYUAN, "Basic expenditure: personnel (人员经费)", "人员经费"),
    "basic_public": (WANYUAN, "Basic expenditure: public/operating (公用经费)", "公用经费"),
    "agency_operating_budget": (WANYUAN, "Agency operating expenses: budget", "机关运行经费预算"),
    "agency_operating_actual": (WANYUAN, "Agency operating expenses: final", "机关运行经费决算"),
    "procurement_total": (WANYUAN, "Government procurement total", "政府采购支出总额"),
    "procurement_goods": (WANYUAN, "Government procurement: goods", "政府采购货物支出"),
    "procurement_works": (WANYUAN, "Government procurement: works", "政府采购工程支出"),
    "procurement_services": (WANYUAN, "Government procurement: services", "政府采购服务支出"),
    "vehicles_total": ("辆", "Vehicles held at year end", "车辆数合计"),
    "staff_authorized": (PERSONS, "Authorised posts (编制)", "编制人数"),
    "staff_actual": (PERSONS, "Actual staff (实有人员)", "实有人数"),
    "staff_retired": (PERSONS, "Retirees managed by the unit (离退休人员)", "离退休人员"),
    "budget_units": ("个", "Budget units consolidated in the accounts", "纳入决算编制范围的单位数"),
    "reception_batches": ("批次", "Domestic official receptions: batches", "国内公务接待批次"),
    "reception_visitors": ("人次", "Domestic official receptions: visitors", "国内公务接待人次"),
}

# Year-on-year changes as the narrative states them (与上年相比增加/减少 …, 增长/下降 …%): the
# change in 万元 (a decrease negative), with the stated growth in percent_stated.
for _base in ("income_total", "expenditure_total", "fiscal_income_total",
              "fiscal_expenditure_total", "gpb_expenditure_actual"):
    _unit, _en, _zh = METRICS[_base]
    METRICS[f"{_base}_yoy_change"] = (_unit, f"{_en}: change on the previous year (decrease < 0)",
                                      f"{_zh}较上年增减")

# --- “三公” items: item -> (Chinese, English title, English in running text) ---------------------
# The running-text form is what the audit's English messages say (“overseas travel budget …”).
THREE_PUBLIC_NAMES: dict[str, tuple[str, str, str]] = {
    "total": ("“三公”经费合计", "“Three public” expenses: total", "“three public” total"),
    "overseas_travel": ("因公出国（境）费", "Official travel abroad", "overseas travel"),
    "vehicle": ("公务用车购置及运行维护费", "Official vehicles: purchase, operation and maintenance",
                "vehicles (purchase and operation)"),
    "vehicle_purchase": ("公务用车购置费", "Official vehicles: purchase", "vehicle purchase"),
    "vehicle_operation": ("公务用车运行维护费", "Official vehicles: operation and maintenance",
                          "vehicle operation"),
    "official_reception": ("公务接待费", "Official receptions", "official reception"),
    "meeting": ("会议费", "Meetings", "meetings"),
    "training": ("培训费", "Training", "training"),
}
THREE_PUBLIC_ITEMS = {k: zh for k, (zh, _en, _short) in THREE_PUBLIC_NAMES.items()}
THREE_PUBLIC_ITEMS_EN = {k: en for k, (_zh, en, _short) in THREE_PUBLIC_NAMES.items()}
THREE_PUBLIC_ITEMS_EN_SHORT = {k: short for k, (_zh, _en, short) in THREE_PUBLIC_NAMES.items()}

PERF_SCOPES = ("department_overall", "project", "key_evaluation")
# The templates are the registry's (metadata/perf_templates.py): one list, in matching order.
PERF_TEMPLATES = perf_templates.descriptions()
FINDING_SEVERITIES = ("error", "warning", "info")
# The reviewer's words for the severities (VALUE_LABELS["severity"] shows them): 确定 — the
# document contradicts itself beyond rounding; 疑似 — probably wrong, a figure not stated could
# explain it; 提示 — worth knowing.
SEVERITY_ZH = {"error": "确定", "warning": "疑似", "info": "提示"}
# The disclosure score (scores table): weights of its three parts, summing to 100. Completeness
# weighs most (what must be published), consistency next (does it agree with itself),
# performance disclosure least (often narrative only). Consistency loses, per unreviewed
# finding, the points below (floor 0).
SCORE_WEIGHTS = {"completeness": 40, "consistency": 45, "performance": 15}
SCORE_PENALTIES = {"error": 10, "warning": 3, "info": 0}
# A reviewer's verdict on a finding (data/raw/reviews.csv): the document is wrong, or the audit.
REVIEW_VERDICTS = ("confirmed", "false_positive")
# What a rule is about (findings.category): one per rule, from the rule's catalogue entry.
FINDING_CATEGORIES: dict[str, tuple[str, str]] = {
    "sum": ("勾稽关系", "Sums and cross-table identities"),
    "percent": ("比例与增幅", "Percentages and growth"),
    "repeat": ("前后一致", "Same figure stated twice"),
    "performance": ("绩效", "Performance evaluation"),
    "plausibility": ("合理性", "Plausibility"),
    "identity": ("文档标识", "Unit name, year, placeholders"),
    "narrative": ("说明与表格", "Narrative vs tables"),
    "completeness": ("完整性", "Completeness"),
    "code": ("科目编码", "Classification codes"),
}
# The classes (类) of the economic classification of departmental expenditure (部门预算支出
#经济分类科目): a 5-digit code belongs to the class of its first three digits.
ECONOMIC_CLASSES: dict[str, str] = {
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出", "309": "资本性支出（基本建设）", "310": "资本性支出",
    "311": "对企业补助（基本建设）", "312": "对企业补助", "313": "对社会保障基金补助",
    "399": "其他支出",
}
# Placeholders left from a template (上海市普陀区XX局, ××单位, 某某): two or more X/×/某 in a row.
PLACEHOLDER_PATTERN = r"(?:[XＸ×xｘ]{2,}|某某|＊＊|\*\*\*)(?=[\u4e00-\u9fff（(]|$)"
# the columns of the document's own problems and measures (juesuan.remarks), as shown
REMARK_COLUMNS = {"remark_kind": ("类别", "Kind"), "text": ("原文", "Text as published"),
                  "src_line": ("源文件行号", "Source line")}
COMPLETENESS_STATUSES = ("present", "empty_declared", "listed_only", "missing", "extra")

# --- coded values: column -> value -> (Chinese, English) ----------------------------------------

_SOURCE_KIND = {"table": ("表格", "Table"), "narrative": ("文字说明", "Narrative")}
_GPB_TABLE = ("一般公共预算财政拨款支出决算表",
              "General-budget appropriation expenditure table (公开05表)")
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "scope": {"department": ("部门决算（含所属单位）", "Department accounts (with subordinate units)"),
              "unit": ("单位决算", "Single-unit accounts"),
              "department_overall": ("部门整体支出自评", "Department-wide self-evaluation"),
              "project": ("项目支出自评", "Project self-evaluation"),
              "key_evaluation": ("重点评价", "Key evaluation")},
    "template": perf_templates.labels(),
    "admin_level": {"province": ("省级", "Provincial"), "prefecture": ("市级", "Prefecture-level"),
                    "county": ("县级", "County-level")},
    "severity": {k: (SEVERITY_ZH[k], en) for k, en in
                 (("error", "Error"), ("warning", "Warning"), ("info", "Note"))},
    "remark_kind": {"problem": ("发现的问题", "Problem found"),
                    "measure": ("改进措施", "Improvement measure")},
    "status": {"present": ("已公开", "Published with data"),
               "empty_declared": ("公开空表并说明理由", "Published empty, with the reason"),
               "listed_only": ("仅列入目录、正文未见", "Listed, not reproduced in the text"),
               "missing": ("缺失", "Missing"),
               "extra": ("地方增列（不计入缺失）", "Provincial extra (not counted as missing)")},
    "item_kind": {"table": ("决算表", "Standard table"), "section": ("说明章节", "Explanation section"),
                  "annex": ("附件", "Annex")},
    "category": {"personnel": ("人员经费", "Personnel expenses"),
                 "public": ("公用经费", "Public (operating) expenses")},
    "source_kind": _SOURCE_KIND,
    "statement": {"table_expenditure": ("支出决算表", "Expenditure table (公开03表)"),
                  "table_gpb_expenditure": _GPB_TABLE,
                  "narrative_gpb": ("文字说明", "Narrative on general-budget expenditure")},
    "level": {"total": ("合计", "Total"), "class": ("类", "Class"), "section": ("款", "Section"),
              "item": ("项", "Item")},
    "percent_kind": {"share": ("占比", "Share"), "completion": ("完成预算", "Completion of the budget"),
                     "growth": ("增长", "Growth")},
    "budget_status": {"budgeted": ("有年初预算", "Budgeted"),
                      "unbudgeted": ("年初预算为零（年中新增）", "Unbudgeted (mid-year addition)"),
                      "not_stated": ("未列示年初预算", "Initial budget not stated")},
    "item": {k: (zh, THREE_PUBLIC_ITEMS_EN[k]) for k, zh in THREE_PUBLIC_ITEMS.items()},
    "metric": {k: (zh, en) for k, (_unit, en, zh) in METRICS.items()},
    "source": {"table_gpb_expenditure": _GPB_TABLE,
               "narrative_gpb_class": ("文字说明（类）", "Narrative (class rows)"),
               "narrative_gpb_items": ("文字说明（各项合计）", "Narrative (sum of the item rows)")},
    "reason_kind": {"addition": ("年中追加预算", "Budget added during the year"),
                    "addition_personnel": ("年中追加人员经费", "Personnel funds added during the year"),
                    "carryover": ("支出上年结转资金", "Spending of money carried over from last year"),
                    "overbudgeted": ("年初预算编制偏大", "Initial budget set too high"),
                    "staff_change": ("人员变动", "Staff changes"),
                    "other": ("其他原因", "Other reason"),
                    "not_stated": ("未说明原因", "No reason stated")},
    "budget_source": _SOURCE_KIND,
    "actual_source": _SOURCE_KIND,
    "score_source_kind": _SOURCE_KIND,
}

# Categories the charts derive (not curated columns, so not in the glossary): value -> (Chinese,
# English).
DISPLAY_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "execution_band": {"ge95": ("执行率≥95%", "Execution rate ≥ 95 %"),
                       "80to95": ("80%≤执行率<95%", "80 % ≤ execution rate < 95 %"),
                       "lt80": ("执行率<80%", "Execution rate < 80 %"),
                       "none": ("未列示执行数", "Execution not stated")},
    "gap": {"over": ("决算超出年初预算", "Final above the initial budget"),
            "under": ("决算低于年初预算", "Final below the initial budget"),
            "unbudgeted": ("年初预算为零（年中新增）", "Unbudgeted (mid-year addition)")},
    "three_public_kind": {"total": ("“三公”经费合计", "“Three public” expenses: total"),
                          "item": ("“三公”经费分项", "“Three public” items"),
                          "meeting_training": ("会议费、培训费", "Meetings and training")},
}
