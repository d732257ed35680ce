"""Pemda compared: the kabupaten/kota against the province, and the national view's
distribution of MCP scores and their trend."""

from django.utils.translation import gettext as _

from dashboard.charts.base import (
    BENCHMARK_COLOUR,
    UNIT_COLOUR,
    band_colour,
    band_shapes,
    figure,
    number,
)
from dashboard.selectors import RegionComparison
from scores.models import Score
from scores.values import format_number


def reference_line(score: Score, decimals: int, colour: str, dash: str, top: bool):
    line = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": float(score.value),
        "x1": float(score.value),
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": 2, "dash": dash},
    }
    note = {
        "xref": "x",
        "yref": "paper",
        "x": float(score.value),
        "y": 1 if top else 0,
        "yanchor": "bottom" if top else "top",
        "text": f"{score.unit.display_name} {format_number(score.value, decimals)}",
        "showarrow": False,
        "font": {"size": 10, "color": colour},
        "bgcolor": "rgba(255,255,255,.85)",
    }
    return line, note


def regions_figure(comparison: RegionComparison, *, title: str, filename: str) -> dict:
    """Kabupaten/kota bars in band colours, with the pemda and its benchmark as lines."""
    indicator = comparison.indicator
    rows = comparison.rows
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [unit.display_name for unit, _score in rows],
            "x": [number(score.value) for _unit, score in rows],
            "marker": {"color": [band_colour(indicator, score.value) for _unit, score in rows]},
            "text": [format_number(score.value, indicator.decimals) for _unit, score in rows],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
            "showlegend": False,
        }
    ]
    shapes, notes = [], []
    references = (
        (comparison.reference, UNIT_COLOUR, "solid", True),
        (comparison.benchmark, BENCHMARK_COLOUR, "dash", False),
    )
    for score, colour, dash, top in references:
        if score is not None:
            line, note = reference_line(score, indicator.decimals, colour, dash, top)
            shapes.append(line)
            notes.append(note)
    values = [score.value for _unit, score in rows]
    values += [s.value for s in (comparison.reference, comparison.benchmark) if s]
    layout = {
        "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        "height": 130 + 26 * len(rows),
        "margin": {"l": 110, "r": 40, "t": 60, "b": 50},
        "xaxis": {
            "range": [max(0, float(min(values)) - 10), float(indicator.scale_max)],
            "fixedrange": True,
        },
        "yaxis": {"autorange": "reversed", "fixedrange": True},
        "shapes": shapes,
        "annotations": notes,
    }
    return figure(data, layout, filename)


def distribution_figure(overview, title: str, filename: str) -> dict | None:
    """How many pemda fall in each 5-point MCP bucket, in the colour of its band."""
    buckets = overview.histogram
    if not buckets:
        return None
    labels = [
        f"{format_number(b.lower, 0)}–{format_number(b.upper, 0)}" for b in overview.histogram
    ]
    data = [
        {
            "type": "bar",
            "x": labels,
            "y": [bucket.count for bucket in buckets],
            "marker": {"color": [b.band.colour if b.band else UNIT_COLOUR for b in buckets]},
            "text": [str(bucket.count) for bucket in buckets],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "MCP %{x}: %{y}<extra></extra>",
            "showlegend": False,
        }
    ]
    layout = {
        "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        "height": 340,
        "xaxis": {"type": "category", "fixedrange": True},
        "yaxis": {"fixedrange": True, "rangemode": "tozero", "tickformat": "d"},
    }
    if max(bucket.count for bucket in buckets) < 6:
        # Plotly would tick 0,2, 0,4 … for a few pemda, which "d" prints as 0, 0, 1, 1.
        layout["yaxis"]["dtick"] = 1
    return figure(data, layout, filename)


def region_trend_figure(overview, title: str, filename: str) -> dict | None:
    """The average MCP of the pemda per year, with the lowest and highest as dotted lines."""
    points = overview.trend
    if not points:
        return None
    indicator = overview.indicator
    years = [str(point.year) for point in points]
    hover = f"%{{x}}: %{{y:.{indicator.decimals}f}}<extra>%{{fullData.name}}</extra>"
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("Average"),
            "x": years,
            "y": [number(point.average) for point in points],
            "line": {"color": UNIT_COLOUR, "width": 3},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _("Highest"),
            "x": years,
            "y": [number(point.highest) for point in points],
            "line": {"color": BENCHMARK_COLOUR, "dash": "dot"},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": _("Lowest"),
            "x": years,
            "y": [number(point.lowest) for point in points],
            "line": {"color": BENCHMARK_COLOUR, "dash": "dot"},
            "hovertemplate": hover,
        },
    ]
    shapes, labels = band_shapes(indicator)
    layout = {
        "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        "height": 340,
        "xaxis": {"type": "category"},
        "yaxis": {
            "range": [float(indicator.scale_min), float(indicator.scale_max)],
            "fixedrange": True,
        },
        "shapes": shapes,
        "annotations": labels,
    }
    return figure(data, layout, filename)
