"""Real-browser harness for the report tests.

Debian's Chromium, driven by Selenium through Debian's ChromeDriver (fixed paths, so
Selenium Manager never looks for a driver or browser to download). A folder is served on
127.0.0.1 by `http.server` in a thread; the browser's console and its DevTools network
events (`goog:loggingPrefs`) say what a page logged and requested.

The browser cannot reach anything beyond this machine even when a page asks it to: every
host name resolves to nothing inside Chromium (--host-resolver-rules) and every request not
for the loopback goes to a proxy on a closed local port. A page's attempt to load something
from outside is still *recorded* (Network.requestWillBeSent is sent before the request is
made), which is what `offsite_requests` reports.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = ("install Debian's browser and a CJK font (as .ci/run does): "
                "apt-get install -y chromium chromium-driver fonts-noto-cjk")

CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--dns-prefetch-disable",
    "--window-size=1280,1000",
    "--lang=zh-CN",
)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ALLOWED_SCHEMES = ("data:", "blob:", "about:")


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text or ""))


def missing_prerequisites() -> list[str]:
    """What this machine lacks to run the browser tests (empty when all is there)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        missing.append("fc-list (fontconfig)")
    else:
        import subprocess

        out = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True,
                             check=False).stdout
        if not out.strip():
            missing.append("a CJK font (fc-list :lang=zh is empty)")
    return missing


# --- the loopback server -------------------------------------------------------------------

class _Handler(SimpleHTTPRequestHandler):
    """Static files, quietly. Chromium asks every http origin for /favicon.ico, which a
    report opened from disk never does; answer it with 204 when the folder has none, so the
    404 does not show up as a console error that the reports did not cause."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = urlsplit(self.path).path
        if path == "/favicon.ico" and not (Path(self.directory) / "favicon.ico").exists():
            self.send_response(204)
            self.end_headers()
            return None
        return super().send_head()


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL (no slash)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="report-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _closed_local_port() -> int:
    """A loopback port nothing listens on (bound, then released), for the dead-end proxy."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the browser ---------------------------------------------------------------------------

# Runs before any page script: notes every element handed to vegaEmbed (so a chart that
# failed before vega-embed marked its container still counts) and keeps the View of every
# chart it rendered, so the text of a chart drawn on a <canvas> (no DOM text) can be read
# back through view.toSVG().
_VEGA_HOOK = r"""
(() => {
  const views = [];
  const targets = [];
  Object.defineProperty(window, '__juesuanVegaViews', {value: views});
  Object.defineProperty(window, '__juesuanVegaTargets', {value: targets});
  let current;
  Object.defineProperty(window, 'vegaEmbed', {
    configurable: true,
    get() { return current; },
    set(fn) {
      if (typeof fn !== 'function') { current = fn; return; }
      current = Object.assign(function (el, ...rest) {
        const node = typeof el === 'string' ? document.querySelector(el) : el;
        if (node) targets.push(node);
        const p = fn.call(this, el, ...rest);
        Promise.resolve(p).then((r) => { if (r && r.view) views.push({el: node, view: r.view}); },
                                () => {});
        return p;
      }, fn);
    },
  });
})();
"""

# Async script: one entry per chart container (`.vega-embed`, or handed to vegaEmbed).
_CHART_STATE = r"""
const done = arguments[arguments.length - 1];
(async () => {
  const views = window.__juesuanVegaViews || [];
  const out = [];
  const containers = new Set([...(window.__juesuanVegaTargets || []),
                              ...document.querySelectorAll('.vega-embed')]);
  for (const el of containers) {
    const svg = el.querySelector('svg.marks');
    const canvas = el.querySelector('canvas.marks');
    const drawn = svg || canvas;
    const box = drawn ? drawn.getBoundingClientRect() : {width: 0, height: 0};
    let texts = null;
    if (svg) {
      texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    } else if (canvas) {
      const hit = views.find((v) => v.el === el || (v.el && v.el.contains(el)) || el.contains(v.el));
      if (hit) {
        const doc = new DOMParser().parseFromString(await hit.view.toSVG(), 'image/svg+xml');
        texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
      }
    }
    out.push({id: el.id || null, renderer: svg ? 'svg' : canvas ? 'canvas' : null,
              width: box.width, height: box.height, texts});
  }
  return out;
})().then(done, (e) => done({error: String(e)}));
"""


@dataclass
class Record:
    """What the browser did since the last `Browser.reset()`."""

    requests: list[str] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)


class Browser:
    def __init__(self, profile_dir: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROME_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile_dir}")
        # Nothing leaves the machine even if a page asks (see the module docstring).
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        options.add_argument(f"--proxy-server=http://127.0.0.1:{_closed_local_port()}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(15)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": _VEGA_HOOK})
        self.record = Record()
        self.reset()

    def quit(self) -> None:
        self.driver.quit()

    def reset(self) -> Record:
        """Go to about:blank and forget all logs so far; returns the new, empty record."""
        self.driver.get("about:blank")
        self.driver.get_log("browser")
        self.driver.get_log("performance")
        self.record = Record()
        return self.record

    def collect(self) -> Record:
        """Add the console messages and requested URLs logged since the last call."""
        self.record.console.extend(self.driver.get_log("browser"))
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message.get("method") == "Network.requestWillBeSent":
                self.record.requests.append(params["request"]["url"])
            elif message.get("method") == "Network.webSocketCreated":
                self.record.requests.append(params["url"])
        return self.record

    def open(self, url: str) -> None:
        self.driver.get(url)

    def chart_states(self) -> list[dict[str, Any]]:
        states = self.driver.execute_async_script(_CHART_STATE)
        if isinstance(states, dict) and "error" in states:
            raise AssertionError(f"reading the charts failed in the page: {states['error']}")
        return states

    def wait_for_charts(self, minimum: int = 1, timeout: float = 15) -> list[dict[str, Any]]:
        """Chart states once at least `minimum` containers exist and all have drawn (SVG or
        canvas), or whatever there is when `timeout` runs out (asserted on by the caller)."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        def ready(_driver: Any) -> list[dict[str, Any]] | bool:
            states = self.chart_states()
            ok = len(states) >= minimum and all(s["renderer"] for s in states)
            return states if ok else False

        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(ready)
        except TimeoutException:
            return self.chart_states()

    def screenshot(self, path: Path) -> Path:
        self.driver.save_screenshot(str(path))
        return path


# --- the assertions ------------------------------------------------------------------------

def offsite_requests(urls: list[str], base_url: str) -> list[str]:
    """The requested URLs that are neither on the test server nor data:/blob:/about:."""
    origin = base_url.rstrip("/") + "/"
    return [u for u in urls if not (u.startswith(origin) or u.startswith(ALLOWED_SCHEMES))]


def assert_no_offsite_requests(record: Record, base_url: str) -> None:
    offsite = offsite_requests(record.requests, base_url)
    assert not offsite, f"requests left the machine (allowed: {base_url}/…, data:, blob:, " \
                        f"about:): {offsite}"


def severe_messages(record: Record) -> list[dict[str, Any]]:
    return [m for m in record.console if m.get("level") == "SEVERE"]


def assert_no_console_errors(record: Record) -> None:
    severe = severe_messages(record)
    assert not severe, "console errors: " + "; ".join(
        f"[{m.get('source')}] {m.get('message')}" for m in severe)


def assert_charts_rendered(states: list[dict[str, Any]], minimum: int = 1) -> None:
    assert len(states) >= minimum, \
        f"expected at least {minimum} vega-embed container(s), found {len(states)}"
    blank = [s for s in states if not s["renderer"] or s["width"] < 10 or s["height"] < 10]
    assert not blank, f"chart(s) not rendered (no SVG/canvas with a size inside): {blank}"


def assert_chart_labels_chinese(states: list[dict[str, Any]]) -> None:
    """Every chart's drawn text (titles, axis labels, legends) includes Chinese."""
    unreadable = [s for s in states if s["texts"] is None]
    assert not unreadable, f"chart text could not be read back: {unreadable}"
    plain = [s for s in states if not any(has_chinese(t) for t in s["texts"])]
    assert not plain, f"chart(s) without Chinese labels: {plain}"


# --- the walk through a report folder ------------------------------------------------------

UNIT_LINK = 'a[href$="unit_report.html"]'


def walk_reports(browser: Browser, base_url: str, *, every_unit: bool = True) -> dict[str, Any]:
    """Open index.html, follow (click) its first link to a unit report, and check that page's
    charts: all rendered, Chinese labels in each. With `every_unit`, open the other linked
    unit reports too and check them the same way. Returns what was seen (the record keeps
    the requests and console of the whole walk, for the offline and console assertions)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser.driver
    browser.open(f"{base_url}/index.html")
    assert has_chinese(driver.title) or has_chinese(
        driver.find_element(By.TAG_NAME, "body").text), "index.html shows no Chinese text"
    links = driver.find_elements(By.CSS_SELECTOR, UNIT_LINK)
    hrefs = [a.get_attribute("href") for a in links]
    assert hrefs, ("index.html links to no unit report (a[href$=unit_report.html]); its links: "
                   f"{[a.get_attribute('href') for a in driver.find_elements(By.TAG_NAME, 'a')]}")

    pages: dict[str, list[dict[str, Any]]] = {}

    def check_page(url: str) -> None:
        states = browser.wait_for_charts()
        assert_charts_rendered(states)
        assert_chart_labels_chinese(states)
        assert has_chinese(driver.find_element(By.TAG_NAME, "body").text), \
            f"{url}: no Chinese text on the page"
        pages[url] = states

    links[0].click()
    WebDriverWait(driver, 15).until(EC.url_to_be(hrefs[0]))
    check_page(hrefs[0])
    if every_unit:
        for href in dict.fromkeys(hrefs[1:]):
            if href not in pages:
                browser.open(href)
                check_page(href)
    return {"units": hrefs, "pages": pages, "record": browser.collect()}
