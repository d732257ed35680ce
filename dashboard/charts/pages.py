"""Each page's set of figures, keyed by the names its template draws them under."""

from django.utils.translation import gettext as _

from dashboard.charts.areas import areas_figure, heatmap_figure, waterfall_figure
from dashboard.charts.base import chart_filename
from dashboard.charts.regions import distribution_figure, region_trend_figure, regions_figure
from dashboard.charts.trends import area_trend_figure, trend_charts
from dashboard.selectors import Dashboard, UnitTrend


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
    charts.update(skpd_charts(data))
    for comparison in data.regions:
        name = f"regions-{comparison.indicator.code}"
        charts[name] = regions_figure(
            comparison,
            title=_("%(indicator)s %(year)s of the kabupaten/kota")
            % {"indicator": comparison.indicator.code.upper(), "year": comparison.year},
            filename=chart_filename(name, code, comparison.year),
        )
    return charts


def skpd_charts(data: Dashboard) -> dict[str, dict | None]:
    """The SKPD × areas heatmap, drawn in the dashboard's part about its SKPD."""
    code, year = data.unit.code, data.year
    return {
        "heatmap": heatmap_figure(
            data.ranking,
            data.framework,
            title=_("SKPD × MCP areas, %(year)s") % {"year": year},
            filename=chart_filename("heatmap", code, year),
        )
    }


def unit_charts(trend: UnitTrend) -> dict[str, dict | None]:
    years = [score.year for score in trend.table]
    latest = max(years, default=None)
    charts = trend_charts(trend, latest, trend.parent)
    charts["area-trend"] = area_trend_figure(
        trend, chart_filename("area-trend", trend.unit.code, latest)
    )
    return charts


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
