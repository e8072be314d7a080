"""The README documents the two commands and shows the dataset's current row counts."""

from juesuan import catalog
from tests.conftest import CURATED

README = (CURATED.parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands():
    assert "make reports" in README and "make test" in README


def test_readme_row_counts_are_current():
    start, end = "<!-- row-counts:start -->\n", "<!-- row-counts:end -->"
    shown = README.split(start, 1)[1].split(end, 1)[0]
    assert shown == catalog.row_counts_markdown(), "run `juesuan summary` and paste it"
