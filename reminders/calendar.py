"""Reads of the year's calendar: when workbook documents fall due.

The rule (issue 15): a document's own due date wins; otherwise the year's internal
deadline marked "OPD documents are due" (the earliest, if several are); otherwise KPK's
cut-off; otherwise the document has no due date.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from reminders.models import InternalDeadline, Milestone


def documents_due_on(years: Iterable[int]) -> dict[int, datetime.date]:
    """{year: the date the year's documents are due by the calendar}, for the years that
    have one. Two queries whatever the number of years."""
    years = set(years)
    due: dict[int, datetime.date] = {
        m.year: m.date
        for m in Milestone.objects.filter(year__in=years, kind=Milestone.Kind.CUTOFF)
    }
    internal: dict[int, datetime.date] = {}
    deadlines = InternalDeadline.objects.filter(
        milestone__year__in=years, documents_due=True
    ).select_related("milestone")
    for deadline in deadlines:
        year = deadline.milestone.year
        internal[year] = min(deadline.date, internal.get(year, deadline.date))
    return due | internal


def effective_due(
    own: datetime.date | None, year: int, calendar: dict[int, datetime.date]
) -> datetime.date | None:
    """A document's due date: its own, else the calendar's for its year (or None)."""
    return own or calendar.get(year)


def year_entries(year: int) -> list[tuple[datetime.date, str, bool]]:
    """The year's calendar in date order as (date, label, is_internal)."""
    entries = [
        (m.date, str(m.get_kind_display()), False) for m in Milestone.objects.filter(year=year)
    ]
    deadlines = InternalDeadline.objects.filter(milestone__year=year).select_related("milestone")
    entries += [(d.date, d.name, True) for d in deadlines]
    return sorted(entries, key=lambda entry: entry[0])


@dataclass(frozen=True)
class CalendarEntry:
    """One date of the year's calendar: a KPK milestone or an internal deadline."""

    date: datetime.date
    label: str
    internal: bool
    documents_due: bool = False


@dataclass(frozen=True)
class YearCalendar:
    """The year's calendar in date order and the day its documents fall due by it
    (`documents_due_on`'s rule: the earliest internal deadline marked for documents,
    else the cut-off, else None)."""

    year: int
    entries: list[CalendarEntry]
    documents_due: datetime.date | None

    def upcoming(self, day: datetime.date, limit: int | None = None) -> list[CalendarEntry]:
        """The entries on or after `day`, the first `limit` of them (all when None)."""
        later = [entry for entry in self.entries if entry.date >= day]
        return later if limit is None else later[:limit]


def year_calendar(year: int) -> YearCalendar:
    """The year's milestones and internal deadlines, and its documents' due date, in
    two queries (the pages' reader; `year_entries` and `documents_due_on` answer the
    same questions one at a time)."""
    milestones = list(Milestone.objects.filter(year=year))
    deadlines = list(
        InternalDeadline.objects.filter(milestone__year=year).select_related("milestone")
    )
    entries = [CalendarEntry(m.date, str(m.get_kind_display()), False) for m in milestones]
    entries += [CalendarEntry(d.date, d.name, True, d.documents_due) for d in deadlines]
    entries.sort(key=lambda entry: (entry.date, entry.internal))
    marked = [d.date for d in deadlines if d.documents_due]
    cutoffs = [m.date for m in milestones if m.kind == Milestone.Kind.CUTOFF]
    due = min(marked) if marked else (cutoffs[0] if cutoffs else None)
    return YearCalendar(year=year, entries=entries, documents_due=due)


def documents_due_every_year() -> dict[int, datetime.date]:
    """documents_due_on() for every year the calendar holds. Two queries."""
    return documents_due_on(Milestone.objects.values_list("year", flat=True).distinct())
