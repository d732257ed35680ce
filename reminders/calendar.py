"""Reads of the year's calendar: when workbook documents fall due.

The rule (issue 15): a document's own due date wins; otherwise the year's internal
deadline marked "OPD documents are due" (the earliest, if several are); otherwise KPK's
cut-off; otherwise the document has no due date.
"""

import datetime
from collections.abc import Iterable

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


def documents_due_every_year() -> dict[int, datetime.date]:
    """documents_due_on() for every year the calendar holds. Two queries."""
    return documents_due_on(Milestone.objects.values_list("year", flat=True).distinct())
