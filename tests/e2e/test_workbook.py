"""A document through every state in the browser: the SKPD head uploads and submits,
the Inspektorat returns it with a note, the head resubmits, the Inspektorat marks it
ready and uploaded and records KPK's rejection, and the head sees KPK's note on top.
The values per sub-indicator: the head's nilai, the Inspektorat's nilai verifikasi,
a stale form refused, and the OPD's MCP derived from the verified value."""

import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.workbook.conftest import CATALOGUE_ROWS, PDF_BYTES, rows_of
from workbook import catalogue, services
from workbook.models import DocumentRecord, SubIndicatorValue
from workbook.models import ImportDraft as WorkbookDraft


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def record(official_units) -> DocumentRecord:
    plan = catalogue.build_plan(2025, rows_of(CATALOGUE_ROWS))
    services.catalogue_apply(plan=plan, by=None, reason="test")
    services.documents_open(pemda=official_units["kalsel"], year=2025, by=None)
    return DocumentRecord.objects.get(document__code="7.1.1.1")


def switch_user(page, log_in, username):
    page.get_by_role("button", name="Keluar").click()
    log_in(page, username, PASSWORD)


def test_a_document_goes_through_every_state(
    watched_page, log_in, live_server, kepala_bpkad, inspektorat_user, record, screenshot
):
    page = watched_page
    opd_page = f"{live_server.url}/mcp/2025/unit/bpkad/"
    queue = f"{live_server.url}/mcp/2025/review/"
    card = page.locator(f"#doc-{record.pk}")
    item = page.locator("[data-testid=queue-item]", has_text="7.1.1.1")

    log_in(page, "kepala-bpkad", PASSWORD)
    page.goto(opd_page)
    expect(card.get_by_test_id("document-state")).to_have_text("Belum diunggah")
    card.get_by_label("Berkas").set_input_files(
        {"name": "berita-acara.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    card.get_by_role("button", name="Unggah").click()
    expect(card.get_by_role("link", name="berita-acara.pdf")).to_be_visible()
    card.get_by_role("button", name="Ajukan ke Inspektorat").click()
    expect(card.get_by_test_id("document-state")).to_have_text("Diajukan OPD")

    switch_user(page, log_in, "inspektorat")
    page.goto(queue)
    item.get_by_label("Catatan untuk OPD").fill("Tanda tangan kepala OPD belum ada.")
    item.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(item).to_have_count(0)

    switch_user(page, log_in, "kepala-bpkad")
    page.goto(opd_page)
    expect(card.get_by_test_id("document-note")).to_contain_text("Tanda tangan kepala OPD")
    card.get_by_role("button", name="Ajukan ke Inspektorat").click()
    expect(card.get_by_test_id("document-state")).to_have_text("Diajukan OPD")

    switch_user(page, log_in, "inspektorat")
    page.goto(queue)
    item.get_by_role("button", name="Siap unggah").click()
    item.get_by_role("button", name="Tandai diunggah ke KPK").click()
    screenshot("workbook-review-queue")
    item.get_by_label("Catatan untuk OPD").fill("Bukan dokumen tahun 2025.")
    item.get_by_role("button", name="Ditolak KPK").click()
    expect(item).to_have_count(0)

    switch_user(page, log_in, "kepala-bpkad")
    page.goto(opd_page)
    first = page.get_by_test_id("document").first
    expect(first.get_by_test_id("document-state")).to_have_text("Ditolak / perlu perbaikan")
    expect(first.get_by_test_id("document-note")).to_have_text(
        "Catatan KPK: Bukan dokumen tahun 2025."
    )
    screenshot("workbook-opd-rejected")
    states = list(
        DocumentRecord.history.filter(id=record.pk)
        .order_by("history_date")
        .values_list("state", flat=True)
    )
    assert states[-6:] == [
        "diajukan",
        "dikembalikan",
        "diajukan",
        "siap-unggah",
        "diunggah",
        "ditolak",
    ]


def test_values_are_entered_per_sub_indicator_and_a_stale_form_is_refused(
    watched_page,
    browser,
    browser_context_args,
    log_in,
    live_server,
    kepala_bpkad,
    inspektorat_user,
    record,
    screenshot,
):
    head = watched_page
    opd_page = f"{live_server.url}/mcp/2025/unit/bpkad/"
    own = head.locator("[data-testid=value-row]", has_text="7.1.1")
    # The Inspektorat opens the review page first: its form carries the values' version.
    context = browser.new_context(**browser_context_args)
    inspector = context.new_page()
    log_in(inspector, "inspektorat", PASSWORD)
    inspector.goto(f"{live_server.url}/mcp/2025/review/#values")
    verify_field = inspector.get_by_label("Nilai verifikasi 7.1.1", exact=True)
    expect(verify_field).to_have_value("")

    log_in(head, "kepala-bpkad", PASSWORD)
    head.goto(opd_page)
    # Out of range: a message in Indonesian, nothing stored.
    head.get_by_label("Nilai mandiri 7.1.1", exact=True).fill("120")
    own.get_by_role("button", name="Simpan").click()
    expect(head.locator(".message.error")).to_contain_text("antara 0 dan 100")
    assert not SubIndicatorValue.objects.exists()
    head.get_by_label("Nilai mandiri 7.1.1", exact=True).fill("84,5")
    own.get_by_role("button", name="Simpan").click()
    expect(head.locator(".message.success")).to_contain_text("nilai telah disimpan")
    expect(head.get_by_label("Nilai mandiri 7.1.1", exact=True)).to_have_value("84,50")
    expect(own.get_by_test_id("verified-value")).to_have_text("–")
    expect(head.get_by_test_id("opd-mcp-derived")).to_have_text("–")
    # The head has no field for KPK's verified value.
    expect(head.get_by_label("Nilai verifikasi 7.1.1", exact=True)).to_have_count(0)

    # The Inspektorat's form was read before the head saved: refused, naming who.
    verify_field.fill("80")
    inspector.locator("[data-testid=value-row]", has_text="7.1.1").get_by_role(
        "button", name="Simpan"
    ).click()
    refusal = inspector.locator(".message.error")
    expect(refusal).to_contain_text("Orang lain sudah menyimpan ini lebih dulu")
    expect(refusal).to_contain_text("nilai 84,50")
    assert SubIndicatorValue.objects.get().verified_value is None
    # The page came back with the current version: saving again goes through.
    expect(verify_field).to_have_value("")
    verify_field.fill("80")
    inspector.locator("[data-testid=value-row]", has_text="7.1.1").get_by_role(
        "button", name="Simpan"
    ).click()
    expect(inspector.locator(".message.success")).to_contain_text("nilai telah disimpan")
    expect(verify_field).to_have_value("80,00")
    context.close()
    stored = SubIndicatorValue.objects.get()
    assert (stored.value, stored.verified_value) == (Decimal("84.5"), Decimal(80))

    # The head sees KPK's value, and the OPD's MCP derived from it with its basis.
    head.goto(opd_page)
    expect(own.get_by_test_id("verified-value")).to_have_text("80,00")
    expect(head.get_by_test_id("opd-mcp-derived")).to_have_text("80,00")
    expect(head.get_by_test_id("opd-mcp-basis")).to_contain_text(
        "dari 1 sub-indikator yang diverifikasi"
    )
    screenshot("workbook-opd-values")


@pytest.mark.parametrize("width", [360, 390, 414])
def test_every_workbook_page_fits_a_phone(
    watched_page, log_in, live_server, inspektorat_user, kepala_bpkad, record, width
):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 844})
    draft = WorkbookDraft.objects.create(
        token=uuid.uuid4(),
        kind=WorkbookDraft.Kind.JAGA,
        year=2025,
        file_name="jaga-kalsel-2021-dengan-nama-berkas-yang-panjang.csv",
        rows=[[2, {"instansi": "Kabupaten Entah Berantah", "area_intervensi": "x"}]],
        created_by=inspektorat_user,
    )
    pages = {
        "inspektorat": [
            "/mcp/2025/",
            "/mcp/2025/unit/bpkad/",
            "/mcp/2025/review/",
            "/mcp/2025/catalogue/",
            "/mcp/2025/jaga/",
            f"/mcp/import/{draft.token}/",
        ],
        "kepala-bpkad": ["/mcp/2025/", "/mcp/2025/unit/bpkad/"],
    }
    for username, paths in pages.items():
        log_in(page, username, PASSWORD)
        for path in paths:
            page.goto(live_server.url + path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{path} as {username}: {scroll_width} px wide"
        page.get_by_role("button", name="Keluar").click()
