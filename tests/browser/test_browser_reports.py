"""The project's own reports in a real browser: `juesuan build` into a copy of the project,
then index.html -> a unit report (clicked), every linked unit report's charts rendered with
Chinese labels, no console error, and no request beyond the loopback server."""

from __future__ import annotations

from tests.browser.harness import (
    assert_no_console_errors,
    assert_no_offsite_requests,
    serve,
    walk_reports,
)


def test_built_reports_render_offline_in_chromium(fresh, built_reports):
    with serve(built_reports) as base_url:
        seen = walk_reports(fresh, base_url)
        record = fresh.collect()
    assert seen["pages"], "no unit report was checked"
    assert_no_offsite_requests(record, base_url)
    assert_no_console_errors(record)
