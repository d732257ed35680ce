"""The national view and a province's overview: its pemda ranked by MCP for a year,
the distribution of their values and the trend of the average, one page at a time.

Every figure is computed in the database (ranking with LIMIT/OFFSET, histogram and
trend by GROUP BY), so the number of queries and the rows read into Python stay the
same whether the tree holds one province or all 546 pemda.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Floor

from pagecache import versioned
from scores.models import ColourBand, Indicator, Score
from scores.selectors import indicators_with_bands
from skpd.models import Unit
from skpd.scopes import read_scopes

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


def region_overview(
    unit: Unit,
    year: int | None,
    page_number: str | None,
    visible_ids: set[int] | None,
    version: versioned.Version | None = None,
    mcp: Indicator | None = None,
) -> RegionOverview:
    """At most five queries at every size: the MCP indicator and its bands unless given
    (two), the trend by year and the histogram (both cached), and the page of the
    ranking with its count."""
    mcp = mcp or indicators_with_bands().get(code="mcp")
    version = versioned.current_version() if version is None else version
    scopes = read_scopes(unit)  # the pemda below the unit: a write elsewhere keeps them
    trend = versioned.cached(
        f"region-trend:{unit.pk}", lambda: mcp_trend(unit, mcp, version), version, scopes
    )
    years = [point.year for point in trend]
    # By default the year in which most pemda have a value (the latest of equals):
    # a year that only one kabupaten has reported is no ranking.
    busiest = max(trend, key=lambda point: (point.count, point.year), default=None)
    chosen = year if year is not None else (busiest.year if busiest else None)
    overview = RegionOverview(unit, mcp, chosen, trend, [], None, [])
    if chosen is None or chosen not in years:
        return overview
    overview.histogram = versioned.cached(
        f"region-histogram:{unit.pk}:{chosen}",
        lambda: histogram(unit, mcp, chosen, version),
        version,
        scopes,
    )
    overview.page = Paginator(
        ranking_queryset(unit, mcp, chosen, version), RANK_PAGE_SIZE
    ).get_page(page_number)
    first = overview.page.start_index()
    overview.rows = [
        RegionRankRow(
            unit=score.unit,
            rank=first + position,
            value=score.value,
            previous=score.previous,
            status=score.status,
            band=mcp.band_for(score.value),
            can_open=visible_ids is None or score.unit_id in visible_ids,
        )
        for position, score in enumerate(overview.page.object_list)
    ]
    return overview


def region_unit_ids(unit: Unit, version: versioned.Version | None) -> list[int]:
    """The ranked pemda's ids (546 nationally), cached until the unit tree changes (the
    setup version): a literal list lets PostgreSQL probe the (unit, indicator, year)
    index per pemda rather than scan the year's scores. `version` is unused (kept for
    the callers' signature)."""
    return versioned.cached_setup(
        f"region-units:{unit.pk}",
        lambda: list(region_units(unit).values_list("pk", flat=True)),
    )


def mcp_scores(
    unit: Unit, mcp: Indicator, version: versioned.Version | None = None
) -> QuerySet[Score]:
    return Score.objects.filter(indicator=mcp, unit__in=region_unit_ids(unit, version)).order_by()


def mcp_trend(unit: Unit, mcp: Indicator, version: versioned.Version | None) -> list[TrendPoint]:
    rows = (
        mcp_scores(unit, mcp, version)
        .values("year")
        .annotate(average=Avg("value"), lowest=Min("value"), highest=Max("value"), n=Count("id"))
        .order_by("year")
    )
    return [
        TrendPoint(
            row["year"],
            Decimal(row["average"]).quantize(Decimal("0.01")),
            row["lowest"],
            row["highest"],
            row["n"],
        )
        for row in rows
    ]


def histogram(
    unit: Unit, mcp: Indicator, year: int, version: versioned.Version | None
) -> list[Bucket]:
    """Counts per 5-point bucket, every bucket from the lowest to the highest shown."""
    rows = (
        mcp_scores(unit, mcp, version)
        .filter(year=year)
        .annotate(bucket=Floor(F("value") / HISTOGRAM_STEP))
        .values("bucket")
        .annotate(n=Count("id"))
        .order_by("bucket")
    )
    top = int(mcp.scale_max) // HISTOGRAM_STEP - 1  # the scale's maximum joins the last bucket
    counts: dict[int, int] = {}
    for row in rows:
        bucket = min(int(row["bucket"]), top)
        counts[bucket] = counts.get(bucket, 0) + row["n"]
    if not counts:
        return []
    buckets = []
    for bucket in range(min(counts), max(counts) + 1):
        lower = Decimal(bucket * HISTOGRAM_STEP)
        buckets.append(
            Bucket(lower, lower + HISTOGRAM_STEP, counts.get(bucket, 0), mcp.band_for(lower))
        )
    return buckets


def ranking_queryset(unit: Unit, mcp: Indicator, year: int, version: versioned.Version | None):
    previous = Score.objects.filter(unit=OuterRef("unit"), indicator=mcp, year=year - 1)
    return (
        mcp_scores(unit, mcp, version)
        .filter(year=year)
        .select_related("unit")
        .annotate(previous=Subquery(previous.order_by().values("value")[:1]))
        .order_by("-value", "unit__name")
    )
