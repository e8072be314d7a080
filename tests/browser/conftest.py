"""Fixtures for the browser tests: one headless Chromium per session, and a self-made report
folder (Altair charts with Chinese text rendered to offline HTML) that exercises the harness
independently of the project's own build."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.harness import INSTALL_HINT, Browser, missing_prerequisites, serve

SAMPLE_DOC = "sample-unit-2024"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    missing = missing_prerequisites()
    if missing:  # a failure, not a skip: CI must run these tests
        pytest.fail(f"browser tests cannot run, missing {', '.join(missing)}; {INSTALL_HINT}")
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield b
    finally:
        b.quit()


@pytest.fixture
def fresh(browser: Browser) -> Browser:
    """The session's browser on about:blank with its logs emptied."""
    browser.reset()
    return browser


def _charts():
    import altair as alt
    import polars as pl

    spending = pl.DataFrame({
        "类别": ["基本支出", "项目支出", "基本支出", "项目支出"],
        "年度": ["2023年", "2023年", "2024年", "2024年"],
        "金额（万元）": [812.4, 356.1, 845.9, 298.7],
    })
    bars = alt.Chart(spending, title="支出决算构成").mark_bar().encode(
        x=alt.X("年度:N", title="年度"),
        y=alt.Y("金额（万元）:Q", title="金额（万元）"),
        color=alt.Color("类别:N", title="支出类别"),
        tooltip=["类别", "年度", "金额（万元）"],
    ).properties(width=320, height=220)
    execution = pl.DataFrame({
        "项目": ["一般公共预算", "政府性基金", "国有资本经营"],
        "执行率": [0.97, 0.82, 0.64],
    })
    rate = alt.Chart(execution, title="预算执行率").mark_bar().encode(
        x=alt.X("执行率:Q", title="执行率", axis=alt.Axis(format="%")),
        y=alt.Y("项目:N", title="预算类别"),
        tooltip=["项目", alt.Tooltip("执行率:Q", format=".0%")],
    ).properties(width=320, height=120)
    return bars, rate


def _page(title: str, body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n{head}</head>\n<body>\n{body}\n</body>\n"
            "</html>\n")


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report folder shaped like the build's: index.html linking <doc_id>/unit_report.html.

    The unit report carries two charts in one page from the vl-convert bundle (inlined, so
    it works offline), one drawn as SVG and one on a canvas; altair_page.html is Altair's own
    `chart.save(..., inline=True)`. controls/ holds pages that must fail the assertions.
    """
    import vl_convert as vlc

    root = tmp_path_factory.mktemp("sample-reports")
    bars, rate = _charts()
    bundle = vlc.javascript_bundle().replace("</script", "<\\/script")
    inline_bundle = f"<script>\n{bundle}\n</script>\n"

    unit = root / SAMPLE_DOC
    unit.mkdir()
    specs = [("bars", bars.to_dict(), "svg"), ("rate", rate.to_dict(), "canvas")]
    divs = "\n".join(f'<div id="{name}" class="chart"></div>' for name, _, _ in specs)
    calls = "\n".join(
        f"vegaEmbed('#{name}', {json.dumps(spec, ensure_ascii=False)}, "
        f"{{renderer: '{renderer}', actions: false}}).catch(console.error);"
        for name, spec, renderer in specs)
    (unit / "unit_report.html").write_text(_page(
        "样例单位 2024 年度部门决算报告",
        f"<h1>样例单位 2024 年度部门决算报告</h1>\n<p>收支总体情况与预算执行。</p>\n"
        f'<p><a href="../index.html">返回目录</a></p>\n{divs}\n<script>\n{calls}\n</script>',
        head=inline_bundle), encoding="utf-8")
    bars.save(str(unit / "altair_page.html"), inline=True)

    (root / "index.html").write_text(_page(
        "决算报告目录",
        "<h1>决算报告目录</h1>\n<ul>\n"
        f'<li><a href="{SAMPLE_DOC}/unit_report.html">样例单位 2024 年度部门决算</a></li>\n'
        "</ul>"), encoding="utf-8")

    controls = root / "controls"
    controls.mkdir()
    # An Altair page as it is by default (not inline): vega comes from a CDN.
    (controls / "external_script.html").write_text(_page(
        "外部脚本",
        '<h1>外部脚本</h1>\n<div id="vis"></div>',
        head='<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>\n'),
        encoding="utf-8")
    (controls / "js_error.html").write_text(_page(
        "脚本错误",
        "<h1>脚本错误</h1>\n<script>\nwindow.reportData.totals.forEach(console.log);\n"
        "</script>"), encoding="utf-8")
    # Two charts, the second of which vega-lite cannot compile.
    (controls / "broken_chart.html").write_text(_page(
        "图表错误",
        '<h1>图表错误</h1>\n<div id="good"></div>\n<div id="broken"></div>\n<script>\n'
        f"vegaEmbed('#good', {json.dumps(rate.to_dict(), ensure_ascii=False)})"
        ".catch(console.error);\n"
        "vegaEmbed('#broken', {mark: 'no-such-mark', data: {values: [{a: 1}]}})"
        ".catch(console.error);\n</script>",
        head=inline_bundle), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def sample_site(sample_reports: Path) -> Iterator[str]:
    """Base URL of `sample_reports` served on the loopback."""
    with serve(sample_reports) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reports/ as `juesuan build` writes it, in a copy of the project's data (JUESUAN_ROOT),
    so the work tree's reports/ is left alone."""
    project = tmp_path_factory.mktemp("project")
    for name in ("data", "notebooks"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name)
    (project / "reports").mkdir()
    env = {**os.environ, "JUESUAN_ROOT": str(project)}
    run = subprocess.run([sys.executable, "-m", "juesuan.cli", "build"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, \
        f"juesuan build failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    reports = project / "reports"
    assert (reports / "index.html").is_file(), \
        f"juesuan build wrote no reports/index.html; reports/ has {sorted(reports.rglob('*'))}"
    return reports
