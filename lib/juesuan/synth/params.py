"""The distributions a synthetic corpus is drawn from, fitted to the real curated tables.

Four documents are a thin sample, so the fit is deliberately simple: counts and amounts as
log-normals (mean and spread of the logs), shares as frequencies, and the catalogues
(functional lines, economic lines, indicators) as the empirical lists of what the documents
print, each with how often it is used. Where the corpus has no example at all (e.g. no unit
spends on 因公出国), a frequency k of n is smoothed to (k + 0.5) / (n + 1) so the generator
still produces the case now and then.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

import polars as pl

from juesuan.text import NUMBER_RE

# 二级 labels the generator prints, grouped by 一级 (the template's vocabulary).
LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("社会效益指标", "经济效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
# Standard points of each 一级 (DOMAIN.md: 产出 ~50, 效益 ~30, 满意度 ~10; funds 10).
LEVEL1_POINTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
FUNDS_WEIGHT = 10
THREE_PUBLIC_PARTS = ("overseas_travel", "vehicle_purchase", "vehicle_operation",
                      "official_reception", "meeting", "training")


@dataclass
class LogNormal:
    """mean and standard deviation of log(x)."""

    mu: float
    sigma: float

    @classmethod
    def of(cls, values: list[float], floor_sigma: float = 0.2) -> LogNormal:
        logs = [math.log(v) for v in values if v and v > 0]
        if not logs:
            return cls(0.0, floor_sigma)
        mu = sum(logs) / len(logs)
        var = sum((x - mu) ** 2 for x in logs) / max(len(logs) - 1, 1)
        return cls(round(mu, 6), round(max(math.sqrt(var), floor_sigma), 6))


@dataclass
class Params:
    """Fitted parameters (JSON-serialisable: `to_json` / `from_json`)."""

    n_documents: int
    n_evaluations: int
    n_project_evaluations: int
    n_indicators: int
    # functional classification: [code, 类, 款, 项, documents using it, P(basic), P(project)]
    func_catalogue: list[list] = field(default_factory=list)
    items_per_doc: LogNormal = field(default_factory=lambda: LogNormal(2.3, 0.5))
    basic_amount: LogNormal = field(default_factory=lambda: LogNormal(3.5, 1.5))
    project_amount: LogNormal = field(default_factory=lambda: LogNormal(5.0, 1.5))
    p_unbudgeted: float = 0.3  # a project line with 年初预算 0 (年初预算为零，新增…)
    completion: LogNormal = field(default_factory=lambda: LogNormal(-0.1, 0.3))
    personnel_share: float = 0.93  # 人员经费 / 基本支出
    # economic classification: [code, name, level, category, documents with an amount, mean]
    econ_catalogue: list[list] = field(default_factory=list)
    p_carryover: float = 0.25
    carryover_share: float = 0.02  # carry-over / expenditure
    yoy_growth: LogNormal = field(default_factory=lambda: LogNormal(0.0, 0.3))
    # “三公” and meetings/training: P(item has a budget), budget size, actual / budget
    three_public_p: dict[str, float] = field(default_factory=dict)
    three_public_budget: LogNormal = field(default_factory=lambda: LogNormal(1.5, 1.2))
    three_public_ratio: float = 0.8
    staff_actual: LogNormal = field(default_factory=lambda: LogNormal(3.5, 1.0))
    p_department_eval: float = 0.5
    projects_per_doc: LogNormal = field(default_factory=lambda: LogNormal(1.5, 1.0))
    p_rate_full: float = 0.5  # execution rate exactly 100 %
    rate_partial: LogNormal = field(default_factory=lambda: LogNormal(-0.3, 0.3))  # of B/A < 1
    p_init_missing: float = 0.3  # 年初预算数 printed blank
    p_init_zero: float = 0.1  # 年初预算数 0 (added in the year)
    p_init_equal: float = 0.5  # 年初预算数 = 全年预算数
    indicators_per_eval: LogNormal = field(default_factory=lambda: LogNormal(2.2, 0.3))
    p_full_marks: float = 0.77
    mean_project_score: float = 97.0
    # indicator wording: [二级, 三级, 年度指标值, 实际完成值], as printed in the documents
    indicator_pool: list[list[str]] = field(default_factory=list)
    project_names: list[str] = field(default_factory=list)  # as printed, without a year

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Params:
        raw = json.loads(text)
        for f in fields(cls):
            if f.type == "LogNormal" and isinstance(raw.get(f.name), dict):
                raw[f.name] = LogNormal(**raw[f.name])
        return cls(**raw)


def _smooth(k: int, n: int) -> float:
    return round((k + 0.5) / (n + 1), 6)


def _freq(k: int, n: int) -> float:
    return round(k / n, 6) if n else 0.0


def fit(tables: Mapping[str, pl.DataFrame]) -> Params:
    """Fit the generator's distributions to curated tables (a dict as `catalog.load_all`)."""
    docs = tables["documents"]
    n_docs = docs.height
    bl = tables["budget_lines"]
    evals = tables["perf_evaluations"]
    inds = tables["perf_indicators"]
    totals = tables["totals"]
    projects = evals.filter(pl.col("scope") == "project")

    table_items = bl.filter(pl.col("statement").is_in(["table_expenditure", "table_gpb_expenditure"]),
                            pl.col("level") == "item")
    coded = table_items.filter(pl.col("func_code").is_not_null())
    catalogue = (
        coded.group_by("func_code", "class_name", "section_name", "item_name")
        .agg(pl.col("doc_id").n_unique().alias("docs"),
             pl.col("basic").is_not_null().mean().alias("p_basic"),
             pl.col("project").is_not_null().mean().alias("p_project"))
        .filter(~pl.any_horizontal(pl.col("class_name", "section_name", "item_name")
                                   .str.contains(r"[（()）\d]")))
        .sort("func_code"))
    func_catalogue = [[c, k, s, i, d, round(pb, 6), round(pp, 6)]
                      for c, k, s, i, d, pb, pp in catalogue.iter_rows()]

    # lines per document: the table (公开05表, else 03表) or the narrative listing
    per_doc = (bl.filter(pl.col("level") == "item")
               .group_by("doc_id", "statement").len()
               .group_by("doc_id").agg(pl.col("len").max()))
    items_per_doc = LogNormal.of(per_doc["len"].to_list())

    gpb = table_items.filter(pl.col("statement") == "table_gpb_expenditure")
    basic_amount = LogNormal.of(gpb["basic"].drop_nulls().to_list())
    project_amount = LogNormal.of(gpb["project"].drop_nulls().to_list())

    narr = bl.filter(pl.col("statement") == "narrative_gpb", pl.col("level") == "item",
                     pl.col("budget_initial").is_not_null(), pl.col("actual") > 0)
    p_unbudgeted = _freq((narr["budget_initial"] == 0).sum(), narr.height)
    budgeted = narr.filter(pl.col("budget_initial") > 0)
    completion = LogNormal.of((budgeted["actual"] / budgeted["budget_initial"]).to_list(), 0.1)

    first = totals.unique(subset=["doc_id", "metric"], keep="first", maintain_order=True)
    m = {(d, k): v for d, k, v in first.select("doc_id", "metric", "value").iter_rows()}
    shares = [m[(d, "basic_personnel")] / (m[(d, "basic_personnel")] + m[(d, "basic_public")])
              for d in docs["doc_id"] if (d, "basic_personnel") in m and (d, "basic_public") in m]
    personnel_share = round(sum(shares) / len(shares), 6) if shares else 0.9
    carry = [d for d in docs["doc_id"] if m.get((d, "income_carryover_begin"))
             or m.get((d, "carryover_end"))]
    carry_share = [(m.get((d, "carryover_end")) or 0) / m[(d, "expenditure_total")]
                   for d in carry if m.get((d, "expenditure_total"))]
    growth = [1 + m[(d, "income_total_yoy_change")] / (m[(d, "income_total")]
                                                       - m[(d, "income_total_yoy_change")])
              for d in docs["doc_id"] if (d, "income_total_yoy_change") in m
              and (d, "income_total") in m]
    staff = [v for (d, k), v in m.items() if k == "staff_actual"]

    econ = tables["economic_lines"]
    econ_cat = (econ.group_by("econ_code", "econ_name", "level", "category")
                .agg(pl.col("amount").is_not_null().sum().alias("docs"),
                     pl.col("amount").mean().alias("mean"))
                .filter(pl.col("docs") > 0)
                .unique(subset=["econ_code"], keep="first").sort("econ_code"))
    econ_catalogue = [[c, n, lv, cat, d, round(mean, 4)]
                      for c, n, lv, cat, d, mean in econ_cat.iter_rows()]

    tp = tables["three_public"]
    tp_docs = {item: tp.filter(pl.col("item") == item, pl.col("budget") > 0)["doc_id"].n_unique()
               for item in THREE_PUBLIC_PARTS}
    tp_pos = tp.filter(pl.col("budget") > 0, pl.col("item") != "total",
                       pl.col("actual").is_not_null())
    ratio = (tp_pos["actual"] / tp_pos["budget"]).to_list()

    dept_docs = evals.filter(pl.col("scope") == "department_overall")["doc_id"].n_unique()
    proj_counts = projects.group_by("doc_id").len()["len"].to_list()
    ab = projects.filter(pl.col("budget_full_year") > 0, pl.col("executed").is_not_null())
    rates = (ab["executed"] / ab["budget_full_year"]).to_list()
    partial = [r for r in rates if r < 0.9999]
    with_a = projects.filter(pl.col("budget_full_year").is_not_null())
    init = with_a["budget_initial"]
    n_init = with_a.height
    equal = with_a.filter(pl.col("budget_initial") == pl.col("budget_full_year")).height
    ind_counts = inds.group_by("eval_id").len()["len"].to_list()
    scored = inds.filter(pl.col("weight") > 0, pl.col("score").is_not_null())
    full = _freq((scored["score"] == scored["weight"]).sum(), scored.height)
    scores = projects["score"].drop_nulls()

    return Params(
        n_documents=n_docs, n_evaluations=evals.height, n_project_evaluations=projects.height,
        n_indicators=inds.height, func_catalogue=func_catalogue, items_per_doc=items_per_doc,
        basic_amount=basic_amount, project_amount=project_amount, p_unbudgeted=p_unbudgeted,
        completion=completion, personnel_share=personnel_share, econ_catalogue=econ_catalogue,
        p_carryover=_smooth(len(carry), n_docs),
        carryover_share=round(sum(carry_share) / len(carry_share), 6) if carry_share else 0.02,
        yoy_growth=LogNormal.of(growth, 0.1),
        three_public_p={k: _smooth(v, n_docs) for k, v in tp_docs.items()},
        three_public_budget=LogNormal.of(tp_pos["budget"].to_list()),
        three_public_ratio=round(min(sum(ratio) / len(ratio), 1.0), 6) if ratio else 0.8,
        staff_actual=LogNormal.of(staff), p_department_eval=_smooth(dept_docs, n_docs),
        projects_per_doc=LogNormal.of(proj_counts),
        p_rate_full=_freq(len(rates) - len(partial), len(rates)),
        rate_partial=LogNormal.of(partial, 0.05),
        p_init_missing=_freq(init.null_count(), n_init),
        p_init_zero=_freq((init == 0).sum(), n_init),
        p_init_equal=_freq(equal, n_init - init.null_count()),
        indicators_per_eval=LogNormal.of(ind_counts, 0.1), p_full_marks=full,
        mean_project_score=round(scores.mean(), 4) if scores.len() else 97.0,
        indicator_pool=_indicator_pool(inds), project_names=_project_names(projects))


_BAD_TEXT = re.compile(r"[\t/]|^[-—–无]+$|指标\d")


def _printable(text: str | None) -> bool:
    """A cell the generator can print and the tab parser reads back as text."""
    return bool(text) and len(text) <= 30 and not NUMBER_RE.fullmatch(text) \
        and not _BAD_TEXT.search(text)


_LABEL_LIKE = re.compile(r"^(?:产出|效益|满意度|成本|效果|数量|质量|时效|经济效益|社会效益|生态效益"
                         r"|可持续影响|服务对象满意度)(?:指标)?$")
_SHORT_UNIT = re.compile(r"%|[\u4e00-\u9fff]{1,2}")


def _row_printable(level3: str, target: str, actual: str) -> bool:
    """Wording both table layouts read back as printed: no whitespace (the one-cell-per-line
    reader splits a value line on it), no 。 (a sentence there ends the table), a 三级 name
    that is not a 一级/二级 label, and no cell that reads as the unit of a number before it
    ('…2' then '达标' would be one cell '2 达标')."""
    cells = (level3, target, actual)
    if any(re.search(r"\s|。", c) for c in cells) or _LABEL_LIKE.match(level3):
        return False
    return not any(re.search(r"\d$", a) and _SHORT_UNIT.fullmatch(b)
                   for a, b in itertools.pairwise(cells))


def _indicator_pool(inds: pl.DataFrame) -> list[list[str]]:
    """Indicator wording of the real tables, filed under the 二级 labels the generator uses."""
    level2 = {v: v for vs in LEVEL2.values() for v in vs}
    level2.update({"社会效益": "社会效益指标", "经济效益": "经济效益指标",
                   "可持续影响": "可持续影响指标", "服务对象满意度": "服务对象满意度指标"})
    rows = inds.filter(pl.col("row_kind") == "indicator", pl.col("weight") > 0)
    pool: dict[tuple, None] = {}
    for l2, l3, target, actual in rows.select("level2", "level3", "target", "actual").iter_rows():
        if l2 in level2 and all(_printable(x) for x in (l3, target, actual)) \
                and _row_printable(l3, target, actual):
            pool.setdefault((level2[l2], l3, target, actual))
    return [list(k) for k in sorted(pool)]


def _project_names(projects: pl.DataFrame) -> list[str]:
    """Project names usable as table cells and in a `…项目绩效自评综述：` sentence, one per
    name stem (a year prefix and a 项目 suffix removed), so a unit's projects are told apart."""
    out: dict[str, str] = {}
    for name in projects["project_name"].drop_nulls().to_list():
        if not 2 <= len(name) <= 30 or re.search(r"[\t，。；;:：,、\s]|自评|绩效|表$", name):
            continue
        name = re.sub(r"^\d{4}年度?", "", name)  # the generator prints its own year, if any
        stem = re.sub(r"项目$|支出$", "", name)
        if len(stem) >= 2:
            out.setdefault(stem, name)
    return sorted(out.values())
