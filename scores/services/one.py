"""Writes of one score or target: the grid's cells, the per-unit form, seeds and
commands. Each reads the stored record under lock and applies scores.rules."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pagecache import versioned
from scores import rules
from scores.models import FrameworkArea, Indicator, Score, Target
from scores.rules import UNSET
from scores.services.locks import guard_year
from skpd.models import Unit
from skpd.scopes import write_scopes


def check_area_counts(*, unit: Unit, indicator: Indicator, year: int) -> None:
    """MCP areas count only where that year's framework lists them for this kind of unit:
    reads this area's framework rows of the year (one query) and applies the rule."""
    if not indicator.is_area:
        return  # the rule passes it: no framework to read, nor the unit's parents
    framework = FrameworkArea.objects.filter(year=year, area=indicator).values_list(
        "year", "applies_to", "area_id"
    )
    rules.check_area_counts(
        unit=unit,
        framework_kind=unit.framework_kind,
        indicator=indicator,
        year=year,
        framework=set(framework),
    )


def check_writable(*, unit: Unit, indicator: Indicator, year: int) -> None:
    """The framework and the year lock, for writes that check them whatever they change."""
    check_area_counts(unit=unit, indicator=indicator, year=year)
    rules.check_year_open(year, guard_year(year))


def locked_record(
    model: type[Score] | type[Target], *, unit: Unit, indicator: Indicator, year: int
) -> Score | Target | None:
    """The stored score or target, locked until the transaction ends. Its user is read
    only when a conflict names them. Ordered by its own key: the models' default ordering
    would join (and lock) the unit and indicator rows too."""
    record = (
        model.objects.select_for_update()
        .filter(unit=unit, indicator=indicator, year=year)
        .order_by("pk")
        .first()
    )
    if record is not None:
        record.unit, record.indicator = unit, indicator
    return record


def locked_score(*, unit: Unit, indicator: Indicator, year: int) -> Score | None:
    return locked_record(Score, unit=unit, indicator=indicator, year=year)


def first_version(model, *, unit: Unit, indicator: Indicator, year: int) -> int:
    """A re-created value continues the numbering of the one deleted before it, so a
    screen still showing the deleted value's version cannot overwrite the new one."""
    retired = model.history.filter(unit=unit, indicator=indicator, year=year).aggregate(
        highest=Max("version")
    )["highest"]
    return (retired or 0) + 1


def save_with_history(record, *, by: User | None, reason: str) -> None:
    """Save a new version, turning a concurrent insert of the same key into a conflict."""
    record.updated_by = by
    record.updated_at = timezone.now()
    record._history_user = by
    record._change_reason = reason.strip()
    if not record._state.adding:  # an update of the row locked above: no race to catch
        record.save()
        return
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(
            _("Someone else saved this value in the meantime. Reload and try again."),
            code="conflict",
        ) from None


@transaction.atomic
def score_set(
    *,
    unit: Unit,
    indicator: Indicator,
    year: int,
    value: Decimal,
    by: User | None,
    expected_version: int | None = None,
    reason: str = "",
    status: str | None = None,
    as_of: datetime.date | None | object = UNSET,
    source: str | None = None,
    note: str | None = None,
) -> Score:
    """Create or change one score. Nothing is written when nothing changes."""
    rules.check_storable(
        indicator=indicator, year=year, value=value, texts=(reason, note), source=source
    )
    check_area_counts(unit=unit, indicator=indicator, year=year)
    lock_reason = guard_year(year)
    score = locked_score(unit=unit, indicator=indicator, year=year)
    rules.check_version(score, expected_version)

    wanted = rules.wanted_score_fields(
        stored=score, value=value, status=status, as_of=as_of, source=source, note=note
    )
    if not rules.changes_anything(score, wanted):
        return score
    rules.check_may_write(
        year=year, lock_reason=lock_reason, stored=score, wanted=wanted, reason=reason
    )

    if score is None:
        version = first_version(Score, unit=unit, indicator=indicator, year=year)
        score = Score(unit=unit, indicator=indicator, year=year, version=version - 1)
    for field_name, field_value in wanted.items():
        setattr(score, field_name, field_value)
    score.version += 1
    save_with_history(score, by=by, reason=reason)
    versioned.invalidate(scopes=write_scopes([unit]))
    return score


@transaction.atomic
def score_delete(
    *,
    unit: Unit,
    indicator: Indicator,
    year: int,
    by: User | None,
    expected_version: int | None = None,
    reason: str = "",
) -> None:
    """Remove a value; the history keeps it with who removed it and why."""
    rules.check_storable(indicator=indicator, year=year, value=None, texts=(reason,))
    check_writable(unit=unit, indicator=indicator, year=year)
    score = locked_score(unit=unit, indicator=indicator, year=year)
    rules.check_version(score, expected_version)
    if score is None:
        return
    rules.require_reason_for_final(score, reason)
    score._history_user = by
    score._change_reason = reason.strip()
    score.delete()
    versioned.invalidate(scopes=write_scopes([unit]))


@transaction.atomic
def target_set(
    *,
    unit: Unit,
    indicator: Indicator,
    year: int,
    value: Decimal | None,
    by: User | None,
    expected_version: int | None = None,
    source: str | None = None,
    reason: str = "",
) -> Target | None:
    """Set a target, or remove it when value is None."""
    rules.check_storable(
        indicator=indicator, year=year, value=value, texts=(reason,), source=source
    )
    check_writable(unit=unit, indicator=indicator, year=year)
    target = locked_record(Target, unit=unit, indicator=indicator, year=year)
    rules.check_version(target, expected_version)
    if value is None:
        if target is not None:
            target._history_user = by
            target._change_reason = reason.strip()
            target.delete()
            versioned.invalidate(scopes=write_scopes([unit]))
        return None
    wanted = {
        "value": value,
        "source": rules.kept_or_given(target.source if target else "", source),
    }
    if not rules.changes_anything(target, wanted):
        return target
    if target is None:
        version = first_version(Target, unit=unit, indicator=indicator, year=year)
        target = Target(unit=unit, indicator=indicator, year=year, version=version - 1)
    for field_name, field_value in wanted.items():
        setattr(target, field_name, field_value)
    target.version += 1
    save_with_history(target, by=by, reason=reason)
    versioned.invalidate(scopes=write_scopes([unit]))
    return target
