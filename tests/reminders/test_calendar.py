import datetime

import pytest

from reminders.calendar import documents_due_on, effective_due, year_entries
from reminders.models import InternalDeadline, Milestone

pytestmark = pytest.mark.django_db


def test_2025_documents_are_due_two_weeks_before_kpk_cut_off():
    # The migration records KPK's 2025 cut-off (30 November 2025) and the OPDs' deadline.
    assert documents_due_on([2025]) == {2025: datetime.date(2025, 11, 16)}


def test_moving_the_cut_off_moves_the_documents_due_date():
    Milestone.objects.filter(year=2025, kind=Milestone.Kind.CUTOFF).update(
        date=datetime.date(2025, 12, 5)
    )
    assert documents_due_on([2025])[2025] == datetime.date(2025, 11, 21)


def test_without_an_internal_deadline_documents_are_due_at_the_cut_off():
    cutoff = Milestone.objects.create(
        year=2026, kind=Milestone.Kind.CUTOFF, date=datetime.date(2026, 11, 30)
    )
    InternalDeadline.objects.create(milestone=cutoff, name="Rapat koordinasi", days_before=30)
    assert documents_due_on([2026]) == {2026: datetime.date(2026, 11, 30)}
    assert documents_due_on([2027]) == {}


def test_a_documents_own_due_date_wins_over_the_calendar():
    calendar = documents_due_on([2025])
    assert effective_due(datetime.date(2025, 9, 1), 2025, calendar) == datetime.date(2025, 9, 1)
    assert effective_due(None, 2025, calendar) == datetime.date(2025, 11, 16)
    assert effective_due(None, 2030, calendar) is None


def test_a_year_has_one_cut_off():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(
            year=2025, kind=Milestone.Kind.CUTOFF, date=datetime.date(2025, 12, 1)
        )


def test_year_entries_are_in_date_order_with_internal_deadlines_marked():
    Milestone.objects.create(
        year=2025, kind=Milestone.Kind.ENTRY_OPENS, date=datetime.date(2025, 4, 1)
    )
    entries = year_entries(2025)
    assert [e[0] for e in entries] == [
        datetime.date(2025, 4, 1),
        datetime.date(2025, 11, 16),
        datetime.date(2025, 11, 30),
    ]
    assert [e[2] for e in entries] == [False, True, False]
