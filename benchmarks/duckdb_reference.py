"""The corpus-wide measures of `juesuan.measures`, written in DuckDB SQL the way a user would
write them with DuckDB: views over the Parquet files (`read_parquet`), then `GROUP BY`,
window functions, ordered aggregates (`first(x ORDER BY …)` for the preferred statement) and
`FILTER` clauses — one query per measure, each returning a polars DataFrame (`.pl()`).

Like `pandas_reference.py` it exists to be measured against (`python -m benchmarks --only
analysis`: its own process, `SET threads = 1`) and as a third, independent implementation of
the same definitions: tests/test_benchmarks.py checks that it gives juesuan's rows and values.
The definitions (conventions, tie-breaking, nulls) are those documented in `juesuan.measures`;
the vocabularies (grade aliases, “三公” items, placeholder targets) are imported from juesuan.
A statement's order of preference is table before narrative, then source line, then file row
(`read_parquet(…, file_row_number = true)`: the first row among exact ties, as juesuan and
pandas take it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from juesuan import metadata
from juesuan.measures import NOT_APPLICABLE_TARGETS, SCORE_BAND_BELOW, SCORE_BANDS, SCORE_EPS
from juesuan.metadata.formats import GRADE_ALIASES, GRADE_BELOW, GRADE_THRESHOLDS, GRADES, ROUNDING

# What polars' strip_chars strips (Unicode White_Space), for trim(x, WS): DuckDB's trim(x)
# strips spaces only.
_WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                + "\u2028\u2029\u202f\u205f\u3000")
# RE2's \s and \d are ASCII; polars' (Rust regex) are Unicode
_S = r"[\s\p{Z}\x{85}]"
_D = r"\p{Nd}"


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _case(expr: str, mapping: dict, default: str = "NULL") -> str:
    whens = " ".join(f"WHEN {_lit(k)} THEN {v if isinstance(v, int) else _lit(v)}"
                     for k, v in mapping.items())
    return f"CASE {expr} {whens} ELSE {default} END"


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(_lit(v) for v in values) + ")"


_NORM_GRADE = _case("upper(regexp_replace(regexp_replace(g, '[" + _S[1:-1] + "“”\"''「」]', "
                    "'', 'g'), '[级等]$', ''))", GRADE_ALIASES)
_MACROS = f"""
CREATE MACRO ratio(n, b) AS CASE WHEN b <> 0 THEN n::DOUBLE / b END;
CREATE MACRO pct(n, b) AS ratio(n, b) * 100.0;
CREATE MACRO src_rank(k) AS CASE k WHEN 'table' THEN 0 WHEN 'narrative' THEN 1 ELSE 9 END;
CREATE MACRO strip(x) AS trim(x, {_lit(_WHITE_SPACE)});
CREATE MACRO grade_of(s) AS CASE WHEN s IS NULL THEN NULL
    {" ".join(f"WHEN s >= {t} THEN {_lit(g)}" for t, g in GRADE_THRESHOLDS)}
    ELSE {_lit(GRADE_BELOW)} END;
CREATE MACRO norm_grade(g) AS {_NORM_GRADE};
CREATE MACRO wanyuan_factor(u) AS CASE WHEN u IS NULL OR strip(u) = '万元' THEN 1.0
    WHEN strip(u) = '元' THEN 1e-4 END;
"""
_PREF = "src_rank(source_kind), src_line, _row"  # a statement's order of preference


def connect(root: Path, names: Sequence[str] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on one thread with a view per curated table (`<root>/<name>.parquet`,
    plus `_row`, the row's number in its file) and the macros the measures share."""
    con = duckdb.connect(config={"threads": 1})
    con.execute("SET threads = 1")
    for name in names or metadata.TABLES:
        path = Path(root) / f"{name}.parquet"
        con.execute(f"CREATE VIEW {name} AS SELECT * EXCLUDE (file_row_number), "
                    f"file_row_number AS _row FROM read_parquet({_lit(str(path))}, "
                    "file_row_number = true)")
    con.execute(_MACROS)
    return con


def _pl(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


# --- headline figures ---------------------------------------------------------------------------

_HEADLINE_COLS = ("metric", "value", "unit", "percent_stated", "percent_kind", "source_kind",
                  "source_part", "src_line")


def headline_sql(metric: str) -> str:
    firsts = ", ".join(f"first({c} ORDER BY {_PREF}) AS {c}" for c in _HEADLINE_COLS)
    return f"""SELECT doc_id, {firsts}, count(*) AS n_statements,
                      max(value) - min(value) <= {ROUNDING + 1e-9} AS statements_agree
               FROM totals WHERE metric = {_lit(metric)} GROUP BY doc_id"""


def headline_metrics(con, metrics: Sequence[str]) -> pl.DataFrame:
    """`headline` of several metrics, one after the other."""
    parts = [f"SELECT {i} AS _m, * FROM ({headline_sql(m)})" for i, m in enumerate(metrics)]
    return _pl(con, f"SELECT * EXCLUDE (_m) FROM ({' UNION ALL '.join(parts)}) "
                    "ORDER BY _m, doc_id")


def headlines_sql(metrics: Sequence[str]) -> str:
    """One row per document of totals, one column per metric: its preferred statement's value."""
    cols = ", ".join(f"first(h.value) FILTER (WHERE h.metric = {_lit(m)}) AS {m}"
                     for m in metrics)
    return f"""WITH h AS (SELECT doc_id, metric, first(value ORDER BY {_PREF}) AS value
                          FROM totals WHERE metric IN {_in(metrics)} GROUP BY doc_id, metric)
               SELECT d.doc_id, {cols}
               FROM (SELECT DISTINCT doc_id FROM totals) d LEFT JOIN h USING (doc_id)
               GROUP BY d.doc_id"""


_COMPLETION_STATED = f"""SELECT doc_id, first(percent_stated ORDER BY {_PREF}) AS completion_stated
    FROM totals WHERE metric = 'gpb_expenditure_actual' AND percent_kind = 'completion'
    AND percent_stated IS NOT NULL GROUP BY doc_id"""


def document_completion_sql() -> str:
    return f"""SELECT w.doc_id, w.gpb_expenditure_budget_initial AS budget_initial,
                      w.gpb_expenditure_actual AS actual,
                      pct(w.gpb_expenditure_actual, w.gpb_expenditure_budget_initial)
                          AS completion_rate,
                      s.completion_stated,
                      w.gpb_expenditure_actual - w.gpb_expenditure_budget_initial AS gap_wanyuan
               FROM ({headlines_sql(["gpb_expenditure_budget_initial", "gpb_expenditure_actual"])}) w
               LEFT JOIN ({_COMPLETION_STATED}) s USING (doc_id)"""


def document_completion(con) -> pl.DataFrame:
    return _pl(con, document_completion_sql() + " ORDER BY doc_id")


STRUCTURE_METRICS = ("expenditure_current_year", "expenditure_basic", "expenditure_project",
                     "basic_personnel", "basic_public", "income_current_year",
                     "income_fiscal_appropriation", "income_gpb_appropriation")


def structure_sql() -> str:
    fiscal = "coalesce(income_fiscal_appropriation, income_gpb_appropriation)"
    return f"""SELECT doc_id, expenditure_current_year, expenditure_basic, expenditure_project,
                 pct(expenditure_basic, expenditure_current_year) AS basic_share,
                 pct(expenditure_project, expenditure_current_year) AS project_share,
                 basic_personnel, basic_public,
                 pct(basic_personnel, basic_personnel + basic_public) AS personnel_share,
                 pct(basic_public, basic_personnel + basic_public) AS public_share,
                 income_current_year, {fiscal} AS fiscal_income,
                 CASE WHEN income_fiscal_appropriation IS NOT NULL
                      THEN 'income_fiscal_appropriation'
                      WHEN income_gpb_appropriation IS NOT NULL
                      THEN 'income_gpb_appropriation' END AS fiscal_income_basis,
                 pct({fiscal}, income_current_year) AS fiscal_income_share
               FROM ({headlines_sql(STRUCTURE_METRICS)})"""


def structure(con) -> pl.DataFrame:
    return _pl(con, structure_sql() + " ORDER BY doc_id")


def per_staff_sql() -> str:
    metrics = ["staff_actual", "staff_authorized", "expenditure_current_year",
               "expenditure_basic", "basic_personnel"]
    return f"""SELECT doc_id, staff_actual, staff_authorized, expenditure_current_year,
                 ratio(expenditure_current_year, staff_actual) AS expenditure_per_staff,
                 ratio(expenditure_basic, staff_actual) AS basic_expenditure_per_staff,
                 ratio(basic_personnel, staff_actual) AS personnel_per_staff
               FROM ({headlines_sql(metrics)})"""


def per_staff(con) -> pl.DataFrame:
    return _pl(con, per_staff_sql() + " ORDER BY doc_id")


# --- budget execution ---------------------------------------------------------------------------

_STATEMENT_RANK = {"table_gpb_expenditure": 0, "narrative_gpb": 1, "table_expenditure": 2}
_LEVEL_DEPTH = {"total": 0, "class": 1, "section": 2, "item": 3}


def line_completion_sql() -> str:
    stmt = _case("statement", _STATEMENT_RANK, "9")
    key = "doc_id, level, func_code, class_name, section_name, item_name"
    return f"""WITH stated AS (
                 SELECT *, {stmt} AS _stmt FROM budget_lines
                 WHERE budget_initial IS NOT NULL OR completion_stated IS NOT NULL),
               lines AS (
                 SELECT * FROM stated
                 QUALIFY _stmt = min(_stmt) OVER (PARTITION BY doc_id)
                     AND row_number() OVER (PARTITION BY {key} ORDER BY src_line, _row) = 1)
               SELECT doc_id, statement, level, func_code, class_name, section_name, item_name,
                 coalesce(item_name, section_name, class_name) AS line_name,
                 budget_initial, actual,
                 pct(actual, budget_initial) AS completion_rate, completion_stated,
                 budget_initial = 0 AND actual > 0 AS unbudgeted,
                 actual - budget_initial AS gap_wanyuan,
                 pct(actual, budget_initial) - 100.0 AS gap_percent,
                 src_line, _row
               FROM lines"""


def line_completion(con) -> pl.DataFrame:
    return _pl(con, f"SELECT * EXCLUDE (_row) FROM ({line_completion_sql()}) "
                    "ORDER BY doc_id, src_line, _row")


def unbudgeted_total_sql() -> str:
    depth = _case("level", _LEVEL_DEPTH, "0")
    return f"""WITH finest AS (
                 SELECT * FROM ({line_completion_sql()})
                 QUALIFY {depth} = max({depth}) OVER (PARTITION BY doc_id))
               SELECT doc_id, count(*) AS n_lines,
                 count(*) FILTER (WHERE unbudgeted) AS n_unbudgeted,
                 coalesce(sum(actual) FILTER (WHERE unbudgeted), 0) AS unbudgeted_actual,
                 coalesce(sum(actual), 0) AS lines_actual,
                 pct(coalesce(sum(actual) FILTER (WHERE unbudgeted), 0),
                     coalesce(sum(actual), 0)) AS unbudgeted_share
               FROM finest GROUP BY doc_id"""


def unbudgeted_total(con) -> pl.DataFrame:
    return _pl(con, unbudgeted_total_sql() + " ORDER BY doc_id")


def functional_shares(con) -> pl.DataFrame:
    first_stated = "row_number() OVER (PARTITION BY doc_id, class_name ORDER BY src_line, _row) = 1"
    return _pl(con, f"""
        WITH table_rows AS (
            SELECT doc_id, class_name, func_code, actual, src_line, _row,
                   'table_gpb_expenditure' AS source, 0 AS _priority
            FROM budget_lines WHERE statement = 'table_gpb_expenditure' AND level = 'class'),
        class_rows AS (
            SELECT doc_id, class_name, func_code, actual, src_line, _row,
                   'narrative_gpb_class' AS source, 1 AS _priority
            FROM budget_lines
            WHERE statement = 'narrative_gpb' AND level = 'class' AND actual IS NOT NULL
            QUALIFY {first_stated}),
        item_rows AS (
            SELECT doc_id, class_name,
                   substr(first(func_code ORDER BY _row) FILTER (WHERE func_code IS NOT NULL),
                          1, 3) AS func_code,
                   coalesce(sum(actual), 0) AS actual, min(src_line) AS src_line,
                   min(_row) AS _row, 'narrative_gpb_items' AS source, 2 AS _priority
            FROM budget_lines WHERE statement = 'narrative_gpb' AND level = 'item'
            GROUP BY doc_id, class_name),
        rows AS (
            SELECT * FROM (SELECT * FROM table_rows UNION ALL SELECT * FROM class_rows
                           UNION ALL SELECT * FROM item_rows)
            QUALIFY _priority = min(_priority) OVER (PARTITION BY doc_id)),
        stated AS (
            SELECT doc_id, class_name, share_stated FROM budget_lines
            WHERE statement = 'narrative_gpb' AND level = 'class' AND share_stated IS NOT NULL
            QUALIFY {first_stated})
        SELECT r.doc_id, r.class_name, r.func_code, r.actual,
               pct(r.actual, sum(r.actual) OVER (PARTITION BY r.doc_id)) AS share,
               s.share_stated, r.source, r.src_line
        FROM rows r LEFT JOIN stated s ON r.doc_id = s.doc_id AND r.class_name = s.class_name
        ORDER BY r.doc_id, r.src_line, r._priority, r._row""")


# --- “三公” ---------------------------------------------------------------------------------------

def three_public_sql() -> str:
    def preferred(col: str, where: str) -> str:
        return f"first({col} ORDER BY {_PREF}) FILTER (WHERE {where})"
    order = {item: i for i, item in enumerate(metadata.THREE_PUBLIC_ITEMS)}
    return f"""SELECT doc_id, item, {_case("item", metadata.THREE_PUBLIC_ITEMS)} AS item_zh,
                 {preferred("budget", "budget IS NOT NULL")} AS budget,
                 {preferred("actual", "actual IS NOT NULL")} AS actual,
                 pct({preferred("actual", "actual IS NOT NULL")},
                     {preferred("budget", "budget IS NOT NULL")}) AS completion_rate,
                 {preferred("completion_stated", "completion_stated IS NOT NULL")}
                     AS completion_stated,
                 {preferred("source_kind", "budget IS NOT NULL")} AS budget_source,
                 {preferred("source_kind", "actual IS NOT NULL")} AS actual_source,
                 {_case("item", order, "99")} AS _order
               FROM three_public GROUP BY doc_id, item"""


def three_public_completion(con) -> pl.DataFrame:
    return _pl(con, f"SELECT * EXCLUDE (_order) FROM ({three_public_sql()}) "
                    "ORDER BY doc_id, _order")


# --- performance --------------------------------------------------------------------------------

def execution_sql() -> str:
    return """SELECT doc_id, eval_id, scope, template, project_name, implementing_unit,
                amount_unit, budget_initial, budget_full_year, executed,
                budget_initial * wanyuan_factor(amount_unit) AS budget_initial_wanyuan,
                budget_full_year * wanyuan_factor(amount_unit) AS budget_full_year_wanyuan,
                executed * wanyuan_factor(amount_unit) AS executed_wanyuan,
                pct(executed, budget_full_year) AS execution_rate,
                execution_rate AS execution_rate_stated, execution_rate_narrative,
                execution_rate - pct(executed, budget_full_year) AS execution_rate_difference,
                pct(executed, budget_initial) AS initial_budget_completion_rate,
                funds_weight, funds_score, pct(funds_score, funds_weight) AS funds_score_rate,
                score
              FROM perf_evaluations"""


def execution(con) -> pl.DataFrame:
    return _pl(con, execution_sql() + " ORDER BY doc_id, eval_id")


def grades_sql() -> str:
    stated = "coalesce(norm_grade(grade), norm_grade(grade_narrative))"
    return f"""SELECT doc_id, eval_id, scope, project_name, score,
                 coalesce(grade, grade_narrative) AS grade_stated,
                 coalesce({stated}, grade_of(score)) AS grade,
                 {stated} IS NULL AND score IS NOT NULL AS grade_is_computed,
                 grade_of(score) AS grade_from_score
               FROM perf_evaluations"""


def evaluation_grades(con) -> pl.DataFrame:
    return _pl(con, grades_sql() + " ORDER BY doc_id, eval_id")


def grade_distribution(con) -> pl.DataFrame:
    order = {g: i for i, g in enumerate(GRADES)}
    return _pl(con, f"""
        SELECT doc_id, grade, count(*) AS n_evaluations,
               count(*) FILTER (WHERE grade_is_computed) AS n_computed,
               pct(count(*), sum(count(*)) OVER (PARTITION BY doc_id)) AS share
        FROM ({grades_sql()}) GROUP BY doc_id, grade
        ORDER BY doc_id, {_case("grade", order, "9")}""")


def score_summary_sql(by: Sequence[str]) -> str:
    keys = ", ".join(by)
    return f"""SELECT {keys}, count(*) AS n_scored, avg(score) AS mean_score,
                 median(score) AS median_score, min(score) AS min_score,
                 max(score) AS max_score, stddev_samp(score) AS std_score,
                 count(*) FILTER (WHERE abs(score - 100.0) < {SCORE_EPS}) AS n_full_score,
                 pct(count(*) FILTER (WHERE abs(score - 100.0) < {SCORE_EPS}), count(*))
                     AS full_score_share
               FROM perf_evaluations WHERE score IS NOT NULL GROUP BY {keys}"""


def score_summary(con, by: Sequence[str] = ("doc_id",)) -> pl.DataFrame:
    return _pl(con, score_summary_sql(by) + " ORDER BY " + ", ".join(by))


def score_distribution(con) -> pl.DataFrame:
    band = (f"CASE WHEN score >= {100.0 - SCORE_EPS} THEN {_lit(SCORE_BANDS[0][1])} "
            + " ".join(f"WHEN score >= {low} THEN {_lit(label)}" for low, label in SCORE_BANDS[1:])
            + f" ELSE {_lit(SCORE_BAND_BELOW)} END")
    order = {label: i for i, (_, label) in enumerate(SCORE_BANDS)} | {SCORE_BAND_BELOW: 99}
    return _pl(con, f"""
        SELECT doc_id, {band} AS score_band, count(*) AS n_evaluations,
               pct(count(*), sum(count(*)) OVER (PARTITION BY doc_id)) AS share
        FROM perf_evaluations WHERE score IS NOT NULL GROUP BY doc_id, score_band
        ORDER BY doc_id, {_case("score_band", order, "99")}""")


def score_vs_execution(con) -> pl.DataFrame:
    return _pl(con, f"""
        SELECT g.doc_id, g.eval_id, g.scope, g.project_name, g.score, g.grade,
               g.grade_is_computed, x.execution_rate, x.execution_rate_stated, x.funds_weight,
               x.funds_score, x.funds_score_rate, x.budget_full_year_wanyuan
        FROM ({grades_sql()}) g LEFT JOIN ({execution_sql()}) x USING (eval_id)
        ORDER BY g.doc_id, g.eval_id""")


def classify_sql() -> str:
    tgt = "coalesce(nullif(strip(target_adjusted), ''), nullif(strip(target), ''))"
    return f"""WITH t AS (SELECT *, {tgt} AS effective_target, strip(nature) AS _nature,
                                row_kind = 'indicator' AS _ind
                         FROM perf_indicators),
               f AS (SELECT *, effective_target IS NOT NULL
                                 AND effective_target NOT IN {_in(NOT_APPLICABLE_TARGETS)}
                                 AS _has_target,
                            coalesce(_ind AND weight > 0 AND score IS NOT NULL, false) AS scored
                     FROM t),
               g AS (SELECT *, _ind AND (_has_target OR _nature IS NOT NULL) AS applicable
                     FROM f)
               SELECT doc_id, eval_id, seq, row_kind, level1, level2, level3, nature, target,
                 target_adjusted, actual, weight, score, effective_target, applicable,
                 applicable AND (coalesce(_nature = '定性', false)
                   OR coalesce(_has_target
                               AND NOT regexp_matches(effective_target, '[0-9０-９]'), false))
                   AS qualitative,
                 scored,
                 coalesce(scored AND abs(score - weight) < {SCORE_EPS}, false) AS full_marks,
                 src_line
               FROM g"""


def classify_indicators(con) -> pl.DataFrame:
    return _pl(con, classify_sql() + " ORDER BY doc_id, eval_id, seq")


def _indicator_counts(con, by: str, counts: dict[str, str], share: tuple[str, str, str]):
    keys = "doc_id, eval_id" if by == "eval_id" else "doc_id"
    cols = ", ".join(f"count(*) FILTER (WHERE {flag}) AS {name}" for name, flag in counts.items())
    name, num, base = share
    return _pl(con, f"""SELECT *, pct({num}, {base}) AS {name} FROM (
                          SELECT {keys}, {cols} FROM ({classify_sql()}) GROUP BY {keys})
                        ORDER BY {keys}""")


def full_marks(con, by: str = "eval_id") -> pl.DataFrame:
    return _indicator_counts(con, by, {"n_scored": "scored", "n_full_marks": "full_marks"},
                             ("full_marks_share", "n_full_marks", "n_scored"))


def qualitative_share(con, by: str = "eval_id") -> pl.DataFrame:
    return _indicator_counts(con, by, {"n_indicators": "applicable",
                                       "n_qualitative": "qualitative"},
                             ("qualitative_share", "n_qualitative", "n_indicators"))


def by_implementing_unit(con, scopes: Sequence[str] = ("project",)) -> pl.DataFrame:
    unit = f"strip(regexp_replace(implementing_unit, '^{_S}*{_D}+{_S}*[-－—]{_S}*', ''))"
    both = "budget_full_year_wanyuan IS NOT NULL AND executed_wanyuan IS NOT NULL"
    return _pl(con, f"""
        SELECT doc_id, implementing_unit, count(*) AS n_evaluations,
               avg(score) AS mean_score, min(score) AS min_score,
               sum(budget_full_year_wanyuan) AS budget_full_year_wanyuan,
               sum(executed_wanyuan) AS executed_wanyuan,
               pct(sum(executed_wanyuan) FILTER (WHERE {both}),
                   sum(budget_full_year_wanyuan) FILTER (WHERE {both})) AS execution_rate
        FROM (SELECT * REPLACE ({unit} AS implementing_unit) FROM ({execution_sql()})
              WHERE scope IN {_in(scopes)})
        GROUP BY doc_id, implementing_unit
        ORDER BY doc_id, implementing_unit NULLS LAST""")


# --- the corpus ---------------------------------------------------------------------------------

def corpus_summary(con) -> pl.DataFrame:
    return _pl(con, f"""
        SELECT d.doc_id, d.unit_name, d.fiscal_year, d.province, d.scope,
               h.income_total, h.expenditure_total,
               c.budget_initial AS gpb_budget_initial, c.actual AS gpb_actual,
               c.completion_rate,
               coalesce(p.n_evaluations, 0) AS n_evaluations, p.mean_score
        FROM documents d
        LEFT JOIN ({headlines_sql(["income_total", "expenditure_total"])}) h USING (doc_id)
        LEFT JOIN ({document_completion_sql()}) c USING (doc_id)
        LEFT JOIN (SELECT doc_id, count(*) AS n_evaluations, avg(score) AS mean_score
                   FROM perf_evaluations GROUP BY doc_id) p USING (doc_id)
        ORDER BY d.doc_id""")


def compare_frame(con) -> pl.DataFrame:
    """The table of the compare_units report (juesuan.measures.compare_frame), all documents."""
    return _pl(con, f"""
        SELECT d.doc_id, d.unit_name || '（' || d.fiscal_year || '）' AS unit_label,
               h.expenditure_current_year, h.staff_actual, c.completion_rate,
               u.unbudgeted_share, s.project_share, s.personnel_share, s.fiscal_income_share,
               p.expenditure_per_staff, p.personnel_per_staff,
               t.completion_rate AS three_public_completion, m.mean_score
        FROM documents d
        LEFT JOIN ({headlines_sql(["expenditure_current_year", "staff_actual"])}) h
            USING (doc_id)
        LEFT JOIN ({document_completion_sql()}) c USING (doc_id)
        LEFT JOIN ({unbudgeted_total_sql()}) u USING (doc_id)
        LEFT JOIN ({structure_sql()}) s USING (doc_id)
        LEFT JOIN ({per_staff_sql()}) p USING (doc_id)
        LEFT JOIN (SELECT * FROM ({three_public_sql()}) WHERE item = 'total') t USING (doc_id)
        LEFT JOIN ({score_summary_sql(["doc_id"])}) m USING (doc_id)
        ORDER BY d.doc_id""")
