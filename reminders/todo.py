"""What needs the user (issue 15, item 3): read for the page after login, the login
message and the counts in the navigation.

- A unit head (and a person in charge of documents): their documents to repair
  (returned by the Inspektorat, rejected by KPK), those still to upload that are due
  within 14 days or overdue (the digest's rule, reminders.digest), their action plans
  overdue or due soon and evidence sent back for revision (actions.selectors).
- A reviewer (workbook.review_document: the Inspektorat): the documents submitted and
  waiting for review, oldest first.
- Whoever sees every unit (the Inspektorat, Pimpinan): the OPDs with overdue documents
  and the overdue action plans.

Only units the user may see are read (skpd.access), so nothing of another unit shows.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q
from django.utils import timezone

from actions.models import REMINDER_DAYS, ActionPlan, Evidence
from actions.selectors import reminders_for_head
from pagecache import versioned
from reminders.calendar import documents_due_every_year, documents_due_on, effective_due
from reminders.digest import DocumentItem, horizon, open_records, with_due_dates
from skpd.access import sees_all_units, visible_unit_ids
from skpd.models import Unit
from skpd.scopes import PLANS, write_scopes
from workbook.access import REVIEW_DOCUMENTS
from workbook.models import OPEN_STATES, DocumentRecord, DocumentState

REPAIR_STATES = (DocumentState.RETURNED, DocumentState.REJECTED)


@dataclass(frozen=True)
class LateUnit:
    """An OPD with open documents of a workbook year past their due date (own, else
    the calendar's)."""

    unit: Unit
    pemda: Unit
    year: int
    overdue: int


@dataclass
class Todo:
    """What needs one user on `day`. The lists are empty for what is not theirs."""

    day: datetime.date
    is_head: bool = False  # heads a unit or is in charge of documents
    is_reviewer: bool = False
    sees_all: bool = False
    repair: list[DocumentItem] = field(default_factory=list)
    upload: list[DocumentItem] = field(default_factory=list)
    plans_overdue: list[ActionPlan] = field(default_factory=list)
    plans_soon: list[ActionPlan] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    review: list[DocumentRecord] = field(default_factory=list)
    late_units: list[LateUnit] = field(default_factory=list)
    all_plans_overdue: list[ActionPlan] = field(default_factory=list)

    @property
    def mine(self) -> int:
        """How many things wait for the user's own work (the "My tasks" count)."""
        return (
            len(self.repair)
            + len(self.upload)
            + len(self.plans_overdue)
            + len(self.plans_soon)
            + len(self.evidence)
        )

    @property
    def late_documents(self) -> int:
        return sum(late.overdue for late in self.late_units)


@dataclass(frozen=True)
class NavCounts:
    """The counts beside the navigation's items; None hides the item."""

    mine: int | None
    queue: int | None


def todo_for(user: User | AnonymousUser, day: datetime.date | None = None) -> Todo:
    """The user's Todo for `day` (default: today in WITA), cached until a write that can
    change it: for a unit head the plans' scope and their pemda's (evidence), for
    whoever sees every unit any write (workbook and calendar writes name no scope, so
    they reach every reader). About ten queries when computed, none when cached."""
    day = day or timezone.localdate()
    visible = visible_unit_ids(user)
    key = versioned.page_key("todo", user.pk, day, visible_ids=visible)
    return versioned.cached(key, lambda: read_todo(user, day, visible), scopes=scopes_of(user))


def nav_counts(user: User | AnonymousUser) -> NavCounts:
    """The counts for the navigation, on every page: the same numbers as the Todo's
    (`mine`, `len(review)`) counted without reading the lists, cached like todo_for.
    Computed: one to seven queries (the Inspektorat with nothing of its own: three);
    cached: none."""
    day = timezone.localdate()
    visible = visible_unit_ids(user)
    key = versioned.page_key("todo-nav", user.pk, day, visible_ids=visible)
    return versioned.cached(
        key, lambda: read_nav_counts(user, day, visible), scopes=scopes_of(user)
    )


def scopes_of(user: User | AnonymousUser) -> list[str]:
    """The cache scopes a user's Todo reads: plans (skpd.scopes.PLANS) and the pemda of
    each unit they head (evidence raises only its pemda's). Workbook and calendar
    writes name no scope and so reach every Todo; a score typed anywhere reaches none."""
    return sorted({PLANS, *write_scopes(headed_unit_ids(user))})


def read_nav_counts(user: User, day: datetime.date, visible: set[int] | None) -> NavCounts:
    headed = set(headed_unit_ids(user))
    rows = list(own_records(user, headed).values_list("state", "due_date", "document__year"))
    mine = None
    if headed or rows:
        needs_calendar = {year for _state, own, year in rows if own is None}
        calendar = documents_due_on(needs_calendar) if needs_calendar else {}
        last = horizon(day)
        mine = 0
        for state, own, year in rows:
            due = effective_due(own, year, calendar)
            mine += state in REPAIR_STATES or (
                state == DocumentState.MISSING and due is not None and due <= last
            )
        if headed:
            mine += plan_and_evidence_count(headed, day)
    queue = None
    if user.has_perm(REVIEW_DOCUMENTS):
        queue = submitted(visible).count()
    return NavCounts(mine=mine, queue=queue)


def plan_and_evidence_count(headed: set[int], day: datetime.date) -> int:
    """Plans of the headed units overdue or due within REMINDER_DAYS, and their evidence
    marked "needs revision" (actions.selectors.reminders_for_head's rule). Two queries."""
    soon = day + datetime.timedelta(days=REMINDER_DAYS)
    plans = ActionPlan.objects.visible_to(headed).open().filter(due_date__lte=soon).count()
    evidence = (
        Evidence.objects.visible_to(headed).filter(status=Evidence.Status.NEEDS_REVISION).count()
    )
    return plans + evidence


def headed_unit_ids(user: User) -> list[int]:
    """The units the user heads, read once per setup version (a change of heads
    raises it)."""
    return versioned.cached_setup(
        f"headed-units:{user.pk}", lambda: sorted(user.headed_units.values_list("pk", flat=True))
    )


def own_records(user: User, headed: set[int]):
    """Open records of the units the user heads, and those in the user's charge when
    the user may see every unit (a head sees only the units they head, skpd.access)."""
    condition = Q(owner__in=headed)
    if sees_all_units(user):
        condition |= Q(person_in_charge_user=user)
    return open_records(condition)


def submitted(visible: set[int] | None):
    """Documents submitted by their OPD and waiting for the Inspektorat."""
    return DocumentRecord.objects.visible_to(visible).filter(
        state=DocumentState.SUBMITTED, document__retired_at__isnull=True
    )


def read_todo(user: User, day: datetime.date, visible: set[int] | None) -> Todo:
    todo = Todo(day=day, sees_all=visible is None, is_reviewer=user.has_perm(REVIEW_DOCUMENTS))
    own_work(todo, user)
    if todo.is_reviewer:
        todo.review = review_queue(visible)
    if todo.sees_all:
        todo.late_units = late_units(day)
        todo.all_plans_overdue = list(
            ActionPlan.objects.overdue(day)
            .select_related("unit", "owner_unit")
            .order_by("due_date", "pk")
        )
    return todo


def own_work(todo: Todo, user: User) -> None:
    """The documents, plans and evidence of the units the user heads, and the documents
    in their charge whose OPD they may see."""
    headed = set(headed_unit_ids(user))
    items = with_due_dates(own_records(user, headed)) if headed or sees_all_units(user) else []
    last = horizon(todo.day)
    late_first = sorted(items, key=lambda i: (i.due or datetime.date.max, i.record.pk))
    todo.repair = [i for i in late_first if i.record.state in REPAIR_STATES]
    todo.upload = [
        i
        for i in late_first
        if i.record.state == DocumentState.MISSING and i.due is not None and i.due <= last
    ]
    todo.is_head = bool(headed) or bool(items)
    if headed:
        reminders = reminders_for_head(user, todo.day)
        todo.plans_overdue = reminders.overdue
        todo.plans_soon = reminders.due_soon
        todo.evidence = reminders.needs_revision


def review_queue(visible: set[int] | None) -> list[DocumentRecord]:
    """Documents submitted by their OPD and waiting for the Inspektorat, oldest first
    (one query)."""
    return list(
        submitted(visible)
        .select_related("document", "owner", "pemda")
        .order_by("submitted_at", "pk")
    )


def late_units(day: datetime.date) -> list[LateUnit]:
    """OPDs with open documents due before `day`, most overdue documents first. Four
    queries: the calendar (two), the counts and the units."""
    calendar = documents_due_every_year()
    past_years = [year for year, due in calendar.items() if due < day]
    overdue = Q(due_date__lt=day) | Q(due_date__isnull=True, document__year__in=past_years)
    rows = list(
        DocumentRecord.objects.filter(
            overdue,
            state__in=OPEN_STATES,
            owner__isnull=False,
            document__retired_at__isnull=True,
        )
        .values_list("owner", "document__year")
        .annotate(count=Count("pk"))
        .order_by()
    )
    units = Unit.objects.filter(pk__in={row[0] for row in rows}).select_related("parent")
    by_pk = {unit.pk: unit for unit in units}
    late = [
        LateUnit(by_pk[owner], by_pk[owner].parent or by_pk[owner], year, count)
        for owner, year, count in rows
    ]
    return sorted(late, key=lambda late: (-late.overdue, late.unit.name, late.year))
