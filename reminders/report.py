"""The weekly coordination report (issue 15, item 4): a pemda's workbook year as it
stood at the end of a day, read from the history, beside the same a week before.

Nothing is snapshotted: a document's state, note, owner and own due date on a day are
those of its last history row up to the end of that day (WITA), and so are the
sub-indicator values the estimates use. The calendar (milestones and internal
deadlines) is read as it is now: it has no history. The official MCP is the stored
score. Nine queries whatever the number of OPDs, documents or history rows
(tests/reminders/test_report.py pins the count).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from reminders.calendar import CalendarEntry, YearCalendar, year_calendar
from skpd.models import Unit
from workbook import selectors
from workbook.models import OPEN_STATES, DocumentRecord, DocumentState, SubIndicatorValue
from workbook.selectors import Estimates, Tally

# "The change since the previous report": a week earlier unless the reader names a day.
PREVIOUS_DAYS = 7
# How many of the calendar's next dates the report lists.
NEXT_DEADLINES = 6


@dataclass(frozen=True)
class RecordOnDay:
    """A document's recorded fields at the end of a day (from its history row)."""

    state: str
    note: str
    owner_id: int | None
    due_date: datetime.date | None


@dataclass(frozen=True)
class ValuesOnDay:
    """A sub-indicator's values at the end of a day (the shape `selectors.estimates`
    reads: .value and .verified_value, Decimal 0–100 or None)."""

    value: Decimal | None
    verified_value: Decimal | None


@dataclass
class OpdLine:
    """An OPD's documents by state on the report's day (`now`) and on the previous
    one (`before`). Percentages are of the OPD's documents on each day (0–100, one
    decimal); `fulfilled` counts what it delivered (submitted, ready, uploaded or
    accepted), as the workbook overview does."""

    key: int | None
    code: str
    name: str
    now: Tally
    before: Tally

    @property
    def fulfilled_change(self) -> Decimal:
        """Percentage points gained since the previous day (negative when lost)."""
        return self.now.delivered_percent - self.before.delivered_percent

    @property
    def accepted_change(self) -> int:
        return self.now.counts[DocumentState.ACCEPTED] - self.before.counts[DocumentState.ACCEPTED]


@dataclass(frozen=True)
class Item:
    """A rejected or overdue document on the report's day, with the note it then had.
    `overdue_days` is 0 when it is not overdue (or has no due date)."""

    code: str
    name: str
    opd: str
    state: str
    state_label: str
    due: datetime.date | None
    overdue_days: int
    note: str


@dataclass
class Report:
    pemda: Unit
    year: int
    as_of: datetime.date
    previous: datetime.date
    opds: list[OpdLine]
    total: OpdLine
    rejected: list[Item]
    overdue: list[Item]
    estimates: Estimates
    estimates_before: Estimates
    calendar: YearCalendar
    deadlines: list[CalendarEntry] = field(default_factory=list)

    @property
    def states(self) -> list[DocumentState]:
        return selectors.STATES


def end_of(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the site's time zone (WITA)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def report(
    pemda: Unit, year: int, as_of: datetime.date, previous: datetime.date | None = None
) -> Report:
    """The coordination report of the pemda's workbook `year` as of the end of `as_of`,
    compared with the end of `previous` (default: PREVIOUS_DAYS earlier; it should be
    earlier than `as_of`, which the views check). Documents opened after a day do not
    count on it. Nine queries."""
    previous = previous or as_of - datetime.timedelta(days=PREVIOUS_DAYS)
    entries = selectors.catalogue_tree(pemda, year)
    records = list(
        DocumentRecord.objects.of_year(pemda, year)
        .filter(document__retired_at__isnull=True)
        .select_related("document")
        .order_by("document__sort_key", "pk")
    )
    history = record_history([r.pk for r in records], end_of(as_of))
    now, before = fields_on(history, end_of(as_of)), fields_on(history, end_of(previous))
    opds = {u.pk: u for u in Unit.objects.filter(parent=pemda, level=Unit.Level.SKPD)}
    value_rows = value_history(pemda, year, end_of(as_of))
    calendar = year_calendar(year)
    lines = opd_lines(opds, now, before)
    items = [item_of(r, now[r.pk], opds, calendar, as_of) for r in records if r.pk in now]
    return Report(
        pemda=pemda,
        year=year,
        as_of=as_of,
        previous=previous,
        opds=lines,
        total=total_line(lines, pemda),
        rejected=[i for i in items if i.state == DocumentState.REJECTED],
        overdue=[i for i in items if i.overdue_days and i.state != DocumentState.REJECTED],
        estimates=estimates_on(pemda, year, entries, records, now, value_rows, as_of),
        estimates_before=estimates_on(pemda, year, entries, records, before, value_rows, previous),
        calendar=calendar,
        deadlines=calendar.upcoming(as_of, NEXT_DEADLINES),
    )


def record_history(record_ids: list[int], end: datetime.datetime) -> list[tuple]:
    """(moment, record id, state, note, owner id, own due date) of every history row up
    to `end`, oldest first (one query)."""
    rows = (
        DocumentRecord.history.filter(id__in=record_ids, history_date__lte=end)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "state", "note", "owner_id", "due_date")
    )
    return list(rows)


def fields_on(history: list[tuple], end: datetime.datetime) -> dict[int, RecordOnDay]:
    """{record id: its fields at `end`} for the records that existed then."""
    found: dict[int, RecordOnDay] = {}
    for moment, pk, state, note, owner_id, due_date in history:
        if moment > end:
            break
        found[pk] = RecordOnDay(state, note, owner_id, due_date)
    return found


def value_history(pemda: Unit, year: int, end: datetime.datetime) -> list[tuple]:
    """(moment, sub-indicator id, value, verified value, history type) of the pemda's
    values of the year up to `end`, oldest first (one query)."""
    rows = (
        SubIndicatorValue.history.filter(
            pemda_id=pemda.pk, sub_indicator__year=year, history_date__lte=end
        )
        .order_by("history_date", "history_id")
        .values_list("history_date", "sub_indicator_id", "value", "verified_value", "history_type")
    )
    return list(rows)


def values_on(rows: list[tuple], end: datetime.datetime) -> dict[int, ValuesOnDay]:
    values: dict[int, ValuesOnDay] = {}
    for moment, sub_id, value, verified, kind in rows:
        if moment > end:
            break
        if kind == "-":
            values.pop(sub_id, None)
        else:
            values[sub_id] = ValuesOnDay(value, verified)
    return values


def estimates_on(pemda, year, entries, records, fields, value_rows, day) -> Estimates:
    """The three estimates from the states and values of `day` (one query: the
    official MCP)."""
    states = {pk: on_day.state for pk, on_day in fields.items()}
    values = values_on(value_rows, end_of(day))
    return selectors.estimates(pemda, year, entries, records, states, values)


def opd_lines(
    opds: dict[int, Unit], now: dict[int, RecordOnDay], before: dict[int, RecordOnDay]
) -> list[OpdLine]:
    """One line per OPD owning a document on either day, in name order (documents
    without an owner in a last line "–")."""
    counts: dict[int | None, tuple[Counter, Counter]] = {}
    for fields, index in ((now, 0), (before, 1)):
        for on_day in fields.values():
            owner = on_day.owner_id if on_day.owner_id in opds else None
            counts.setdefault(owner, (Counter(), Counter()))[index][on_day.state] += 1
    lines = []
    for key, (counted_now, counted_before) in counts.items():
        unit = opds.get(key)
        name, code = (unit.display_name, unit.code) if unit else ("–", "")
        lines.append(
            OpdLine(
                key=key,
                code=code,
                name=name,
                now=Tally(key, name, counted_now, code=code),
                before=Tally(key, name, counted_before, code=code),
            )
        )
    return sorted(lines, key=lambda line: (line.key is None, line.name.casefold()))


def total_line(lines: list[OpdLine], pemda: Unit) -> OpdLine:
    now, before = Counter(), Counter()
    for line in lines:
        now.update(line.now.counts)
        before.update(line.before.counts)
    name = pemda.display_name
    return OpdLine(
        pemda.pk, pemda.code, name, Tally(pemda.pk, name, now), Tally(None, name, before)
    )


def item_of(
    record: DocumentRecord,
    on_day: RecordOnDay,
    opds: dict[int, Unit],
    calendar: YearCalendar,
    day: datetime.date,
) -> Item:
    """A document as it was on `day`: overdue when still open (missing, returned or
    rejected) after its due date (its own that day, else the calendar's)."""
    due = on_day.due_date or calendar.documents_due
    late = (day - due).days if due and on_day.state in OPEN_STATES and due < day else 0
    owner = opds.get(on_day.owner_id)
    return Item(
        code=record.document.code,
        name=record.document.name,
        opd=owner.display_name if owner else "–",
        state=on_day.state,
        state_label=str(DocumentState(on_day.state).label),
        due=due,
        overdue_days=late,
        note=on_day.note,
    )
