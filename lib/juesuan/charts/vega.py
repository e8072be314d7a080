"""The offline Altair renderer: every chart as HTML that needs no network (the Vega, Vega-Lite
and Vega-Embed bundle inlined once per session, built by vl-convert), and the theme with the
CJK fonts. Importing `juesuan.charts` registers and enables both (`setup`)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

import altair as alt

from juesuan.charts.common import WIDTH
from juesuan.fonts import vega_font

FONT = vega_font()


# --- rendering: theme and offline renderer ----------------------------------------------------

def theme() -> dict[str, Any]:
    """The juesuan theme: a CJK-capable font everywhere, readable label limits."""
    return {"config": {
        "font": FONT,
        "title": {"font": FONT, "fontSize": 15, "anchor": "start", "subtitleFont": FONT,
                  "subtitleColor": "#555555", "subtitleFontSize": 12},
        "axis": {"labelFont": FONT, "titleFont": FONT, "labelLimit": 360,
                 "titleFontWeight": "normal"},
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelLimit": 360},
        "header": {"labelFont": FONT, "titleFont": FONT},
        "text": {"font": FONT},
        "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 300},
    }}


def vl_version() -> str | None:
    """The Vega-Lite version Altair writes (v6.4.1 -> "6.4") if vl-convert bundles it."""
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


BUNDLE_ENV = "JUESUAN_VEGA_BUNDLE"  # a file holding `javascript_bundle()`, made by the build


@functools.cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script that defines window.vegaEmbed (built once
    per process by vl-convert, no network), safe to put inside an HTML <script> element.

    Building it takes about two seconds, so `juesuan build` builds it once and hands every
    kernel the file named by $JUESUAN_VEGA_BUNDLE."""
    path = os.environ.get(BUNDLE_ENV)
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    import vl_convert as vlc

    js = vlc.javascript_bundle(vl_version=vl_version())
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


_SESSION: dict[str, Any] = {"bundle_sent": False, "count": 0}


def _spec_json(spec: Mapping[str, Any]) -> str:
    spec = dict(spec)
    spec.pop("$schema", None)
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # "<" only occurs inside JSON strings; escaping it keeps </script> and <!-- out of the page.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# A value a tooltip cannot show (a null, NaN) is shown as the tables show it: “—”, not “null”.
_TOOLTIP_SANITIZE = ('function (v) { var s = String(v); '
                     'if (v === null || v === undefined || s === "null" || s === "NaN" '
                     '|| s === "undefined") return "\u2014"; '
                     'return s.replace(/&/g, "&amp;").replace(/</g, "&lt;"); }')


def chart_html(spec: Mapping[str, Any], include_bundle: bool | None = None) -> str:
    """The HTML of one chart: a div and a script calling vegaEmbed on it with the spec (data
    inline). The first chart of the session (or `include_bundle=True`) also carries the
    bundle, guarded so that a page that already has vegaEmbed does not load it twice."""
    payload = _spec_json(spec)
    if include_bundle is None:
        include_bundle = not _SESSION["bundle_sent"]
        _SESSION["bundle_sent"] = True
    _SESSION["count"] += 1
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:10]
    div_id = f"juesuan-chart-{digest}-{_SESSION['count']}"
    parts = []
    if include_bundle:
        parts.append('<script type="text/javascript">if (!window.vegaEmbed) { (function () {\n'
                     + javascript_bundle() + "\n})(); }</script>")
    parts.append(f'<div id="{div_id}" class="juesuan-chart"></div>')
    parts.append(
        '<script type="text/javascript">(function () {'
        f'var el = document.getElementById("{div_id}");'
        "if (!window.vegaEmbed) { el.textContent = \"图表脚本未加载：请重新运行 "
        "charts.setup(reset=True) 后再运行本单元。\"; return; }"
        f'vegaEmbed("#{div_id}", {payload}, {{renderer: "svg", actions: false, '
        f"tooltip: {{sanitize: {_TOOLTIP_SANITIZE}}}}})"
        '.catch(function (err) { el.textContent = "图表无法显示：" + err; });'
        "})();</script>")
    return "".join(parts)


def title_text(spec: Mapping[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = "".join(title)
    return str(title) if title else "图表"


def renderer(spec: dict, **metadata: Any) -> dict[str, str]:
    """Altair renderer: offline text/html (see `chart_html`) plus a plain-text fallback."""
    del metadata
    return {"text/html": chart_html(spec), "text/plain": f"<图表：{title_text(spec)}>"}


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec as Altair displays it, without validating it against the
    Vega-Lite schema: in a report build that validation was a third of a unit report's kernel
    time, and it never changes the spec. The test suite validates every spec the reports
    emit (tests/charts/test_report_specs.py). Nor is the chart re-created first (`_Uncopied`)."""
    return _uncopied(chart).to_dict(validate=False, context={"pre_transform": False})


def _uncopied(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """`chart` whose `to_dict` starts from a shallow copy of its properties. Altair's own first
    step, `copy(deep=False)`, re-creates the chart: a layered or concatenated chart then
    deep-copies every layer again (twice each), for a spec that is the same. The copy is only
    shallow: `to_dict` replaces the copy's data, never the chart's."""
    twin = object.__new__(_shallow_copying(type(chart)))
    object.__setattr__(twin, "_args", chart._args)
    object.__setattr__(twin, "_kwds", chart._kwds)
    return twin


@functools.cache
def _shallow_copying(cls: type) -> type:
    def copy(self: Any, deep: Any = True, ignore: Any = None) -> Any:
        if deep is not False:
            return cls.copy(self, deep, ignore)
        twin = object.__new__(cls)
        object.__setattr__(twin, "_args", self._args)
        object.__setattr__(twin, "_kwds", dict(self._kwds))
        return twin

    return type(cls.__name__, (cls,), {"copy": copy})


class Displayed:
    """A chart displayed as Altair displays it (the active renderer's MIME bundle of its spec),
    serialised by `chart_spec` — the same output, without the validation."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        del include, exclude
        render = alt.renderers.get()
        return render(chart_spec(self.chart)) if render else {}


def setup(reset: bool = False) -> None:
    """Register and enable the juesuan renderer and theme (done on import). `reset=True`
    makes the next chart carry the JavaScript bundle again."""
    alt.renderers.register("juesuan", renderer)
    alt.renderers.enable("juesuan")
    alt.theme.register("juesuan", enable=True)(theme)
    alt.data_transformers.enable("default", max_rows=None)
    if reset:
        _SESSION["bundle_sent"] = False


setup()
