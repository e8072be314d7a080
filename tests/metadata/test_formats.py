"""The national format as data: one spelling of each standard table, one grade scale."""

import pytest

from juesuan.metadata import formats


def test_every_printed_title_names_one_standard_table():
    titles = [title for t in formats.STANDARD_TABLES for title in t.titles]
    assert len(titles) == len(set(titles)) == len(formats.TABLE_TITLES)
    assert [t.number for t in formats.STANDARD_TABLES] == list(range(1, 11))
    assert [t.number for t in formats.STANDARD_TABLES if t.expected] == list(range(1, 10))
    assert formats.STANDARD_TABLE[5].part == "公开05表"


def test_grade_letters_and_aliases_name_the_same_four_grades():
    assert list(formats.GRADE_LETTERS) == list(formats.GRADES)
    assert {formats.GRADE_ALIASES[letter] for letter in formats.GRADE_LETTERS.values()} == \
        set(formats.GRADES)
    assert all(formats.GRADE_ALIASES[g] == g for g in formats.GRADES)
    assert [g for _low, g in formats.GRADE_THRESHOLDS] + [formats.GRADE_BELOW] == \
        list(formats.GRADES)


@pytest.mark.parametrize(("score", "grade"), [
    (100.0, "优"), (90.0, "优"), (89.99, "良"), (80.0, "良"), (79.99, "中"), (60.0, "中"),
    (59.99, "差"), (0.0, "差")])
def test_grade_level_follows_the_thresholds(score, grade):
    assert formats.GRADES[formats.grade_level(score)] == grade
