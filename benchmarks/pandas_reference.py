"""The corpus-wide measures of `juesuan.measures`, written in plain pandas the way a user
would write them without juesuan: tables read with `pd.read_parquet`, then idiomatic
`groupby` / `merge` / `sort_values` / `drop_duplicates` and vectorised column arithmetic —
no row loops, nothing deliberately slow.

It exists to be measured against (`python -m benchmarks --only analysis`) and as a second,
independent implementation of the same definitions: tests/test_benchmarks.py checks that both
give the same rows and values. The definitions (conventions, tie-breaking, nulls) are those
documented in `juesuan.measures`; the vocabularies (grade aliases, "三公" items) are imported
from juesuan rather than copied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from juesuan import metadata
from juesuan.measures import (
    NOT_APPLICABLE_TARGETS,
    SCORE_BAND_BELOW,
    SCORE_BANDS,
    SCORE_EPS,
)
from juesuan.metadata.formats import GRADE_ALIASES, GRADE_BELOW, GRADE_THRESHOLDS, GRADES, ROUNDING

Tables = Mapping[str, pd.DataFrame]

SOURCE_RANK = {"table": 0, "narrative": 1}
STATEMENT_RANK = {"table_gpb_expenditure": 0, "narrative_gpb": 1, "table_expenditure": 2}
LEVEL_DEPTH = {"total": 0, "class": 1, "section": 2, "item": 3}


def read_tables(root: Path, names: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """The curated tables as a user reads them: pd.read_parquet, default dtypes."""
    return {name: pd.read_parquet(root / f"{name}.parquet") for name in names or metadata.TABLES}


# --- helpers ------------------------------------------------------------------------------------

def pct(num: pd.Series, base: pd.Series) -> pd.Series:
    """num / base in percent, NaN where the base is missing or zero."""
    return num / base.where(base != 0) * 100.0


def ratio(num: pd.Series, base: pd.Series) -> pd.Series:
    return num / base.where(base != 0)


def ranked(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Statements sorted table-first, then by source line, within `keys`."""
    rank = df["source_kind"].map(SOURCE_RANK).fillna(9)
    return (df.assign(_rank=rank).sort_values([*keys, "_rank", "src_line"], kind="stable")
            .drop(columns="_rank"))


def nullable(values: pd.Series) -> pd.Series:
    """A float column as pandas' nullable Float64, whose comparisons propagate missing values."""
    return values.astype("Float64")


def first_per_doc(df: pd.DataFrame, keys: list[str] | str = "doc_id") -> pd.DataFrame:
    return df.drop_duplicates(keys, keep="first")


# --- headline figures ---------------------------------------------------------------------------

def headline(totals: pd.DataFrame, metric: str) -> pd.DataFrame:
    t = ranked(totals[totals["metric"] == metric], ["doc_id", "metric"])
    by_doc = t.groupby("doc_id")["value"]
    spread = by_doc.transform("max") - by_doc.transform("min")
    agree = (spread <= ROUNDING + 1e-9).astype("boolean").mask(spread.isna())
    t = t.assign(n_statements=by_doc.transform("size").astype("int64"), statements_agree=agree)
    cols = ["doc_id", "metric", "value", "unit", "percent_stated", "percent_kind", "source_kind",
            "source_part", "src_line", "n_statements", "statements_agree"]
    return first_per_doc(t)[cols].sort_values("doc_id", kind="stable").reset_index(drop=True)


def headlines(totals: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    firsts = first_per_doc(ranked(totals[totals["metric"].isin(metrics)], ["doc_id", "metric"]),
                           ["doc_id", "metric"])
    wide = firsts.pivot(index="doc_id", columns="metric", values="value")
    docs = pd.Index(sorted(totals["doc_id"].unique()), name="doc_id")
    return wide.reindex(index=docs, columns=list(metrics)).reset_index().rename_axis(columns=None)


def headline_metrics(totals: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """`headline` of several metrics, one after the other."""
    return pd.concat([headline(totals, m) for m in metrics], ignore_index=True)


# --- budget execution ---------------------------------------------------------------------------

def document_completion(totals: pd.DataFrame) -> pd.DataFrame:
    wide = headlines(totals, ["gpb_expenditure_budget_initial", "gpb_expenditure_actual"]).rename(
        columns={"gpb_expenditure_budget_initial": "budget_initial",
                 "gpb_expenditure_actual": "actual"})
    rows = totals[(totals["metric"] == "gpb_expenditure_actual")
                  & (totals["percent_kind"] == "completion") & totals["percent_stated"].notna()]
    stated = (first_per_doc(ranked(rows, ["doc_id", "metric"]))
              [["doc_id", "percent_stated"]].rename(columns={"percent_stated": "completion_stated"}))
    out = wide.merge(stated, on="doc_id", how="left")
    out["completion_rate"] = pct(out["actual"], out["budget_initial"])
    out["gap_wanyuan"] = out["actual"] - out["budget_initial"]
    return out[["doc_id", "budget_initial", "actual", "completion_rate", "completion_stated",
                "gap_wanyuan"]].sort_values("doc_id", kind="stable")


def lines_with_budget(bl: pd.DataFrame) -> pd.DataFrame:
    rows = bl[bl["budget_initial"].notna() | bl["completion_stated"].notna()]
    stmt = rows["statement"].map(STATEMENT_RANK).fillna(9)
    rows = rows[stmt == stmt.groupby(rows["doc_id"]).transform("min")]
    key = ["doc_id", "level", "func_code", "class_name", "section_name", "item_name"]
    return rows.sort_values(["doc_id", "src_line"], kind="stable").drop_duplicates(key)


def line_completion(bl: pd.DataFrame) -> pd.DataFrame:
    lines = lines_with_budget(bl)
    out = lines[["doc_id", "statement", "level", "func_code", "class_name", "section_name",
                 "item_name"]].copy()
    out["line_name"] = lines["item_name"].fillna(lines["section_name"]).fillna(lines["class_name"])
    out["budget_initial"] = lines["budget_initial"]
    out["actual"] = lines["actual"]
    out["completion_rate"] = pct(lines["actual"], lines["budget_initial"])
    out["completion_stated"] = lines["completion_stated"]
    out["unbudgeted"] = (nullable(lines["budget_initial"]) == 0) & (nullable(lines["actual"]) > 0)
    out["gap_wanyuan"] = lines["actual"] - lines["budget_initial"]
    out["gap_percent"] = out["completion_rate"] - 100.0
    out["src_line"] = lines["src_line"]
    return out.sort_values(["doc_id", "src_line"], kind="stable")


def finest(lines: pd.DataFrame) -> pd.DataFrame:
    depth = lines["level"].map(LEVEL_DEPTH).fillna(0)
    return lines[depth == depth.groupby(lines["doc_id"]).transform("max")]


def unbudgeted_total(bl: pd.DataFrame) -> pd.DataFrame:
    lines = finest(line_completion(bl))
    flag = lines["unbudgeted"].fillna(False).astype(bool)
    out = (lines.assign(_flag=flag, _ub=lines["actual"].where(flag))
           .groupby("doc_id")
           .agg(n_lines=("doc_id", "size"), n_unbudgeted=("_flag", "sum"),
                unbudgeted_actual=("_ub", "sum"), lines_actual=("actual", "sum"))
           .reset_index())
    out["unbudgeted_share"] = pct(out["unbudgeted_actual"], out["lines_actual"])
    return out.sort_values("doc_id", kind="stable")


# --- structure ----------------------------------------------------------------------------------

STRUCTURE_METRICS = ("expenditure_current_year", "expenditure_basic", "expenditure_project",
                     "basic_personnel", "basic_public", "income_current_year",
                     "income_fiscal_appropriation", "income_gpb_appropriation")


def structure(totals: pd.DataFrame) -> pd.DataFrame:
    w = headlines(totals, STRUCTURE_METRICS)
    fiscal = w["income_fiscal_appropriation"].fillna(w["income_gpb_appropriation"])
    basic_sum = w["basic_personnel"] + w["basic_public"]
    basis = pd.Series(np.select(
        [w["income_fiscal_appropriation"].notna(), w["income_gpb_appropriation"].notna()],
        ["income_fiscal_appropriation", "income_gpb_appropriation"], default=None), index=w.index)
    return pd.DataFrame({
        "doc_id": w["doc_id"],
        "expenditure_current_year": w["expenditure_current_year"],
        "expenditure_basic": w["expenditure_basic"],
        "expenditure_project": w["expenditure_project"],
        "basic_share": pct(w["expenditure_basic"], w["expenditure_current_year"]),
        "project_share": pct(w["expenditure_project"], w["expenditure_current_year"]),
        "basic_personnel": w["basic_personnel"],
        "basic_public": w["basic_public"],
        "personnel_share": pct(w["basic_personnel"], basic_sum),
        "public_share": pct(w["basic_public"], basic_sum),
        "income_current_year": w["income_current_year"],
        "fiscal_income": fiscal,
        "fiscal_income_basis": basis,
        "fiscal_income_share": pct(fiscal, w["income_current_year"]),
    })


def per_staff(totals: pd.DataFrame) -> pd.DataFrame:
    w = headlines(totals, ["staff_actual", "staff_authorized", "expenditure_current_year",
                           "expenditure_basic", "basic_personnel"])
    return pd.DataFrame({
        "doc_id": w["doc_id"], "staff_actual": w["staff_actual"],
        "staff_authorized": w["staff_authorized"],
        "expenditure_current_year": w["expenditure_current_year"],
        "expenditure_per_staff": ratio(w["expenditure_current_year"], w["staff_actual"]),
        "basic_expenditure_per_staff": ratio(w["expenditure_basic"], w["staff_actual"]),
        "personnel_per_staff": ratio(w["basic_personnel"], w["staff_actual"]),
    })


def functional_shares(bl: pd.DataFrame) -> pd.DataFrame:
    cols = ["doc_id", "class_name", "func_code", "actual", "src_line"]
    narrative = bl["statement"] == "narrative_gpb"
    table_rows = bl[(bl["statement"] == "table_gpb_expenditure") & (bl["level"] == "class")][cols]
    class_rows = (bl[narrative & (bl["level"] == "class") & bl["actual"].notna()]
                  .sort_values(["doc_id", "src_line"], kind="stable")
                  .drop_duplicates(["doc_id", "class_name"])[cols])
    item_rows = (bl[narrative & (bl["level"] == "item")]
                 .groupby(["doc_id", "class_name"], dropna=False)
                 .agg(func_code=("func_code", "first"), actual=("actual", "sum"),
                      src_line=("src_line", "min"))
                 .reset_index())
    item_rows["func_code"] = item_rows["func_code"].str[:3]
    rows = pd.concat([
        table_rows.assign(source="table_gpb_expenditure", _priority=0),
        class_rows.assign(source="narrative_gpb_class", _priority=1),
        item_rows[cols].assign(source="narrative_gpb_items", _priority=2),
    ], ignore_index=True)
    rows = rows[rows["_priority"] == rows.groupby("doc_id")["_priority"].transform("min")]
    rows = rows.assign(share=pct(rows["actual"], rows.groupby("doc_id")["actual"].transform("sum")))
    stated = (bl[narrative & (bl["level"] == "class") & bl["share_stated"].notna()
                 & bl["class_name"].notna()]
              .sort_values(["doc_id", "src_line"], kind="stable")
              .drop_duplicates(["doc_id", "class_name"])[["doc_id", "class_name", "share_stated"]])
    out = rows.merge(stated, on=["doc_id", "class_name"], how="left")
    return out[["doc_id", "class_name", "func_code", "actual", "share", "share_stated", "source",
                "src_line"]].sort_values(["doc_id", "src_line"], kind="stable")


# --- “三公” ---------------------------------------------------------------------------------------

def three_public_completion(tp: pd.DataFrame) -> pd.DataFrame:
    keys = ["doc_id", "item"]
    r = ranked(tp, keys)
    budget = (first_per_doc(r[r["budget"].notna()], keys)[[*keys, "budget", "source_kind"]]
              .rename(columns={"source_kind": "budget_source"}))
    actual = (first_per_doc(r[r["actual"].notna()], keys)[[*keys, "actual", "source_kind"]]
              .rename(columns={"source_kind": "actual_source"}))
    stated = first_per_doc(r[r["completion_stated"].notna()], keys)[[*keys, "completion_stated"]]
    out = (r[keys].drop_duplicates()
           .merge(budget, on=keys, how="left").merge(actual, on=keys, how="left")
           .merge(stated, on=keys, how="left"))
    out["item_zh"] = out["item"].map(metadata.THREE_PUBLIC_ITEMS)
    out["completion_rate"] = pct(out["actual"], out["budget"])
    order = {item: i for i, item in enumerate(metadata.THREE_PUBLIC_ITEMS)}
    out["_order"] = out["item"].map(order).fillna(99)
    return out.sort_values(["doc_id", "_order"], kind="stable")[
        ["doc_id", "item", "item_zh", "budget", "actual", "completion_rate", "completion_stated",
         "budget_source", "actual_source"]]


# --- performance --------------------------------------------------------------------------------

def wanyuan_factor(unit: pd.Series) -> pd.Series:
    u = unit.str.strip()
    return pd.Series(np.select([u.isna() | (u == "万元"), u == "元"], [1.0, 1e-4], np.nan),
                     index=unit.index)


def execution(pe: pd.DataFrame) -> pd.DataFrame:
    f = wanyuan_factor(pe["amount_unit"])
    rate = pct(pe["executed"], pe["budget_full_year"])
    out = pe[["doc_id", "eval_id", "scope", "template", "project_name", "implementing_unit",
              "amount_unit", "budget_initial", "budget_full_year", "executed"]].copy()
    out["budget_initial_wanyuan"] = pe["budget_initial"] * f
    out["budget_full_year_wanyuan"] = pe["budget_full_year"] * f
    out["executed_wanyuan"] = pe["executed"] * f
    out["execution_rate"] = rate
    out["execution_rate_stated"] = pe["execution_rate"]
    out["execution_rate_narrative"] = pe["execution_rate_narrative"]
    out["execution_rate_difference"] = pe["execution_rate"] - rate
    out["initial_budget_completion_rate"] = pct(pe["executed"], pe["budget_initial"])
    out["funds_weight"] = pe["funds_weight"]
    out["funds_score"] = pe["funds_score"]
    out["funds_score_rate"] = pct(pe["funds_score"], pe["funds_weight"])
    out["score"] = pe["score"]
    return out.sort_values(["doc_id", "eval_id"], kind="stable")


def normalised_grade(grade: pd.Series) -> pd.Series:
    cleaned = (grade.str.replace(r"[\s“”\"'「」]", "", regex=True)
               .str.replace(r"[级等]$", "", regex=True).str.upper())
    return cleaned.map(GRADE_ALIASES)


def grade_of(score: pd.Series) -> pd.Series:
    conditions = [score >= t for t, _ in GRADE_THRESHOLDS] + [score.notna()]
    labels = [g for _, g in GRADE_THRESHOLDS] + [GRADE_BELOW]
    return pd.Series(np.select(conditions, labels, default=None), index=score.index)


def evaluation_grades(pe: pd.DataFrame) -> pd.DataFrame:
    stated = normalised_grade(pe["grade"]).fillna(normalised_grade(pe["grade_narrative"]))
    computed = grade_of(pe["score"])
    out = pe[["doc_id", "eval_id", "scope", "project_name", "score"]].copy()
    out["grade_stated"] = pe["grade"].fillna(pe["grade_narrative"])
    out["grade"] = stated.fillna(computed)
    out["grade_is_computed"] = stated.isna() & pe["score"].notna()
    out["grade_from_score"] = computed
    return out.sort_values(["doc_id", "eval_id"], kind="stable")


def grade_distribution(pe: pd.DataFrame, by: Sequence[str] = ("doc_id",)) -> pd.DataFrame:
    by = list(by)
    g = evaluation_grades(pe)
    out = (g.groupby([*by, "grade"], dropna=False)
           .agg(n_evaluations=("eval_id", "size"), n_computed=("grade_is_computed", "sum"))
           .reset_index())
    out["share"] = pct(out["n_evaluations"], out.groupby(by)["n_evaluations"].transform("sum"))
    out["_o"] = out["grade"].map({grade: i for i, grade in enumerate(GRADES)}).fillna(9)
    return out.sort_values([*by, "_o"], kind="stable").drop(columns="_o")


def score_summary(pe: pd.DataFrame, by: Sequence[str] = ("doc_id",)) -> pd.DataFrame:
    by = list(by)
    ev = pe[pe["score"].notna()]
    ev = ev.assign(_full=(ev["score"] - 100.0).abs() < SCORE_EPS)
    out = (ev.groupby(by)
           .agg(n_scored=("score", "size"), mean_score=("score", "mean"),
                median_score=("score", "median"), min_score=("score", "min"),
                max_score=("score", "max"), std_score=("score", "std"),
                n_full_score=("_full", "sum"))
           .reset_index())
    out["full_score_share"] = pct(out["n_full_score"], out["n_scored"])
    return out.sort_values(by, kind="stable")


def score_distribution(pe: pd.DataFrame, by: Sequence[str] = ("doc_id",)) -> pd.DataFrame:
    by = list(by)
    ev = pe[pe["score"].notna()]
    s = ev["score"]
    conditions = [s >= 100.0 - SCORE_EPS] + [s >= low for low, _ in SCORE_BANDS[1:]]
    band = np.select(conditions, [label for _, label in SCORE_BANDS], default=SCORE_BAND_BELOW)
    out = (ev.assign(score_band=band).groupby([*by, "score_band"])
           .size().rename("n_evaluations").reset_index())
    out["share"] = pct(out["n_evaluations"], out.groupby(by)["n_evaluations"].transform("sum"))
    order = {label: i for i, (_, label) in enumerate(SCORE_BANDS)} | {SCORE_BAND_BELOW: 99}
    out["_o"] = out["score_band"].map(order)
    return out.sort_values([*by, "_o"], kind="stable").drop(columns="_o")


def score_vs_execution(pe: pd.DataFrame) -> pd.DataFrame:
    ex = execution(pe)[["eval_id", "execution_rate", "execution_rate_stated", "funds_weight",
                        "funds_score", "funds_score_rate", "budget_full_year_wanyuan"]]
    grades = evaluation_grades(pe)[["doc_id", "eval_id", "scope", "project_name", "score",
                                    "grade", "grade_is_computed"]]
    return grades.merge(ex, on="eval_id", how="left").sort_values(["doc_id", "eval_id"],
                                                                  kind="stable")


def classify_indicators(pi: pd.DataFrame) -> pd.DataFrame:
    tgt = (pi["target_adjusted"].str.strip().replace("", None)
           .fillna(pi["target"].str.strip().replace("", None)))
    has_target = tgt.notna() & ~tgt.isin(NOT_APPLICABLE_TARGETS)
    nature = pi["nature"].str.strip()
    is_indicator = pi["row_kind"] == "indicator"
    applicable = is_indicator & (has_target | nature.notna())
    no_digit = ~tgt.str.contains(r"[0-9０-９]", regex=True, na=True)
    qualitative = applicable & ((nature == "定性") | (has_target & no_digit))
    scored = is_indicator & (pi["weight"] > 0) & pi["score"].notna()
    out = pi[["doc_id", "eval_id", "seq", "row_kind", "level1", "level2", "level3", "nature",
              "target", "target_adjusted", "actual", "weight", "score"]].copy()
    out["effective_target"] = tgt
    out["applicable"] = applicable
    out["qualitative"] = qualitative
    out["scored"] = scored
    out["full_marks"] = scored & ((pi["score"] - pi["weight"]).abs() < SCORE_EPS)
    out["src_line"] = pi["src_line"]
    return out.sort_values(["doc_id", "eval_id", "seq"], kind="stable")


def _by_keys(by: str) -> list[str]:
    return ["doc_id", "eval_id"] if by == "eval_id" else ["doc_id"]


def full_marks(pi: pd.DataFrame, by: str = "eval_id") -> pd.DataFrame:
    keys = _by_keys(by)
    out = (classify_indicators(pi).groupby(keys)
           .agg(n_scored=("scored", "sum"), n_full_marks=("full_marks", "sum")).reset_index())
    out["full_marks_share"] = pct(out["n_full_marks"], out["n_scored"])
    return out.sort_values(keys, kind="stable")


def qualitative_share(pi: pd.DataFrame, by: str = "eval_id") -> pd.DataFrame:
    keys = _by_keys(by)
    out = (classify_indicators(pi).groupby(keys)
           .agg(n_indicators=("applicable", "sum"), n_qualitative=("qualitative", "sum"))
           .reset_index())
    out["qualitative_share"] = pct(out["n_qualitative"], out["n_indicators"])
    return out.sort_values(keys, kind="stable")


def by_implementing_unit(pe: pd.DataFrame, scopes: Sequence[str] = ("project",)) -> pd.DataFrame:
    ex = execution(pe)
    ex = ex[ex["scope"].isin(list(scopes))]
    both = ex["budget_full_year_wanyuan"].notna() & ex["executed_wanyuan"].notna()
    ex = ex.assign(
        implementing_unit=ex["implementing_unit"]
        .str.replace(r"^\s*\d+\s*[-－—]\s*", "", regex=True).str.strip(),
        _a=ex["budget_full_year_wanyuan"].where(both),
        _b=ex["executed_wanyuan"].where(both))
    out = (ex.groupby(["doc_id", "implementing_unit"], dropna=False)
           .agg(n_evaluations=("eval_id", "size"), mean_score=("score", "mean"),
                min_score=("score", "min"),
                budget_full_year_wanyuan=("budget_full_year_wanyuan",
                                          lambda s: s.sum(min_count=1)),
                executed_wanyuan=("executed_wanyuan", lambda s: s.sum(min_count=1)),
                _a=("_a", "sum"), _b=("_b", "sum"))
           .reset_index())
    out["execution_rate"] = pct(out["_b"], out["_a"])
    return (out.drop(columns=["_a", "_b"])
            .sort_values(["doc_id", "implementing_unit"], kind="stable", na_position="last"))


# --- the corpus ---------------------------------------------------------------------------------

def unit_label(docs: pd.DataFrame) -> pd.Series:
    return docs["unit_name"] + "（" + docs["fiscal_year"].astype(str) + "）"


def corpus_summary(tables: Tables) -> pd.DataFrame:
    docs = tables["documents"][["doc_id", "unit_name", "fiscal_year", "province", "scope"]]
    figures = headlines(tables["totals"], ["income_total", "expenditure_total"])
    completion = document_completion(tables["totals"]).rename(
        columns={"budget_initial": "gpb_budget_initial", "actual": "gpb_actual"})[
        ["doc_id", "gpb_budget_initial", "gpb_actual", "completion_rate"]]
    perf = (tables["perf_evaluations"].groupby("doc_id")
            .agg(n_evaluations=("eval_id", "size"), mean_score=("score", "mean")).reset_index())
    out = (docs.merge(figures, on="doc_id", how="left")
           .merge(completion, on="doc_id", how="left").merge(perf, on="doc_id", how="left"))
    out["n_evaluations"] = out["n_evaluations"].fillna(0).astype("int64")
    return out.sort_values("doc_id", kind="stable")


def compare_frame(tables: Tables) -> pd.DataFrame:
    """The table of the compare_units report (juesuan.measures.compare_frame), all documents."""
    docs = tables["documents"]
    t = tables["totals"]
    tp = three_public_completion(tables["three_public"])
    parts = [
        headlines(t, ["expenditure_current_year", "staff_actual"]),
        document_completion(t)[["doc_id", "completion_rate"]],
        unbudgeted_total(tables["budget_lines"])[["doc_id", "unbudgeted_share"]],
        structure(t)[["doc_id", "project_share", "personnel_share", "fiscal_income_share"]],
        per_staff(t)[["doc_id", "expenditure_per_staff", "personnel_per_staff"]],
        tp[tp["item"] == "total"][["doc_id", "completion_rate"]]
        .rename(columns={"completion_rate": "three_public_completion"}),
        score_summary(tables["perf_evaluations"])[["doc_id", "mean_score"]],
    ]
    out = pd.DataFrame({"doc_id": docs["doc_id"], "unit_label": unit_label(docs)})
    for part in parts:
        out = out.merge(part, on="doc_id", how="left")
    return out.sort_values("doc_id", kind="stable")
