import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mcp_dashboard.lib import uploads
from tests.actions.conftest import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    office_file,
    upload,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF_BYTES, uploads.PDF),
        ("a.png", PNG_BYTES, uploads.PNG),
        ("a.jpg", JPEG_BYTES, uploads.JPEG),
        ("a.docx", docx_bytes(), uploads.DOCX),
        ("a.xlsx", xlsx_bytes(), uploads.XLSX),
        ("named-wrongly.txt", PDF_BYTES, uploads.PDF),
    ],
)
def test_it_recognises_each_accepted_type_by_content(name, content, kind):
    assert uploads.check_upload(upload(name, content)) == kind


def refusal(name: str, content: bytes) -> ValidationError:
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload(name, content))
    return caught.value


def test_it_refuses_an_empty_file_in_indonesian():
    error = refusal("kosong.pdf", b"")
    assert error.code == "empty"
    assert "kosong" in error.messages[0]


def test_it_refuses_a_renamed_executable_in_indonesian():
    error = refusal("laporan.pdf", EXE_BYTES)
    assert error.code == "program"
    assert "program" in error.messages[0] and "ditolak" in error.messages[0]


def test_it_refuses_a_file_over_20_mb(monkeypatch):
    too_big = upload("besar.pdf", PDF_BYTES)
    too_big.size = uploads.MAX_BYTES + 1
    error = refusal_of(too_big)
    assert error.code == "too_large"
    assert "20 MB" in error.messages[0]


def refusal_of(uploaded) -> ValidationError:
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        uploads.check_upload(uploaded)
    return caught.value


def test_it_accepts_exactly_20_mb():
    just_fits = upload("pas.pdf", PDF_BYTES)
    just_fits.size = uploads.MAX_BYTES
    assert uploads.check_upload(just_fits) == uploads.PDF


@pytest.mark.parametrize(
    "content",
    [
        b"plain text pretending to be a document",
        b"PK\x03\x04 not really a zip",
        office_file("application/vnd.oasis.opendocument.text"),
    ],
    ids=["text", "broken-zip", "zip-of-another-kind"],
)
def test_it_refuses_other_content_whatever_the_name(content):
    error = refusal("laporan.docx", content)
    assert error.code == "wrong_type"
    assert "PDF" in error.messages[0]


def test_stored_files_get_generated_names_under_the_evidence_root(evidence_root):
    stored = uploads.store(upload("../../etc/passwd.pdf", PDF_BYTES), uploads.PDF)
    assert (evidence_root / stored).read_bytes() == PDF_BYTES
    assert "passwd" not in stored and stored.endswith(".pdf") and "/" not in stored
