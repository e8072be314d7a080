import re

import pytest

from juesuan.text import (
    DECIMAL,
    UNSIGNED_NUMBER,
    DecodeError,
    decode_bytes,
    is_decimal,
    is_page_number,
    join_text,
    match_key,
    number_or_none,
    number_tokens,
    parse_number,
)

SAMPLE = "2024 年度收入总计、支出总计均为 2209.18 万元\n"


def test_utf8_with_and_without_bom():
    assert decode_bytes(SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8-sig")


def test_gbk_is_detected():
    text, encoding = decode_bytes(SAMPLE.encode("gbk"))
    assert (text, encoding) == (SAMPLE, "gb18030")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"  \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_unreadable_bytes_name_the_file(data, message):
    with pytest.raises(DecodeError, match=rf"^doc\.txt: .*{message}"):
        decode_bytes(data, "doc.txt")


@pytest.mark.parametrize("token, value", [
    ("3,951.18", 3951.18), (" 26.80 ", 26.8), ("100%", 100.0), ("0", 0.0), ("1,068", 1068.0),
    ("9.629", 9.629), ("", None), ("—", None), ("—————", None), ("/", None), (None, None),
])
def test_parse_number_keeps_the_printed_value(token, value):
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["无", "12a", "约 5 万"])
def test_parse_number_refuses_text(token):
    with pytest.raises(ValueError):
        parse_number(token)


def test_number_tokens_reads_separators_and_decimals():
    assert number_tokens("收入总计3,951.18万元，下降91.49%，第 2 页") == [3951.18, 91.49, 2.0]


@pytest.mark.parametrize("text, page", [("- 26 -", True), ("16", True), ("  41 ", True),
                                        ("2024 年", False), ("总分 100 96", False)])
def test_page_markers(text, page):
    assert is_page_number(text) is page


@pytest.mark.parametrize("text, marker", [("- 26 -", True), ("－3－", True), ("第 3 页", True),
                                          ("16", False), ("  41 ", False), ("4.17", False)])
def test_page_markers_without_bare_numbers(text, marker):
    """Inside a table row a lone number is a value; only a decorated marker is a page."""
    assert is_page_number(text, bare=False) is marker


@pytest.mark.parametrize("token, value", [
    ("3,951.18", 3951.18), ("100%", 100.0), ("-2", -2.0), ("", None), ("—", None), (None, None),
    ("无", None), ("12a", None), ("定性", None),
])
def test_number_or_none_never_raises(token, value):
    assert number_or_none(token) == value


@pytest.mark.parametrize("token, decimal", [
    ("96", True), ("4.17", True), ("0", True), ("1,000", False), ("-3", False),
    ("100%", False), ("4.", False), ("", False), ("≥50", False),
])
def test_is_decimal_is_an_unsigned_plain_number(token, decimal):
    assert is_decimal(token) is decimal


def test_number_patterns_for_building_regexes():
    assert re.fullmatch(DECIMAL, "12.5") and not re.fullmatch(DECIMAL, "1,234")
    m = re.search(rf"预算数(?P<v>{UNSIGNED_NUMBER})万元", "全年预算数3,951.18万元")
    assert m.group("v") == "3,951.18"


def test_join_text_and_match_key():
    assert join_text(["享受社会保险补贴", "人员数量"]) == "享受社会保险补贴人员数量"
    assert join_text(["≥50", "人"]) == "≥50人"
    assert match_key("**1. 社会保障（208） **") == "1.社会保障(208)"
