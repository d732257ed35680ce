from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.scores.transfer.spreadsheets import xlsx_bytes

HEADER = ["kode_unit", "indikator", "tahun", "nilai", "status", "sumber"]


def write_xlsx(folder, name, rows):
    path = folder / name
    path.write_bytes(xlsx_bytes([HEADER, *rows]))
    return str(path)


def test_an_inspector_fixes_a_bad_row_applies_and_sees_the_dashboard_change(
    watched_page, log_in, live_server, official_data, inspektorat_user, screenshot, tmp_path
):
    page = watched_page
    log_in(page, "inspektorat", PASSWORD)
    expect(page.locator(".headline-mcp .big-number .value")).to_have_text("84,73")
    page.get_by_role("link", name="Impor", exact=True).click()
    expect(page.locator("h1")).to_have_text("Impor nilai")
    screenshot("import-upload")

    bad = write_xlsx(
        tmp_path,
        "mcp-2024.xlsx",
        [
            ["kalsel", "mcp", 2024, 88.5, "Final", "Laporan Inspektorat"],
            ["kalsel", "iin", 2024, 120, "Final", "Survei internal"],
        ],
    )
    page.get_by_label("Lembar kerja (.xlsx, .ods, atau .csv)").set_input_files(bad)
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator(".rejected")).to_contain_text(
        "Baris 3 · kolom nilai: Nilai 120 di luar rentang 0–100."
    )
    expect(page.get_by_role("button", name="Terapkan")).to_have_count(0)
    screenshot("import-preview-rejected")

    fixed = write_xlsx(
        tmp_path,
        "mcp-2024-perbaikan.xlsx",
        [
            ["kalsel", "mcp", 2024, 88.5, "Final", "Laporan Inspektorat"],
            ["kalsel", "iin", 2024, 65, "Final", "Survei internal"],
        ],
    )
    page.get_by_label("Lembar kerja (.xlsx, .ods, atau .csv)").set_input_files(fixed)
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.locator(".count-new .n")).to_have_text("1")
    expect(page.locator(".count-changed .n")).to_have_text("1")
    expect(page.locator(".diff").first).to_have_text("nilai: 64,15 → 65,00")
    screenshot("import-preview-ready")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator(".message.success")).to_contain_text(
        "mcp-2024-perbaikan.xlsx diterapkan: 1 baru, 1 berubah, 0 tidak berubah"
    )
    screenshot("import-applied")

    page.get_by_role("link", name="Dasbor", exact=True).click()
    expect(page.locator(".headline-mcp .big-number .value")).to_have_text("88,50")
    screenshot("import-dashboard-after")


def test_an_inspector_opens_the_export_page(
    watched_page, log_in, official_data, inspektorat_user, screenshot
):
    log_in(watched_page, "inspektorat", PASSWORD)
    watched_page.get_by_role("link", name="Ekspor").click()
    expect(watched_page.locator("h1")).to_have_text("Ekspor nilai")
    watched_page.get_by_label("Unit (beserta unit di bawahnya)").select_option("kalsel")
    with watched_page.expect_download() as download:
        watched_page.get_by_role("button", name="Unduh CSV").click()
    assert download.value.suggested_filename == "nilai-kalsel.csv"
    screenshot("export-page")
