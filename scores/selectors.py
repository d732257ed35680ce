"""Reads for pages: a fixed, small number of queries whatever the size of the data."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from scores.models import ColourBand, Indicator, Score
from skpd.models import Unit


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    score: Score
    previous: Score | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.previous is None else self.score.value - self.previous.value

    @property
    def band(self) -> ColourBand | None:
        return self.indicator.band_for(self.score.value)


def indicators_with_bands():
    return Indicator.objects.prefetch_related(
        Prefetch("bands", queryset=ColourBand.objects.order_by("lower"))
    ).select_related("parent", "continues")


def province() -> Unit | None:
    """The pemda this installation serves: its first province."""
    return Unit.objects.filter(level=Unit.Level.PROVINCE).order_by("pk").first()


def headline(unit: Unit, indicator_code: str, year: int | None = None) -> Headline | None:
    """The latest final value (or the given year's) with the year before it."""
    indicator = indicators_with_bands().filter(code=indicator_code).first()
    if indicator is None:
        return None
    scores = Score.objects.filter(unit=unit, indicator=indicator)
    current = (
        scores.filter(year=year).first()
        if year is not None
        else scores.final().order_by("-year").first()
    )
    if current is None:
        return None
    previous = scores.filter(year=current.year - 1).first()
    return Headline(indicator=indicator, score=current, previous=previous)


@dataclass(frozen=True)
class ScoreTable:
    indicators: list[Indicator]
    years: list[int]
    rows: list[tuple[int, list[Score | None]]]


def unit_score_table(unit: Unit) -> ScoreTable:
    """Every value of a unit: one row per year, one column per indicator it has."""
    scores = list(Score.objects.filter(unit=unit).select_related("indicator"))
    indicators = sorted(
        {score.indicator for score in scores}, key=lambda i: (i.sort_order, i.code)
    )
    years = sorted({score.year for score in scores}, reverse=True)
    by_key = {(score.year, score.indicator_id): score for score in scores}
    rows = [(year, [by_key.get((year, i.pk)) for i in indicators]) for year in years]
    return ScoreTable(indicators=indicators, years=years, rows=rows)
