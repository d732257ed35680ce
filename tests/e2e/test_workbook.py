"""A document through every state in the browser: the SKPD head uploads and submits,
the Inspektorat returns it with a note, the head resubmits, the Inspektorat marks it
ready and uploaded and records KPK's rejection, and the head sees KPK's note on top."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.workbook.conftest import CATALOGUE_ROWS, PDF_BYTES, rows_of
from workbook import catalogue, services
from workbook.models import DocumentRecord
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
