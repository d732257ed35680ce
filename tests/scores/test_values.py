import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from scores.values import format_change, format_number, parse_value, quantize


@pytest.mark.parametrize("text", ["84,73", "84.73", " 84,73 ", "84,73%", "84,73 %"])
def test_it_reads_the_ways_people_type_a_value(text):
    assert parse_value(text) == Decimal("84.73")


@pytest.mark.parametrize("text", ["", "   ", None, "%"])
def test_empty_means_no_value(text):
    assert parse_value(text) is None


def test_indonesian_thousands_are_read_as_thousands_not_decimals():
    assert parse_value("1.234,5") == Decimal("1234.5")
    assert parse_value("1,234.5") == Decimal("1234.5")


@pytest.mark.parametrize(
    "text", ["abc", "84,7,3", "1e3", "NaN", "Infinity", "٨٤", "84..73", "=1+1", "1 234", "x" * 40]
)
def test_anything_else_is_a_validation_error(text):
    with pytest.raises(ValidationError):
        parse_value(text)


@given(st.text(max_size=60))
def test_the_parser_raises_nothing_but_validation_error(text):
    with contextlib.suppress(ValidationError):
        parse_value(text)


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_every_valid_value_round_trips_through_its_display(value):
    for language in ("id", "en"):
        with translation.override(language):
            assert parse_value(format_number(value, 2)) == value


def test_numbers_are_shown_in_the_active_language():
    with translation.override("id"):
        assert format_number(Decimal("84.73"), 2) == "84,73"
        assert format_change(Decimal("-1.27")) == "\u22121,27"
        assert format_change(Decimal("0.5")) == "+0,50"
    with translation.override("en"):
        assert format_number(Decimal("1234.5"), 2) == "1,234.50"


@pytest.mark.parametrize("digits", [29, 32])
def test_the_longest_number_parse_value_admits_is_refused_with_a_message(digits, db, indicators):
    """Past Decimal's default 28 digits, showing the value in the range message raised
    InvalidOperation (a 500 page) instead of the message."""
    from scores.values import validate_value

    value = parse_value("1" + "0" * (digits - 1))
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        validate_value(indicators["mcp"], value)
    assert refused.value.code == "out_of_range"
    assert f"{int(value):,}".replace(",", ".") in refused.value.messages[0]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "value",
    ["0", "-0.004", "7", "84.725", "-1.27", "999.995", "1234.5", "-1234567.891", "1E+3", "1E-9"],
)
@pytest.mark.parametrize("decimals", [0, 2, 4])
def test_format_number_writes_what_djangos_number_format_writes(language, value, decimals):
    with translation.override(language):
        expected = formats.number_format(
            quantize(Decimal(value), decimals),
            decimal_pos=decimals,
            use_l10n=True,
            force_grouping=True,
        )
        assert format_number(Decimal(value), decimals) == expected
