"""An SKPD head reports progress and uploads evidence; the inspectorate accepts it;
the evidence counts follow."""

import datetime

import pytest
from playwright.sync_api import expect

from actions.models import ActionPlan
from actions.services import action_plan_save
from tests.conftest import PASSWORD

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def bmd_plan(official_units, indicators) -> ActionPlan:
    return action_plan_save(
        plan=ActionPlan(
            unit=official_units["kalsel"],
            year=2023,
            area=indicators["mcp.bmd"],
            title="Rekonsiliasi aset tetap BMD",
            owner_unit=official_units["bpkad"],
            person_in_charge="Kepala Bidang Aset",
            due_date=datetime.date.today() + datetime.timedelta(days=7),
        ),
        by=None,
    )


def bmd_counts(page):
    row = page.locator(".evidence-counts tbody tr", has_text="Pengelolaan Barang Milik Daerah")
    return [cell.inner_text() for cell in row.locator("td").all()]


def test_skpd_head_reports_and_uploads_then_the_inspectorate_accepts(
    watched_page, log_in, live_server, kepala_bpkad, inspektorat_user, bmd_plan, screenshot
):
    page = watched_page
    log_in(page, "kepala-bpkad", PASSWORD)
    expect(page.locator(".message")).to_contain_text("1 rencana jatuh tempo dalam 14 hari")
    page.locator(".message a").click()
    page.get_by_role("link", name="Rekonsiliasi aset tetap BMD").click()

    page.get_by_label("Status").select_option("in-progress")
    page.get_by_label("Apa yang sudah dikerjakan").fill("Rekonsiliasi 40 % aset tetap selesai.")
    page.get_by_role("button", name="Catat kemajuan").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Berjalan")
    expect(page.locator(".timeline")).to_contain_text("Rekonsiliasi 40 % aset tetap selesai.")

    page.get_by_label("Berkas").set_input_files(
        {"name": "berita-acara.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_test_id("evidence-status")).to_have_text("Diunggah")
    page.get_by_role("button", name="Ajukan verifikasi").click()
    expect(page.get_by_test_id("evidence-status")).to_have_text("Menunggu verifikasi")
    screenshot("actions-plan-skpd-head")

    page.goto(f"{live_server.url}/action-plans/?year=2023")
    assert bmd_counts(page) == ["0", "1", "0", "0"]
    page.get_by_role("button", name="Keluar").click()

    log_in(page, "inspektorat", PASSWORD)
    page.goto(f"{live_server.url}/action-plans/?unit=kalsel&year=2023")
    assert bmd_counts(page) == ["0", "1", "0", "0"]
    page.get_by_role("link", name="Rekonsiliasi aset tetap BMD").click()
    page.locator(".verify select").select_option("accepted")
    page.locator(".verify input[name=comment]").fill("Lengkap dan sah.")
    page.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.get_by_test_id("evidence-status")).to_have_text("Diterima")
    screenshot("actions-plan-verified")

    page.goto(f"{live_server.url}/action-plans/?unit=kalsel&year=2023")
    assert bmd_counts(page) == ["0", "0", "1", "0"]
    screenshot("actions-plan-list-counts")


def test_the_what_if_estimate_follows_typing(
    watched_page, log_in, live_server, official_data, inspektorat_user, screenshot
):
    page = watched_page
    log_in(page, "inspektorat", PASSWORD)
    page.goto(f"{live_server.url}/what-if/?unit=kalsel&year=2023")
    expect(page.get_by_test_id("scenario-estimate")).to_have_text("84,65")
    page.get_by_label("Pengawasan APIP").fill("89,66")
    expect(page.get_by_test_id("scenario-estimate")).to_have_text("87,51")
    expect(page.get_by_test_id("scenario-change")).to_have_text("+2,86")
    screenshot("actions-what-if")
