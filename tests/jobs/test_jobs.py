"""Background jobs in one process, on the immediate backend (the default, `make run`):
a large import's Apply, a large export and the national recomputation run as jobs
whose page shows their progress and result, to their owner only."""

import pytest
from django.test import Client

from jobs.models import BackgroundJob
from jobs.services import JobRefused, job_progress, live_progress, run_job
from scores.models import ImportEvent, Score
from skpd import roles
from tests.conftest import make_user
from tests.scores.transfer.spreadsheets import (  # noqa: F401 - fixtures
    HEADER,
    csv_file,
    fast_password_hashing,
    kalsel_mcp,
    preview,
)

YEARS = range(2030, 2036)


@pytest.fixture
def inspector(request, as_user, inspektorat_user, settings):
    request.getfixturevalue("kalsel_mcp")
    settings.IMPORT_BACKGROUND_ROWS = 3  # a "large" file: more than 3 rows
    return as_user(inspektorat_user)


def large_file(value: str = "70"):
    return csv_file([";".join(HEADER)] + [f"kalsel;iin;{year};{value}" for year in YEARS])


def apply(client, location, capture):
    """POST Apply; the task is enqueued when the transaction commits, which the test's
    own transaction stands in for here."""
    with capture(execute=True):
        response = client.post(location + "apply/")
    return response


def test_a_large_apply_runs_as_a_job_and_its_page_shows_the_result(
    inspector, inspektorat_user, django_capture_on_commit_callbacks
):
    _, location = preview(inspector, large_file())
    response = apply(inspector, location, django_capture_on_commit_callbacks)

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.owner) == ("score_import", "succeeded", inspektorat_user)
    assert (job.done, job.total) == (len(YEARS), len(YEARS))
    assert Score.objects.filter(indicator__code="iin", year__in=YEARS).count() == len(YEARS)
    page = inspector.get(response["Location"]).content.decode()
    assert "Selesai" in page
    assert f"{ImportEvent.objects.get().reason} diterapkan: {len(YEARS)} baru" in page
    assert 'hx-trigger="every 2s"' not in page  # finished: the page stops polling


def test_a_small_apply_stays_in_the_request(inspector, django_capture_on_commit_callbacks):
    _, location = preview(inspector, csv_file([";".join(HEADER), "kalsel;iin;2030;70"]))
    response = apply(inspector, location, django_capture_on_commit_callbacks)
    assert response["Location"] == "/import/"
    assert not BackgroundJob.objects.exists()


def test_a_large_apply_gone_stale_writes_nothing_and_says_why(
    inspector, inspektorat_user, django_capture_on_commit_callbacks
):
    """All or none in the task too: a value changed after the preview refuses the file."""
    from decimal import Decimal

    from scores import services
    from scores.models import Indicator

    _, location = preview(inspector, large_file())
    services.score_set(
        unit=Score.objects.first().unit,
        indicator=Indicator.objects.get(code="iin"),
        year=2031,
        value=Decimal("60"),
        by=None,
    )
    apply(inspector, location, django_capture_on_commit_callbacks)

    job = BackgroundJob.objects.get()
    assert job.state == "refused"
    assert "Tidak ada yang ditulis" in job.error
    assert not ImportEvent.objects.exists()
    assert not Score.objects.filter(indicator__code="iin", year__in=[2030, 2032]).exists()
    page = inspector.get(f"/jobs/{job.pk}/").content.decode()
    assert "Ditolak, tidak ada yang ditulis" in page and job.error[:40] in page


def test_a_second_click_on_apply_joins_the_job_under_way(inspector, settings):
    """Enqueued but not yet run (no worker yet): the same Apply again finds that job."""
    _, location = preview(inspector, large_file())
    first = inspector.post(location + "apply/")  # on_commit never fires here: it waits
    second = inspector.post(location + "apply/")
    assert first["Location"] == second["Location"]
    job = BackgroundJob.objects.get()
    assert job.state == "queued"
    page = inspector.get(first["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Menunggu pekerja" in page


def test_the_poll_gets_the_status_part_with_the_live_count(inspector, inspektorat_user):
    job = BackgroundJob.objects.create(
        owner=inspektorat_user, kind="score_import", state="running", total=6000
    )
    job_progress(job.pk, 1500, 6000)  # outside a transaction: on the row
    response = inspector.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.lstrip().startswith('<section id="job-status"')
    assert "1.500 dari 6.000 selesai" in text and 'hx-trigger="every 2s"' in text


def test_a_count_reported_inside_a_transaction_goes_through_the_cache(inspektorat_user):
    from django.db import transaction

    job = BackgroundJob.objects.create(
        owner=inspektorat_user, kind="score_import", state="running", total=10
    )
    with transaction.atomic():
        job_progress(job.pk, 7, 10)
    job.refresh_from_db()
    assert job.done == 0
    assert live_progress(job).done == 7


def test_an_unexpected_error_fails_the_job_with_a_message_in_indonesian(inspektorat_user):
    job = BackgroundJob.objects.create(owner=inspektorat_user, kind="national_warm")

    def broken(job, progress):
        raise RuntimeError("boom")

    assert run_job(str(job.pk), broken) == "failed"
    job.refresh_from_db()
    assert "kesalahan tak terduga" in job.error and "boom" not in job.error
    assert run_job(str(job.pk), broken) == ""  # a finished job is not run again


def test_a_refusal_keeps_its_message_and_result(inspektorat_user):
    job = BackgroundJob.objects.create(owner=inspektorat_user, kind="national_warm")

    def refuses(job, progress):
        raise JobRefused("Tidak bisa.", {"rows": []})

    assert run_job(str(job.pk), refuses) == "refused"
    job.refresh_from_db()
    assert (job.error, job.result) == ("Tidak bisa.", {"rows": []})


# Who sees a job


@pytest.fixture
def someones_job(inspektorat_user) -> BackgroundJob:
    return BackgroundJob.objects.create(
        owner=inspektorat_user,
        kind="score_export",
        state="succeeded",
        file_name="nilai.xlsx",
        file_content_type="application/octet-stream",
        file_bytes=b"PK-not-really",
    )


@pytest.mark.parametrize("path", ["/jobs/{pk}/", "/jobs/{pk}/file/"])
def test_another_user_gets_404_for_a_job_and_its_file(db, someones_job, path):
    colleague = Client()
    colleague.force_login(make_user("rekan", roles.INSPEKTORAT))
    url = path.format(pk=someones_job.pk)
    assert colleague.get(url).status_code == 404
    assert colleague.get(path.format(pk="00000000-0000-0000-0000-000000000000")).status_code == 404


def test_the_owner_and_admins_download_the_file(db, someones_job, inspektorat_user, superuser):
    for user in (inspektorat_user, superuser):
        client = Client()
        client.force_login(user)
        response = client.get(f"/jobs/{someones_job.pk}/file/")
        assert response.status_code == 200
        assert response.content == b"PK-not-really"
        assert 'filename="nilai.xlsx"' in response["Content-Disposition"]


def test_the_list_shows_only_the_users_own_jobs(db, someones_job, superuser):
    client = Client()
    client.force_login(superuser)
    assert str(someones_job.pk) not in client.get("/jobs/").content.decode()


# Export and the national recomputation


def test_a_large_export_is_a_job_whose_file_its_owner_downloads(
    inspector, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = inspector.get("/export/scores.xlsx?unit=kalsel")
    job = BackgroundJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == "succeeded" and job.result["rows"] == 2
    page = inspector.get(response["Location"]).content.decode()
    assert f"/jobs/{job.pk}/file/" in page and "nilai-kalsel.xlsx" in page
    download = inspector.get(f"/jobs/{job.pk}/file/")
    assert download.content[:2] == b"PK"  # a zip: the xlsx


def test_a_small_export_is_answered_at_once(inspector):
    response = inspector.get("/export/scores.xlsx?unit=kalsel")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not BackgroundJob.objects.exists()


def test_the_national_recomputation_runs_as_a_job(inspector, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = inspector.post("/national/recompute/")
    job = BackgroundJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == "succeeded", job.error
    assert job.result["regions"] >= 2 and job.done == job.total == job.result["regions"]


def test_the_recompute_button_is_offered_only_to_who_may_press_it(
    inspector, as_user, official_units
):
    """A pemda's Inspektorat gets 403 from /national/recompute/: the jobs page does not
    offer them the button (it did, and pressing it was refused)."""
    from django.contrib.auth.models import Group

    from skpd.grants import role_grant

    banjar = make_user("insp-banjar")
    role_grant(
        user=banjar,
        role=Group.objects.get(name=roles.INSPEKTORAT),
        unit=official_units["banjar"],
        by=None,
    )
    assert 'action="/national/recompute/"' in inspector.get("/jobs/").content.decode()
    page = as_user(banjar).get("/jobs/").content.decode()
    assert 'action="/national/recompute/"' not in page


def test_prune_deletes_old_finished_jobs_only(inspektorat_user):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(days=30)
    finished = BackgroundJob.objects.create(
        owner=inspektorat_user, kind="score_export", state="succeeded", finished_at=old
    )
    recent = BackgroundJob.objects.create(
        owner=inspektorat_user, kind="score_export", state="failed", finished_at=timezone.now()
    )
    waiting = BackgroundJob.objects.create(owner=inspektorat_user, kind="score_export")
    BackgroundJob.objects.filter(pk=waiting.pk).update(created_at=old)

    call_command("prune_jobs", "--days", "14")

    assert set(BackgroundJob.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not BackgroundJob.objects.filter(pk=finished.pk).exists()


def test_the_command_recomputes_the_national_view_in_the_foreground(official_units):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("recompute_national", stdout=out)
    assert "regions" in out.getvalue() and "overviews computed" in out.getvalue()
    assert not BackgroundJob.objects.exists()  # no job: the command itself does the work
