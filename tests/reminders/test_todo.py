"""What needs me (issue 15, item 3): the page, the navigation's counts, the one login
message; each user sees only their own work and units."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pagecache import versioned
from reminders.todo import NavCounts, headed_unit_ids, read_nav_counts, todo_for
from skpd.access import sees_all_units, visible_unit_ids
from tests.actions.conftest import make_plan
from tests.conftest import PASSWORD
from tests.workbook.conftest import PDF_BYTES
from workbook import services
from workbook.models import DocumentRecord, DocumentState

TODAY = timezone.localdate


def record(code: str) -> DocumentRecord:
    return DocumentRecord.objects.get(document__code=code)


def set_state(code: str, state: str, due: datetime.date | None = None, note: str = "") -> None:
    DocumentRecord.objects.filter(document__code=code).update(state=state, due_date=due, note=note)


def submit(code: str) -> DocumentRecord:
    target = record(code)
    services.document_file_upload(
        record=target, uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES, "application/pdf"), by=None
    )
    return services.document_step(record=record(code), step="submit", by=None)


@pytest.fixture
def head_work(bpkad_record, kepala_bpkad):
    """7.1.1.1 returned (due in 40 days), 7.1.1.2 missing and due in 5 days: BPKAD's.
    7.1.2.1 (Biro Hukum's) missing and overdue."""
    soon = TODAY() + datetime.timedelta(days=5)
    set_state(
        "7.1.1.1", DocumentState.RETURNED, TODAY() + datetime.timedelta(days=40), "Tanpa ttd"
    )
    set_state("7.1.1.2", DocumentState.MISSING, soon)
    set_state("7.1.2.1", DocumentState.MISSING, TODAY() - datetime.timedelta(days=3))
    return kepala_bpkad


def test_a_head_sees_documents_to_repair_and_upload_of_their_unit_only(as_user, head_work):
    page = as_user(head_work).get("/tugas/").content.decode()
    assert "Tanpa ttd" in page  # the returned document and its note
    assert "7.1.1.1" in page and "7.1.1.2" in page
    assert "7.1.2.1" not in page  # Biro Hukum's document
    assert "Dokumen untuk diperbaiki" in page
    todo = todo_for(head_work)
    assert [i.record.document.code for i in todo.repair] == ["7.1.1.1"]
    assert [i.record.document.code for i in todo.upload] == ["7.1.1.2"]
    assert todo.mine == 2
    assert todo.review == [] and not todo.is_reviewer


def test_a_missing_document_due_beyond_14_days_waits(head_work):
    set_state("7.1.1.2", DocumentState.MISSING, TODAY() + datetime.timedelta(days=15))
    assert todo_for(head_work).upload == []


def test_a_head_sees_their_plans_and_the_count_in_the_navigation(
    as_user, head_work, official_units, indicators
):
    make_plan(official_units, indicators, owner="bpkad", days=-3, title="Sudah lewat")
    make_plan(official_units, indicators, owner="bappeda", days=-3, title="Milik Bappeda")
    page = as_user(head_work).get("/").content.decode()
    assert 'data-testid="nav-mine">Tugas saya <span class="count">3</span>' in page
    assert 'data-testid="nav-queue"' not in page
    todo_page = as_user(head_work).get("/tugas/").content.decode()
    assert "Sudah lewat" in todo_page and "Milik Bappeda" not in todo_page


def test_the_inspektorat_sees_the_review_queue_late_opds_and_overdue_plans(
    as_user, head_work, inspektorat_user, official_units, indicators
):
    submit("7.1.1.1")
    make_plan(official_units, indicators, owner="bappeda", days=-3, title="Milik Bappeda")
    page = as_user(inspektorat_user).get("/tugas/").content.decode()
    assert 'data-testid="nav-queue">Antrean reviu <span class="count">1</span>' in page
    assert 'data-testid="nav-mine"' not in page  # heads no unit
    todo = todo_for(inspektorat_user)
    assert [r.document.code for r in todo.review] == ["7.1.1.1"]
    late = {(late.unit.code, late.year): late.overdue for late in todo.late_units}
    # 7.1.2.1 is 3 days late; Biro PBJ's 3.1.1.1 follows the 2025 calendar (16 November
    # 2025), long past; 7.1.1.2 is due in 5 days and BPKAD's other one is submitted.
    assert late[("biro-hukum", 2025)] == 1
    assert ("bpkad", 2025) not in late
    assert "Milik Bappeda" in page
    assert "Biro Hukum" in page


def test_pimpinan_reads_late_opds_but_has_no_queue_nor_tasks(as_user, head_work, pimpinan_user):
    page = as_user(pimpinan_user).get("/tugas/").content.decode()
    assert "OPD yang terlambat" in page
    assert 'id="tinjauan"' not in page
    assert 'data-testid="nav-queue"' not in page and 'data-testid="nav-mine"' not in page


def test_the_counts_follow_a_write(as_user, head_work, inspektorat_user):
    client = as_user(head_work)
    assert '<span class="count">2</span>' in client.get("/tugas/").content.decode()
    submit("7.1.1.2")
    assert '<span class="count">1</span>' in client.get("/tugas/").content.decode()
    page = as_user(inspektorat_user).get("/tugas/").content.decode()
    assert 'data-testid="nav-queue">Antrean reviu <span class="count">1</span>' in page


def test_documents_in_a_staff_members_charge_are_theirs(as_user, head_work, inspektorat_user):
    services.document_assign(
        record=record("7.1.2.1"),
        by=None,
        owner=record("7.1.2.1").owner,
        person_in_charge="Staf Inspektorat",
        person_in_charge_user=inspektorat_user,
    )
    page = as_user(inspektorat_user).get("/tugas/").content.decode()
    assert 'data-testid="nav-mine">Tugas saya <span class="count">1</span>' in page
    assert [i.record.document.code for i in todo_for(inspektorat_user).upload] == ["7.1.2.1"]


def test_one_login_message_tells_a_head_about_documents_plans_and_evidence(
    client, head_work, official_units, indicators
):
    make_plan(official_units, indicators, owner="bpkad", days=-3)
    make_plan(official_units, indicators, owner="bpkad", days=7)
    page = client.post(
        "/accounts/login/", {"username": "kepala-bpkad", "password": PASSWORD}, follow=True
    ).content.decode()
    assert page.count('class="message warning"') == 1
    assert "1 dokumen untuk diperbaiki" in page
    assert "1 dokumen untuk diunggah" in page
    assert "1 rencana aksi terlambat" in page
    assert "1 rencana jatuh tempo dalam 14 hari" in page
    assert 'href="/tugas/"' in page


def test_nothing_to_do_means_no_login_message(client, kepala_bpkad, official_units):
    page = client.post(
        "/accounts/login/", {"username": "kepala-bpkad", "password": PASSWORD}, follow=True
    ).content.decode()
    assert 'href="/tugas/">' not in page.split("<main", 1)[1]


def test_the_page_reads_a_fixed_number_of_queries(
    as_user, head_work, inspektorat_user, django_assert_max_num_queries
):
    """Cold: the Todo is read (about ten queries for the Inspektorat); warm: only the
    request's own reads (session, user, versions)."""
    client = as_user(inspektorat_user)
    with django_assert_max_num_queries(16):
        client.get("/tugas/")
    with django_assert_max_num_queries(5):
        client.get("/tugas/")


def test_the_navigation_counts_read_few_queries_and_agree_with_the_page(
    head_work, inspektorat_user, official_units, indicators, django_assert_num_queries
):
    """Computed on a cache miss, in a request that has read the versions and the
    user's permissions already: the Inspektorat's three (units headed, documents in
    their charge, the review queue); a head's three here (their documents, plans,
    evidence; two more for the calendar when a document has no due date of its own,
    and the units headed come with the request's visible units)."""
    make_plan(official_units, indicators, owner="bpkad", days=-3)
    submit("7.1.2.1")
    day = TODAY()
    versioned.begin_request()
    try:
        versioned.current_version()
        for user in (inspektorat_user, head_work):
            sees_all_units(user)
        visible = visible_unit_ids(head_work)
        with django_assert_num_queries(3):
            counts = read_nav_counts(inspektorat_user, day, None)
        assert counts == NavCounts(mine=None, queue=1)
        headed_unit_ids(head_work)
        with django_assert_num_queries(3):
            counts = read_nav_counts(head_work, day, visible)
    finally:
        versioned.end_request()
    assert counts == NavCounts(mine=todo_for(head_work).mine, queue=None) == NavCounts(3, None)
