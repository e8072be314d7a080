"""What a reader does with a built report, in real Chromium: reads the summary (unit name,
the caveat of a disputed figure), sorts a table, takes a table away as CSV, opens a cited
source line, hovers a chart point without seeing “null”; and the printed PDF of the richest
report keeps every column of its performance table. Offline throughout."""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from pathlib import Path

import pytest

from juesuan.present import label
from tests.browser.harness import assert_no_console_errors, assert_no_offsite_requests, serve

RICHEST = "xianyang-hrss-2023"  # 30 evaluations: the widest tables, the most pages
DISPUTED = "qianyang-hrss-2024"  # its initial budget: an audit error


def _open(browser, base_url: str, doc_id: str) -> None:
    browser.open(f"{base_url}/{doc_id}/unit_report.html")
    browser.wait_for_charts()


def _js(browser, script: str, *args):
    return browser.driver.execute_script(script, *args)


def test_summary_names_the_unit_and_a_disputed_figure_carries_its_caveat(fresh, built_reports):
    with serve(built_reports) as base_url:
        _open(fresh, base_url, DISPUTED)
        title = fresh.driver.title
        h1 = _js(fresh, "return document.querySelector('h1.juesuan-title').innerText")
        summary = _js(fresh, "return document.querySelector('.juesuan-summary').innerText")
        disputed = _js(fresh, "return Array.from(document.querySelectorAll("
                              "'.juesuan-summary li.disputed')).map(e => e.innerText)")
        toc = _js(fresh, "return document.querySelector('nav.juesuan-toc').innerText")
        record = fresh.collect()
    assert title == h1 == "千阳县人力资源和社会保障局2024年度部门决算分析报告"
    assert "摘要" in summary and "本年收入合计2,209.18万元" in summary
    completion = [d for d in disputed if "完成年初预算的24.32%" in d]
    assert completion, disputed
    assert "确定" in completion[0] and "第126行所述一般公共预算财政拨款支出年初预算9085.20万元" \
        in completion[0]
    assert "问题与建议" in toc and "摘要" in toc
    assert_no_offsite_requests(record, base_url)
    assert_no_console_errors(record)


def test_the_index_marks_disputed_completion_rates(fresh, built_reports):
    with serve(built_reports) as base_url:
        fresh.open(f"{base_url}/index.html")
        rows = _js(fresh, "return Object.fromEntries(Array.from(document.querySelectorAll("
                          "'tbody tr')).map(r => [r.id, r.innerText]))")
    assert "⚠" in rows[DISPUTED] and "审核发现（确定）" in rows[DISPUTED]
    assert "⚠" in rows["fenyang-social-insurance-2024"]
    assert "原文说明" in rows["fenyang-social-insurance-2024"]
    assert "⚠" not in rows["putuo-finance-2024"]


def _evaluations_table(browser):
    head = label("eval_id", "perf_evaluations")
    return _js(browser, "return Array.from(document.querySelectorAll('table.juesuan-table'))"
                        ".find(t => t.querySelector('th').innerText.startsWith(arguments[0]))",
               head)


def test_sorting_a_table_by_a_column(fresh, built_reports):
    score = label("score", "perf_evaluations", with_unit=True)
    with serve(built_reports) as base_url:
        _open(fresh, base_url, RICHEST)
        table = _evaluations_table(fresh)
        col = _js(fresh, "return Array.from(arguments[0].querySelectorAll('thead th'))"
                         ".findIndex(th => th.innerText.startsWith(arguments[1]))", table, score)
        assert col >= 0
        th = _js(fresh, "return arguments[0].querySelectorAll('thead th')[arguments[1]]", table, col)
        values = ("return Array.from(arguments[0].tBodies[0].rows).map(r => "
                  "r.children[arguments[1]].getAttribute('data-v'))"
                  ".filter(v => v !== null).map(Number)")
        th.click()
        ascending = _js(fresh, values, table, col)
        th.click()
        descending = _js(fresh, values, table, col)
    assert len(ascending) == 30
    assert ascending == sorted(ascending) and descending == sorted(ascending, reverse=True)
    assert ascending[0] < ascending[-1]


def test_filtering_by_text_and_the_csv_of_the_rows(fresh, built_reports):
    with serve(built_reports) as base_url:
        _open(fresh, base_url, RICHEST)
        table = _evaluations_table(fresh)
        box = _js(fresh, "return arguments[0].previousElementSibling.querySelector('.jt-filter')",
                  table)
        box.send_keys("就业")
        shown = _js(fresh, "return Array.from(arguments[0].tBodies[0].rows)"
                           ".filter(r => r.style.display !== 'none').length", table)
        text = _js(fresh, "return window.juesuan.csv(arguments[0])", table)
        xlsx = _js(fresh, "return Array.from(window.juesuan.xlsx(arguments[0]).slice(0, 4))", table)
        buttons = _js(fresh, "return Array.from(arguments[0].previousElementSibling"
                             ".querySelectorAll('button')).map(b => b.innerText)", table)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == label("eval_id", "perf_evaluations")
    assert 0 < len(rows) - 1 == shown < 30
    assert all("就业" in ",".join(r) for r in rows[1:])
    project = rows[0].index(label("project_name", "perf_evaluations"))
    assert any("就业" in r[project] for r in rows[1:])
    # numbers as numbers, not as formatted text
    budget = next(i for i, h in enumerate(rows[0]) if h.startswith(label("budget_full_year_wanyuan")))
    assert all("," not in r[budget] for r in rows[1:])
    assert xlsx == [0x50, 0x4B, 3, 4]  # a zip: the XLSX package
    assert buttons == ["下载 CSV", "下载 XLSX"]


def _xlsx_cells(data: bytes) -> list[list[object]]:
    """The first sheet of an XLSX package as rows of values (numbers as floats), read the way
    a spreadsheet program does: through the zip (CRCs checked) and the sheet's XML."""
    import zipfile
    from xml.etree import ElementTree

    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every member's CRC-32 is right
        types = z.read("[Content_Types].xml").decode("utf-8")
        assert "spreadsheetml.sheet.main+xml" in types
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind("s:sheetData/s:row", ns):
        cells: dict[int, object] = {}
        for c in row.iterfind("s:c", ns):
            col = 0
            for ch in re.match(r"[A-Z]+", c.get("r")).group():
                col = col * 26 + ord(ch) - 64
            if c.get("t") == "inlineStr":
                cells[col - 1] = "".join(t.text or "" for t in c.iterfind(".//s:t", ns))
            else:
                cells[col - 1] = float(c.find("s:v", ns).text)
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


def test_the_xlsx_holds_the_rows_and_numbers_of_the_table(fresh, built_reports):
    with serve(built_reports) as base_url:
        _open(fresh, base_url, RICHEST)
        table = _evaluations_table(fresh)
        data = bytes(_js(fresh, "return Array.from(window.juesuan.xlsx(arguments[0]))", table))
        text = _js(fresh, "return window.juesuan.csv(arguments[0])", table)
    sheet = _xlsx_cells(data)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(sheet) == len(rows) == 31  # the header and the 30 evaluations of 咸阳
    assert sheet[0] == rows[0]
    score = rows[0].index(label("score", "perf_evaluations", with_unit=True))
    scores = [r[score] for r in sheet[1:]]
    assert all(isinstance(v, float) for v in scores)  # numbers a spreadsheet can sum
    for got, want in zip(sheet[1:], rows[1:], strict=True):
        got = got + [""] * (len(want) - len(got))  # a sheet row stops at its last value
        assert [float(w) if isinstance(g, float) else w for g, w in zip(got, want, strict=True)] \
            == got


def test_a_source_line_link_shows_the_cited_text(fresh, built_reports):
    with serve(built_reports) as base_url:
        _open(fresh, base_url, DISPUTED)
        link = _js(fresh, "return Array.from(document.querySelectorAll('.juesuan-summary "
                          "li.disputed')).find(li => li.innerText.includes('完成年初预算'))"
                          ".querySelector('a.jsrc')")
        line = int(link.get_attribute("data-line"))
        link.click()
        quote = _js(fresh, "return document.getElementById('juesuan-quote')")
        assert quote.is_displayed()
        head = _js(fresh, "return arguments[0].querySelector('.head').innerText", quote)
        cited = _js(fresh, "return arguments[0].querySelector('.q.hl').innerText", quote)
        neighbours = _js(fresh, "return arguments[0].querySelectorAll('.q').length", quote)
    source = (built_reports.parent / "data" / "raw").glob("000_*.txt")
    lines = next(source).read_text(encoding="utf-8").splitlines()
    assert line == 126 and f"第{line}行" in head
    assert lines[line - 1].strip() in cited and "9085.20" in cited
    assert neighbours == 7


def test_pdf_documents_cite_page_and_line(fresh, built_reports):
    with serve(built_reports) as base_url:
        _open(fresh, base_url, "putuo-finance-2024")
        cites = _js(fresh, "return Array.from(document.querySelectorAll("
                           "'.juesuan-summary a.jsrc')).map(a => a.innerText)")
        first = _js(fresh, "return document.querySelector('.juesuan-summary a.jsrc')")
        first.click()
        head = _js(fresh, "return document.querySelector('#juesuan-quote .head').innerText")
    assert cites and all("页第" in c for c in cites)
    assert cites[0].split("第")[1].rstrip("页") in head


def test_chart_tooltips_show_a_dash_not_null(fresh, built_reports):
    from selenium.webdriver.common.action_chains import ActionChains

    with serve(built_reports) as base_url:
        _open(fresh, base_url, RICHEST)
        # a score dot of a key evaluation: it has no execution rate
        mark = _js(fresh, """
            const paths = Array.from(document.querySelectorAll('.juesuan-chart svg path'));
            return paths.find(p => p.__data__ && p.__data__.datum
                && 'execution_rate_f' in p.__data__.datum
                && p.__data__.datum.execution_rate_f === null
                && p.__data__.datum.score !== null && p.__data__.datum.score !== undefined);""")
        assert mark is not None, "no chart mark with a value not stated"
        _js(fresh, "arguments[0].scrollIntoView({block: 'center'})", mark)
        ActionChains(fresh.driver).move_to_element(mark).perform()
        tip = _js(fresh, "const t = document.getElementById('vg-tooltip-element');"
                         "return t && t.classList.contains('visible') ? t.innerText : null")
    assert tip, "no tooltip shown"
    assert "null" not in tip and "—" in tip


@pytest.fixture(scope="module")
def printed(built_reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan.reports.pdf import print_pdf

    return print_pdf(built_reports / RICHEST / "unit_report.html",
                     tmp_path_factory.mktemp("pdf") / "unit_report.pdf")


# the radicals-supplement forms a PDF's text may use for simplified characters (no Unicode
# decomposition, unlike the Kangxi radicals such as ⼈ for 人, which NFKC undoes)
_RADICALS = str.maketrans("⻔⻚⻓⻋⻅⻛⻢⻜⻉⻘⻝⻩⻬⻮⻄⻆⻨⻥⻦⻰⻳⻙",
                          "门页长车见风马飞贝青食黄齐齿西角麦鱼鸟龙龟韦")


def _nfkc(text: str | None) -> str:
    """PDF text as written: the font's glyph names give some characters as radicals."""
    return unicodedata.normalize("NFKC", text or "").translate(_RADICALS).replace("\n", "")


def test_printed_pdf_is_a4_with_every_column_of_the_performance_table(printed, built_reports):
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    page = (built_reports / RICHEST / "unit_report.html").read_text(encoding="utf-8")
    first_head = html.escape(label("eval_id", "perf_evaluations"))
    thead = re.search(r"<thead><tr><th[^>]*>" + first_head + r"</th>(.*?)</tr></thead>", page)
    heads = [first_head, *re.findall(r"<th[^>]*>(.*?)</th>", thead.group(1))]
    heads = [_nfkc(html.unescape(h)) for h in heads]
    assert len(heads) == 12
    with pdfplumber.open(printed) as pdf:
        pages = pdf.pages
        assert 12 <= len(pages) <= 40
        assert all(abs(p.width - 595) < 2 and abs(p.height - 842) < 2 for p in pages)  # A4
        texts = [_nfkc(p.extract_text()) for p in pages]
        tables = [t for p in pages for t in p.extract_tables()
                  if t and t[0] and _nfkc(t[0][0]) == heads[0]]
    assert _nfkc("咸阳市人力资源和社会保障局2023年度部门决算分析报告") in texts[0]
    assert all(re.search(_nfkc(r"第 \d+ 页 / 共 \d+ 页"), t) for t in texts)  # page numbers
    assert not any(t.strip() == "" for t in texts), "a blank page"
    assert tables, "the performance table is not in the PDF"
    for t in tables:  # every page of the table: the header repeated, every column there
        assert [_nfkc(c) for c in t[0]] == heads
    assert sum(len(t) - 1 for t in tables) == 30  # every evaluation printed
