import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workbook.conftest import PDF_BYTES
from workbook import services
from workbook.models import DocumentRecord

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf")


def test_a_document_goes_through_every_state_with_history(bpkad_record, inspektorat_user):
    record = bpkad_record
    with pytest.raises(ValidationError, match="Unggah berkas|Upload a file"):
        services.document_step(record=record, step="submit", by=None)
    services.document_file_upload(record=record, uploaded=pdf(), by=None)
    for step, note, state in [
        ("submit", "", "diajukan"),
        ("return", "Tanda tangan belum ada", "dikembalikan"),
        ("submit", "", "diajukan"),
        ("accept", "", "siap-unggah"),
        ("upload", "", "diunggah"),
        ("kpk-reject", "Bukan dokumen 2025", "ditolak"),
    ]:
        record = services.document_step(record=record, step=step, by=inspektorat_user, note=note)
        assert record.state == state
    assert record.note == "Bukan dokumen 2025"
    states = list(record.history.order_by("history_date").values_list("state", flat=True))
    assert states[-6:] == [
        "diajukan", "dikembalikan", "diajukan", "siap-unggah", "diunggah", "ditolak"
    ]  # fmt: skip
    assert record.history.first().history_user == inspektorat_user


def test_returning_without_a_note_is_refused_and_changes_nothing(bpkad_record):
    services.document_file_upload(record=bpkad_record, uploaded=pdf(), by=None)
    services.document_step(record=bpkad_record, step="submit", by=None)
    with pytest.raises(ValidationError):
        services.document_step(record=bpkad_record, step="return", by=None, note="  ")
    assert DocumentRecord.objects.get(pk=bpkad_record.pk).state == "diajukan"


def test_a_step_from_the_wrong_state_is_refused(bpkad_record):
    with pytest.raises(ValidationError, match="Belum diunggah|Not uploaded"):
        services.document_step(record=bpkad_record, step="kpk-accept", by=None)


def test_files_cannot_be_added_while_the_document_is_with_the_inspektorat(bpkad_record):
    services.document_file_upload(record=bpkad_record, uploaded=pdf(), by=None)
    services.document_step(record=bpkad_record, step="submit", by=None)
    with pytest.raises(ValidationError):
        services.document_file_upload(record=bpkad_record, uploaded=pdf(), by=None)
    assert bpkad_record.files.count() == 1


def test_a_program_is_refused_as_evidence(bpkad_record):
    program = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError):
        services.document_file_upload(record=bpkad_record, uploaded=program, by=None)
    assert not bpkad_record.files.exists()


def test_an_empty_file_is_refused_as_empty_not_as_no_file(bpkad_record, kepala_bpkad, as_user):
    """The head chose a file that is empty: the page said "choose a file to upload", as
    if none had been chosen."""
    client = as_user(kepala_bpkad)
    page = client.get("/mcp/2025/unit/bpkad/").content.decode()
    version = page.split(f"/mcp/document/{bpkad_record.pk}/upload/", 1)[1]
    version = version.split('name="version" value="', 1)[1].split('"', 1)[0]
    empty = SimpleUploadedFile("laporan.pdf", b"", "application/pdf")
    response = client.post(
        f"/mcp/document/{bpkad_record.pk}/upload/",
        {"file": empty, "version": version},
        follow=True,
    )
    page = response.content.decode()
    assert "Berkas yang dikirimkan kosong" in page
    assert "Pilih berkas yang akan diunggah" not in page
    assert not bpkad_record.files.exists()


def test_the_owner_must_be_an_opd_of_the_pemda(bpkad_record, official_units):
    with pytest.raises(ValidationError):
        services.document_assign(record=bpkad_record, by=None, owner=official_units["banjar"])
