"""A spreadsheet cell as the person sees it: the number its format shows, dates as
dates, text without invisible characters.

Shared by the .xlsx and .ods readers so that two files of one sheet read the same.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

# Zero-width space, non-joiner and joiner, word joiner, soft hyphen, byte-order mark:
# pasted from web pages and PDFs into codes and names, and never seen on screen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff"), None)
# Non-breaking and other fixed-width spaces count as ordinary spaces.
ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
# Quoted text, escapes, [colours] and [conditions], and the padding codes _x and *x of an
# Excel number format: none of them places a digit.
FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass(frozen=True)
class Shown:
    """The text of a cell as shown, and a note when that differs from what is stored
    (a number rounded as its format shows it)."""

    text: str
    note: str = ""


def clean_text(text: str) -> str:
    """Text with invisible characters removed and odd spaces made plain, stripped."""
    return ODD_SPACES.sub(" ", text.translate(INVISIBLE)).strip()


def number_shape(format_code: str | None) -> tuple[bool, int | None]:
    """(percent, decimals shown) of an Excel number format such as ``0.00``, ``0%``,
    ``#,##0.0_);(#,##0.0)`` or ``General``; decimals None when the format shows a number
    as stored (General, text ``@``, scientific). The first section (positive numbers)
    decides, as ECMA-376 part 1 §18.8.31 lays out the sections."""
    code = (format_code or "General").strip()
    if code.casefold() in ("general", "@", ""):
        return False, None
    section = FORMAT_LITERALS.sub("", split_sections(code)[0])
    percent = "%" in section
    if "E+" in section.upper() or "E-" in section.upper():
        return percent, None
    if not re.search(r"[0#?]", section):
        return percent, None
    decimals = re.search(r"\.([0#?]+)", section)
    return percent, len(decimals.group(1)) if decimals else 0


def split_sections(code: str) -> list[str]:
    """A format's ;-separated sections, leaving semicolons inside quotes alone."""
    sections, current, quoted = [], [], False
    for character in code:
        if character == '"':
            quoted = not quoted
        if character == ";" and not quoted:
            sections.append("".join(current))
            current = []
            continue
        current.append(character)
    sections.append("".join(current))
    return sections


def exact_decimal(number: float | int) -> Decimal:
    """A stored number as Excel shows it at most: 15 significant digits, so that the
    float noise of a formula (84.72999999999999) is 84.73."""
    if isinstance(number, int):
        return Decimal(number)
    return Decimal(format(number, ".15g"))


def decimal_text(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 2025, 84.7, 0.005."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def shown_number(number: float | int, format_code: str | None) -> Shown:
    """A numeric cell as its format shows it: a percent format gives value × 100 (0,85
    shown as 85% is 85); a format with fixed decimals rounds half up as Excel does, and
    the note says so when that changes the stored number."""
    try:
        stored = exact_decimal(number)
    except InvalidOperation:
        return Shown(str(number))
    if not stored.is_finite():
        return Shown(str(number))
    percent, decimals = number_shape(format_code)
    value = stored * 100 if percent else stored
    if decimals is None:
        return Shown(decimal_text(value))
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == value:
        return Shown(decimal_text(value))
    return Shown(decimal_text(rounded), rounded_note(value, rounded, decimals))


def rounded_note(stored: Decimal, shown: Decimal, decimals: int) -> str:
    stored_places = max(0, -stored.normalize().as_tuple().exponent)
    return _("rounded as the sheet shows it: %(stored)s → %(shown)s") % {
        "stored": formats.number_format(stored, stored_places),
        "shown": formats.number_format(shown, decimals),
    }


def shown_date(value: datetime.date | datetime.datetime) -> Shown:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return Shown(value.isoformat())
