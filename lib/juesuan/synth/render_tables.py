"""The national tables (公开01–10表) of a synthetic text, block by block.

A mixin of `synth.render._Unit`: the methods use its state (the unit `u`, the layout, the
running line numbers) and helpers (`a`, `n`, `c`, `check`, `page_end`)."""

from __future__ import annotations

from juesuan.metadata.formats import STANDARD_TABLE
from juesuan.synth import layout as L
from juesuan.synth.printing import RenderError, place
from juesuan.synth.vocab import (
    CN_NUMERALS,
    NATIONAL_CLASSES,
    T01_INCOME,
)

# number -> (title, 公开NN表) of the national format's tables, as the texts print them
_T = {n: (t.title, t.part) for n, t in STANDARD_TABLE.items()}


class TablesMixin:

    # --- 公开表 ----------------------------------------------------------------------------
    def classes(self) -> dict[str, int]:
        """Class code → actual (cents) of the unit's functional classes."""
        f = self.func.cols
        return {f["code"][r]: f["actual"][r] for r in self.func.rows(self.k)
                if f["level"][r] == "class"}

    def head(self, title: str, number: str, header: list[str]) -> list[str]:
        """Title, table number, unit row and header padded to the first data row (13)."""
        rows = [title, number, "", self.unit_row(), "", *header]
        if len(rows) > L.T_FIRST_ROW:
            raise RenderError(f"table {number}: header longer than {L.T_FIRST_ROW} lines")
        return rows + [""] * (L.T_FIRST_ROW - len(rows))

    def foot(self, rows: list[str], note: str) -> list[str]:
        return rows + ["", f"注：{note}", ""]

    def t01(self) -> list[str]:
        u, c = self.u, self.c
        header = (["收入\t\t\t支出\t\t", "项\t行\t金\t项\t行\t金", "目\t次\t额\t目\t次\t额", "",
                   "栏次\t\t1\t栏次\t\t2"] if self.wrap else
                  ["收入\t\t\t支出\t\t", "", "项目\t行次\t金额\t项目\t行次\t金额", "",
                   "栏次\t\t1\t栏次\t\t2"])
        rows = self.head(*_T[1], header)
        spent = self.classes()
        for j, (code, cls) in enumerate(NATIONAL_CLASSES):
            left = (f"{T01_INCOME[j]}\t{j + 1}\t{c(u['income']) if j == 0 else ''}"
                    if j < len(T01_INCOME) else "\t\t")
            rows.append(f"{left}\t{CN_NUMERALS[j]}、{cls}\t{32 + j}\t{c(spent.get(code))}")
        self.expect(rows, L.T01_CURRENT, "t01")
        rows += [f"本年收入合计\t9\t{c(u['income'])}\t本年支出合计\t58\t{c(u['expenditure'])}",
                 "使用非财政拨款结余\t10\t\t结余分配\t59\t",
                 (f"年初结转和结余\t11\t{c(u['carry_begin'])}\t年末结转和结余\t60\t"
                 f"{c(u['carry_end'])}"), "",
                 f"总计\t12\t{c(u['total'])}\t总计\t61\t{c(u['total'])}"]
        rows = self.foot(rows, "本表反映部门本年度的总收支和年末结转结余情况。")
        return self.page_end(self.check("t01", rows, 47))

    def expect(self, rows: list[str], offset: int, block: str) -> None:
        if len(rows) != offset:
            raise RenderError(f"{self.u['doc_id']}: {block}: a value row lands at offset "
                              f"{len(rows)}, the model says {offset}")

    def functional_rows(self, with_income: bool = False) -> list[str]:
        f, c = self.func.cols, self.c
        out = []
        for r in self.func.rows(self.k):
            level = f["level"][r]
            name = f[{"class": "class_name", "section": "section_name",
                      "item": "item_name"}[level]][r]
            if with_income:
                out.append(f"{f['code'][r]}\t{name}\t{c(f['actual'][r])}\t{c(f['actual'][r])}"
                           "\t\t\t\t\t")
            else:
                out.append(f"{f['code'][r]}\t{name}\t{c(f['actual'][r])}\t{c(f['basic'][r])}"
                           f"\t{c(f['project'][r])}\t\t\t")
        return out

    def t02(self) -> list[str]:
        u, c = self.u, self.c
        header = [("项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t"
                  "附属单位上缴收入\t其他收入"), "功能分类科目编码\t科目名称\t\t\t\t\t\t\t",
                  "栏次\t\t1\t2\t3\t4\t5\t6\t7"]
        rows = self.head(*_T[2], header)
        rows.append(f"合计\t\t{c(u['income'])}\t{c(u['income'])}\t\t\t\t\t")
        carry = u["carry_begin"] > 0 or u["carry_end"] > 0
        if not carry:  # the model prints the income by function only without carry-overs
            rows += self.functional_rows(with_income=True)
        rows = self.foot(rows, "本表反映部门本年度取得的各项收入情况。")
        return self.page_end(self.check("t02", rows, 17 + (0 if carry else u["n_func"])))

    def expenditure_table(self, block: str, title: str, number: str, note: str) -> list[str]:
        u, c = self.u, self.c
        header = (["项目\t\t本年支\t基本支\t项目支\t上缴上\t经营支\t对附属单位",
                   "\t\t出合计\t出\t出\t级支出\t出\t补助支出"] if self.wrap else
                  [("项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t"
                   "对附属单位补助支出")])
        header += ["功能分类科目编码\t科目名称\t\t\t\t\t\t", "栏次\t\t1\t2\t3\t4\t5\t6"]
        rows = self.head(title, number, header)
        rows.append(f"合计\t\t{c(u['expenditure'])}\t{c(u['basic'])}\t{c(u['project'])}\t\t\t")
        rows += self.functional_rows()
        rows = self.foot(rows, note)
        return self.page_end(self.check(block, rows, 17 + u["n_func"]))

    def t03(self) -> list[str]:
        return self.expenditure_table("t03", *_T[3],
                                      "本表反映部门本年度各项支出情况。")

    def t05(self) -> list[str]:
        return self.expenditure_table("t05", *_T[5],
                                      "本表反映部门本年度一般公共预算财政拨款实际支出情况。")

    def t04(self) -> list[str]:
        u, c = self.u, self.c
        header = ["收入\t\t\t支出\t\t\t\t\t", ("项目\t行次\t金额\t项目\t行次\t合计\t"
                  "一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款"),
                  "栏次\t\t1\t栏次\t\t2\t3\t4\t5"]
        rows = self.head(*_T[4], header)
        left = ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款")
        spent = self.classes()
        for j, (code, cls) in enumerate(NATIONAL_CLASSES):
            amount_ = c(u["income"]) if j == 0 else ""
            lhs = f"{left[j]}\t{j + 1}\t{amount_}" if j < len(left) else "\t\t"
            rows.append(f"{lhs}\t{CN_NUMERALS[j]}、{cls}\t{33 + j}\t{c(spent.get(code))}\t"
                        f"{c(spent.get(code))}\t\t")
        self.expect(rows, L.T04_CURRENT, "t04")
        rows += [(f"本年收入合计\t4\t{c(u['income'])}\t本年支出合计\t59\t{c(u['expenditure'])}\t"
                 f"{c(u['expenditure'])}\t\t"),
                 (f"年初财政拨款结转和结余\t5\t{c(u['carry_begin'])}\t年末财政拨款结转和结余\t60\t"
                 f"{c(u['carry_end'])}\t{c(u['carry_end'])}\t\t"),
                 f"一般公共预算财政拨款\t6\t{c(u['carry_begin'])}\t\t\t\t\t\t",
                 "政府性基金预算财政拨款\t7\t\t\t\t\t\t\t", "国有资本经营预算财政拨款\t8\t\t\t\t\t\t\t"]
        self.expect(rows, L.T04_TOTAL, "t04")
        rows.append(f"总计\t9\t{c(u['total'])}\t总计\t61\t{c(u['total'])}\t{c(u['total'])}\t\t")
        rows = self.foot(rows, "本表反映部门本年度财政拨款的总收支和年末结转结余情况。")
        return self.page_end(self.check("t04", rows, 48))

    def t06(self) -> list[str]:
        u, e, c = self.u, self.econ.cols, self.c
        header = (["人员经费\t\t\t公用经费\t\t", "科目\t科目\t决算\t科目\t科目\t决算",
                   "编码\t名称\t数\t编码\t名称\t数"] if self.wrap else
                  ["人员经费\t\t\t公用经费\t\t", "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数"])
        rows = [*_T[6], "", self.unit_row(), "",
                *header]
        rows += [""] * (L.T06_FIRST_ROW - len(rows))
        sides: dict[str, dict[int, str]] = {"personnel": {}, "public": {}}
        for r in self.econ.rows(self.k):
            sides[e["category"][r]][e["pos"][r]] = (f"{e['econ_code'][r]}\t{e['econ_name'][r]}\t"
                                                    f"{c(e['amount'][r])}")
        blank = "\t\t"  # three empty cells: the side has fewer lines than the other
        for pos in range(u["econ_rows"]):
            rows.append(f"{sides['personnel'].get(pos, blank)}\t{sides['public'].get(pos, blank)}")
        self.expect(rows, L.T06_FIRST_ROW + u["econ_rows"], "t06")
        rows.append(f"人员经费合计\t\t{c(u['personnel'])}\t公用经费合计\t\t{c(u['public'])}")
        rows = self.foot(rows, "本表反映部门本年度一般公共预算财政拨款基本支出明细情况。")
        return self.page_end(self.check("t06", rows, 16 + u["econ_rows"]))

    def empty_table(self, block: str, title: str, number: str, note: str) -> list[str]:
        header = ["项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余",
                  "\t\t\t\t合计\t基本支出\t项目支出\t", "功能分类科目编码\t科目名称\t\t\t\t\t\t",
                  "栏次\t\t1\t2\t3\t4\t5\t6"]
        rows = self.head(title, number, header) + ["合计\t\t\t\t\t\t\t", "", ""]
        rows = self.foot(rows, note)
        return self.page_end(self.check(block, rows, 19))

    def t07(self) -> list[str]:
        return self.empty_table("t07", *_T[7],
                                "本单位本年度无政府性基金预算财政拨款收入、支出及结转结余，本表无数据。")

    def t08(self) -> list[str]:
        return self.empty_table("t08", *_T[8],
                                "本单位本年度无国有资本经营预算财政拨款支出，本表无数据。")

    def t09(self) -> list[str]:
        u, c = self.u, self.c
        items = ["total", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
                 "official_reception"]
        if self.wrap:
            title = STANDARD_TABLE[9].titles[0]
            header = ["项目\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费",
                      "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t", "栏次\t1\t2\t3\t4\t5\t6"]
        else:
            title = STANDARD_TABLE[9].titles[1]
            items += ["meeting", "training"]
            header = [("项目\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
                      "会议费\t培训费"), "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t",
                      "栏次\t1\t2\t3\t4\t5\t6\t7\t8"]
        rows = [title, STANDARD_TABLE[9].part, "", self.unit_row(), "", *header]
        rows += [""] * (L.T09_BUDGET - len(rows))
        for kind, label in (("budget", "预算数"), ("actual", "决算数")):
            rows.append("\t".join([label] + [c(u[f"tp_{i}_{kind}"]) for i in items]))
        rows = self.foot(rows, "本表反映部门本年度财政拨款“三公”经费的预算和决算情况。")
        return self.page_end(self.check("t09", rows, 19))

    def t10(self) -> list[str]:
        u, c = self.u, self.c
        rows = place(27, {
            0: STANDARD_TABLE[10].title, 1: STANDARD_TABLE[10].part, 3: self.unit_row(),
            5: "项目\t行次\t统计数", 6: "栏次\t\t1",
            7: f"一、机关运行经费\t1\t{c(u['agency_actual'])}", 10: "二、政府采购支出\t2\t",
            L.T10_PROCUREMENT: f"合计\t3\t{c(u['procurement_total'])}",
            L.T10_PROCUREMENT + 1: f"货物\t4\t{c(u['procurement_goods'])}",
            L.T10_PROCUREMENT + 2: f"工程\t5\t{c(u['procurement_works'])}",
            L.T10_PROCUREMENT + 3: f"服务\t6\t{c(u['procurement_services'])}",
            17: "三、国有资产占用情况\t7\t", 19: "房屋建筑物（平方米）\t8\t",
            L.T10_VEHICLES: f"车辆数合计（辆）\t9\t{u['vehicles'] or ''}",
            22: "其中：一般公务用车\t10\t", 25: "注：本表反映部门本年度相关信息统计情况。"})
        return rows
