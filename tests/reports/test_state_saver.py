"""The build saves its state file at most once a second while reports finish, and always at
the end: a cold build of many reports does not rewrite a growing file after each one."""

from __future__ import annotations

import json

from juesuan import reports
from juesuan.reports.build import _StateSaver


def _saved(reports_dir) -> dict:
    data = json.loads((reports_dir / reports.STATE_FILE).read_text(encoding="utf-8"))
    return data["reports"]


def test_reports_finished_within_the_interval_are_saved_together(tmp_path):
    state: dict[str, dict] = {}
    saver = _StateSaver(tmp_path, state, interval=3600)
    for name in ("a.html", "b.html", "c.html"):
        state[name] = {"status": "ok"}
        saver.changed()
    assert not (tmp_path / reports.STATE_FILE).exists()
    saver.flush()
    assert sorted(_saved(tmp_path)) == ["a.html", "b.html", "c.html"]


def test_a_report_finished_after_the_interval_is_saved_at_once(tmp_path):
    state: dict[str, dict] = {}
    saver = _StateSaver(tmp_path, state, interval=0)
    state["a.html"] = {"status": "ok"}
    saver.changed()
    assert list(_saved(tmp_path)) == ["a.html"]
    (tmp_path / reports.STATE_FILE).unlink()
    saver.flush()  # nothing new: nothing written
    assert not (tmp_path / reports.STATE_FILE).exists()
