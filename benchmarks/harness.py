"""Timing, the printed table and the JSON results, shared by the sections."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from juesuan.io import atomic_write

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LATEST = "latest.json"


@dataclass
class Timing:
    """Wall-clock seconds of repeated runs; the benchmarks report the median, min and max."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    def json(self) -> dict[str, Any]:
        return {"median_s": self.median, "min_s": self.min, "max_s": self.max,
                "runs": len(self.samples), "samples_s": self.samples}


def timed(fn: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None) -> Timing:
    """Run fn `repeat` times (calling `before` untimed ahead of each run)."""
    timing = Timing()
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        timing.samples.append(time.perf_counter() - started)
    return timing


def peak_rss_mb() -> float:
    """Peak resident set of this process in MB. Unlike tracemalloc it sees every allocation,
    polars' Rust ones included. On Linux it is VmHWM (the high-water mark of this process'
    own memory): ru_maxrss survives fork and exec, so a worker started by a parent that had
    just generated a 100,000-unit corpus would report the parent's peak as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


@dataclass
class Row:
    """One line of the printed table."""

    section: str
    case: str
    timing: Timing | None = None
    result: str = ""
    target: str = ""

    def json(self) -> dict[str, Any]:
        return {"section": self.section, "case": self.case,
                "timing": self.timing.json() if self.timing else None,
                "result": self.result, "target": self.target}


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def format_table(rows: list[Row]) -> str:
    """The rows as one fixed-width table (seconds: median, min, max of the runs)."""
    header = ("section", "case", "median s", "min s", "max s", "result", "target")
    cells = [header] + [(r.section, r.case, seconds(r.timing.median if r.timing else None),
                         seconds(r.timing.min if r.timing else None),
                         seconds(r.timing.max if r.timing else None), r.result, r.target)
                        for r in rows]
    widths = [max(_width(c[i]) for c in cells) for i in range(len(header))]
    right = {2, 3, 4}

    def line(c: tuple[str, ...]) -> str:
        return "  ".join(_pad(v, widths[i], i in right) for i, v in enumerate(c)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(c) for c in cells[1:])])


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def machine() -> dict[str, Any]:
    import pandas
    import polars

    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "polars": polars.__version__,
            "pandas": pandas.__version__}


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_results(data: dict[str, Any], results_dir: Path = RESULTS_DIR,
                  stamp: str | None = None) -> Path:
    """results/<UTC timestamp>.json and results/latest.json, each written atomically."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    target = results_dir / f"{stamp or utc_stamp()}.json"
    for path in (target, results_dir / LATEST):
        atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    return target
