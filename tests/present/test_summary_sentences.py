"""The report's conclusions in words (present.narrative, present.conclusions), the document's
own problems and measures (juesuan.remarks) and the quoted source text (juesuan.sources),
on the real curated data and the real source lines."""

from __future__ import annotations

import polars as pl
import pytest

from juesuan import catalog, remarks, sources
from juesuan.present import narrative, opening


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return catalog.load_all()


def _lines(tables, doc_id):
    return sources.document_lines(tables["documents"], doc_id)


def test_title_names_unit_year_and_kind(tables):
    assert narrative.report_title(tables, "xianyang-hrss-2023") == \
        "咸阳市人力资源和社会保障局2023年度部门决算分析报告"
    assert narrative.report_title(tables, "fenyang-social-insurance-2024") == \
        "汾阳市社会保险中心2024年度单位决算分析报告"


def test_summary_has_three_to_six_sentences_for_every_document(tables):
    for doc_id in tables["documents"]["doc_id"]:
        s = narrative.summary(tables, doc_id)
        assert 3 <= len(s) <= 6, doc_id


def test_qianyang_completion_carries_the_audits_error(tables):
    s = narrative.completion_sentence(tables, "qianyang-hrss-2024")
    assert "年初预算9,085.20万元（第126行）" in s.text and "24.32%" in s.text
    audit = [c for c in s.caveats if c.source == "audit"]
    assert audit and audit[0].severity == "error" and "第126行" in audit[0].text


def test_fenyang_completion_carries_the_documents_own_explanation(tables):
    s = narrative.completion_sentence(tables, "fenyang-social-insurance-2024")
    assert "9.48%" in s.text
    own = [c for c in s.caveats if c.source == "document"]
    assert len(own) == 1 and own[0].text.startswith("第418行：") and "40332.98万元未体现" in own[0].text


def test_an_undisputed_ordinary_completion_has_no_caveat(tables):
    s = narrative.completion_sentence(tables, "putuo-finance-2024")
    assert "98.20%" in s.text and s.caveats == []


def test_low_execution_counts_xianyangs_projects(tables):
    n_low, n_top, names = narrative.low_execution(tables, "xianyang-hrss-2023")
    assert (n_low, n_top) == (6, 5)
    assert "人事人才工作经费" in names
    found = narrative.main_findings(tables, "xianyang-hrss-2023")
    assert found[0].startswith("6个项目执行率低于80%，其中5个自评为“优”")
    assert any("259个打分的绩效指标中191个得满分（73.75%）" in f for f in found)


def test_audit_sentence_counts_by_severity(tables):
    assert narrative.audit_sentence(tables, "qianyang-hrss-2024") == \
        "一致性审核发现7条（确定4条，疑似2条，提示1条），见第七部分。"


def test_unknown_severity_words_are_shown_as_written(tables):
    f = tables["findings"].head(1).with_columns(severity=pl.lit("疑似"),
                                                 subject=pl.lit("totals gpb_expenditure_actual"),
                                                 doc_id=pl.lit("putuo-finance-2024"))
    t = {**tables, "findings": f}
    s = narrative.completion_sentence(t, "putuo-finance-2024")
    assert [c.severity for c in s.caveats] == ["疑似"]
    assert narrative.severity_label("疑似") == "疑似"
    assert "疑似1条" in narrative.audit_sentence(t, "putuo-finance-2024")


def test_link_lines_cites_pages_for_pdfs(tables):
    pages = sources.line_pages(tables, "putuo-finance-2024")
    out = narrative.link_lines("见第113行", pages)
    assert 'href="#L113"' in out and "第6页第113行" in out
    assert narrative.link_lines("<b>第2行</b>") == \
        '&lt;b&gt;<a class="jsrc" href="#L2" data-line="2">第2行</a>&lt;/b&gt;'


# --- the document's own problems and measures ---------------------------------------------

def test_remarks_inline_on_xianyangs_lines(tables):
    r = remarks.extract(_lines(tables, "xianyang-hrss-2023"))
    first = r.row(0, named=True)
    assert first["kind"] == "problem" and first["src_line"] == 348
    assert first["text"].startswith("通过近几年绩效自评工作的开展")
    at_426 = r.filter(pl.col("src_line") == 426)
    assert at_426["kind"].to_list() == ["problem", "measure"]
    assert at_426["text"][1] == "结合近几年报名人数的变化情况，尽可能的精确报名人数和收入，从而减少偏差。"
    assert not r["text"].str.contains(r"^无[。]?$").any()  # “无” entries dropped
    everything = remarks.extract(_lines(tables, "xianyang-hrss-2023"), keep_none=True)
    assert everything.height > r.height


def test_remarks_join_hard_wrapped_lines(tables):
    r = remarks.extract(_lines(tables, "qianyang-hrss-2024"))
    first = r.row(0, named=True)
    assert (first["kind"], first["src_line"]) == ("problem", 637)
    assert first["text"] == "按月发放补贴因审核进度问题，发放时间不固定。"
    assert r.row(1, named=True)["text"] == "督促乡镇按月按时上报补贴，确保每月补贴发放时间固定。"


def test_remarks_under_headings_one_per_numbered_paragraph(tables):
    r = remarks.extract(_lines(tables, "qianyang-hrss-2024"))
    block = r.filter(pl.col("src_line") >= 1412)
    assert block["kind"].to_list() == ["problem", "problem", "measure", "measure"]
    assert block["text"][0].startswith("1.绩效管理工作基础薄弱。")
    q = remarks.extract(_lines(tables, "quxian-rural-pension-2023"))
    assert q.row(0, named=True) == {"kind": "problem", "text": "绩效管理制度需进一步完善。",
                                    "src_line": 1261, "src_line_end": 1261}


def test_documents_without_remarks_give_an_empty_frame(tables):
    assert remarks.extract(_lines(tables, "putuo-finance-2024")).height == 0


# --- source lines ---------------------------------------------------------------------------

def test_locate_value_moves_a_heading_citation_to_the_value(tables):
    lines = _lines(tables, "qianyang-hrss-2024")
    assert "376.06" not in lines[139] and "376.06" in lines[143]
    assert sources.locate_value(lines, 140, 376.06) == 144
    assert sources.locate_value(lines, 144, 376.06) == 144
    assert sources.locate_value(lines, 140, None) == 140
    # 0 does not match the 0 of “0.40”
    assert sources.locate_value(["本年度无支出。", "", "预算 0.40 万"], 1, 0.0) == 1


def test_source_text_numbers_every_line_and_pages_for_pdfs(tables):
    out = opening.source_text(tables, "putuo-finance-2024")._repr_html_()
    assert 'id="L113" data-page="6"' in out
    n = len(_lines(tables, "putuo-finance-2024"))
    assert out.count('class="srcline"') == n


def test_conclusions_html_marks_the_disputed_figure(tables):
    out = opening.conclusions(tables, "qianyang-hrss-2024")._repr_html_()
    assert "千阳县人力资源和社会保障局2024年度部门决算分析报告" in out
    assert '<li class="disputed">一般公共预算财政拨款支出年初预算' in out
    assert 'class="caveat sev-error"' in out
