"""Shared assets: the chart runtime (Vega, ~0.9 MB), JupyterLab's style sheet (~0.25 MB) and
the reports' own script and style are written once to reports/assets/ (named by their content)
and each page refers to them relatively (`../assets/…` from a unit report), so a build of many
reports does not carry them in every page. `--self-contained` puts them back inline: one file
per report that can be mailed on its own. Either way nothing is fetched from the network.

Applied to every published page after a build (`share_all` / `inline_all`), so switching
between the two does not rerun a notebook; a page unchanged since it was last converted (its
size and mtime, kept in reports/.cache/pages.json) is not read again. The offline check runs
before, on the inline page."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from juesuan.io import atomic_write_text

ASSETS_DIR = "assets"
MIN_SHARED = 4000  # characters: a smaller inline style stays in its page
PAGES_CACHE = ".cache/pages.json"
PAGES_FORMAT = 1
RACY_NS = 2_000_000_000  # a page this recent may change again within its mtime tick
_STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.DOTALL)
_SCRIPT = re.compile(r'<script type="text/javascript">((?:if \(!window\.vegaEmbed\)|'
                     r"/\* juesuan reports:).*?)</script>", re.DOTALL)
_SHARED = re.compile(r'<(?:link rel="stylesheet" href|script src)="((?:\.\./)*'
                     + ASSETS_DIR + r'/[\w.-]+)" data-juesuan-asset="(style|script)">'
                     r"(?:</script>)?")


def _name(content: str, ext: str) -> str:
    kind = "chart-runtime" if content.startswith("if (!window.vegaEmbed)") else \
        ("juesuan" if content.startswith("/* juesuan") else "style")
    return f"{kind}-{hashlib.sha256(content.encode()).hexdigest()[:12]}.{ext}"


def share(page: str, depth: int, assets_dir: Path) -> str:
    """The page with its large inline styles and the shared scripts replaced by references to
    files in `assets_dir` (written if missing); `depth`: the page's folder depth below
    reports/."""
    prefix = "../" * depth

    def put(content: str, ext: str) -> str:
        name = _name(content, ext)
        target = assets_dir / name
        if not target.is_file():
            assets_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, content)
        return f"{prefix}{ASSETS_DIR}/{name}"

    def style(m: re.Match) -> str:
        if len(m.group(1)) < MIN_SHARED:
            return m.group(0)
        return f'<link rel="stylesheet" href="{put(m.group(1), "css")}" data-juesuan-asset="style">'

    def script(m: re.Match) -> str:
        return f'<script src="{put(m.group(1), "js")}" data-juesuan-asset="script"></script>'

    return _SCRIPT.sub(script, _STYLE.sub(style, page))


def inline(page: str, page_dir: Path) -> str:
    """The page with every shared asset put back inline (the inverse of `share`)."""
    def back(m: re.Match) -> str:
        content = (page_dir / m.group(1)).read_text(encoding="utf-8")
        if m.group(2) == "style":
            return f'<style type="text/css">{content}</style>'
        return f'<script type="text/javascript">{content}</script>'

    return _SHARED.sub(back, page)


def _pages(reports_dir: Path, outputs: list[str]) -> list[tuple[str, Path]]:
    return [(o, reports_dir / o) for o in outputs if os.path.isfile(os.path.join(reports_dir, o))]


def share_all(reports_dir: Path, outputs: list[str]) -> None:
    """Every page in `outputs` with shared assets; assets no page refers to are removed."""
    assets_dir = reports_dir / ASSETS_DIR
    _apply(reports_dir, outputs, "shared",
           lambda output, path, text: share(text, output.count("/"), assets_dir))


def inline_all(reports_dir: Path, outputs: list[str]) -> None:
    """Every page in `outputs` self-contained again."""
    _apply(reports_dir, outputs, "inline", lambda output, path, text: inline(text, path.parent))


def _apply(reports_dir: Path, outputs: list[str], mode: str,
           convert: Callable[[str, Path, str], str]) -> None:
    """Convert every page, then remove the assets no page refers to. A page whose size and
    mtime are those it had when last converted to `mode` (reports/.cache/pages.json) is not
    read again: a no-op build of 10,000 reports reads none."""
    cache = _read_cache(reports_dir, mode)
    pages, used = {}, set()
    now = time.time_ns()
    root = os.fspath(reports_dir)
    for output in outputs:
        try:
            st = os.stat(os.path.join(root, output))
        except FileNotFoundError:
            continue  # a report not built (failed, or not yet)
        seen = cache.get(output)
        if seen and seen[:2] == [st.st_size, st.st_mtime_ns] and not seen[3]:
            names = seen[2]
        else:
            path = reports_dir / output
            text = path.read_text(encoding="utf-8")
            converted = convert(output, path, text)
            if converted != text:
                atomic_write_text(path, converted)
                st = path.stat()
            names = sorted({Path(m.group(1)).name for m in _SHARED.finditer(converted)})
        pages[output] = [st.st_size, st.st_mtime_ns, names, st.st_mtime_ns >= now - RACY_NS]
        used |= set(names)
    assets_dir = reports_dir / ASSETS_DIR
    if assets_dir.is_dir():
        for f in assets_dir.iterdir():
            if f.is_file() and f.name not in used:
                f.unlink()
    fresh = {"format": PAGES_FORMAT, "mode": mode, "pages": pages}
    if fresh != {"format": PAGES_FORMAT, "mode": mode, "pages": cache}:
        atomic_write_text(reports_dir / PAGES_CACHE, json.dumps(fresh, ensure_ascii=False))


def _read_cache(reports_dir: Path, mode: str) -> dict[str, list]:
    """Per page [size, mtime_ns, assets it refers to, too recent to trust] when it was last
    converted to `mode`; {} for a cache that is unreadable, of another format or of the other
    mode."""
    try:
        data = json.loads((reports_dir / PAGES_CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not (isinstance(data, dict) and data.get("format") == PAGES_FORMAT
            and data.get("mode") == mode and isinstance(data.get("pages"), dict)):
        return {}
    return {o: v for o, v in data["pages"].items()
            if isinstance(v, list) and len(v) == 4 and isinstance(v[2], list)}
