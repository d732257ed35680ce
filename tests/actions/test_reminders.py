from actions.models import Evidence
from actions.services import evidence_upload, evidence_verify
from tests.actions.conftest import PDF_BYTES, make_plan, upload
from tests.conftest import PASSWORD


def log_in(client, username):
    return client.post(
        "/accounts/login/", {"username": username, "password": PASSWORD}, follow=True
    )


def test_an_skpd_head_is_told_about_late_soon_and_rejected_work_on_login(
    client, kepala_bpkad, official_units, indicators
):
    make_plan(official_units, indicators, owner="bpkad", days=-3)
    soon = make_plan(official_units, indicators, owner="bpkad", days=7)
    make_plan(official_units, indicators, owner="bpkad", days=40)
    make_plan(official_units, indicators, owner="bappeda", days=-3)
    evidence = evidence_upload(uploaded=upload("a.pdf", PDF_BYTES), by=None, plan=soon)
    evidence_verify(
        evidence=evidence, by=None, status=Evidence.Status.NEEDS_REVISION, comment="Kurang ttd"
    )
    page = log_in(client, "kepala-bpkad").content.decode()
    # One message for plans, evidence and documents alike (reminders.login).
    assert "1 rencana aksi terlambat, 1 rencana jatuh tempo dalam 14 hari" in page
    assert "1 berkas bukti" in page
    assert 'href="/tugas/"' in page


def test_the_reminder_page_lists_them(as_user, kepala_bpkad, official_units, indicators):
    make_plan(official_units, indicators, owner="bpkad", days=-3, title="Sudah lewat")
    make_plan(official_units, indicators, owner="bpkad", days=40, title="Masih lama")
    page = as_user(kepala_bpkad).get("/action-plans/?mine=1").content.decode()
    assert "Sudah lewat" in page and "Masih lama" not in page


def test_nothing_to_say_means_no_message(client, kepala_bpkad, official_units, indicators):
    make_plan(official_units, indicators, owner="bpkad", days=40)
    page = log_in(client, "kepala-bpkad").content.decode()
    assert 'class="message warning"' not in page


def test_users_who_head_no_unit_get_no_reminder(
    client, inspektorat_user, official_units, indicators
):
    make_plan(official_units, indicators, owner="bpkad", days=-3)
    page = log_in(client, "inspektorat").content.decode()
    assert 'class="message warning"' not in page
