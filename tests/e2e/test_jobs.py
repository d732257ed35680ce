"""A background job's page follows the job without a reload: htmx polls its status
every 2 s, and stops once the job has ended (the finished part has no trigger)."""

from playwright.sync_api import expect

from jobs.models import BackgroundJob
from tests.conftest import PASSWORD


def test_the_job_page_follows_the_job_to_its_end(
    watched_page, log_in, live_server, inspektorat_user, screenshot
):
    page = watched_page
    job = BackgroundJob.objects.create(
        owner=inspektorat_user, kind=BackgroundJob.Kind.NATIONAL_WARM, total=38
    )
    log_in(page, "inspektorat", PASSWORD)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.locator("#job-status")).to_contain_text("Menunggu pekerja latar")

    # A worker (another process in production) takes the job and reports progress.
    BackgroundJob.objects.filter(pk=job.pk).update(state="running", done=19)
    expect(page.locator("#job-status")).to_contain_text("19 dari 38 selesai")
    screenshot("job-running")

    BackgroundJob.objects.filter(pk=job.pk).update(
        state="succeeded", done=38, result={"regions": 38, "pages": 190}
    )
    expect(page.locator("#job-status")).to_contain_text(
        "38 wilayah, 190 ikhtisar dihitung dan disimpan di cache."
    )
    expect(page.locator("#job-status[hx-trigger]")).to_have_count(0)  # polling stopped
