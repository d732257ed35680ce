from decimal import Decimal

from django.utils import translation

from dashboard import charts, selectors
from scores import services


def test_figures_use_simple_white_and_the_language_separators(official_data):
    data = selectors.dashboard(official_data["kalsel"], None, None)
    with translation.override("id"):
        indonesian = charts.dashboard_charts(data)["mcp-trend"]
    with translation.override("en"):
        english = charts.dashboard_charts(data)["mcp-trend"]
    assert indonesian["layout"]["separators"] == ",."
    assert english["layout"]["separators"] == ".,"
    assert indonesian["layout"]["template"] == "simple_white"
    assert charts.simple_white()["layout"]["plot_bgcolor"] == "white"
    filename = indonesian["config"]["toImageButtonOptions"]["filename"]
    assert filename == "mcp-trend-kalsel-2023"


def test_the_trend_draws_provisional_values_with_open_markers_and_the_parent_dashed(
    official_data,
):
    data = selectors.dashboard(official_data["kalsel"], None, None)
    with translation.override("id"):
        figure = charts.dashboard_charts(data)["mcp-trend"]
    kalsel, nasional = figure["data"][0], figure["data"][1]
    assert kalsel["x"] == ["2020", "2021", "2022", "2023"]
    provisional = next(t for t in figure["data"] if t.get("showlegend") is False)
    assert provisional["x"] == ["2020", "2021"]
    assert provisional["marker"]["color"] == "#ffffff"
    assert nasional["line"]["dash"] == "dash"
    assert any(trace["name"] == "Target" for trace in figure["data"])
    assert len(figure["layout"]["shapes"]) == 4  # merah, kuning, biru, hijau


def test_the_waterfall_ends_on_the_official_values_and_names_the_remainder(official_data):
    data = selectors.dashboard(official_data["kalsel"], None, None)
    with translation.override("id"):
        trace = charts.dashboard_charts(data)["waterfall"]["data"][0]
    assert trace["x"][0] == 86.0 and trace["x"][-1] == 84.73
    assert trace["measure"][0] == "absolute" and trace["measure"][-1] == "total"
    assert trace["y"][-2] == "Sisa"
    assert "\u22122,76" in trace["text"]


def test_every_chart_has_a_table_alternative(official_data):
    data = selectors.dashboard(official_data["kalsel"], None, None)
    with translation.override("id"):
        figures = charts.dashboard_charts(data)
    trend = charts.alt_table(figures["mcp-trend"])
    assert ("2023", ["84,73", "75,13", "–"]) in trend.rows
    waterfall = charts.alt_table(figures["waterfall"])
    assert ("MCP 2023 (resmi)", ["84,73"]) in waterfall.rows


def test_a_split_area_is_drawn_once_as_the_start_of_the_areas_that_continue_it(
    official_data, indicators
):
    kalsel = official_data["kalsel"]
    for code in ("mcp.perencanaan", "mcp.penganggaran"):
        services.score_set(
            unit=kalsel, indicator=indicators[code], year=2024, value=Decimal(80), by=None
        )
    with translation.override("id"):
        figure = charts.unit_charts(selectors.unit_trend(kalsel))["area-trend"]
    names = [trace["name"] for trace in figure["data"] if trace.get("showlegend", True)]
    assert "Perencanaan dan Penganggaran APBD" not in names
    perencanaan = next(trace for trace in figure["data"] if trace["name"] == "Perencanaan")
    assert perencanaan["x"][0] == "2020" and perencanaan["x"][-1] == "2024"


def distribution_with_counts(counts: list[int]) -> dict:
    from types import SimpleNamespace

    from dashboard.national import Bucket

    buckets = [
        Bucket(Decimal(50 + 5 * i), Decimal(55 + 5 * i), count, None)
        for i, count in enumerate(counts)
    ]
    overview = SimpleNamespace(histogram=buckets)
    return charts.distribution_figure(overview, "Sebaran", "sebaran")


def test_a_distribution_of_a_few_pemda_ticks_whole_numbers_only():
    """Plotly's own ticks for counts up to 1 (0,2, 0,4 …) print as 0, 0, 1, 1 in "d"."""
    assert distribution_with_counts([1, 0, 1])["layout"]["yaxis"]["dtick"] == 1
    assert "dtick" not in distribution_with_counts([40, 120, 80])["layout"]["yaxis"]


def test_a_chart_has_no_toolbar_and_speaks_the_page_language(official_data):
    # Plotly's toolbar inside a labelled chart is a nested interactive control (axe) with
    # some 50 tab stops in English; the page offers its own download button instead.
    data = selectors.dashboard(official_data["kalsel"], None, None)
    with translation.override("id"):
        indonesian = charts.dashboard_charts(data)["mcp-trend"]["config"]
    with translation.override("en"):
        english = charts.dashboard_charts(data)["mcp-trend"]["config"]
    assert indonesian["displayModeBar"] is False
    assert indonesian["locale"] == "id"
    assert english["locale"] == "en"
    assert indonesian["responsive"] is True
