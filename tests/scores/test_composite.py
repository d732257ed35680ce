from decimal import Decimal

import pytest

from scores.composite import area_shares, carried_over, composite_estimate, waterfall
from scores.models import FrameworkArea, Indicator, Score


def area_values(unit, year) -> dict[str, Decimal]:
    scores = Score.objects.filter(unit=unit, year=year, indicator__parent__code="mcp")
    return {score.indicator.code: score.value for score in scores.select_related("indicator")}


def province_framework(year):
    return FrameworkArea.objects.filter(
        year=year, applies_to__in=FrameworkArea.kinds_for("province")
    ).select_related("area")


def test_equal_weights_give_84_65_for_kalsel_2023_not_the_official_84_73(official_data):
    shares = area_shares(province_framework(2023))
    estimate = composite_estimate(shares, area_values(official_data["kalsel"], 2023))
    assert estimate.value == Decimal("84.65")
    assert estimate.equal_weights
    assert estimate.complete


def test_set_weights_are_used_when_every_area_has_one(official_data):
    framework = list(province_framework(2023))
    for entry in framework:
        entry.weight = Decimal("2") if entry.area.code == "mcp.apip" else Decimal("1")
    shares = area_shares(framework)
    assert not shares.equal_weights
    assert shares.by_area["mcp.apip"] == Decimal(2) / Decimal(8)


def test_missing_areas_are_listed_and_the_rest_reweighted(db):
    shares = area_shares(province_framework(2023))
    estimate = composite_estimate(shares, {"mcp.pbj": Decimal("90")})
    assert estimate.value == Decimal("90.00")
    assert len(estimate.missing) == 6
    assert not estimate.complete


def test_kalsel_waterfall_2022_to_2023_adds_up_to_the_official_change(official_data):
    kalsel = official_data["kalsel"]
    start = Score.objects.get(unit=kalsel, indicator__code="mcp", year=2022).value
    end = Score.objects.get(unit=kalsel, indicator__code="mcp", year=2023).value
    result = waterfall(
        start=start,
        end=end,
        shares=area_shares(province_framework(2023)),
        previous=area_values(kalsel, 2022),
        current=area_values(kalsel, 2023),
    )
    total = sum(bar.contribution for bar in result.bars) + result.remainder
    assert total == Decimal("-1.27")
    assert result.biggest_mover.area_code == "mcp.apip"
    assert result.biggest_mover.previous == Decimal("89")
    assert result.biggest_mover.current == Decimal("69.66")
    assert all(
        bar.contribution == bar.contribution.quantize(Decimal("0.01")) for bar in result.bars
    )


@pytest.mark.parametrize(
    ("area", "older"),
    [
        ("mcp.perencanaan", "mcp.perencanaan_penganggaran"),
        ("mcp.pelayanan_publik", "mcp.perizinan"),
    ],
)
def test_2024_areas_carry_over_the_2023_area_they_continue(db, area, older):
    indicator = Indicator.objects.select_related("continues").get(code=area)
    assert carried_over([indicator], {older: Decimal("70")}) == {area: Decimal("70")}
