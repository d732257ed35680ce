"""The charts load a partial plotly.js bundle vendored under static/vendor (built by
tools/plotly-bundle from plotly.js's npm package): only the trace types the pages draw,
of the same plotly.js version as the Python plotly that builds the figures."""

import re
from pathlib import Path

import plotly
import plotly.offline
from django.conf import settings
from django.contrib.staticfiles import finders

BUNDLE = "vendor/plotly-mcp.min.js"
FULL_BUNDLE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
TRACES_DRAWN = {"scatter", "bar", "waterfall", "heatmap"}


def bundle_text() -> str:
    return Path(finders.find(BUNDLE)).read_text(encoding="utf-8")


def test_the_bundle_is_a_static_file_served_hashed_like_the_rest():
    assert Path(finders.find(BUNDLE)).is_relative_to(settings.BASE_DIR / "static")


def test_the_bundle_is_the_plotly_js_version_of_the_python_package():
    version = re.search(r"plotly\.js v(\S+) partial bundle", bundle_text()[:400])
    assert version, "the bundle's banner names its plotly.js version"
    assert version.group(1) == plotly.offline.get_plotlyjs_version()


def test_the_licence_ships_beside_the_bundle():
    licence = Path(finders.find("vendor/plotly-mcp.LICENSE.txt")).read_text(encoding="utf-8")
    assert "MIT" in licence or "Permission is hereby granted" in licence


def test_the_bundle_is_under_a_third_of_the_full_plotly_js():
    assert len(bundle_text()) < FULL_BUNDLE.stat().st_size / 3


def test_the_figures_use_only_the_trace_types_in_the_bundle():
    used = set(re.findall(r'"type":\s*"(\w+)"', _chart_sources()))
    traces = used & {"scatter", "bar", "waterfall", "heatmap", "pie", "box", "scattergl"}
    assert traces <= TRACES_DRAWN
    for trace in TRACES_DRAWN - {"scatter"}:  # scatter is in plotly's core
        assert f'"{trace}"' in bundle_text() or f"'{trace}'" in bundle_text()


def _chart_sources() -> str:
    charts = settings.BASE_DIR / "dashboard" / "charts"
    return "".join(path.read_text(encoding="utf-8") for path in charts.glob("*.py"))
