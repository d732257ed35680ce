import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workbook import catalogue, services
from workbook.models import DocumentRecord

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HEADER = (
    "tahun;kode_area;kode_indikator;nama_indikator;bobot_indikator;kode_subindikator;"
    "nama_subindikator;bobot_subindikator;kode_dokumen;nama_dokumen;berlaku_untuk;opd_pengampu"
)
CATALOGUE_ROWS = [
    "2025;mcp.bmd;7.1;Penatausahaan BMD;60;7.1.1;Rekonsiliasi aset;50;"
    "7.1.1.1;Berita acara rekonsiliasi;semua;bpkad",
    "2025;mcp.bmd;7.1;Penatausahaan BMD;60;7.1.1;Rekonsiliasi aset;50;"
    "7.1.1.2;Laporan BMD semester;semua;bpkad",
    "2025;mcp.bmd;7.1;Penatausahaan BMD;60;7.1.2;Sertifikasi tanah;50;"
    "7.1.2.1;Daftar sertifikat;semua;biro-hukum",
    "2025;Pengelolaan Barang Milik Daerah;7.2;Pemanfaatan BMD;40;7.2.1;Sewa BMD;100;;;semua;bpkad",
    "2025;mcp.pbj;3.1;Perencanaan pengadaan;100;3.1.1;RUP tepat waktu;;"
    "3.1.1.1;Tangkapan layar SiRUP;provinsi;Biro PBJ",
]


def csv_upload(lines: list[str], name: str = "katalog.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode(), "text/csv")


def rows_of(lines: list[str]) -> list[tuple[int, dict[str, str]]]:
    names = HEADER.split(";")
    return [(n, dict(zip(names, line.split(";"), strict=True))) for n, line in enumerate(lines, 2)]


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.fixture
def catalogue_2025(official_units):
    plan = catalogue.build_plan(2025, rows_of(CATALOGUE_ROWS))
    assert plan.errors == []
    services.catalogue_apply(plan=plan, by=None, reason="test")
    services.documents_open(pemda=official_units["kalsel"], year=2025, by=None)
    return plan


@pytest.fixture
def bpkad_record(catalogue_2025, official_units) -> DocumentRecord:
    return DocumentRecord.objects.get(document__code="7.1.1.1", pemda=official_units["kalsel"])


@pytest.fixture
def bappeda_record(catalogue_2025, official_units) -> DocumentRecord:
    record = DocumentRecord.objects.get(document__code="7.1.2.1")
    return services.document_assign(record=record, by=None, owner=official_units["bappeda"])
