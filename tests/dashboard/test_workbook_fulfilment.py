"""The dashboard and an SKPD's unit page show the OPD's document fulfilment from the
MCP workbook; the SKPD ranking has a Documents column to rank by it."""

import re

import pytest

from tests.workbook.conftest import (  # noqa: F401 - fixtures
    PDF_BYTES,
    catalogue_2025,
    csv_upload,
    evidence_root,
)
from workbook import services
from workbook.models import DocumentRecord
from workbook.selectors import fulfilment

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_of_three_delivered(catalogue_2025, official_units):  # noqa: F811
    """Kalsel's four documents: BPKAD owns 7.1.1.1 (delivered) and 7.1.1.2, Biro Hukum
    7.1.2.1 (delivered), Biro PBJ 3.1.1.1: 2 of 4 delivered."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for code in ("7.1.1.1", "7.1.2.1"):
        record = DocumentRecord.objects.get(document__code=code)
        upload = SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf")
        services.document_file_upload(record=record, uploaded=upload, by=None)
        services.document_step(record=record, step="submit", by=None)
    return official_units


def test_fulfilment_counts_each_owner_opd_for_the_year(two_of_three_delivered):
    units = two_of_three_delivered
    result = fulfilment(units["kalsel"], 2024)  # no workbook in 2024: the latest year
    assert result.year == 2025
    bpkad = result.of(units["bpkad"])
    assert (bpkad.delivered, bpkad.total, bpkad.delivered_percent) == (1, 2, 50)
    assert result.of(units["biro-hukum"]).delivered_percent == 100
    assert result.of(units["bappeda"]) is None


def test_the_ranking_has_a_documents_column(
    two_of_three_delivered, official_data, as_user, inspektorat_user
):
    # The dashboard opens on the latest year with scores; the workbook is 2025's.
    page = as_user(inspektorat_user).get("/?unit=kalsel").content.decode()
    cell = re.search(r'data-testid="documents-bpkad"><span title="1/2">([^<]*)<', page)
    assert cell and cell.group(1).strip() == "50,0 %"
    assert "Kertas kerja MCP 2025: 50,0 % dokumen terkumpul" in page
    assert 'data-sort-value="50.0" data-testid="documents-bpkad"' in page
    assert 'data-testid="documents-summary"' in page


def test_the_unit_page_shows_the_opds_documents(two_of_three_delivered, as_user, kepala_bpkad):
    page = as_user(kepala_bpkad).get("/unit/bpkad/").content.decode()
    section = page.split('data-testid="unit-documents"')[1].split("</section>")[0]
    assert "50,0 %" in section
    assert "/mcp/2025/unit/bpkad/" in section


def test_a_unit_page_without_documents_shows_no_panel(catalogue_2025, as_user, inspektorat_user):  # noqa: F811
    assert 'data-testid="unit-documents"' not in (
        as_user(inspektorat_user).get("/unit/bappeda/").content.decode()
    )
