"""Types shared by the ingest parsers: what a parser returns and how it reports trouble."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """Something in a document that could not be read: which part, and where."""

    part: str
    message: str
    line: int | None = None
    severity: str = "warning"  # 'warning': part skipped/partial; 'error': document unusable

    def render(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: [{self.part}] {self.message}"


@dataclass
class Evaluation:
    """One performance evaluation as found in a document, before ids are assigned.

    `fields` holds perf_evaluations columns (all but doc_id and eval_id); each indicator
    dict holds perf_indicators columns (all but doc_id, eval_id and seq), in table order.
    """

    scope: str
    fields: dict = field(default_factory=dict)
    indicators: list[dict] = field(default_factory=list)

    @property
    def src_line(self) -> int:
        return self.fields["src_line"]
