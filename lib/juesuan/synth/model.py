"""The synthetic corpus as numbers: every unit's lines, amounts, projects and indicators.

Both forms of the corpus are made from this one model: the curated tables (`synth.tables`)
and the disclosure texts (`synth.render`). Everything is drawn with counter-based random
numbers (`synth.rand`) keyed by (seed, unit, slot), vectorised over all units, so a unit's
values do not depend on how many units are generated.

Amounts are integer cents of 万元 (0.01 万元) while the model is built: totals are exact sums of
their parts, as in a document that adds up; percentages are computed from the printed amounts
and rounded as printed (two decimals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl

from juesuan.synth import layout as L
from juesuan.synth import rand
from juesuan.synth.params import LEVEL1_POINTS, LEVEL2, Params, fit
from juesuan.synth.vocab import PLACES, UNIT_KINDS

YEARS = (2023, 2024)  # the fiscal years of the real corpus; `years` spreads units over more
MAX_PROJECTS = 30
MIN_INDICATORS, MAX_INDICATORS = 3, 20  # the real tables have 4 to 20
LEVEL1 = tuple(LEVEL1_POINTS)
LEVEL2_ALL = tuple(v for vs in LEVEL2.values() for v in vs)


@lru_cache(maxsize=1)
def default_params() -> Params:
    """Parameters fitted to the project's curated tables (data/curated)."""
    from juesuan import catalog

    return fit(catalog.load_all())


@dataclass
class Model:
    seed: int
    units: pl.DataFrame  # one row per unit: identity, totals, layout block starts
    func: pl.DataFrame  # 类/款/项 rows of 公开03/05表, in table order
    econ: pl.DataFrame  # 公开06表 rows (personnel side and public side)
    evals: pl.DataFrame  # performance evaluations (slot 0: department, 1…: projects)
    inds: pl.DataFrame  # indicator rows of the evaluations
    first: int = 0  # the corpus number of this piece's unit 0 (doc_id synth-<seed>-<first+u+1>)


def _clip_round(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.clip(np.rint(x), lo, hi).astype(np.int64)


def _first_rows(group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(groups having rows, index of their first row) for rows sorted by group."""
    counts = np.bincount(group, minlength=n_groups)
    first = np.cumsum(counts) - counts
    has = counts > 0
    return np.flatnonzero(has), first[has]


def split_cents(total: np.ndarray, group: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split each group's total (cents) over its rows in proportion to `weights`: every row
    gets at least one cent and the parts add up to the total exactly (rows sorted by group,
    total[g] ≥ number of rows of g)."""
    n = len(total)
    k = np.bincount(group, minlength=n)
    wsum = np.bincount(group, weights, minlength=n)
    base = np.maximum(total - k, 0)
    share = np.floor(base[group] * (weights / wsum[group])).astype(np.int64) + 1
    rem = total - np.bincount(group, share, minlength=n).astype(np.int64)
    groups, first = _first_rows(group, n)
    share[first] += rem[groups]
    return share


def pct(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num/den in percent, rounded to two decimals as printed (nan where den is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.round(100.0 * num / den, 2)


def build(units: int, seed: int, params: Params | None = None, first: int = 0,
          years: Sequence[int] = YEARS) -> Model:
    """Units first … first+units-1 of the corpus of `seed`, each in one of `years` (drawn
    uniformly). Every draw is keyed by the unit's number in the corpus (`u` below), so a unit's
    values do not depend on which piece of the corpus it is built in; the frames' `u` columns
    number the units of this piece from 0."""
    if units < 1:
        raise ValueError(f"units must be at least 1, not {units}")
    if first < 0:
        raise ValueError(f"first must be at least 0, not {first}")
    if not years:
        raise ValueError("years must name at least one fiscal year")
    p = params or default_params()
    u = np.arange(first, first + units, dtype=np.int64)
    unit = _identity(u, seed, p, tuple(years))
    func, items = _functional(u, seed, p)
    unit.update(_totals(u, seed, p, items, func))
    econ = _economic(u, seed, p, unit)
    unit.update(_three_public(u, seed, p))
    unit.update(_other(u, seed, unit))
    evals, inds = _performance(u, seed, p, unit)
    units_df = pl.DataFrame(unit)
    units_df, evals, inds = _place(units_df, func, econ, evals, inds)
    return Model(seed, units_df, func, econ, evals, inds, first)


# --- who the unit is -------------------------------------------------------------------------
def _identity(u: np.ndarray, seed: int, p: Params,
              years: tuple[int, ...] = YEARS) -> dict[str, np.ndarray]:
    place = rand.choice(seed, "place", np.ones(len(PLACES)), u)
    kind = rand.choice(seed, "kind", np.ones(len(UNIT_KINDS)), u)
    prov = np.array([x[0] for x in PLACES])[place]
    pref = np.array([x[1] for x in PLACES])[place]
    county = np.array([x[2] or "" for x in PLACES])[place]
    suffix = np.array([k[0] for k in UNIT_KINDS])[kind]
    scope = np.array([k[1] for k in UNIT_KINDS])[kind]
    staff = _clip_round(rand.lognormal(seed, "staff", p.staff_actual.mu, p.staff_actual.sigma, u),
                        3, 3000)
    units_dept = _clip_round(rand.lognormal(seed, "budget_units", 1.3, 0.6, u), 2, 30)
    return {
        "u": u - u[0], "layout": u % len(L.LAYOUTS),
        "fiscal_year": np.asarray(years, dtype=np.int64)[
            np.floor(rand.uniform(seed, "year", u) * len(years)).astype(np.int64)],
        "province": prov, "prefecture": pref, "county": county,
        "admin_level": np.where(county == "", "prefecture", "county"),
        "unit_name": np.char.add(np.where(county == "", pref, county), suffix),
        "scope": scope, "admin": np.array([k[2] for k in UNIT_KINDS])[kind],
        "staff_actual": staff,
        "staff_authorized": np.maximum(1, np.rint(staff * (0.85 + 0.3 * rand.uniform(
            seed, "staff_auth", u)))).astype(np.int64),
        "staff_retired": np.floor(staff * 0.6 * rand.uniform(seed, "retired", u)).astype(np.int64),
        "budget_units": np.where(scope == "department", units_dept, 1),
    }


# --- functional classification ----------------------------------------------------------------
def _functional(u: np.ndarray, seed: int, p: Params) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Item lines drawn from the catalogue, and the 类/款/项 rows of the tables."""
    cat = p.func_catalogue
    n_cat = len(cat)
    code = np.array([c[0] for c in cat])
    weight = np.array([c[4] for c in cat], dtype=np.float64) + 0.5
    n_items = _clip_round(rand.lognormal(seed, "n_items", p.items_per_doc.mu,
                                         p.items_per_doc.sigma, u), 3, n_cat)
    slot = np.arange(n_cat)
    u01 = rand.uniform(seed, "item", u[:, None], slot[None, :]) + 2.0**-54
    key = np.log(weight)[None, :] - np.log(-np.log(u01))  # Gumbel top-k: sampling w/o replacement
    rank = np.argsort(np.argsort(-key, axis=1), axis=1)
    uu, cc = np.nonzero(rank < n_items[:, None])
    gu = uu + u[0]  # the units' corpus numbers, which key the draws
    p_basic = np.array([c[5] for c in cat])[cc]
    p_project = np.array([c[6] for c in cat])[cc]
    has_b = rand.bernoulli(seed, "has_basic", p_basic, gu, cc)
    has_p = rand.bernoulli(seed, "has_project", p_project, gu, cc)
    has_b |= ~has_p
    groups, first = _first_rows(uu, len(u))
    for flags in (has_b, has_p):  # every unit has basic and project spending
        missing = np.bincount(uu, flags, minlength=len(u))[groups] == 0
        flags[first[missing]] = True
    basic = np.where(has_b, _clip_round(100 * rand.lognormal(
        seed, "basic", p.basic_amount.mu, p.basic_amount.sigma, gu, cc), 50, 2_000_000), 0)
    project = np.where(has_p, _clip_round(100 * rand.lognormal(
        seed, "project", p.project_amount.mu, p.project_amount.sigma, gu, cc), 100, 5_000_000), 0)
    actual = basic + project
    unbudgeted = has_p & ~has_b & rand.bernoulli(seed, "unbudgeted", p.p_unbudgeted, gu, cc)
    completion = np.clip(rand.lognormal(seed, "completion", p.completion.mu, p.completion.sigma,
                                        gu, cc), 0.5, 1.6)
    budget = np.where(unbudgeted, 0, np.maximum(1, np.rint(actual / completion))).astype(np.int64)
    names = {c[0][:3]: c[1] for c in cat} | {c[0][:5]: c[2] for c in cat} | {c[0]: c[3]
                                                                             for c in cat}
    items = pl.DataFrame({"u": uu, "code": pl.Series(code).gather(cc), "actual": actual,
                          "basic": basic, "project": project, "budget": budget})
    sums = [pl.col(c).sum() for c in ("actual", "basic", "project", "budget")]
    parts = [items.with_columns(level=pl.lit("item"))]
    for width, level in ((5, "section"), (3, "class")):
        parts.append(items.group_by("u", pl.col("code").str.slice(0, width)).agg(sums)
                     .with_columns(level=pl.lit(level)))
    func = (pl.concat(parts, how="diagonal_relaxed").sort("u", "code")
            .with_columns(
                class_name=pl.col("code").str.slice(0, 3).replace_strict(names),
                section_name=pl.when(pl.col("code").str.len_chars() >= 5).then(
                    pl.col("code").str.slice(0, 5).replace_strict(names, default=None)),
                item_name=pl.when(pl.col("level") == "item").then(
                    pl.col("code").replace_strict(names, default=None)),
                k=pl.int_range(pl.len()).over("u"))
            .select("u", "k", "code", "level", "class_name", "section_name", "item_name",
                    "actual", "basic", "project", "budget"))
    return func, items


def _count(func: pl.DataFrame, n: int, level: str | None = None) -> np.ndarray:
    rows = func if level is None else func.filter(pl.col("level") == level)
    return np.bincount(rows["u"].to_numpy(), minlength=n).astype(np.int64)


def _sum(rows: pl.DataFrame, col: str, n: int) -> np.ndarray:
    return np.rint(np.bincount(rows["u"].to_numpy(), rows[col].to_numpy().astype(np.float64),
                               minlength=n)).astype(np.int64)


def _totals(u: np.ndarray, seed: int, p: Params, items: pl.DataFrame,
            func: pl.DataFrame) -> dict[str, np.ndarray]:
    n = len(u)
    basic, project = _sum(items, "basic", n), _sum(items, "project", n)
    expenditure = basic + project
    carry = rand.bernoulli(seed, "carry", p.p_carryover, u)
    begin = np.where(carry, _clip_round(expenditure * p.carryover_share * rand.lognormal(
        seed, "carry_begin", 0.0, 0.5, u), 1, 1e12), 0)
    begin = np.minimum(begin, expenditure // 2)
    end = np.where(carry, _clip_round(expenditure * p.carryover_share * rand.lognormal(
        seed, "carry_end", 0.0, 0.5, u), 1, 1e12), 0)
    total = expenditure + end
    growth = np.clip(rand.lognormal(seed, "growth", p.yoy_growth.mu, min(p.yoy_growth.sigma, 0.3),
                                    u), 0.6, 1.8)
    out = {"basic": basic, "project": project, "expenditure": expenditure,
           "budget_initial": _sum(items, "budget", n), "carry_begin": begin, "carry_end": end,
           "income": total - begin, "total": total,
           "n_item": _count(func, n, "item"), "n_cls": _count(func, n, "class"),
           "n_func": _count(func, n)}
    for name, base in (("total", total), ("gpb", expenditure)):
        prev = np.maximum(1, np.rint(base / growth)).astype(np.int64)
        prev = np.where(prev == base, base - 1, prev)
        out[f"{name}_change"] = base - prev
        out[f"{name}_growth"] = pct(base - prev, prev)
    return out


# --- economic classification (公开06表) -------------------------------------------------------
def _economic(u: np.ndarray, seed: int, p: Params, unit: dict) -> pl.DataFrame:
    cat = sorted(p.econ_catalogue, key=lambda c: c[0])
    n, m = len(u), len(cat)
    code = np.array([c[0] for c in cat])
    level = np.array([c[2] for c in cat])
    category = np.array([c[3] for c in cat])
    is_item = level == "item"
    prob = np.minimum(0.9, (np.array([c[4] for c in cat]) + 0.5) / (p.n_documents + 1))
    slot = np.arange(m)
    chosen = rand.bernoulli(seed, "econ", prob[None, :], u[:, None], slot[None, :]) & is_item
    share = np.clip(p.personnel_share + 0.03 * rand.normal(seed, "personnel", u), 0.5, 0.995)
    personnel = np.clip(np.rint(unit["basic"] * share), 1, unit["basic"] - 1).astype(np.int64)
    unit["personnel"], unit["public"] = personnel, unit["basic"] - personnel
    mean = np.array([max(c[5], 0.01) for c in cat])
    amount = np.zeros((n, m), dtype=np.int64)
    for side, total in (("personnel", personnel), ("public", unit["public"])):
        cols = np.flatnonzero(is_item & (category == side))
        if not len(cols):
            continue
        first_class = [c for c in cols if code[c][:3] == code[cols[0]][:3]]
        chosen[:, first_class[0]] = True  # 30101 / 30201: every unit pays wages and office costs
        sel = chosen[:, cols]
        few = sel.sum(axis=1) > total  # fewer cents than lines: all on the first line
        sel[few, 1:] = False
        chosen[np.ix_(few, cols)] = sel[few]
        w = np.where(sel, mean[cols] * rand.lognormal(seed, "econ_w", 0.0, 0.5, u[:, None],
                                                       cols[None, :]), 0.0)
        k = sel.sum(axis=1)
        base = np.maximum(total - k, 0)
        part = np.where(sel, np.floor(base[:, None] * w / w.sum(axis=1)[:, None]) + 1, 0)
        part = part.astype(np.int64)
        part[:, 0] += total - part.sum(axis=1)
        amount[:, cols] = part
    for c in np.flatnonzero(~is_item):
        members = is_item & (code.astype("<U3") == code[c])
        amount[:, c] = amount[:, members].sum(axis=1)
    present = np.where(is_item, chosen, amount > 0)
    side_pos = np.zeros(m, dtype=np.int64)
    for side in ("personnel", "public"):
        cols = np.flatnonzero(category == side)
        side_pos[cols] = np.arange(len(cols))
    unit["econ_rows"] = np.full(n, max((category == s).sum() for s in ("personnel", "public")))
    slot_of_row = np.tile(slot, n)
    return pl.DataFrame({
        "u": np.repeat(u - u[0], m), "econ_code": pl.Series(code).gather(slot_of_row),
        "econ_name": pl.Series([c[1] for c in cat]).gather(slot_of_row),
        "level": pl.Series(level).gather(slot_of_row),
        "category": pl.Series(category).gather(slot_of_row), "pos": side_pos[slot_of_row],
        "amount": np.where(present, amount, -1).ravel(),
    }).with_columns(amount=pl.when(pl.col("amount") >= 0).then(pl.col("amount")))


# --- “三公” and meetings/training; the other narrative figures ------------------------------
THREE_PUBLIC_PARTS = ("overseas_travel", "vehicle_purchase", "vehicle_operation",
                      "official_reception", "meeting", "training")


def _three_public(u: np.ndarray, seed: int, p: Params) -> dict[str, np.ndarray]:
    out = {}
    for item in THREE_PUBLIC_PARTS:
        has = rand.bernoulli(seed, f"tp/{item}", p.three_public_p.get(item, 0.1), u)
        budget = np.where(has, _clip_round(100 * rand.lognormal(
            seed, f"tp_budget/{item}", p.three_public_budget.mu,
            min(p.three_public_budget.sigma, 1.2), u), 10, 50_000), 0)
        ratio = np.clip(p.three_public_ratio + 0.25 * rand.normal(seed, f"tp_ratio/{item}", u),
                        0.0, 1.0)
        out[f"tp_{item}_budget"] = budget
        out[f"tp_{item}_actual"] = np.rint(budget * ratio).astype(np.int64)
    for kind in ("budget", "actual"):
        out[f"tp_vehicle_{kind}"] = (out[f"tp_vehicle_purchase_{kind}"]
                                     + out[f"tp_vehicle_operation_{kind}"])
        out[f"tp_total_{kind}"] = (out[f"tp_overseas_travel_{kind}"] + out[f"tp_vehicle_{kind}"]
                                   + out[f"tp_official_reception_{kind}"])
    served = out["tp_official_reception_actual"] > 0
    batches = _clip_round(rand.lognormal(seed, "batches", 2.0, 0.6, u), 1, 200)
    out["reception_batches"] = np.where(served, batches, 0)
    out["reception_visitors"] = np.where(served, batches * (2 + np.floor(
        8 * rand.uniform(seed, "visitors", u)).astype(np.int64)), 0)
    return out


def _other(u: np.ndarray, seed: int, unit: dict) -> dict[str, np.ndarray]:
    public = unit["public"]
    agency_budget = np.maximum(1, np.rint(public * rand.lognormal(seed, "agency", 0.05, 0.15, u)))
    goods = np.where(rand.bernoulli(seed, "goods", 0.5, u), _clip_round(
        100 * rand.lognormal(seed, "goods_amt", 2.0, 1.0, u), 1, 1e7), 0)
    works = np.where(rand.bernoulli(seed, "works", 0.1, u), _clip_round(
        100 * rand.lognormal(seed, "works_amt", 3.0, 1.0, u), 1, 1e7), 0)
    services = np.where(rand.bernoulli(seed, "services", 0.4, u), _clip_round(
        100 * rand.lognormal(seed, "services_amt", 2.5, 1.0, u), 1, 1e7), 0)
    vehicles = np.where(rand.bernoulli(seed, "vehicles", 0.5, u),
                        1 + np.floor(3 * rand.uniform(seed, "vehicle_n", u)), 0)
    return {"agency_budget": np.where(unit["admin"], agency_budget, 0).astype(np.int64),
            "agency_actual": np.where(unit["admin"], public, 0),
            "procurement_goods": goods, "procurement_works": works,
            "procurement_services": services, "procurement_total": goods + works + services,
            "vehicles": vehicles.astype(np.int64)}


# --- performance evaluations ----------------------------------------------------------------
def _performance(u: np.ndarray, seed: int, p: Params,
                 unit: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = len(u)
    pool = np.array(p.project_names or ["业务工作经费"])
    cap = min(MAX_PROJECTS, len(pool))
    n_proj = _clip_round(rand.lognormal(seed, "n_proj", p.projects_per_doc.mu,
                                        p.projects_per_doc.sigma, u), 1, cap)
    n_proj = np.minimum(n_proj, np.maximum(1, unit["project"] // 100))
    slots = np.arange(len(pool))
    u01 = rand.uniform(seed, "proj_name", u[:, None], slots[None, :]) + 2.0**-54
    order = np.argsort(np.log(-np.log(u01)), axis=1)[:, :cap]  # a random order of the pool
    uu, jj = np.nonzero(np.arange(cap)[None, :] < n_proj[:, None])
    gu = uu + u[0]  # the units' corpus numbers, which key the draws
    executed = split_cents(unit["project"], uu, rand.lognormal(seed, "proj_w", 0.0, 1.0, gu, jj))
    full = rand.bernoulli(seed, "rate_full", p.p_rate_full, gu, jj)
    rate = np.clip(rand.lognormal(seed, "rate", p.rate_partial.mu, p.rate_partial.sigma, gu, jj),
                   0.3, 0.995)
    budget = np.where(full, executed, np.maximum(executed + 1, np.rint(executed / rate)))
    budget = np.maximum(np.minimum(budget, unit["total"][uu]), executed).astype(np.int64)
    draw = rand.uniform(seed, "init", gu, jj)
    missing, zero = p.p_init_missing, p.p_init_missing + p.p_init_zero
    equal = zero + (1 - zero) * p.p_init_equal
    other = np.maximum(1, np.rint(budget * rand.lognormal(seed, "init_amt", 0.0, 0.3, gu, jj)))
    initial = np.select([draw < missing, draw < zero, draw < equal], [-1, 0, budget],
                        other).astype(np.int64)
    projects = pl.DataFrame({"u": uu, "slot": jj + 1, "scope": "project",
                             "project_name": pl.Series(pool).gather(order[uu, jj]),
                             "budget_full_year": budget,
                             "executed": executed, "budget_initial": initial})
    has_dept = rand.bernoulli(seed, "dept", p.p_department_eval, u)
    proj_budget = np.rint(np.bincount(uu, budget, minlength=n)).astype(np.int64)
    dept = pl.DataFrame({
        "u": u - u[0], "slot": 0, "scope": "department_overall", "project_name": unit["unit_name"],
        "budget_full_year": unit["basic"] + proj_budget, "executed": unit["expenditure"],
        "budget_initial": -1, "task_project_budget": proj_budget}).filter(pl.Series(has_dept))
    evals = (pl.concat([dept, projects], how="diagonal_relaxed").sort("u", "slot")
             .with_columns(budget_initial=pl.when(pl.col("budget_initial") >= 0)
                           .then(pl.col("budget_initial"))))
    eu, es = evals["u"].to_numpy(), evals["slot"].to_numpy()
    rate_pct = pct(evals["executed"].to_numpy(), evals["budget_full_year"].to_numpy())
    n_ind = _clip_round(rand.lognormal(seed, "n_ind", p.indicators_per_eval.mu,
                                       p.indicators_per_eval.sigma, eu + u[0], es),
                        MIN_INDICATORS, MAX_INDICATORS)
    inds = _indicators(seed, p, eu, es, n_ind, u[0])
    score10 = (np.bincount(inds["e"].to_numpy(), inds["score"].to_numpy() * 10,
                           minlength=len(eu)).astype(np.int64) + np.rint(rate_pct).astype(np.int64))
    evals = evals.with_columns(
        e=pl.int_range(pl.len()), execution_rate=rate_pct, funds_score10=np.rint(rate_pct),
        score10=score10, n_ind=n_ind).with_columns(
        funds_score10=pl.col("funds_score10").cast(pl.Int64))
    return evals, inds


def _indicators(seed: int, p: Params, eu: np.ndarray, es: np.ndarray,
                n_ind: np.ndarray, first: int = 0) -> pl.DataFrame:
    """Indicator rows: 产出/效益/满意度 groups whose integer weights add up to 50/30/10, 二级
    labels in template order, wording from the real tables, scores full or a point or two off."""
    e = np.repeat(np.arange(len(eu)), n_ind)
    i = np.arange(len(e)) - np.repeat(np.cumsum(n_ind) - n_ind, n_ind)
    n = n_ind[e]
    k_ben = np.clip(np.rint(n * 0.25), 1, n - 2).astype(np.int64)
    k_out = n - 1 - k_ben
    group = np.where(i < k_out, 0, np.where(i < k_out + k_ben, 1, 2))
    pos = np.where(group == 0, i, np.where(group == 1, i - k_out, 0))
    k = np.choose(group, [k_out, k_ben, np.ones_like(n)])
    points = np.array([LEVEL1_POINTS[g] for g in LEVEL1])[group]
    weight = points // k + (pos < points % k)
    n_l2 = np.array([len(LEVEL2[g]) for g in LEVEL1])[group]
    l2 = pos * n_l2 // k
    l2_prev = np.maximum(pos - 1, 0) * n_l2 // k
    l2_global = np.array([0, len(LEVEL2[LEVEL1[0]]), len(LEVEL2[LEVEL1[0]])
                          + len(LEVEL2[LEVEL1[1]])])[group] + l2
    ue, se = eu[e], es[e]
    gu = ue + first  # the units' corpus numbers, which key the draws
    full = rand.bernoulli(seed, "full_marks", p.p_full_marks, gu, se, i) | (weight <= 1)
    off = 1 + (rand.bernoulli(seed, "off2", 0.3, gu, se, i) & (weight >= 4))
    score = np.where(full, weight, weight - off)
    wording: list[list[str]] = []  # the pool, grouped by 二级: [start, count) per label
    start, count = np.zeros(len(LEVEL2_ALL), np.int64), np.zeros(len(LEVEL2_ALL), np.int64)
    for g, lab in enumerate(LEVEL2_ALL):
        rows = [r[1:] for r in p.indicator_pool if r[0] == lab] or [
            [f"{lab.removesuffix('指标')}完成情况", "达标", "达标"]]
        start[g], count[g] = len(wording), len(rows)
        wording += rows
    pick = start[l2_global] + np.floor(rand.uniform(seed, "wording", gu, se, i)
                                       * count[l2_global]).astype(np.int64)
    column = {name: pl.Series([w[k] for w in wording]).gather(pick)
              for k, name in enumerate(("level3", "target", "actual"))}
    return pl.DataFrame({
        "e": e, "u": ue, "slot": se, "i": i, "level1": pl.Series(LEVEL1).gather(group),
        "points": points, "level2": pl.Series(LEVEL2_ALL).gather(l2_global),
        **column, "weight": weight.astype(np.int64),
        "score": score.astype(np.int64), "print_l1": pos == 0,
        "print_l2": (pos == 0) | (l2 != l2_prev), "group_start": i - pos, "group": group})


# --- where everything is printed ------------------------------------------------------------
def _place(units: pl.DataFrame, func: pl.DataFrame, econ: pl.DataFrame, evals: pl.DataFrame,
           inds: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Block starts per unit, and the first line of each evaluation's part of the text."""
    n = units.height
    eu = evals["u"].to_numpy()
    is_dept = evals["slot"].to_numpy() == 0
    n_ind = evals["n_ind"].to_numpy()
    has_dept = np.bincount(eu[is_dept], minlength=n) > 0
    n_dept_ind = np.bincount(eu[is_dept], n_ind[is_dept], minlength=n).astype(np.int64)
    n_proj = np.bincount(eu[~is_dept], minlength=n)
    n_proj_ind = np.bincount(eu[~is_dept], n_ind[~is_dept], minlength=n).astype(np.int64)
    carry = (units["carry_begin"].to_numpy() > 0) | (units["carry_end"].to_numpy() > 0)
    layout = units["layout"].to_numpy()
    n_func = units["n_func"].to_numpy()
    h = L.heights(layout, n_func, np.where(carry, 0, n_func), units["econ_rows"].to_numpy(),
                  units["n_cls"].to_numpy(), units["n_item"].to_numpy(), has_dept, n_dept_ind,
                  n_proj, n_proj_ind)
    s = L.starts(h)
    units = units.with_columns(has_dept=has_dept, n_proj=n_proj, n_lines=s["end"] - 1,
                               **{f"at_{b}": s[b] for b in L.BLOCKS})
    summary = np.where(is_dept, L.dept_summary_height(layout[eu]),
                       L.project_summary_height(layout[eu]))
    height = (summary + np.where(is_dept, L.DEPT_TABLE_HEAD, L.PROJECT_TABLE_HEAD) + n_ind
              + L.label_lines(layout[eu]))
    evals = evals.with_columns(layout=layout[eu], summary_h=summary, height=height).with_columns(
        start=pl.lit(pl.Series(np.where(is_dept, s["dept"][eu], s["projects"][eu])))
        + pl.when(pl.col("slot") > 0).then(pl.col("height").cum_sum().over(
            "u", pl.col("slot") > 0) - pl.col("height")).otherwise(0))
    evals = evals.with_columns(title=pl.col("start") + pl.col("summary_h"))
    # plain layout: the group's 一级 label line comes first (group + 1 label lines above row i).
    # Evaluation e is row e of `evals`: its columns are gathered, not joined (10M rows).
    e = inds["e"].to_numpy()
    title, lay = evals["title"].to_numpy()[e], evals["layout"].to_numpy()[e]
    labels = np.where(lay == 0, inds["group"].to_numpy() + 1, 0)
    first = np.where(inds["slot"].to_numpy() == 0, L.DEPT_FIRST_INDICATOR,
                     L.PROJECT_FIRST_INDICATOR)
    inds = inds.with_columns(title=title, layout=lay, labels=labels,
                             line=title + first + inds["i"].to_numpy() + labels)
    return units, evals, inds
