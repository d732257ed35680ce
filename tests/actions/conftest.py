import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from actions.models import ActionPlan, Evidence
from actions.services import action_plan_save, evidence_upload

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the checkout."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


def office_file(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/main.xml" ContentType="{main_part}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return office_file(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "bukti"
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_plan(units, indicators, *, owner="bpkad", days=10, status="planned", **extra):
    fields = {
        "unit": units["kalsel"],
        "year": 2023,
        "area": indicators["mcp.bmd"],
        "title": f"Rencana {owner} {days}",
        "owner_unit": units[owner],
        "due_date": datetime.date.today() + datetime.timedelta(days=days),
        "status": status,
    } | extra
    return action_plan_save(plan=ActionPlan(**fields), by=None)


@pytest.fixture
def bpkad_plan(official_units, indicators) -> ActionPlan:
    return make_plan(official_units, indicators, owner="bpkad", title="Rekonsiliasi aset BMD")


@pytest.fixture
def bappeda_plan(official_units, indicators) -> ActionPlan:
    return make_plan(
        official_units,
        indicators,
        owner="bappeda",
        area=indicators["mcp.perencanaan_penganggaran"],
        title="RKA berbasis kinerja",
    )


@pytest.fixture
def bpkad_evidence(bpkad_plan) -> Evidence:
    return evidence_upload(uploaded=upload("laporan.pdf", PDF_BYTES), by=None, plan=bpkad_plan)


@pytest.fixture
def bappeda_evidence(bappeda_plan) -> Evidence:
    return evidence_upload(uploaded=upload("rka.pdf", PDF_BYTES), by=None, plan=bappeda_plan)
