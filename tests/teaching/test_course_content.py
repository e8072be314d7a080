"""The course's corrected statements, each checked against the data and the source texts, and
the lessons' structure (goals, time, prerequisites, difficulty; an English summary per section)."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from juesuan import catalog, charts, measures, teaching
from tests.conftest import DOCS, ROOT, raw_document

XY, QY, FY = "xianyang-hrss-2023", "qianyang-hrss-2024", "fenyang-social-insurance-2024"
COURSE = ROOT / "notebooks" / "teaching"
LESSONS = ["01_anatomy", "02_execution", "03_performance", "04_checking", "05_capstone"]


@pytest.fixture(scope="module")
def tables():
    return catalog.load_all()


def text(doc_id: str, line: int) -> str:
    return raw_document(DOCS[doc_id])[line - 1].text.replace(" ", "").replace(",", "")


def cells(name: str) -> list[str]:
    nb = json.loads((COURSE / f"{name}.ipynb").read_text("utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def lesson(name: str) -> str:
    return "\n".join(cells(name))


# --- lesson 02 -----------------------------------------------------------------------------------

def test_initial_budget_is_drawn_as_diamonds_not_pale_bars(tables):
    spec = charts.initial_vs_final(tables, XY).to_dict()
    marks = [layer["mark"] for layer in spec["layer"]]
    assert {"type": "bar", "height": {"band": 0.7}} in marks or any(
        m.get("type") == "bar" for m in marks)
    shapes = [layer["encoding"]["shape"]["scale"]["range"] for layer in spec["layer"]
              if "shape" in layer.get("encoding", {})]
    assert shapes == [["diamond"]]
    assert "菱形" in lesson("02_execution") and "浅色" not in lesson("02_execution")


def test_above_100_percent_can_be_carried_over_money(tables):
    """Two of 咸阳's lines are above their initial budget because they spent last year's
    carry-over, as the lesson now says (lines 166 and 178)."""
    reasons = teaching.stated_reasons(tables, XY).filter(pl.col("reason_kind") == "carryover")
    assert reasons["src_line"].to_list() == [166, 178]
    for r in reasons.iter_rows(named=True):
        assert r["actual"] > r["budget_initial"]
    assert "上年度结转" in text(XY, 168) and "上年度结转" in text(XY, 180)
    assert (225.0, 231.51) in {(r["budget_initial"], r["actual"]) for r in reasons.iter_rows(named=True)}
    assert "上年结转" in lesson("02_execution") and "第166、178行" in lesson("02_execution")
    assert "高于100%说明年中追加了预算" not in lesson("02_execution")


def test_fenyang_reason_explains_the_drop_against_last_year(tables):
    assert "年初预算41670.92万元" in text(FY, 432) and "9.48%" in text(FY, 432)
    assert "主要原因" not in text(FY, 432)  # no reason given for the gap to the initial budget
    line = text(FY, 434)
    assert "较上年决算减少42477.14万元" in line and "对社会保障资金补助" in line and "40332.98" in line
    completion = measures.document_completion(tables["totals"]).filter(pl.col("doc_id") == FY)
    assert round(completion["completion_rate"][0], 2) == 9.48
    md = lesson("02_execution")
    assert "比上年" in md and "42,477.14" in md and "41,670.92" in md
    assert "它在文字说明里自己给出了原因：年初预算里的" not in md


def test_qianyang_initial_total_disagrees_with_its_items(tables):
    assert "9085.20" in text(QY, 126)
    f = tables["findings"].filter((pl.col("doc_id") == QY) & (pl.col("rule_id") == "SUM-NARRATIVE-GPB"))
    assert (f["stated"][0], round(f["expected"][0], 2)) == (9085.2, 873.12)
    assert "24.32%" in lesson("02_execution")


# --- lesson 01 -----------------------------------------------------------------------------------

def test_the_five_parts_in_the_templates_order():
    md = lesson("01_anatomy")
    parts = ["第一部分　概况", "第二部分　决算表", "第三部分　情况说明", "第四部分　名词解释", "第五部分　附件"]
    positions = [md.index(p) for p in parts]
    assert positions == sorted(positions)


def test_office_and_operating_expenses():
    md = lesson("01_anatomy")
    assert "office and operating expenses" in md
    assert "**公用经费**（public expenses）" not in md
    assert all("公用经费（public expenses）" not in e.question + "".join(m.hint for m in e.mistakes)
               for e in teaching.EXERCISES.values())


def test_institutional_section():
    md = lesson("01_anatomy")
    for words in ("预算法", "二十日内", "人民代表大会常务委员会", "审计机关", "四本预算",
                  "一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算"):
        assert words in md, words


def test_three_of_four_documents_are_social_insurance_bodies(tables):
    """The institutional section's claim: 渠县 and 汾阳 are social-insurance agencies, 咸阳 and
    千阳 the bureaus of human resources and social security."""
    names = dict(zip(tables["documents"]["doc_id"], tables["documents"]["unit_name"], strict=True))
    assert "社会" in names[FY] and "保险" in names[FY]
    assert "养老保险" in names["quxian-rural-pension-2023"]
    assert "社会保障" in names[XY] and "社会保障" in names[QY]


# --- every lesson ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_opens_with_goals_time_prerequisites_difficulty(name):
    head = cells(name)[0]
    for words in ("学习目标", "时间", "先修", "难度", "In English"):
        assert words in head, (name, words)


@pytest.mark.parametrize("name", LESSONS[:4])
def test_each_section_has_an_english_summary(name):
    for cell in cells(name):
        for heading in re.findall(r"^## (\d+\..*)$", cell, re.MULTILINE):
            assert "**In English.**" in cell, (name, heading)


@pytest.mark.parametrize("name", LESSONS[:4])
def test_exercises_are_set_on_doc_id(name):
    nb = json.loads((COURSE / f"{name}.ipynb").read_text("utf-8"))
    setup = "".join(nb["cells"][1]["source"])
    assert "DOC_ID = None" in setup


def test_every_tier_is_taught():
    tiers = {e.tier for e in teaching.EXERCISES.values()}
    assert tiers == set(teaching.TIERS)
