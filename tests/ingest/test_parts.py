"""The document structure as printed: contents lists, table lists, tables with bodies."""

import pytest

from juesuan.ingest import parts, tables


@pytest.fixture(scope="module")
def structure(raw_lines):
    def get(doc_id):
        lines = raw_lines(doc_id)
        return parts.extract(lines, tables.find_tables(lines))
    return get


def _rows(rows, kind, **match):
    return [r for r in rows if r["kind"] == kind
            and all(r.get(k) == v for k, v in match.items())]


def test_contents_list_with_page_numbers(structure):
    rows = structure("fenyang-social-insurance-2024")
    listed = _rows(rows, "table_listed")
    assert [r["table_number"] for r in listed] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert all(r["in_contents"] for r in listed)
    assert _rows(rows, "heading", src_line=8)[0]["title"] == "第一部分概况"  # '第一部分 概况\t1'
    assert _rows(rows, "heading", src_line=8)[0]["in_contents"]
    assert not _rows(rows, "heading", src_line=36)[0]["in_contents"]  # the body repeats it


def test_tables_with_bodies_and_empty_notes(structure):
    rows = {r["table_number"]: r for r in _rows(structure("fenyang-social-insurance-2024"),
                                                  "table") if r["table_number"]}
    assert rows[1]["has_data"] and rows[1]["src_line"] == 50
    assert (rows[7]["has_data"], rows[7]["declared_empty"], rows[7]["empty_reason"]) == (
        False, True, "本表无数据")
    assert rows[9]["src_line"] == 336 and rows[9]["declared_empty"]
    provincial = [r for r in _rows(structure("fenyang-social-insurance-2024"), "table")
                  if r["table_number"] is None]
    assert [r["title"] for r in provincial] == ["部门决算公开相关信息统计表"]


def test_list_of_tables_with_empty_flags(structure):
    listed = {r["table_number"]: r for r in _rows(structure("qianyang-hrss-2024"), "table_listed")}
    assert sorted(listed) == list(range(1, 10))
    assert listed[7]["declared_empty"] and listed[7]["empty_reason"] == "本部门不涉及故公开空表"
    assert listed[9]["declared_empty"] is False and listed[9]["src_line"] == 910
    assert not _rows(structure("qianyang-hrss-2024"), "table")  # no table bodies printed


def test_markdown_bulleted_contents(structure):
    rows = structure("xianyang-hrss-2023")
    entry = _rows(rows, "heading", src_line=15)[0]  # '- 一、部门主要职责及内设机构'
    assert entry["title"] == "一、部门主要职责及内设机构" and entry["in_contents"]


def test_provincial_list_and_glossary_without_heading(structure):
    rows = structure("quxian-rural-pension-2023")
    listed = _rows(rows, "table_listed")
    assert len(listed) == 13 and listed[-1]["table_number"] == 9
    # (国有资本经营预算财政拨款收入支出决算表 is the national table 8 in the 2024 template,
    # tests/fixtures/pdf/附件2：部门决算模板.pdf, 目录 item 九: not a provincial extra)
    assert [r["title"] for r in listed if r["table_number"] is None] == [
        "财政拨款支出决算明细表", "一般公共预算财政拨款支出决算明细表",
        "一般公共预算财政拨款项目支出决算表"]
    glossary = _rows(rows, "glossary_entry")
    assert glossary[0]["title"] == "财政拨款收入" and glossary[0]["src_line"] == 316
