"""Consistency rules: where a disclosure disagrees with itself.

Every rule reads the curated tables only and compares figures *as printed*, so each finding
names the lines of the source text that disagree. `RULES` is the one documented list
(id, what it checks, how its tolerance is set); `run` applies all of them.

Tolerance follows the documents themselves: 金额数值保留两位小数，公开数据为四舍五入计算结果；
个别数据合计项与分项数字之和存在小数点后尾差. Each printed amount therefore carries up to
±0.005 of rounding:

* a stated total against the sum of n stated parts is consistent when
  |difference| ≤ 0.005 × (n + 1);
* a stated percentage is consistent when it lies in the interval of a/b allowed by ±0.005 on
  each amount, widened by half a unit of the percentage's last printed decimal (96.2 → ±0.05,
  100 → ±0.5; the decimals are those of the shortest repr of the stored float); a growth rate's
  base, the previous year = current − change, is the difference of two printed amounts and
  carries ±0.01;
* the same figure stated twice must agree to 0.005 (two roundings of one number print the
  same digits); scores and weights are exact numbers (0.005 for two-decimal scores).

A figure the document does not state is never treated as 0: a check that needs it is skipped,
or — where a sum is checked over the parts that are stated — the message names what is
missing, and a shortfall that the missing part could explain is only a warning.
Year-on-year growth (与上年相比增加 … 万元，增长 x%) is checked where the narrative states it with
the change in 万元 (the `*_yoy_change` metrics, a decrease negative).

The rules are grouped by family, one module each; `registry.RULES` lists them all:

    common.py        Rule, Part, findings and the tolerances (sum, percentage, repeated value)
    totals.py        headline figures: sums, completion, shares, growth
    lines.py         functional (类/款/项) and economic classification
    three_public.py  “三公” total and items
    performance.py   execution rate, weights, scores, grades, key evaluations
    identity.py      one figure stated twice must read the same
    plausibility.py  possible but probably wrong values
    registry.py      RULES, run, the catalogue
"""

from __future__ import annotations

from juesuan.checks.rules.common import (
    EPS,
    Finding,
    Part,
    Rule,
    Tables,
    half_unit,
    percent_consistent,
    percent_interval,
    sum_tolerance,
)
from juesuan.checks.rules.performance import grade_band
from juesuan.checks.rules.registry import RULES, catalogue_markdown, run, run_batch

__all__ = ["EPS", "RULES", "Finding", "Part", "Rule", "Tables", "catalogue_markdown",
           "grade_band", "half_unit", "percent_consistent", "percent_interval", "run", "run_batch",
           "sum_tolerance"]
