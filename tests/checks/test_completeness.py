"""Completeness scorecard: statuses on crafted structures and on the four documents."""

import polars as pl
import pytest

from juesuan import catalog, metadata
from juesuan.checks import completeness


def _tables(parts_rows, evaluations=(), totals=()):
    doc = {"doc_id": "d", "unit_name": "某局", "fiscal_year": 2024, "scope": "unit",
           "source_file": "d.txt", "source_sha256": "0", "encoding": "utf-8", "in_manifest": True}
    return {"documents": metadata.frame("documents", [doc]),
            "parts": metadata.frame("parts", [{"doc_id": "d", "in_contents": False, **r}
                                            for r in parts_rows]),
            "perf_evaluations": metadata.frame("perf_evaluations", list(evaluations)),
            "totals": metadata.frame("totals", list(totals))}


def _status(card, item_id):
    row = card.filter(pl.col("item_id") == item_id).row(0, named=True)
    return row["status"], row["reason"], row["src_line"]


def test_table_statuses():
    card = completeness.scorecard(_tables([
        {"kind": "table", "title": "收入支出决算总表", "table_number": 1, "has_data": True,
         "src_line": 10},
        {"kind": "table", "title": "政府性基金预算财政拨款收入支出决算表", "table_number": 7,
         "has_data": False, "declared_empty": True, "empty_reason": "本表无数据", "src_line": 20},
        {"kind": "table_listed", "title": "国有资本经营预算财政拨款支出决算表", "table_number": 8,
         "declared_empty": True, "empty_reason": "本部门不涉及", "src_line": 5},
        {"kind": "table_listed", "title": "收入决算表", "table_number": 2,
         "declared_empty": False, "src_line": 3},
        {"kind": "table_listed", "title": "项目支出决算表", "src_line": 6},
    ]))
    assert _status(card, "t01") == ("present", None, 10)
    assert _status(card, "t07") == ("empty_declared", "本表无数据", 20)
    assert _status(card, "t08") == ("empty_declared", "本部门不涉及", 5)
    assert _status(card, "t02") == ("listed_only", None, 3)
    assert _status(card, "t03") == ("missing", None, None)
    extra = card.filter(pl.col("status") == "extra").row(0, named=True)
    assert (extra["name_zh"], extra["required"]) == ("项目支出决算表", False)


def test_sections_by_heading_or_by_their_figures():
    card = completeness.scorecard(_tables(
        [{"kind": "heading", "level": "section", "title": "十、机关运行经费支出情况说明",
          "src_line": 40},
         {"kind": "heading", "level": "section", "title": "四、财政拨款收支决算总体情况说明",
          "src_line": 30}],
        totals=[{"doc_id": "d", "metric": "staff_actual", "value": 8.0, "unit": "人",
                 "source_kind": "narrative", "src_line": 12}]))
    assert _status(card, "s_agency") == ("present", None, 40)
    assert _status(card, "s_fiscal") == ("present", None, 30)
    assert _status(card, "s_overall")[0] == "missing"  # 财政拨款…总体 is not 收入支出总体
    assert _status(card, "overview_staff") == ("present", None, 12)
    assert _status(card, "glossary")[0] == "missing"


# Read by hand in the texts (line of the table, list entry or heading).
CORPUS = [
    ("qianyang-hrss-2024", "t01", "listed_only", 894),
    ("qianyang-hrss-2024", "t07", "empty_declared", 906),
    ("qianyang-hrss-2024", "t09", "listed_only", 910),
    ("qianyang-hrss-2024", "s_three_public", "present", 306),
    ("qianyang-hrss-2024", "annex_department_eval", "present", 424),
    ("quxian-rural-pension-2023", "t06", "listed_only", 2412),
    ("quxian-rural-pension-2023", "t09", "listed_only", 2422),
    ("quxian-rural-pension-2023", "glossary", "present", 316),
    ("quxian-rural-pension-2023", "s_agency", "present", 246),
    ("fenyang-social-insurance-2024", "t05", "present", 219),
    ("fenyang-social-insurance-2024", "t09", "empty_declared", 336),
    ("fenyang-social-insurance-2024", "overview_staff", "present", 42),
    ("fenyang-social-insurance-2024", "annex_department_eval", "missing", None),
    ("xianyang-hrss-2023", "t08", "empty_declared", 1576),
    ("xianyang-hrss-2023", "t09", "present", 1590),
    ("xianyang-hrss-2023", "s_performance", "present", 328),
]


@pytest.mark.parametrize("doc_id, item_id, status, line", CORPUS)
def test_corpus_scorecard(doc_id, item_id, status, line):
    card = catalog.load("completeness").filter(pl.col("doc_id") == doc_id)
    assert _status(card, item_id)[::2] == (status, line)


def test_corpus_extras_are_recorded_not_required():
    extras = catalog.load("completeness").filter(pl.col("status") == "extra")
    assert not extras["required"].any()
    assert sorted(extras["doc_id"].unique()) == ["fenyang-social-insurance-2024",
                                                 "quxian-rural-pension-2023"]


def test_the_template_of_the_year_decides_what_is_required():
    """putuo-finance-2024 (p.4: 一、主要职能; no 人员情况, no self-evaluation tables, as the 2024
    template 附件2 asks) is complete; a 2023 document still needs 人员情况 and the annexes."""
    tables = {name: catalog.load(name) for name in metadata.INGESTED_NAMES}
    card = completeness.scorecard(tables, ["putuo-finance-2024", "quxian-rural-pension-2023"])
    putuo = card.filter(pl.col("doc_id") == "putuo-finance-2024")
    assert _status(putuo, "overview_duties")[:2] == ("present", None)
    optional = set(putuo.filter(~pl.col("required"))["item_id"])
    assert optional == {"overview_staff", "annex_department_eval", "annex_project_evals"}
    quxian = card.filter(pl.col("doc_id") == "quxian-rural-pension-2023")
    assert quxian.filter(pl.col("item_id") == "overview_staff")["required"][0]
