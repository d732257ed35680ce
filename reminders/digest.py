"""What each OPD head should be reminded of on a day: one digest per person.

Only units the person heads are read (skpd's rule: a head sees only the units they
head), so a digest never names another unit's document or plan.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from actions.models import ActionPlan
from reminders.calendar import documents_due_on, effective_due
from workbook.models import OPEN_STATES, DocumentRecord

# Documents due within this many days (or overdue) are in the digest (issue 15).
WINDOW_DAYS = 14


@dataclass(frozen=True)
class DocumentItem:
    record: DocumentRecord
    due: datetime.date

    def overdue_on(self, day: datetime.date) -> bool:
        return self.due < day


@dataclass
class Digest:
    user: User
    documents: list[DocumentItem] = field(default_factory=list)
    plans: list[ActionPlan] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.documents and not self.plans


def digests_for(day: datetime.date) -> list[Digest]:
    """The non-empty digests for `day`, one per active user who heads a unit, ordered by
    username. Documents: owned by a headed unit, missing/returned/rejected, due (own
    date or the calendar's) on or before day + 14 days. Plans: owned by or scoring a
    headed unit, not done, due before `day`. A fixed number of queries."""
    heads = User.objects.filter(is_active=True, headed_units__isnull=False).distinct()
    headed: dict[int, set[int]] = {}
    for user_id, unit_id in User.headed_units.through.objects.filter(user__in=heads).values_list(
        "user_id", "unit_id"
    ):
        headed.setdefault(user_id, set()).add(unit_id)
    all_units = set().union(*headed.values()) if headed else set()

    records = list(
        DocumentRecord.objects.filter(owner__in=all_units, state__in=OPEN_STATES)
        .select_related("owner", "pemda", "document")
        .order_by("document__year", "document__sort_key", "pk")
    )
    calendar = documents_due_on({r.document.year for r in records})
    horizon = day + datetime.timedelta(days=WINDOW_DAYS)
    items = []
    for record in records:
        due = effective_due(record.due_date, record.document.year, calendar)
        if due is not None and due <= horizon:
            items.append(DocumentItem(record, due))
    plans = list(
        ActionPlan.objects.visible_to(all_units)
        .overdue(day)
        .select_related("unit", "owner_unit")
        .order_by("due_date", "pk")
    )

    digests = []
    for user in heads.order_by("username"):
        units = headed[user.pk]
        digest = Digest(
            user=user,
            documents=sorted(
                (i for i in items if i.record.owner_id in units),
                key=lambda i: (i.due, i.record.pk),
            ),
            plans=[p for p in plans if p.owner_unit_id in units or p.unit_id in units],
        )
        if not digest.empty:
            digests.append(digest)
    return digests
