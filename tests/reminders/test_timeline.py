"""Issue 15, item 1: the timeline on the workbook overview, served by reminders as a
fragment the overview loads (the workbook sits below reminders and cannot read the
calendar itself)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reminders.models import InternalDeadline, Milestone
from reminders.timeline import position, timeline
from skpd.models import Unit
from tests.reminders.test_report import story  # noqa: F401
from workbook import synthetic
from workbook.models import DocumentRecord

pytestmark = pytest.mark.django_db
TIMELINE_QUERIES = 5  # pinned: raise only with a reason in the commit


def test_positions_are_the_share_of_the_year():
    assert position(datetime.date(2025, 1, 1), 2025) == 0
    assert float(position(datetime.date(2025, 7, 2), 2025)) == pytest.approx(49.9, abs=0.1)
    assert position(datetime.date(2026, 3, 1), 2025) == 100  # clamped


def test_the_next_14_days_list_each_opds_documents_due(story, official_units):  # noqa: F811
    # 7.1.2.1 has its own due date; the others follow the calendar (16 November 2025).
    record = DocumentRecord.objects.get(document__code="7.1.2.1")
    DocumentRecord.objects.filter(pk=record.pk).update(due_date=datetime.date(2025, 11, 20))
    DocumentRecord.history.filter(id=record.pk).update(due_date=datetime.date(2025, 11, 20))
    data = timeline(story, 2025, datetime.date(2025, 11, 10), is_today=False)
    assert data.today_position is not None
    assert [entry.label for entry in data.soon] == ["OPD menyampaikan dokumen ke Inspektorat"]
    (bpkad,) = data.due
    # 7.1.1.1 accepted (not due); 7.1.1.2 rejected and 3.1.1.1 missing: due 16 November;
    # 7.1.2.1 missing, due 20 November.
    assert (bpkad.code, bpkad.due_soon, bpkad.first_due, bpkad.overdue) == (
        "bpkad",
        3,
        datetime.date(2025, 11, 16),
        0,
    )
    later = timeline(story, 2025, datetime.date(2025, 11, 18), is_today=False)
    assert (later.due[0].due_soon, later.due[0].overdue) == (1, 2)


def test_a_past_day_reads_that_days_states(story):  # noqa: F811
    # 7.1.1.2 is due on 20 September by its own date: uploaded on 10 September (not
    # open), rejected on 22 September (open again, and overdue).
    record = DocumentRecord.objects.get(document__code="7.1.1.2")
    DocumentRecord.history.filter(id=record.pk).update(due_date=datetime.date(2025, 9, 20))
    assert timeline(story, 2025, datetime.date(2025, 9, 12), is_today=False).due == []
    (line,) = timeline(story, 2025, datetime.date(2025, 9, 25), is_today=False).due
    assert (line.due_soon, line.overdue) == (0, 1)
    # On 1 November nothing else falls due by 15 November (the calendar's day is the 16th).
    (line,) = timeline(story, 2025, datetime.date(2025, 11, 1), is_today=False).due
    assert (line.due_soon, line.overdue) == (0, 1)


def test_the_overview_loads_the_fragment_with_a_plain_link_as_fallback(
    story,  # noqa: F811
    as_user,
    inspektorat_user,
):
    client = as_user(inspektorat_user)
    page = client.get(reverse("workbook:overview", args=[2025]) + "?pemda=kalsel").content
    url = reverse("reminders:timeline", args=[2025]) + "?pemda=kalsel"
    assert f'hx-get="{url}" hx-trigger="load"'.encode() in page
    assert f'<a href="{url}">'.encode() in page
    fragment = client.get(url + "&per=2025-11-10", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and 'data-testid="timeline-today"' in html
    assert "16 November 2025" in html and "Dilihat dari 10 November 2025" in html
    full = client.get(url).content.decode()
    assert "<html" in full and "Kalender 2025" in full


def test_a_refused_day_answers_400_with_a_message(story, as_user, inspektorat_user):  # noqa: F811
    url = reverse("reminders:timeline", args=[2025]) + "?pemda=kalsel&per=2025-02-31"
    response = as_user(inspektorat_user).get(url)
    assert response.status_code == 400 and "18/01/2026" in response.content.decode()


def test_the_timeline_reads_a_fixed_number_of_queries(official_units):
    kalsel = official_units["kalsel"]
    opds = list(Unit.objects.filter(parent=kalsel, level=Unit.Level.SKPD).order_by("code"))
    cutoff = Milestone.objects.create(
        year=2024, kind=Milestone.Kind.CUTOFF, date=datetime.date(2024, 11, 30)
    )
    InternalDeadline.objects.create(
        milestone=cutoff, name="OPD", days_before=14, documents_due=True
    )
    counted = []
    for year, opd_count, documents in ((2025, 2, 12), (2024, 6, 60)):
        catalogue = synthetic.build_catalogue(year, documents)
        synthetic.open_workbook(kalsel, year, opds[:opd_count], catalogue)
        with CaptureQueriesContext(connection) as captured:
            data = timeline(kalsel, year, datetime.date(year, 11, 10))
        assert data.due, "the synthetic workbook leaves documents open"
        counted.append(len(captured))
    assert counted == [TIMELINE_QUERIES, TIMELINE_QUERIES]
