"""Reads shared by the pages of several apps (the entry grid, the dashboard, the action
plans): reference data, the units around a unit, scores indexed for pages, the years
with data and the framework. A fixed, small number of queries whatever the size of the
data."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from pagecache import versioned
from scores.models import (
    DEMO_SOURCE,
    ColourBand,
    FrameworkArea,
    Indicator,
    Score,
    Target,
)
from skpd.models import Unit


def indicators_with_bands():
    return Indicator.objects.prefetch_related(
        Prefetch("bands", queryset=ColourBand.objects.order_by("lower"))
    ).select_related("parent", "continues")


def indicators_by_code() -> dict[str, Indicator]:
    """Every indicator with its colour bands, by code: reference data, read once per
    setup version (editing it raises the version), as every page that is computed
    again after a write needs them."""
    return versioned.cached_setup(
        "indicators-by-code",
        lambda: {indicator.code: indicator for indicator in indicators_with_bands()},
    )


def indicators_by_pk() -> dict[int, Indicator]:
    """Reference data, read once per setup version (editing it raises the version)."""
    return versioned.cached_setup("indicators-by-pk", lambda: Indicator.objects.in_bulk())


def province() -> Unit | None:
    """The pemda this installation serves: its first province."""
    return Unit.objects.filter(level=Unit.Level.PROVINCE).order_by("pk").first()


def national_of(unit: Unit) -> Unit | None:
    """The national benchmark above a unit (the unit must come with parent__parent)."""
    candidate = unit
    for _ in range(3):
        if candidate is None:
            return None
        if candidate.level == Unit.Level.NATIONAL:
            return candidate
        candidate = candidate.parent
    return None


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A score as a page shows it, without a model instance (hundreds per dashboard)."""

    unit: Unit
    indicator: Indicator
    year: int
    value: Decimal
    status: str
    source: str

    @property
    def is_demo(self) -> bool:
        return self.source == DEMO_SOURCE

    def get_status_display(self) -> str:
        return Score.Status(self.status).label


SCORE_ROW_FIELDS = ("unit_id", "indicator_id", "year", "value", "status", "source")


def score_rows(queryset, indicators_by_id: dict[int, Indicator], units) -> list[ScoreRow]:
    units_by_id = {unit.pk: unit for unit in units}
    return [
        ScoreRow(units_by_id[unit_id], indicators_by_id[indicator_id], *rest)
        for unit_id, indicator_id, *rest in queryset.values_list(*SCORE_ROW_FIELDS)
    ]


class ScoreIndex:
    """Scores (or targets) looked up by unit, indicator code and year, in memory."""

    def __init__(self, records: Iterable, indicators_by_id: dict[int, Indicator], units=()):
        units_by_id = {unit.pk: unit for unit in units}
        self.by_key: dict[tuple[int, str, int], Score | Target] = {}
        self.years_by_series: dict[tuple[int, str], list[int]] = defaultdict(list)
        for record in records:
            if isinstance(record, ScoreRow):
                unit_id, code = record.unit.pk, record.indicator.code
            else:
                unit_id, code = record.unit_id, indicators_by_id[record.indicator_id].code
                record.indicator = indicators_by_id[record.indicator_id]
                if unit_id in units_by_id:
                    record.unit = units_by_id[unit_id]
            self.by_key[(unit_id, code, record.year)] = record
            self.years_by_series[(unit_id, code)].append(record.year)

    def get(self, unit: Unit | None, code: str, year: int | None):
        if unit is None or year is None:
            return None
        return self.by_key.get((unit.pk, code, year))

    def value(self, unit: Unit | None, code: str, year: int | None) -> Decimal | None:
        record = self.get(unit, code, year)
        return None if record is None else record.value

    def series(self, unit: Unit | None, code: str) -> list:
        if unit is None:
            return []
        years = sorted(self.years_by_series.get((unit.pk, code), []))
        return [self.by_key[(unit.pk, code, year)] for year in years]

    def area_values(self, unit: Unit, year: int, areas: Iterable[Indicator]) -> dict:
        found = {area.code: self.value(unit, area.code, year) for area in areas}
        return {code: value for code, value in found.items() if value is not None}


def benchmark_units(unit: Unit) -> list[Unit]:
    chain = [unit, unit.parent, national_of(unit)]
    unique = {}
    for member in chain:
        if member is not None:
            unique[member.pk] = member
    return list(unique.values())


def framework_areas(unit: Unit, years: Iterable[int]) -> dict[int, list[FrameworkArea]]:
    entries = FrameworkArea.objects.filter(
        year__in=list(years), applies_to__in=FrameworkArea.kinds_for(unit.framework_kind)
    ).select_related("area__continues")
    by_year: dict[int, list[FrameworkArea]] = defaultdict(list)
    for entry in entries:
        by_year[entry.year].append(entry)
    for entries_of_year in by_year.values():
        entries_of_year.sort(key=lambda e: (e.area.sort_order, e.area.code))
    return by_year
