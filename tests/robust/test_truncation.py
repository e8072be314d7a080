"""Issue 14, case 2: a file cut at a line end is never taken as complete. `head -n 1638` of
document 004 was read with rc 0, 92/117 parts and coverage 'full'; now the document's own
structure (its contents list, the tables it numbers, a table's 合计 row, a sentence's end, an
evaluation report's score table, the national numbered parts) makes such a cut 'partial'."""

from __future__ import annotations

import pytest

from juesuan.ingest import parts, tables
from juesuan.ingest.document import load, read_manifest, unreached_parts
from juesuan.ingest.pipeline import ingest_document
from juesuan.ingest.truncation import cut_signs
from tests.conftest import RAW
from tests.robust.conftest import X004, raw_text, write_copy

MANIFEST = read_manifest(RAW / "manifest.csv")
X000 = "000_cfb0dafd2c8bb827.txt"


def _cut(tmp_path, name: str, keep: int):
    path = write_copy(tmp_path, name, raw_text(name)[:keep])
    result = ingest_document(path, MANIFEST[name])
    assert result.ok, result.error
    return result


def _coverage(result):
    return result.rows["documents"][0]["coverage"], result.rows["documents"][0]["coverage_note"]


@pytest.mark.parametrize("name", list(MANIFEST))
def test_the_real_documents_show_no_sign_of_a_cut(name):
    lines = load(RAW / name).lines
    _, blocks, _ = tables.extract(lines)
    assert cut_signs(lines, parts.extract(lines, blocks)) == []


def test_the_issues_cut_is_partial_and_says_why(tmp_path):
    result = _cut(tmp_path, X004, 1638)  # head -n 1638: every 第N部分 is reached
    coverage, note = _coverage(result)
    sign = "the evaluation report '企业军转干部生活困难补助资金 绩效评价报告' stops before its score table"
    assert coverage == "partial"
    assert sign in note
    assert any(p.part == "coverage" and p.line == 1629 for p in result.problems)


def test_a_cut_in_numbered_parts_without_a_contents_list_is_partial(tmp_path):
    coverage, note = _coverage(_cut(tmp_path, X000, 700))
    assert coverage == "partial"
    assert "stops at 第二部分, before 第三部分" in note


@pytest.mark.parametrize(("name", "keep", "sign"), [
    (X004, 1480, "stops at the end of the text on a row that is not its 合计/总计"),  # 公开05表
    (X004, 1412, "the contents list 公开04表"),                  # after 公开03表
    (X000, 312, "the text ends in the middle of a sentence"),  # '….10 万元，支'
])
def test_each_sign_of_a_cut(name, keep, sign):
    """Each sign by itself (the pipeline reports the contents list's unreached 第N部分 first)."""
    lines = load(RAW / name).lines[:keep]
    _, blocks, _ = tables.extract(lines)
    assert any(sign in what for what, _ in cut_signs(lines, parts.extract(lines, blocks)))


def test_most_cuts_of_the_real_documents_are_seen():
    """Cuts every 25 lines of each real text: the share seen as cut (reported, not all: a
    cut at the end of a paragraph between two self-evaluation tables leaves no trace)."""
    seen = total = 0
    for name in (n for n in MANIFEST if n.endswith(".txt")):
        lines = load(RAW / name).lines
        for keep in range(40, len(lines) - 1, 25):
            cut = lines[:keep]
            _, blocks, _ = tables.extract(cut)
            total += 1
            seen += bool(cut_signs(cut, parts.extract(cut, blocks)) or unreached_parts(cut))
    assert seen / total > 0.75, (seen, total)


def test_the_whole_document_stays_full(tmp_path):
    assert _coverage(_cut(tmp_path, X004, len(raw_text(X004)))) == ("full", None)
