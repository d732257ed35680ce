from decimal import Decimal

from django import template

from scores.values import format_change, format_number

register = template.Library()


@register.filter
def score_value(value: Decimal | None, decimals: int = 2) -> str:
    """84,73 in Indonesian, 84.73 in English."""
    return format_number(value, decimals)


@register.filter
def score_change(delta: Decimal | None, decimals: int = 2) -> str:
    """A signed change with a true minus sign: −1,27."""
    return format_change(delta, decimals)


@register.filter
def trend(delta: Decimal | None) -> str:
    """up, down or flat, for arrows and colours."""
    if delta is None or delta == 0:
        return "flat"
    return "up" if delta > 0 else "down"


@register.filter
def score_short(value: Decimal | None, decimals: int = 2) -> str:
    """Like score_value, without decimals for whole numbers: 89 → 69,66."""
    return format_number(value, decimals, trim=True)
