"""Every workbook write carries the version its page showed (issue 17, item 3): a
stale one is refused naming who saved last, when and what the document says now."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_user
from tests.workbook.conftest import PDF_BYTES
from workbook import services
from workbook.models import CatalogueEntry, DocumentRecord, SubIndicatorValue

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf")


def version_on(page: str, pk: int) -> str:
    """The version in the step form of record pk."""
    form = page.split(f"/mcp/document/{pk}/step/", 1)[1]
    return form.split('name="version" value="', 1)[1].split('"', 1)[0]


@pytest.fixture
def colleague(db):
    return make_user("rekan", first_name="Rekan", last_name="Kerja")


@pytest.fixture
def submitted(bpkad_record):
    services.document_file_upload(record=bpkad_record, uploaded=pdf(), by=None)
    return services.document_step(record=bpkad_record, step="submit", by=None)


def test_a_step_from_a_stale_review_page_is_refused_naming_who(
    submitted, inspektorat_user, as_user, colleague
):
    """Two inspectors: one returns the document while the other, on an older page,
    marks it ready to upload; the second is refused and the return stands."""
    client = as_user(inspektorat_user)
    page = client.get("/mcp/2025/review/?pemda=kalsel").content.decode()
    version = version_on(page, submitted.pk)
    services.document_step(
        record=submitted, step="return", by=colleague, note="Belum ditandatangani"
    )
    response = client.post(
        f"/mcp/document/{submitted.pk}/step/",
        {"step": "accept", "version": version, "next": "/mcp/2025/review/?pemda=kalsel"},
        follow=True,
    )
    text = response.content.decode()
    assert "Rekan Kerja" in text
    assert "Dikembalikan" in text
    assert DocumentRecord.objects.get(pk=submitted.pk).state == "dikembalikan"


def test_a_step_without_a_version_is_refused(submitted, inspektorat_user, as_user):
    response = as_user(inspektorat_user).post(
        f"/mcp/document/{submitted.pk}/step/", {"step": "accept"}, follow=True
    )
    assert "Muat ulang" in response.content.decode()
    assert DocumentRecord.objects.get(pk=submitted.pk).state == "diajukan"


def test_the_current_version_goes_through(submitted, inspektorat_user, as_user):
    client = as_user(inspektorat_user)
    version = version_on(
        client.get("/mcp/2025/review/?pemda=kalsel").content.decode(), submitted.pk
    )
    client.post(f"/mcp/document/{submitted.pk}/step/", {"step": "accept", "version": version})
    record = DocumentRecord.objects.get(pk=submitted.pk)
    assert record.state == "siap-unggah"
    assert record.version == int(version) + 1


def test_an_upload_from_a_stale_opd_page_is_refused(
    bpkad_record, kepala_bpkad, as_user, colleague
):
    client = as_user(kepala_bpkad)
    page = client.get("/mcp/2025/unit/bpkad/").content.decode()
    version = page.split(f"/mcp/document/{bpkad_record.pk}/upload/", 1)[1]
    version = version.split('name="version" value="', 1)[1].split('"', 1)[0]
    services.document_assign(
        record=bpkad_record, by=colleague, owner=bpkad_record.owner, person_in_charge="Andi"
    )
    response = client.post(
        f"/mcp/document/{bpkad_record.pk}/upload/",
        {"file": pdf(), "version": version},
        follow=True,
    )
    assert "Rekan Kerja" in response.content.decode()
    assert not bpkad_record.files.exists()


def test_an_attached_file_raises_the_version(bpkad_record):
    before = DocumentRecord.objects.get(pk=bpkad_record.pk).version
    services.document_file_upload(
        record=bpkad_record, uploaded=pdf(), by=None, expected_version=before
    )
    assert DocumentRecord.objects.get(pk=bpkad_record.pk).version == before + 1


def test_an_assignment_from_a_stale_read_is_refused(bpkad_record, official_units, colleague):
    read = DocumentRecord.objects.get(pk=bpkad_record.pk)
    services.document_assign(record=read, by=colleague, owner=official_units["bappeda"])
    with pytest.raises(ValidationError) as refused:
        services.document_assign(
            record=read,
            by=None,
            owner=official_units["bpkad"],
            expected_version=read.version,
        )
    assert refused.value.code == "conflict"
    assert "Rekan Kerja" in " ".join(refused.value.messages)
    assert DocumentRecord.objects.get(pk=bpkad_record.pk).owner == official_units["bappeda"]


def test_a_value_from_a_stale_read_is_refused(catalogue_2025, official_units, colleague):
    sub = CatalogueEntry.objects.get(level="sub-indicator", code="7.1.1")
    pemda = official_units["kalsel"]
    first = services.sub_indicator_value_set(
        pemda=pemda, sub_indicator=sub, by=None, value=Decimal(50), verified_value=None
    )
    services.sub_indicator_value_set(
        pemda=pemda,
        sub_indicator=sub,
        by=colleague,
        value=Decimal(50),
        verified_value=Decimal(40),
        expected_version=first.version,
    )
    with pytest.raises(ValidationError) as refused:
        services.sub_indicator_value_set(
            pemda=pemda,
            sub_indicator=sub,
            by=None,
            value=Decimal(60),
            verified_value=None,
            expected_version=first.version,
        )
    assert refused.value.code == "conflict"
    assert "Rekan Kerja" in " ".join(refused.value.messages)
    row = SubIndicatorValue.objects.get(pemda=pemda, sub_indicator=sub)
    assert (row.value, row.verified_value) == (Decimal(50), Decimal(40))


def test_bulk_assignment_from_a_stale_overview_is_refused(
    catalogue_2025, official_units, inspektorat_user, as_user, colleague
):
    area = catalogue_2025.wanted[("area", "mcp.bmd")].area_id
    client = as_user(inspektorat_user)
    page = client.get("/mcp/2025/?pemda=kalsel").content.decode()
    fingerprint = page.split(f'name="version-{area}" value="', 1)[1].split('"', 1)[0]
    record = DocumentRecord.objects.get(document__code="7.1.2.1")
    services.document_assign(record=record, by=colleague, owner=official_units["bappeda"])
    response = client.post(
        "/mcp/2025/assign/?pemda=kalsel",
        {"area": area, "owner": "bpkad", f"version-{area}": fingerprint},
        follow=True,
    )
    assert "Rekan Kerja" in response.content.decode()
    owners = dict(DocumentRecord.objects.values_list("document__code", "owner__code"))
    assert owners["7.1.2.1"] == "bappeda"


def test_bulk_assignment_from_a_current_overview_goes_through(
    catalogue_2025, inspektorat_user, as_user
):
    area = catalogue_2025.wanted[("area", "mcp.bmd")].area_id
    client = as_user(inspektorat_user)
    page = client.get("/mcp/2025/?pemda=kalsel").content.decode()
    fingerprint = page.split(f'name="version-{area}" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/mcp/2025/assign/?pemda=kalsel",
        {"area": area, "owner": "bappeda", f"version-{area}": fingerprint},
    )
    owners = set(
        DocumentRecord.objects.filter(document__area=area).values_list("owner__code", flat=True)
    )
    assert owners == {"bappeda"}
