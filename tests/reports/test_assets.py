"""Shared assets (reports.assets): large inline styles and the chart runtime written once to
reports/assets/ and referred to relatively; `--self-contained` puts them back."""

from __future__ import annotations

from juesuan.reports import assets, remote_references

RUNTIME = "if (!window.vegaEmbed) { (function () {\nwindow.vegaEmbed=function(){};\n})(); }"
BIG_STYLE = "body { color: #222; }\n" * 400
PAGE = ("<html><head><style type=\"text/css\">" + BIG_STYLE + "</style>"
        "<style type=\"text/css\">small { }</style></head><body>"
        "<script type=\"text/javascript\">" + RUNTIME + "</script>"
        "<script type=\"text/javascript\">(function () {var spec = 1;})();</script>"
        "</body></html>")


def test_share_writes_each_asset_once_and_refers_relatively(tmp_path):
    shared = assets.share(PAGE, 1, tmp_path / "assets")
    files = sorted(p.name for p in (tmp_path / "assets").iterdir())
    assert len(files) == 2 and files[0].startswith("chart-runtime-") and files[0].endswith(".js")
    assert f'<script src="../assets/{files[0]}" data-juesuan-asset="script"></script>' in shared
    assert f'<link rel="stylesheet" href="../assets/{files[1]}"' in shared
    assert "small { }" in shared and "var spec = 1" in shared  # small and per-chart stay inline
    assert len(shared) < len(PAGE) / 5
    assert remote_references(shared) == []  # relative, in the build's own folder
    assert remote_references('<script src="lib/x.js"></script>') != []
    again = assets.share(PAGE, 1, tmp_path / "assets")
    assert again == shared and len(list((tmp_path / "assets").iterdir())) == 2


def test_inline_restores_the_single_file_page(tmp_path):
    page_dir = tmp_path / "doc"
    page_dir.mkdir()
    shared = assets.share(PAGE, 1, tmp_path / "assets")
    assert assets.inline(shared, page_dir) == PAGE


def test_share_all_and_inline_all_prune_unused_assets(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "top.html").write_text(PAGE, encoding="utf-8")
    outputs = ["a/r.html", "top.html"]
    assets.share_all(tmp_path, outputs)
    assert 'src="../assets/' in (tmp_path / "a" / "r.html").read_text(encoding="utf-8")
    assert 'src="assets/' in (tmp_path / "top.html").read_text(encoding="utf-8")
    assets.inline_all(tmp_path, outputs)
    assert (tmp_path / "top.html").read_text(encoding="utf-8") == PAGE
    assert list((tmp_path / "assets").iterdir()) == []


def test_a_build_from_curated_tables_anywhere_points_the_kernels_at_them(tmp_path):
    from juesuan import catalog
    from juesuan.reports.build import _kernel_env

    elsewhere = tmp_path / "my-tables"
    assert _kernel_env(elsewhere) == {catalog.CURATED_ENV: str(elsewhere.resolve())}
    assert _kernel_env(catalog.curated_dir()) == {}


def test_curated_dir_follows_the_environment(tmp_path, monkeypatch):
    from juesuan import catalog

    monkeypatch.setenv(catalog.CURATED_ENV, str(tmp_path))
    assert catalog.curated_dir() == tmp_path
