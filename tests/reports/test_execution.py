"""The chart JavaScript the build hands its kernels."""

from juesuan import charts, reports


def test_the_chart_javascript_is_built_once_and_kept_between_builds(tmp_path, monkeypatch):
    calls = []

    def bundle() -> str:
        calls.append(1)
        return "window.vegaEmbed = function () {};"

    monkeypatch.setattr(charts, "javascript_bundle", bundle)
    first = reports.vega_bundle(tmp_path)
    second = reports.vega_bundle(tmp_path)
    assert first == second and first.parent == tmp_path / reports.BUNDLE_CACHE
    assert first.read_text(encoding="utf-8") == "window.vegaEmbed = function () {};"
    assert len(calls) == 1  # the second build read the file
    assert "vl-convert-" in first.name and "altair-" in first.name  # a new version: a new file
