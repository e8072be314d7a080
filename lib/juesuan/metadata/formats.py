"""The national format of 部门决算公开 (2023–2024, 财政部's template; see DOMAIN.md) as data:
its standard tables (number, name, the titles documents print), the grade scale of
performance evaluations (财预〔2020〕10号) and the rounding every printed amount carries.

The ingest recognises the tables by these titles, the completeness audit expects them, the
synthetic corpus prints them and the audit's rules and the measures grade with the same scale.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- the standard tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardTable:
    number: int  # 公开NN表
    name_zh: str  # its name in the completeness item list
    titles: tuple[str, ...]  # the titles documents print over it (the first is the usual one)
    expected: bool = True  # one of the nine every disclosure must publish

    @property
    def part(self) -> str:
        """How the documents number it: 公开05表."""
        return f"公开{self.number:02d}表"

    @property
    def title(self) -> str:
        return self.titles[0]


STANDARD_TABLES: tuple[StandardTable, ...] = (
    StandardTable(1, "收入支出决算总表", ("收入支出决算总表",)),
    StandardTable(2, "收入决算表", ("收入决算表",)),
    StandardTable(3, "支出决算表", ("支出决算表",)),
    StandardTable(4, "财政拨款收入支出决算总表", ("财政拨款收入支出决算总表",)),
    StandardTable(5, "一般公共预算财政拨款支出决算表", ("一般公共预算财政拨款支出决算表",)),
    StandardTable(6, "一般公共预算财政拨款基本支出决算表",
                  ("一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款基本支出决算明细表")),
    StandardTable(7, "政府性基金预算财政拨款收入支出决算表", ("政府性基金预算财政拨款收入支出决算表",)),
    # (the 2024 template, tests/fixtures/pdf/附件2：部门决算模板.pdf, titles it 收入支出决算表)
    StandardTable(8, "国有资本经营预算财政拨款支出决算表",
                  ("国有资本经营预算财政拨款支出决算表", "国有资本经营预算财政拨款收入支出决算表")),
    StandardTable(9, "财政拨款“三公”经费（及会议费、培训费）支出决算表",
                  ("财政拨款“三公”经费支出决算表", "财政拨款“三公”经费及会议费、培训费支出决算表")),
    StandardTable(10, "部门决算公开相关信息统计表", ("部门决算公开相关信息统计表",), expected=False),
)
STANDARD_TABLE = {t.number: t for t in STANDARD_TABLES}

# Printed title -> table number, for reading documents.
TABLE_TITLES: dict[str, int] = {title: t.number for t in STANDARD_TABLES for title in t.titles}

# --- the template of the year -------------------------------------------------------------------

# Completeness items (checks/completeness.py ITEMS) the template of a fiscal year does not ask
# for. 2024: the blank template 附件2：部门决算模板.pdf (tests/fixtures/pdf) lists 主要职能 and
# 部门决算单位构成 as its overview, nine tables, eleven sections (十、预算绩效管理情况; 十一: 机关运行
# 经费, 政府采购, 国有资产) and 名词解释 — no 人员情况 and no performance self-evaluation tables.
# Years not listed require every item (the national list of DOMAIN.md).
NOT_IN_TEMPLATE: dict[int, frozenset[str]] = {
    2024: frozenset({"overview_staff", "annex_department_eval", "annex_project_evals"}),
}

# --- rounding -----------------------------------------------------------------------------------

# Every amount is printed with two decimals (金额数值保留两位小数，四舍五入): half a unit of the
# second decimal is the rounding of one printed amount.
ROUNDING = 0.005

# --- grades of performance evaluations ----------------------------------------------------------

# ≥90 优, 80–<90 良, 60–<80 中, <60 差 (财预〔2020〕10号).
GRADE_THRESHOLDS: tuple[tuple[float, str], ...] = ((90.0, "优"), (80.0, "良"), (60.0, "中"))
GRADE_BELOW = "差"
GRADES = ("优", "良", "中", "差")
# Key evaluations print A/B/C/D for the same scale (both 000 and 004 state the same evaluation
# as “A” in the narrative and “优” in the report).
GRADE_LETTERS: dict[str, str] = {"优": "A", "良": "B", "中": "C", "差": "D"}
# Printed grades mapped onto the four levels.
GRADE_ALIASES: dict[str, str] = {
    "优": "优", "优秀": "优", "A": "优",
    "良": "良", "良好": "良", "B": "良",
    "中": "中", "中等": "中", "一般": "中", "C": "中",
    "差": "差", "较差": "差", "D": "差",
}


def grade_level(score: float) -> int:
    """The grade a score earns as its position in GRADES (0 优 … 3 差)."""
    for level, (low, _grade) in enumerate(GRADE_THRESHOLDS):
        if score >= low:
            return level
    return len(GRADE_THRESHOLDS)
