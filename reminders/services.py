"""Every write to the year's calendar: KPK's milestones and the pemda's own deadlines.

Keyword-only and atomic; each checks the rules, refuses a write read at an older
version (skpd.versions.check_version: who saved last, when, what it says now), writes
the history with who and why, and raises the data version: a milestone moves the due
date of every document that follows the calendar, on every page, so no scope is named.
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from pagecache import versioned
from reminders.models import InternalDeadline, Milestone
from scores.values import validate_year
from skpd.versions import check_version

# A milestone of year N may fall in the year before (indicators launched) or after
# (scores released): KPK's year does not end on 31 December.
YEAR_SLACK = 1
# An internal deadline lies at most a year before its milestone.
MAX_DAYS_BEFORE = 366


def milestone_now(milestone: Milestone) -> str:
    """What a stored milestone says, for the refusal of a stale write."""
    return f"{milestone.get_kind_display()}: {formats.date_format(milestone.date, 'DATE_FORMAT')}"


def deadline_now(deadline: InternalDeadline) -> str:
    return _("%(name)s, %(days)d days before") % {
        "name": deadline.name,
        "days": deadline.days_before,
    }


def check_milestone(milestone: Milestone) -> None:
    """The rules of a milestone: a year in range, a date within a year of it, one
    cut-off per year (also a database constraint). ValidationError with a message."""
    validate_year(milestone.year)
    if abs(milestone.date.year - milestone.year) > YEAR_SLACK:
        raise ValidationError(
            _("The date must fall in %(before)d, %(year)d or %(after)d.")
            % {"before": milestone.year - 1, "year": milestone.year, "after": milestone.year + 1},
            code="date",
        )
    if milestone.kind == Milestone.Kind.CUTOFF:
        others = Milestone.objects.filter(year=milestone.year, kind=Milestone.Kind.CUTOFF)
        if others.exclude(pk=milestone.pk).exists():
            raise ValidationError(
                _("%(year)d already has a cut-off: a year has only one. Edit that one instead.")
                % {"year": milestone.year},
                code="cutoff",
            )


def locked(model, pk: int | None, expected_version: int | None, what):
    """The stored row under a lock, checked against the version the page showed; None
    for a new row."""
    if pk is None:
        return None
    stored = model.objects.select_for_update().filter(pk=pk).first()
    if stored is None:
        raise ValidationError(_("This entry has been deleted in the meantime."), code="gone")
    check_version(stored, expected_version, what)
    return stored


def save_with_history(row, *, stored, by: User | None, reason: str) -> None:
    row.version = (stored.version if stored is not None else 0) + 1
    row._history_user = by
    row._change_reason = reason
    row.save()


@transaction.atomic
def milestone_save(
    *, milestone: Milestone, by: User | None, expected_version: int | None = None
) -> Milestone:
    """Create or change a milestone (its year, kind, date and note as set on it).
    ValidationError: "conflict" for a stale version, "gone", "cutoff", "date", or an
    out-of-range year."""
    stored = locked(Milestone, milestone.pk, expected_version, milestone_now)
    check_milestone(milestone)
    save_with_history(
        milestone, stored=stored, by=by, reason=_("Changed") if stored else _("Added")
    )
    versioned.invalidate()
    return milestone


@transaction.atomic
def milestone_delete(
    *, milestone: Milestone, by: User | None, expected_version: int | None
) -> None:
    """Delete a milestone and the internal deadlines before it (their history stays)."""
    stored = locked(Milestone, milestone.pk, expected_version, milestone_now)
    for deadline in stored.internal_deadlines.all():
        deadline._history_user = by
        deadline.delete()
    stored._history_user = by
    stored.delete()
    versioned.invalidate()


@transaction.atomic
def deadline_save(
    *, deadline: InternalDeadline, by: User | None, expected_version: int | None = None
) -> InternalDeadline:
    """Create or change an internal deadline (days before its milestone, 0–366).
    ValidationError as milestone_save."""
    stored = locked(InternalDeadline, deadline.pk, expected_version, deadline_now)
    if not 0 <= deadline.days_before <= MAX_DAYS_BEFORE:
        raise ValidationError(
            _("Choose between 0 and %(max)d days.") % {"max": MAX_DAYS_BEFORE}, code="days"
        )
    if not deadline.name.strip():
        raise ValidationError(_("Give the deadline a name."), code="name")
    save_with_history(
        deadline, stored=stored, by=by, reason=_("Changed") if stored else _("Added")
    )
    versioned.invalidate()
    return deadline


@transaction.atomic
def deadline_delete(
    *, deadline: InternalDeadline, by: User | None, expected_version: int | None
) -> None:
    stored = locked(InternalDeadline, deadline.pk, expected_version, deadline_now)
    stored._history_user = by
    stored.delete()
    versioned.invalidate()
