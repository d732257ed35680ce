"""Reading, checking and showing score values, the same way on every path
(entry grid, forms, imports, the API and demo data)."""

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from scores.models import YEAR_MAX, YEAR_MIN, Indicator

MAX_INPUT_LENGTH = 32
MINUS = "\u2212"
# Digits with either separator as the decimal mark; grouping is handled before this.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
# 1.234,5 (Indonesian) or 1,234.5 (English): the last separator is the decimal mark.
GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(?:([.,])[0-9]{3})+(?:(?!\1)[.,][0-9]+)?")


def parse_value(text: str | None) -> Decimal | None:
    """Read a number as people type it: ``84,73``, ``84.73``, `` 84,73 %``, ``1.234,5``.

    Empty text means "no value" (None). Anything else that is not a plain decimal number
    raises ValidationError, never another exception.
    """
    cleaned = (text or "").strip().removesuffix("%").strip()
    if not cleaned:
        return None
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise ValidationError(_("This is too long to be a number."), code="invalid")
    if GROUPED_NUMBER.fullmatch(cleaned) and "." in cleaned and "," in cleaned:
        decimal_mark = cleaned[max(cleaned.rfind("."), cleaned.rfind(","))]
        grouping = "," if decimal_mark == "." else "."
        cleaned = cleaned.replace(grouping, "")
    if not PLAIN_NUMBER.fullmatch(cleaned):
        raise ValidationError(
            _("“%(text)s” is not a number. Write it like 84,73.") % {"text": text.strip()},
            code="invalid",
        )
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise ValidationError(_("This is not a number."), code="invalid") from None


def validate_text(text: str, max_length: int | None = None) -> str:
    """Free text (notes, sources, reasons): PostgreSQL cannot store a NUL character,
    which only a broken file or a forged request sends, nor more characters than its
    column holds (max_length; None for a TEXT column). SQLite would store both, so the
    rule is checked here, the same on both databases.

    Raises ValidationError with code "invalid_text" or "too_long"."""
    if "\x00" in text:
        raise ValidationError(
            _("This text contains a character that cannot be stored (NUL)."), code="invalid_text"
        )
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _("This text is longer than %(limit)s characters.") % {"limit": max_length},
            code="too_long",
        )
    return text


def validate_value(indicator: Indicator, value: Decimal) -> Decimal:
    """The one range and precision check for every indicator and every write path."""
    if not value.is_finite():
        raise ValidationError(_("This is not a number."), code="invalid")
    if not indicator.scale_min <= value <= indicator.scale_max:
        raise ValidationError(
            _("Value %(value)s is outside the range %(min)s–%(max)s.")
            % {
                "value": format_number(value),
                "min": format_number(indicator.scale_min, indicator.decimals, trim=True),
                "max": format_number(indicator.scale_max, indicator.decimals, trim=True),
            },
            code="out_of_range",
        )
    if decimal_places(value) > indicator.decimals:
        raise ValidationError(
            _("%(indicator)s takes at most %(decimals)d decimals.")
            % {"indicator": indicator.name, "decimals": indicator.decimals},
            code="too_precise",
        )
    return value


def validate_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            _("Year %(year)s is outside %(min)s–%(max)s.")
            % {"year": year, "min": YEAR_MIN, "max": YEAR_MAX},
            code="year_out_of_range",
        )
    return year


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# Room for every number parse_value admits (up to 32 digits) with its decimals: the
# default context's 28 digits would make quantize fail on a 29-digit out-of-range value.
WIDE = Context(prec=2 * MAX_INPUT_LENGTH)


def quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=WIDE)


def format_number(value: Decimal | None, decimals: int | None = None, *, trim=False) -> str:
    """A value in the active language's notation: 84,73 in Indonesian, 84.73 in English."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = decimal_places(value)
    shown = quantize(Decimal(value), decimals)
    if trim and shown == shown.to_integral_value():
        decimals = 0
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    if formats.get_format("NUMBER_GROUPING") != 3:
        return formats.number_format(
            shown, decimal_pos=decimals, use_l10n=True, force_grouping=True
        )
    # Python's own grouping in threes, then the language's marks: what Django's
    # number_format gives for these settings, at a tenth of its cost (a page shows
    # hundreds of values; tests/scores/test_values.py compares the two).
    if shown.is_zero():
        shown = shown.copy_abs()  # no "−0,00", as Django writes none
    return f"{shown:,.{decimals}f}".translate({44: thousands, 46: decimal_mark})


def format_change(delta: Decimal | None, decimals: int = 2) -> str:
    """A signed change with a true minus sign: −1,27 or +0,50."""
    if delta is None:
        return "–"
    rounded = quantize(delta, decimals)
    if rounded == 0:
        return format_number(abs(rounded), decimals)
    sign = MINUS if rounded < 0 else "+"
    return sign + format_number(abs(rounded), decimals)
