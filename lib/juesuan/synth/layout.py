"""Where each part of a synthetic disclosure is printed: the line model shared by the table
generator (which records every value's `src_line` without rendering any text) and the text
renderer (which checks that each block it prints has exactly the height modelled here).

A document is a fixed sequence of blocks; a block's height depends only on the layout and a
few counts (functional lines, classes, projects, indicators), so line numbers are cumulative
sums computed for all units at once.

Layouts (unit k uses layout k mod 3, so any three consecutive units cover all of them):

* 0 `plain`   — one sentence per line, 公开10表 printed, 公开09表 with 会议费/培训费 columns,
  class-level narrative, performance
  tables printed one cell per line (no tabs: each indicator on one value line, each 一级
  label with its points on a line of its own above its group) (fenyang-like text, qianyang-
  like tables);
* 1 `wrapped` — sentences broken over lines with blank lines between (PDF wrapping), spaces
  around numbers, thousands separators, page markers, headers split over lines, item-level
  narrative naming 类/款/项, tab-separated performance tables with the grade in the 总分 row
  (qianyang-like text, xianyang-like tables);
* 2 `coded`   — as `wrapped`, but the narrative names lines by code, `（208）…（01）…（01）`.
"""

from __future__ import annotations

import numpy as np

LAYOUTS = ("plain", "wrapped", "coded")
BLOCKS = ("cover", "t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09", "t10", "part3",
          "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "dept", "projects",
          "gloss")

# Offsets inside blocks that do not depend on the layout.
T_FIRST_ROW = 13  # 公开01–05表: first data row (合计 / 一、…) after title, preamble and header
T01_CURRENT, T01_CARRY, T01_TOTAL = 39, 41, 43
T04_CURRENT, T04_CARRY, T04_TOTAL = 39, 40, 44
T06_FIRST_ROW = 12
T09_BUDGET, T09_ACTUAL = 14, 15
T10_PROCUREMENT, T10_VEHICLES = 12, 21
S10_AGENCY, S10_PROCUREMENT, S10_VEHICLES, S10_HEAD = 4, 8, 12, 18
DEPT_TABLE_HEAD = 15  # title … 总分 row and a blank line: 15 + indicators
DEPT_FUNDS_ROW, DEPT_FIRST_INDICATOR = 9, 13
PROJECT_TABLE_HEAD = 16
PROJECT_FUNDS_ROW, PROJECT_FIRST_INDICATOR = 7, 14
# The plain layout's one-cell-per-line tables print each 一级 label (产出/效益/满意度) on a line
# of its own: three more lines per table, the group's label line just above its first row.
LEVEL1_GROUPS = 3


def label_lines(layout) -> np.ndarray:
    """Extra lines of a performance table: the 一级 label lines of the plain layout."""
    return np.where(wrapped(layout), 0, LEVEL1_GROUPS)


def wrapped(layout: np.ndarray | int) -> np.ndarray:
    return np.asarray(layout) > 0


def narrative_heights(layout, n_cls, n_item) -> dict[str, np.ndarray]:
    w = wrapped(layout).astype(np.int64)
    return {
        "s1": 4 + 4 * w, "s2": 6 + 2 * w, "s3": 8 + 2 * w, "s4": 4 + 4 * w,
        "s5": np.where(w == 1, 10 + 6 * np.asarray(n_item), 14 + 4 * np.asarray(n_cls)),
        "s6": 8 + 4 * w, "s7": np.full_like(w, 4), "s8": np.full_like(w, 4), "s9": 30 + 2 * w,
    }


def dept_summary_height(layout) -> np.ndarray:
    return np.where(wrapped(layout), 6, 2)


def project_summary_height(layout) -> np.ndarray:
    return np.where(wrapped(layout), 4, 2)


def heights(layout, n_func, r2, econ_rows, n_cls, n_item, has_dept, n_dept_ind, n_proj,
            n_proj_ind) -> dict[str, np.ndarray]:
    """Height of every block per unit (arrays broadcast over units)."""
    layout = np.asarray(layout)
    w = wrapped(layout).astype(np.int64)
    page = 2 * w  # wrapped layouts end each 公开 table with a page marker and a blank line
    out = {
        "cover": 17 + 2 * w,
        "t01": 47 + page, "t02": 17 + np.asarray(r2) + page, "t03": 17 + np.asarray(n_func) + page,
        "t04": 48 + page, "t05": 17 + np.asarray(n_func) + page,
        "t06": 16 + np.asarray(econ_rows) + page,
        "t07": 19 + page, "t08": 19 + page, "t09": 19 + page,
        "t10": np.where(w == 1, 0, 27), "part3": np.full_like(w, 2),
    }
    out.update(narrative_heights(layout, n_cls, n_item))
    out["s10"] = np.full_like(w, S10_HEAD)
    extra = label_lines(layout)
    out["dept"] = np.where(np.asarray(has_dept), dept_summary_height(layout) + DEPT_TABLE_HEAD
                           + extra + np.asarray(n_dept_ind), 0)
    out["projects"] = (np.asarray(n_proj) * (project_summary_height(layout) + PROJECT_TABLE_HEAD
                                             + extra) + np.asarray(n_proj_ind))
    out["gloss"] = np.full_like(w, 6)
    return {b: np.broadcast_to(out[b], w.shape).astype(np.int64) for b in BLOCKS}


def starts(block_heights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """1-based first line of every block."""
    line = np.ones_like(block_heights["cover"])
    out = {}
    for b in BLOCKS:
        out[b] = line.copy()
        line = line + block_heights[b]
    out["end"] = line
    return out


# --- offsets of values inside the narrative blocks, by layout (plain, wrapped) -------------
def pick(layout, plain, wrapped_):
    return np.where(wrapped(layout), wrapped_, plain)


def cover_offsets(layout) -> dict[str, np.ndarray]:
    return {"staff_authorized": pick(layout, 9, 9), "staff_actual": pick(layout, 9, 11),
            "staff_retired": pick(layout, 9, 11), "budget_units": pick(layout, 13, 15)}
