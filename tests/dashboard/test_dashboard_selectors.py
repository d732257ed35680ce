from decimal import Decimal

import pytest
from django.http import Http404

from dashboard import selectors
from scores import services
from scores.models import Indicator


@pytest.fixture
def kalsel_2023(official_data):
    return selectors.dashboard(official_data["kalsel"], None, None)


def test_the_default_year_is_the_latest_with_an_official_mcp(kalsel_2023):
    assert kalsel_2023.year == 2023


def test_the_mcp_headline_has_value_change_and_band(kalsel_2023):
    mcp = kalsel_2023.headlines["mcp"]
    assert mcp.score.value == Decimal("84.73")
    assert mcp.delta == Decimal("-1.27")
    assert mcp.band.label_id == "Hijau"
    assert mcp.target is None


def test_the_iin_headline_is_rentan_after_a_fall(kalsel_2023):
    iin = kalsel_2023.headlines["iin"]
    assert iin.score.value == Decimal("72.54")
    assert iin.delta == Decimal("-1.22")
    assert iin.band.label_id == "Rentan"


def test_ipak_is_the_national_value_with_its_target_and_gap(kalsel_2023):
    ipak = kalsel_2023.headlines["ipak"]
    assert ipak.unit.code == "nasional"
    assert ipak.score.value == Decimal("3.92")
    assert ipak.target.value == Decimal("4.09")
    assert ipak.gap == Decimal("-0.17")


def test_the_waterfall_for_kalsel_2022_to_2023_adds_up_to_the_official_change(kalsel_2023):
    result = kalsel_2023.waterfall
    assert sum(bar.contribution for bar in result.bars) + result.remainder == Decimal("-1.27")
    mover = result.biggest_mover
    assert (mover.area_code, mover.previous, mover.current) == (
        "mcp.apip",
        Decimal("89"),
        Decimal("69.66"),
    )
    assert result.equal_weights


def test_areas_compare_this_year_with_last(kalsel_2023):
    apip = next(change for change in kalsel_2023.areas if change.area.code == "mcp.apip")
    assert (apip.previous, apip.current) == (Decimal("89"), Decimal("69.66"))
    assert apip.previous_area is None


def test_areas_follow_continues_across_the_2024_framework_change(official_data):
    kalsel = official_data["kalsel"]
    for code, value in (("mcp.perencanaan", "80"), ("mcp.pelayanan_publik", "90")):
        services.score_set(
            unit=kalsel,
            indicator=Indicator.objects.get(code=code),
            year=2024,
            value=Decimal(value),
            by=None,
            reason="test",
        )
    data = selectors.dashboard(kalsel, 2024, None)
    by_code = {change.area.code: change for change in data.areas}
    assert by_code["mcp.perencanaan"].previous == Decimal("82.50")
    assert by_code["mcp.perencanaan"].previous_area.code == "mcp.perencanaan_penganggaran"
    assert by_code["mcp.pelayanan_publik"].previous == Decimal("100")
    assert by_code["mcp.pelayanan_publik"].previous_area.code == "mcp.perizinan"


def test_ranking_puts_the_highest_mcp_first_and_links_only_visible_units(official_data):
    kalsel, bpkad = official_data["kalsel"], official_data["bpkad"]
    bpkad_score = services.score_set(
        unit=bpkad,
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("91"),
        by=None,
        reason="test",
    )
    services.score_set(
        unit=official_data["bappeda"],
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("70"),
        by=None,
        reason="test",
    )
    rows = selectors.dashboard(kalsel, 2023, {bpkad.pk}).ranking
    ranked = [row for row in rows if row.rank]
    assert [row.unit.code for row in ranked] == ["bpkad", "bappeda"]
    assert ranked[0].mcp.value == bpkad_score.value == Decimal("91")
    assert ranked[0].band.label_id == "Hijau"
    assert [row.can_open for row in ranked] == [True, False]
    assert all(row.rank is None for row in rows if row.mcp is None)


def test_alerts_list_falls_of_two_points_and_the_lowest_two_bands(official_data):
    kalsel, bpkad = official_data["kalsel"], official_data["bpkad"]
    mcp = Indicator.objects.get(code="mcp")
    for year, value in ((2022, "80"), (2023, "77.5")):
        services.score_set(
            unit=bpkad, indicator=mcp, year=year, value=Decimal(value), by=None, reason="t"
        )
    alerts = selectors.dashboard(kalsel, 2023, None).alerts
    found = {(alert.unit.code, alert.indicator.code): alert for alert in alerts}
    assert found[("bpkad", "mcp")].fell and not found[("bpkad", "mcp")].low_band
    assert found[("kalsel", "iin")].low_band  # 72,54 is rentan
    assert ("kalsel", "mcp") not in found  # −1,27 and hijau


def test_regions_compare_the_year_in_which_most_have_a_value(kalsel_2023):
    iin = next(c for c in kalsel_2023.regions if c.indicator.code == "iin")
    assert iin.year == 2022
    assert len(iin.rows) == 12  # all but Tanah Bumbu
    assert iin.rows[0][0].code == "hulu-sungai-selatan"
    assert iin.reference.value == Decimal("73.76")
    assert iin.benchmark.value == Decimal("71.94")
    assert all(c.indicator.code != "mcp" for c in kalsel_2023.regions)  # one kabupaten only


def test_a_year_without_data_has_no_headlines(official_data):
    data = selectors.dashboard(official_data["kalsel"], 2010, None)
    assert not data.has_data_for_year
    assert data.headlines == {}
    assert data.years[0] == 2020


def test_dashboard_unit_is_404_for_an_unknown_code_or_a_non_pemda(official_units):
    assert selectors.dashboard_unit(None).code == "kalsel"
    assert selectors.dashboard_unit("banjarbaru").code == "banjarbaru"
    for code in ("tidak-ada", "bpkad", "nasional"):
        with pytest.raises(Http404):
            selectors.dashboard_unit(code)


def test_unit_trend_keeps_history_old_and_new_with_reason(official_data):
    kalsel = official_data["kalsel"]
    services.score_set(
        unit=kalsel,
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("85"),
        by=None,
        reason="KPK's figure",
    )
    trend = selectors.unit_trend(kalsel)
    latest = trend.history[0]
    assert (latest.old, latest.new, latest.reason) == (
        Decimal("84.73"),
        Decimal("85"),
        "KPK's figure",
    )
    assert trend.parent.code == "nasional"
    assert not trend.has_demo
