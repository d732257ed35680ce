"""Plotly figure dicts built from selector output, drawn in the browser by static/js/charts.js.

Plain dicts rather than plotly.graph_objects: the objects validate every property on
construction, which costs more than the whole page may take. The "simple_white"
template is read once from the installed plotly package.
"""

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from scores.composite import Waterfall
from scores.models import Indicator, Score, Target
from scores.selectors import AreaChange, Dashboard, RankRow, RegionComparison, UnitTrend
from scores.values import format_change, format_number

UNIT_COLOUR = "#0b4f6c"
SECOND_COLOUR = "#7b1fa2"
BENCHMARK_COLOUR = "#5b6875"
PREVIOUS_COLOUR = "#9fb7c9"
TARGET_COLOUR = "#1d2733"
BAND_OPACITY = 0.09
FONT = 'system-ui, "Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif'


TEMPLATE = "simple_white"


@lru_cache(maxsize=1)
def simple_white() -> dict:
    import plotly.io

    return plotly.io.templates["simple_white"].to_plotly_json()


def separators() -> str:
    """Plotly's decimal mark then thousands separator, as the active language writes them."""
    return ".," if (get_language() or "id").startswith("en") else ",."


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def short_label(text: str, width: int = 16) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def figure(data: list[dict], layout: dict, filename: str) -> dict:
    return {
        "data": data,
        "layout": {
            # Named, not inlined: the page carries the template once (chart_templates tag).
            "template": TEMPLATE,
            "separators": separators(),
            "font": {"family": FONT, "size": 12},
            "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
            "legend": {"orientation": "h", "y": -0.18},
            "hoverlabel": {"font": {"family": FONT}},
            **layout,
        },
        "config": {
            "responsive": True,
            "displaylogo": False,
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        },
    }


def chart_filename(chart: str, unit_code: str, year: int | None) -> str:
    return f"{chart}-{unit_code}-{year}" if year else f"{chart}-{unit_code}"


def band_shapes(indicator: Indicator) -> tuple[list[dict], list[dict]]:
    """Each colour band as a light horizontal strip with its name at the left edge."""
    bands = sorted(indicator.bands.all(), key=lambda band: band.lower)
    shapes, labels = [], []
    for position, band in enumerate(bands):
        upper = bands[position + 1].lower if position + 1 < len(bands) else indicator.scale_max
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": float(band.lower),
                "y1": float(upper),
                "fillcolor": band.colour,
                "opacity": BAND_OPACITY,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        labels.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 0.005,
                "y": float(upper),
                "yanchor": "top",
                "xanchor": "left",
                "text": band.label,
                "showarrow": False,
                "font": {"size": 10, "color": band.colour},
            }
        )
    return shapes, labels


@dataclass(frozen=True)
class TrendLine:
    name: str
    scores: list[Score]
    colour: str
    dashed: bool = False


def status_text(score: Score) -> str:
    parts = [str(score.get_status_display())]
    if score.as_of:
        parts.append(_("as of %(date)s") % {"date": formats.date_format(score.as_of)})
    return " · ".join(parts)


def line_trace(line: TrendLine, decimals: int) -> dict:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": line.name,
        "legendgroup": line.name,
        "x": [str(score.year) for score in line.scores],
        "y": [number(score.value) for score in line.scores],
        "line": {"color": line.colour, "width": 2.5, "dash": "dash" if line.dashed else "solid"},
        "marker": {"color": line.colour, "size": 9},
        "customdata": [status_text(score) for score in line.scores],
        "hovertemplate": f"%{{x}}: %{{y:.{decimals}f}}<br>%{{customdata}}"
        f"<extra>{line.name}</extra>",
    }


def provisional_trace(line: TrendLine) -> dict | None:
    """Open markers over the provisional points (drawn apart so the legend stays solid)."""
    points = [score for score in line.scores if score.status == Score.Status.PROGRESS]
    if not points:
        return None
    return {
        "type": "scatter",
        "mode": "markers",
        "name": line.name,
        "legendgroup": line.name,
        "showlegend": False,
        "x": [str(score.year) for score in points],
        "y": [number(score.value) for score in points],
        "marker": {"color": "#ffffff", "size": 9, "line": {"color": line.colour, "width": 2}},
        "hoverinfo": "skip",
    }


def trend_figure(
    *,
    indicator: Indicator,
    lines: list[TrendLine],
    targets: list[Target],
    title: str,
    filename: str,
) -> dict | None:
    """One indicator across the years: lines, targets as markers, bands behind."""
    if not any(line.scores for line in lines):
        return None
    decimals = indicator.decimals
    data = [line_trace(line, decimals) for line in lines if line.scores]
    data += [trace for line in lines if (trace := provisional_trace(line))]
    if any(s.status == Score.Status.PROGRESS for line in lines for s in line.scores):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Provisional (open marker)"),
                "x": [None],
                "y": [None],
                "marker": {
                    "color": "#ffffff",
                    "size": 9,
                    "line": {"color": "#5b6875", "width": 2},
                },
                "hoverinfo": "skip",
            }
        )
    if targets:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Target"),
                "x": [str(target.year) for target in targets],
                "y": [number(target.value) for target in targets],
                "marker": {"symbol": "star-diamond", "size": 12, "color": TARGET_COLOUR},
                "hovertemplate": f"%{{x}}: %{{y:.{decimals}f}}<extra>{_('Target')}</extra>",
            }
        )
    present = {s.year for line in lines for s in line.scores} | {t.year for t in targets}
    # Every year in the span, so a gap (no 2021 value) keeps its place on the axis.
    all_years = range(min(present), max(present) + 1)
    shapes, labels = band_shapes(indicator)
    layout = {
        "title": {"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        "height": 340,
        "xaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [str(year) for year in all_years],
        },
        "yaxis": {
            "range": [float(indicator.scale_min), float(indicator.scale_max)],
            "fixedrange": True,
        },
        "shapes": shapes,
        "annotations": labels,
    }
    return figure(data, layout, filename)


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


def band_colour(indicator: Indicator, value: Decimal) -> str:
    band = indicator.band_for(value)
    return band.colour if band else UNIT_COLOUR


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


def unit_trend_lines(code: str, unit, benchmark, scores, colour: str) -> list[TrendLine]:
    lines = [TrendLine(unit.display_name, scores.series(unit, code), colour)]
    if benchmark is not None:
        lines.append(
            TrendLine(
                benchmark.display_name, scores.series(benchmark, code), BENCHMARK_COLOUR, True
            )
        )
    return lines


def ipak_lines(unit, national, scores) -> list[TrendLine]:
    """IPAK is published nationally only; a pemda's own survey, if recorded, beside it."""
    lines = []
    if scores.series(unit, "ipak"):
        lines.append(TrendLine(unit.display_name, scores.series(unit, "ipak"), UNIT_COLOUR))
    if national is not None and national.pk != unit.pk:
        lines.append(
            TrendLine(
                _("%(unit)s (BPS)") % {"unit": national.display_name},
                scores.series(national, "ipak"),
                BENCHMARK_COLOUR,
                dashed=bool(lines),
            )
        )
    return lines


def ipak_targets(unit, national, targets) -> list[Target]:
    return targets.series(unit, "ipak") or (targets.series(national, "ipak") if national else [])


def trend_charts(source, year: int | None, benchmark) -> dict[str, dict | None]:
    """MCP, IIN and IPAK trends of a unit against its benchmark (dashboard and unit page)."""
    unit, indicators = source.unit, source.indicators
    code_of = unit.code
    charts = {
        "mcp-trend": trend_figure(
            indicator=indicators["mcp"],
            lines=unit_trend_lines("mcp", unit, benchmark, source.scores, UNIT_COLOUR),
            targets=source.targets.series(unit, "mcp"),
            title=_("MCP over the years (0–100)"),
            filename=chart_filename("mcp-trend", code_of, year),
        ),
        "iin-trend": trend_figure(
            indicator=indicators["iin"],
            lines=unit_trend_lines("iin", unit, benchmark, source.scores, SECOND_COLOUR),
            targets=source.targets.series(unit, "iin"),
            title=_("IIN over the years (0–100)"),
            filename=chart_filename("iin-trend", code_of, year),
        ),
        "ipak-trend": trend_figure(
            indicator=indicators["ipak"],
            lines=ipak_lines(unit, source.national, source.scores),
            targets=ipak_targets(unit, source.national, source.targets),
            title=_("IPAK over the years (0–5, national)"),
            filename=chart_filename("ipak-trend", code_of, year),
        ),
    }
    for code in ("mcp", "iin"):
        if not source.scores.series(unit, code):
            charts[f"{code}-trend"] = None
    return charts


def dashboard_charts(data: Dashboard) -> dict[str, dict | None]:
    charts = trend_charts(data, data.year, data.parent)
    if data.year is None or not data.has_data_for_year:
        return charts
    code, year = data.unit.code, data.year
    charts["areas"] = areas_figure(
        data.areas,
        year,
        _("MCP areas: %(year)s against %(previous)s") % {"year": year, "previous": year - 1},
        chart_filename("areas", code, year),
    )
    if data.waterfall is not None:
        charts["waterfall"] = waterfall_figure(
            data.waterfall,
            indicators=data.indicators,
            year=year,
            title=_("What drove the change in MCP"),
            filename=chart_filename("waterfall", code, year),
        )
    charts["heatmap"] = heatmap_figure(
        data.ranking,
        data.framework,
        title=_("SKPD × MCP areas, %(year)s") % {"year": year},
        filename=chart_filename("heatmap", code, year),
    )
    for comparison in data.regions:
        name = f"regions-{comparison.indicator.code}"
        charts[name] = regions_figure(
            comparison,
            title=_("%(indicator)s %(year)s of the kabupaten/kota")
            % {"indicator": comparison.indicator.code.upper(), "year": comparison.year},
            filename=chart_filename(name, code, comparison.year),
        )
    return charts


def area_trend_figure(trend: UnitTrend, filename: str) -> dict | None:
    """Each area across the years; a newer area starts from the older one it continues."""
    lines = []
    palette = [
        "#0b4f6c",
        "#c62828",
        "#2e7d32",
        "#f57c00",
        "#7b1fa2",
        "#00838f",
        "#5d4037",
        "#455a64",
        "#ad1457",
        "#827717",
        "#283593",
    ]
    # An older area that a newer one continues is drawn as the newer line's start,
    # not a second time as a line of its own.
    continued = {
        area.continues.code
        for code in trend.area_codes
        if (area := trend.indicators[code]).continues is not None
    }
    for position, code in enumerate(c for c in trend.area_codes if c not in continued):
        area = trend.indicators[code]
        scores = trend.scores.series(trend.unit, code)
        if area.continues is not None:
            older = trend.scores.series(trend.unit, area.continues.code)
            first = min((s.year for s in scores), default=0)
            scores = [s for s in older if s.year < first] + scores
        lines.append(TrendLine(area.name, scores, palette[position % len(palette)]))
    if not lines:
        return None
    mcp = trend.indicators["mcp"]
    result = trend_figure(
        indicator=mcp,
        lines=lines,
        targets=[],
        title=_("MCP areas over the years"),
        filename=filename,
    )
    result["layout"]["height"] = 420
    return result


def unit_charts(trend: UnitTrend) -> dict[str, dict | None]:
    years = [score.year for score in trend.table]
    latest = max(years, default=None)
    charts = trend_charts(trend, latest, trend.parent)
    charts["area-trend"] = area_trend_figure(
        trend, chart_filename("area-trend", trend.unit.code, latest)
    )
    return charts


@dataclass(frozen=True)
class AltTable:
    """The numbers behind a chart, for screen readers and for anyone who prefers a table."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]


def plain(label) -> str:
    return str(label).replace("<br>", " ")


def shown(value) -> str:
    return "–" if value is None else format_number(Decimal(str(value)), 2)


def alt_table(fig: dict) -> AltTable:
    """Read a figure back into a table: categories as rows, series as columns."""
    traces = [t for t in fig["data"] if t.get("hoverinfo") != "skip"]  # overlays, legend keys
    if traces and traces[0]["type"] == "waterfall":
        trace = traces[0]
        labels = trace["y"] if trace.get("orientation") == "h" else trace["x"]
        return AltTable(
            [""], [(plain(y), [t]) for y, t in zip(labels, trace["text"], strict=True)]
        )
    if traces and traces[0]["type"] == "heatmap":
        trace = traces[0]
        columns = [plain(x) for x in trace["x"]]
        return AltTable(
            columns, [(plain(y), row) for y, row in zip(trace["y"], trace["text"], strict=True)]
        )
    categories: list[str] = []
    cells: dict[tuple[str, int], str] = {}
    for position, trace in enumerate(traces):
        horizontal = trace.get("orientation") == "h"
        keys, values = (trace["y"], trace["x"]) if horizontal else (trace["x"], trace["y"])
        for key, value in zip(keys, values, strict=True):
            if plain(key) not in categories:
                categories.append(plain(key))
            cells[(plain(key), position)] = shown(value)
    if all(str(c).isdigit() for c in categories):
        categories.sort()
    columns = [plain(trace.get("name") or "") for trace in traces]
    rows = [(c, [cells.get((c, p), "–") for p in range(len(traces))]) for c in categories]
    return AltTable(columns, rows)


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


def overview_charts(overview) -> dict[str, dict | None]:
    """The national view's (or a province's) distribution for the year and trend."""
    code = overview.unit.code
    year_text = str(overview.year) if overview.year else ""
    distribution_title = _("Distribution of MCP scores of the pemda")
    trend_title = _("MCP of the pemda over the years")
    return {
        "region-distribution": distribution_figure(
            overview,
            f"{distribution_title} {year_text}".strip(),
            chart_filename("mcp-distribution", code, overview.year),
        ),
        "region-trend": region_trend_figure(
            overview, trend_title, chart_filename("mcp-pemda-trend", code, None)
        ),
    }
