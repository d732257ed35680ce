"""The composite MCP estimate and the waterfall of what drove a change.

One function computes both, so the entry page, the dashboard and any simulator can
never disagree. Official weights are not published: where a year's framework lacks a
weight for any area, every area counts equally and the result says so.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from scores.models import FrameworkArea, Indicator
from scores.values import quantize


@dataclass(frozen=True)
class Shares:
    by_area: dict[str, Decimal]
    equal_weights: bool


@dataclass(frozen=True)
class Composite:
    value: Decimal | None
    equal_weights: bool
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.value is not None and not self.missing


@dataclass(frozen=True)
class WaterfallBar:
    area_code: str
    previous: Decimal
    current: Decimal
    contribution: Decimal


@dataclass(frozen=True)
class Waterfall:
    start: Decimal
    end: Decimal
    bars: list[WaterfallBar]
    remainder: Decimal
    equal_weights: bool

    @property
    def biggest_mover(self) -> WaterfallBar | None:
        return max(self.bars, key=lambda bar: abs(bar.contribution), default=None)


def area_shares(framework_areas: Iterable[FrameworkArea]) -> Shares:
    """Each counting area's share of the total (shares sum to 1)."""
    areas = list(framework_areas)
    if not areas:
        return Shares({}, equal_weights=True)
    if all(area.weight is not None for area in areas):
        total = sum(area.weight for area in areas)
        return Shares({a.area.code: a.weight / total for a in areas}, equal_weights=False)
    equal = Decimal(1) / len(areas)
    return Shares({area.area.code: equal for area in areas}, equal_weights=True)


def composite_estimate(shares: Shares, values: Mapping[str, Decimal], decimals=2) -> Composite:
    """The weighted sum of the area values present, re-weighted over those present."""
    present = {code: share for code, share in shares.by_area.items() if code in values}
    missing = [code for code in shares.by_area if code not in values]
    if not present:
        return Composite(None, shares.equal_weights, missing)
    weight_present = sum(present.values())
    total = sum(values[code] * share for code, share in present.items()) / weight_present
    return Composite(quantize(total, decimals), shares.equal_weights, missing)


def carried_over(
    areas: Iterable[Indicator], previous: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Last year's value for each of this year's areas, following `continues` where an
    area was renamed or split (Perencanaan continues Perencanaan dan Penganggaran)."""
    carried = {}
    for area in areas:
        if area.code in previous:
            carried[area.code] = previous[area.code]
        elif area.continues is not None and area.continues.code in previous:
            carried[area.code] = previous[area.continues.code]
    return carried


def waterfall(
    *,
    start: Decimal,
    end: Decimal,
    shares: Shares,
    previous: Mapping[str, Decimal],
    current: Mapping[str, Decimal],
    decimals: int = 2,
) -> Waterfall:
    """Bars from last year's official total to this year's: one per area (its change
    times its share, rounded) and a remainder so the bars add up exactly."""
    bars = [
        WaterfallBar(
            area_code=code,
            previous=previous[code],
            current=current[code],
            contribution=quantize((current[code] - previous[code]) * share, decimals),
        )
        for code, share in shares.by_area.items()
        if code in previous and code in current
    ]
    explained = sum((bar.contribution for bar in bars), Decimal(0))
    return Waterfall(start, end, bars, (end - start) - explained, shares.equal_weights)
