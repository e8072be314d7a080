"""The browser harness on a self-made report folder (conftest.sample_reports): the checks
pass on a good offline report, and each of them fails on a page made to break it."""

from __future__ import annotations

import subprocess

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import SAMPLE_DOC
from tests.browser.harness import (
    assert_chart_labels_chinese,
    assert_charts_rendered,
    assert_no_console_errors,
    assert_no_offsite_requests,
    offsite_requests,
    walk_reports,
)


def test_a_cjk_font_is_installed():
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0 and out.stdout.strip(), "no CJK font: apt-get install fonts-noto-cjk"


@pytest.mark.parametrize(("url", "offsite"), [
    ("http://127.0.0.1:8123/index.html", False),
    ("http://127.0.0.1:8123/a/unit_report.html?x=1", False),
    ("data:image/png;base64,AAAA", False),
    ("blob:http://127.0.0.1:8123/0b6c", False),
    ("about:blank", False),
    ("http://127.0.0.1:8124/index.html", True),  # another local port is not the report server
    ("http://127.0.0.1:81234/index.html", True),
    ("http://localhost:8123/index.html", True),
    ("https://cdn.jsdelivr.net/npm/vega@6", True),
    ("ws://example.org/socket", True),
])
def test_offsite_requests_classifies_urls(url, offsite):
    assert offsite_requests([url], "http://127.0.0.1:8123") == ([url] if offsite else [])


def test_sample_report_renders_offline_from_the_index(fresh, sample_site, tmp_path):
    seen = walk_reports(fresh, sample_site)  # the same walk as on the built reports
    unit_url = f"{sample_site}/{SAMPLE_DOC}/unit_report.html"
    assert seen["units"] == [unit_url]
    assert fresh.driver.current_url == unit_url  # reached by clicking the index's link
    states = seen["pages"][unit_url]
    assert sorted(s["renderer"] for s in states) == ["canvas", "svg"]
    texts = {t for s in states for t in s["texts"]}  # the canvas chart's read via its View
    assert {"支出决算构成", "预算执行率", "支出类别", "基本支出", "一般公共预算"} <= texts

    # The tooltip (vega-tooltip, inside the bundle) shows the Chinese field names on hover.
    bar = fresh.driver.find_element(By.CSS_SELECTOR, "#bars svg.marks .mark-rect path")
    ActionChains(fresh.driver).move_to_element(bar).perform()
    tooltip = WebDriverWait(fresh.driver, 5).until(
        EC.visibility_of_element_located((By.ID, "vg-tooltip-element")))
    assert "金额（万元）" in tooltip.text and "类别" in tooltip.text

    shot = fresh.screenshot(tmp_path / "unit_report.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    record = fresh.collect()
    assert [u for u in record.requests if u.endswith(".html")] == [
        f"{sample_site}/index.html", unit_url]
    assert_no_offsite_requests(record, sample_site)
    assert_no_console_errors(record)


def test_altairs_inline_html_renders_offline(fresh, sample_site):
    fresh.open(f"{sample_site}/{SAMPLE_DOC}/altair_page.html")
    states = fresh.wait_for_charts()
    assert_charts_rendered(states)
    assert_chart_labels_chinese(states)
    record = fresh.collect()
    assert_no_offsite_requests(record, sample_site)
    assert_no_console_errors(record)


def test_control_external_script_fails_the_offline_check(fresh, sample_site):
    fresh.open(f"{sample_site}/controls/external_script.html")
    record = fresh.collect()
    assert "https://cdn.jsdelivr.net/npm/vega@6" in offsite_requests(record.requests, sample_site)
    with pytest.raises(AssertionError, match=r"requests left the machine.*cdn\.jsdelivr\.net"):
        assert_no_offsite_requests(record, sample_site)


def test_control_js_error_fails_the_console_check(fresh, sample_site):
    fresh.open(f"{sample_site}/controls/js_error.html")
    record = fresh.collect()
    assert_no_offsite_requests(record, sample_site)  # only the console check is to fail
    with pytest.raises(AssertionError, match=r"console errors:.*Uncaught TypeError.*totals"):
        assert_no_console_errors(record)


def test_control_broken_chart_fails_the_render_check(fresh, sample_site):
    fresh.open(f"{sample_site}/controls/broken_chart.html")
    states = fresh.wait_for_charts(minimum=2, timeout=1.5)
    assert [(s["id"], s["renderer"]) for s in states] == [("good", "svg"), ("broken", None)]
    with pytest.raises(AssertionError, match=r"not rendered.*'broken'"):
        assert_charts_rendered(states)
    with pytest.raises(AssertionError, match="console errors"):
        assert_no_console_errors(fresh.collect())
