"""The student's package: answers judged by their salted hashes, hints still found from the data,
no answer printed; and every exercise set on a second document, with right, wrong and malformed
answers."""

from __future__ import annotations

import pytest

from juesuan import catalog, teaching
from juesuan.teaching import answers, checker, key
from juesuan.teaching.exercises import EXERCISES
from tests.conftest import DOCS, raw_document

XY, QY, FY = "xianyang-hrss-2023", "qianyang-hrss-2024", "fenyang-social-insurance-2024"


@pytest.fixture(scope="module")
def tables():
    return catalog.load_all()


def printed(doc_id: str, line: int, *texts: str) -> None:
    text = raw_document(DOCS[doc_id])[line - 1].text.replace(" ", "").replace(",", "")
    for t in texts:
        assert t in text, (doc_id, line, t, text)


def test_shipped_hashes_are_those_of_the_teachers_key(tables):
    """The hashes in the package are the teacher's answers on today's data (rebuild with
    `juesuan teaching key` after re-ingesting)."""
    shipped = key.shipped()
    assert key.build(tables, key.teacher_rules(), shipped["salt"]) == shipped
    assert all(len(v) >= 1 for v in shipped["answers"].values())


def test_the_answer_is_not_in_the_package(student, tables):
    with pytest.raises(PermissionError, match="teacher"):
        teaching.expected("02-1", tables)
    text = key.HASHES.read_text("utf-8")
    assert "132.42" not in text and "1363.27" not in text


# --- every exercise on a second document: (doc, right, wrong → hint, malformed) ---------------

SECOND = {
    "01-1": (XY, 7, (9, "空表"), "七"),
    "01-2": (QY, 92.31, (0.9231, "小数"), "九十二"),
    "01-3": (QY, 93.77, (93.52, "咸阳"), [93.77]),
    "02-1": (QY, 144.49, (144.5, "1位小数"), "abc"),
    "02-2": (XY, 1813.32, (1363.27, "千阳"), {"a": 1}),
    "02-3": (QY, 100, (1.0, "小数"), "百分之百"),
    "02-4": (XY, "2080799", ("20807", "款"), "其他就业补助支出"),
    "02-5": (QY, "年中追加预算", ("人员变动", "不是"), "追加"),
    "03-1": (QY, 100, (96.67, "咸阳"), True),
    "03-2": (QY, "优", ("良", "不是"), 95),
    "03-3": (QY, 10, (100, "执行率（%）"), "十"),
    "03-4": (QY, 85.71, (0.8571, "小数"), "nan"),
    "03-5": (QY, "全部为优", ("等级有区分", "得满分的比例"), "都是优"),
    "04-1": (QY, 8212.08, (873.12, "各项之和"), "八千"),
    "04-2": (QY, 100, (1, "小数"), "x"),
    "04-3": (QY, 99, (89, "漏掉了资金执行得分"), "九十九"),
    "04-4": (XY, 18, (17, "差了1个"), 4.5),
    "04-5": (QY, "对不上", ("对得上", "决算数（actual）"), "也许"),
}


def test_second_documents_cover_every_exercise():
    assert set(SECOND) == set(EXERCISES)


def test_second_document_figures_are_printed():
    printed(QY, 212, "机关事业单位职业年金缴费支出")  # 02-1, the line the rule picks on 千阳
    printed(QY, 214, "年初预算39.87万元", "支出决算57.61万元")
    printed(QY, 216, "144.49%")
    printed(QY, 126, "9085.20")  # 04-1: the stated initial total, against items of 873.12
    printed(QY, 674, "554.91", "10")  # 04-3: P01's funds block, 10 points of 10
    printed(QY, 840, "99")  # P01's printed total: 10 + 89 by its parts


@pytest.mark.parametrize("view", ["teacher", "student"])
@pytest.mark.parametrize("ex_id", list(SECOND))
def test_an_exercise_on_its_second_document(tables, ex_id, view):
    if view == "student":
        key.use_key(None)
    doc, right, (wrong, hint), malformed = SECOND[ex_id]
    assert teaching.check(ex_id, right, tables, doc=doc), ex_id
    bad = teaching.check(ex_id, wrong, tables, doc=doc)
    assert bad.status == checker.WRONG
    if view == "teacher" or hint != "不是":  # the student's view names no wrong choice
        assert any(hint in h for h in bad.hints) or hint in bad.message, bad.message
    r = teaching.check(ex_id, malformed, tables, doc=doc)
    assert r.status == checker.MALFORMED, r.message


def test_a_document_the_exercise_cannot_be_set_on(tables):
    with pytest.raises(ValueError, match="可以用于：qianyang-hrss-2024, xianyang-hrss-2023"):
        teaching.check("02-1", 100, tables, doc="quxian-rural-pension-2023")
    with pytest.raises(ValueError, match="no document"):
        teaching.check("02-1", 100, tables, doc="nowhere-2024")


def test_the_question_names_what_it_asks_about(tables):
    assert "千阳县人力资源和社会保障局（2024）" in teaching.question("02-1", tables, QY)
    assert "机关事业单位职业年金缴费支出" in teaching.question("02-1", tables, QY)
    assert "原文第212行" in teaching.question("02-1", tables, QY)
    assert "公共就业服务和职业技能鉴定机构（2080111）" in teaching.question("02-1", tables)


# --- the student's hints, without the right value --------------------------------------------

@pytest.mark.parametrize(("ex_id", "answer", "hint"), [
    ("02-2", 2209.18, "全部科目的决算都加起来了"),   # summed all 14 lines
    ("02-2", 13632700, "元（yuan）"),
    ("02-2", -1363.27, "符号"),
    ("02-2", 1813.32, "咸阳"),
    ("02-1", 1.3242, "小数"),
    ("02-1", 75.52, "颠倒"),
    ("02-1", 32.42, "不要减去100"),
    ("02-1", 132.4, "只有1位小数"),
    ("02-1", 132.43, "最后一位差1"),
    ("02-3", 621.6, "年初预算数作分母"),
    ("04-4", 5, "差了1个"),
])
def test_student_hints(student, tables, ex_id, answer, hint):
    r = teaching.check(ex_id, answer, tables)
    assert r.status == checker.WRONG
    assert any(hint in h for h in r.hints), r.message


def test_student_gets_the_method_not_the_direction(student, tables):
    r = teaching.check("02-3", 40.25, tables)
    assert r.hints == (f"方法（how）：{EXERCISES['02-3'].how}",)
    r = teaching.check("02-3", 40, tables)  # the form asks for two decimals: say so, and how
    assert "只有整数" in r.hints[0] and r.hints[-1] == f"方法（how）：{EXERCISES['02-3'].how}"
    assert "偏小" not in r.message


# --- the stated form and tolerance -----------------------------------------------------------

@pytest.mark.parametrize("kind", [answers.PERCENT, answers.WANYUAN, answers.POINTS,
                                  answers.POINTS_1])
def test_the_forms_example_has_the_decimals_it_asks_for(kind):
    assert len(kind.example.split(".")[1]) == kind.decimals
    assert f"answer = {kind.example}" in kind.form and "四舍五入" in kind.form


@pytest.mark.parametrize("view", ["teacher", "student"])
def test_an_answer_in_the_stated_form_is_accepted(tables, view):
    if view == "student":
        key.use_key(None)
    for answer in (132.42, "132.42", "132.42%", 132.4203, 132.415):  # rounds to 132.42
        assert teaching.check("02-1", answer, tables), answer
    for answer in (132.4, 132.43, 132.425):
        assert not teaching.check("02-1", answer, tables), answer
