"""Helpers shared by the score-entry tests."""

import re
from decimal import Decimal

from scores import services
from scores.models import Indicator
from skpd.models import Unit


def cell_key(unit: Unit, indicator: Indicator, kind: str = "s") -> str:
    return f"{kind}-{unit.pk}-{indicator.pk}"


def cell_fields(page: str, key: str) -> dict[str, str]:
    """The value, version and fingerprint a page shows for one cell, as a form posts them."""
    fields = {}
    for prefix in ("v", "ver", "was"):
        match = re.search(rf'name="{prefix}-{key}" value="([^"]*)"', page)
        assert match, f"no {prefix}-{key} in the page"
        fields[f"{prefix}-{key}"] = match.group(1)
    return fields


def save_score(unit, indicator, year, value, by, **extra):
    return services.score_set(
        unit=unit, indicator=indicator, year=year, value=Decimal(value), by=by, **extra
    )
