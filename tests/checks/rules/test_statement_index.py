"""The index of `totals` statements (checks/rules/index.py): the statement of a metric nearest
to a line, or last before it, found by bisection within one document — and the same one the
scan of every row that it replaced found, ties included."""

from __future__ import annotations

import random

import pytest

from juesuan.checks.rules import common
from juesuan.checks.rules.index import Statements, statements
from tests.checks.rules.builders import DOC, tables, tot


def _index(*rows: dict) -> Statements:
    return Statements(common._rows(tables(totals=list(rows)), "totals"))


def _at(row: dict | None) -> tuple | None:
    return None if row is None else (row["doc_id"], row["src_line"], row["value"])


# --- preceding --------------------------------------------------------------------------------

def test_preceding_is_the_last_narrative_statement_before_the_line():
    idx = _index(tot("income_current_year", 1.0, 10), tot("income_current_year", 2.0, 20),
                 tot("income_current_year", 3.0, 30))
    assert _at(idx.preceding(DOC, "income_current_year", 25)) == (DOC, 20, 2.0)
    assert _at(idx.preceding(DOC, "income_current_year", 31)) == (DOC, 30, 3.0)
    assert _at(idx.preceding(DOC, "income_current_year", 11)) == (DOC, 10, 1.0)


def test_preceding_on_the_line_itself_only_when_inclusive():
    idx = _index(tot("income_current_year", 1.0, 10), tot("income_current_year", 2.0, 20))
    assert _at(idx.preceding(DOC, "income_current_year", 20)) == (DOC, 10, 1.0)
    assert _at(idx.preceding(DOC, "income_current_year", 20, inclusive=True)) == (DOC, 20, 2.0)


def test_preceding_without_a_match():
    idx = _index(tot("income_current_year", 1.0, 10),
                 tot("expenditure_current_year", 5.0, 2),  # another metric
                 tot("income_current_year", 9.0, 3, "table"),  # a table figure
                 {**tot("income_current_year", 7.0, 4), "doc_id": "other-doc"})
    assert idx.preceding(DOC, "income_current_year", 10) is None
    assert idx.preceding(DOC, "income_current_year", 5, inclusive=True) is None
    assert idx.preceding(DOC, "no_such_metric", 100) is None
    assert idx.preceding("no-such-doc", "income_current_year", 100) is None
    assert _at(idx.preceding("other-doc", "income_current_year", 100)) == ("other-doc", 4, 7.0)


def test_preceding_from_one_part_or_any():
    idx = _index(tot("income_current_year", 1.0, 10, part="情况说明/一"),
                 tot("income_current_year", 2.0, 20, part="情况说明/二"))
    assert _at(idx.preceding(DOC, "income_current_year", 30, part="情况说明/一")) == (DOC, 10, 1.0)
    assert _at(idx.preceding(DOC, "income_current_year", 30)) == (DOC, 20, 2.0)
    assert idx.preceding(DOC, "income_current_year", 30, part="情况说明/三") is None


def test_preceding_takes_the_first_of_two_statements_on_one_line():
    idx = _index(tot("income_current_year", 1.0, 10), tot("income_current_year", 2.0, 10),
                 tot("income_current_year", 3.0, 12))
    assert _at(idx.preceding(DOC, "income_current_year", 11)) == (DOC, 10, 1.0)
    assert _at(idx.preceding(DOC, "income_current_year", 10, inclusive=True)) == (DOC, 10, 1.0)


# --- nearest ----------------------------------------------------------------------------------

def _row(line: int, kind: str = "narrative", part: str | None = None) -> dict:
    return tot("income_business", 1.0, line, kind, part)


def test_nearest_before_or_after_the_line():
    idx = _index(tot("income_current_year", 1.0, 10), tot("income_current_year", 2.0, 20))
    assert _at(idx.nearest(_row(13), "income_current_year", False)) == (DOC, 10, 1.0)
    assert _at(idx.nearest(_row(17), "income_current_year", False)) == (DOC, 20, 2.0)
    assert _at(idx.nearest(_row(2), "income_current_year", False)) == (DOC, 10, 1.0)
    assert _at(idx.nearest(_row(99), "income_current_year", False)) == (DOC, 20, 2.0)
    assert _at(idx.nearest(_row(20), "income_current_year", False)) == (DOC, 20, 2.0)


def test_nearest_ties_go_to_the_earlier_line_then_the_first_row():
    idx = _index(tot("income_current_year", 1.0, 10), tot("income_current_year", 2.0, 10),
                 tot("income_current_year", 3.0, 20), tot("income_current_year", 4.0, 20))
    assert _at(idx.nearest(_row(15), "income_current_year", False)) == (DOC, 10, 1.0)
    assert _at(idx.nearest(_row(16), "income_current_year", False)) == (DOC, 20, 3.0)
    assert _at(idx.nearest(_row(20), "income_current_year", False)) == (DOC, 20, 3.0)


def test_nearest_keeps_to_the_source_kind_and_optionally_the_part():
    idx = _index(tot("income_current_year", 1.0, 10, "table", "公开01表"),
                 tot("income_current_year", 2.0, 40, "table", "公开02表"),
                 tot("income_current_year", 3.0, 11, "narrative"))
    row = _row(12, "table", "公开02表")
    assert _at(idx.nearest(row, "income_current_year", False)) == (DOC, 10, 1.0)
    assert _at(idx.nearest(row, "income_current_year", True)) == (DOC, 40, 2.0)
    assert _at(idx.nearest(_row(39), "income_current_year", False)) == (DOC, 11, 3.0)
    assert idx.nearest(_row(12, "table", "公开03表"), "income_current_year", True) is None
    assert idx.nearest(_row(12), "income_other", False) is None
    assert idx.nearest({**_row(12), "doc_id": "other-doc"}, "income_current_year", False) is None


def test_rows_out_of_source_order_are_sorted_by_line():
    rows = [tot("income_current_year", 3.0, 30), tot("income_current_year", 1.0, 10),
            tot("income_current_year", 2.0, 20)]
    idx = Statements(rows)  # not through _rows: not sorted
    assert _at(idx.preceding(DOC, "income_current_year", 25)) == (DOC, 20, 2.0)
    assert _at(idx.nearest(_row(12), "income_current_year", False)) == (DOC, 10, 1.0)


# --- the same answers as the scans it replaced ------------------------------------------------

def _scan_nearest(rows: list[dict], row: dict, metric: str, same_part: bool) -> dict | None:
    """The scan of every row that `Statements.nearest` replaced (checks/rules/totals.py)."""
    cands = [r for r in rows if r["doc_id"] == row["doc_id"] and r["metric"] == metric
             and r["source_kind"] == row["source_kind"]
             and (not same_part or r["source_part"] == row["source_part"])]
    return min(cands, key=lambda r: abs(r["src_line"] - row["src_line"]), default=None)


def _scan_preceding(rows: list[dict], doc: str, metric: str, line: int,
                    part: str | None = None, inclusive: bool = False) -> dict | None:
    """The scan that `Statements.preceding` replaced."""
    cands = [r for r in rows if r["doc_id"] == doc and r["metric"] == metric
             and r["source_kind"] == "narrative" and (part is None or r["source_part"] == part)
             and (r["src_line"] <= line if inclusive else r["src_line"] < line)]
    return max(cands, key=lambda r: r["src_line"], default=None)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_finds_what_the_scan_found(seed):
    rnd = random.Random(seed)
    metrics = ["income_current_year", "expenditure_current_year", "income_business"]
    parts = ["情况说明/一", "情况说明/二", None]
    rows = [{**tot(rnd.choice(metrics), float(i), rnd.randint(1, 40),
                   rnd.choice(["narrative", "table"]), "p"), "source_part": rnd.choice(parts),
             "doc_id": rnd.choice(["doc-a", "doc-b"])} for i in range(300)]
    sorted_rows = common._rows(tables(totals=rows), "totals")
    idx = Statements(sorted_rows)
    asked = found = 0
    for row in sorted_rows:
        for metric in metrics:
            for same_part in (True, False):
                want = _scan_nearest(sorted_rows, row, metric, same_part)
                assert idx.nearest(row, metric, same_part) is want
                asked, found = asked + 1, found + (want is not None)
            for part in parts:
                for inclusive in (True, False):
                    want = _scan_preceding(sorted_rows, row["doc_id"], metric, row["src_line"],
                                           part, inclusive)
                    got = idx.preceding(row["doc_id"], metric, row["src_line"], part, inclusive)
                    assert got is want
                    asked, found = asked + 1, found + (want is not None)
    assert 0 < found < asked  # both answers (a statement, none) were compared


def test_a_batch_builds_the_index_once():
    batch = common.Batch(tables(totals=[tot("income_current_year", 1.0, 10)]))
    assert statements(batch) is statements(batch)
    plain = tables(totals=[tot("income_current_year", 1.0, 10)])
    assert statements(plain) is not statements(plain)
