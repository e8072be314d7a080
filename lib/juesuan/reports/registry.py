"""The registry of reports: each notebook, the parameters papermill passes it and where its
report goes; a report is one run of a notebook. Everything else iterates `NOTEBOOKS`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

KERNEL_NAME = "python3"
DOC_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
STATE_FILE = "build-state.json"
STATE_FORMAT = 1
INDEX_FILE = "index.html"
CELL_TIMEOUT = 1800  # seconds one cell may run before its report fails
PARAMETERS = ("doc_id", "doc_ids")  # what the registry can pass; values come from the data


class BuildError(ValueError):
    """The build was refused before any kernel started (bad doc_id, missing tables, ...)."""


@dataclass(frozen=True)
class Notebook:
    """A notebook of the registry. `parameters` names what papermill passes it: `doc_id` makes
    one report per document (that depends on that document's rows only), `doc_ids` passes every
    document. `output` is relative to reports/ and may contain `{doc_id}`."""

    name: str
    path: str  # relative to the notebooks folder
    title: str  # Chinese; the index and the page title show it
    parameters: tuple[str, ...]
    output: str
    description: str = ""  # Chinese; one sentence in the index: what the reader finds in it

    @property
    def per_document(self) -> bool:
        return "doc_id" in self.parameters


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("unit_report", "unit_report.ipynb", "单位决算报告", ("doc_id",),
             "{doc_id}/unit_report.html",
             "一份决算的摘要、主要发现、问题与建议，收支、预算执行、“三公”经费、绩效和数据质量，"
             "每个数字注明原文行号。"),
    Notebook("compare_units", "compare_units.ipynb", "单位比较", ("doc_ids",),
             "compare_units.html",
             "各单位按比例、人均数和得分并排比较；有争议的数字标出。"),
    Notebook("performance_scores", "performance_scores.ipynb", "绩效评价得分", (),
             "performance_scores.html",
             "全部绩效自评：得分分布、等级、执行率与得分的关系、指标的区分度。"),
    Notebook("data_quality", "data_quality.ipynb", "数据质量", (), "data_quality.html",
             "一致性审核的全部发现（附原文行号）与对照全国统一格式的公开完整性。"),
)


@dataclass(frozen=True, eq=False)
class Report:
    """One run of a notebook with one parameter set; `output` (relative to reports/) is its key."""

    notebook: Notebook
    output: str
    parameters: dict[str, Any]
    doc_id: str | None = None

    @property
    def title(self) -> str:
        return f"{self.notebook.title}（{self.doc_id}）" if self.doc_id else self.notebook.title

