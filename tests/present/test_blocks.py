"""The unit report's key facts in the page: labelled lists and paragraphs whose cited lines are
links, with the page for a PDF (read off the Putuo finance bureau's PDF: 本年收入合计 2,946.25
on p.6, 收入总计 2,995.39 at the top of p.7)."""

from __future__ import annotations

import re

import pytest

from juesuan import catalog, present

PDF_DOC, TEXT_DOC = "putuo-finance-2024", "xianyang-hrss-2023"


@pytest.fixture(scope="module")
def tables():
    return catalog.load_all()


def _rows(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))


def test_key_figures_of_a_pdf_cite_page_and_line(tables):
    card = present.key_figures_card(tables, PDF_DOC)
    rows = _rows(card._repr_html_())
    assert rows["本年收入合计"].startswith("2,946.25万元（<a class=\"jsrc\"")
    assert ">第6页第113行</a>" in rows["本年收入合计"]
    assert ">第7页第116行</a>" in rows["收入总计"]
    assert repr(card) == present.key_figures(tables, PDF_DOC)  # the plain text unchanged


def test_profile_of_a_text_document_cites_lines_only(tables):
    rows = _rows(present.profile_card(tables, TEXT_DOC)._repr_html_())
    assert rows["编制人数"] == ('181人（<a class="jsrc" href="#L105" data-line="105">'
                            "第105行</a>）")
    assert "页" not in rows["实有人数"]


def test_a_list_of_lines_becomes_one_link_per_line(tables):
    note = present.three_public_note(tables, PDF_DOC)
    assert note.endswith("（第279、370、373、379行）")
    html = present.sentences(tables, PDF_DOC, note)._repr_html_()
    assert html.startswith('<p class="juesuan-note">')
    assert re.findall(r'data-line="(\d+)"', html) == ["279", "370", "373", "379"]


def test_text_from_the_document_is_escaped():
    html = present.facts("名称：<b>A&B</b>（第3行）\n无标签的一行", [])._repr_html_()
    assert "<dt>名称</dt><dd>&lt;b&gt;A&amp;B&lt;/b&gt;（<a" in html
    assert '<dd class="wide">无标签的一行</dd>' in html



def test_the_comparison_says_a_staff_count_is_not_stated(tables):
    rows = _rows(present.facts(present.compare_summary(tables, [PDF_DOC, TEXT_DOC]))
                 ._repr_html_())
    assert rows["上海市普陀区财政局（2024）"] == "本年支出2,940.05万元，实有人数未列示"
    assert rows["咸阳市人力资源和社会保障局（2023）"] == "本年支出8,980.21万元，实有人数173人"


def test_the_audit_overview_has_a_line_per_document(tables):
    lines = present.audit_overview(tables, [TEXT_DOC, PDF_DOC]).splitlines()
    assert [line.split("：")[0] for line in lines] == ["咸阳市人力资源和社会保障局（2023）",
                                                      "上海市普陀区财政局（2024）"]  # as asked
    assert lines[0] == ("咸阳市人力资源和社会保障局（2023）："
                        + present.findings_summary(tables, TEXT_DOC) + "；"
                        + present.completeness_summary(tables, TEXT_DOC))
