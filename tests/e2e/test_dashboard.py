import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scores.models import DEMO_SOURCE, FrameworkArea, Indicator, Score
from skpd.models import Unit
from tests.conftest import PASSWORD

DEMO_YEARS = (2022, 2023, 2024)


@pytest.fixture
def dashboard_data(official_data):
    """The published figures plus generated SKPD values, bulk-inserted to stay fast."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    skpd = Unit.objects.filter(level=Unit.Level.SKPD).order_by("code")
    now = timezone.now()
    rows = []
    for year in DEMO_YEARS:
        codes = ["mcp", "iin"] + list(
            FrameworkArea.objects.filter(
                year=year, applies_to__in=["all", "province"]
            ).values_list("area__code", flat=True)
        )
        for position, unit in enumerate(skpd):
            for offset, code in enumerate(codes):
                value = Decimal(62 + (position * 7 + offset * 5 + year) % 36)
                rows.append(
                    Score(
                        unit=unit,
                        indicator=indicators[code],
                        year=year,
                        value=value,
                        status="progress" if year == 2024 else "final",
                        source=DEMO_SOURCE,
                        updated_at=now,
                    )
                )
    Score.objects.bulk_create(rows)
    return official_data


def expect_charts_drawn(page, at_least: int) -> None:
    charts = page.locator("div.chart")
    expect(charts.first.locator("svg.main-svg").first).to_be_visible()
    count = charts.count()
    assert count >= at_least
    for index in range(count):
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_attached()


def test_the_dashboard_draws_its_charts_from_local_plotly(
    watched_page, log_in, dashboard_data, inspektorat_user, screenshot
):
    log_in(watched_page, "inspektorat", PASSWORD)
    expect(watched_page.locator(".headline-mcp .big-number .value")).to_have_text("84,73")
    expect_charts_drawn(watched_page, 4)
    expect(watched_page.locator(".story")).to_contain_text("Pengawasan APIP, 89 → 69,66")
    screenshot("dashboard-full-id")
    sort_the_ranking_by_mcp_without_a_reload(watched_page)

    watched_page.get_by_role("button", name="EN", exact=True).click()
    expect(watched_page.locator(".headline-mcp .change")).to_contain_text("\u22121.27 points")
    expect_charts_drawn(watched_page, 4)
    screenshot("dashboard-full-en")


def test_the_year_switch_swaps_the_content_and_pushes_the_year(
    watched_page, log_in, dashboard_data, inspektorat_user
):
    log_in(watched_page, "inspektorat", PASSWORD)
    expect(watched_page.locator(".headline-mcp .big-number .value")).to_have_text("84,73")
    watched_page.select_option("#year-select", "2022")
    expect(watched_page.locator(".headline-mcp .big-number .value")).to_have_text("86,00")
    expect(watched_page).to_have_url(re.compile(r"\?year=2022$"))
    expect_charts_drawn(watched_page, 4)

    watched_page.go_back()
    expect(watched_page.locator(".headline-mcp .big-number .value")).to_have_text("84,73")


def test_kepala_bpkad_sees_the_dashboard_but_not_another_units_page(
    watched_page, log_in, dashboard_data, kepala_bpkad
):
    log_in(watched_page, "kepala-bpkad", PASSWORD)
    expect_charts_drawn(watched_page, 4)
    expect(watched_page.locator('table.ranking a[href="/unit/bpkad/"]')).to_have_count(1)
    expect(watched_page.locator('table.ranking a[href="/unit/bappeda/"]')).to_have_count(0)
    response = watched_page.goto(watched_page.url.split("?")[0] + "unit/bappeda/")
    assert response.status == 404


def test_the_unit_page_charts_the_trend_and_prints_on_one_a4_page(
    watched_page, log_in, live_server, dashboard_data, inspektorat_user, screenshot
):
    log_in(watched_page, "inspektorat", PASSWORD)
    watched_page.goto(f"{live_server.url}/unit/kalsel/")
    expect_charts_drawn(watched_page, 4)
    screenshot("unit-kalsel-id")
    watched_page.goto(f"{live_server.url}/unit/bpkad/")
    expect_charts_drawn(watched_page, 3)
    expect(watched_page.locator(".badge.demo.big")).to_be_visible()
    screenshot("unit-bpkad-id")
    watched_page.emulate_media(media="print")
    pdf = watched_page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the print is not one page"
    watched_page.emulate_media(media="screen")
    watched_page.get_by_role("button", name="EN", exact=True).click()
    expect(watched_page.locator("h2#history-title")).to_have_text("History of changes")
    expect_charts_drawn(watched_page, 3)
    screenshot("unit-bpkad-en")


def sort_the_ranking_by_mcp_without_a_reload(page) -> None:
    first_unit = page.locator("table.ranking tbody tr").first.locator("th")
    best = first_unit.inner_text()
    page.evaluate("window.notReloaded = true")
    mcp_heading = page.locator("table.ranking thead button", has_text="MCP")
    mcp_heading.click()
    expect(first_unit).not_to_have_text(best)
    mcp_heading.click()
    expect(first_unit).to_have_text(best)
    assert page.evaluate("window.notReloaded") is True
