"""The performance-table templates: one registry, read by both table parsers.

A template is plain data: the header words that identify it, the columns of its funds block
(which header word names which value), the labels of its funds rows, whether its indicators
are weighted in 分值 or 权重, and its grade words. `perf_tabular` (tab-separated rows) and
`perf_cells` (one cell per line) both call `identify` with the header text of a table and
read the columns of the template it returns. Adding a province is adding an entry here.

All words are in match_key form (no spaces, half-width brackets and colons): `identify` is
given the header already keyed, and a parser keys a cell before comparing it with a word.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FUNDS_ROLES", "INDICATOR_COLUMNS", "INFO_LABELS", "LEVEL1_OR_2_STEMS", "LEVEL1_STEMS",
           "LEVEL2_STEMS", "NATURES", "TEMPLATES", "PerfTemplate", "by_name",
           "descriptions", "identify", "labels", "points_words"]

# The roles of a funds block's columns, and the perf_evaluations column each one fills
# (None: read to place the other cells, not stored — 资金结余, 目标申报数).
FUNDS_ROLES = {
    "initial": "budget_initial",
    "full": "budget_full_year",
    "executed": "executed",
    "rate": "execution_rate",
    "weight": "funds_weight",
    "score": "funds_score",
    "balance": None,
    "declared": None,
}

_GRADES = ("优", "良", "中", "差")
_NATIONAL_FUNDS = (
    ("initial", ("年初预算",)),
    ("full", ("全年预算",)),
    ("executed", ("全年执行",)),
    ("weight", ("分值",)),
    ("rate", ("执行率",)),
    ("score", ("得分",)),
)
_TOTAL_LABELS = ("年度资金总额", "资金总额", "金额合计", "合计")


@dataclass(frozen=True)
class PerfTemplate:
    """One layout of a performance table.

    name / label / description: the `perf_evaluations.template` value, its (Chinese,
      English) label and its data-dictionary text.
    scopes: the evaluations (project, department_overall, key_evaluation) it is printed for.
    requires / requires_any: header words that identify it — all of `requires` and, when
      given, one of `requires_any` appear in the table's header (its text down to the
      indicator header row, keyed). Entries are tried in order: the first that fits wins.
    funds_columns: (role, header words) of the funds block, in the order printed; a header
      cell names a role when it starts with one of the words.
    funds_total: labels of the funds row that holds the amounts (年度资金总额 …).
    funds_rows: the labels of the funds block's rows as printed, total first (其中：… rows
      are not read into columns: the documentation of the layout).
    points: the indicator column header giving each indicator's points (分值 or 权重).
    grades: the grade words its total row may print.
    standard_funds_weight: points of the funds block when the table does not print them.
    """

    name: str
    label: tuple[str, str]
    description: str
    scopes: tuple[str, ...] = ("project",)
    requires: tuple[str, ...] = ()
    requires_any: tuple[str, ...] = ()
    funds_columns: tuple[tuple[str, tuple[str, ...]], ...] = _NATIONAL_FUNDS
    funds_total: tuple[str, ...] = _TOTAL_LABELS
    funds_rows: tuple[str, ...] = ()
    points: str = "分值"
    grades: tuple[str, ...] = _GRADES
    standard_funds_weight: float | None = 10.0

    def fits(self, scope: str, header: str) -> bool:
        """Whether a table of this scope whose keyed header text is `header` is printed so."""
        return (scope in self.scopes and all(w in header for w in self.requires)
                and (not self.requires_any or any(w in header for w in self.requires_any)))

    def funds_order(self, header: str) -> list[str]:
        """The funds roles whose words a keyed header prints, in the order it prints them."""
        found = [(min(header.find(w) for w in words if w in header), role)
                 for role, words in self.funds_columns if any(w in header for w in words)]
        return [role for _, role in sorted(found)]

    def funds_role(self, key: str) -> str | None:
        """The funds role a keyed header cell names, else None."""
        for role, words in self.funds_columns:
            if key.startswith(words):
                return role
        return None


TEMPLATES: tuple[PerfTemplate, ...] = (
    PerfTemplate(
        "shanxi_goal", ("山西绩效目标表", "Shanxi goal table"),
        "山西 goal table: 项目资金（元）, 执行率 and 得分 only, 指标值 per year",
        requires=("实施期",), requires_any=("年度目标",),
        funds_columns=(("rate", ("执行率",)), ("score", ("得分",))),
        funds_total=("年度资金总额",),
        funds_rows=("实施期资金总额", "年度资金总额", "其中:中央财政拨款", "省级财政拨款",
                    "市、县(区)财政拨款", "单位自筹", "其他资金"),
        standard_funds_weight=None),
    PerfTemplate(
        "shanxi", ("山西表样", "Shanxi template"),
        "山西: 目标申报数 / 预算编制数, 调整后指标值, 定性指标情况说明",
        requires_any=("目标申报数", "预算编制数", "调整后指标值"),
        funds_columns=(("initial", ("年初预算",)), ("full", ("全年预算",)),
                       ("executed", ("全年执行",)), ("balance", ("资金结",)),
                       ("weight", ("分值",)), ("rate", ("执行率",)), ("score", ("得分",))),
        funds_rows=("资金总额", "其中:财政拨款", "其他资金")),
    PerfTemplate(
        "sichuan_dept_budget",
        ("四川部门预算项目支出绩效自评表", "Sichuan departmental-budget project self-evaluation table"),
        "四川 部门预算项目支出绩效自评表: 年初预算数 / 调整后预算数 / 执行数 / 执行率 / 权重 / "
        "得分, rows 总额, 财政资金, 财政专户管理资金, 单位资金; indicators with 指标性质 and 权重",
        requires=("调整后预算",),
        funds_columns=(("initial", ("年初预算",)), ("full", ("调整后预算",)),
                       ("executed", ("执行数", "预算执行数")), ("rate", ("执行率", "预算执行率")),
                       ("weight", ("权重", "分值")), ("score", ("得分",))),
        funds_total=("总额",),
        funds_rows=("总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金"),
        points="权重"),
    PerfTemplate(
        "sichuan", ("四川表样", "Sichuan template"),
        "四川: 指标性质, 指标值, 度量单位, 权重, 实际完成指标值 (no funds score)",
        scopes=("project", "department_overall"), requires=("指标性质",),
        funds_rows=("年度资金总额", "其中:财政拨款", "其他资金"),
        points="权重"),
    PerfTemplate(
        "anhui", ("安徽表样", "Anhui template"),
        "安徽: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, rows 年度资金总额, "
        "其中：本年财政拨款, 上年结转资金, 其他资金; 分值 and 得分 per indicator",
        requires=("本年财政拨款",), requires_any=("全年预算",),
        funds_rows=("年度资金总额", "其中:本年财政拨款", "上年结转资金", "其他资金")),
    PerfTemplate(
        "department_overall", ("部门整体支出绩效自评表", "Department-wide self-evaluation table"),
        "部门整体支出绩效自评表 (tasks, 金额合计, indicators)",
        scopes=("department_overall",),
        funds_rows=("金额合计", "年初预算数", "全年预算数", "全年执行数")),
    PerfTemplate(
        "national", ("全国通用表样（财预〔2020〕10号）", "National template (财预〔2020〕10号)"),
        "财预〔2020〕10号 family: 年初预算数 / 全年预算数(A) / 全年执行数(B) / 分值 / 执行率 / 得分",
        requires_any=("全年预算", "全年执行"),
        funds_rows=("年度资金总额", "其中:当年财政拨款", "上年结转资金", "其他资金")),
    PerfTemplate(
        "key_report", ("重点评价报告", "Key evaluation report"),
        "Key evaluation report: 一级指标 分值/得分/得分率 table (and detail tables)",
        scopes=("key_evaluation",), funds_columns=(), funds_total=(),
        standard_funds_weight=None),
)

# The indicator block's header words (keyed) per column role; the templates' points words
# (分值, 权重) name the weight column.
INDICATOR_COLUMNS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标内容", "指标名称"),
    "nature": ("绩效指标性质", "指标性质"),
    "target": ("年度指标值", "年初指标值", "绩效指标值", "指标值", "目标值", "年度目标值"),
    "unit": ("绩效度量单位", "度量单位", "计量单位"),
    "actual": ("实际完成指标值", "实际完成值", "实际值", "完成值", "达成值"),
    "score": ("得分", "评价得分"),
    "deviation": ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析", "偏差原因"),
}
# 指标性质 as printed (Sichuan).
NATURES = ("＝", "=", "≥", "≤", "＞", "＜", ">", "<", "定性", "定量")
# Stems of the 一级/二级 labels, printed with 指标 after them (产出指标, 数量指标, 社会效益指标):
# those only ever 一级, those 一级 in some tables and 二级 in others, those only ever 二级.
LEVEL1_STEMS = ("产出", "效益", "效果", "决策", "过程")
LEVEL1_OR_2_STEMS = ("满意度", "成本")
LEVEL2_STEMS = ("数量", "质量", "时效", "经济成本", "社会成本", "生态环境成本", "生态成本",
                "经济效益", "社会效益", "生态效益", "可持续影响", "可持续发展", "服务对象满意度")

# Labels of the information block above a table (keyed), per perf_evaluations column.
INFO_LABELS = {
    "project_name": ("项目名称", "专项(项目)名称", "项目(专项)名称", "部门(单位)名称", "部门名称",
                     "单位名称"),
    "supervising_dept": ("主管部门",),
    "implementing_unit": ("实施单位", "实施单位(盖章)", "预算单位"),
}


def identify(scope: str, header: str) -> PerfTemplate | None:
    """The first template that fits a table of `scope` whose keyed header text is `header`."""
    return next((t for t in TEMPLATES if t.fits(scope, header)), None)


def labels() -> dict[str, tuple[str, str]]:
    """name → (Chinese, English) label (the schema's value labels of `template`)."""
    return {t.name: t.label for t in TEMPLATES}


def by_name(name: str) -> PerfTemplate:
    return next(t for t in TEMPLATES if t.name == name)


def descriptions() -> dict[str, str]:
    """name → description, in registry order (the schema's enum of templates)."""
    return {t.name: t.description for t in TEMPLATES}


def points_words() -> tuple[str, ...]:
    """The indicator points column headers of all templates (分值, 权重)."""
    return tuple(dict.fromkeys(t.points for t in TEMPLATES))
