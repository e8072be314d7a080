"""`juesuan build --pdf`: each built HTML report printed to a PDF beside it by headless
Chromium (Debian's /usr/bin/chromium; its fonts, CJK included, are embedded in the PDF). The
page's print style sheet (reports/assets/juesuan.css) sets A4, section breaks and the unit and
page number in the margin; Chromium's own header and footer (date, file URL) are left out.
Nothing is fetched: the pages are offline and the browser runs without network."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from juesuan.io import atomic_write
from juesuan.reports.registry import BuildError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium")
TIMEOUT = 180  # seconds for one page
# let the charts' script draw before printing (virtual time: no real waiting when idle)
VIRTUAL_TIME_MS = 20000


def chromium() -> str:
    """The Chromium to print with, or BuildError saying how to install it."""
    for c in CHROMIUM_CANDIDATES:
        found = shutil.which(c)
        if found:
            return found
    raise BuildError("--pdf needs Chromium: apt-get install -y chromium fonts-noto-cjk")


def pdf_path(html: Path) -> Path:
    return html.with_suffix(".pdf")


def print_pdf(html: Path, target: Path | None = None) -> Path:
    """html printed to `target` (default: beside it, .pdf), written atomically."""
    target = target or pdf_path(html)
    with tempfile.TemporaryDirectory(prefix="juesuan-pdf-") as tmp:
        out = Path(tmp) / "page.pdf"
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--dns-prefetch-disable", "--host-resolver-rules=MAP * ~NOTFOUND",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
               f"--virtual-time-budget={VIRTUAL_TIME_MS}",
               "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={out}", html.resolve().as_uri()]
        env = {**os.environ, "LANG": "zh_CN.UTF-8"}
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT, env=env)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            stderr = getattr(err, "stderr", b"") or b""
            raise RuntimeError(f"Chromium could not print {html.name}: "
                               f"{stderr.decode(errors='replace')[-300:]}") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(f"Chromium wrote no PDF for {html.name}")
        data = out.read_bytes()
        atomic_write(target, lambda p: p.write_bytes(data))
    return target


def print_reports(reports_dir: Path, outputs: list[str]) -> tuple[list[str], dict[str, str]]:
    """Print every report in `outputs` (relative to reports_dir) whose PDF is missing or older
    than its HTML; (printed, {output: error})."""
    printed, failed = [], {}
    for output in sorted(outputs):
        html = reports_dir / output
        if not html.is_file():
            continue
        pdf = pdf_path(html)
        if pdf.is_file() and pdf.stat().st_mtime >= html.stat().st_mtime:
            continue
        try:
            print_pdf(html, pdf)
            printed.append(pdf.relative_to(reports_dir).as_posix())
        except RuntimeError as err:
            failed[output] = str(err)
    return printed, failed
