"""The calendar page (issue 15, item 1): the Inspektorat edits KPK's milestones and the
pemda's deadlines; Pimpinan and unit heads read them. Bad input: a message in
Indonesian and nothing changed."""

import datetime

import pytest
from django.urls import reverse

from reminders import services
from reminders.models import InternalDeadline, Milestone
from reminders.views.calendar import calendar_rows

# reminders/migrations/0002: the 2025 cut-off (30 November) and the OPDs' deadline 14 days
# before it.


def cutoff() -> Milestone:
    return Milestone.objects.get(year=2025, kind=Milestone.Kind.CUTOFF)


def test_the_page_lists_the_year_in_date_order_with_dates_in_indonesian(
    as_user, pimpinan_user, django_assert_max_num_queries
):
    services.milestone_save(
        milestone=Milestone(
            year=2025, kind=Milestone.Kind.ENTRY_OPENS, date=datetime.date(2025, 3, 3)
        ),
        by=None,
    )
    client = as_user(pimpinan_user)
    with django_assert_max_num_queries(12):
        page = client.get("/mcp/2025/kalender/").content.decode()
    assert (
        page.index("3 Maret 2025")
        < page.index("16 November 2025")
        < page.index("30 November 2025")
    )
    assert "Batas akhir" in page
    assert "OPD menyampaikan dokumen ke Inspektorat" in page
    # Pimpinan reads only.
    assert "/mcp/kalender/tonggak/" not in page
    assert "/mcp/2025/kalender/tonggak/" not in page


def test_an_skpd_head_reads_the_calendar(as_user, kepala_bpkad):
    assert as_user(kepala_bpkad).get("/mcp/2025/kalender/").status_code == 200
    assert as_user(kepala_bpkad).get(f"/mcp/kalender/tonggak/{cutoff().pk}/").status_code == 403


def test_the_inspektorat_adds_a_milestone(as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    response = client.post(
        "/mcp/2026/kalender/tonggak/",
        {
            "kind": "pengisian",
            "date": "2026-02-02",
            "note": "Aplikasi jaga.id",
            "version_read": "0",
        },
    )
    assert response.status_code == 302
    added = Milestone.objects.get(year=2026)
    assert (added.kind, added.date, added.version) == ("pengisian", datetime.date(2026, 2, 2), 1)
    assert added.history.first().history_user == inspektorat_user
    assert "2 Februari 2026" in client.get("/mcp/2026/kalender/").content.decode()


def test_a_second_cut_off_is_refused_in_indonesian(as_user, inspektorat_user):
    response = as_user(inspektorat_user).post(
        "/mcp/2025/kalender/tonggak/",
        {"kind": "batas-akhir", "date": "2025-12-15", "version_read": "0"},
    )
    assert response.status_code == 400
    assert "Tahun 2025 sudah punya batas akhir" in response.content.decode()
    assert Milestone.objects.filter(year=2025, kind="batas-akhir").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "rilis", "date": "2031-01-01"},
            "Tanggal harus jatuh pada tahun 2024, 2025 atau 2026",
        ),
        ({"kind": "rilis", "date": "bukan tanggal"}, "Masukkan tanggal yang valid"),
        ({"kind": "tidak-ada", "date": "2025-06-01"}, "Masukkan pilihan yang valid"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    as_user, inspektorat_user, data, message
):
    response = as_user(inspektorat_user).post(
        "/mcp/2025/kalender/tonggak/", data | {"version_read": "0"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Milestone.objects.filter(year=2025).count() == 1


def test_moving_the_cut_off_moves_the_deadline_and_a_stale_edit_is_refused(
    as_user, inspektorat_user, pimpinan_user
):
    client = as_user(inspektorat_user)
    milestone = cutoff()
    url = reverse("reminders:milestone_edit", args=[milestone.pk])
    assert client.get(url).status_code == 200
    moved = {"kind": "batas-akhir", "date": "2025-12-05", "version_read": str(milestone.version)}
    assert client.post(url, moved).status_code == 302
    assert [row.date for row in calendar_rows(2025)] == [
        datetime.date(2025, 11, 21),
        datetime.date(2025, 12, 5),
    ]
    # A second tab still shows the old version: refused, naming who saved.
    stale = client.post(url, moved | {"date": "2025-12-10"})
    assert stale.status_code == 400
    assert "Orang lain sudah menyimpan ini lebih dulu: Staf Inspektorat" in stale.content.decode()
    assert cutoff().date == datetime.date(2025, 12, 5)


def test_deadlines_are_added_edited_and_deleted(as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    milestone = cutoff()
    response = client.post(
        reverse("reminders:deadline_add", args=[milestone.pk]),
        {"name": "Rapat koordinasi akhir", "days_before": "7", "version_read": "0"},
    )
    assert response.status_code == 302
    deadline = InternalDeadline.objects.get(name="Rapat koordinasi akhir")
    assert deadline.date == datetime.date(2025, 11, 23)
    too_far = client.post(
        reverse("reminders:deadline_edit", args=[deadline.pk]),
        {"name": "Rapat", "days_before": "400", "version_read": "1"},
    )
    assert too_far.status_code == 400
    assert "Pilih antara 0 dan 366 hari" in too_far.content.decode()
    stale_delete = client.post(
        reverse("reminders:deadline_delete", args=[deadline.pk]), {"version_read": "0"}
    )
    assert stale_delete.status_code == 302
    assert InternalDeadline.objects.filter(pk=deadline.pk).exists()
    client.post(reverse("reminders:deadline_delete", args=[deadline.pk]), {"version_read": "1"})
    assert not InternalDeadline.objects.filter(pk=deadline.pk).exists()


def test_deleting_a_milestone_deletes_its_deadlines(as_user, inspektorat_user):
    milestone = cutoff()
    response = as_user(inspektorat_user).post(
        reverse("reminders:milestone_delete", args=[milestone.pk]),
        {"version_read": str(milestone.version)},
    )
    assert response.status_code == 302
    assert not Milestone.objects.filter(year=2025).exists()
    assert not InternalDeadline.objects.exists()


def test_an_unknown_year_or_entry_is_not_found(as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    assert client.get("/mcp/1999/kalender/").status_code == 404
    assert client.get("/mcp/kalender/tonggak/999999/").status_code == 404
    assert client.get("/mcp/kalender/tenggat/999999/").status_code == 404
