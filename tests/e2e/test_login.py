import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_inspektorat_logs_in_and_sees_the_provincial_mcp(
    watched_page, log_in, official_data, inspektorat_user, screenshot
):
    log_in(watched_page, "inspektorat", PASSWORD)

    expect(watched_page.locator("h1")).to_have_text("Pemerintah Provinsi Kalimantan Selatan")
    expect(watched_page.locator(".headline-mcp .big-number .value")).to_have_text("84,73")
    expect(watched_page.locator(".headline-mcp .change")).to_contain_text("\u22121,27 poin")
    screenshot("dashboard-id")

    watched_page.get_by_role("button", name="EN", exact=True).click()
    expect(watched_page.locator(".headline-mcp .big-number .value")).to_have_text("84.73")
    expect(watched_page.locator(".headline-mcp .change")).to_contain_text("\u22121.27 points")
    screenshot("dashboard-en")


def test_a_wrong_password_shows_a_message_in_indonesian(
    watched_page, log_in, official_units, inspektorat_user
):
    log_in(watched_page, "inspektorat", "salah")
    expect(watched_page).to_have_url(re.compile(r"/accounts/login/"))
    expect(watched_page.get_by_role("alert")).to_contain_text("kata sandi salah")
