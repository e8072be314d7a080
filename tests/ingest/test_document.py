"""Reading a document: manifest, metadata from the text, and every refusal path."""

import pytest

from juesuan.ingest.document import (
    DocumentError,
    fiscal_year,
    inferred_scope,
    load,
    read_manifest,
    unit_name,
    unreached_parts,
)
from juesuan.ingest.pipeline import ingest_document
from tests.conftest import DOCS, RAW


def test_manifest_lists_the_seven_documents():
    manifest = read_manifest(RAW / "manifest.csv")
    assert {e.doc_id for e in manifest.values()} == set(DOCS) | {
        "putuo-finance-2024", "putuo-planning-resources-2024", "putuo-social-work-2024"}
    assert manifest["上海市普陀区财政局2024年度部门决算.pdf"].county == "普陀区"
    assert manifest["004_0c64700254d9a193.txt"].admin_level == "prefecture"
    assert manifest["001_549a6034fad0ec80.txt"].scope == "unit"


def test_malformed_manifest_names_its_line(tmp_path):
    bad = tmp_path / "manifest.csv"
    bad.write_text("source_file,doc_id,province,prefecture,county,admin_level,scope\n"
                   "a.txt,a,陕西省,,,county,everything\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"manifest.csv:2: scope"):
        read_manifest(bad)


@pytest.mark.parametrize("doc_id, name, year, scope", [
    ("qianyang-hrss-2024", "千阳县人力资源和社会保障局", 2024, "department"),
    ("quxian-rural-pension-2023", "渠县城乡居民社会养老保险管理局", 2023, "unit"),
    ("fenyang-social-insurance-2024", "汾阳市社会保险中心", 2024, "unit"),
    ("xianyang-hrss-2023", "咸阳市人力资源和社会保障局", 2023, "department"),
])
def test_name_year_and_scope_come_from_the_text(raw_lines, doc_id, name, year, scope):
    lines = raw_lines(doc_id)
    assert unit_name(lines)[0] == name
    assert fiscal_year(lines)[0] == year
    assert inferred_scope(lines) == scope


def test_gbk_document_is_read(tmp_path):
    text = (RAW / DOCS["qianyang-hrss-2024"]).read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    doc = load(path)
    assert doc.encoding == "gb18030"
    assert doc.lines[83].text.startswith("2024 年度收入总计、支出总计均为 2209.18")


@pytest.mark.parametrize("content, message", [
    (b"", r"empty\.txt: the file is empty"),
    (b"\x00\x01\x02PK\x03\x04" * 50, r"binary\.bin: the file is binary"),
    ("这是一份会议通知，请各单位准时参加。\n".encode(), r"notes\.txt: none of the recognisable parts"),
])
def test_unreadable_documents_are_refused(tmp_path, content, message):
    name = {"empty": "empty.txt", "binary": "binary.bin", "none": "notes.txt"}[
        "empty" if not content else "binary" if b"\x00" in content else "none"]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load(path)


def test_file_cut_inside_a_character_is_truncated(tmp_path):
    data = (RAW / DOCS["fenyang-social-insurance-2024"]).read_bytes()
    cut = data.index("第三部分 情况说明".encode()) + 4  # inside the 3-byte 三
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:cut])
    with pytest.raises(DocumentError, match=r"cut\.txt:\d+: truncated: the file ends inside"):
        load(path)


def test_text_that_stops_before_the_parts_its_contents_list_is_partial(tmp_path):
    """A cut text is read for what it holds, never taken for a whole one: coverage partial,
    and a warning at the contents entry of the first part it never reaches."""
    lines = (RAW / DOCS["xianyang-hrss-2023"]).read_text(encoding="utf-8").split("\n")
    path = tmp_path / "half.txt"
    path.write_text("\n".join(lines[:400]) + "\n", encoding="utf-8")
    # the contents list (lines 13–60) names 第三部分 at 38, 第四部分 at 58, 第五部分 at 60
    assert unreached_parts(load(path).lines) == [("第三部分", 38), ("第四部分", 58),
                                                 ("第五部分", 60)]
    result = ingest_document(path, None)
    assert result.ok
    document = result.rows["documents"][0]
    assert document["coverage"] == "partial"
    assert "第三部分、第四部分、第五部分" in document["coverage_note"]
    warning = next(p for p in result.problems if p.part == "coverage")
    assert warning.line == 38 and "partial" in warning.message


def test_whole_document_is_full_and_a_fragment_partial(tmp_path):
    whole = ingest_document(RAW / DOCS["fenyang-social-insurance-2024"], None)
    assert whole.rows["documents"][0]["coverage"] == "full"
