"""Rows for the rule tests: a document's tables built from a few statements."""

from __future__ import annotations

from juesuan import metadata
from juesuan.checks import rules

DOC = "test-doc"


def tables(**rows: list[dict]) -> dict:
    return {name: metadata.frame(name, rs) for name, rs in rows.items()}


def check(rule_id: str, **rows: list[dict]) -> list[dict]:
    rule = next(r for r in rules.RULES if r.rule_id == rule_id)
    found = rule.func(tables(**rows))
    assert all(f["rule_id"] == rule_id for f in found)
    return found


def tot(metric: str, value: float, line: int, kind: str = "narrative", part: str | None = None,
        **kw) -> dict:
    part = part or ("公开01表" if kind == "table" else "情况说明/一")
    return {"doc_id": DOC, "metric": metric, "value": value, "unit": metadata.METRICS[metric][0],
            "source_kind": kind, "source_part": part, "src_line": line, **kw}


def bl(statement: str, level: str, line: int, code: str | None = None, **kw) -> dict:
    return {"doc_id": DOC, "statement": statement, "level": level, "func_code": code,
            "src_line": line, **kw}


def tp(item: str, line: int, kind: str = "narrative", **kw) -> dict:
    return {"doc_id": DOC, "item": item, "source_kind": kind, "src_line": line, **kw}


def ev(n: str = "P01", line: int = 100, **kw) -> dict:
    base = {"doc_id": DOC, "eval_id": f"{DOC}:{n}", "scope": "project", "template": "national",
            "project_name": "测试项目", "amount_unit": "万元", "src_line": line}
    return {**base, **kw}


def ind(seq: int, weight: float | None, score: float | None = None, n: str = "P01",
        level1: str = "产出指标", kind: str = "indicator", **kw) -> dict:
    return {"doc_id": DOC, "eval_id": f"{DOC}:{n}", "seq": seq, "row_kind": kind,
            "level1": level1, "level3": f"指标{seq}", "weight": weight, "score": score,
            "src_line": 200 + seq, **kw}


def _qianyang_three_public() -> list[dict]:
    return [tp("total", 314, budget=2.10, actual=1.55, budget_src_line=312),
            tp("vehicle_operation", 338, budget=0.40, actual=0.40, budget_src_line=336),
            tp("official_reception", 346, budget=1.45, actual=1.15, budget_src_line=344)]
