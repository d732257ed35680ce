"""scores.years: the one reader of each year rule."""

from decimal import Decimal

import pytest

from scores import services
from scores.years import default_year, parse_year, this_year, years_by_unit, years_with_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, True)),
        (None, (None, True)),
        ("  ", (None, True)),
        ("2023", (2023, True)),
        (" 2023 ", (2023, True)),
        ("abc", (None, False)),
        ("99999", (None, False)),
        ("1999", (None, False)),
        ("2023.0", (None, False)),
        ("\x00", (None, False)),
    ],
)
def test_parse_year(text, expected):
    assert parse_year(text) == expected


def test_the_default_year_prefers_a_final_mcp_then_the_units_own_years_then_any():
    assert default_year(years=[2021, 2024], own_years=[2022], final_mcp_years=[2020]) == 2020
    assert default_year(years=[2021, 2024], own_years=[2022]) == 2022
    assert default_year(years=[2021, 2024]) == 2024


def test_the_default_year_without_any_data_is_this_year():
    assert default_year(years=[]) == this_year()


def test_years_with_data_cover_the_unit_and_its_children(official_units, indicators, kalsel):
    bpkad = official_units["bpkad"]
    for unit, year in ((kalsel, 2021), (bpkad, 2023)):
        services.score_set(
            unit=unit, indicator=indicators["mcp"], year=year, value=Decimal(80), by=None
        )
    assert years_with_data(kalsel) == [2021, 2023]
    assert years_with_data(bpkad) == [2023]
    assert years_by_unit([kalsel, bpkad]) == {kalsel.pk: {2021}, bpkad.pk: {2023}}
