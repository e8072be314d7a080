"""Where a rule finds another statement of the same document: the `totals` rows indexed once
by (doc_id, metric, source kind), and by source part too, each list in source order, so that
"the statement of X nearest to line N" or "the last statement of X before line N" is a
bisection of that document's few statements of X. (Scanning every row of the corpus for each
row made the audit quadratic in the corpus size.)"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import pairwise

from juesuan.checks.rules.common import Tables, _rows, derived

_Group = tuple[list[int], list[dict]]  # src_lines ascending, the rows in the same order


class Statements:
    """The statements of `totals` (rows as dicts) by document, metric, source kind and part.

    Ties follow the order the rows are given in (a table's rows sorted by doc_id and src_line,
    as `common._rows` gives them): of two statements on one line the first is taken, and of
    two equally near the one before.
    """

    def __init__(self, rows: Iterable[dict]) -> None:
        self._any: dict[tuple, _Group] = {}
        self._part: dict[tuple, _Group] = {}
        for r in rows:
            key = (r["doc_id"], r["metric"], r["source_kind"])
            for index, k in ((self._any, key), (self._part, (*key, r["source_part"]))):
                lines, group = index.setdefault(k, ([], []))
                lines.append(r["src_line"])
                group.append(r)
        for index in (self._any, self._part):
            for k, (lines, group) in index.items():
                if any(a > b for a, b in pairwise(lines)):  # not in source order
                    order = sorted(range(len(lines)), key=lines.__getitem__)  # stable
                    index[k] = ([lines[i] for i in order], [group[i] for i in order])

    def _group(self, doc_id: str, metric: str, kind: str, part: str | None,
               same_part: bool) -> _Group:
        if same_part:
            return self._part.get((doc_id, metric, kind, part), ([], []))
        return self._any.get((doc_id, metric, kind), ([], []))

    def nearest(self, row: dict, metric: str, same_part: bool) -> dict | None:
        """The statement of `metric` nearest to `row`'s line in the same document and source
        kind (and source part, when `same_part`)."""
        lines, group = self._group(row["doc_id"], metric, row["source_kind"],
                                   row["source_part"], same_part)
        line = row["src_line"]
        i = bisect_left(lines, line)
        if i < len(lines) and (i == 0 or lines[i] - line < line - lines[i - 1]):
            return group[i]  # on the line, or strictly nearer after it
        if i == 0:
            return None
        return group[bisect_left(lines, lines[i - 1])]  # before it: the first on that line

    def preceding(self, doc_id: str, metric: str, line: int, part: str | None = None,
                  inclusive: bool = False, kind: str = "narrative") -> dict | None:
        """The last statement of `metric` before `line` (at or before, when `inclusive`) in
        the document's `kind` statements, only from `part` when given."""
        lines, group = self._group(doc_id, metric, kind, part, part is not None)
        i = (bisect_right if inclusive else bisect_left)(lines, line)
        if i == 0:
            return None
        return group[bisect_left(lines, lines[i - 1])]


def statements(tables: Tables) -> Statements:
    """The `totals` statements of the tables, indexed (once per batch of documents)."""
    return derived(tables, Statements, lambda: Statements(_rows(tables, "totals")))
