"""The data contract: every curated table and column, defined once.

The loaders (`catalog`), the writers (`ingest.publish`), the data dictionary, the
Frictionless `datapackage.json`, the Chinese labels used by charts and reports and the
bilingual glossary (`juesuan.glossary`: columns, the columns the measures compute, coded values
and the domain's terms) all come from the definitions here. Add a column here and it exists
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from juesuan.ingest import perf_templates as _perf_templates

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
SRC_PAGE = _c("src_page", "integer",
              "PDF page (1-based) of src_line; null for a text source. For a PDF, src_line is a "
              "line of its text rendering, extracted/<doc_id>.txt beside the tables",
              "PDF页码")
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
        SRC_PAGE,
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
        _c("synthetic", "boolean", "Generated by `juesuan synth`, not a published disclosure "
           "(the doc_id starts with `synth-`); false for real documents", "是否为合成数据"),
        _c("unit_name_src_line", "integer", "Line the unit name was read from", "单位名称所在行"),
        _c("fiscal_year_src_line", "integer", "Line the fiscal year was read from", "年度所在行"),
        _c("source_format", "string", "How the source was published: a text or a PDF", "源文件格式",
           enum=("text", "pdf"), required=True),
        _c("page_count", "integer", "Pages of a PDF source (null for a text)", "PDF页数"),
        _c("extracted_file", "string", "For a PDF: its text rendering beside the tables, the file "
           "every src_line of the document refers to (null for a text: src_line is a line of "
           "source_file)", "PDF文本化文件"),
        _c("coverage", "string", "full: every part the document announces was read; partial: a "
           "part of a disclosure (a single statement or table) or a document that stops before "
           "parts it announces", "完整性", enum=("full", "partial"), required=True),
        _c("coverage_note", "string", "What a partial document lacks (parts announced but not "
           "found, or the parts it holds)", "完整性说明"),
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
        SRC_PAGE,
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
        SRC_PAGE,
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
        SRC_PAGE,
        _line("budget", "预算数"),
        _line("actual", "决算数"),
        _line("completion_stated", "完成率"),
    ),
)

PERF_SCOPES = ("department_overall", "project", "key_evaluation")
# The templates are the ingest registry's (juesuan.ingest.perf_templates): one list.
PERF_TEMPLATES = _perf_templates.descriptions()

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
        _c("amount_unit_narrative", "string", "Unit of the narrative's amounts as printed (万元 or "
           "元)", "文字说明中的金额单位"),
        SRC_LINE,
        SRC_PAGE,
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
        SRC_PAGE,
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
        SRC_PAGE,
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


# --- columns the measures compute ---------------------------------------------------------------
# Not curated columns: `juesuan.measures` (and the report helpers) compute them. Defined here so
# that charts, tables and the bilingual glossary (`juesuan.glossary`) label them from one place.

def _m(name, dtype, en, zh, unit=None) -> Column:
    return Column(name, dtype, en, zh, unit, None, False)


_COUNT = "个"
_PER_STAFF = "万元/人"

MEASURE_COLUMNS: dict[str, Column] = {c.name: c for c in (
    _m("line_name", "string", "Name of the line: its 项, else its 款, else its 类", "科目名称"),
    _m("completion_rate", "number", "Completion of the initial budget, computed: final ÷ initial "
       "budget × 100", "完成年初预算（按金额计算）", PERCENT),
    _m("unbudgeted", "boolean", "Spent without an initial budget: 年初预算 0 and spending > 0 "
       "(a mid-year addition)", "年初预算为零"),
    _m("gap_wanyuan", "number", "Final minus initial budget", "决算减年初预算", WANYUAN),
    _m("gap_percent", "number", "Completion minus 100: how far the final is from the initial "
       "budget", "偏离年初预算", PERCENT),
    _m("budget_status", "string", "Whether a line had an initial budget (budgeted, unbudgeted, "
       "not stated)", "年初预算情况"),
    _m("execution_rate", "number", "Execution rate B/A, computed: full-year execution ÷ adjusted "
       "full-year budget × 100", "执行率B/A（按金额计算）", PERCENT),
    _m("execution_rate_stated", "number", "Execution rate as the table states it",
       "执行率（表中所述）", PERCENT),
    _m("execution_rate_difference", "number", "Stated execution rate minus the computed one",
       "所述执行率与计算值之差", PERCENT),
    _m("initial_budget_completion_rate", "number", "Execution B ÷ initial budget × 100 — not the "
       "execution rate (whose base is the full-year budget A)", "执行数占年初预算数", PERCENT),
    _m("budget_initial_wanyuan", "number", "Initial budget in 万元 (converted from 元 where "
       "printed in 元)", "年初预算数（折合万元）", WANYUAN),
    _m("budget_full_year_wanyuan", "number", "Full-year budget A in 万元", "全年预算数A（折合万元）",
       WANYUAN),
    _m("executed_wanyuan", "number", "Full-year execution B in 万元", "全年执行数B（折合万元）",
       WANYUAN),
    _m("funds_score_rate", "number", "Funds score ÷ funds weight × 100", "资金执行得分率", PERCENT),
    _m("grade_stated", "string", "Grade as printed (table, else narrative)", "等级（文中所述）"),
    _m("grade_from_score", "string", "Grade the score earns: ≥90 优, 80–<90 良, 60–<80 中, <60 差",
       "按得分应得等级"),
    _m("grade_is_computed", "boolean", "No grade printed: the grade is computed from the score",
       "等级按得分推定"),
    _m("share", "number", "Share of the whole, computed", "占比", PERCENT),
    _m("n_lines", "integer", "Lines with a stated initial budget", "科目数", _COUNT),
    _m("n_unbudgeted", "integer", "Lines spent without an initial budget", "年初预算为零的科目数",
       _COUNT),
    _m("unbudgeted_actual", "number", "Spending on the lines without an initial budget",
       "年初预算为零科目的决算数", WANYUAN),
    _m("lines_actual", "number", "Spending on all lines with a stated initial budget",
       "各科目决算数合计", WANYUAN),
    _m("unbudgeted_share", "number", "Share of that spending on lines without an initial budget",
       "年初预算为零科目的支出占比", PERCENT),
    _m("basic_share", "number", "Basic expenditure ÷ expenditure of the year", "基本支出占本年支出",
       PERCENT),
    _m("project_share", "number", "Project expenditure ÷ expenditure of the year",
       "项目支出占本年支出", PERCENT),
    _m("personnel_share", "number", "Personnel expenses ÷ (personnel + public expenses)",
       "人员经费占基本支出", PERCENT),
    _m("public_share", "number", "Public expenses ÷ (personnel + public expenses)",
       "公用经费占基本支出", PERCENT),
    _m("fiscal_income", "number", "Fiscal appropriation income (else the general-budget "
       "appropriation)", "财政拨款收入", WANYUAN),
    _m("fiscal_income_share", "number", "Fiscal appropriation income ÷ income of the year",
       "财政拨款收入占本年收入", PERCENT),
    _m("expenditure_per_staff", "number", "Expenditure of the year per actual staff member",
       "人均本年支出", _PER_STAFF),
    _m("basic_expenditure_per_staff", "number", "Basic expenditure per actual staff member",
       "人均基本支出", _PER_STAFF),
    _m("personnel_per_staff", "number", "Personnel expenses per actual staff member",
       "人均人员经费", _PER_STAFF),
    _m("n_evaluations", "integer", "Number of evaluations", "评价个数", _COUNT),
    _m("n_computed", "integer", "Of which the grade is computed from the score",
       "其中等级按得分推定", _COUNT),
    _m("n_scored", "integer", "Number with a score (evaluations; indicators with weight and "
       "score)", "有得分的个数", _COUNT),
    _m("mean_score", "number", "Mean score", "平均分", POINTS),
    _m("median_score", "number", "Median score", "中位数", POINTS),
    _m("min_score", "number", "Lowest score", "最低分", POINTS),
    _m("max_score", "number", "Highest score", "最高分", POINTS),
    _m("std_score", "number", "Standard deviation of the scores", "标准差", POINTS),
    _m("n_full_score", "integer", "Evaluations scoring a full 100", "满分（100分）个数", _COUNT),
    _m("full_score_share", "number", "Share of evaluations scoring a full 100", "满分占比",
       PERCENT),
    _m("score_band", "string", "Score band (100, 95–<100, 90–<95, 80–<90, 60–<80, <60)",
       "得分区间"),
    _m("n_full_marks", "integer", "Indicators that earned their full weight", "得满分的指标数",
       _COUNT),
    _m("full_marks_share", "number", "Share of scored indicators that earned their full weight",
       "得满分的指标占比", PERCENT),
    _m("n_indicators", "integer", "Applicable indicators", "有效指标数", _COUNT),
    _m("n_qualitative", "integer", "Qualitative indicators", "定性指标数", _COUNT),
    _m("qualitative_share", "number", "Share of applicable indicators that are qualitative",
       "定性指标占比", PERCENT),
    _m("effective_target", "string", "Target used: the adjusted target where printed, else the "
       "target", "指标值（调整后优先）"),
    _m("applicable", "boolean", "An indicator row with a real target (not 无, /, 不涉及 …)",
       "有效指标"),
    _m("qualitative", "boolean", "Qualitative: 指标性质 定性, or a target without any digit",
       "定性指标"),
    _m("scored", "boolean", "The indicator prints a weight above 0 and a score", "有分值和得分"),
    _m("full_marks", "boolean", "Scored, and the score equals the weight", "得满分"),
    _m("item_zh", "string", "Name of the item", "项目"),
    _m("budget_source", "string", "Where the budget figure is stated", "预算数出处"),
    _m("actual_source", "string", "Where the final figure is stated", "决算数出处"),
    _m("gpb_budget_initial", "number", "General-budget appropriation expenditure: initial budget",
       "一般公共预算财政拨款支出年初预算", WANYUAN),
    _m("gpb_actual", "number", "General-budget appropriation expenditure: final",
       "一般公共预算财政拨款支出决算", WANYUAN),
    _m("unit_label", "string", "Department or unit name with the fiscal year", "部门（单位）"),
    _m("rule_title", "string", "Title of the audit rule", "规则"),
    _m("source", "string", "Which statement the figures come from", "数据来源"),
    _m("n_findings", "integer", "Number of audit findings", "发现数", _COUNT),
    _m("fiscal_income_basis", "string", "Which metric `fiscal_income` is", "财政拨款收入口径"),
    _m("n_statements", "integer", "How many times the document states the figure", "表述次数",
       _COUNT),
    _m("statements_agree", "boolean", "All statements of the figure agree within rounding",
       "各处表述是否一致"),
    _m("rank", "integer", "Rank within the document", "排名"),
    _m("ranked_by", "string", "What the rank orders by: the gap in 万元 or in percent", "排序依据"),
    _m("reason", "string", "Reason the narrative states for a line's gap to its initial budget "
       "(主要原因是……)", "文中所述原因"),
    _m("reason_kind", "string", "Kind of the stated reason (mid-year addition, carry-over …)",
       "原因类别"),
)}

# Measure columns whose meaning depends on the table they are computed from.
MEASURE_CONTEXT: dict[str, dict[str, Column]] = {
    "three_public": {"completion_rate": _m(
        "completion_rate", "number", "Completion of the budget, computed: final ÷ budget × 100",
        "完成预算（按金额计算）", PERCENT)},
}

# --- coded values: column -> value -> (Chinese, English) ----------------------------------------

THREE_PUBLIC_ITEMS_EN = {
    "total": "“Three public” expenses: total",
    "overseas_travel": "Official travel abroad",
    "vehicle": "Official vehicles: purchase, operation and maintenance",
    "vehicle_purchase": "Official vehicles: purchase",
    "vehicle_operation": "Official vehicles: operation and maintenance",
    "official_reception": "Official receptions",
    "meeting": "Meetings",
    "training": "Training",
}

_SOURCE_KIND = {"table": ("表格", "Table"), "narrative": ("文字说明", "Narrative")}
_GPB_TABLE = ("一般公共预算财政拨款支出决算表",
              "General-budget appropriation expenditure table (公开05表)")
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "scope": {"department": ("部门决算（含所属单位）", "Department accounts (with subordinate units)"),
              "unit": ("单位决算", "Single-unit accounts"),
              "department_overall": ("部门整体支出自评", "Department-wide self-evaluation"),
              "project": ("项目支出自评", "Project self-evaluation"),
              "key_evaluation": ("重点评价", "Key evaluation")},
    "template": _perf_templates.labels(),
    "admin_level": {"province": ("省级", "Provincial"), "prefecture": ("市级", "Prefecture-level"),
                    "county": ("县级", "County-level")},
    "severity": {"error": ("错误", "Error"), "warning": ("警示", "Warning"), "info": ("提示", "Note")},
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


# --- terms of the domain that are not columns ---------------------------------------------------

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


def _t(zh, en, definition_zh, definition_en, unit=None, see=()) -> Term:
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
