"""The performance part of a synthetic text: the department-wide and project
self-evaluations with their summaries.

A mixin of `synth.render._Unit`: the methods use its state (the unit `u`, the layout, the
running line numbers) and helpers (`a`, `n`, `c`, `check`, `page_end`)."""

from __future__ import annotations

from juesuan.metadata.formats import GRADES, grade_level
from juesuan.synth import layout as L
from juesuan.synth.params import FUNDS_WEIGHT
from juesuan.synth.printing import RenderError, amount, pct, place, tenths
from juesuan.synth.vocab import (
    DEVIATION,
    DONE_TEXT,
    GOAL_TEXT,
)


def grade_of(score10: int) -> str:
    """The grade of a score (in tenths), by the thresholds `measures.grade_of` applies."""
    return GRADES[grade_level(score10 / 10.0)]


class PerformanceMixin:

    # --- performance -------------------------------------------------------------------------
    def dept(self) -> list[str]:
        ev = self.evals.cols
        self.pending = 0
        rows: list[str] = []
        for r in self.evals.rows(self.k):
            if ev["slot"][r] == 0:
                rows += self.evaluation(r)
        return rows

    def projects(self) -> list[str]:
        ev = self.evals.cols
        self.pending = 0
        rows: list[str] = []
        for r in self.evals.rows(self.k):
            if ev["slot"][r] > 0:
                rows += self.evaluation(r)
        return rows

    def evaluation(self, r: int) -> list[str]:
        """Summary and table of one evaluation; checked against its modelled lines."""
        ev = self.evals.cols
        start = len(self.lines) + 1 + self.pending
        if start != ev["start"][r]:
            raise RenderError(f"{self.u['doc_id']}: evaluation {ev['slot'][r]} starts at line "
                              f"{start}, the model says {ev['start'][r]}")
        dept = ev["slot"][r] == 0
        summary = self.dept_summary(r) if dept else self.project_summary(r)
        table = self.perf_table(r, dept)
        rows = self.check(f"evaluation {ev['slot'][r]}", summary + table, ev["height"][r])
        self.pending += len(rows)
        return rows

    def dept_summary(self, r: int) -> list[str]:
        ev, n = self.evals.cols, self.n
        score = tenths(ev["score10"][r])
        g = grade_of(ev["score10"][r])
        a, b = amount(ev["budget_full_year"][r]), amount(ev["executed"][r])
        rate = pct(ev["execution_rate"][r])
        if self.wrap:
            return place(6, {
                0: f"{self.year} 年度，本部门整体支出绩效自评得分为{n(score)}分，综合评价",
                2: f"等级为“{g}”，全年预算数{n(a)}万元，全年执行数{n(b)}万元，",
                4: f"执行率为{n(rate)}%。"})
        return [(f"{self.year}年度，本部门整体支出绩效自评得分为{score}分，综合评价等级为“{g}”，"
                f"全年预算数{a}万元，全年执行数{b}万元，执行率为{rate}%。"), ""]

    def project_summary(self, r: int) -> list[str]:
        ev, n = self.evals.cols, self.n
        a, b = amount(ev["budget_full_year"][r]), amount(ev["executed"][r])
        rate = pct(ev["execution_rate"][r])
        head = f"{ev['slot'][r]}.{ev['project_name'][r]}绩效自评综述："
        if self.wrap:
            return place(4, {0: f"{head}全年预算数{n(a)}万元，",
                              2: f"全年执行数{n(b)}万元，执行率为{n(rate)}%。"})
        return [f"{head}全年预算数{a}万元，全年执行数{b}万元，执行率为{rate}%。", ""]

    def perf_table(self, r: int, dept: bool) -> list[str]:
        """The self-evaluation table: tab-separated (wrapped layouts) or one cell per line."""
        ev = self.evals.cols
        sep = "\t" if self.wrap else " "
        init = ev["budget_initial"][r]
        funds = sep.join(["年度资金总额", "" if init is None else amount(init),
                          amount(ev["budget_full_year"][r]), amount(ev["executed"][r]),
                          str(FUNDS_WEIGHT), f"{pct(ev['execution_rate'][r])}%",
                          tenths(ev["funds_score10"][r])])
        if not self.wrap:
            funds = " ".join(funds.split())  # no blank cells on a line of words
        funds_head = sep.join(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值",
                               "执行率", "得分"])
        goal = [sep.join(["年度总体目标", "预期目标", "实际完成情况"]),
                sep.join(["", GOAL_TEXT, DONE_TEXT]).strip(" ")]
        if dept:
            title = f"{self.name}部门整体支出绩效自评表"
            head = [title, f"（{self.year}年度）", "", sep.join(["部门（单位）名称", self.name]), "",
                    sep.join(["年度主要任务", "任务名称", "主要内容"]),
                    sep.join(["", "履行部门职责", "保障机构正常运转和各项业务工作开展"]).strip(" "),
                    "", funds_head]
            self.expect(head, L.DEPT_FUNDS_ROW, "dept table")
            head += [funds, *goal]
            first = L.DEPT_FIRST_INDICATOR
        else:
            name = ev["project_name"][r]
            head = [f"{name}绩效自评表", f"（{self.year}年度）", sep.join(["项目名称", name]),
                    sep.join(["主管部门", self.name, "实施单位", self.name]), "", funds_head, ""]
            self.expect(head, L.PROJECT_FUNDS_ROW, "project table")
            head += [funds, *goal]
            first = L.PROJECT_FIRST_INDICATOR
        head += [""] * (first - 1 - len(head))
        head.append(sep.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                              "得分", "偏差原因分析及改进措施"]))
        self.expect(head, first, "performance table")
        body = self.indicator_rows(ev["e"][r], sep)
        total = sep.join(["总分", "100", tenths(ev["score10"][r])]
                         + ([grade_of(ev["score10"][r])] if self.wrap else []))
        return head + body + [total, ""]

    def indicator_rows(self, e: int, sep: str) -> list[str]:
        ic = self.inds.cols
        out = []
        for r in self.inds.rows(e):
            label = f"{ic['level1'][r]}（{ic['points'][r]}分）"
            l2 = ic["level2"][r] if ic["print_l2"][r] else ""
            tail = [ic["level3"][r], ic["target"][r], ic["actual"][r], str(ic["weight"][r]),
                    str(ic["score"][r])]
            if ic["score"][r] < ic["weight"][r]:
                tail.append(DEVIATION)
            if self.wrap:
                out.append(sep.join([label if ic["print_l1"][r] else "", l2, *tail]))
            else:
                if ic["print_l1"][r]:
                    out.append(label)
                out.append(" ".join([l2, *tail]).strip())
        return out
