"""The data contract: every curated table and column, defined once.

The loaders (`catalog`), the writers (`ingest.publish`), the data dictionary, the
Frictionless `datapackage.json` and the Chinese labels used by charts and reports all
come from the definitions here. Add a column here and it exists everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

WANYUAN = "万元"
PERCENT = "%"
POINTS = "分"
PERSONS = "人"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # 'string' | 'integer' | 'number' | 'boolean'
    en: str
    zh: str
    unit: str | None = None
    enum: tuple[str, ...] | None = None
    required: bool = True  # must be non-null in every row

    @property
    def polars_dtype(self) -> pl.DataType:
        return _POLARS[self.dtype]


_POLARS: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
}


@dataclass(frozen=True)
class Table:
    name: str
    en: str
    zh: str
    primary_key: tuple[str, ...]  # empty: rows are statements, no key is unique
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.polars_dtype for c in self.columns}


def _c(name, dtype, en, zh, unit=None, enum=None, required=False) -> Column:
    return Column(name, dtype, en, zh, unit, tuple(enum) if enum else None, required)


def _line(of: str, zh: str) -> Column:
    return _c(f"{of}_src_line", "integer", f"Source line of `{of}` where it differs from src_line",
              f"{zh}所在源文件行号")


DOC_ID = _c("doc_id", "string", "Stable document identifier (from the manifest)", "文档编号",
            required=True)
SRC_LINE = _c("src_line", "integer", "1-based line of the source file the row's values are printed on",
              "源文件行号（从1起）", required=True)
SOURCE_KIND = _c("source_kind", "string",
                 "Where the figure is stated: a standard table or the narrative explanation",
                 "出处类型（表格/文字说明）", enum=("table", "narrative"), required=True)
SOURCE_PART = _c("source_part", "string",
                 "The part of the document stating it (table number or narrative section)",
                 "所在部分（表号或说明章节）")

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

TOTALS = Table(
    "totals", "Headline figures, one row per statement of a figure", "总体收支等主要数据",
    (),
    (
        DOC_ID,
        _c("metric", "string", "What the figure is (see the metric vocabulary)", "指标",
           enum=tuple(METRICS), required=True),
        _c("value", "number", "The figure as published", "数值", required=True),
        _c("unit", "string", "Unit of the value", "单位", required=True),
        _c("percent_stated", "number", "A percentage printed with the figure (its share, the "
           "completion of its budget or its growth), as printed", "同句所述百分比", PERCENT),
        _c("percent_kind", "string", "What `percent_stated` is", "百分比含义",
           enum=("share", "completion", "growth")),
        SOURCE_KIND,
        SOURCE_PART,
        SRC_LINE,
        _line("percent_stated", "百分比"),
    ),
)

DOCUMENTS = Table(
    "documents", "One row per ingested disclosure", "决算公开文档",
    ("doc_id",),
    (
        DOC_ID,
        _c("unit_name", "string", "Department or unit name", "部门（单位）名称", required=True),
        _c("fiscal_year", "integer", "Fiscal year of the final accounts", "决算年度", required=True),
        _c("province", "string", "Province (manifest)", "省"),
        _c("prefecture", "string", "Prefecture-level city (manifest)", "市（地）"),
        _c("county", "string", "County-level division (manifest)", "县（市、区）"),
        _c("admin_level", "string", "Administrative level of the government", "行政级次",
           enum=("province", "prefecture", "county")),
        _c("scope", "string", "Department (consolidated) or single-unit accounts", "决算范围",
           enum=("department", "unit"), required=True),
        _c("source_file", "string", "File name under data/raw/", "源文件", required=True),
        _c("source_sha256", "string", "SHA-256 of the source file bytes", "源文件SHA-256",
           required=True),
        _c("encoding", "string", "Detected text encoding", "文本编码", required=True),
        _c("in_manifest", "boolean", "Whether the manifest describes the file", "是否列入清单",
           required=True),
        _c("unit_name_src_line", "integer", "Line the unit name was read from", "单位名称所在行"),
        _c("fiscal_year_src_line", "integer", "Line the fiscal year was read from", "年度所在行"),
    ),
)

BUDGET_LINES = Table(
    "budget_lines", "Expenditure by functional classification (类/款/项)",
    "按支出功能分类的支出",
    (),
    (
        DOC_ID,
        _c("statement", "string",
           "Which statement: 支出决算表 (table_expenditure), 一般公共预算财政拨款支出决算表 "
           "(table_gpb_expenditure), or the narrative on general-budget expenditure (narrative_gpb)",
           "出处", enum=("table_expenditure", "table_gpb_expenditure", "narrative_gpb"),
           required=True),
        _c("level", "string", "class 类 / section 款 / item 项 (or total 合计)", "级次",
           enum=("total", "class", "section", "item"), required=True),
        _c("func_code", "string", "Functional code (3/5/7 digits); null where none is printed",
           "功能分类科目编码"),
        _c("class_name", "string", "类 name", "类"),
        _c("section_name", "string", "款 name", "款"),
        _c("item_name", "string", "项 name", "项"),
        _c("budget_initial", "number", "Initial budget (年初预算)", "年初预算", WANYUAN),
        _c("actual", "number", "Final expenditure (支出决算)", "支出决算", WANYUAN),
        _c("basic", "number", "Of which basic expenditure", "基本支出", WANYUAN),
        _c("project", "number", "Of which project expenditure", "项目支出", WANYUAN),
        _c("completion_stated", "number", "Completion of the initial budget as stated",
           "完成年初预算（文中所述）", PERCENT),
        _c("share_stated", "number", "Share of the total as stated (structure sentences)",
           "占比（文中所述）", PERCENT),
        SRC_LINE,
        _line("budget_initial", "年初预算"),
        _line("actual", "支出决算"),
        _line("completion_stated", "完成率"),
        _line("share_stated", "占比"),
    ),
)

ECONOMIC_LINES = Table(
    "economic_lines", "Basic expenditure by economic classification (table 6)",
    "基本支出按经济分类",
    ("doc_id", "econ_code"),
    (
        DOC_ID,
        _c("econ_code", "string", "Economic classification code (3 or 5 digits)", "经济分类科目编码",
           required=True),
        _c("econ_name", "string", "Economic classification name", "科目名称", required=True),
        _c("level", "string", "class (3 digits) or item (5 digits)", "级次",
           enum=("class", "item"), required=True),
        _c("amount", "number", "Final amount; null where the cell is blank or dashed", "决算数",
           WANYUAN),
        _c("category", "string", "人员经费 (personnel: 301, 303) or 公用经费 (public: the rest)",
           "经费类别", enum=("personnel", "public"), required=True),
        SRC_LINE,
    ),
)

THREE_PUBLIC_ITEMS = {
    "total": "“三公”经费合计",
    "overseas_travel": "因公出国（境）费",
    "vehicle": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "official_reception": "公务接待费",
    "meeting": "会议费",
    "training": "培训费",
}

THREE_PUBLIC = Table(
    "three_public", "“Three public” expenses, meetings and training: budget vs final",
    "“三公”经费及会议费、培训费",
    (),
    (
        DOC_ID,
        _c("item", "string", "Expense item", "项目", enum=tuple(THREE_PUBLIC_ITEMS), required=True),
        _c("budget", "number", "Budget (预算数)", "预算数", WANYUAN),
        _c("actual", "number", "Final (决算数)", "决算数", WANYUAN),
        _c("completion_stated", "number", "Completion of the budget as stated", "完成预算（文中所述）",
           PERCENT),
        SOURCE_KIND,
        SRC_LINE,
        _line("budget", "预算数"),
        _line("actual", "决算数"),
        _line("completion_stated", "完成率"),
    ),
)

PERF_SCOPES = ("department_overall", "project", "key_evaluation")
PERF_TEMPLATES = {
    "national": "财预〔2020〕10号 family: 年初预算数 / 全年预算数(A) / 全年执行数(B) / 分值 / 执行率 / 得分",
    "sichuan": "四川: 指标性质, 指标值, 度量单位, 权重, 实际完成指标值 (no funds score)",
    "shanxi": "山西: 目标申报数 / 预算编制数, 调整后指标值, 定性指标情况说明",
    "shanxi_goal": "山西 goal table: 项目资金（元）, 执行率 and 得分 only, 指标值 per year",
    "department_overall": "部门整体支出绩效自评表 (tasks, 金额合计, indicators)",
    "key_report": "Key evaluation report: 一级指标 分值/得分/得分率 table (and detail tables)",
}

PERF_EVALUATIONS = Table(
    "perf_evaluations", "Performance evaluations: one row per evaluation (self or key)",
    "绩效评价（自评及重点评价）",
    ("eval_id",),
    (
        DOC_ID,
        _c("eval_id", "string", "Evaluation id: <doc_id>:D (department), :P<nn> (project), :K<n> (key)",
           "评价编号", required=True),
        _c("scope", "string", "Department overall self-evaluation, project self-evaluation or key "
           "evaluation", "评价类型", enum=PERF_SCOPES, required=True),
        _c("template", "string", "Table template (see data dictionary)", "表样",
           enum=tuple(PERF_TEMPLATES)),
        _c("project_name", "string", "Project (or department) name as printed", "项目名称",
           required=True),
        _c("supervising_dept", "string", "主管部门 as printed", "主管部门"),
        _c("implementing_unit", "string", "实施单位 / 预算单位 as printed", "实施单位"),
        _c("budget_initial", "number", "Initial budget (年初预算数; 预算编制数 in Shanxi)", "年初预算数",
           WANYUAN),
        _c("budget_full_year", "number", "Adjusted full-year budget A (全年预算数)", "全年预算数(A)",
           WANYUAN),
        _c("executed", "number", "Full-year execution B (全年执行数)", "全年执行数(B)", WANYUAN),
        _c("execution_rate", "number", "Execution rate B/A as stated", "执行率（表中所述）", PERCENT),
        _c("funds_weight", "number", "Points allotted to budget execution (分值)", "资金执行分值",
           POINTS),
        _c("funds_score", "number", "Points earned for budget execution", "资金执行得分", POINTS),
        _c("score", "number", "Total score as stated (table, else narrative)", "总得分", POINTS),
        _c("score_source_kind", "string", "Where `score` is stated", "得分出处",
           enum=("table", "narrative")),
        _c("grade", "string", "Grade as stated (优/良/中/差, A/B/…)", "评价等级"),
        _c("score_narrative", "number", "Score as stated in the narrative (if stated there)",
           "文字说明中的得分", POINTS),
        _c("grade_narrative", "string", "Grade as stated in the narrative", "文字说明中的等级"),
        _c("budget_full_year_narrative", "number", "Full-year budget as stated in the narrative",
           "文字说明中的全年预算数", WANYUAN),
        _c("executed_narrative", "number", "Execution as stated in the narrative",
           "文字说明中的执行数", WANYUAN),
        _c("execution_rate_narrative", "number", "Execution rate as stated in the narrative",
           "文字说明中的执行率", PERCENT),
        _c("amount_unit", "string", "Unit of the funds block as printed (万元 or 元)", "金额单位"),
        SRC_LINE,
        _line("budget_initial", "年初预算数"),
        _line("budget_full_year", "全年预算数"),
        _line("executed", "全年执行数"),
        _line("execution_rate", "执行率"),
        _line("funds_weight", "资金执行分值"),
        _line("funds_score", "资金执行得分"),
        _line("score", "总得分"),
        _line("grade", "评价等级"),
        _line("score_narrative", "文字说明中的得分"),
        _line("grade_narrative", "文字说明中的等级"),
        _line("budget_full_year_narrative", "文字说明中的全年预算数"),
        _line("executed_narrative", "文字说明中的执行数"),
        _line("execution_rate_narrative", "文字说明中的执行率"),
    ),
)

PERF_INDICATORS = Table(
    "perf_indicators", "Performance indicators: one row per indicator row of an evaluation table",
    "绩效指标",
    ("eval_id", "seq"),
    (
        DOC_ID,
        _c("eval_id", "string", "Evaluation the indicator belongs to", "评价编号", required=True),
        _c("seq", "integer", "Order of the row within its evaluation (1-based)", "序号",
           required=True),
        _c("row_kind", "string", "indicator: a 三级 indicator row; level1_total: a row of a "
           "一级指标 score summary (key evaluations)", "行类型",
           enum=("indicator", "level1_total"), required=True),
        _c("level1", "string", "一级指标 as printed (without its stated points)", "一级指标"),
        _c("level1_points_stated", "number", "Points printed in the 一级 label, e.g. 产出指标（50分）",
           "一级指标标注分值", POINTS),
        _c("level2", "string", "二级指标", "二级指标"),
        _c("level3", "string", "三级指标 (the indicator)", "三级指标"),
        _c("nature", "string", "指标性质 (＝, ≥, ≤, 定性) where printed", "指标性质"),
        _c("measure_unit", "string", "度量单位 where printed in its own column", "度量单位"),
        _c("target", "string", "Target value as printed (年度指标值 / 指标值)", "年度指标值"),
        _c("target_adjusted", "string", "Adjusted target (调整后指标值, Shanxi)", "调整后指标值"),
        _c("actual", "string", "Actual value as printed (实际完成值)", "实际完成值"),
        _c("weight", "number", "Points / weight (分值 / 权重)", "分值（权重）", POINTS),
        _c("score", "number", "Points earned (得分)", "得分", POINTS),
        _c("deviation_reason", "string", "Reason for deviation as printed", "偏差原因"),
        SRC_LINE,
        _line("level1_points_stated", "一级指标标注分值"),
        _line("target", "指标值"),
        _line("actual", "实际完成值"),
        _line("weight", "分值"),
        _line("score", "得分"),
    ),
)

PARTS = Table(
    "parts", "The document's structure as printed: headings, standard tables and table lists",
    "文档结构（标题、决算表、表目录）",
    (),
    (
        DOC_ID,
        _c("kind", "string", "heading: a numbered heading; table: a table title followed by its "
           "body; table_listed: an entry of a list of tables (目录); glossary_entry: a numbered "
           "definition 'N.术语：指…' (title = the term)", "类别",
           enum=("heading", "table", "table_listed", "glossary_entry"), required=True),
        _c("level", "string", "Heading level: part (第N部分), section (一、), subsection ((一)), "
           "item (1.)", "标题级次", enum=("part", "section", "subsection", "item")),
        _c("title", "string", "Title as printed (whitespace removed)", "标题", required=True),
        _c("table_number", "integer", "Number of the table in the national format (1–9) where the "
           "title is a standard table; null for provincial tables", "全国统一表号"),
        _c("has_data", "boolean", "table: the body holds at least one amount", "是否有数据"),
        _c("declared_empty", "boolean", "Declared empty: 是否空表 = 是, or 本表无数据 under the table",
           "声明为空表"),
        _c("empty_reason", "string", "Reason printed for an empty table", "空表理由"),
        _c("in_contents", "boolean", "The line lies in the document's contents list (目录)",
           "是否在目录中", required=True),
        SRC_LINE,
    ),
)

FINDING_SEVERITIES = ("error", "warning", "info")

FINDINGS = Table(
    "findings", "Consistency audit: one row per disagreement found in a document",
    "一致性审核发现",
    (),
    (
        DOC_ID,
        _c("rule_id", "string", "Rule that found it (see the rule catalogue)", "规则编号",
           required=True),
        _c("severity", "string", "error: the document contradicts itself beyond rounding; "
           "warning: implausible or probably wrong; info: worth knowing, not a contradiction",
           "严重程度", enum=FINDING_SEVERITIES, required=True),
        _c("subject", "string", "What the finding is about (table, line item, evaluation)", "对象",
           required=True),
        _c("eval_id", "string", "Evaluation concerned, for performance rules", "评价编号"),
        _c("stated", "number", "The value as stated in the document", "所述值"),
        _c("expected", "number", "The value the document's other figures imply", "推算值"),
        _c("difference", "number", "stated − expected", "差额"),
        _c("tolerance", "number", "Largest difference accepted as rounding (尾差)", "容差"),
        _c("message_zh", "string", "Explanation in Chinese", "说明", required=True),
        _c("message_en", "string", "Explanation in English", "Explanation", required=True),
        SRC_LINE,
        _c("src_lines", "string", "All source lines of the values involved, comma-separated",
           "涉及的源文件行号", required=True),
    ),
)

COMPLETENESS_STATUSES = ("present", "empty_declared", "listed_only", "missing", "extra")

COMPLETENESS = Table(
    "completeness", "Disclosure completeness: what a disclosure is expected to contain, per item",
    "公开完整性",
    ("doc_id", "item_id"),
    (
        DOC_ID,
        _c("item_id", "string", "Expected item (see the completeness item list)", "项目编号",
           required=True),
        _c("item_kind", "string", "table, section or annex", "类别",
           enum=("table", "section", "annex"), required=True),
        _c("name_zh", "string", "Name of the item", "名称", required=True),
        _c("required", "boolean", "Required by the national format (provincial extras: false)",
           "是否必需", required=True),
        _c("status", "string", "present (with data) / empty_declared (with a reason) / "
           "listed_only (listed but not reproduced in the text) / missing / extra (provincial "
           "table, recorded, not penalised)", "状态", enum=COMPLETENESS_STATUSES, required=True),
        _c("reason", "string", "Reason printed for an empty table", "空表理由"),
        _c("src_line", "integer", "Where the item is found (null when missing)", "源文件行号"),
    ),
)

INGESTED = (DOCUMENTS, TOTALS, BUDGET_LINES, ECONOMIC_LINES, THREE_PUBLIC, PERF_EVALUATIONS,
            PERF_INDICATORS, PARTS)
AUDITED = (FINDINGS, COMPLETENESS)

TABLES: dict[str, Table] = {t.name: t for t in INGESTED + AUDITED}
INGESTED_NAMES = tuple(t.name for t in INGESTED)
AUDITED_NAMES = tuple(t.name for t in AUDITED)


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=TABLES[table].polars_schema)


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows (dicts) to a DataFrame in the table's column order and types; unknown keys are errors."""
    spec = TABLES[table]
    names = set(spec.column_names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise KeyError(f"{table}: unknown column(s) {sorted(extra)}")
    data = {c.name: [row.get(c.name) for row in rows] for c in spec.columns}
    return pl.DataFrame(data, schema=spec.polars_schema, strict=True)


def label(table: str, column: str) -> str:
    """The Chinese label of a column, for charts and reports."""
    return TABLES[table].column(column).zh
