"""The national view and a province's overview: its pemda ranked by MCP for a year,
the distribution of their values and the trend of the average, one page at a time.

The pemda's MCP values are read once per page, in parts: one part per province (the
province and its kabupaten/kota), each cached under that province's scopes
(pagecache.versioned.cached_parts). A write in Kabupaten Banjar makes only the part of
Kalimantan Selatan be read again (one small query); the other provinces' parts come
from the cache. The ranking, the histogram and the trend are then computed in Python
from those few thousand values (546 pemda × 7 years nationally), which costs less than
the three GROUP BY queries and the ranked page they replace. The number of queries
stays the same whatever the number of pemda.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from pagecache import versioned
from scores.models import ColourBand, Indicator, Score
from scores.selectors import indicators_by_code
from skpd.models import Unit
from skpd.scopes import region_part_scopes

RANK_PAGE_SIZE = 50
HISTOGRAM_STEP = 5
REGION_OVERVIEW_LEVELS = (Unit.Level.NATIONAL, Unit.Level.PROVINCE)


def has_overview(unit: Unit) -> bool:
    return unit.level in REGION_OVERVIEW_LEVELS


def region_units(unit: Unit) -> QuerySet[Unit]:
    """The pemda ranked under a unit: every province and kabupaten/kota below the
    national unit, the kabupaten/kota of a province. Used as a subquery, never listed."""
    pemda = Unit.objects.filter(level__in=Unit.PEMDA_LEVELS, is_active=True)
    if unit.level == Unit.Level.NATIONAL:
        return pemda.filter(Q(parent=unit) | Q(parent__parent=unit))
    return pemda.filter(parent=unit)


@dataclass(frozen=True)
class RegionRankRow:
    unit: Unit
    rank: int
    value: Decimal
    previous: Decimal | None
    status: str
    band: ColourBand | None
    can_open: bool

    @property
    def delta(self) -> Decimal | None:
        return None if self.previous is None else self.value - self.previous


@dataclass(frozen=True)
class TrendPoint:
    year: int
    average: Decimal
    lowest: Decimal
    highest: Decimal
    count: int


@dataclass(frozen=True)
class Bucket:
    lower: Decimal
    upper: Decimal
    count: int
    band: ColourBand | None


@dataclass
class RegionOverview:
    unit: Unit
    indicator: Indicator
    year: int | None
    trend: list[TrendPoint]
    histogram: list[Bucket]
    page: Page | None
    rows: list[RegionRankRow]

    @property
    def years(self) -> list[int]:
        return [point.year for point in self.trend]

    @property
    def pemda_count(self) -> int:
        return self.page.paginator.count if self.page else 0


# One pemda's MCP of one year as a part holds it: (unit id, year, value, status). A
# plain tuple: a part is read from the cache on every miss of the page, and tuples
# unpickle several times faster than dataclasses or model instances.
PemdaMcp = tuple[int, int, Decimal, str]
UNIT_ID, YEAR, VALUE, STATUS = range(4)


# A ranked pemda as the setup cache holds it: enough to build a Unit for the shown rows.
MEMBER_FIELDS = ("pk", "code", "name", "short_name", "level", "parent_id")


@dataclass(frozen=True)
class Members:
    """The pemda ranked under a unit, grouped in parts: part id → member ids, and each
    member's fields (MEMBER_FIELDS) by id."""

    parts: dict[int, list[int]]
    units: dict[int, tuple]

    def unit(self, unit_id: int) -> Unit:
        fields = dict(zip(MEMBER_FIELDS, self.units[unit_id], strict=True))
        return Unit(**fields, is_active=True)


def region_members(unit: Unit) -> Members:
    """The pemda ranked under a unit (region_units), grouped by the province they belong
    to (a province with its kabupaten/kota; under a province, one part). One query,
    cached until the unit tree changes (the setup version)."""

    def read() -> Members:
        parts: dict[int, list[int]] = defaultdict(list)
        units = {}
        for fields in region_units(unit).values_list(*MEMBER_FIELDS):
            pk, parent_id = fields[0], fields[-1]
            part = pk if parent_id == unit.pk and unit.level == Unit.Level.NATIONAL else parent_id
            parts[part].append(pk)
            units[pk] = fields
        return Members(dict(parts), units)

    return versioned.cached_setup(f"region-members:{unit.pk}", read)


def region_scores(
    unit: Unit, mcp: Indicator, version: versioned.Version | None = None
) -> tuple[Members, list[PemdaMcp]]:
    """Every year's MCP of the pemda ranked under a unit: the parts in the cache, the
    others read in one query. A part is keyed by its province's scopes (`unit:` for
    the province's own values, `below:` for its kabupaten/kota's; skpd.scopes), so a
    write in one pemda leaves the other provinces' parts cached."""
    members = region_members(unit)

    def read(missing: list[int]) -> dict[int, list[PemdaMcp]]:
        part_of = {pk: part for part in missing for pk in members.parts[part]}
        found: dict[int, list[PemdaMcp]] = {part: [] for part in missing}
        rows = Score.objects.filter(indicator=mcp, unit__in=list(part_of)).order_by()
        for row in rows.values_list("unit_id", "year", "value", "status"):
            found[part_of[row[UNIT_ID]]].append(row)
        return found

    parts = {
        part: (f"region-part:{unit.pk}:{part}:{mcp.pk}", region_part_scopes(part))
        for part in members.parts
    }
    values = versioned.cached_parts(parts, read, version) if parts else {}
    return members, [score for part in members.parts for score in values[part]]


def region_overview(
    unit: Unit,
    year: int | None,
    page_number: str | None,
    visible_ids: set[int] | None,
    version: versioned.Version | None = None,
    mcp: Indicator | None = None,
) -> RegionOverview:
    """At most five queries at every size: the MCP indicator and its bands unless given
    (two), the ranked pemda (cached until the unit tree changes), the scope numbers
    of their parts and the parts not in the cache (one query for all of them)."""
    mcp = mcp or indicators_by_code()["mcp"]
    members, scores = region_scores(unit, mcp, version)
    trend = mcp_trend(scores)
    years = [point.year for point in trend]
    # By default the year in which most pemda have a value (the latest of equals):
    # a year that only one kabupaten has reported is no ranking.
    busiest = max(trend, key=lambda point: (point.count, point.year), default=None)
    chosen = year if year is not None else (busiest.year if busiest else None)
    overview = RegionOverview(unit, mcp, chosen, trend, [], None, [])
    if chosen is None or chosen not in years:
        return overview
    this_year = [score for score in scores if score[YEAR] == chosen]
    overview.histogram = buckets_of([score[VALUE] for score in this_year], mcp)
    previous = {score[UNIT_ID]: score[VALUE] for score in scores if score[YEAR] == chosen - 1}
    names = members.units
    # Best first, then by name (as the ORDER BY this replaces).
    ranked = sorted(this_year, key=lambda score: (-score[VALUE], names[score[UNIT_ID]][2]))
    overview.page = Paginator(ranked, RANK_PAGE_SIZE).get_page(page_number)
    first = overview.page.start_index()
    overview.rows = [
        RegionRankRow(
            unit=members.unit(unit_id),
            rank=first + position,
            value=value,
            previous=previous.get(unit_id),
            status=status,
            band=mcp.band_for(value),
            can_open=visible_ids is None or unit_id in visible_ids,
        )
        for position, (unit_id, _year, value, status) in enumerate(overview.page.object_list)
    ]
    return overview


def mcp_trend(scores: list[PemdaMcp]) -> list[TrendPoint]:
    """The average (to two decimals), lowest and highest MCP and the number of pemda
    with a value, per year."""
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for score in scores:
        by_year[score[YEAR]].append(score[VALUE])
    return [
        TrendPoint(
            year,
            (sum(values) / len(values)).quantize(Decimal("0.01")),
            min(values),
            max(values),
            len(values),
        )
        for year, values in sorted(by_year.items())
    ]


def histogram(
    unit: Unit, mcp: Indicator, year: int, version: versioned.Version | None
) -> list[Bucket]:
    """Counts per 5-point bucket of the pemda under a unit, every bucket from the lowest
    to the highest shown."""
    _members, scores = region_scores(unit, mcp, version)
    return buckets_of([score[VALUE] for score in scores if score[YEAR] == year], mcp)


def buckets_of(values: list[Decimal], mcp: Indicator) -> list[Bucket]:
    top = int(mcp.scale_max) // HISTOGRAM_STEP - 1  # the scale's maximum joins the last bucket
    counts: dict[int, int] = defaultdict(int)
    for value in values:
        counts[min(math.floor(value / HISTOGRAM_STEP), top)] += 1
    if not counts:
        return []
    buckets = []
    for bucket in range(min(counts), max(counts) + 1):
        lower = Decimal(bucket * HISTOGRAM_STEP)
        buckets.append(
            Bucket(lower, lower + HISTOGRAM_STEP, counts.get(bucket, 0), mcp.band_for(lower))
        )
    return buckets
