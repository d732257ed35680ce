from decimal import Decimal

from playwright.sync_api import expect

from scores import services
from scores.models import Score
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.scores.entry.support import cell_key, save_score


def open_grid(page, live_server, log_in, year=2023):
    """The grid, with the status and source of new values chosen once above it."""
    log_in(page, "inspektorat", PASSWORD)
    page.goto(f"{live_server.url}/entry/?year={year}")
    if page.locator("#new-status").count():
        page.locator("#new-status").select_option("final")
        page.locator("#new-source").fill("Laporan MCP KPK 2023")


def test_typing_84_73_saves_and_survives_a_reload(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user, screenshot
):
    bpkad = official_data["bpkad"]
    key = cell_key(bpkad, indicators["mcp"])
    open_grid(watched_page, live_server, log_in)
    cell = watched_page.locator(f"#cell-{key}")
    cell.locator(".cell-input").fill("84,73")
    cell.locator(".cell-input").press("Enter")
    expect(watched_page.locator(f"#cell-{key} .cell-saved")).to_have_text("Tersimpan")
    screenshot("entry-grid-saved")
    assert Score.objects.get(unit=bpkad, indicator=indicators["mcp"], year=2023).value == Decimal(
        "84.73"
    )

    watched_page.reload()
    expect(watched_page.locator(f"#v-{key}")).to_have_value("84,73")


def test_enter_moves_down_and_an_area_refreshes_the_estimate(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user
):
    bpkad = official_data["bpkad"]
    key = cell_key(bpkad, indicators["mcp.pbj"])
    open_grid(watched_page, live_server, log_in)
    field = watched_page.locator(f"#v-{key}")
    field.fill("77,5")
    field.press("Enter")
    expect(watched_page.locator(f"#est-{bpkad.pk}")).to_contain_text("≈ 77,50")
    focused_row = watched_page.evaluate("document.activeElement.closest('tr').rowIndex")
    bpkad_row = watched_page.locator(f"#cell-{key}").evaluate("td => td.parentElement.rowIndex")
    assert focused_row == bpkad_row + 1


def test_120_shows_the_message_and_keeps_the_stored_value(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user, screenshot
):
    bpkad = official_data["bpkad"]
    save_score(bpkad, indicators["iin"], 2023, "70", inspektorat_user, status="progress")
    key = cell_key(bpkad, indicators["iin"])
    open_grid(watched_page, live_server, log_in)
    watched_page.locator(f"#v-{key}").fill("120")
    watched_page.locator(f"#v-{key}").press("Tab")
    expect(watched_page.locator(f"#err-{key}")).to_have_text("Nilai 120 di luar rentang 0–100.")
    screenshot("entry-grid-error")
    assert Score.objects.get(unit=bpkad, indicator=indicators["iin"], year=2023).value == 70


def test_a_final_value_asks_for_a_reason_inline(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user, screenshot
):
    kalsel = official_data["kalsel"]
    key = cell_key(kalsel, indicators["mcp"])
    open_grid(watched_page, live_server, log_in)
    watched_page.locator(f"#v-{key}").fill("85")
    watched_page.locator(f"#v-{key}").press("Tab")
    reason = watched_page.locator(f"#reason-{key}")
    expect(reason).to_be_focused()
    screenshot("entry-grid-reason")
    reason.fill("Angka resmi KPK")
    reason.press("Enter")
    expect(watched_page.locator(f"#cell-{key} .cell-saved")).to_be_visible()
    score = Score.objects.get(unit=kalsel, indicator=indicators["mcp"], year=2023)
    assert score.value == 85
    assert score.history.first().history_change_reason == "Angka resmi KPK"

    watched_page.locator(f"#cell-{key} .cell-history").click()
    expect(watched_page.locator("#history-panel")).to_contain_text("84,73 → 85,00")
    screenshot("entry-grid-history")


def test_a_locked_year_shows_no_editable_cell(
    watched_page, live_server, log_in, official_data, inspektorat_user, screenshot
):
    services.year_lock(year=2023, by=inspektorat_user, reason="Diverifikasi KPK")
    open_grid(watched_page, live_server, log_in)
    expect(watched_page.locator(".lock-panel")).to_contain_text("Diverifikasi KPK")
    expect(watched_page.locator("#entry-grid input:not([type=hidden])")).to_have_count(0)
    expect(watched_page.locator("#entry-grid").get_by_text("84,73")).to_be_visible()
    screenshot("entry-grid-locked")


def test_without_javascript_the_grid_is_a_form(
    browser, live_server, official_data, indicators, inspektorat_user
):
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("inspektorat")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/entry/?year=2023")
    bpkad = official_data["bpkad"]
    page.locator("#new-status").select_option("final")
    page.locator("#new-source").fill("Laporan MCP KPK 2023")
    page.locator(f"#v-{cell_key(bpkad, indicators['mcp'])}").fill("61,5")
    page.locator(f"#v-{cell_key(bpkad, indicators['iin'])}").fill("71")
    page.get_by_role("button", name="Simpan perubahan").click()
    expect(page.locator(".message")).to_have_text("2 nilai tersimpan.")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "entry-grid-nojs.png"), full_page=True)
    values = Score.objects.filter(unit=bpkad, year=2023).values_list("indicator__code", "value")
    assert dict(values) == {"mcp": Decimal("61.5"), "iin": Decimal("71")}
    context.close()


def test_a_block_pasted_from_a_spreadsheet_fills_six_cells(
    watched_page, live_server, log_in, official_data, indicators, inspektorat_user, screenshot
):
    from scores.entry.grid import build_grid
    from tests.scores.entry.test_paste import open_block

    layout = build_grid(official_data["kalsel"], year=2023, show_ipak=False)
    cells = open_block(layout, 2, 3)  # 2 rows × 3 columns, all open and empty
    open_grid(watched_page, live_server, log_in)
    anchor = watched_page.locator(f"#v-{cells[0].key}")
    anchor.focus()
    # Excel's clipboard text: tabs between cells, CRLF after each row, decimal commas.
    watched_page.evaluate(
        """([id, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            });
            document.getElementById(id).dispatchEvent(event);
        }""",
        [f"v-{cells[0].key}", "81,5\t72,25\t70\r\n60\t61,75\t59,5\r\n"],
    )
    expect(watched_page.locator("#paste-notice")).to_have_text("6 nilai tempelan tersimpan.")
    for cell in cells:
        expect(watched_page.locator(f"#cell-{cell.key} .cell-saved")).to_be_visible()
    expect(watched_page.locator(f"#v-{cells[5].key}")).to_have_value("59,50")
    screenshot("entry-grid-pasted")
    values = [
        Score.objects.get(unit=cell.unit, indicator=cell.indicator, year=2023).value
        for cell in cells
    ]
    assert values == [Decimal(v) for v in ("81.5", "72.25", "70", "60", "61.75", "59.5")]
