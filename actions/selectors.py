"""Reads for the action pages, the dashboard fragments and the what-if simulator:
a fixed number of queries whatever the number of plans, files or units."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Min, Q

from actions.models import ActionPlan, Evidence, StrategicIssue, today
from scores.composite import Composite, Shares, area_shares, composite_estimate
from scores.models import ColourBand, FrameworkArea, Indicator, Score, Target
from scores.selectors import indicators_with_bands
from skpd.access import visible_unit_ids
from skpd.models import Unit

# ---------------------------------------------------------------- evidence counts


@dataclass(frozen=True)
class AreaEvidenceCount:
    area: Indicator | None
    uploaded: int
    awaiting: int
    accepted: int
    needs_revision: int

    @property
    def total(self) -> int:
        return self.uploaded + self.awaiting + self.accepted + self.needs_revision


@dataclass(frozen=True)
class EvidenceCounts:
    unit: Unit
    year: int
    rows: list[AreaEvidenceCount]

    @property
    def total(self) -> AreaEvidenceCount:
        return AreaEvidenceCount(
            area=None,
            uploaded=sum(r.uploaded for r in self.rows),
            awaiting=sum(r.awaiting for r in self.rows),
            accepted=sum(r.accepted for r in self.rows),
            needs_revision=sum(r.needs_revision for r in self.rows),
        )


def counting_areas(unit: Unit, year: int) -> list[FrameworkArea]:
    """The MCP areas that count for this unit's kind of pemda in this year."""
    return list(
        FrameworkArea.objects.filter(
            year=year, applies_to__in=FrameworkArea.kinds_for(unit.framework_kind)
        )
        .select_related("area")
        .order_by("area__sort_order", "area__code")
    )


def area_evidence_counts(unit: Unit, year: int) -> EvidenceCounts:
    """Files per MCP area and verification status, as KPK's system reports them:
    one row per area that counts that year (zeros included), plus one for files
    outside those areas. Two queries (three when the unit is an SKPD)."""
    status = Evidence.Status
    counted = (
        Evidence.objects.of_unit(unit)
        .filter(year=year)
        .values("area_id")
        .annotate(
            uploaded=Count("pk", filter=Q(status=status.UPLOADED)),
            awaiting=Count("pk", filter=Q(status=status.AWAITING)),
            accepted=Count("pk", filter=Q(status=status.ACCEPTED)),
            needs_revision=Count("pk", filter=Q(status=status.NEEDS_REVISION)),
        )
        .order_by()
    )
    by_area = {row.pop("area_id"): row for row in counted}
    rows = []
    for framework_area in counting_areas(unit, year):
        found = by_area.pop(framework_area.area_id, None) or dict.fromkeys(
            ("uploaded", "awaiting", "accepted", "needs_revision"), 0
        )
        rows.append(AreaEvidenceCount(area=framework_area.area, **found))
    if by_area:
        rest = list(by_area.values())
        rows.append(
            AreaEvidenceCount(area=None, **{key: sum(r[key] for r in rest) for key in rest[0]})
        )
    return EvidenceCounts(unit=unit, year=year, rows=rows)


# ---------------------------------------------------------------- overdue plans


@dataclass(frozen=True)
class OverdueUnit:
    unit: Unit
    count: int
    oldest_due: datetime.date


def overdue_by_unit(
    user: User | AnonymousUser, on: datetime.date | None = None
) -> list[OverdueUnit]:
    """Overdue plans per owner unit, of the units the user may see, most late first.
    Two queries."""
    rows = list(
        ActionPlan.objects.visible_to(visible_unit_ids(user))
        .overdue(on)
        .values("owner_unit")
        .annotate(count=Count("pk"), oldest_due=Min("due_date"))
        .order_by("oldest_due")
    )
    units = Unit.objects.in_bulk([row["owner_unit"] for row in rows])
    return [
        OverdueUnit(
            unit=units[row["owner_unit"]], count=row["count"], oldest_due=row["oldest_due"]
        )
        for row in rows
    ]


# ---------------------------------------------------------------- lists and reminders


def plans_for_list(unit_ids: set[int] | None):
    return (
        ActionPlan.objects.visible_to(unit_ids)
        .select_related("unit", "owner_unit", "area", "strategic_issue")
        .order_by("due_date", "pk")
    )


def issues_for_list():
    return StrategicIssue.objects.prefetch_related("areas", "responsible_units").annotate(
        plan_count=Count("action_plans", distinct=True)
    )


@dataclass(frozen=True)
class Reminders:
    overdue: list[ActionPlan]
    due_soon: list[ActionPlan]
    needs_revision: list[Evidence]

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.due_soon or self.needs_revision)


def reminders_for_head(user: User, on: datetime.date | None = None) -> Reminders:
    """What an SKPD head should act on: only the units they head, whatever their role."""
    on = on or today()
    headed = set(user.headed_units.values_list("pk", flat=True))
    if not headed:
        return Reminders([], [], [])
    plans = plans_for_list(headed)
    return Reminders(
        overdue=list(plans.overdue(on)),
        due_soon=list(plans.due_soon(on)),
        needs_revision=list(
            Evidence.objects.visible_to(headed)
            .filter(status=Evidence.Status.NEEDS_REVISION)
            .select_related("plan", "unit", "area")
        ),
    )


# ---------------------------------------------------------------- what-if


@dataclass(frozen=True)
class WhatIfArea:
    area: Indicator
    share: Decimal
    current: Decimal | None
    target: Decimal | None
    saved_target: Decimal | None
    # The saved target's version (0: none saved), which a save must name (target_set).
    target_version: int = 0

    @property
    def change(self) -> Decimal | None:
        if self.current is None or self.target is None:
            return None
        return self.target - self.current

    @property
    def gain(self) -> Decimal | None:
        """What this area's change adds to the estimate (change × share)."""
        return None if self.change is None else self.change * self.share


@dataclass(frozen=True)
class WhatIf:
    unit: Unit
    year: int
    mcp: Indicator | None
    shares: Shares
    areas: list[WhatIfArea]
    official: Score | None
    baseline: Composite
    scenario: Composite

    @property
    def change(self) -> Decimal | None:
        if self.baseline.value is None or self.scenario.value is None:
            return None
        return self.scenario.value - self.baseline.value

    @property
    def band(self) -> ColourBand | None:
        return self.mcp.band_for(self.scenario.value) if self.mcp else None

    @property
    def baseline_band(self) -> ColourBand | None:
        return self.mcp.band_for(self.baseline.value) if self.mcp else None


@dataclass(frozen=True)
class WhatIfInputs:
    framework: list[FrameworkArea]
    shares: Shares
    mcp: Indicator | None
    scores: dict[int, Score]
    targets: dict[int, Decimal]
    target_versions: dict[int, int]


def what_if_inputs(unit: Unit, year: int) -> WhatIfInputs:
    """The year's areas with their shares, current values and saved targets. Five queries."""
    framework = counting_areas(unit, year)
    area_ids = [fa.area_id for fa in framework]
    mcp = indicators_with_bands().filter(code="mcp").first()
    scores = {
        s.indicator_id: s
        for s in Score.objects.filter(
            unit=unit, year=year, indicator_id__in=[*area_ids, mcp.pk if mcp else 0]
        )
    }
    saved = Target.objects.filter(unit=unit, year=year, indicator_id__in=area_ids).values_list(
        "indicator_id", "value", "version"
    )
    targets = {area_id: value for area_id, value, _version in saved}
    versions = {area_id: version for area_id, _value, version in saved}
    return WhatIfInputs(framework, area_shares(framework), mcp, scores, targets, versions)


def what_if(
    unit: Unit, year: int, wanted: dict[str, Decimal], inputs: WhatIfInputs | None = None
) -> WhatIf:
    """The MCP estimate now and with the wanted area values, through scores.composite only."""
    inputs = inputs or what_if_inputs(unit, year)
    framework, shares, mcp = inputs.framework, inputs.shares, inputs.mcp
    current = {
        fa.area.code: inputs.scores[fa.area_id].value
        for fa in framework
        if fa.area_id in inputs.scores
    }
    scenario_values = {**current, **wanted}
    decimals = mcp.decimals if mcp else 2
    areas = [
        WhatIfArea(
            area=fa.area,
            share=shares.by_area[fa.area.code],
            current=current.get(fa.area.code),
            target=scenario_values.get(fa.area.code),
            saved_target=inputs.targets.get(fa.area_id),
            target_version=inputs.target_versions.get(fa.area_id, 0),
        )
        for fa in framework
    ]
    return WhatIf(
        unit=unit,
        year=year,
        mcp=mcp,
        shares=shares,
        areas=areas,
        official=inputs.scores.get(mcp.pk) if mcp else None,
        baseline=composite_estimate(shares, current, decimals),
        scenario=composite_estimate(shares, scenario_values, decimals),
    )
