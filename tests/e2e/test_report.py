"""Issue 15 in the browser: the workbook overview loads the year's timeline from
reminders (htmx, on load), offers the coordination report in three forms one click
away, and the report page and the timeline fit a phone and pass axe."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_workbook import evidence_root, record  # noqa: F401


@pytest.mark.parametrize("width", [360, 1366])
def test_the_overview_shows_the_timeline_and_offers_the_report(
    watched_page,
    log_in,
    live_server,
    inspektorat_user,
    record,  # noqa: F811
    width,
):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "inspektorat", PASSWORD)
    page.goto(f"{live_server.url}/mcp/2025/?pemda=kalsel&per=2025-11-10")
    # The fragment arrives by a second request after the page has loaded; on a busy
    # machine that can take longer than expect's default 5 s.
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("16 November 2025", timeout=20_000)
    expect(page.get_by_test_id("timeline-today")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_test_id("report-links").get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "laporan-mcp-kalsel-2025-20251110.pdf"

    page.get_by_role("link", name="halaman cetak").click()
    expect(page.get_by_test_id("report-days")).to_contain_text("Per 10 November 2025")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
