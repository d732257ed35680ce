"""The year's timeline for the workbook overview (issue 15, item 1): KPK's milestones
and the pemda's internal deadlines placed on the year, today marked, and what falls due
in the next 14 days, per OPD. Seen from today, or from a past day (the overview's "as
of"), whose states come from the history. Five queries whatever the number of
documents or OPDs (tests/reminders/test_timeline.py pins the count)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from reminders.calendar import CalendarEntry, YearCalendar, year_calendar
from reminders.digest import WINDOW_DAYS
from reminders.report import end_of, fields_on, record_history
from skpd.models import Unit
from workbook.models import OPEN_STATES, DocumentRecord


@dataclass(frozen=True)
class Mark:
    """A calendar entry placed on the year: `position` is its share of the year,
    0–100 (per cent of the track's width)."""

    entry: CalendarEntry
    position: Decimal
    past: bool


@dataclass(frozen=True)
class DueLine:
    """An OPD's open documents (missing, returned or rejected) falling due within the
    window (`due_soon`, with the earliest date) and already overdue (`overdue`)."""

    key: int | None
    code: str
    name: str
    due_soon: int
    first_due: datetime.date | None
    overdue: int


@dataclass
class Timeline:
    pemda: Unit
    year: int
    today: datetime.date
    is_today: bool
    window_end: datetime.date
    calendar: YearCalendar
    marks: list[Mark]
    today_position: Decimal | None  # None when today is outside the year
    soon: list[CalendarEntry]  # calendar dates within the window
    due: list[DueLine]

    @property
    def months(self) -> list[tuple[datetime.date, Decimal]]:
        """The first of each month and its place on the track."""
        firsts = [datetime.date(self.year, month, 1) for month in range(1, 13)]
        return [(first, position(first, self.year)) for first in firsts]

    @property
    def due_soon_total(self) -> int:
        return sum(line.due_soon for line in self.due)

    @property
    def overdue_total(self) -> int:
        return sum(line.overdue for line in self.due)


def position(day: datetime.date, year: int) -> Decimal:
    """The day's place in the year as a percentage (1 January = 0, 31 December ≈ 100),
    clamped to the year."""
    start = datetime.date(year, 1, 1)
    length = (datetime.date(year + 1, 1, 1) - start).days
    share = Decimal(100) * (day - start).days / length
    return min(max(share, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"))


def timeline(pemda: Unit, year: int, today: datetime.date, is_today: bool = True) -> Timeline:
    """The pemda's timeline of `year` seen on `today` (a past day when `is_today` is
    False: the page then says "as of"). A document's due date is its own,
    else the calendar's (reminders.calendar); WINDOW_DAYS (14) is the reminders'
    window, so the overview and the e-mail digests name the same documents."""
    calendar = year_calendar(year)
    window_end = today + datetime.timedelta(days=WINDOW_DAYS)
    marks = [Mark(e, position(e.date, year), e.date < today) for e in calendar.entries]
    inside = datetime.date(year, 1, 1) <= today <= datetime.date(year, 12, 31)
    return Timeline(
        pemda=pemda,
        year=year,
        today=today,
        is_today=is_today,
        window_end=window_end,
        calendar=calendar,
        marks=marks,
        today_position=position(today, year) if inside else None,
        soon=[e for e in calendar.entries if today <= e.date <= window_end],
        due=due_lines(pemda, year, today, window_end, calendar.documents_due),
    )


def due_lines(
    pemda: Unit,
    year: int,
    today: datetime.date,
    window_end: datetime.date,
    calendar_due: datetime.date | None,
) -> list[DueLine]:
    """Per OPD, its documents open at the end of `today` (missing, returned or
    rejected) due by `window_end`, read from the history so that a past day shows that
    day's states (three queries); OPDs with the most overdue first, OPDs with nothing
    due left out."""
    ids = (
        DocumentRecord.objects.of_year(pemda, year)
        .filter(document__retired_at__isnull=True)
        .values_list("pk", flat=True)
    )
    end = end_of(today)
    found: dict[int | None, list] = {}
    for on_day in fields_on(record_history(list(ids), end), end).values():
        due = on_day.due_date or calendar_due
        if on_day.state not in OPEN_STATES or due is None or due > window_end:
            continue
        line = found.setdefault(on_day.owner_id, [0, None, 0])
        if due < today:
            line[2] += 1
        else:
            line[0] += 1
            line[1] = due if line[1] is None else min(line[1], due)
    units = Unit.objects.filter(pk__in=[k for k in found if k is not None]).only(
        "pk", "code", "name", "short_name"
    )
    named = {unit.pk: unit for unit in units}
    lines = []
    for key, (soon, first, late) in found.items():
        unit = named.get(key)
        lines.append(
            DueLine(
                key=key,
                code=unit.code if unit else "",
                name=unit.display_name if unit else "–",
                due_soon=soon,
                first_due=first,
                overdue=late,
            )
        )
    return sorted(lines, key=lambda line: (-line.overdue, -line.due_soon, line.name))
