"""The course's exercise checker (`juesuan.teaching`): every exercise accepts the figure the
document prints (pinned here to its line), answers each typical mistake with its specific hint,
and answers a malformed or missing answer with the form it expects — never just "wrong"."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest

from juesuan import catalog, teaching
from juesuan.teaching import answers, checker
from juesuan.teaching.exercises import EXERCISES
from tests.conftest import DOCS, ROOT, raw_document

XY, QY, FY = "xianyang-hrss-2023", "qianyang-hrss-2024", "fenyang-social-insurance-2024"
COURSE = ROOT / "notebooks" / "teaching"


@pytest.fixture(scope="module")
def tables():
    return catalog.load_all()


def printed(doc_id: str, line: int, *texts: str) -> None:
    """Each text is printed on that line of the document (spaces and thousands separators
    ignored, as a reader compares them)."""
    text = raw_document(DOCS[doc_id])[line - 1].text.replace(" ", "").replace(",", "")
    for t in texts:
        assert t in text, (doc_id, line, t, text)


# --- right answers, pinned to the document ------------------------------------------------------

def test_01_1_fenyang_publishes_six_of_the_nine_tables_with_data(tables):
    # 公开07–09表 are printed empty with 本表无数据; the provincial 相关信息统计表 is an extra
    for line, title in ((298, "政府性基金"), (317, "国有资本经营"), (336, "三公")):
        printed(FY, line, title)
    c = tables["completeness"].filter((pl.col("doc_id") == FY)
                                      & (pl.col("status") == "empty_declared"))
    assert c["item_id"].to_list() == ["t07", "t08", "t09"]
    assert teaching.check("01-1", 6, tables)


def test_01_2_class_208_share_of_fenyang_table_05(tables):
    printed(FY, 232, "合计", "3951.18")
    printed(FY, 233, "208", "社会保障和就业支出", "3895.18")
    printed(FY, 424, "98.58%")  # 3,895.18 ÷ 3,951.18 = 98.58 %, stated in the narrative too
    assert teaching.check("01-2", 98.58, tables)
    assert teaching.check("01-2", "98.58%", tables)


def test_01_3_personnel_share_of_basic_expenditure(tables):
    printed(XY, 266, "人员经费2736.02万元")
    printed(XY, 268, "公用经费189.68万元")
    printed(XY, 1557, "人员经费合计", "2736.02", "189.68")
    assert teaching.check("01-3", 93.52, tables)  # 2736.02 / (2736.02 + 189.68)


def test_02_1_completion_of_one_line(tables):
    printed(XY, 188, "年初预算数为404.87万元", "支出决算数为536.13万元", "132.42%")
    assert teaching.check("02-1", 132.42, tables)


def test_02_2_qianyang_unbudgeted_spending(tables):
    for line, amount in ((154, "76.64"), (166, "380.20"), (174, "10万元"), (226, "827.69"),
                         (234, "13.00"), (258, "55.74")):
        printed(QY, line, amount, "年初预算为零")
    assert teaching.check("02-2", 1363.27, tables)
    assert teaching.check("02-2", "1,363.27", tables)


def test_02_3_execution_rate_of_a_project(tables):
    printed(XY, 1042, "年度资金总额", "5", "33.22", "31.08", "93.56%")
    assert teaching.check("02-3", 93.56, tables)


def test_02_4_line_furthest_above_its_initial_budget(tables):
    printed(XY, 226, "就业补助（07）其他就业补助支出（99）")
    printed(XY, 228, "年初预算数为0.00万元", "支出决算数为1341.86万元")  # 1341.86 above budget
    printed(XY, 220, "年初预算数为200万元", "支出决算数为1348.01万元")  # 1148.01 above budget
    assert teaching.check("02-4", "2080799", tables)
    assert teaching.check("02-4", 2080799, tables)


def test_03_1_share_graded_excellent(tables):
    ev = tables["perf_evaluations"]
    assert ev.height == 55 and ev["score"].null_count() == 0
    below = ev.filter(pl.col("score") < 90)
    assert below["eval_id"].to_list() == [f"{XY}:P03"]  # 89 points, line 482: 良
    printed(XY, 482, "总分", "89")
    xy = tables["perf_evaluations"].filter(pl.col("doc_id") == XY)
    assert xy.height == 30
    assert teaching.check("03-1", 96.67, tables)  # 29 of 咸阳's 30
    assert "四份文档合在一起" in teaching.check("03-1", 98.18, tables).message  # 54 of 55


def test_02_5_largest_reason_by_amount(tables):
    printed(XY, 220, "1348.01", "本科目追加专项业务经费预算支出")  # 社会保险补贴: 追加
    r = teaching.reason_summary(tables, XY).row(0, named=True)
    assert (r["reason_kind"], r["n_lines"], round(r["gap_wanyuan"], 2)) == ("addition", 11, 4080.6)
    assert teaching.check("02-5", "年中追加预算", tables)


def test_03_5_grades_hardly_tell_apart(tables):
    printed(XY, 482, "89")  # the one 良 among 咸阳's 30 evaluations
    assert teaching.check("03-5", "绝大多数为优", tables)


def test_04_5_initial_total_disagrees_with_its_items(tables):
    printed(XY, 149, "年初预算4106.46万元")  # against the 26 items' 4039.37 (exercise 4-1)
    assert teaching.check("04-5", "对不上", tables)
    assert teaching.check("04-5", "不一致", tables)


def test_03_2_grade_from_the_score(tables):
    printed(XY, 482, "89")
    assert teaching.check("03-2", "良", tables)
    assert teaching.check("03-2", "B", tables)  # the A/B/C/D scale of key evaluations


def test_03_3_funds_score_by_the_template_rule(tables):
    printed(XY, 1042, "93.56%", "9.4")  # 93.56 % × 10 = 9.4, as printed
    assert teaching.check("03-3", 9.4, tables)
    assert teaching.check("03-3", 9.36, tables)  # unrounded is fine too


def test_03_4_full_marks_share(tables):
    ind = tables["perf_indicators"].filter((pl.col("doc_id") == XY)
                                           & (pl.col("row_kind") == "indicator")
                                           & (pl.col("weight") > 0) & pl.col("score").is_not_null())
    assert ind.height == 259
    assert ind.filter(pl.col("score") == pl.col("weight")).height == 191
    assert teaching.check("03-4", 73.75, tables)  # 191 ÷ 259


def test_04_1_stated_initial_total_minus_its_items(tables):
    printed(XY, 149, "年初预算4106.46万元")
    items = tables["budget_lines"].filter((pl.col("doc_id") == XY)
                                         & (pl.col("statement") == "narrative_gpb"))
    assert items.height == 26
    for r in items.iter_rows(named=True):  # every item's initial budget as printed on its line
        printed(XY, r["budget_initial_src_line"], f"{r['budget_initial']:g}")
    assert round(items["budget_initial"].sum(), 2) == 4039.37
    assert teaching.check("04-1", 67.09, tables)


def test_04_2_recomputed_execution_rate(tables):
    printed(XY, 435, "200.00", "157.27", "78.64%")  # 157.27 ÷ 157.27 = 100 %, printed 78.64 %
    assert teaching.check("04-2", 100, tables)
    assert teaching.check("04-2", "100%", tables)


def test_04_3_score_parts_against_total(tables):
    printed(XY, 619, "年度资金总额", "52.75", "27.52", "52.17%", "8")
    for line, score in zip(range(626, 634), ("9", "9", "10", "20", "10", "10", "10", "10"),
                           strict=True):
        printed(XY, line, score)
    printed(XY, 634, "总分", "98")
    assert teaching.check("04-3", 96, tables)  # 8 + 88, not the printed 98


def test_04_4_errors_found_in_qianyang(tables):
    f = tables["findings"].filter((pl.col("doc_id") == QY) & (pl.col("severity") == "error"))
    assert sorted(f["rule_id"].to_list()) == ["PERF-LEVEL1", "PERF-LEVEL1", "SUM-BASIC",
                                             "SUM-NARRATIVE-GPB"]
    assert teaching.check("04-4", 4, tables)


def test_every_exercise_has_a_pinned_right_answer():
    tested = {name.split("_")[1] + "-" + name.split("_")[2] for name in globals()
              if name.startswith("test_0")}
    assert tested == set(EXERCISES)


# --- typical wrong answers get their specific hint ------------------------------------------------

WRONG: dict[str, list[tuple[object, str]]] = {
    "01-1": [(9, "空表"), (3, "空表（empty table）的张数"), (7, "地方增列"), (7, "咸阳"),
             (9, "9是全国统一格式表的总数")],
    "01-2": [(0.9858, "小数（fraction"), (295.75, "类、款、项三级"), (197.17, "类和款都加"),
             (32.86, "分母把所有类、款、项"), (96.90, "咸阳市人力资源和社会保障局（2023）的数字"),
             (99, "取成了整数"), (98, "截掉"), (98.6, "只保留了1位小数"),
             (98.6, "请保留2位小数")],
    "01-3": [(6.48, "公用经费"), (30.47, "本年支出合计"), (34.12, "一般公共预算财政拨款支出总额"),
             (93.77, "千阳县"), (0.9352, "小数")],
    "02-1": [(195.30, "整个一般公共预算"), (1.3242, "小数"), (75.52, "颠倒"), (32.42, "不要减去100"),
             (132.43, "很接近")],
    "02-2": [(13632700, "元（yuan）"), (6, "个数"), (61.71, "占比"), (1382.14, "超支额"),
             (1644.64, "有年初预算、但决算超过预算"), (1813.32, "咸阳"), (-1363.27, "符号"),
             (2209.18, "全部科目的决算都加起来了"), (845.91, "正好是有年初预算的科目"),
             (1336.06, "the net gap")],
    "02-5": [("支出上年结转资金", "不是“支出上年结转资金”"), ("人员变动", "项数", FY)],
    "02-3": [(621.6, "年初预算数作分母"), (0.9356, "小数"), (106.88, "颠倒"), (93.55, "截掉")],
    "02-4": [("2089999", "百分比"), ("2080704", "漏掉了年初预算为零的项"),
             ("2080704", "决算数最大的一项"), ("20807", "款（5位）"), ("208", "类（3位）")],
    "03-1": [(100, "只数了文档写出等级的评价"), (100, "渠县"), (26.67, "满分（100分）"), (29, "个数"),
             (98.18, "四份文档合在一起"), (0.9667, "小数")],
    "03-2": [("优", "优要90分及以上"), ("中", "不是“中”")],
    "03-3": [(62.16, "年初预算数算执行率"), (10, "满分只在执行率达到100%"), (93.56, "执行率（%）"),
             (98.11, "总分"), (9.3, "截掉"), (9, "取成了整数")],
    "03-5": [("全部为优", "只看了文档写出等级的评价"), ("等级有区分", "得满分的比例")],
    "03-4": [(191, "个数"), (76.4, "全部有效指标"), (63.04, "全部指标行"), (26.0, "定性指标"),
             (79.40, "四份文档合在一起"), (94.38, "汾阳"), (0.7375, "小数")],
    "04-1": [(-67.09, "符号"), (4039.37, "各项之和"), (-0.01, "决算数的差额"), (0, "并不相等"),
             (670900, "元（yuan）")],
    "04-2": [(78.64, "表中印的执行率"), (78.64, "年初预算数作分母"), (1, "小数")],
    "04-3": [(98, "表中印的总分"), (98, "分值（weight）当成了得分"), (88, "漏掉了资金执行得分"),
             (100, "加的是分值")],
    "04-4": [(7, "疑似（warning）和提示（info）也算进去了"), (6, "把疑似（warning）也算进去了"),
             (2, "疑似（warning）的条数"), (18, "咸阳"), (5, "差了1个")],
    "04-5": [("对得上", "你比较的是决算数（actual）")],
}


def test_every_exercise_has_wrong_answers_to_diagnose():
    assert set(WRONG) == set(EXERCISES)
    for ex_id, ex in EXERCISES.items():  # each specific mistake is exercised
        hints = {case[1] for case in WRONG[ex_id]}
        for mistake in ex.mistakes:
            assert any(h in mistake.hint for h in hints), (ex_id, mistake.hint)


@pytest.mark.parametrize(("ex_id", "answer", "hint", "doc"),
                         [(e, c[0], c[1], c[2] if len(c) > 2 else None)
                          for e, cases in WRONG.items() for c in cases])
def test_a_typical_wrong_answer_gets_its_hint(tables, ex_id, answer, hint, doc):
    result = teaching.check(ex_id, answer, tables, doc=doc)
    assert result.status == checker.WRONG and not result
    assert any(hint in h for h in result.hints), result.message
    assert result.message.startswith(f"✗ 练习 {ex_id}")


def test_an_unexplained_wrong_answer_still_gets_direction_and_method(tables):
    low = teaching.check("02-3", 40, tables)
    assert low.hints == ("你的答案偏小（too low）。", f"方法（how）：{EXERCISES['02-3'].how}")
    high = teaching.check("04-4", 30, tables)
    assert high.hints[0] == "你数多了（too many）。" and "findings" in high.hints[1]
    code = teaching.check("02-4", "2210201", tables)
    assert code.hints[0] == "不是编码为2210201的这一行。"


def test_the_wrong_document_is_named(tables):
    r = teaching.check("02-2", 1813.32, tables)  # 咸阳's unbudgeted spending, asked of 千阳
    assert r.hints == (("这是咸阳市人力资源和社会保障局（2023）的数字（the wrong document）；"
                       "题目问的是千阳县人力资源和社会保障局（2024）。"),)


# --- malformed and missing answers get the form expected ---------------------------------------

NUMERIC = [e for e, ex in EXERCISES.items() if isinstance(ex.kind, answers.Number)]


@pytest.mark.parametrize("ex_id", list(EXERCISES))
def test_no_answer_yet(tables, ex_id):
    r = teaching.check(ex_id, None, tables)
    assert r.status == checker.UNANSWERED and not r
    assert "还没有作答（not answered yet）" in r.message
    assert EXERCISES[ex_id].kind.form in r.message


@pytest.mark.parametrize(("answer", "says"), [
    ("abc", "不是一个数"), ("九十五", "不是一个数"), ([195.3], "一组值（a list）"), ((1, 2), "一组值"),
    ({"a": 1}, "字典"), (float("nan"), "NaN"), (math.inf, "无穷大"), (True, "真假值"),
    (pl.Series([1.0]), ".item()"),
])
@pytest.mark.parametrize("ex_id", NUMERIC)
def test_malformed_number(tables, ex_id, answer, says):
    r = teaching.check(ex_id, answer, tables)
    assert r.status == checker.MALFORMED and not r
    assert says in r.message and EXERCISES[ex_id].kind.form in r.message


@pytest.mark.parametrize(("ex_id", "answer", "says"), [
    ("01-1", 6.5, "个数应当是整数"), ("04-4", "四", "不是一个数"), ("04-4", [4], "一组值"),
    ("02-4", "其他就业补助支出", "不是编码"), ("02-4", "208079", "有6位"), ("02-4", 2080799.0, "数字"),
    ("02-4", None, "还没有作答"), ("03-2", 89, "数字 89"), ("03-2", "优秀的", "不在可选答案中"),
    ("03-2", ["良"], "一组值"),
])
def test_malformed_other_kinds(tables, ex_id, answer, says):
    r = teaching.check(ex_id, answer, tables)
    assert r.status in (checker.MALFORMED, checker.UNANSWERED)
    assert says in r.message and EXERCISES[ex_id].kind.form in r.message


def test_unknown_exercise_lists_the_ids():
    with pytest.raises(ValueError, match="01-1, 01-2"):
        teaching.check("9-9", 1)


# --- the expected values come from the data ------------------------------------------------------

def test_expected_value_follows_the_curated_data(tables):
    """Change B of P22 in a copy of the data: the checker's expected rate changes with it."""
    ev = tables["perf_evaluations"].with_columns(
        executed=pl.when(pl.col("eval_id") == f"{XY}:P22").then(16.61)
        .otherwise(pl.col("executed")))
    changed = {**tables, "perf_evaluations": ev}
    assert teaching.expected("02-3", changed) == pytest.approx(50.0, abs=0.01)
    assert teaching.check("02-3", 50, changed)
    assert not teaching.check("02-3", 93.56, changed)


def test_missing_data_is_an_error_not_a_verdict(tables):
    empty = {**tables, "perf_evaluations": tables["perf_evaluations"].clear()}
    with pytest.raises(ValueError, match="练习 02-3 不能用于 xianyang-hrss-2023"):
        teaching.check("02-3", 93.56, empty)


# --- the notebooks ---------------------------------------------------------------------------

def _sources(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])


@pytest.mark.parametrize("notebook", sorted({e.notebook for e in EXERCISES.values()}))
def test_each_notebook_ends_with_its_exercises_and_has_solutions(notebook):
    ids = [e.id for e in teaching.for_notebook(notebook)]
    lesson = _sources(COURSE / f"{notebook}.ipynb")
    solutions = _sources(COURSE / "solutions" / f"{notebook}_solutions.ipynb")
    for ex_id in ids:
        assert (f'answer = None  # ← 把 None 换成你的答案\n'
                f'teaching.check("{ex_id}", answer, doc=DOC_ID)') in lesson
        assert f'teaching.check("{ex_id}", answer, doc=DOC_ID)' in solutions
    assert lesson.rstrip().endswith(f'teaching.check("{ids[-1]}", answer, doc=DOC_ID)')
    assert "answer = None" not in solutions
