"""share_all / inline_all remember each page's size and mtime once converted
(reports/.cache/pages.json): an unchanged page is not read again, a changed one is, and the
assets no page refers to are still removed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from juesuan.reports import assets

RUNTIME = "if (!window.vegaEmbed) { (function () {\nwindow.vegaEmbed=function(){};\n})(); }"
OTHER_RUNTIME = RUNTIME.replace("function(){}", "function(){return 1;}")


def page(runtime: str) -> str:
    return (f'<html><body><script type="text/javascript">{runtime}</script>'
            "<p>报告</p></body></html>")


def settle(reports_dir: Path) -> None:
    """The pages were converted just now (too recent to trust): as a few seconds later."""
    path = reports_dir / assets.PAGES_CACHE
    cache = json.loads(path.read_text(encoding="utf-8"))
    for entry in cache["pages"].values():
        entry[3] = False
    path.write_text(json.dumps(cache), encoding="utf-8")


@pytest.fixture
def shared(tmp_path) -> list[str]:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.html").write_text(page(RUNTIME), encoding="utf-8")
    (tmp_path / "top.html").write_text(page(OTHER_RUNTIME), encoding="utf-8")
    outputs = ["a/r.html", "top.html", "never-built.html"]
    assets.share_all(tmp_path, outputs)
    settle(tmp_path)
    return outputs


def test_unchanged_pages_are_not_read_again(tmp_path, shared, monkeypatch):
    before = sorted(p.name for p in (tmp_path / "assets").iterdir())
    assert len(before) == 2
    read = []
    real = Path.read_text
    monkeypatch.setattr(Path, "read_text",
                        lambda self, *a, **k: read.append(self.name) or real(self, *a, **k))
    assets.share_all(tmp_path, shared)
    assert [n for n in read if n.endswith(".html")] == []
    assert sorted(p.name for p in (tmp_path / "assets").iterdir()) == before  # still in use


def test_a_changed_page_is_converted_again_and_an_unused_asset_removed(tmp_path, shared):
    top = tmp_path / "top.html"
    top.write_text(page(RUNTIME), encoding="utf-8")  # now the same runtime as a/r.html
    st = top.stat()
    os.utime(top, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assets.share_all(tmp_path, shared)
    assert 'src="assets/chart-runtime-' in top.read_text(encoding="utf-8")
    assert len(list((tmp_path / "assets").iterdir())) == 1


def test_inline_all_reads_every_page_shared_before(tmp_path, shared):
    assets.inline_all(tmp_path, shared)
    assert (tmp_path / "top.html").read_text(encoding="utf-8") == page(OTHER_RUNTIME)
    assert (tmp_path / "a" / "r.html").read_text(encoding="utf-8") == page(RUNTIME)
    assert list((tmp_path / "assets").iterdir()) == []


@pytest.mark.parametrize("cache", [{"format": 99}, {"mode": "inline"}, "garbage"])
def test_a_corrupt_or_foreign_page_cache_is_ignored(tmp_path, shared, cache):
    top = tmp_path / "top.html"
    top.write_text(page(OTHER_RUNTIME), encoding="utf-8")  # inline again
    st = top.stat()
    claim = {"format": assets.PAGES_FORMAT, "mode": "shared",
             "pages": {"top.html": [st.st_size, st.st_mtime_ns, [], False]}}
    text = "[1, 2" if cache == "garbage" else json.dumps(claim | cache)
    (tmp_path / assets.PAGES_CACHE).write_text(text, encoding="utf-8")
    assets.share_all(tmp_path, shared)
    assert 'src="assets/chart-runtime-' in top.read_text(encoding="utf-8")
