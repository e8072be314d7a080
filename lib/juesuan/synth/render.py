"""Render the synthetic model as disclosure texts, in the corpus' layouts (`synth.layout`).

Each unit becomes one UTF-8 text whose every block has exactly the height the line model
gives it, and whose every value is printed on the line `synth.curated` records: ingesting
the texts gives back `synth.tables` (the round trip of tests/synth). A block that comes out
with another height, or a value line that lands elsewhere, raises `RenderError`: the text
and the tables would disagree, and that must never pass silently.

What the layouts print (see `synth.layout`): the national 公开01–09表 (and 公开10表 in the
plain layout) as tab-separated rows, the 情况说明 narrative, the department-wide and project
self-evaluations with their summaries, and a glossary. The PDF artefacts of the wrapped
layouts are the ones the corpus shows: sentences broken over lines with blank lines between,
spaces around numbers, thousands separators, page markers after each table, headers split
over lines. Texts are written with plain string joins, one file per unit.

Why one module of ~750 lines: `_Unit` prints one text top to bottom, and each block's height
and value lines must agree with `synth.layout` and `synth.curated`; the blocks share the
unit's running line number and formatting state, so they are kept in one class.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from juesuan.ingest.document import MANIFEST_COLUMNS
from juesuan.io import atomic_write, atomic_write_text
from juesuan.metadata.formats import GRADE_BELOW, GRADE_THRESHOLDS, STANDARD_TABLE
from juesuan.synth import layout as L
from juesuan.synth.curated import doc_ids, percentages
from juesuan.synth.model import Model
from juesuan.synth.params import FUNDS_WEIGHT
from juesuan.synth.vocab import (
    CN_NUMERALS,
    DEVIATION,
    DONE_TEXT,
    GOAL_TEXT,
    NATIONAL_CLASSES,
    T01_INCOME,
)

__all__ = ["RenderError", "render"]

MANIFEST_FIELDS = (*MANIFEST_COLUMNS, "note")

# number -> (title, 公开NN表) of the national format's tables, as the texts print them
_T = {n: (t.title, t.part) for n, t in STANDARD_TABLE.items()}


class RenderError(RuntimeError):
    """A rendered block does not have the height (or a value not the line) of the model."""


# --- numbers as printed -------------------------------------------------------------------
def amount(cents: int, sep: bool = False) -> str:
    """Cents of 万元 as printed with two decimals ('3951.18', or '3,951.18' with `sep`)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{frac:02d}" if sep else f"{sign}{whole}.{frac:02d}"


def cell(cents: int | None, sep: bool = False) -> str:
    """A table cell: a zero or missing amount is left blank."""
    return "" if cents is None or cents == 0 else amount(cents, sep)


def pct(value: float) -> str:
    return f"{value:.2f}"


def tenths(value10: int) -> str:
    """A score kept in tenths: '96' or '96.5'."""
    whole, frac = divmod(int(value10), 10)
    return str(whole) if frac == 0 else f"{whole}.{frac}"


def _place(height: int, rows: dict[int, str]) -> list[str]:
    """A block of `height` lines with the given lines at their offsets, blank elsewhere."""
    out = [""] * height
    for offset, text in rows.items():
        if not 0 <= offset < height:
            raise RenderError(f"line offset {offset} outside a block of {height} lines")
        out[offset] = text
    return out


# --- the model as plain Python lists, one slice per unit ------------------------------------
@dataclass
class _Columns:
    """Columns of a frame (sorted by `key`) as lists, and each key's [start, end) rows."""

    cols: dict[str, list]
    bounds: np.ndarray

    @classmethod
    def of(cls, df: pl.DataFrame, n_keys: int, key: str = "u") -> _Columns:
        bounds = np.searchsorted(df[key].to_numpy(), np.arange(n_keys + 1), side="left")
        return cls(df.to_dict(as_series=False), bounds)

    def rows(self, k: int) -> range:
        return range(int(self.bounds[k]), int(self.bounds[k + 1]))


TP_ITEMS = ("overseas_travel", "vehicle_purchase", "vehicle_operation", "official_reception",
            "meeting", "training", "total")


def _prepare(model: Model) -> tuple[dict[str, list], _Columns, _Columns, _Columns, _Columns]:
    """The percentages the text states, computed exactly as `synth.curated` computes them."""
    tp = {f"tpc_{i}": (100.0 * pl.col(f"tp_{i}_actual") / pl.col(f"tp_{i}_budget")).round(2)
          for i in TP_ITEMS}
    units = model.units.with_columns(**percentages(), **tp).with_columns(
        doc_id=doc_ids(model.seed, pl.col("u")))
    n = units.height
    func = model.func.join(units.select("u", "expenditure"), on="u", how="left").with_columns(
        share=(100.0 * pl.col("actual") / pl.col("expenditure")).round(2),
        completion=(100.0 * pl.col("actual") / pl.col("budget")).round(2))
    econ = model.econ.sort("u", "category", "pos", maintain_order=True)
    evals = model.evals.sort("u", "slot")
    inds = model.inds.sort("e", "i")  # by evaluation
    return (units.to_dict(as_series=False), _Columns.of(func, n), _Columns.of(econ, n),
            _Columns.of(evals, n), _Columns.of(inds, model.evals.height, "e"))


# --- one unit -------------------------------------------------------------------------------
class _Unit:
    """Renders the blocks of unit k; `lines` grows block by block."""

    def __init__(self, U: dict, func: _Columns, econ: _Columns, evals: _Columns,
                 inds: _Columns, k: int) -> None:
        self.k = k
        self.u = {name: col[k] for name, col in U.items()}
        self.func, self.econ, self.evals, self.inds = func, econ, evals, inds
        self.layout = self.u["layout"]
        self.wrap = self.layout > 0
        self.year = self.u["fiscal_year"]
        self.name = self.u["unit_name"]
        self.lines: list[str] = []
        self.page = 0
        self.pending = 0  # lines of the evaluations rendered but not yet emitted

    # helpers ------------------------------------------------------------------------------
    def a(self, cents: int) -> str:
        """An amount in a sentence: spaced and with separators in the wrapped layouts."""
        return f" {amount(cents, True)} " if self.wrap else amount(cents)

    def n(self, value: object) -> str:
        """A count or percentage in a sentence (spaced in the wrapped layouts)."""
        return f" {value} " if self.wrap else str(value)

    def c(self, cents: int | None) -> str:
        return cell(cents, self.wrap)

    def emit(self, block: str, rows: list[str]) -> None:
        """Append a block, checking that it starts and ends where the line model says."""
        start = self.u[f"at_{block}"]
        if len(self.lines) + 1 != start:
            raise RenderError(f"{self.u['doc_id']}: block {block} starts at line "
                              f"{len(self.lines) + 1}, the model says {start}")
        k = L.BLOCKS.index(block)
        end = self.u[f"at_{L.BLOCKS[k + 1]}"] if k + 1 < len(L.BLOCKS) else self.u["n_lines"] + 1
        if len(rows) != end - start:
            raise RenderError(f"{self.u['doc_id']}: block {block} has {len(rows)} lines, "
                              f"the model says {end - start}")
        self.lines.extend(rows)

    def page_end(self, rows: list[str]) -> list[str]:
        """Wrapped layouts: a page marker and a blank line after each table."""
        if self.wrap:
            self.page += 1
            rows += [f"- {self.page} -", ""]
        return rows

    def check(self, block: str, rows: list[str], height: int) -> list[str]:
        if len(rows) != height:
            raise RenderError(f"{self.u['doc_id']}: block {block} has {len(rows)} lines, "
                              f"the model says {height}")
        return rows

    def unit_row(self) -> str:
        return f"编制单位：{self.name}\t\t\t\t\t金额单位：万元"

    # the document -------------------------------------------------------------------------
    def render(self) -> str:
        self.emit("cover", self.cover())
        for block in ("t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09"):
            self.emit(block, getattr(self, block)())
        if not self.wrap:
            self.emit("t10", self.t10())
        self.emit("part3", [f"第三部分 {self.year}年度部门决算情况说明", ""])
        for block in ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"):
            self.emit(block, getattr(self, block)())
        self.emit("dept", self.dept())
        self.emit("projects", self.projects())
        self.emit("gloss", self.gloss())
        if len(self.lines) != self.u["n_lines"]:
            raise RenderError(f"{self.u['doc_id']}: {len(self.lines)} lines, the model says "
                              f"{self.u['n_lines']}")
        return "\n".join(self.lines) + "\n"

    def cover(self) -> list[str]:
        u, w = self.u, self.wrap
        kind = "部门" if u["scope"] == "department" else "单位"
        rows = {0: self.name, 1: f"{self.year}年度{kind}决算", 3: "第一部分 部门概况",
                5: "一、主要职能",
                6: "贯彻执行人力资源和社会保障工作的法律法规和方针政策，承担本级相关公共服务。",
                8: "二、机构设置及人员情况"}
        staff = (f"本单位编制{self.n(u['staff_authorized'])}人，实有人员"
                 f"{self.n(u['staff_actual'])}人，离退休人员{self.n(u['staff_retired'])}人。")
        units_line = f"纳入本年度部门决算编制范围的单位共{self.n(u['budget_units'])}个。"
        if w:  # the sentence broken inside 实有人员
            cut = staff.index("实有人") + 3
            rows.update({9: staff[:cut], 11: staff[cut:], 13: "三、决算单位构成", 15: units_line,
                         17: f"第二部分 {self.year}年度部门决算表"})
        else:
            rows.update({9: staff, 11: "三、决算单位构成", 13: units_line,
                         15: f"第二部分 {self.year}年度部门决算表"})
        return _place(17 + 2 * w, rows)

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
        rows = _place(27, {
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
        return _place(self.heights()[block], rows)

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
        return _place(self.heights()["s2"], {0: "二、收入决算情况说明", **rows})

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
        return _place(self.heights()["s3"], {0: "三、支出决算情况说明", **rows})

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
        return _place(self.heights()["s5"], rows)

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
        return _place(self.heights()["s6"], {0: title, **rows})

    def s7(self) -> list[str]:
        return _place(4, {0: "七、政府性基金预算财政拨款收入支出决算情况说明",
                          2: "本单位本年度无政府性基金预算财政拨款收入、支出及结转结余，公开07表为空表。"})

    def s8(self) -> list[str]:
        return _place(4, {0: "八、国有资本经营预算财政拨款支出决算情况说明",
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
        return _place(self.heights()["s9"], rows)

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
        return _place(L.S10_HEAD, {
            0: "十、其他重要事项的情况说明", 2: "（一）机关运行经费支出情况", L.S10_AGENCY: agency,
            6: "（二）政府采购支出情况", L.S10_PROCUREMENT: procurement,
            10: "（三）国有资产占用情况", L.S10_VEHICLES: vehicles, 14: "（四）预算绩效管理情况",
            16: "本单位组织对部门整体支出和项目支出开展了绩效自评，自评结果如下。"})

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
            return _place(6, {
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
            return _place(4, {0: f"{head}全年预算数{n(a)}万元，",
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

    def gloss(self) -> list[str]:
        return ["第四部分 名词解释", "", "1.财政拨款收入：指本级财政当年拨付的资金。", "",
                "2.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。", ""]


def grade_of(score10: int) -> str:
    """The grade of a score (in tenths), by the thresholds `measures.grade_of` applies."""
    s = score10 / 10.0
    return next((g for threshold, g in GRADE_THRESHOLDS if s >= threshold), GRADE_BELOW)


# --- entry point ------------------------------------------------------------------------------
def render(model: Model, out: Path) -> list[Path]:
    """Write one `<doc_id>.txt` per unit and `manifest.csv` under `out`; returns the texts."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    U, func, econ, evals, inds = _prepare(model)
    paths, manifest = [], []
    for k in range(len(U["u"])):
        unit = _Unit(U, func, econ, evals, inds, k)
        text = unit.render()
        doc_id = U["doc_id"][k]
        path = out / f"{doc_id}.txt"
        atomic_write_text(path, text)
        paths.append(path)
        manifest.append({"source_file": path.name, "doc_id": doc_id,
                         "province": U["province"][k], "prefecture": U["prefecture"][k],
                         "county": U["county"][k], "admin_level": U["admin_level"][k],
                         "scope": U["scope"][k],
                         "note": f"synthetic (juesuan synth, seed {model.seed}): {U['unit_name'][k]}"})
    def write_manifest(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=MANIFEST_FIELDS)
            writer.writeheader()
            writer.writerows(manifest)

    atomic_write(out / "manifest.csv", write_manifest)  # last: the manifest names the texts
    return paths

