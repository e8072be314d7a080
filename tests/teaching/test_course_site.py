"""The course site (`make course`): every lesson built into offline HTML with its code hidden,
opened in headless Chromium from the index — charts drawn, no console error, no request beyond
the loopback server, and no answer key on any page."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import cli
from tests.browser.conftest import browser, fresh  # noqa: F401  (the browser tests' fixtures)
from tests.browser.harness import (
    assert_chart_labels_chinese,
    assert_charts_rendered,
    assert_no_console_errors,
    assert_no_offsite_requests,
    serve,
)
from tests.conftest import ROOT

LESSONS = ["01_anatomy", "02_execution", "03_performance", "04_checking", "05_capstone"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("course")
    assert cli.main(["teaching", "site", "--out", str(out),
                     "--notebooks", str(ROOT / "notebooks" / "teaching")]) == 0
    return out


def test_every_lesson_is_built_with_its_code_hidden(site):
    assert sorted(p.stem for p in site.glob("*.html")) == sorted([*LESSONS, "index"])
    for name in LESSONS:
        page = (site / f"{name}.html").read_text("utf-8")
        assert "学习目标" in page and "In English" in page
        assert "catalog.load_all()" not in page  # the code cells are hidden
        assert "teaching.use_key" not in page and "answer_key" not in page
    index = (site / "index.html").read_text("utf-8")
    for name in LESSONS:
        assert f'href="{name}.html"' in index


def test_the_site_opens_offline_in_chromium(fresh, site):  # noqa: F811
    with serve(site) as base_url:
        fresh.open(f"{base_url}/index.html")
        links = [a.get_attribute("href") for a in
                 fresh.driver.find_elements("css selector", "#lessons a")]
        assert len(links) == len(LESSONS)
        fresh.driver.find_element("css selector", "#lessons a").click()
        assert "第1课" in fresh.driver.title or "第1课" in fresh.driver.page_source
        states = fresh.wait_for_charts(minimum=1)
        assert_charts_rendered(states, minimum=1)
        assert_chart_labels_chinese(states)
        for href in links[1:]:
            fresh.open(href)
            assert "课" in fresh.driver.page_source
        record = fresh.collect()
    assert_no_offsite_requests(record, base_url)
    assert_no_console_errors(record)
