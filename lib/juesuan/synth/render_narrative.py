"""The 情况说明 narrative and the glossary of a synthetic text, section by section.

A mixin of `synth.render._Unit`: the methods use its state (the unit `u`, the layout, the
running line numbers) and helpers (`a`, `n`, `c`, `check`, `page_end`)."""

from __future__ import annotations

from juesuan.synth import layout as L
from juesuan.synth.printing import amount, pct, place


class NarrativeMixin:

    # --- 情况说明 --------------------------------------------------------------------------
    def heights(self) -> dict[str, int]:
        u = self.u
        h = L.narrative_heights(self.layout, u["n_cls"], u["n_item"])
        return {k: int(v) for k, v in h.items()}

    def change(self, cents: int, growth: float) -> str:
        up = cents > 0
        return (f"{'增加' if up else '减少'}{self.a(abs(cents))}万元，{'增长' if up else '下降'}"
                f"{self.n(pct(abs(growth)))}%")

    def s1(self) -> list[str]:
        return self.totals_section("s1", "一、收入支出决算总体情况说明", "")

    def s4(self) -> list[str]:
        return self.totals_section("s4", "四、财政拨款收入支出决算总体情况说明", "财政拨款")

    def totals_section(self, block: str, title: str, what: str) -> list[str]:
        u = self.u
        first = f"{self.year}年度{what}收入总计、支出总计均为{self.a(u['total'])}万元。"
        change = (f"与上年相比，{what}收入总计、支出总计"
                  f"{self.change(u['total_change'], u['total_growth'])}。")
        if self.wrap:
            rows = {0: title, 2: first, 4: change, 6: "主要原因是本年度业务工作量有所变化。"}
        else:
            rows = {0: title, 2: first + change}
        return place(self.heights()[block], rows)

    def s2(self) -> list[str]:
        u = self.u
        inc = self.a(u["income"])
        if self.wrap:
            rows = {2: f"{self.year}年度本年收入合计{inc}万元，其中：财政拨款",
                    4: f"收入{inc}万元，占{self.n('100.00')}%；事业收入{self.a(0)}万元，经营收入"
                       f"{self.a(0)}万元，",
                    6: f"其他收入{self.a(0)}万元。"}
        else:
            rows = {2: f"{self.year}年度本年收入合计{inc}万元。",
                    4: f"其中：财政拨款收入{inc}万元，占100.00%。"}
        return place(self.heights()["s2"], {0: "二、收入决算情况说明", **rows})

    def s3(self) -> list[str]:
        u = self.u
        exp_, basic, project = self.a(u["expenditure"]), self.a(u["basic"]), self.a(u["project"])
        bs, ps = pct(u["basic_share"]), pct(u["project_share"])
        if self.wrap:
            rows = {2: f"{self.year}年度本年支出合计{exp_}万元，其中：基本支出{basic}万元，占",
                    4: f"{bs}%；项目支出{project}万元，占{self.n(ps)}%；",
                    6: f"经营支出{self.a(0)}万元。", 8: "主要用于保障机构正常运转和完成专项业务工作。"}
        else:
            rows = {2: f"{self.year}年度本年支出合计{exp_}万元。",
                    4: f"其中：基本支出{basic}万元，占{bs}%；", 6: f"项目支出{project}万元，占{ps}%。"}
        return place(self.heights()["s3"], {0: "三、支出决算情况说明", **rows})

    def s5(self) -> list[str]:
        u, f = self.u, self.func.cols
        title = "五、一般公共预算财政拨款支出决算情况说明"
        rows: dict[int, str] = {0: title}
        exp_, budget = self.a(u["expenditure"]), self.a(u["budget_initial"])
        change = (f"与上年相比，一般公共预算财政拨款支出"
                  f"{self.change(u['gpb_change'], u['gpb_growth'])}。")
        if not self.wrap:
            n_cls = u["n_cls"]
            rows.update({
                2: "（一）一般公共预算财政拨款支出决算总体情况",
                4: f"{self.year}年度一般公共预算财政拨款支出{exp_}万元，占本年支出合计的100.00%。"
                   + change,
                6: "（二）一般公共预算财政拨款支出决算结构情况",
                8: f"{self.year}年度一般公共预算财政拨款支出{exp_}万元，主要用于以下方面：",
                10 + 2 * n_cls: "（三）一般公共预算财政拨款支出决算具体情况",
                12 + 2 * n_cls: f"{self.year}年度一般公共预算财政拨款支出年初预算{budget}万元，"
                                f"支出决算{exp_}万元，完成年初预算的{pct(u['gpb_completion'])}%。"})
            c = 0
            for r in self.func.rows(self.k):
                if f["level"][r] != "class":
                    continue
                name, actual = f["class_name"][r], amount(f["actual"][r])
                rows[10 + 2 * c] = f"{name}（类）{actual}万元，占{pct(f['share'][r])}%；"
                line = f"{name}年初预算{amount(f['budget'][r])}万元，支出决算{actual}万元"
                if f["budget"][r] > 0:
                    line += f"，完成年初预算的{pct(f['completion'][r])}%"
                rows[14 + 2 * n_cls + 2 * c] = line + "。"
                c += 1
        else:
            rows.update({
                2: f"{self.year}年度一般公共预算财政拨款支出年初预算{budget}万元，支出决算",
                4: f"{exp_}万元，完成年初预算的{self.n(pct(u['gpb_completion']))}%。",
                6: change[:change.index("，增长" if u["gpb_change"] > 0 else "，下降") + 1],
                8: change[change.index("，增长" if u["gpb_change"] > 0 else "，下降") + 1:]})
            names = {}
            c = 0
            for r in self.func.rows(self.k):
                level, code = f["level"][r], f["code"][r]
                names[code] = f[{"class": "class_name", "section": "section_name",
                                 "item": "item_name"}[level]][r]
                if level != "item":
                    continue
                cls, sec, item = names[code[:3]], names[code[:5]], names[code]
                if self.layout == 2:
                    label = f"{cls}（{code[:3]}）{sec}（{code[3:5]}）{item}（{code[5:]}）"
                else:
                    label = f"{cls}（类）{sec}（款）{item}（项）"
                b = f["budget"][r]
                said = (f"年初预算为{self.a(b)}万元，支出决算为{self.a(f['actual'][r])}万元，完成"
                        f"年初预算的{self.n(pct(f['completion'][r]))}%。" if b > 0 else
                        f"年初预算为零，支出决算为{self.a(f['actual'][r])}万元，为年中追加资金。")
                rows[10 + 6 * c] = "具体支出情况如下：" if c == 0 else \
                    "决算数与年初预算数存在差异的主要原因是年中调整了预算。"
                rows[12 + 6 * c] = f"{c + 1}.{label}："
                rows[14 + 6 * c] = said
                c += 1
        return place(self.heights()["s5"], rows)

    def s6(self) -> list[str]:
        u = self.u
        basic, pers, pub = self.a(u["basic"]), self.a(u["personnel"]), self.a(u["public"])
        title = "六、一般公共预算财政拨款基本支出决算情况说明"
        if self.wrap:
            rows = {2: f"{self.year}年度一般公共预算财政拨款基本支出{basic}万元，其", 4: "中：",
                    6: f"人员经费{pers}万元，主要包括基本工资、津贴补贴、奖金、",
                    8: "社会保障缴费、离退休费等；",
                    10: f"公用经费{pub}万元，主要包括办公费、印刷费、水电费、差旅费等。"}
        else:
            rows = {2: f"{self.year}年度一般公共预算财政拨款基本支出{basic}万元，其中：",
                    4: f"人员经费{pers}万元，主要包括基本工资、津贴补贴、奖金、社会保障缴费等；",
                    6: f"公用经费{pub}万元，主要包括办公费、印刷费、水电费、差旅费等。"}
        return place(self.heights()["s6"], {0: title, **rows})

    def s7(self) -> list[str]:
        return place(4, {0: "七、政府性基金预算财政拨款收入支出决算情况说明",
                          2: "本单位本年度无政府性基金预算财政拨款收入、支出及结转结余，公开07表为空表。"})

    def s8(self) -> list[str]:
        return place(4, {0: "八、国有资本经营预算财政拨款支出决算情况说明",
                          2: "本单位本年度无国有资本经营预算财政拨款支出，公开08表为空表。"})

    def tp_sentence(self, label: str, item: str) -> str:
        u = self.u
        b, a = u[f"tp_{item}_budget"], u[f"tp_{item}_actual"]
        if b == 0:
            return f"本年度未安排{label}预算。"
        return (f"{label}预算{self.a(b)}万元，支出决算{self.a(a)}万元，完成预算的"
                f"{self.n(pct(u[f'tpc_{item}']))}%")

    def s9(self) -> list[str]:
        u, w = self.u, self.wrap
        off = 2 * w
        rows = {0: "九、财政拨款“三公”经费支出决算情况说明",
                2: "（一）“三公”经费财政拨款支出决算总体情况",
                6 + off: "（二）“三公”经费财政拨款支出决算具体情况"}
        total = self.tp_sentence("“三公”经费财政拨款", "total")
        if u["tp_total_budget"] and w:
            cut = total.index("支出决算") + 4
            rows[4], rows[6] = f"{self.year}年度{total[:cut]}", total[cut:] + "。"
        else:
            rows[4] = (f"{self.year}年度" + total + "。") if u["tp_total_budget"] else total
        labels = (("因公出国（境）费", "overseas_travel"), ("公务用车购置费", "vehicle_purchase"),
                  ("公务用车运行维护费", "vehicle_operation"), ("公务接待费", "official_reception"))
        for k, (label, item) in enumerate(labels):
            text = self.tp_sentence(label, item)
            if u[f"tp_{item}_budget"]:
                text += "。" if item != "official_reception" or not u["reception_batches"] else (
                    f"，共接待国内来访团组{self.n(u['reception_batches'])}个，来宾"
                    f"{self.n(u['reception_visitors'])}人次。")
            rows[8 + off + 4 * k] = text
        for item, label, at in (("training", "培训费", 24), ("meeting", "会议费", 28)):
            text = self.tp_sentence(label, item)
            rows[at + off] = text + ("。" if u[f"tp_{item}_budget"] else "")
        return place(self.heights()["s9"], rows)

    def s10(self) -> list[str]:
        u = self.u
        y = self.year
        agency = (f"{y}年度机关运行经费预算{self.a(u['agency_budget'])}万元，支出决算"
                  f"{self.a(u['agency_actual'])}万元，完成预算的"
                  f"{self.n(pct(u['agency_completion']))}%。" if u["admin"] else
                  "本单位为事业单位，机关运行经费按规定不单独统计。")
        procurement = (f"{y}年度政府采购支出总额{self.a(u['procurement_total'])}万元，其中：政府采购"
                       f"货物支出{self.a(u['procurement_goods'])}万元、政府采购工程支出"
                       f"{self.a(u['procurement_works'])}万元、政府采购服务支出"
                       f"{self.a(u['procurement_services'])}万元。" if u["procurement_total"] else
                       "本年度无政府采购支出。")
        vehicles = (f"本单位共有车辆{self.n(u['vehicles'])}辆。" if u["vehicles"] else
                    "本单位无公务用车。")
        return place(L.S10_HEAD, {
            0: "十、其他重要事项的情况说明", 2: "（一）机关运行经费支出情况", L.S10_AGENCY: agency,
            6: "（二）政府采购支出情况", L.S10_PROCUREMENT: procurement,
            10: "（三）国有资产占用情况", L.S10_VEHICLES: vehicles, 14: "（四）预算绩效管理情况",
            16: "本单位组织对部门整体支出和项目支出开展了绩效自评，自评结果如下。"})

    def gloss(self) -> list[str]:
        return ["第四部分 名词解释", "", "1.财政拨款收入：指本级财政当年拨付的资金。", "",
                "2.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。", ""]
