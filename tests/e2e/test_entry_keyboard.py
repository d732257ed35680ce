"""The entry grid by keyboard, and nothing typed lost or saved as an unsourced official
figure (issue 16, item 3)."""

from decimal import Decimal

from playwright.sync_api import expect

from scores.models import Score
from tests.conftest import PASSWORD
from tests.scores.entry.support import cell_key


def open_grid(page, live_server, log_in):
    log_in(page, "inspektorat", PASSWORD)
    page.goto(f"{live_server.url}/entry/?year=2023")


def test_alt_enter_opens_the_cells_history_and_the_unit_link_and_escape_comes_back(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user, screenshot
):
    kalsel = official_data["kalsel"]
    key = cell_key(kalsel, indicators["mcp"])
    open_grid(watched_page, live_server, log_in)
    field = watched_page.locator(f"#v-{key}")
    field.focus()
    # Tab stops only on the cells: the next stop after a cell is the next cell's input.
    field.press("Tab")
    assert watched_page.evaluate("document.activeElement.classList.contains('cell-input')")
    field.focus()
    field.press("Alt+Enter")
    title = watched_page.locator("#history-title")
    expect(title).to_be_focused()
    expect(title).to_contain_text("Pemprov Kalsel · MCP")
    title.press("Tab")
    unit_link = watched_page.locator("#history-panel a", has_text="Semua isian")
    expect(unit_link).to_be_focused()
    screenshot("entry-grid-history-by-keyboard")
    unit_link.press("Escape")
    expect(watched_page.locator("#history-panel > *")).to_have_count(0)
    expect(field).to_be_focused()
    expect(field).to_have_value("84,73")  # Alt+Enter neither moved nor changed the cell


def test_leaving_with_a_final_value_waiting_for_its_reason_asks_first(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user
):
    kalsel = official_data["kalsel"]
    key = cell_key(kalsel, indicators["mcp"])
    open_grid(watched_page, live_server, log_in)
    grid_url = watched_page.url
    watched_page.locator(f"#v-{key}").fill("85")
    watched_page.locator(f"#v-{key}").press("Tab")
    expect(watched_page.locator(f"#reason-{key}")).to_be_focused()
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    watched_page.on("dialog", stay)
    watched_page.locator("header nav a").first.click()
    watched_page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert watched_page.url == grid_url
    expect(watched_page.locator(f"#v-{key}")).to_have_value("85")

    reason = watched_page.locator(f"#reason-{key}")
    reason.fill("Angka resmi KPK")
    reason.press("Enter")
    expect(watched_page.locator(f"#cell-{key} .cell-saved")).to_be_visible()
    watched_page.locator("header nav a").first.click()
    watched_page.wait_for_load_state()
    assert dialogs == ["beforeunload"]  # saved: no second question
    assert watched_page.url != grid_url


def test_a_new_value_is_saved_with_the_status_and_source_chosen_above_the_grid(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user, screenshot
):
    bpkad = official_data["bpkad"]
    key = cell_key(bpkad, indicators["mcp"])
    open_grid(watched_page, live_server, log_in)
    field = watched_page.locator(f"#v-{key}")
    field.fill("61,5")
    field.press("Tab")
    expect(watched_page.locator(f"#err-{key}")).to_contain_text("final atau sementara")
    assert not Score.objects.filter(unit=bpkad, indicator=indicators["mcp"]).exists()

    watched_page.locator("#new-status").select_option("final")
    watched_page.locator("#new-source").fill("Laporan MCP KPK 2023")
    field = watched_page.locator(f"#v-{key}")
    field.fill("61,6")
    field.press("Tab")
    expect(watched_page.locator(f"#cell-{key} .cell-saved")).to_be_visible()
    screenshot("entry-grid-new-values")
    score = Score.objects.get(unit=bpkad, indicator=indicators["mcp"], year=2023)
    assert (score.value, score.status, score.source) == (
        Decimal("61.6"),
        Score.Status.FINAL,
        "Laporan MCP KPK 2023",
    )

    watched_page.reload()  # the choice is kept for the session
    expect(watched_page.locator("#new-status")).to_have_value("final")
    expect(watched_page.locator("#new-source")).to_have_value("Laporan MCP KPK 2023")
