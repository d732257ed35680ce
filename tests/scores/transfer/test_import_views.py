import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client

from scores import services
from scores.models import ImportDraft, ImportEvent, Score
from scores.transfer import imports, spreadsheet
from skpd import roles
from skpd.models import Unit
from tests.conftest import make_user
from tests.scores.transfer.spreadsheets import (  # noqa: F401 - fixtures
    csv_file,
    fast_password_hashing,
    kalsel_mcp,
    preview,
    upload,
    with_cached_results,
    xlsx_bytes,
    xlsx_file,
)


@pytest.fixture
def inspector(request, as_user, inspektorat_user):
    request.getfixturevalue("kalsel_mcp")
    return as_user(inspektorat_user)


def page_text(response) -> str:
    return response.content.decode()


def mcp(unit, year):
    return Score.objects.get(unit=unit, indicator__code="mcp", year=year)


# Who may import


def test_anonymous_users_go_to_the_login(client, db):
    response = client.get("/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("fixture", ["pimpinan_user", "kepala_bpkad"])
def test_pimpinan_and_skpd_heads_may_not_import(request, db, as_user, fixture):
    client = as_user(request.getfixturevalue(fixture))
    assert client.get("/import/").status_code == 403
    assert upload(client, csv_file(["kode_unit;indikator;tahun;nilai"])).status_code == 403
    assert client.get("/import/template.xlsx").status_code == 403


@pytest.mark.parametrize("fixture", ["inspektorat_user", "superuser"])
def test_inspektorat_and_superusers_see_the_upload_page(request, db, as_user, fixture):
    response = as_user(request.getfixturevalue(fixture)).get("/import/")
    assert response.status_code == 200
    assert 'href="/import/"' in page_text(response)  # the nav link "Impor"
    assert "Impor" in page_text(response)


def test_the_upload_refuses_other_methods(inspector):
    assert inspector.put("/import/").status_code == 405


def test_a_post_without_a_file_shows_the_form_error(inspector):
    response = inspector.post("/import/", {})
    assert response.status_code == 400
    assert "tidak boleh kosong" in page_text(response)


# Reading files


def test_a_semicolon_csv_with_decimal_commas_and_a_bom_previews_and_applies(
    inspector, kalsel, inspektorat_user
):
    file = csv_file(
        [
            "kode_unit;indikator;tahun;nilai;status;per_tanggal;sumber;catatan",
            "kalsel;mcp;2024;85,50;Sementara;18/01/2025;Laporan Inspektorat;",
            "kalsel;mcp;2023;84,73;final;2024-01-18;diskominfomc.kalselprov.go.id 2024-01-18;",
            "",
            "kalsel;mcp;2022;86,5;final;2024-01-18;Sumber baru;",
        ],
        bom=True,
    )
    response, location = preview(inspector, file)
    assert response.status_code == 200
    text = page_text(response)
    assert '<span class="n">1</span> baru' in text
    assert '<span class="n">1</span> berubah' in text
    assert '<span class="n">1</span> tidak berubah' in text
    assert "<del>86,00</del> → <ins>86,50</ins>" in text
    assert not Score.objects.filter(unit=kalsel, year=2024, indicator__code="mcp").exists()

    applied = inspector.post(location + "apply/", follow=True)
    assert "1 baru, 1 berubah, 1 tidak berubah" in page_text(applied)
    event = ImportEvent.objects.get()
    assert (event.created_count, event.changed_count, event.unchanged_count) == (1, 1, 1)
    assert event.imported_by == inspektorat_user
    new = mcp(kalsel, 2024)
    assert new.value == Decimal("85.5") and new.status == "progress"
    assert str(new.as_of) == "2025-01-18"
    changed = mcp(kalsel, 2022)
    assert changed.value == Decimal("86.5") and changed.source == "Sumber baru"
    latest = changed.history.first()
    assert latest.history_change_reason == f"Impor #{event.pk}: nilai.csv"
    assert latest.history_user == inspektorat_user
    assert mcp(kalsel, 2023).history.count() == 1  # unchanged: no new history
    assert not ImportDraft.objects.exists()


def test_a_comma_csv_with_english_headers_in_another_order_is_read(inspector, kalsel):
    file = csv_file(["value,year,indicator,unit_code", "88.1,2024,mcp,kalsel"])
    response, location = preview(inspector, file)
    assert '<span class="n">1</span> baru' in page_text(response)
    inspector.post(location + "apply/")
    assert mcp(kalsel, 2024).value == Decimal("88.1")


def test_units_and_indicators_may_be_given_by_their_exact_names(inspector, kalsel):
    file = csv_file(
        [
            "nama_unit;nama_indikator;tahun;nilai",
            "Pemerintah Provinsi Kalimantan Selatan;Pengadaan Barang dan Jasa;2024;70",
        ]
    )
    response, _ = preview(inspector, file)
    assert '<span class="n">1</span> baru' in page_text(response), page_text(response)


def test_a_name_two_units_share_must_be_given_by_code(inspector, kalsel):
    Unit.objects.create(
        code="dinkes-banjar", name="Dinas Kesehatan", short_name="Dinkes Banjar", level="skpd"
    )
    Unit.objects.create(
        code="dinkes-tapin", name="Dinas Kesehatan", short_name="Dinkes Tapin", level="skpd"
    )
    file = csv_file(["nama_unit;indikator;tahun;nilai", "Dinas Kesehatan;iin;2023;75"])
    response, _ = preview(inspector, file)
    assert '<span class="n">1</span> ditolak' in page_text(response)
    assert not Score.objects.filter(unit__name="Dinas Kesehatan").exists()


@pytest.mark.parametrize("written", ["84,73", "84.73", "84,73%", " 84,73 % "])
def test_each_way_of_writing_a_number_is_the_same_value(inspector, written):
    file = csv_file(["kode_unit;indikator;tahun;nilai", f"kalsel;mcp;2023;{written}"])
    response, _ = preview(inspector, file)
    assert '<span class="n">1</span> tidak berubah' in page_text(response)


def test_an_xlsx_with_a_formula_a_numeric_cell_and_blank_rows_is_read(inspector, kalsel):
    rows = [
        ["kode_unit", "indikator", "tahun", "nilai", "status"],
        ["kalsel", "mcp", 2023, 84.73, "Final"],
        [None, None, None, None, None],
        ["kalsel", "mcp", 2024, "=80+7.5", "final"],
        ["kalsel", "iin", 2025, "71,5", "Sementara"],
    ]
    data = with_cached_results(xlsx_bytes(rows), {"80+7.5": "87.499999999999986"})
    response, location = preview(inspector, SimpleUploadedFile("isian.xlsx", data))
    text = page_text(response)
    assert '<span class="n">2</span> baru' in text
    assert '<span class="n">1</span> tidak berubah' in text
    inspector.post(location + "apply/")
    assert mcp(kalsel, 2024).value == Decimal("87.5")
    iin = Score.objects.get(unit=kalsel, indicator__code="iin", year=2025)
    assert iin.value == Decimal("71.5") and iin.status == "progress"


def test_a_target_column_sets_targets_through_the_same_import(inspector, kalsel):
    file = csv_file(["kode_unit;indikator;tahun;nilai;target", "kalsel;mcp;2024;80;90,5"])
    _, location = preview(inspector, file)
    inspector.post(location + "apply/")
    target = kalsel.targets.get(indicator__code="mcp", year=2024)
    assert target.value == Decimal("90.5")
    assert target.history.get().history_change_reason.startswith("Impor #")


def test_a_leading_quote_before_a_formula_sign_is_removed(inspector, kalsel):
    file = csv_file(["kode_unit;indikator;tahun;nilai;catatan", "kalsel;mcp;2024;80;'=1+1"])
    _, location = preview(inspector, file)
    inspector.post(location + "apply/")
    assert mcp(kalsel, 2024).note == "=1+1"


# Rejected rows: each with its row, column and message; nothing written


def rejected(client, lines):
    response, location = preview(client, csv_file(lines))
    text = page_text(response)
    assert 'class="card rejected"' in text
    assert 'action="' + location + 'apply/"' not in text  # no Apply button
    assert client.post(location + "apply/").status_code == 302
    assert not ImportEvent.objects.exists()
    return text


HEADER = "kode_unit;indikator;tahun;nilai"


def test_it_rejects_a_value_outside_the_scale_with_row_and_column(inspector, kalsel):
    text = rejected(inspector, [HEADER, "kalsel;mcp;2024;80", "", "", "", "kalsel;iin;2024;120"])
    assert "<strong>Baris 6</strong> · kolom nilai: Nilai 120 di luar rentang 0–100." in text
    assert not Score.objects.filter(year=2024, unit=kalsel, indicator__code="mcp").exists()


def test_it_rejects_unknown_units_and_indicators_and_lists_them(inspector):
    text = rejected(
        inspector, [HEADER, "dinas-x;mcp;2024;80", "kalsel;mcp.foo;2024;80", "dinas-x;iin;2024;7"]
    )
    assert "Unit “dinas-x” tidak dikenal" in text
    assert "Indikator “mcp.foo” tidak dikenal" in text
    assert "<strong>Unit tidak dikenal:</strong> dinas-x</p>" in text
    assert "<strong>Indikator tidak dikenal:</strong> mcp.foo</p>" in text


def test_it_rejects_an_area_outside_the_years_framework(inspector):
    text = rejected(inspector, [HEADER, "kalsel;mcp.keuangan_desa;2023;70"])
    assert "kolom indikator: Tata Kelola Keuangan Desa tidak termasuk kerangka MCP 2023" in text


def test_it_rejects_duplicate_keys_inside_the_file(inspector):
    text = rejected(inspector, [HEADER, "kalsel;mcp;2024;80", "Kalsel;MCP;2024;81"])
    assert "<strong>Baris 3</strong>: Mengulang unit, indikator, dan tahun baris 2." in text


def test_it_rejects_text_where_a_number_belongs(inspector):
    text = rejected(inspector, [HEADER, "kalsel;mcp;2024;delapan puluh"])
    assert "kolom nilai: “delapan puluh” bukan angka" in text


def test_it_rejects_a_year_that_is_not_a_year(inspector):
    text = rejected(inspector, [HEADER, "kalsel;mcp;dua ribu;80", "kalsel;iin;1999;80"])
    assert "kolom tahun: “dua ribu” bukan tahun." in text
    assert "kolom tahun: Tahun 1999 di luar 2000–2100." in text


def test_it_rejects_empty_required_cells_and_unknown_statuses_and_dates(inspector):
    text = rejected(
        inspector,
        [
            "kode_unit;indikator;tahun;nilai;status;per_tanggal",
            "kalsel;mcp;2024;;final;",
            "kalsel;iin;2024;70;selesai;31/02/2024",
        ],
    )
    assert "<strong>Baris 2</strong> · kolom nilai: Sel ini kosong." in text
    assert "kolom status: Status “selesai” tidak dikenal" in text
    assert "kolom per_tanggal: “31/02/2024” bukan tanggal" in text


def test_it_rejects_a_change_in_a_locked_year(inspector, inspektorat_user):
    services.year_lock(year=2023, by=inspektorat_user, reason="Sudah diverifikasi")
    text = rejected(inspector, [HEADER, "kalsel;mcp;2023;90"])
    assert "kolom tahun: Tahun 2023 dikunci (Sudah diverifikasi)." in text


def test_an_unchanged_row_in_a_locked_year_is_not_a_rejection(inspector, inspektorat_user):
    services.year_lock(year=2023, by=inspektorat_user, reason="Sudah diverifikasi")
    response, _ = preview(inspector, csv_file([HEADER, "kalsel;mcp;2023;84,73"]))
    assert '<span class="n">1</span> tidak berubah' in page_text(response)
    assert "tidak ada yang perlu diterapkan" in page_text(response)


# Refused files: a message, never a 500, nothing kept


def refused(client, file, status=400) -> str:
    response = upload(client, file)
    assert response.status_code == status
    assert not ImportDraft.objects.exists()
    return page_text(response)


def test_it_refuses_an_empty_file(inspector):
    assert "kosong." in refused(inspector, SimpleUploadedFile("a.csv", b""))
    assert "Berkas ini kosong." in refused(inspector, csv_file(["", " ", ""]))


def test_it_refuses_a_header_without_data_rows(inspector):
    assert "tidak ada baris data" in refused(inspector, csv_file([HEADER]))


def test_it_refuses_a_sheet_without_a_recognised_header(inspector):
    text = refused(inspector, csv_file(["Rekap nilai MCP 2024", "a;b;c"]))
    assert "Tidak ada judul kolom yang dikenali di baris 1" in text


def test_it_refuses_a_header_that_lacks_a_required_column(inspector):
    text = refused(inspector, csv_file(["kode_unit;indikator;tahun", "kalsel;mcp;2024"]))
    assert "Judul kolom di baris 1 tidak memuat kolom: nilai." in text


def test_it_refuses_a_file_that_is_not_what_its_name_says(inspector):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert "bukan buku kerja .xlsx yang sah" in refused(
        inspector, SimpleUploadedFile("a.xlsx", png)
    )
    text_as_xlsx = SimpleUploadedFile("a.xlsx", b"kode_unit;indikator;tahun;nilai\n")
    assert "bukan buku kerja .xlsx yang sah" in refused(inspector, text_as_xlsx)
    xlsx_as_csv = SimpleUploadedFile("a.csv", xlsx_bytes([["kode_unit", "nilai"]]))
    assert "bukan berkas teks CSV" in refused(inspector, xlsx_as_csv)
    # Bytes that Windows-1252 leaves undefined: neither UTF-8 nor what Excel writes.
    neither = SimpleUploadedFile("a.csv", b"kode_unit;nilai\nDinas \x81\x8d;1\n")
    assert "bukan teks UTF-8 maupun Windows-1252" in refused(inspector, neither)
    assert "Unggah berkas .xlsx, .ods, atau .csv" in refused(
        inspector, SimpleUploadedFile("a.pdf", b"%PDF")
    )
    xls = SimpleUploadedFile("a.xls", b"\xd0\xcf")
    assert "Simpan Sebagai › Buku Kerja Excel (.xlsx)" in refused(inspector, xls)


def test_it_refuses_a_file_over_five_megabytes(inspector):
    big = SimpleUploadedFile("a.csv", b"x" * (5 * 1024 * 1024 + 1))
    assert "lebih besar dari 5 MB" in refused(inspector, big)


def test_it_refuses_more_data_rows_than_the_limit(inspector, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_DATA_ROWS", 2)
    file = csv_file([HEADER, "kalsel;mcp;2024;1", "kalsel;mcp;2025;1", "kalsel;mcp;2026;1"])
    assert "lebih dari 2 baris data" in refused(inspector, file)


def test_it_refuses_a_workbook_that_unpacks_too_large(inspector, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1000)
    file = xlsx_file([["kode_unit", "indikator", "tahun", "nilai"], ["kalsel", "mcp", 2024, 1]])
    assert "lebih dari 0 MB" in refused(inspector, file)


# Apply: all or nothing


def test_a_year_locked_after_the_preview_writes_nothing(inspector, kalsel, inspektorat_user):
    file = csv_file([HEADER, "kalsel;mcp;2024;80", "kalsel;mcp;2023;85"])
    response, location = preview(inspector, file)
    assert 'action="' + location + 'apply/"' in page_text(response)
    services.year_lock(year=2023, by=inspektorat_user, reason="Diverifikasi BPKP")

    applied = inspector.post(location + "apply/", follow=True)

    text = page_text(applied)
    assert "Tidak ada yang ditulis" in text
    assert "Tahun 2023 dikunci (Diverifikasi BPKP)" in text
    assert not Score.objects.filter(unit=kalsel, indicator__code="mcp", year=2024).exists()
    assert mcp(kalsel, 2023).value == Decimal("84.73")
    assert not ImportEvent.objects.exists()


def test_a_value_changed_after_the_preview_is_not_overwritten_unseen(
    inspector, kalsel, indicators, pimpinan_user
):
    _, location = preview(inspector, csv_file([HEADER, "kalsel;mcp;2023;85"]))
    services.score_set(
        unit=kalsel,
        indicator=indicators["mcp"],
        year=2023,
        value=Decimal("84.9"),
        by=pimpinan_user,
        reason="Koreksi KPK",
    )

    refused = page_text(inspector.post(location + "apply/", follow=True))

    assert "diubah orang lain setelah pratinjau" in refused
    assert mcp(kalsel, 2023).value == Decimal("84.9")
    assert not ImportEvent.objects.exists()
    # The preview it returned to shows the new stored value; applying that one works.
    assert "84,90" in refused
    inspector.post(location + "apply/")
    assert mcp(kalsel, 2023).value == Decimal("85")


def test_many_refusals_at_apply_are_summed_up(inspector, kalsel, inspektorat_user):
    lines = [HEADER] + [f"kalsel;iin;{year};70" for year in range(2030, 2040)]
    _, location = preview(inspector, csv_file(lines))
    for year in range(2030, 2040):
        services.year_lock(year=year, by=inspektorat_user, reason="Dikunci")
    text = page_text(inspector.post(location + "apply/", follow=True))
    assert "Tahun 2032 dikunci" in text
    assert "Tahun 2033 dikunci" not in text.split("</p>")[0]
    assert "(dan 7 lainnya)" in text
    assert not ImportEvent.objects.exists()


def test_a_unit_renamed_after_the_preview_writes_nothing(inspector, kalsel):
    _, location = preview(inspector, csv_file([HEADER, "kalsel;mcp;2024;80"]))
    kalsel.code = "kalimantan-selatan"
    kalsel.save()
    text = page_text(inspector.post(location + "apply/", follow=True))
    assert "Tidak ada yang ditulis: beberapa baris kini ditolak" in text
    assert "Unit “kalsel” tidak dikenal" in text
    assert not ImportEvent.objects.exists()


def test_a_refusal_inside_the_services_rolls_everything_back(
    inspector, kalsel, inspektorat_user, monkeypatch
):
    file = csv_file([HEADER, "kalsel;mcp;2024;80", "kalsel;mcp;2023;85"])
    _, location = preview(inspector, file)
    real_check = services.scores_check_many

    def lock_then_check(changes, **options):
        # The lock lands between the import's own check and the service's.
        if options.get("reason", "").startswith("Impor #"):
            services.year_lock(year=2023, by=inspektorat_user, reason="Dikunci")
        return real_check(changes, **options)

    monkeypatch.setattr(services.batch, "scores_check_many", lock_then_check)
    applied = inspector.post(location + "apply/", follow=True)
    assert "Tidak ada yang ditulis" in page_text(applied)
    assert not Score.objects.filter(unit=kalsel, indicator__code="mcp", year=2024).exists()
    assert not ImportEvent.objects.exists()


# Apply: two previews that create the same new cells

STALE_TEXT = "diubah orang lain setelah pratinjau"


@pytest.fixture
def colleague(db) -> Client:
    """A second Inspektorat user with a client of their own: a user keeps one preview."""
    other = Client()
    other.force_login(make_user("inspektorat-2", roles.INSPEKTORAT))
    return other


def test_of_two_previews_creating_the_same_cell_only_the_first_applies(
    inspector, colleague, kalsel
):
    _, first = preview(inspector, csv_file([HEADER, "kalsel;mcp;2024;80"]))
    shown, second = preview(colleague, csv_file([HEADER, "kalsel;mcp;2024;81"]))
    assert '<span class="n">1</span> baru' in page_text(shown)

    inspector.post(first + "apply/")
    refused = page_text(colleague.post(second + "apply/", follow=True))

    assert STALE_TEXT in refused
    assert mcp(kalsel, 2024).value == Decimal("80")
    assert mcp(kalsel, 2024).history.count() == 1
    assert ImportEvent.objects.count() == 1


def test_a_competing_apply_that_lands_while_this_one_runs_is_not_overwritten(
    inspector, colleague, kalsel, inspektorat_user, monkeypatch
):
    """The other Apply commits after this Apply began but before it read the cells
    (on PostgreSQL's READ COMMITTED any statement may see it): the cell that this
    preview showed as new is no longer new, so nothing of this preview may be written."""
    _, first = preview(inspector, csv_file([HEADER, "kalsel;mcp;2024;80"]))
    _, second = preview(colleague, csv_file([HEADER, "kalsel;mcp;2024;81"]))
    first_token = ImportDraft.objects.get(created_by=inspektorat_user).token
    real_check = services.scores_check_many
    landed = []

    def first_apply_lands_then_check(changes, **options):
        # The service's own read of the second Apply; the first Apply's reads pass by.
        if options.get("reason", "").startswith("Impor #") and not landed:
            landed.append(None)  # first: the first Apply calls this function too
            landed[0] = imports.apply_draft(first_token, inspektorat_user)
        return real_check(changes, **options)

    monkeypatch.setattr(services.batch, "scores_check_many", first_apply_lands_then_check)
    refused = page_text(colleague.post(second + "apply/", follow=True))

    assert isinstance(landed[0], ImportEvent)
    assert STALE_TEXT in refused
    assert "diterapkan: 0 baru, 1 berubah" not in refused  # what it said before, over the 80
    # One connection: the first Apply ran inside this one's transaction, so the refusal
    # took it back too. The PostgreSQL test below gives each Apply a transaction of its own.
    assert not Score.objects.filter(unit=kalsel, year=2024).exists()
    assert not ImportEvent.objects.exists()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite's IMMEDIATE transactions run one writer at a time: no such race",
)
def test_two_concurrent_applies_creating_the_same_cell_never_overwrite_unseen(
    reference_data, official_units, inspektorat_user
):
    """The first Apply has inserted the cell but not committed when the second reads it:
    under READ COMMITTED the second sees no row to lock, so only its insert meets the
    first one's. It must end refused, never as a second version over the first."""
    kalsel = official_units["kalsel"]
    other = make_user("inspektorat-2", roles.INSPEKTORAT)
    drafts = [
        previewed_draft(user, f"kalsel;mcp;2024;{value}")
        for user, value in ((inspektorat_user, 80), (other, 81))
    ]
    inserted, release = threading.Event(), threading.Event()
    first_outcome = []

    def first_apply() -> None:
        try:
            with transaction.atomic():
                first_outcome.append(imports.apply_draft(drafts[0].token, inspektorat_user))
                inserted.set()
                release.wait(10)
        finally:
            inserted.set()
            connection.close()

    applier = threading.Thread(target=first_apply)
    applier.start()
    try:
        assert inserted.wait(10)
        threading.Timer(0.3, release.set).start()  # while the second Apply waits on the row
        with pytest.raises(ValidationError) as refused:
            imports.apply_draft(drafts[1].token, other)
    finally:
        release.set()
        applier.join()
    assert isinstance(first_outcome[0], ImportEvent)
    assert refused.value.code == "stale_preview"
    assert mcp(kalsel, 2024).value == Decimal("80")
    assert mcp(kalsel, 2024).history.count() == 1
    assert ImportEvent.objects.count() == 1


def previewed_draft(user, line: str) -> ImportDraft:
    """A draft of one data row, previewed by its user as the preview page does."""
    sheet = spreadsheet.read_upload(csv_file([HEADER, line]))
    draft = imports.draft_save(sheet=sheet, file_name="nilai.csv", by=user)
    imports.draft_mark_seen(draft, imports.build_plan(draft, user))
    return draft


def test_a_preview_applies_once_and_only_for_its_uploader(inspector, kalsel, superuser, client):
    _, location = preview(inspector, csv_file([HEADER, "kalsel;mcp;2024;80"]))
    client.force_login(superuser)
    assert client.get(location).status_code == 404
    assert client.post(location + "apply/", follow=True).status_code == 200
    assert not ImportEvent.objects.exists()
    client.force_login(kalsel.heads.model.objects.get(username="inspektorat"))

    inspector.post(location + "apply/")
    again = inspector.post(location + "apply/", follow=True)

    assert "Pratinjau ini tidak tersedia lagi" in page_text(again)
    assert ImportEvent.objects.count() == 1


def test_apply_refuses_get(inspector):
    _, location = preview(inspector, csv_file([HEADER, "kalsel;mcp;2024;80"]))
    assert inspector.get(location + "apply/").status_code == 405


def test_an_unknown_preview_is_not_found(inspector):
    assert inspector.get("/import/00000000-0000-0000-0000-000000000000/").status_code == 404


# Templates


def test_the_xlsx_template_has_headers_examples_and_a_sheet_of_codes(inspector):
    from io import BytesIO

    from openpyxl import load_workbook

    response = inspector.get("/import/template.xlsx")
    assert response.status_code == 200
    assert "template-nilai.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    data, codes = workbook.worksheets
    header = [cell.value for cell in data[1]]
    assert header[:6] == [
        "kode_unit",
        "nama_unit",
        "indikator",
        "nama_indikator",
        "tahun",
        "nilai",
    ]
    assert data.max_row >= 3
    code_values = {cell.value for row in codes.iter_rows() for cell in row}
    assert {"kalsel", "bpkad", "mcp", "mcp.pbj", "ipak", "iin"} <= code_values


def test_the_templates_re_import_without_rejections(inspector):
    for name in ("template.xlsx", "template.csv"):
        content = inspector.get(f"/import/{name}").content
        response, _ = preview(inspector, SimpleUploadedFile(name, content))
        assert '<span class="n">0</span> ditolak' in page_text(response), name


def test_the_csv_template_uses_semicolons_and_a_bom(inspector):
    response = inspector.get("/import/template.csv")
    assert response.content.startswith(b"\xef\xbb\xbfkode_unit;nama_unit;indikator")
