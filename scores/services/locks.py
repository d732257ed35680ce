"""Year locks, and the advisory guards that keep writes to a year from crossing its
locking or unlocking."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pagecache import versioned
from scores.models import YearLock
from scores.values import validate_text, validate_year

# Any number of writes to a year may run together, but not while that year is being
# locked or unlocked. PostgreSQL's READ COMMITTED would otherwise let a write that read
# "no lock" commit after the lock; SQLite's IMMEDIATE transactions serialise anyway.
YEAR_GUARD_NAMESPACE = 4_242


def guard_years(years, *, exclusive: bool = False) -> None:
    """Hold the years' advisory locks until the transaction ends (sorted: no deadlock)."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        for year in sorted(set(years)):
            cursor.execute(f"SELECT {function}(%s, %s)", [YEAR_GUARD_NAMESPACE, year])


def guard_year(year: int) -> str | None:
    """Hold one year's shared guard (as guard_years) and read the reason of its lock,
    None while the year is open. On PostgreSQL in one round trip: READ COMMITTED gives
    the second statement a snapshot taken once the guard is held, so a lock committed
    while this write waited is seen."""
    if connection.vendor != "postgresql":
        return year_lock_reason(year)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock_shared(%s, %s); "
            f"SELECT reason FROM {connection.ops.quote_name(YearLock._meta.db_table)} "
            "WHERE year = %s",
            [YEAR_GUARD_NAMESPACE, year, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def year_lock_reason(year: int) -> str | None:
    return YearLock.objects.filter(year=year).values_list("reason", flat=True).first()


def require_reason(reason: str) -> str:
    validate_text(reason)
    if not reason.strip():
        raise ValidationError(_("Give a reason."), code="reason_required")
    return reason.strip()


@transaction.atomic
def year_lock(*, year: int, by: User | None, reason: str) -> YearLock:
    validate_year(year)
    reason = require_reason(reason)
    guard_years([year], exclusive=True)
    if YearLock.objects.filter(year=year).exists():
        raise ValidationError(
            _("Year %(year)s is already locked.") % {"year": year}, code="already_locked"
        )
    lock = YearLock(year=year, reason=reason, locked_by=by, locked_at=timezone.now())
    lock._history_user = by
    lock._change_reason = reason
    lock.save()
    versioned.invalidate()  # every pemda's entry grid: its inputs turn read-only
    return lock


@transaction.atomic
def year_unlock(*, year: int, by: User | None, reason: str) -> None:
    reason = require_reason(reason)
    guard_years([year], exclusive=True)
    lock = YearLock.objects.select_for_update().filter(year=year).first()
    if lock is None:
        raise ValidationError(
            _("Year %(year)s is not locked.") % {"year": year}, code="not_locked"
        )
    lock._history_user = by
    lock._change_reason = reason
    lock.delete()
    versioned.invalidate()
