"""Every write to scores, targets and year locks goes through these functions.

They are the one place that checks the range, the framework, the year lock and the
version, and that writes the history with who and why.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from scores.models import FrameworkArea, Indicator, Score, Target, YearLock
from scores.values import format_number, validate_value, validate_year
from skpd.models import Unit

UNSET = object()


def check_area_counts(*, unit: Unit, indicator: Indicator, year: int) -> None:
    """MCP areas count only where that year's framework lists them for this kind of unit."""
    if not indicator.is_area:
        return
    counts = FrameworkArea.objects.filter(
        year=year, area=indicator, applies_to__in=FrameworkArea.kinds_for(unit.framework_kind)
    ).exists()
    if not counts:
        raise ValidationError(
            _("%(area)s does not count in the %(year)s MCP framework for %(unit)s.")
            % {"area": indicator.name, "year": year, "unit": unit.display_name},
            code="outside_framework",
        )


def check_year_open(year: int) -> None:
    lock = YearLock.objects.filter(year=year).select_related("locked_by").first()
    if lock is not None:
        raise ValidationError(
            _("Year %(year)s is locked (%(reason)s). Ask an administrator to unlock it.")
            % {"year": year, "reason": lock.reason},
            code="year_locked",
        )


def check_version(record: Score | Target | None, expected_version: int | None) -> None:
    """Refuse a save based on a stale read: `expected_version` 0 means "none yet"."""
    if expected_version is None:
        return
    current_version = record.version if record is not None else 0
    if current_version == expected_version:
        return
    if record is None:
        raise ValidationError(
            _("Someone else deleted this value in the meantime. Reload to see the data."),
            code="conflict",
        )
    raise ValidationError(
        _(
            "Someone else saved this value in the meantime: %(who)s, %(when)s, "
            "stored %(value)s. Reload and try again."
        )
        % {
            "who": describe_user(record.updated_by),
            "when": formats.date_format(timezone.localtime(record.updated_at), "DATETIME_FORMAT"),
            "value": format_number(record.value, record.indicator.decimals),
        },
        code="conflict",
    )


def describe_user(user: User | None) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def check_writable(*, unit: Unit, indicator: Indicator, year: int) -> None:
    validate_year(year)
    check_area_counts(unit=unit, indicator=indicator, year=year)
    check_year_open(year)


def require_reason_for_final(score: Score | None, reason: str) -> None:
    if score is not None and score.status == Score.Status.FINAL and not reason.strip():
        raise ValidationError(
            _("This value is final: give a reason for changing it."), code="reason_required"
        )


def locked_score(*, unit: Unit, indicator: Indicator, year: int) -> Score | None:
    return (
        Score.objects.select_for_update(of=("self",))
        .select_related("updated_by", "indicator")
        .filter(unit=unit, indicator=indicator, year=year)
        .first()
    )


def save_with_history(record, *, by: User | None, reason: str) -> None:
    """Save a new version, turning a concurrent insert of the same key into a conflict."""
    record.updated_by = by
    record.updated_at = timezone.now()
    record._history_user = by
    record._change_reason = reason.strip()
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
    validate_value(indicator, value)
    validate_year(year)
    check_area_counts(unit=unit, indicator=indicator, year=year)
    score = locked_score(unit=unit, indicator=indicator, year=year)
    check_version(score, expected_version)

    wanted = {
        "value": value,
        "status": status or (score.status if score else Score.Status.FINAL),
        "as_of": (score.as_of if score else None) if as_of is UNSET else as_of,
        "source": (score.source if score else "") if source is None else source.strip(),
        "note": (score.note if score else "") if note is None else note.strip(),
    }
    if score is not None and all(getattr(score, f) == v for f, v in wanted.items()):
        return score
    check_year_open(year)
    if score is not None and (score.value != value or score.status != wanted["status"]):
        require_reason_for_final(score, reason)

    if score is None:
        score = Score(unit=unit, indicator=indicator, year=year, version=0)
    for field_name, field_value in wanted.items():
        setattr(score, field_name, field_value)
    score.version += 1
    save_with_history(score, by=by, reason=reason)
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
    check_writable(unit=unit, indicator=indicator, year=year)
    score = locked_score(unit=unit, indicator=indicator, year=year)
    check_version(score, expected_version)
    if score is None:
        return
    require_reason_for_final(score, reason)
    score._history_user = by
    score._change_reason = reason.strip()
    score.delete()


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
    if value is not None:
        validate_value(indicator, value)
    check_writable(unit=unit, indicator=indicator, year=year)
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("updated_by", "indicator")
        .filter(unit=unit, indicator=indicator, year=year)
        .first()
    )
    check_version(target, expected_version)
    if value is None:
        if target is not None:
            target._history_user = by
            target._change_reason = reason.strip()
            target.delete()
        return None
    new_source = (target.source if target else "") if source is None else source.strip()
    if target is not None and target.value == value and target.source == new_source:
        return target
    if target is None:
        target = Target(unit=unit, indicator=indicator, year=year, version=0)
    target.value = value
    target.source = new_source
    target.version += 1
    save_with_history(target, by=by, reason=reason)
    return target


def require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError(_("Give a reason."), code="reason_required")
    return reason.strip()


@transaction.atomic
def year_lock(*, year: int, by: User | None, reason: str) -> YearLock:
    validate_year(year)
    reason = require_reason(reason)
    if YearLock.objects.filter(year=year).exists():
        raise ValidationError(
            _("Year %(year)s is already locked.") % {"year": year}, code="already_locked"
        )
    lock = YearLock(year=year, reason=reason, locked_by=by, locked_at=timezone.now())
    lock._history_user = by
    lock._change_reason = reason
    lock.save()
    return lock


@transaction.atomic
def year_unlock(*, year: int, by: User | None, reason: str) -> None:
    reason = require_reason(reason)
    lock = YearLock.objects.select_for_update().filter(year=year).first()
    if lock is None:
        raise ValidationError(
            _("Year %(year)s is not locked.") % {"year": year}, code="not_locked"
        )
    lock._history_user = by
    lock._change_reason = reason
    lock.delete()
