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

`_Unit` prints one text top to bottom; its blocks are written by mixins, one module each:
`render_tables` (公开01–10表), `render_narrative` (情况说明, glossary), `render_performance`
(self-evaluations); `printing` formats numbers as the texts print them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from juesuan.ingest.document import MANIFEST_COLUMNS
from juesuan.io import atomic_write, atomic_write_text
from juesuan.synth import layout as L
from juesuan.synth.curated import doc_ids, percentages
from juesuan.synth.model import Model
from juesuan.synth.printing import RenderError, amount, cell, place
from juesuan.synth.render_narrative import NarrativeMixin
from juesuan.synth.render_performance import PerformanceMixin
from juesuan.synth.render_tables import TablesMixin

__all__ = ["RenderError", "render"]

MANIFEST_FIELDS = (*MANIFEST_COLUMNS, "note")



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


# Units rendered from one set of plain lists (a few hundred MB of Python objects at most).
RENDER_CHUNK = 2_000

TP_ITEMS = ("overseas_travel", "vehicle_purchase", "vehicle_operation", "official_reception",
            "meeting", "training", "total")


def _prepare(model: Model) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame,
                                    pl.DataFrame]:
    """The percentages the text states, computed exactly as `synth.curated` computes them."""
    tp = {f"tpc_{i}": (100.0 * pl.col(f"tp_{i}_actual") / pl.col(f"tp_{i}_budget")).round(2)
          for i in TP_ITEMS}
    units = model.units.with_columns(**percentages(), **tp).with_columns(
        doc_id=doc_ids(model.seed, pl.col("u") + model.first))
    func = model.func.join(units.select("u", "expenditure"), on="u", how="left").with_columns(
        share=(100.0 * pl.col("actual") / pl.col("expenditure")).round(2),
        completion=(100.0 * pl.col("actual") / pl.col("budget")).round(2))
    econ = model.econ.sort("u", "category", "pos", maintain_order=True)
    evals = model.evals.sort("u", "slot")
    inds = model.inds.sort("e", "i")  # by evaluation
    return units, func, econ, evals, inds


def _chunk(frames: tuple[pl.DataFrame, ...], start: int,
           end: int) -> tuple[dict[str, list], _Columns, _Columns, _Columns, _Columns]:
    """Units [start, end) as plain lists, numbered from 0 (and their evaluations too): the
    lists of a whole 100,000-unit model would take tens of GB."""
    units, func, econ, evals, inds = frames

    def of_units(df: pl.DataFrame) -> pl.DataFrame:
        return df.filter(pl.col("u").is_between(start, end - 1)).with_columns(
            pl.col("u") - start)

    evals = of_units(evals)
    first_e = int(evals["e"].min()) if evals.height else 0
    inds = inds.filter(pl.col("e").is_between(first_e, first_e + evals.height - 1))
    if evals.height and (evals["e"] - first_e).sort().to_list() != list(range(evals.height)):
        raise RenderError(f"the evaluations of units {start}-{end - 1} are not numbered "
                          "consecutively")
    n = end - start
    return (units.slice(start, n).with_columns(pl.col("u") - start).to_dict(as_series=False),
            _Columns.of(of_units(func), n), _Columns.of(of_units(econ), n),
            _Columns.of(evals.with_columns(pl.col("e") - first_e), n),
            _Columns.of(inds.with_columns(pl.col("e") - first_e), evals.height, "e"))


# --- one unit -------------------------------------------------------------------------------
class _Unit(TablesMixin, NarrativeMixin, PerformanceMixin):
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
        return place(17 + 2 * w, rows)


# --- entry point ------------------------------------------------------------------------------
def render(model: Model, out: Path) -> list[Path]:
    """Write one `<doc_id>.txt` per unit and `manifest.csv` under `out`; returns the texts."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    frames = _prepare(model)
    paths, manifest = [], []
    for start in range(0, frames[0].height, RENDER_CHUNK):
        U, func, econ, evals, inds = _chunk(frames, start,
                                            min(start + RENDER_CHUNK, frames[0].height))
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
                             "scope": U["scope"][k], "note": f"synthetic (juesuan synth, seed "
                             f"{model.seed}): {U['unit_name'][k]}"})
    def write_manifest(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=MANIFEST_FIELDS)
            writer.writeheader()
            writer.writerows(manifest)

    atomic_write(out / "manifest.csv", write_manifest)  # last: the manifest names the texts
    return paths

