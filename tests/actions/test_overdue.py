import datetime

import pytest
from django.utils import translation

from actions.models import ActionPlan
from tests.actions.conftest import make_plan

TODAY = datetime.date(2024, 6, 15)


def plan(due: datetime.date, status: str) -> ActionPlan:
    return ActionPlan(due_date=due, status=status)


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (TODAY - datetime.timedelta(days=1), "planned", True),
        (TODAY - datetime.timedelta(days=1), "in-progress", True),
        (TODAY - datetime.timedelta(days=1), "done", False),
        (TODAY, "planned", False),
        (TODAY + datetime.timedelta(days=1), "in-progress", False),
    ],
)
def test_overdue_follows_from_due_date_and_status(due, status, overdue):
    assert plan(due, status).is_overdue_on(TODAY) is overdue


def test_overdue_is_not_a_status_anyone_can_type():
    assert "overdue" not in ActionPlan.Status.values
    assert "terlambat" not in ActionPlan.Status.values


def test_an_open_plan_past_its_date_shows_as_terlambat(official_units, indicators):
    late = make_plan(official_units, indicators, days=-1, status="in-progress")
    with translation.override("id"):
        assert late.shown_status == "Terlambat"
    assert late.shown_status_code == "overdue"
    assert late.status == "in-progress"


def test_the_queryset_selects_overdue_and_due_soon_plans(official_units, indicators):
    late = make_plan(official_units, indicators, days=-2)
    make_plan(official_units, indicators, days=-2, status="done")
    today = make_plan(official_units, indicators, days=0)
    soon = make_plan(official_units, indicators, days=14)
    make_plan(official_units, indicators, days=15)
    assert list(ActionPlan.objects.overdue()) == [late]
    assert list(ActionPlan.objects.due_soon()) == [today, soon]
