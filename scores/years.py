"""Which years a page offers and opens on: the one reader of each year rule, for the
dashboard, the unit pages, the entry grid and the action plans alike."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from pagecache import versioned
from scores.models import FrameworkArea, Score
from scores.values import validate_year
from skpd.models import Unit


def parse_year(text: str | None) -> tuple[int | None, bool]:
    """A year as an address or a form gives it (``?year=2024``): ``(year, ok)``.

    Empty text is ``(None, True)``: the page's default year. Text that is not a whole
    number between YEAR_MIN and YEAR_MAX is ``(None, False)``, which pages show as a
    warning quoting what was given. Never raises.
    """
    if not text or not text.strip():
        return None, True
    try:
        return validate_year(int(text.strip())), True
    except (ValueError, ValidationError):
        return None, False


def this_year() -> int:
    """The calendar year in the installation's time zone (WITA), not in UTC."""
    return timezone.localdate().year


def years_by_unit(units: Iterable[Unit] | QuerySet[Unit]) -> dict[int, set[int]]:
    """The years in which each of these units has a score, by unit id: one query.

    A unit without scores is absent from the answer."""
    # No ordering: the default one (by unit name) would join two tables for nothing.
    pairs = Score.objects.filter(unit__in=units).values_list("unit_id", "year").order_by()
    pairs = pairs.distinct()
    years: dict[int, set[int]] = {}
    for unit_id, year in pairs:
        years.setdefault(unit_id, set()).add(year)
    return years


def years_with_data(unit: Unit) -> list[int]:
    """The years in which the unit or any of its children (active or not) has a score,
    oldest first: one query."""
    # A subquery of unit ids, not an OR across the join: PostgreSQL then probes the
    # (unit, indicator, year) index per unit instead of scanning every score.
    members = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).values("pk")
    return sorted(set().union(*years_by_unit(members).values()))


def default_year(
    *,
    years: Iterable[int],
    own_years: Iterable[int] = (),
    final_mcp_years: Iterable[int] = (),
) -> int:
    """The year a page opens on when the address names none.

    In this order: the latest year with a final MCP, when the page passes those (the
    dashboard: leaders read the official score); else the latest of `own_years`, the
    unit's own years with data, when the page passes those (the entry grid: one
    kabupaten's early IIN should not open the province on an empty year); else the
    latest of `years`, the years with data of the unit and the units below it; else
    this year.
    """
    for candidates in (final_mcp_years, own_years, years):
        latest = max(candidates, default=None)
        if latest is not None:
            return latest
    return this_year()


def framework_years() -> list[int]:
    """The years that have an MCP framework, newest first."""
    return list(FrameworkArea.objects.order_by("-year").values_list("year", flat=True).distinct())


def working_year() -> int:
    """The latest year with an MCP framework up to this year: the year plans work on,
    and the year a page shows when there is no data yet. Read once per setup version
    (the framework is reference data) and calendar year."""
    today = this_year()

    def read() -> int:
        latest = (
            FrameworkArea.objects.filter(year__lte=today)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        return latest or today

    return versioned.cached_setup(f"working-year:{today}", read)


def year_choices(data_years: Iterable[int], year: int) -> list[int]:
    """The years a year switch offers, newest first: those with data, those with a
    framework, the chosen one and this year."""
    return sorted({*data_years, *framework_years(), year, this_year()}, reverse=True)
