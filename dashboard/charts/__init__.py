"""Plotly figure dicts built from selector output, drawn in the browser by static/js/charts.js.

Plain dicts rather than plotly.graph_objects: the objects validate every property on
construction, which costs more than the whole page may take. The "simple_white"
template is read once from the installed plotly package.

One module per figure family: `trends` (a value over the years), `areas` (MCP areas:
bars, the waterfall, the SKPD heatmap), `regions` (kabupaten/kota compared, the
national distribution and trend); `base` holds what every figure shares, `alt_table`
reads a figure back into a table for screen readers, and `pages` assembles each page's
set of figures.
"""

from dashboard.charts.alt_table import alt_table
from dashboard.charts.base import TEMPLATE, simple_white
from dashboard.charts.pages import dashboard_charts, overview_charts, skpd_charts, unit_charts
from dashboard.charts.regions import distribution_figure

__all__ = [
    "TEMPLATE",
    "alt_table",
    "dashboard_charts",
    "distribution_figure",
    "overview_charts",
    "simple_white",
    "skpd_charts",
    "unit_charts",
]
