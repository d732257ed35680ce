import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.test_dashboard import expect_charts_drawn


def test_the_national_view_ranks_pemda_and_draws_the_distribution_and_trend(
    watched_page, log_in, live_server, official_data, inspektorat_user, screenshot
):
    call_command(
        "generate_synthetic",
        *["--provinces", "6", "--regencies-per-province", "10", "--skpd-per-pemda", "1"],
        *["--years", "2021-2023", "--seed", "1"],
        stdout=io.StringIO(),
    )
    log_in(watched_page, "inspektorat", PASSWORD)
    watched_page.goto(f"{live_server.url}/unit/nasional/?year=2023")
    ranking = watched_page.locator("#pemda-ranking")
    expect(ranking.locator("h2")).to_have_text("Pemda diurutkan menurut MCP 2023")
    expect(ranking.locator("table.ranking tbody tr")).to_have_count(50)
    expect_charts_drawn(watched_page, 2)
    screenshot("national-view")
    ranking.get_by_role("link", name="Berikutnya").click()
    expect(ranking.locator("table.ranking tbody tr").first.locator("td").first).to_have_text("51")
    watched_page.select_option("#region-year", "2022")
    ranking.get_by_role("button", name="Tampilkan").click()
    expect(ranking.locator("h2")).to_have_text("Pemda diurutkan menurut MCP 2022")
