"""What each OPD head and person in charge should be reminded of on a day: one digest
per person.

Only units the person may see are read (skpd.access's rule: a head sees only the units
they head; the Inspektorat and Pimpinan see all), so a digest never names a document or
plan of a unit its recipient may not open.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Q

from actions.models import ActionPlan
from reminders.calendar import documents_due_on, effective_due
from skpd.access import VIEW_ALL_UNITS
from workbook.models import OPEN_STATES, DocumentRecord

# Documents due within this many days (or overdue) are in the digest (issue 15).
WINDOW_DAYS = 14


@dataclass(frozen=True)
class DocumentItem:
    record: DocumentRecord
    due: datetime.date | None

    def overdue_on(self, day: datetime.date) -> bool:
        return self.due is not None and self.due < day


@dataclass
class Digest:
    user: User
    documents: list[DocumentItem] = field(default_factory=list)
    plans: list[ActionPlan] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.documents and not self.plans


def horizon(day: datetime.date) -> datetime.date:
    """The last due date a reminder of `day` names: day + 14 days."""
    return day + datetime.timedelta(days=WINDOW_DAYS)


def with_due_dates(records: Iterable[DocumentRecord]) -> list[DocumentItem]:
    """Each record (with its `document` selected) and its due date: its own, else the
    calendar's for its year (reminders.calendar), else None. Two queries."""
    records = list(records)
    calendar = documents_due_on({r.document.year for r in records})
    return [DocumentItem(r, effective_due(r.due_date, r.document.year, calendar)) for r in records]


def due_by(items: Iterable[DocumentItem], last: datetime.date) -> list[DocumentItem]:
    """The items due on or before `last` (items without a due date are never due)."""
    return [item for item in items if item.due is not None and item.due <= last]


def open_records(condition: Q):
    """Open records (missing, returned, rejected) of the current catalogue matching
    `condition`, with what a reminder shows, in catalogue order."""
    return (
        DocumentRecord.objects.filter(
            condition, state__in=OPEN_STATES, document__retired_at__isnull=True
        )
        .select_related("owner", "pemda", "document")
        .order_by("document__year", "document__sort_key", "pk")
    )


def users_seeing_all(user_ids: Iterable[int]) -> set[int]:
    """Which of these users hold skpd's "view all units" permission (or are superusers):
    one query, the same rule as skpd.access.sees_all_units."""
    app_label, codename = VIEW_ALL_UNITS.split(".")
    by_perm = Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    )
    by_group = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    )
    return set(
        User.objects.filter(Q(is_superuser=True) | by_perm | by_group, pk__in=list(user_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def digests_for(day: datetime.date) -> list[Digest]:
    """The non-empty digests for `day`, one per active user who heads a unit or is the
    person in charge (workbook DocumentRecord.person_in_charge_user) of an open
    document, ordered by username.

    Documents: missing/returned/rejected, due (own date or the calendar's) on or before
    day + 14 days, owned by a unit the user heads, or in the user's charge when the
    user may see its owner OPD (skpd.access: the unit's head, or a role that sees
    every unit). Plans: owned by or scoring a headed unit, not done, due before `day`.
    A fixed number of queries (seven)."""
    headed: dict[int, set[int]] = {}
    memberships = User.headed_units.through.objects.filter(user__is_active=True)
    for user_id, unit_id in memberships.values_list("user_id", "unit_id"):
        headed.setdefault(user_id, set()).add(unit_id)
    all_units = set().union(*headed.values()) if headed else set()

    items = due_by(
        with_due_dates(
            open_records(
                Q(owner__in=all_units)
                | Q(person_in_charge_user__is_active=True, owner__isnull=False)
            )
        ),
        horizon(day),
    )
    in_charge_ids = {i.record.person_in_charge_user_id for i in items} - {None}
    sees_all = users_seeing_all(in_charge_ids)
    plans = list(
        ActionPlan.objects.visible_to(all_units)
        .overdue(day)
        .select_related("unit", "owner_unit")
        .order_by("due_date", "pk")
    )

    digests = []
    for user in User.objects.filter(pk__in=set(headed) | in_charge_ids).order_by("username"):
        units = headed.get(user.pk, set())

        def concerns(item: DocumentItem, user=user, units=units) -> bool:
            record = item.record
            if record.owner_id in units:
                return True
            # In the user's charge, and of a unit the user may see.
            return record.person_in_charge_user_id == user.pk and user.pk in sees_all

        digest = Digest(
            user=user,
            documents=sorted(filter(concerns, items), key=lambda i: (i.due, i.record.pk)),
            plans=[p for p in plans if p.owner_unit_id in units or p.unit_id in units],
        )
        if not digest.empty:
            digests.append(digest)
    return digests
