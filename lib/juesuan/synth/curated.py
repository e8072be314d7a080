"""The synthetic model as curated tables in the data contract (`juesuan.metadata`).

Every row is what the ingest reads back from the rendered text (`synth.render`): the same
values, nulls where the text prints a blank, and the line each value is printed on. Frames
are assembled column-wise (one small frame per kind of statement, all units at once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import polars as pl

from juesuan import metadata
from juesuan.ingest.document import SYNTHETIC_PREFIX
from juesuan.measures import grade_of
from juesuan.synth import layout as L
from juesuan.synth.model import Model
from juesuan.synth.params import FUNDS_WEIGHT
from juesuan.synth.vocab import DEVIATION

WAN = pl.Float64


def doc_ids(seed: int, u: pl.Series | pl.Expr) -> pl.Expr:
    """synth-<seed>-<n:06d>, n = unit index + 1."""
    return pl.concat_str(pl.lit(f"{SYNTHETIC_PREFIX}{seed}-"),
                         (u + 1).cast(pl.String).str.zfill(6))


def exact_div(expr: pl.Expr, by: float) -> pl.Expr:
    """expr / by, correctly rounded: the float a reader parses from the printed decimal.
    (Polars divides a column by a scalar as a multiplication by its reciprocal, which is
    off by one ulp for about one value in seven: 3545.4900000000002, not 3545.49.)"""
    def div(s: pl.Series) -> pl.Series:
        return pl.Series(s.name, s.cast(WAN).to_numpy() / by).fill_nan(None)
    return expr.map_batches(div, return_dtype=WAN)


def _amount(col: str | pl.Expr) -> pl.Expr:
    """Cents of 万元 → 万元 as printed (two decimals)."""
    expr = pl.col(col) if isinstance(col, str) else col
    return exact_div(expr, 100.0)


def _blank(col: str) -> pl.Expr:
    """An amount printed in a table cell: a zero is left blank (null)."""
    return pl.when(pl.col(col) != 0).then(_amount(col))


def _finish(name: str, frames: list[pl.DataFrame], ordered: bool, ids: pl.Series,
            evals: pl.Series | None = None) -> pl.DataFrame:
    """Concatenate, order by (unit, line) unless already in order, name the documents (and the
    evaluations) and keep the schema's columns in its order and types. Names are gathered
    from one string per unit (per evaluation): cheap, the strings are shared."""
    spec = metadata.TABLES[name]
    frames = [f for f in frames if f.height]
    if not frames:
        return metadata.empty_frame(name)
    df = pl.concat(frames, how="diagonal_relaxed")
    if not ordered:
        df = df.sort(pl.col("u") * (1 << 24) + pl.col("src_line"), maintain_order=True)
    named = {"doc_id": ids.gather(df["u"])}
    if evals is not None:
        named["eval_id"] = evals.gather(df["e"])
    cols = [named[c.name] if c.name in named else pl.col(c.name) if c.name in df.columns
            else pl.lit(None, dtype=c.polars_dtype).alias(c.name) for c in spec.columns]
    return df.select(cols).cast(spec.polars_schema)


def curated(model: Model, names: Iterable[str] | None = None) -> dict[str, pl.DataFrame]:
    """The seven ingested tables the texts reproduce (all but `parts`), or those in `names`."""
    units = model.units.with_columns(**percentages())
    ids = units.select(doc_ids(model.seed, pl.col("u") + model.first).alias("doc_id"))["doc_id"]
    ev = model.evals.select(pl.col("slot"), doc_id=ids.gather(model.evals["u"]))
    evals = ev.select(eval_ids(pl.col("doc_id")).alias("eval_id"))["eval_id"]
    build = {
        "documents": lambda: ([_documents(units, ids)], True, None),
        "totals": lambda: (_totals(units), True, None),
        "budget_lines": lambda: (_budget_lines(units, model.func), True, None),
        "economic_lines": lambda: (_economic_lines(units, model.econ), True, None),
        "three_public": lambda: (_three_public(units), True, None),
        "perf_evaluations": lambda: (_evaluations(units, model.evals), True, evals),
        "perf_indicators": lambda: (_indicators(model.inds), True, evals),
    }
    out = {}
    for name in names or build:
        if name not in build:
            raise ValueError(f"no synthetic table {name!r}; tables: {', '.join(build)}")
        frames, ordered, eval_names = build[name]()
        out[name] = _finish(name, frames, ordered, ids, eval_names)
    return out


def percentages() -> dict[str, pl.Expr]:
    """The percentages the narrative states, from the amounts it prints (two decimals)."""
    def ratio(a: str, b: str) -> pl.Expr:
        return (100.0 * pl.col(a) / pl.col(b)).round(2)
    return {"basic_share": ratio("basic", "expenditure"),
            "project_share": ratio("project", "expenditure"),
            "gpb_completion": ratio("expenditure", "budget_initial"),
            "agency_completion": ratio("agency_actual", "agency_budget")}


def _documents(units: pl.DataFrame, ids: pl.Series) -> pl.DataFrame:
    """One row per unit. `source_sha256` stands in for the text's hash (the tables are made
    without rendering any text): the SHA-256 of 'synthetic:<doc_id>'."""
    sha = [hashlib.sha256(f"synthetic:{d}".encode()).hexdigest() for d in ids]
    return units.select(
        "u", "unit_name", "fiscal_year", "province", "prefecture",
        county=pl.when(pl.col("county") != "").then(pl.col("county")), admin_level="admin_level",
        scope="scope", source_file=ids + ".txt", source_sha256=pl.Series(sha),
        encoding=pl.lit("utf-8"), in_manifest=pl.lit(True), synthetic=pl.lit(True),
        unit_name_src_line=pl.lit(1), fiscal_year_src_line=pl.lit(2),
        source_format=pl.lit("text"), coverage=pl.lit("full"))


# --- totals -----------------------------------------------------------------------------------
def _stmt(units: pl.DataFrame, metric: str, value: pl.Expr, line: pl.Expr, kind: str,
          part: str | pl.Expr, when: pl.Expr | None = None, percent: pl.Expr | None = None,
          percent_kind: str | None = None, percent_line: pl.Expr | None = None) -> pl.DataFrame:
    rows = units if when is None else units.filter(when)
    unit = metadata.METRICS[metric][0]
    cols = {"u": pl.col("u"), "metric": pl.lit(metric), "value": value,
            "unit": pl.lit(unit), "source_kind": pl.lit(kind),
            "source_part": part if isinstance(part, pl.Expr) else pl.lit(part),
            "src_line": line}
    if percent is not None:
        cols.update(percent_stated=percent, percent_kind=pl.lit(percent_kind),
                    percent_stated_src_line=percent_line if percent_line is not None else line)
    return rows.select(**cols)


def _at(block: str, offset: int | pl.Expr = 0) -> pl.Expr:
    return pl.col(f"at_{block}") + offset


def _by_layout(plain: int, wrapped: int) -> pl.Expr:
    return pl.when(pl.col("layout") == 0).then(plain).otherwise(wrapped)


SECTION_TITLES = {  # the part names the narrative reader gives: 情况说明/<title[:20]>
    "s1": "一、收入支出决算总体情况说明", "s2": "二、收入决算情况说明", "s3": "三、支出决算情况说明",
    "s4": "四、财政拨款收入支出决算总体情况说明", "s5": "五、一般公共预算财政拨款支出决算情况说明",
    "s6": "六、一般公共预算财政拨款基本支出决算情况说明",
}


def _part(section: str) -> str:
    return f"情况说明/{SECTION_TITLES[section][:20]}"


def _totals(u: pl.DataFrame) -> list[pl.DataFrame]:
    carry_b, carry_e = pl.col("carry_begin") > 0, pl.col("carry_end") > 0
    plain = pl.col("layout") == 0
    tot = _amount("total")
    inc, exp_ = _amount("income"), _amount("expenditure")
    basic, project = _amount("basic"), _amount("project")
    t = [
        _stmt(u, "income_gpb_appropriation", inc, _at("t01", L.T_FIRST_ROW), "table", "公开01表"),
        _stmt(u, "income_current_year", inc, _at("t01", L.T01_CURRENT), "table", "公开01表"),
        _stmt(u, "expenditure_current_year", exp_, _at("t01", L.T01_CURRENT), "table", "公开01表"),
        _stmt(u, "income_carryover_begin", _amount("carry_begin"), _at("t01", L.T01_CARRY),
              "table", "公开01表", carry_b),
        _stmt(u, "carryover_end", _amount("carry_end"), _at("t01", L.T01_CARRY), "table",
              "公开01表", carry_e),
        _stmt(u, "income_total", tot, _at("t01", L.T01_TOTAL), "table", "公开01表"),
        _stmt(u, "expenditure_total", tot, _at("t01", L.T01_TOTAL), "table", "公开01表"),
        _stmt(u, "income_current_year", inc, _at("t02", L.T_FIRST_ROW), "table", "公开02表"),
        _stmt(u, "income_fiscal_appropriation", inc, _at("t02", L.T_FIRST_ROW), "table",
              "公开02表"),
    ]
    for block, part, metrics in (
            ("t03", "公开03表", ("expenditure_current_year", "expenditure_basic",
                                "expenditure_project")),
            ("t05", "公开05表", ("gpb_expenditure_actual", "gpb_basic_expenditure",
                                "gpb_project_expenditure"))):
        for metric, value in zip(metrics, (exp_, basic, project), strict=True):
            t.append(_stmt(u, metric, value, _at(block, L.T_FIRST_ROW), "table", part))
    t += [
        _stmt(u, "income_gpb_appropriation", inc, _at("t04", L.T_FIRST_ROW), "table", "公开04表"),
        _stmt(u, "fiscal_income_current_year", inc, _at("t04", L.T04_CURRENT), "table",
              "公开04表"),
        _stmt(u, "fiscal_expenditure_current_year", exp_, _at("t04", L.T04_CURRENT), "table",
              "公开04表"),
        _stmt(u, "fiscal_carryover_begin", _amount("carry_begin"), _at("t04", L.T04_CARRY),
              "table", "公开04表", carry_b),
        _stmt(u, "fiscal_carryover_end", _amount("carry_end"), _at("t04", L.T04_CARRY), "table",
              "公开04表", carry_e),
        _stmt(u, "fiscal_income_total", tot, _at("t04", L.T04_TOTAL), "table", "公开04表"),
        _stmt(u, "fiscal_expenditure_total", tot, _at("t04", L.T04_TOTAL), "table", "公开04表"),
        _stmt(u, "basic_personnel", _amount("personnel"),
              _at("t06", L.T06_FIRST_ROW) + pl.col("econ_rows"), "table", "公开06表"),
        _stmt(u, "basic_public", _amount("public"),
              _at("t06", L.T06_FIRST_ROW) + pl.col("econ_rows"), "table", "公开06表"),
    ]
    for k, metric in enumerate(("procurement_total", "procurement_goods", "procurement_works",
                                "procurement_services")):
        t.append(_stmt(u, metric, _amount(metric), _at("t10", L.T10_PROCUREMENT + k), "table",
                       "公开10表", plain & (pl.col(metric) > 0)))
    t.append(_stmt(u, "vehicles_total", pl.col("vehicles").cast(WAN),
                   _at("t10", L.T10_VEHICLES), "table", "公开10表",
                   plain & (pl.col("vehicles") > 0)))
    return t + _narrative_totals(u)


def _narrative_totals(u: pl.DataFrame) -> list[pl.DataFrame]:
    g = "情况说明"
    wrap = pl.col("layout") > 0
    tot, inc, exp_ = _amount("total"), _amount("income"), _amount("expenditure")
    basic, project = _amount("basic"), _amount("project")
    hundred = pl.lit(100.0)
    t = [
        _stmt(u, "staff_authorized", pl.col("staff_authorized").cast(WAN), _at("cover", 9), "narrative", g),
        _stmt(u, "staff_actual", pl.col("staff_actual").cast(WAN), _at("cover", _by_layout(9, 11)),
              "narrative", g),
        _stmt(u, "staff_retired", pl.col("staff_retired").cast(WAN),
              _at("cover", _by_layout(9, 11)), "narrative", g),
        _stmt(u, "budget_units", pl.col("budget_units").cast(WAN),
              _at("cover", _by_layout(13, 15)), "narrative", g),
    ]
    change = _by_layout(2, 4)
    for section, metrics in (("s1", ("income_total", "expenditure_total")),
                             ("s4", ("fiscal_income_total", "fiscal_expenditure_total"))):
        for metric in metrics:
            t.append(_stmt(u, metric, tot, _at(section, 2), "narrative", _part(section)))
            t.append(_stmt(u, f"{metric}_yoy_change", _amount("total_change"),
                           _at(section, change), "narrative", _part(section),
                           percent=pl.col("total_growth"), percent_kind="growth"))
    s2, s3 = _part("s2"), _part("s3")
    t += [
        _stmt(u, "income_current_year", inc, _at("s2", 2), "narrative", s2),
        _stmt(u, "income_fiscal_appropriation", inc, _at("s2", 4), "narrative", s2,
              percent=hundred, percent_kind="share"),
        _stmt(u, "expenditure_current_year", exp_, _at("s3", 2), "narrative", s3),
        _stmt(u, "expenditure_basic", basic, _at("s3", _by_layout(4, 2)), "narrative", s3,
              percent=pl.col("basic_share"), percent_kind="share", percent_line=_at("s3", 4)),
        _stmt(u, "expenditure_project", project, _at("s3", _by_layout(6, 4)), "narrative", s3,
              percent=pl.col("project_share"), percent_kind="share"),
    ]
    for metric, line in (("income_business", 4), ("income_operating", 4), ("income_other", 6)):
        t.append(_stmt(u, metric, pl.lit(0.0), _at("s2", line), "narrative", s2, wrap))
    t.append(_stmt(u, "expenditure_operating", pl.lit(0.0), _at("s3", 6), "narrative", s3, wrap))
    s5 = _part("s5")
    plain = pl.col("layout") == 0
    n_cls = pl.col("n_cls")
    t += [
        # plain: (一) share of 本年支出, (二) total before the class shares, (三) budget and final
        _stmt(u, "gpb_expenditure_actual", exp_, _at("s5", 4), "narrative", s5, plain,
              percent=hundred, percent_kind="share"),
        _stmt(u, "gpb_expenditure_actual_yoy_change", _amount("gpb_change"), _at("s5", 4),
              "narrative", s5, plain, percent=pl.col("gpb_growth"), percent_kind="growth"),
        _stmt(u, "gpb_expenditure_actual", exp_, _at("s5", 8), "narrative", s5, plain),
        _stmt(u, "gpb_expenditure_budget_initial", _amount("budget_initial"),
              _at("s5", 12 + 2 * n_cls), "narrative", s5, plain),
        _stmt(u, "gpb_expenditure_actual", exp_, _at("s5", 12 + 2 * n_cls), "narrative", s5,
              plain, percent=pl.col("gpb_completion"), percent_kind="completion"),
        # wrapped: one sentence over four lines, then the year-on-year change
        _stmt(u, "gpb_expenditure_budget_initial", _amount("budget_initial"), _at("s5", 2),
              "narrative", s5, wrap),
        _stmt(u, "gpb_expenditure_actual", exp_, _at("s5", 4), "narrative", s5, wrap,
              percent=pl.col("gpb_completion"), percent_kind="completion"),
        _stmt(u, "gpb_expenditure_actual_yoy_change", _amount("gpb_change"), _at("s5", 6),
              "narrative", s5, wrap, percent=pl.col("gpb_growth"), percent_kind="growth",
              percent_line=_at("s5", 8)),
    ]
    s6 = _part("s6")
    t += [
        _stmt(u, "gpb_basic_expenditure", basic, _at("s6", 2), "narrative", s6),
        _stmt(u, "basic_personnel", _amount("personnel"), _at("s6", _by_layout(4, 6)),
              "narrative", s6),
        _stmt(u, "basic_public", _amount("public"), _at("s6", _by_layout(6, 10)), "narrative",
              s6),
    ]
    reception = _at("s9", _by_layout(20, 22))
    served = pl.col("reception_batches") > 0
    t += [
        _stmt(u, "reception_batches", pl.col("reception_batches").cast(WAN), reception,
              "narrative", g, served),
        _stmt(u, "reception_visitors", pl.col("reception_visitors").cast(WAN), reception,
              "narrative", g, served),
        _stmt(u, "agency_operating_budget", _amount("agency_budget"), _at("s10", L.S10_AGENCY),
              "narrative", g, pl.col("admin")),
        _stmt(u, "agency_operating_actual", _amount("agency_actual"), _at("s10", L.S10_AGENCY),
              "narrative", g, pl.col("admin"), percent=pl.col("agency_completion"),
              percent_kind="completion"),
    ]
    bought = pl.col("procurement_total") > 0
    for metric in ("procurement_total", "procurement_goods", "procurement_works",
                   "procurement_services"):
        t.append(_stmt(u, metric, _amount(metric), _at("s10", L.S10_PROCUREMENT), "narrative",
                       g, bought))
    # '本年度无政府采购支出' is a statement of none: procurement_total 0 on its line, as ingest reads it
    t.append(_stmt(u, "procurement_total", pl.lit(0.0, dtype=WAN), _at("s10", L.S10_PROCUREMENT),
                   "narrative", g, bought.not_().fill_null(True)))
    t.append(_stmt(u, "vehicles_total", pl.col("vehicles").cast(WAN), _at("s10", L.S10_VEHICLES),
                   "narrative", g, pl.col("vehicles") > 0))
    return t


# --- budget lines -----------------------------------------------------------------------------
def _budget_lines(units: pl.DataFrame, func: pl.DataFrame) -> list[pl.DataFrame]:
    u = units.select("u", "layout", "n_cls", "expenditure", "basic", "project",
                     "at_t03", "at_t05", "at_s5")
    rows = func.join(u, on="u", how="left")
    frames = []
    for statement, block in (("table_expenditure", "t03"), ("table_gpb_expenditure", "t05")):
        frames.append(u.select("u", statement=pl.lit(statement), level=pl.lit("total"),
                               actual=_amount("expenditure"), basic=_blank("basic"),
                               project=_blank("project"), src_line=_at(block, L.T_FIRST_ROW)))
        frames.append(rows.select(
            "u", "level", "class_name", "section_name", "item_name",
            statement=pl.lit(statement), func_code="code", actual=_amount("actual"),
            basic=_blank("basic"), project=_blank("project"),
            src_line=_at(block, L.T_FIRST_ROW + 1) + pl.col("k")))
    classes = (rows.filter(pl.col("level") == "class", pl.col("layout") == 0)
               .with_columns(c=pl.int_range(pl.len()).over("u")))
    share_line = _at("s5", 10) + 2 * pl.col("c")
    frames.append(classes.select(
        "u", "class_name", statement=pl.lit("narrative_gpb"), level=pl.lit("class"),
        actual=_amount("actual"), share_stated=_share(), src_line=share_line,
        actual_src_line=share_line, share_stated_src_line=share_line))
    detail = _at("s5", 14) + 2 * pl.col("n_cls") + 2 * pl.col("c")
    frames.append(classes.select(
        "u", "class_name", statement=pl.lit("narrative_gpb"), level=pl.lit("class"),
        budget_initial=_amount("budget"), actual=_amount("actual"),
        completion_stated=pl.when(pl.col("budget") > 0).then(_completion()), src_line=detail,
        budget_initial_src_line=detail, actual_src_line=detail,
        completion_stated_src_line=pl.when(pl.col("budget") > 0).then(detail)))
    items = (rows.filter(pl.col("level") == "item", pl.col("layout") > 0)
             .with_columns(c=pl.int_range(pl.len()).over("u")))
    name_line = _at("s5", 12) + 6 * pl.col("c")
    amounts = name_line + 2
    frames.append(items.select(
        "u", "class_name", "section_name", "item_name", statement=pl.lit("narrative_gpb"),
        level=pl.lit("item"), func_code=pl.when(pl.col("layout") == 2).then(pl.col("code")),
        budget_initial=_amount("budget"), actual=_amount("actual"),
        completion_stated=pl.when(pl.col("budget") > 0).then(_completion()),
        src_line=name_line, budget_initial_src_line=amounts, actual_src_line=amounts,
        completion_stated_src_line=pl.when(pl.col("budget") > 0).then(amounts)))
    return frames


def _share() -> pl.Expr:
    return (100.0 * pl.col("actual") / pl.col("expenditure")).round(2)


def _completion() -> pl.Expr:
    return (100.0 * pl.col("actual") / pl.col("budget")).round(2)


def _economic_lines(units: pl.DataFrame, econ: pl.DataFrame) -> list[pl.DataFrame]:
    df = econ.join(units.select("u", "at_t06"), on="u").select(
        "u", "econ_code", "econ_name", "level", "category", amount=_amount("amount"),
        src_line=_at("t06", L.T06_FIRST_ROW) + pl.col("pos"))
    return [df]


# --- “三公” --------------------------------------------------------------------------------------
TABLE_ITEMS = ("total", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
               "official_reception", "meeting", "training")
NARRATIVE_ITEMS = ("overseas_travel", "vehicle_purchase", "vehicle_operation",
                   "official_reception")


def _three_public(u: pl.DataFrame) -> list[pl.DataFrame]:
    frames = []
    budget_line, actual_line = _at("t09", L.T09_BUDGET), _at("t09", L.T09_ACTUAL)
    for item in TABLE_ITEMS:
        b, a = f"tp_{item}_budget", f"tp_{item}_actual"
        shown = (pl.col(b) > 0) | (pl.col(a) > 0)
        if item in ("meeting", "training"):
            shown = shown & (pl.col("layout") == 0)  # the wrapped layouts' table has no such column
        frames.append(u.filter(shown).select(
            "u", item=pl.lit(item), source_kind=pl.lit("table"), budget=_blank(b),
            actual=_blank(a), budget_src_line=pl.when(pl.col(b) > 0).then(budget_line),
            actual_src_line=pl.when(pl.col(a) > 0).then(actual_line),
            src_line=pl.when(pl.col(a) > 0).then(actual_line).otherwise(budget_line)))
    lines = {"total": (_at("s9", 4), _at("s9", _by_layout(4, 6)))}
    for k, item in enumerate(NARRATIVE_ITEMS):
        line = _at("s9", _by_layout(8, 10) + 4 * k)
        lines[item] = (line, line)
    lines["training"] = (_at("s9", _by_layout(24, 26)),) * 2
    lines["meeting"] = (_at("s9", _by_layout(28, 30)),) * 2
    for item, (b_line, a_line) in lines.items():
        b, a = f"tp_{item}_budget", f"tp_{item}_actual"
        frames.append(u.filter(pl.col(b) > 0).select(
            "u", item=pl.lit(item), source_kind=pl.lit("narrative"), budget=_amount(b),
            actual=_amount(a), completion_stated=(100.0 * pl.col(a) / pl.col(b)).round(2),
            budget_src_line=b_line, actual_src_line=a_line, completion_stated_src_line=a_line,
            src_line=a_line))
    return frames


# --- performance ------------------------------------------------------------------------------
def eval_ids(doc_id: pl.Expr) -> pl.Expr:
    return pl.concat_str(doc_id, pl.lit(":"), pl.when(pl.col("slot") == 0).then(pl.lit("D1"))
                         .otherwise(pl.lit("P") + pl.col("slot").cast(pl.String).str.zfill(2)))


def _evaluations(units: pl.DataFrame, evals: pl.DataFrame) -> list[pl.DataFrame]:
    ev = evals.join(units.select("u", "unit_name"), on="u").with_columns(
        score=exact_div(pl.col("score10"), 10.0),
        wrapped=pl.col("layout") > 0, dept=pl.col("slot") == 0)
    score_line = pl.col("title") + pl.when(pl.col("dept")).then(L.DEPT_FIRST_INDICATOR).otherwise(
        L.PROJECT_FIRST_INDICATOR) + pl.col("n_ind") + pl.when(pl.col("wrapped")).then(0).otherwise(
        L.LEVEL1_GROUPS)
    funds_line = pl.col("title") + pl.when(pl.col("dept")).then(L.DEPT_FUNDS_ROW).otherwise(
        L.PROJECT_FUNDS_ROW)
    start = pl.col("start")
    w = pl.col("wrapped")
    dept, proj = pl.col("dept"), ~pl.col("dept")
    narr_a = start + pl.when(dept & w).then(2).otherwise(0)
    narr_b = start + pl.when(w).then(2).otherwise(0)
    narr_rate = start + pl.when(dept & w).then(4).when(w).then(2).otherwise(0)
    narr_grade = start + pl.when(w).then(2).otherwise(0)
    table_grade = w  # the wrapped layouts print the grade in the 总分 row
    df = ev.select(
        "u", "e", "scope", "project_name", "execution_rate",
        template=pl.when(dept).then(pl.lit("department_overall")).otherwise(pl.lit("national")),
        supervising_dept=pl.when(proj).then(pl.col("unit_name")),
        implementing_unit=pl.when(proj).then(pl.col("unit_name")),
        budget_initial=_amount("budget_initial"),
        budget_initial_src_line=pl.when(pl.col("budget_initial").is_not_null()).then(funds_line),
        budget_full_year=_amount("budget_full_year"), executed=_amount("executed"),
        funds_weight=pl.lit(float(FUNDS_WEIGHT)), funds_score=exact_div(pl.col("funds_score10"), 10.0),
        score="score", score_source_kind=pl.lit("table"),
        grade=pl.when(table_grade | dept).then(grade_of(pl.col("score"))),
        grade_src_line=pl.when(table_grade).then(score_line).when(dept).then(narr_grade),
        score_narrative=pl.when(dept).then(pl.col("score")),
        score_narrative_src_line=pl.when(dept).then(start),
        grade_narrative=pl.when(dept).then(grade_of(pl.col("score"))),
        grade_narrative_src_line=pl.when(dept).then(narr_grade),
        budget_full_year_narrative=_amount("budget_full_year"),
        budget_full_year_narrative_src_line=narr_a,
        executed_narrative=_amount("executed"), executed_narrative_src_line=narr_b,
        execution_rate_narrative="execution_rate", execution_rate_narrative_src_line=narr_rate,
        amount_unit=pl.lit("万元"), src_line="title",
        amount_unit_narrative=pl.when(_amount("budget_full_year").is_not_null()
                                      | _amount("executed").is_not_null()).then(pl.lit("万元")),
        budget_full_year_src_line=funds_line, executed_src_line=funds_line,
        execution_rate_src_line=funds_line, funds_weight_src_line=funds_line,
        funds_score_src_line=funds_line, score_src_line=score_line)
    return [df]


def _indicators(inds: pl.DataFrame) -> list[pl.DataFrame]:
    # the line of the group's 一级 label: its first row (tab tables) or the label line above it
    first = pl.col("line") - pl.col("i") + pl.col("group_start") - (pl.col("layout") == 0)
    out = inds.select(
        "u", "e", "level1", "level2", "level3", "target", "actual",
        seq=pl.col("i") + 1, row_kind=pl.lit("indicator"),
        level1_points_stated=pl.col("points").cast(WAN), weight=pl.col("weight").cast(WAN),
        score=pl.col("score").cast(WAN),
        deviation_reason=pl.when(pl.col("score") < pl.col("weight")).then(pl.lit(DEVIATION)),
        src_line="line", level1_points_stated_src_line=first)
    return [out]

