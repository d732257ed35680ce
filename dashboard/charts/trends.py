"""A value over the years: the unit, its benchmark, targets and provisional values;
and the MCP areas' trend on the unit page."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from dashboard.charts.base import (
    BENCHMARK_COLOUR,
    SECOND_COLOUR,
    TARGET_COLOUR,
    UNIT_COLOUR,
    band_shapes,
    chart_filename,
    figure,
    number,
)
from dashboard.selectors import UnitTrend
from scores.models import Indicator, Score, Target


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
        # The trace's name, which figure() escapes: a template would take it raw.
        "<extra>%{fullData.name}</extra>",
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
