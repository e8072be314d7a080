"""Rules on the performance evaluations: execution rate B/A, weights, scores, grades,
一级指标 points, key evaluations."""

from __future__ import annotations

from juesuan.checks.rules.common import (
    EPS,
    FUNDS_TEMPLATES,
    STANDARD_FUNDS_WEIGHT,
    Finding,
    Part,
    Tables,
    _amt,
    _finding,
    _keep,
    _line,
    _lines_en,
    _lines_zh,
    _num,
    _pct_finding,
    _rows,
    _sum_finding,
    derived,
    percent_consistent,
)
from juesuan.metadata.formats import GRADE_LETTERS, GRADES, ROUNDING, grade_level

# --- performance evaluations --------------------------------------------------------------------

def _evals(tables: Tables) -> list[dict]:
    return list(derived(tables, _evals, lambda: sorted(_rows(tables, "perf_evaluations"),
                                                       key=lambda r: r["eval_id"])))


def _indicators(tables: Tables) -> dict[str, list[dict]]:
    """eval_id → its indicator rows in order (computed once per batch: do not modify)."""
    def compute() -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for r in sorted(_rows(tables, "perf_indicators"),
                        key=lambda r: (r["eval_id"], r["seq"])):
            out.setdefault(r["eval_id"], []).append(r)
        return out

    return derived(tables, _indicators, compute)


def _short(e: dict) -> str:
    return e["eval_id"].split(":")[-1]


def _esubject(e: dict, what: str) -> str:
    return f"perf_evaluations {_short(e)} {e['project_name']}: {what}"


def _epart_perf(e: dict, col: str, zh: str, en: str) -> Part:
    return Part(zh, en, e[col], _line(e, col))


def _funds_weight(e: dict) -> tuple[float | None, bool]:
    """The funds block's weight, and whether it is assumed (not printed: the standard 10
    points, when the template has a funds block)."""
    if e["funds_weight"] is not None:
        return e["funds_weight"], False
    if e["template"] in FUNDS_TEMPLATES:
        return STANDARD_FUNDS_WEIGHT, True
    return None, False


_RATE_COLS = (("execution_rate", "executed", "budget_full_year", "表中", "amount_unit"),
              ("execution_rate_narrative", "executed_narrative", "budget_full_year_narrative",
               "文字说明中", "amount_unit_narrative"))


def rule_pct_exec(tables: Tables) -> list[Finding]:
    """执行率 vs 全年执行数(B) ÷ 全年预算数(A), in the table and in the narrative (both amounts
    of a row share its unit). When the stated rate instead equals B ÷ 年初预算数, the message
    says so: the classic mistake of using the initial budget."""
    out = []
    for e in _evals(tables):
        for rate, b, a, where, unit in _RATE_COLS:
            if e[rate] is None or e[b] is None or not e[a]:
                continue
            pct = _epart_perf(e, rate, f"{where}执行率", f"execution rate ({rate})")
            note = ("", "")
            init = e["budget_initial"]
            if init and rate == "execution_rate" and percent_consistent(e[rate], e[b], init):
                line = _line(e, "budget_initial")
                note = (f"；该执行率等于全年执行数÷年初预算数{_amt(init)}万元（第{line}行），"
                        + "误用年初预算作分母",
                        f"; the stated rate equals B / the initial budget {_amt(init)} (line "
                        + f"{line}): the initial budget was used instead of the full-year budget A")
            out.append(_pct_finding(e["doc_id"], "PCT-EXEC", _esubject(e, rate), pct,
                                    _epart_perf(e, b, f"{where}全年执行数", "executed (B)"),
                                    _epart_perf(e, a, f"{where}全年预算数", "full-year budget (A)"),
                                    unit=e[unit] or "万元", note=note,
                                    eval_id=e["eval_id"]))
    return _keep(out)


def grade_band(grade: str | None) -> int | None:
    """0 优/A, 1 良/B, 2 中/C, 3 差/D; None when the grade is not one of these."""
    g = (grade or "").strip().upper()
    for band, zh in enumerate(GRADES):
        if g and g.startswith((zh, GRADE_LETTERS[zh])):
            return band
    return None


def _scored(rows: list[dict], kind: str = "indicator") -> list[dict]:
    return [r for r in rows if r["row_kind"] == kind and r["weight"] is not None]


def _ipart(r: dict, col: str) -> Part:
    name = r["level3"] or r["level2"] or r["level1"] or f"#{r['seq']}"
    zh, en = ("分值", "weight") if col == "weight" else ("得分", "score")
    return Part(f"{name}{zh}", f"{name} {en}", r[col], _line(r, col))


def rule_perf_weights(tables: Tables) -> list[Finding]:
    """Indicator weights + the funds block's weight = 100 (key reports: their 一级指标 rows).
    An unprinted funds weight is taken as the standard 10 points when the template has a
    funds block; the message says so."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        key = e["template"] == "key_report"
        rows = _scored(inds.get(e["eval_id"], []), "level1_total" if key else "indicator")
        if not rows:
            continue
        weights = sum(r["weight"] for r in rows)
        fw, assumed = (None, False) if key else _funds_weight(e)
        total = weights + (fw or 0)
        if abs(total - 100) <= ROUNDING + EPS:
            continue
        funds, funds_en = _funds_text(e, fw, assumed)
        lines = [r["weight_src_line"] or r["src_line"] for r in rows]
        zh = (f"{_short(e)}“{e['project_name']}”各指标分值合计{_num(weights)}分{funds}，"
              f"共{_num(total)}分，不等于100分（{_lines_zh(lines)}）。")
        en = (f"{_short(e)} “{e['project_name']}”: indicator weights sum to {_num(weights)}"
              f"{funds_en}, total {_num(total)}, not 100 ({_lines_en(lines)}).")
        sev = "warning" if assumed and abs(weights - 100) <= EPS else "error"
        out.append(_finding(e["doc_id"], "PERF-WEIGHTS", sev, _esubject(e, "weights"), zh, en,
                            [e["src_line"], *lines]
                            + ([_line(e, "funds_weight")] if fw and not assumed else []),
                            src_line=e["src_line"], stated=total, expected=100.0,
                            tolerance=ROUNDING, eval_id=e["eval_id"]))
    return out


def _funds_text(e: dict, fw: float | None, assumed: bool) -> tuple[str, str]:
    """How the funds weight enters a weights message."""
    if fw is None:
        return "", ""
    if assumed:
        return (f"加资金执行分值{_num(fw)}分（表中未列示，按标准10分计）",
                f" plus the funds weight {_num(fw)} (not printed: the standard 10 is assumed)")
    line = _line(e, "funds_weight")
    return (f"加资金执行分值{_num(fw)}分（第{line}行）",
            f" plus the funds weight {_num(fw)} (line {line})")


def rule_perf_score(tables: Tables) -> list[Finding]:
    """Indicator scores + funds score = the total score stated in the table. When the funds
    score is not printed: info with the implied score if it fits in [0, funds weight], else a
    warning. Skipped when an indicator's score is blank, and when the funds score exceeds its
    weight (PERF-OVER reports that)."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        rows = _scored(inds.get(e["eval_id"], []))
        if (e["template"] == "key_report" or e["score_source_kind"] != "table"
                or e["score"] is None or not rows or any(r["score"] is None for r in rows)):
            continue
        fw, _ = _funds_weight(e)
        fs = e["funds_score"]
        if fs is not None and fw is not None and fs > fw + EPS:
            continue
        total = Part("总得分", "total score", e["score"], _line(e, "score"))
        parts = [_ipart(r, "score") for r in rows]
        if fs is not None:
            out.append(_sum_finding(e["doc_id"], "PERF-SCORE", _esubject(e, "score"), total,
                                    parts + [_epart_perf(e, "funds_score", "资金执行得分",
                                                         "funds score")],
                                    unit="分", tolerance=ROUNDING, eval_id=e["eval_id"]))
        elif fw is not None:
            out.append(_implied_funds(e, total, parts, fw))
    return _keep(out)


def _implied_funds(e: dict, total: Part, parts: list[Part], fw: float) -> Finding:
    ind = sum(p.value for p in parts)
    implied = total.value - ind
    ok = -EPS <= implied <= fw + EPS
    lines = [total.line] + [p.line for p in parts]
    zh = (f"资金执行得分未列示；第{total.line}行总得分{_num(total.value)}分减各指标得分合计"
          f"{_num(ind)}分，推算资金执行得分为{_num(implied)}分"
          + ("。" if ok else f"，超出0–{_num(fw)}分的范围。"))
    en = (f"Funds score not printed; implied {_num(implied)} (total {_num(total.value)} on "
          f"line {total.line} minus indicator scores {_num(ind)})"
          + ("." if ok else f", outside 0–{_num(fw)}."))
    return _finding(e["doc_id"], "PERF-SCORE", "info" if ok else "warning",
                    _esubject(e, "funds_score"), zh, en, lines, src_line=total.line,
                    stated=total.value, expected=ind, eval_id=e["eval_id"])


def rule_perf_over(tables: Tables) -> list[Finding]:
    """An indicator's (or 一级指标's) 得分 above its 分值, or the funds score above the funds
    weight (the standard 10 when not printed)."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        for r in inds.get(e["eval_id"], []):
            if r["weight"] is not None and r["score"] is not None and r["score"] > r["weight"] + EPS:
                out.append(_over(e, _ipart(r, "score"), _ipart(r, "weight")))
        fw, assumed = _funds_weight(e)
        if e["funds_score"] is not None and fw is not None and e["funds_score"] > fw + EPS:
            weight = Part("资金执行分值" + ("（未列示，按10分）" if assumed else ""),
                          "funds weight" + (" (not printed, 10 assumed)" if assumed else ""),
                          fw, _line(e, "funds_weight"))
            out.append(_over(e, _epart_perf(e, "funds_score", "资金执行得分", "funds score"),
                             weight))
    return out


def _over(e: dict, score: Part, weight: Part) -> Finding:
    zh = (f"第{score.line}行{score.zh}{_num(score.value)}分，超过{weight.zh}{_num(weight.value)}分"
          f"（第{weight.line}行）。")
    en = (f"{score.en} {_num(score.value)} on line {score.line} exceeds {weight.en} "
          f"{_num(weight.value)} (line {weight.line}).")
    return _finding(e["doc_id"], "PERF-OVER", "error", _esubject(e, score.en), zh, en,
                    [score.line, weight.line], src_line=score.line, stated=score.value,
                    expected=weight.value, tolerance=ROUNDING, eval_id=e["eval_id"])


def rule_perf_grade(tables: Tables) -> list[Finding]:
    """The grade agrees with the score: ≥90 优, 80–<90 良, 60–<80 中, <60 差 (A/B/C/D the same
    bands); table grade vs score and narrative grade vs narrative score."""
    out = []
    for e in _evals(tables):
        pairs = {(e["grade"], e["score"], _line(e, "grade"), _line(e, "score")),
                 (e["grade_narrative"], e["score_narrative"], _line(e, "grade_narrative"),
                  _line(e, "score_narrative"))}
        for grade, score, gl, sl in sorted(pairs, key=str):
            band = grade_band(grade)
            if band is None or score is None or band == grade_level(score):
                continue
            due = GRADES[grade_level(score)]
            want = f"{due}/{GRADE_LETTERS[due]}"
            zh = f"第{gl}行评价等级“{grade}”与第{sl}行得分{_num(score)}分不符（应为{want}）。"
            en = (f"Grade “{grade}” on line {gl} does not fit the score {_num(score)} on line "
                  f"{sl} (≥90 优, 80–<90 良, 60–<80 中, <60 差: expected {want}).")
            out.append(_finding(e["doc_id"], "PERF-GRADE", "warning", _esubject(e, "grade"),
                                zh, en, [gl, sl], src_line=gl, stated=score,
                                eval_id=e["eval_id"]))
    return out


def rule_perf_level1(tables: Tables) -> list[Finding]:
    """The points printed in a 一级指标 label (产出指标（50分）) = the sum of the weights of the
    indicators under it in the same evaluation."""
    evals = {e["eval_id"]: e for e in _evals(tables)}
    out = []
    for eval_id, rows in _indicators(tables).items():
        groups: dict[str, list[dict]] = {}
        for r in _scored(rows):
            groups.setdefault(r["level1"] or "", []).append(r)
        for level1, grp in groups.items():
            head = next((r for r in grp if r["level1_points_stated"] is not None), None)
            if head is None or eval_id not in evals:
                continue
            stated = Part(f"一级指标“{level1}”标注分值", f"points printed for “{level1}”",
                          head["level1_points_stated"], _line(head, "level1_points_stated"))
            e = evals[eval_id]
            f = _sum_finding(e["doc_id"], "PERF-LEVEL1", _esubject(e, f"level1 {level1}"),
                             stated, [_ipart(r, "weight") for r in grp], unit="分",
                             tolerance=ROUNDING, eval_id=eval_id)
            out.append(f)
    return _keep(out)


def rule_perf_key_sum(tables: Tables) -> list[Finding]:
    """Key evaluations: Σ 一级指标 scores of the score table = the stated total score."""
    inds = _indicators(tables)
    out = []
    for e in _evals(tables):
        rows = [r for r in inds.get(e["eval_id"], []) if r["row_kind"] == "level1_total"]
        if e["template"] != "key_report" or e["score"] is None or not rows or any(
                r["score"] is None for r in rows):
            continue
        out.append(_sum_finding(e["doc_id"], "PERF-KEY-SUM", _esubject(e, "score"),
                                Part("总得分", "total score", e["score"], _line(e, "score")),
                                [_ipart(r, "score") for r in rows], unit="分",
                                tolerance=ROUNDING, eval_id=e["eval_id"]))
    return _keep(out)


def rule_perf_key_detail(tables: Tables) -> list[Finding]:
    """Key evaluations: a 一级指标 row's weight and score = the sums over the detailed
    indicators under it (skipped when a detailed score is blank)."""
    out = []
    evals = {e["eval_id"]: e for e in _evals(tables)}
    for eval_id, rows in _indicators(tables).items():
        e = evals.get(eval_id)
        for head in (r for r in rows if r["row_kind"] == "level1_total" and e):
            kids = [r for r in _scored(rows) if r["level1"] == head["level1"]]
            for col in ("weight", "score"):
                if not kids or head[col] is None or any(k[col] is None for k in kids):
                    continue
                out.append(_sum_finding(
                    e["doc_id"], "PERF-KEY-DETAIL", _esubject(e, f"level1 {head['level1']} {col}"),
                    _ipart(head, col), [_ipart(k, col) for k in kids], unit="分",
                    tolerance=ROUNDING, eval_id=eval_id))
    return _keep(out)
