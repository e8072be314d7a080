"""Shared assets: the chart runtime (Vega, ~0.9 MB), JupyterLab's style sheet (~0.25 MB) and
the reports' own script and style are written once to reports/assets/ (named by their content)
and each page refers to them relatively (`../assets/…` from a unit report), so a build of many
reports does not carry them in every page. `--self-contained` puts them back inline: one file
per report that can be mailed on its own. Either way nothing is fetched from the network.

Applied to every published page after a build (`share_all` / `inline_all`), so switching
between the two does not rerun a notebook. The offline check runs before, on the inline page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from juesuan.io import atomic_write_text

ASSETS_DIR = "assets"
MIN_SHARED = 4000  # characters: a smaller inline style stays in its page
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
    return [(o, reports_dir / o) for o in outputs if (reports_dir / o).is_file()]


def share_all(reports_dir: Path, outputs: list[str]) -> None:
    """Every page in `outputs` with shared assets; assets no page refers to are removed."""
    assets_dir = reports_dir / ASSETS_DIR
    for output, path in _pages(reports_dir, outputs):
        text = path.read_text(encoding="utf-8")
        shared = share(text, output.count("/"), assets_dir)
        if shared != text:
            atomic_write_text(path, shared)
    _prune(reports_dir, outputs)


def inline_all(reports_dir: Path, outputs: list[str]) -> None:
    """Every page in `outputs` self-contained again."""
    for _output, path in _pages(reports_dir, outputs):
        text = path.read_text(encoding="utf-8")
        whole = inline(text, path.parent)
        if whole != text:
            atomic_write_text(path, whole)
    _prune(reports_dir, outputs)


def _prune(reports_dir: Path, outputs: list[str]) -> None:
    assets_dir = reports_dir / ASSETS_DIR
    if not assets_dir.is_dir():
        return
    used = set()
    for _output, path in _pages(reports_dir, outputs):
        used |= {Path(m.group(1)).name for m in _SHARED.finditer(path.read_text(encoding="utf-8"))}
    for f in assets_dir.iterdir():
        if f.is_file() and f.name not in used:
            f.unlink()
