"""The performance-template registry, and the layouts of other provinces read through it.

The corpus holds no Anhui document and no Sichuan 部门预算项目支出绩效自评表, so their fixtures
are crafted (the `crafted_…` files), each in both extractions a user's PDF may give: one
table row per line with tabs (perf_tabular/) and one cell or a few per line (perf_cells/).
They follow the layouts as DOMAIN.md and issue 13 describe them; the values in them are
invented, and every expected value below was read by eye from the fixture text.
"""

from __future__ import annotations

import pytest

from juesuan import schema
from juesuan.checks.rules import common as rules
from juesuan.ingest import perf_cells, perf_tabular
from juesuan.metadata import perf_templates
from juesuan.text import match_key
from tests.conftest import fixture_lines

FUNDS = ("budget_initial", "budget_full_year", "executed", "execution_rate", "funds_weight",
         "funds_score")
IND = ("level1", "level1_points_stated", "level2", "level3", "nature", "measure_unit", "target",
       "actual", "weight", "score", "deviation_reason")


def _one(parser, name: str):
    evs, problems = parser.extract(fixture_lines(name))
    assert len(evs) == 1, evs
    return evs[0], problems


def _pick(d: dict, *keys):
    return tuple(d.get(k) for k in keys)


# ------------------------------------------------------------------------ the registry ---

def test_registry_is_the_schema_enum():
    names = [t.name for t in perf_templates.TEMPLATES]
    assert len(names) == len(set(names))
    assert list(schema.PERF_TEMPLATES) == names
    assert set(names) >= {"national", "sichuan", "sichuan_dept_budget", "anhui", "shanxi",
                          "shanxi_goal", "department_overall", "key_report"}


def test_funds_total_labels_do_not_shadow_each_other():
    """The cells parser alternates over a template's labels: none may be a prefix of another."""
    for t in perf_templates.TEMPLATES:
        labels = t.funds_total
        assert not [(a, b) for a in labels for b in labels if a != b and b.startswith(a)], t.name


def test_words_are_in_match_key_form():
    """identify() is given keyed text: a word with a full-width bracket would never match."""
    for t in perf_templates.TEMPLATES:
        words = [*t.requires, *t.requires_any, *t.funds_total, *t.funds_rows,
                 *(w for _, ws in t.funds_columns for w in ws)]
        assert [w for w in words if match_key(w) != w] == [], t.name
        assert t.points in ("分值", "权重")
        assert {role for role, _ in t.funds_columns} <= set(perf_templates.FUNDS_ROLES)


@pytest.mark.parametrize(("scope", "header", "name"), [
    # the header words each layout prints (keyed: no spaces, half-width brackets)
    ("project", ("项目资金(万元)年初预算数全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额"
                "其中:当年财政拨款上年结转资金其他资金"), "national"),
    ("project", ("项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额:"
                "其中:本年财政拨款上年结转资金其他资金"), "anhui"),
    ("project", ("年度预算数(万元)年初预算数调整后预算数执行数执行率权重得分原因总额"
                "一级指标二级指标三级指标指标性质指标值度量单位完成值权重得分"), "sichuan_dept_budget"),
    ("project", ("项目资金(万元)年度资金总额:193.92其中:财政拨款193.92其他资金"
                "一级指标二级指标三级指标指标性质指标值度量单位权重实际完成指标值"), "sichuan"),
    ("department_overall", "资金总额财政拨款其他资金一级指标二级指标三级指标指标性质", "sichuan"),
    ("project", "年初预算数目标申报数预算编制数全年预算数全年执行数资金结余分值执行率得分",
     "shanxi"),
    ("project", "项目资金(元)实施期资金总额:64,200年度资金总额:64,200实施期目标年度目标",
     "shanxi_goal"),
    ("department_overall", "金额合计年初预算数全年预算数全年执行数分值执行率得分",
     "department_overall"),
    ("key_evaluation", "一级指标分值得分得分率", "key_report"),
])
def test_identify(scope, header, name):
    assert perf_templates.identify(scope, header).name == name


def test_unknown_layout_is_no_template():
    assert perf_templates.identify("project", "项目名称某项目一级指标二级指标三级指标") is None


def test_funds_roles_by_header_word():
    national = perf_templates.by_name("national")
    sichuan = perf_templates.by_name("sichuan_dept_budget")
    assert [national.funds_role(k) for k in ("全年预算数(A)", "全年执行数(B)", "执行率(B/A)")] \
        == ["full", "executed", "rate"]
    # as the issue describes the header, and as some tables word it (年初预算, 预算执行数/率)
    assert [sichuan.funds_role(k) for k in ("年初预算数", "调整后预算数", "执行数", "执行率", "权重",
                                            "得分", "年度预算数(万元)", "原因")] \
        == ["initial", "full", "executed", "rate", "weight", "score", None, None]
    assert [sichuan.funds_role(k) for k in ("年初预算", "预算执行数", "预算执行率")] \
        == ["initial", "executed", "rate"]


def test_checks_read_the_registry_for_the_standard_funds_weight():
    assert rules.FUNDS_TEMPLATES == {"national", "shanxi", "sichuan", "sichuan_dept_budget",
                                     "anhui", "department_overall"}


# ------------------------------------------------------------------------------ Anhui ---

_ANHUI_INDICATORS = [  # (level1, points, level2, level3, target, actual, weight, score, reason)
    ("产出指标", 50.0, "数量指标", "服务老年人数", "≥3000人", "3260人", 20.0, 20.0, None),
    ("产出指标", 50.0, "质量指标", "服务合格率", "≥95%", "98%", 10.0, 10.0, None),
    ("产出指标", 50.0, "时效指标", "补助发放及时率", "100%", "100%", 10.0, 10.0, None),
    ("产出指标", 50.0, "成本指标", "人均补助标准", "≤420元", "415元", 10.0, 10.0, None),
    ("效益指标", 30.0, "社会效益指标", "老年人生活质量", "有所提高", "有所提高", 20.0, 18.0,
     "部分服务点下半年才投入运营"),
    ("效益指标", 30.0, "可持续影响指标", "居家养老服务体系", "长期", "长期", 10.0, 10.0, None),
    ("满意度指标", 10.0, "服务对象满意度指标", "服务对象满意度", "≥90%", "93%", 10.0, 9.0, None),
]


def _anhui_rows(ev):
    return [(i["level1"], i["level1_points_stated"], i["level2"], i["level3"], i["target"],
             i["actual"], i["weight"], i["score"],
             i["deviation_reason"] and i["deviation_reason"].rstrip("。"))
            for i in ev.indicators]


def test_anhui_tabular():
    """An Anhui 项目支出绩效自评表 (2023年度), tab-separated: 项目资金（万元） header
    年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分; rows 年度资金总额：
    120.00 135.50 128.73 10 95.00% 9.5, 其中：本年财政拨款, 上年结转资金, 其他资金; seven
    indicators under 产出指标（50分）/ 效益指标（30分）/ 满意度指标（10分） with 年度指标值,
    实际完成值, 分值, 得分, 偏差原因分析及改进措施; 总分 100 96.5 优."""
    ev, problems = _one(perf_tabular, "perf_tabular/crafted_anhui_project.txt")
    f = ev.fields
    assert problems == []
    assert ev.scope == "project"
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("anhui", "社区养老服务补助资金", "某县民政局", "某县养老服务中心",
                                    "万元")
    assert _pick(f, *FUNDS) == (120.0, 135.5, 128.73, 95.0, 10.0, 9.5)
    assert {f[f"{c}_src_line"] for c in FUNDS} == {6}  # the 年度资金总额 row, not 本年财政拨款
    assert _pick(f, "score", "score_src_line", "grade", "grade_src_line") == (96.5, 20, "优", 20)
    assert _anhui_rows(ev) == _ANHUI_INDICATORS
    assert [i["src_line"] for i in ev.indicators] == list(range(13, 20))


def test_anhui_cells():
    """The same Anhui table as one cell per line: headers broken inside words (全年预\\n算数),
    the 其中：本年财政拨款 label wrapped onto its own lines, 一级/二级 labels on lines of their
    own, each indicator's values on one line; 总分 100 96.5."""
    ev, problems = _one(perf_cells, "perf_cells/crafted_anhui_project.txt")
    f = ev.fields
    assert problems == []
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("anhui", "社区养老服务补助资金", "某县民政局", "某县养老服务中心",
                                    "万元")
    assert _pick(f, *FUNDS) == (120.0, 135.5, 128.73, 95.0, 10.0, 9.5)
    assert {f[f"{c}_src_line"] for c in FUNDS} == {23}
    assert _pick(f, "score", "score_src_line") == (96.5, 125)
    assert _anhui_rows(ev) == _ANHUI_INDICATORS
    assert [i["src_line"] for i in ev.indicators] == [85, 89, 93, 97, 107, 113, 123]
    assert sum(i["score"] for i in ev.indicators) + f["funds_score"] == f["score"]


# ---------------------------------------------------------------- Sichuan 部门预算 table ---

_SICHUAN_INDICATORS = [  # (level1, level2, level3, nature, unit, target, actual, weight, score)
    ("产出指标", "数量指标", "服务平台覆盖乡镇数", "＝", "个", "21", "21", 30.0, 30.0),
    ("产出指标", "质量指标", "经办业务差错率", "≤", "%", "2", "1.5", 20.0, 20.0),
    ("产出指标", "时效指标", "资金拨付及时率", "≥", "%", "95", "92", 10.0, 8.0),
    ("效益指标", "社会效益指标", "群众办事便利程度", "定性", None, "有效提升", "有效提升", 20.0, 20.0),
    ("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥", "%", "90", "94", 10.0, 10.0),
]


def _sichuan_rows(ev):
    return [(i["level1"], i["level2"], i["level3"], i.get("nature"), i.get("measure_unit"), i["target"],
             i["actual"], i["weight"], i["score"]) for i in ev.indicators]


def test_sichuan_dept_budget_tabular():
    """A Sichuan 部门预算项目支出绩效自评表 (2023年度), tab-separated: 实施单位（盖章）;
    预算执行情况（10分） block with 年初预算数 / 调整后预算数 / 执行数 / 执行率 / 权重 / 得分 /
    原因 and rows 总额 48.00 52.60 50.13 95.30% 10 9.53, 其中：财政资金, 财政专户管理资金,
    单位资金, 其他资金; 绩效指标（90分） with 指标性质, 指标值, 度量单位, 完成值, 权重, 得分,
    未完成原因分析; 合计 100 97.53 (no grade printed)."""
    ev, problems = _one(perf_tabular, "perf_tabular/crafted_sichuan_dept_budget_project.txt")
    f = ev.fields
    assert problems == []
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("sichuan_dept_budget", "乡镇人社服务平台运行经费",
                                    "某县人力资源和社会保障局", "某县就业服务中心", "万元")
    # 年初预算数 48.00, 调整后预算数 (A) 52.60, 执行数 (B) 50.13, 执行率 95.30%, 权重 10, 得分 9.53
    assert _pick(f, *FUNDS) == (48.0, 52.6, 50.13, 95.3, 10.0, 9.53)
    assert {f[f"{c}_src_line"] for c in FUNDS} == {6}
    assert _pick(f, "score", "score_src_line", "grade") == (97.53, 17, None)
    assert _sichuan_rows(ev) == _SICHUAN_INDICATORS
    assert [i["src_line"] for i in ev.indicators] == list(range(12, 17))
    assert ev.indicators[2]["deviation_reason"] == "第四季度资金拨付延后。"


def test_sichuan_dept_budget_cells():
    """The same Sichuan table as one cell per line: each funds row on one line, the indicator
    header on one line (its 未完成原因分析 wrapped below), 一级/二级 labels on lines of their
    own and each indicator's cells on one line, 定性 rows without a 度量单位; 合计 100 97.53."""
    ev, problems = _one(perf_cells, "perf_cells/crafted_sichuan_dept_budget_project.txt")
    f = ev.fields
    assert problems == []
    assert _pick(f, "template", "project_name", "supervising_dept", "implementing_unit",
                 "amount_unit") == ("sichuan_dept_budget", "乡镇人社服务平台运行经费",
                                    "某县人力资源和社会保障局", "某县就业服务中心", "万元")
    assert _pick(f, *FUNDS) == (48.0, 52.6, 50.13, 95.3, 10.0, 9.53)
    assert {f[f"{c}_src_line"] for c in FUNDS} == {23}
    assert _pick(f, "score", "score_src_line") == (97.53, 69)
    assert _sichuan_rows(ev) == _SICHUAN_INDICATORS
    assert [i["src_line"] for i in ev.indicators] == [47, 51, 55, 61, 67]
    assert ev.indicators[2]["deviation_reason"] == "第四季度资金拨付延后"
    assert sum(i["score"] for i in ev.indicators) + f["funds_score"] == f["score"]


def test_every_template_is_labelled_in_both_languages():
    assert schema.VALUE_LABELS["template"] == {t.name: t.label for t in perf_templates.TEMPLATES}
    assert all(zh and en for zh, en in schema.VALUE_LABELS["template"].values())
