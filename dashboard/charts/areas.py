"""MCP areas in one year: bars against the year before, the waterfall of what drove
the change, and the SKPD × area heatmap."""

from decimal import Decimal

from django.utils.translation import gettext as _

from dashboard.charts.base import PREVIOUS_COLOUR, UNIT_COLOUR, figure, number, short_label
from dashboard.selectors import AreaChange, RankRow
from scores.composite import Waterfall
from scores.models import Indicator
from scores.values import format_change, format_number


def areas_figure(changes: list[AreaChange], year: int, title: str, filename: str) -> dict | None:
    """Grouped bars per area: last year (following `continues`) and this year."""
    if not changes:
        return None
    names = [short_label(change.area.name, 28) for change in changes]
    previous_names = [
        (_("continues %(area)s") % {"area": change.previous_area.name})
        if change.previous_area
        else change.area.name
        for change in changes
    ]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": str(year - 1),
            "y": names,
            "x": [number(change.previous) for change in changes],
            "marker": {"color": PREVIOUS_COLOUR},
            "customdata": previous_names,
            "hovertemplate": f"{year - 1}: %{{x:.2f}}<br>%{{customdata}}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": str(year),
            "y": names,
            "x": [number(change.current) for change in changes],
            "marker": {"color": UNIT_COLOUR},
            "text": [format_number(change.current, 2) for change in changes],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": f"{year}: %{{x:.2f}}<extra></extra>",
        },
    ]
    layout = {
        "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        "barmode": "group",
        "height": 90 + 46 * len(changes),
        "margin": {"l": 190, "r": 40, "t": 40, "b": 40},
        "xaxis": {"range": [0, 105], "fixedrange": True},
        "yaxis": {"autorange": "reversed", "fixedrange": True},
        "legend": {"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
    }
    return figure(data, layout, filename)


def waterfall_figure(
    result: Waterfall,
    *,
    indicators: dict[str, Indicator],
    year: int,
    title: str,
    filename: str,
) -> dict:
    """From last year's official MCP to this year's: one bar per area and the remainder."""
    labels = [_("MCP %(year)s (official)") % {"year": year - 1}]
    labels += [short_label(indicators[bar.area_code].name, 30) for bar in result.bars]
    labels += [_("Remainder"), _("MCP %(year)s (official)") % {"year": year}]
    changes = [bar.contribution for bar in result.bars] + [result.remainder]
    values = [result.start, *changes, result.end]
    texts = [format_number(result.start, 2)] + [format_change(c) for c in changes]
    texts.append(format_number(result.end, 2))
    low, high = axis_span(result.start, changes, result.end)
    data = [
        {
            "type": "waterfall",
            "orientation": "h",
            "y": labels,
            "x": [number(v) for v in values],
            "measure": ["absolute"] + ["relative"] * len(changes) + ["total"],
            "text": texts,
            "textposition": "outside",
            "cliponaxis": False,
            "connector": {"line": {"color": "#9aa5b1", "width": 1}},
            "decreasing": {"marker": {"color": "#c62828"}},
            "increasing": {"marker": {"color": "#2e7d32"}},
            "totals": {"marker": {"color": UNIT_COLOUR}},
            "hovertemplate": "%{y}<br>%{text}<extra></extra>",
            "showlegend": False,
        }
    ]
    layout = {
        "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        "height": 90 + 34 * len(labels),
        "margin": {"l": 200, "r": 50, "t": 40, "b": 50},
        "xaxis": {
            "range": [float(low), float(high)],
            "fixedrange": True,
            "title": {"text": _("points (the axis does not start at 0)"), "font": {"size": 11}},
        },
        "yaxis": {"autorange": "reversed", "fixedrange": True, "tickfont": {"size": 11}},
    }
    return figure(data, layout, filename)


def axis_span(start: Decimal, changes: list[Decimal], end: Decimal) -> tuple[Decimal, Decimal]:
    """A value axis around the running total, so changes of a point or two stay visible."""
    running, low, high = start, start, start
    for change in changes:
        running += change
        low, high = min(low, running), max(high, running)
    low, high = min(low, end), max(high, end)
    margin = max(Decimal("1"), (high - low) * Decimal("0.3"))
    return low - margin, high + margin


HEATMAP_SCALE = [[0, "#c62828"], [0.5, "#f9a825"], [0.75, "#64b5f6"], [1, "#2e7d32"]]


def heatmap_figure(
    rows: list[RankRow], areas: list[Indicator], *, title: str, filename: str
) -> dict | None:
    """Units × areas for the year, in ranking order."""
    rows = [row for row in rows if any(value is not None for value in row.areas)]
    if not rows or not areas:
        return None
    data = [
        {
            "type": "heatmap",
            "x": [short_label(area.name, 12) for area in areas],
            "y": [row.unit.display_name for row in rows],
            "z": [[number(value) for value in row.areas] for row in rows],
            "text": [[format_number(value, 2) for value in row.areas] for row in rows],
            "texttemplate": "%{text}",
            "textfont": {"size": 10},
            "zmin": 50,
            "zmax": 100,
            "colorscale": HEATMAP_SCALE,
            "colorbar": {"thickness": 10, "len": 0.4, "y": 1, "yanchor": "top"},
            "hoverongaps": False,
            "xgap": 1,
            "ygap": 1,
            "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
        }
    ]
    layout = {
        "title": {
            "text": title,
            "font": {"size": 15},
            "x": 0,
            "xanchor": "left",
            "y": 0.995,
            "yanchor": "top",
            "yref": "container",
        },
        "height": 170 + 22 * len(rows),
        "margin": {"l": 120, "r": 10, "t": 120, "b": 10},
        "xaxis": {"side": "top", "fixedrange": True, "tickfont": {"size": 9}, "tickangle": 0},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "tickfont": {"size": 10}},
    }
    return figure(data, layout, filename)
