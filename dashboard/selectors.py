"""Reads for the dashboard and the unit page: a fixed, small number of queries whatever
the size of the data.

The dashboard and the unit page each read a handful of querysets (indicators with
their bands, the unit with its ancestors, the scores and targets of the unit and its
benchmarks, its children's scores for two years, the framework) and do the rest in
Python, so the number of queries does not grow with units or years.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from pagecache import versioned
from scores.composite import Waterfall, area_shares, carried_over, waterfall
from scores.history import HistoryRow, history_rows
from scores.models import (
    ColourBand,
    FrameworkArea,
    Indicator,
    Score,
    Target,
)
from scores.selectors import (
    ScoreIndex,
    ScoreRow,
    benchmark_units,
    framework_areas,
    indicators_by_code,
    national_of,
    score_rows,
)
from scores.years import default_year, years_with_data
from skpd.access import is_unit_code
from skpd.models import Unit
from workbook import selectors as workbook_selectors
from workbook.scoring import OwnedScore
from workbook.selectors import Fulfilment, Tally

HEADLINE_CODES = ("mcp", "iin", "ipak")


ALERT_CODES = ("mcp", "iin")


ALERT_DROP = Decimal(2)


LOW_BAND_COUNT = 2


MIN_REGIONS = 2  # one kabupaten alone is no comparison


REGION_LEVELS = (Unit.Level.REGENCY, Unit.Level.CITY)


# What the SKPD ranking can rank by (the address's `rank_by`): the MCP (typed, else
# derived from the workbook's documents) or the share of documents delivered.
RANK_BY_MCP = "mcp"
RANK_BY_DOCUMENTS = "documents"
RANK_BY = (RANK_BY_MCP, RANK_BY_DOCUMENTS)


def parse_rank_by(text: str | None) -> str:
    """The ranking's order from the address: `documents`, else the MCP (anything else,
    missing or junk, falls back to the MCP: never an error)."""
    return text if text in RANK_BY else RANK_BY_MCP


def dashboard_unit(code: str | None) -> Unit | None:
    """The pemda a dashboard shows, with the units above it: ?unit=<code> (404 unless a
    pemda) or the province. Read once per setup version (a well-formed code)."""

    def read() -> Unit | None:
        units = Unit.objects.select_related("parent__parent")
        if not code:
            return units.filter(level=Unit.Level.PROVINCE).order_by("pk").first()
        return units.filter(code=code, level__in=Unit.PEMDA_LEVELS).first()

    unit = (
        versioned.cached_setup(f"dashboard-unit:{code or ''}", read)
        if (not code or is_unit_code(code))
        else read()
    )
    if unit is None and code:
        raise Http404("No pemda with this code.")
    return unit


def is_low_band(indicator: Indicator, value: Decimal | None) -> bool:
    """In the lowest two colour bands (merah/kuning, rentan/waspada, …)."""
    band = indicator.band_for(value)
    if band is None:
        return False
    lowest = sorted(indicator.bands.all(), key=lambda b: b.lower)[:LOW_BAND_COUNT]
    return band in lowest


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    score: Score | None
    previous: Score | None = None
    target: Target | None = None
    unit: Unit | None = None
    year: int | None = None

    @property
    def delta(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score.value - self.previous.value

    @property
    def band(self) -> ColourBand | None:
        return self.indicator.band_for(self.score.value) if self.score else None

    @property
    def gap(self) -> Decimal | None:
        if self.score is None or self.target is None:
            return None
        return self.score.value - self.target.value


@dataclass(frozen=True)
class AreaChange:
    area: Indicator
    previous: Decimal | None
    previous_area: Indicator | None
    current: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass(frozen=True)
class RankRow:
    unit: Unit
    rank: int | None
    mcp: ScoreRow | None
    delta: Decimal | None
    band: ColourBand | None
    iin: ScoreRow | None
    can_open: bool
    areas: list[Decimal | None]
    documents: Tally | None = None  # the OPD's workbook documents by state
    # The OPD's MCP derived from its documents in this year's workbook (None without a
    # workbook for the year or without owned sub-indicators); it stands in for the MCP
    # where none is typed (issue 14, item 7).
    derived: OwnedScore | None = None

    @property
    def derived_value(self) -> Decimal | None:
        """The derived MCP (2 decimals) when no MCP is typed for the year, else None."""
        if self.mcp is not None or self.derived is None or self.derived.value is None:
            return None
        return self.derived.value.quantize(Decimal("0.01"))

    @property
    def mcp_value(self) -> Decimal | None:
        """The MCP the ranking uses: the typed one, else the one derived from documents."""
        return self.mcp.value if self.mcp is not None else self.derived_value


@dataclass(frozen=True)
class Alert:
    unit: Unit
    indicator: Indicator
    score: Score | ScoreRow
    delta: Decimal | None
    fell: bool
    low_band: bool
    band: ColourBand | None
    can_open: bool


@dataclass(frozen=True)
class RegionComparison:
    indicator: Indicator
    year: int
    rows: list[tuple[Unit, Score]]
    reference: Score | None
    benchmark: Score | None


@dataclass
class Dashboard:
    unit: Unit
    parent: Unit | None
    national: Unit | None
    year: int | None
    years: list[int]
    indicators: dict[str, Indicator]
    scores: ScoreIndex
    targets: ScoreIndex
    headlines: dict[str, Headline] = field(default_factory=dict)
    framework: list[Indicator] = field(default_factory=list)
    areas: list[AreaChange] = field(default_factory=list)
    waterfall: Waterfall | None = None
    ranking: list[RankRow] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    regions: list[RegionComparison] = field(default_factory=list)
    fulfilment: Fulfilment | None = None
    rank_by: str = RANK_BY_MCP

    @property
    def has_derived_mcp(self) -> bool:
        return any(row.derived_value is not None for row in self.ranking)

    @property
    def has_data_for_year(self) -> bool:
        return self.year in self.years


# Reads of scores and targets below ask for no order (.order_by()): ScoreIndex looks them
# up by key and sorts the years itself, and the models' default order (by unit name and
# indicator) would join two tables into every one of these queries for nothing.


def dashboard(
    unit: Unit,
    year: int | None,
    visible_ids: set[int] | None,
    rank_by: str = RANK_BY_MCP,
    with_children: bool = True,
) -> Dashboard:
    """Everything the dashboard shows for a pemda and a year (None: the default year),
    the SKPD ranked by `rank_by` (RANK_BY).

    `with_children=False`: the pemda's own part only; the ranking of its SKPD, their
    alerts and the kabupaten/kota comparison are left empty for `children_part` and
    `add_children` (the page caches that part under its own scopes, skpd.scopes)."""
    indicators = indicators_by_code()
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    trend_units = benchmark_units(unit)
    scores = ScoreIndex(Score.objects.filter(unit__in=trend_units).order_by(), by_id, trend_units)
    targets = ScoreIndex(
        Target.objects.filter(unit__in=trend_units).order_by(), by_id, trend_units
    )
    years = years_with_data(unit)
    chosen = year if year is not None or not years else opening_year(unit, scores, years)
    data = Dashboard(
        unit=unit,
        parent=unit.parent,
        national=national_of(unit),
        year=chosen,
        years=years,
        indicators=indicators,
        scores=scores,
        targets=targets,
        rank_by=rank_by,
    )
    if chosen is None or chosen not in years:
        return data
    data.headlines = {code: headline_for(data, code) for code in HEADLINE_CODES}
    framework = framework_areas(unit, [chosen, chosen - 1])
    this_year = framework.get(chosen, [])
    data.framework = [by_id[entry.area_id] for entry in this_year]
    data.areas = area_changes(data, this_year)
    data.waterfall = waterfall_for(data, this_year)
    data.alerts = alerts(unit, [], scores, ScoreIndex([], by_id), data, visible_ids)
    if with_children:
        add_children(data, children_part(data, visible_ids))
    return data


@dataclass(frozen=True)
class ChildrenPart:
    """What a dashboard shows of the units right below the pemda: its SKPD ranked, their
    alerts, the documents' fulfilment, and the kabupaten/kota's MCP and IIN series
    (for the comparison) as plain rows that the cache stores cheaply."""

    ranking: list[RankRow]
    alerts: list[Alert]
    fulfilment: Fulfilment | None
    region_rows: list[tuple]


# A kabupaten/kota's score in ChildrenPart.region_rows: the unit's fields, then the
# indicator code, year, value, status and source.
REGION_UNIT_FIELDS = ("pk", "code", "name", "short_name", "level", "parent_id")


def children_part(data: Dashboard, visible_ids: set[int] | None) -> ChildrenPart:
    """The part of `data`'s dashboard about the units right below its pemda (three
    queries, three more with a workbook for the year: the OPDs' MCP derived from their
    documents): reads the pemda's own part only for the year, indicators, areas and the
    order of the ranking."""
    unit, by_id = data.unit, {i.pk: i for i in data.indicators.values()}
    children, child_scores = children_with_scores(unit, data.year, by_id)
    fulfilment = workbook_selectors.fulfilment(unit, data.year)
    derived = (
        workbook_selectors.opd_mcps(unit, data.year)
        if fulfilment and fulfilment.year == data.year
        else {}
    )
    ranked = ranking(children, child_scores, data, visible_ids, fulfilment, derived)
    no_own = ScoreIndex([], by_id)
    child_alerts = alerts(unit, children, no_own, child_scores, data, visible_ids)
    region_rows = [
        (
            tuple(getattr(row.unit, name) for name in REGION_UNIT_FIELDS),
            row.indicator.code,
            row.year,
            row.value,
            row.status,
            row.source,
        )
        for child in children
        if child.level in REGION_LEVELS
        for code in ALERT_CODES
        for row in child_scores.series(child, code)
    ]
    return ChildrenPart(ranked, child_alerts, fulfilment, region_rows)


def add_children(data: Dashboard, part: ChildrenPart) -> None:
    """Join the part about the units below (children_part) to the pemda's own part."""
    data.ranking = part.ranking
    data.fulfilment = part.fulfilment
    data.alerts = data.alerts + part.alerts  # the pemda's own first, as alerts() sorts
    add_regions(data, part.region_rows)


def add_regions(data: Dashboard, region_rows: list[tuple]) -> None:
    """The kabupaten/kota comparison from ChildrenPart.region_rows."""
    units: dict[int, Unit] = {}
    rows = []
    for fields, code, year, value, status, source in region_rows:
        if fields[0] not in units:
            units[fields[0]] = Unit(**dict(zip(REGION_UNIT_FIELDS, fields, strict=True)))
        rows.append(ScoreRow(units[fields[0]], data.indicators[code], year, value, status, source))
    by_id = {i.pk: i for i in data.indicators.values()}
    data.regions = region_comparisons(list(units.values()), ScoreIndex(rows, by_id), data)


def opening_year(unit: Unit, scores: ScoreIndex, years: list[int]) -> int:
    """The latest year with an official (final) MCP, else the latest year with data."""
    final = [score.year for score in scores.series(unit, "mcp") if score.status == "final"]
    return default_year(years=years, final_mcp_years=final)


def headline_for(data: Dashboard, code: str) -> Headline:
    """MCP and IIN are the unit's own; IPAK is published nationally only."""
    owner = data.national if code == "ipak" and data.national else data.unit
    if code == "ipak" and data.scores.get(data.unit, code, data.year):
        owner = data.unit
    return Headline(
        indicator=data.indicators[code],
        score=data.scores.get(owner, code, data.year),
        previous=data.scores.get(owner, code, data.year - 1),
        target=data.targets.get(owner, code, data.year),
        unit=owner,
        year=data.year,
    )


def area_changes(data: Dashboard, this_year: list[FrameworkArea]) -> list[AreaChange]:
    """This year's areas against last year's, following `continues` across renames."""
    areas = [data.indicators[entry.area.code] for entry in this_year]
    previous_all = {
        code: score.value
        for (unit_id, code, year), score in data.scores.by_key.items()
        if unit_id == data.unit.pk and year == data.year - 1 and code.startswith("mcp.")
    }
    carried = carried_over(areas, previous_all)
    changes = []
    for area in areas:
        current = data.scores.value(data.unit, area.code, data.year)
        previous = carried.get(area.code)
        if current is None and previous is None:
            continue
        via = area.continues if area.code not in previous_all and previous is not None else None
        changes.append(AreaChange(area, previous, via, current))
    return changes


def waterfall_for(data: Dashboard, this_year: list[FrameworkArea]) -> Waterfall | None:
    start = data.scores.value(data.unit, "mcp", data.year - 1)
    end = data.scores.value(data.unit, "mcp", data.year)
    if start is None or end is None:
        return None
    previous = {c.area.code: c.previous for c in data.areas if c.previous is not None}
    current = {c.area.code: c.current for c in data.areas if c.current is not None}
    result = waterfall(
        start=start,
        end=end,
        shares=area_shares(this_year),
        previous=previous,
        current=current,
        decimals=data.indicators["mcp"].decimals,
    )
    return result if result.bars else None


def children_with_scores(unit: Unit, year: int, by_id: dict[int, Indicator]):
    """Active children, with their scores for this year and last, and every year's
    MCP and IIN for kabupaten/kota (few units, for the comparison): two queries."""
    children = list(Unit.objects.filter(parent=unit, is_active=True).order_by("name"))
    records = (
        Score.objects.filter(unit__parent=unit, unit__is_active=True)
        .order_by()
        .filter(
            Q(year__in=[year, year - 1])
            | Q(unit__level__in=REGION_LEVELS, indicator__code__in=ALERT_CODES, year__lte=year)
        )
    )
    return children, ScoreIndex(score_rows(records, by_id, children), by_id)


def ranking(
    children,
    child_scores: ScoreIndex,
    data: Dashboard,
    visible_ids,
    fulfilment: Fulfilment | None = None,
    derived: dict[int, OwnedScore] | None = None,
) -> list[RankRow]:
    """SKPD best first by `data.rank_by`: this year's MCP (typed, else derived from the
    OPD's documents, `derived` by unit id) or the share of its workbook documents
    delivered (`fulfilment`; ties: the share accepted by KPK, then the name); units
    without the value ranked by come last, unranked."""
    derived = derived or {}
    mcp = data.indicators["mcp"]
    skpd = [child for child in children if child.level == Unit.Level.SKPD]
    rows = []
    for child in skpd:
        score = child_scores.get(child, "mcp", data.year)
        previous = child_scores.value(child, "mcp", data.year - 1)
        rows.append(
            RankRow(
                unit=child,
                rank=None,
                mcp=score,
                # The change only between typed values: a derived MCP is another measure.
                delta=None if score is None or previous is None else score.value - previous,
                band=None,
                iin=child_scores.get(child, "iin", data.year),
                can_open=visible_ids is None or child.pk in visible_ids,
                areas=[child_scores.value(child, area.code, data.year) for area in data.framework],
                documents=fulfilment.of(child) if fulfilment else None,
                derived=derived.get(child.pk),
            )
        )
    if not any(row.mcp or row.iin or row.documents or row.derived_value for row in rows):
        return []
    rows = [_with(row, band=_band(mcp, row.mcp_value)) for row in rows]
    if data.rank_by == RANK_BY_DOCUMENTS:
        rows.sort(key=_documents_key)
        has_value = [row.documents is not None and row.documents.total > 0 for row in rows]
    else:
        rows.sort(key=lambda row: (row.mcp_value is None, -(row.mcp_value or 0)))
        has_value = [row.mcp_value is not None for row in rows]
    return [
        _with(row, rank=position) if ranked else row
        for position, (row, ranked) in enumerate(zip(rows, has_value, strict=True), start=1)
    ]


def _documents_key(row: RankRow):
    tally = row.documents
    if tally is None or not tally.total:
        return (True, 0, 0, row.unit.display_name)
    return (False, -tally.delivered_percent, -tally.accepted_percent, row.unit.display_name)


def _band(indicator: Indicator, value: Decimal | None) -> ColourBand | None:
    return indicator.band_for(value) if value is not None else None


def _with(row: RankRow, **changes) -> RankRow:
    return RankRow(**{**row.__dict__, **changes})


def alerts(unit, children, scores, child_scores, data: Dashboard, visible_ids) -> list[Alert]:
    """The unit and its children whose MCP or IIN fell ≥ 2 points or sits low."""
    found = []
    for member, index in [(unit, scores)] + [(child, child_scores) for child in children]:
        for code in ALERT_CODES:
            score = index.get(member, code, data.year)
            if score is None:
                continue
            indicator = data.indicators[code]
            previous = index.value(member, code, data.year - 1)
            delta = None if previous is None else score.value - previous
            fell = delta is not None and delta <= -ALERT_DROP
            low = is_low_band(indicator, score.value)
            if fell or low:
                found.append(
                    Alert(
                        unit=member,
                        indicator=indicator,
                        score=score,
                        delta=delta,
                        fell=fell,
                        low_band=low,
                        band=indicator.band_for(score.value),
                        can_open=visible_ids is None or member.pk in visible_ids,
                    )
                )
    found.sort(key=lambda a: (a.unit.pk != unit.pk, a.indicator.code, a.score.value))
    return found


def region_comparisons(children, child_scores: ScoreIndex, data: Dashboard):
    """Kabupaten/kota side by side, per indicator, in the year (up to the chosen one)
    in which most of them have a value: IIN 2022 has twelve, 2023 only two."""
    regions = [child for child in children if child.level in REGION_LEVELS]
    comparisons = []
    for code in ALERT_CODES:
        by_year: dict[int, list[tuple[Unit, Score]]] = defaultdict(list)
        for region in regions:
            for score in child_scores.series(region, code):
                by_year[score.year].append((region, score))
        if not by_year:
            continue
        year = max(by_year, key=lambda y: (len(by_year[y]), y))
        if len(by_year[year]) < MIN_REGIONS:
            continue
        rows = sorted(by_year[year], key=lambda pair: pair[1].value, reverse=True)
        comparisons.append(
            RegionComparison(
                indicator=data.indicators[code],
                year=year,
                rows=rows,
                reference=data.scores.get(data.unit, code, year),
                benchmark=data.scores.get(data.parent, code, year),
            )
        )
    return comparisons


@dataclass
class UnitTrend:
    unit: Unit
    parent: Unit | None
    national: Unit | None
    indicators: dict[str, Indicator]
    scores: ScoreIndex
    targets: ScoreIndex
    table: list[Score]
    history: list[HistoryRow]
    area_codes: list[str]

    @property
    def has_scores(self) -> bool:
        return bool(self.table)

    @property
    def has_demo(self) -> bool:
        return any(score.is_demo for score in self.table)

    @property
    def last_change(self):
        return max((score.updated_at for score in self.table), default=None)


def unit_trend(unit: Unit, history_limit: int = 100) -> UnitTrend:
    """A unit's values, its parent's, targets and history of changes: five queries."""
    indicators = indicators_by_code()
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    if not comes_with_parents(unit):
        unit = Unit.objects.select_related("parent__parent").get(pk=unit.pk)
    trend_units = benchmark_units(unit)
    records = list(Score.objects.filter(unit__in=trend_units).order_by())
    scores = ScoreIndex(records, by_id, trend_units)
    own = [record for record in records if record.unit_id == unit.pk]
    own.sort(key=lambda s: (-s.year, s.indicator.sort_order, s.indicator.code))
    area_codes = sorted(
        {s.indicator.code for s in own if s.indicator.is_area},
        key=lambda code: (indicators[code].sort_order, code),
    )
    return UnitTrend(
        unit=unit,
        parent=unit.parent,
        national=national_of(unit),
        indicators=indicators,
        scores=scores,
        targets=ScoreIndex(
            Target.objects.filter(unit__in=trend_units).order_by(), by_id, trend_units
        ),
        table=own,
        history=history_rows(Score.history.filter(unit_id=unit.pk), by_id, limit=history_limit),
        area_codes=area_codes,
    )


def comes_with_parents(unit: Unit) -> bool:
    """The unit's parent and grandparent are loaded with it (skpd.access.unit_by_code
    gives them so): no query to read them again."""
    parent_field = Unit._meta.get_field("parent")
    if unit.parent_id is None:
        return True
    if not parent_field.is_cached(unit):
        return False
    return unit.parent.parent_id is None or parent_field.is_cached(unit.parent)


@dataclass(frozen=True)
class ScoreTable:
    indicators: list[Indicator]
    years: list[int]
    rows: list[tuple[int, list[Score | None]]]


def score_table(scores: list[Score]) -> ScoreTable:
    indicators = sorted(
        {score.indicator for score in scores}, key=lambda i: (i.sort_order, i.code)
    )
    years = sorted({score.year for score in scores}, reverse=True)
    by_key = {(score.year, score.indicator_id): score for score in scores}
    rows = [(year, [by_key.get((year, i.pk)) for i in indicators]) for year in years]
    return ScoreTable(indicators=indicators, years=years, rows=rows)
