"""Uploaded evidence files (action plans' bukti dukung and the MCP workbook's documents):
the content decides the type, never the name; files live outside every path the web
server publishes; a download is named by the detected type and never cached."""

import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
CONTENT_TYPES_XML = "[Content_Types].xml"
MAX_CONTENT_TYPES_XML_BYTES = 1024 * 1024
WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# What a file manager reads as an extension: a dot, then a letter and up to 7 more
# letters or digits ("pdf", "html", "bat", "docx"; not the "2024" of "Laporan.2024").
EXTENSION = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    # Other spellings of the extension that name the same type.
    aliases: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


PDF = FileKind("pdf", "application/pdf")
PNG = FileKind("png", "image/png")
JPEG = FileKind("jpg", "image/jpeg", ("jpeg",))
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
KINDS_BY_CONTENT_TYPE = {kind.content_type: kind for kind in (PDF, PNG, JPEG, XLSX, DOCX)}


def evidence_root() -> Path:
    return Path(settings.EVIDENCE_ROOT)


def stored_path(stored_name: str) -> Path:
    return evidence_root() / stored_name


def check_upload(uploaded: UploadedFile) -> FileKind:
    """The kind of an acceptable file, or a ValidationError in the user's language."""
    if not uploaded.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 20 MB. Compress it or split it into parts."),
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    kind = kind_from_content(head, uploaded)
    uploaded.seek(0)
    if kind is not None:
        return kind
    if head.startswith(PROGRAM_SIGNATURES):
        raise ValidationError(
            _("This file is a program, not a document, whatever its name says. It was refused."),
            code="program",
        )
    raise ValidationError(
        _(
            "Only PDF, PNG, JPEG, Excel (xlsx) and Word (docx) files are accepted; "
            "the content of this file is none of these."
        ),
        code="wrong_type",
    )


def kind_from_content(head: bytes, uploaded: UploadedFile) -> FileKind | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return office_kind(uploaded)
    return None


def office_kind(uploaded: UploadedFile) -> FileKind | None:
    """xlsx and docx are ZIP files whose [Content_Types].xml names their main part."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            info = archive.getinfo(CONTENT_TYPES_XML)
            if info.file_size > MAX_CONTENT_TYPES_XML_BYTES:
                return None
            content_types = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError):
        return None
    if WORD_MAIN in content_types:
        return DOCX
    if EXCEL_MAIN in content_types:
        return XLSX
    return None


def store(uploaded: UploadedFile, kind: FileKind) -> str:
    """Write the file under a generated name and return that name."""
    root = evidence_root()
    root.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.{kind.extension}"
    with open(root / stored_name, "xb") as target:
        for chunk in uploaded.chunks():
            target.write(chunk)
    return stored_name


def remove(stored_name: str) -> None:
    stored_path(stored_name).unlink(missing_ok=True)


def split_extension(name: str) -> tuple[str, str]:
    """("laporan.pdf", "html") for "laporan.pdf.html"; ("Laporan 2024", "") for no
    extension. The extension is lower case, without its dot."""
    match = EXTENSION.search(name)
    if match is None:
        return name, ""
    return name[: match.start()], match.group(1).lower()


def name_for_kind(name: str, kind: FileKind) -> str:
    """The name a file of this kind is shown and downloaded under: its stem with every
    dot replaced ("a.jpg.pdf" → "a_jpg.pdf", so nothing looks like a second extension)
    and the kind's own extension last. A name ending in another extension keeps it in
    the stem ("laporan.pdf.html" → "laporan_pdf_html.pdf"): whatever the uploader
    called it, a saved download opens as the type the content was detected as."""
    stem, extension = split_extension(name)
    if extension and extension not in kind.extensions:
        stem = f"{stem}.{extension}"
    stem = stem.replace(".", "_").strip(" _") or "bukti"
    return f"{stem}.{kind.extension}"


def clean_file_name(name: str | None) -> str:
    """The name as shown and offered on download: no folders, no control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|')
    return cleaned.strip()[:255] or "bukti"


def upload_name(name: str | None, kind: FileKind) -> str:
    """The name to keep for an uploaded file of this kind: cleaned, then check_name."""
    return check_name(clean_file_name(name), kind)


def check_name(name: str, kind: FileKind) -> str:
    """The name to keep for an upload of this kind (name_for_kind), or a ValidationError
    when the name ends in an extension of another type ("laporan.pdf.html" holding a
    PDF): a mismatch is either a mistake or an attempt to have the file run when a
    colleague opens it, and the uploader should see which."""
    _stem, extension = split_extension(name)
    if extension and extension not in kind.extensions:
        raise ValidationError(
            _(
                "The file's name ends in .%(given)s but its content is a %(kind)s file. "
                "Rename it to end in .%(expected)s and upload it again."
            )
            % {"given": extension, "kind": kind.extension.upper(), "expected": kind.extension},
            code="wrong_extension",
        )
    return name_for_kind(name, kind)


def download_name(name: str, content_type: str) -> str:
    """The name to offer on download, by the stored (detected) type: name_for_kind."""
    kind = KINDS_BY_CONTENT_TYPE.get(content_type)
    return name_for_kind(name, kind) if kind else "bukti"


def attachment(*, stored_name: str, original_name: str, content_type: str) -> FileResponse:
    """The stored file as a download: named by its detected type (download_name), never
    sniffed as another type, never kept by a shared cache. Http404 (with a message)
    when the file is missing from the store."""
    try:
        handle = open(stored_path(stored_name), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        raise Http404(_("The file is missing from the evidence store.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(original_name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
