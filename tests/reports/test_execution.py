"""The chart JavaScript the build hands its kernels."""

from juesuan import charts, reports


def test_the_chart_javascript_is_built_once_and_kept_between_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
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
    # another report folder (a cold build) takes the copy kept in the user's cache
    other = reports.vega_bundle(tmp_path / "other")
    assert len(calls) == 1 and other.read_text(encoding="utf-8") == first.read_text("utf-8")
    assert (tmp_path / "user-cache" / "juesuan" / first.name).is_file()


def test_the_build_names_the_variable_the_charts_read():
    assert reports.execution.BUNDLE_ENV == charts.BUNDLE_ENV
