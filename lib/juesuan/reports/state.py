"""The build's state (`reports/build-state.json`): the input hash every published report was
built from, so an unchanged report is skipped and one of a document no longer curated removed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from juesuan.io import atomic_write_text
from juesuan.reports.planning import Job
from juesuan.reports.registry import (
    STATE_FILE,
    STATE_FORMAT,
)


def load_state(reports_dir: Path) -> dict[str, dict]:
    """Per report output: its input hash and status at its last build ({} if none readable)."""
    try:
        data = json.loads((reports_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        return {}
    return data.get("reports", {})


def save_state(reports_dir: Path, state: dict[str, dict]) -> None:
    text = json.dumps({"format": STATE_FORMAT, "reports": state}, ensure_ascii=False,
                      indent=1, sort_keys=True) + "\n"
    atomic_write_text(reports_dir / STATE_FILE, text)


def is_current(entry: dict | None, job: Job, reports_dir: Path) -> bool:
    """Built successfully from the same inputs and still there. A failed report is retried."""
    return bool(entry and entry.get("status") == "ok" and entry.get("inputs") == job.inputs
                and os.path.isfile(os.path.join(reports_dir, job.report.output)))


def prune(reports_dir: Path, planned: list[Job], state: dict[str, dict]) -> list[str]:
    """Remove the reports the registry no longer describes (a document taken out of the
    corpus, a notebook dropped), so that reports/ holds only what the data supports."""
    wanted = {j.report.output for j in planned}
    removed = sorted(out for out in state if out not in wanted)
    for out in removed:
        html = reports_dir / out
        for path in (html, failed_path(html)):
            path.unlink(missing_ok=True)
        if html.parent != reports_dir and html.parent.is_dir() and not any(html.parent.iterdir()):
            html.parent.rmdir()
        del state[out]
    if removed:
        save_state(reports_dir, state)
    return removed


def failed_path(html: Path) -> Path:
    """Where the executed notebook of a failed report is kept: beside its HTML."""
    return html.with_suffix(".failed.ipynb")


def _remove_stale_temp_files(reports_dir: Path) -> None:
    """Temps that a killed build (SIGKILL mid-write) left behind: atomic_write's `.name.*.tmp`
    (os.walk: a tenth of rglob's time over the 10,000 folders of a large build)."""
    for folder, _dirs, names in os.walk(reports_dir):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(folder, name).unlink(missing_ok=True)


