"""Issue 13: the preview shows each value as the person sees it in their sheet, every
cell that will not be imported is named, and Apply writes exactly the preview. Each
test builds a file of one kind that was read wrong or refused before."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from scores import services
from scores.models import ImportEvent, Indicator, Score
from tests.scores.transfer.spreadsheets import (  # noqa: F401 - fixtures
    csv_file,
    fast_password_hashing,
    kalsel_mcp,
    ods_bytes,
    preview,
    rewrite_member,
    upload,
    with_cached_results,
    xlsx_bytes,
    xlsx_workbook_bytes,
)

HEADER = ["kode_unit", "indikator", "tahun", "nilai"]


@pytest.fixture
def inspector(request, as_user, inspektorat_user):
    request.getfixturevalue("kalsel_mcp")
    return as_user(inspektorat_user)


def text_of(response) -> str:
    return response.content.decode()


def score(unit_code: str, indicator: str, year: int) -> Score:
    return Score.objects.get(unit__code=unit_code, indicator__code=indicator, year=year)


def apply(client, location: str):
    return client.post(location + "apply/", follow=True)


def xlsx_upload(workbook, name: str = "rekap.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_workbook_bytes(workbook))


def sheet_with(rows: list[list]) -> tuple[Workbook, object]:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    return workbook, sheet


def new_count(text: str, count: int) -> bool:
    return f'<span class="n">{count}</span> baru' in text


def rejected_with(client, file, *messages: str) -> str:
    response, location = preview(client, file)
    text = text_of(response)
    assert 'class="card rejected"' in text
    for message in messages:
        assert message in text
    client.post(location + "apply/")
    assert not ImportEvent.objects.exists()
    return text


# 1. Read what the person sees: number formats, formulas, Indonesian text


@pytest.mark.parametrize(
    ("stored", "number_format", "expected"),
    [(0.85, "0%", "85"), (0.8473, "0.00%", "84.73"), (0.5, "0.0%", "50")],
)
def test_a_percent_format_gives_the_percent_the_sheet_shows(
    inspector, kalsel, stored, number_format, expected
):
    workbook, sheet = sheet_with([HEADER, ["kalsel", "mcp", 2024, stored]])
    sheet["D2"].number_format = number_format
    _, location = preview(inspector, xlsx_upload(workbook))
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).value == Decimal(expected)


def test_the_same_sheet_as_xlsx_and_as_csv_gives_the_same_value(inspector, kalsel):
    workbook, sheet = sheet_with([HEADER, ["kalsel", "mcp", 2024, 0.85]])
    sheet["D2"].number_format = "0%"
    _, location = preview(inspector, xlsx_upload(workbook))
    apply(inspector, location)
    as_csv, _ = preview(inspector, csv_file([";".join(HEADER), "kalsel;mcp;2024;85%"]))
    assert '<span class="n">1</span> tidak berubah' in text_of(as_csv)


def test_a_value_with_more_decimals_than_shown_is_read_as_shown_and_said(inspector, kalsel):
    workbook, sheet = sheet_with([HEADER, ["kalsel", "mcp", 2024, 84.735]])
    sheet["D2"].number_format = "#,##0.00"
    response, location = preview(inspector, xlsx_upload(workbook))
    assert "dibulatkan sesuai tampilan: 84,735 → 84,74" in text_of(response)
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).value == Decimal("84.74")


def test_a_formula_without_a_stored_result_is_refused_with_what_to_do(inspector, kalsel):
    data = with_cached_results(xlsx_bytes([HEADER, ["kalsel", "mcp", 2024, "=80+4"]]), {})
    rejected_with(
        inspector,
        SimpleUploadedFile("rumus.xlsx", data),
        "<strong>Baris 2</strong> · kolom nilai: rumus belum dihitung: buka dan simpan berkas "
        "di Excel atau LibreOffice.",
    )
    assert not Score.objects.filter(year=2024).exists()


def test_a_stored_result_the_workbook_asks_to_recalculate_is_not_trusted(inspector, kalsel):
    """XlsxWriter and others store 0 and set "recalculate on open"."""
    data = with_cached_results(
        xlsx_bytes([HEADER, ["kalsel", "mcp", 2024, "=80+4"]]), {"80+4": "0"}, saved_by_excel=False
    )
    rejected_with(inspector, SimpleUploadedFile("rumus.xlsx", data), "rumus belum dihitung")
    assert not Score.objects.filter(year=2024).exists()


@pytest.mark.parametrize(
    "written", ["15 November 2024", "15 Nopember 2024", "15-11-2024", "Jumat, 15 Nov 2024"]
)
def test_dates_are_read_as_indonesians_write_them(inspector, kalsel, written):
    file = csv_file(
        ["kode_unit;indikator;tahun;nilai;per_tanggal", f"kalsel;mcp;2024;80;{written}"]
    )
    _, location = preview(inspector, file)
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).as_of == datetime.date(2024, 11, 15)


# 2. Nothing invisible is imported


def test_hidden_rows_and_columns_are_skipped_and_named(inspector, kalsel):
    workbook, sheet = sheet_with(
        [
            [*HEADER, "catatan"],
            ["kalsel", "mcp", 2024, 80, "rahasia"],
            ["kalsel", "mcp", 2025, 10, "draf lama"],
            ["kalsel", "mcp", 2020, 11, "draf lama"],
        ]
    )
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[4].hidden = True
    sheet.column_dimensions["E"].hidden = True
    response, location = preview(inspector, xlsx_upload(workbook))
    text = text_of(response)
    assert "2 baris tersembunyi tidak diimpor: baris 3, 4." in text
    assert "Kolom tersembunyi tidak diimpor: E." in text
    assert new_count(text, 1)
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).note == ""
    assert not Score.objects.filter(year__in=(2020, 2025)).exists()


def test_the_sheet_open_when_saved_is_read_and_the_others_named(inspector, kalsel):
    workbook, first = sheet_with([["Petunjuk pengisian"], ["Isi lembar Nilai"]])
    first.title = "Petunjuk"
    data = workbook.create_sheet("Nilai")
    for row in ([*HEADER], ["kalsel", "mcp", 2024, 81]):
        data.append(row)
    old = workbook.create_sheet("Nilai 2023")
    for row in ([*HEADER], ["kalsel", "mcp", 2024, 70]):
        old.append(row)
    workbook.active = 1
    response, location = preview(inspector, xlsx_upload(workbook))
    text = text_of(response)
    assert "Lembar yang dibaca: “Nilai”." in text
    assert "Petunjuk, Nilai 2023" in text
    assert '<option value="Nilai 2023">' in text  # the form offers the others
    other = inspector.post("/import/", {"file": xlsx_upload(workbook), "sheet": "Nilai 2023"})
    assert "70" in text_of(inspector.get(other["Location"]))
    apply(inspector, other["Location"])
    assert score("kalsel", "mcp", 2024).value == Decimal("70")


def test_without_a_header_on_the_open_sheet_the_first_sheet_with_one_is_read(inspector, kalsel):
    workbook, notes = sheet_with([["hanya catatan"]])
    notes.title = "Catatan"
    for title, value in (("Nilai", 82), ("Nilai lama", 60)):
        data = workbook.create_sheet(title)
        data.append(HEADER)
        data.append(["kalsel", "mcp", 2024, value])
    workbook.active = 0
    _, location = preview(inspector, xlsx_upload(workbook))
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).value == Decimal("82")


# 3. Find the table the way a person would


def test_a_title_block_above_the_header_is_passed_over_and_rows_keep_their_numbers(
    inspector, kalsel
):
    workbook, sheet = sheet_with(
        [
            ["REKAPITULASI NILAI MCP PEMERINTAH PROVINSI KALIMANTAN SELATAN"],
            ["Pemerintah Provinsi Kalimantan Selatan"],
            ["Tahun 2024"],
            [],
            ["Kode Unit", "Indikator", "Tahun Anggaran", "Nilai (%)"],
            ["kalsel", "mcp", 2024, 83],
            ["kalsel", "mcp", 2025, 130],
        ]
    )
    for line in (1, 2, 3):
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=4)
    response, _ = preview(inspector, xlsx_upload(workbook))
    text = text_of(response)
    assert "Baris di atas judul kolom tidak diimpor (judul): 1, 2, 3." in text
    assert "<strong>Baris 7</strong> · kolom Nilai (%): Nilai 130 di luar rentang 0–100." in text


def test_a_declared_used_range_of_a1_does_not_hide_the_cells(inspector, kalsel):
    data = xlsx_bytes([HEADER, ["kalsel", "mcp", 2024, 84]])
    data = rewrite_member(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:D2" />', '<dimension ref="A1" />'),
    )
    assert b"A1:D2" not in data
    _, location = preview(inspector, SimpleUploadedFile("a1.xlsx", data))
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).value == Decimal("84")


def test_a_unit_code_merged_down_gives_every_row_its_code(inspector, kalsel):
    workbook, sheet = sheet_with(
        [
            HEADER,
            ["brida", "mcp.asn", 2024, 70],
            [None, "mcp.pbj", 2024, 71],
            [None, "mcp", 2024, 72],
        ]
    )
    sheet.merge_cells("A2:A4")
    _, location = preview(inspector, xlsx_upload(workbook))
    apply(inspector, location)
    assert score("brida", "mcp.pbj", 2024).value == Decimal("71")
    assert score("brida", "mcp", 2024).value == Decimal("72")


def test_headers_and_codes_match_across_spaces_invisible_characters_and_case(inspector, kalsel):
    file = csv_file(
        ["KODE\u00a0UNIT;Indikator;TAHUN;Nilai (%)", "\u200bkalsel\u00a0;MCP\u200b;2024;84"]
    )
    _, location = preview(inspector, file)
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).value == Decimal("84")


def test_an_unrecognised_header_is_named(inspector):
    response = upload(inspector, csv_file(["kode_unit;indikator;tahun;skor akhir (angka)", "x"]))
    assert response.status_code == 400
    assert "“skor akhir (angka)”" in text_of(response)


def test_an_unknown_unit_name_gets_the_closest_names(inspector, kalsel):
    file = csv_file(["nama_unit;indikator;tahun;nilai", "Badan Riset dan Inovasi;mcp;2024;80"])
    rejected_with(inspector, file, "Mungkin maksud Anda: “Badan Riset dan Inovasi Daerah”")


@pytest.mark.parametrize("year", ["2025.0", "2025,0", "2025.00"])
def test_a_year_written_from_a_float_column_is_a_year(inspector, kalsel, year):
    _, location = preview(inspector, csv_file([";".join(HEADER), f"brida;mcp.asn;{year};84,73"]))
    apply(inspector, location)
    assert score("brida", "mcp.asn", 2025).value == Decimal("84.73")


# 5. CSV as Excel writes it


def test_an_unquoted_decimal_comma_is_refused_with_the_row_and_the_fix(inspector, kalsel):
    rejected_with(
        inspector,
        csv_file([",".join(HEADER), "brida,mcp.asn,2025,84,73"]),
        "<strong>Baris 2</strong>: Baris ini berisi 5 sel di bawah judul 4 kolom",
        "(&quot;84,73&quot;)",
    )
    assert not Score.objects.filter(unit__code="brida").exists()


def test_a_decimal_comma_split_into_a_text_column_is_refused(inspector, kalsel):
    rejected_with(
        inspector,
        csv_file([",".join([*HEADER, "catatan"]), "brida,mcp.asn,2025,84,73"]),
        "kolom nilai: “84” diikuti “73”",
    )


def test_a_sep_line_is_honoured_and_rows_are_numbered_as_excel_shows_them(inspector, kalsel):
    file = csv_file(["sep=;", ";".join(HEADER), "kalsel;mcp;2024;84,5", "kalsel;mcp;2025;101"])
    rejected_with(inspector, file, "<strong>Baris 3</strong> · kolom nilai: Nilai 101")


def test_a_windows_1252_csv_from_indonesian_excel_is_read_and_said(inspector, kalsel):
    lines = ["kode_unit;indikator;tahun;nilai;catatan", "kalsel;mcp;2024;84,73;Triwulan I – III"]
    data = "\r\n".join(lines).encode("cp1252") + b"\r\n"
    response, location = preview(inspector, SimpleUploadedFile("nilai.csv", data))
    assert "dibaca sebagai Windows-1252" in text_of(response)
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).note == "Triwulan I – III"  # noqa: RUF001


# 6. Formats


def test_an_ods_from_libreoffice_is_read_as_shown(inspector, kalsel):
    data = ods_bytes(
        {
            "Petunjuk": [["Isi lembar Nilai"]],
            "Nilai": [
                [*HEADER, "catatan"],
                ["kalsel", "mcp", ("float", "2024", "2024"), ("percentage", "0.85", "85%"), "a"],
                ["kalsel", "iin", ("float", "2024", "2024"), ("float", "3.456", "3,46"), "b"],
                ["kalsel", "mcp", ("float", "2020", "2020"), ("float", "11", "11"), "draf"],
            ],
        },
        active="Nilai",
        hidden_rows=(4,),
    )
    response, location = preview(inspector, SimpleUploadedFile("rekap.ods", data))
    text = text_of(response)
    assert "dibulatkan sesuai tampilan: 3,456 → 3,46" in text
    assert "1 baris tersembunyi tidak diimpor: baris 4." in text
    apply(inspector, location)
    assert score("kalsel", "mcp", 2024).value == Decimal("85")
    assert score("kalsel", "iin", 2024).value == Decimal("3.46")
    assert not Score.objects.filter(year=2020).exists()


def test_the_file_picker_offers_what_the_import_reads(inspector):
    text = text_of(inspector.get("/import/"))
    assert 'accept=".xlsx,.ods,.csv,' in text


def test_an_xls_is_refused_with_how_to_save_it(inspector):
    response = upload(inspector, SimpleUploadedFile("lama.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100))
    assert response.status_code == 400
    assert ".xlsx" in text_of(response) and "Simpan" in text_of(response)


# 7. Empty means unchanged


def test_empty_optional_cells_keep_the_stored_values_and_the_preview_says_so(inspector, kalsel):
    services.score_set(
        unit=kalsel,
        indicator=score("kalsel", "mcp", 2023).indicator,
        year=2024,
        value=Decimal("70"),
        by=None,
        status="progress",
        as_of=datetime.date(2024, 11, 15),
        source="Laporan KPK",
        note="Triwulan III",
    )
    file = csv_file(
        [
            "kode_unit;indikator;tahun;nilai;status;per_tanggal;sumber;catatan",
            "kalsel;mcp;2024;75;;;;",
        ]
    )
    response, location = preview(inspector, file)
    assert "tetap (sel kosong):" in text_of(response)
    assert "15 November 2024" in text_of(response)
    apply(inspector, location)
    kept = score("kalsel", "mcp", 2024)
    assert kept.value == Decimal("75")
    assert (kept.status, kept.as_of, kept.source, kept.note) == (
        "progress",
        datetime.date(2024, 11, 15),
        "Laporan KPK",
        "Triwulan III",
    )


def test_the_clear_marker_clears_an_optional_value(inspector, kalsel):
    file = csv_file(
        ["kode_unit;indikator;tahun;nilai;per_tanggal;sumber", "kalsel;mcp;2023;84,73;-;-"]
    )
    _, location = preview(inspector, file)
    apply(inspector, location)
    cleared = score("kalsel", "mcp", 2023)
    assert cleared.as_of is None and cleared.source == ""


# 8. Apply writes the preview and nothing else


def test_a_preview_with_nothing_new_or_changed_cannot_be_applied(inspector, kalsel):
    response, location = preview(inspector, csv_file([";".join(HEADER), "kalsel;mcp;2023;84,73"]))
    assert "tidak ada yang perlu diterapkan" in text_of(response)
    applied = apply(inspector, location)
    assert "Tidak ada yang diterapkan" in text_of(applied)
    assert not ImportEvent.objects.exists()


# 4. The wide shape


def test_a_sheet_with_one_column_per_area_reads_as_long_rows(inspector, kalsel):
    workbook, sheet = sheet_with(
        [
            ["REKAPITULASI NILAI MCP 2024"],
            ["Kode Unit", "Tahun", "MCP", "PBJ", "Manajemen ASN", "mcp.apip"],
            ["brida", 2024, 80.5, 70, None, 130],
            ["bpkad", 2024, 81, None, 75.25, 90],
        ]
    )
    response, location = preview(inspector, xlsx_upload(workbook))
    text = text_of(response)
    assert "<strong>Baris 3</strong> · kolom mcp.apip: Nilai 130 di luar rentang 0–100." in text
    sheet["F3"] = 95
    response, location = preview(inspector, xlsx_upload(workbook))
    assert new_count(text_of(response), 6)
    apply(inspector, location)
    assert score("brida", "mcp", 2024).value == Decimal("80.5")
    assert score("brida", "mcp.pbj", 2024).value == Decimal("70")
    assert score("bpkad", "mcp.asn", 2024).value == Decimal("75.25")
    assert not Score.objects.filter(unit__code="brida", indicator__code="mcp.asn").exists()


def test_a_wide_sheet_without_a_year_column_takes_the_forms_year(inspector, kalsel):
    file = csv_file(["nama_unit;MCP;IIN", "Badan Riset dan Inovasi Daerah;77;3,1"])
    refused = upload(inspector, file)
    assert refused.status_code == 400
    assert "pilih tahunnya pada formulir" in text_of(refused)
    file.seek(0)
    response = inspector.post("/import/", {"file": file, "year": "2024"})
    assert new_count(text_of(inspector.get(response["Location"])), 2)
    apply(inspector, response["Location"])
    assert score("brida", "mcp", 2024).value == Decimal("77")
    assert score("brida", "iin", 2024).value == Decimal("3.1")


def test_the_streamed_reader_fills_merges_past_the_cells_present_and_skips_hidden_ones():
    """The reader streams rows (read-only) and takes hidden rows, hidden columns and
    merges from the sheet's XML: a merge reaching past a row's last cell still fills it."""
    from scores.transfer.workbooks import xlsx_book

    workbook, sheet = sheet_with(
        [["REKAP"], ["kode", "nilai", "catatan"], ["x", 1, "a"], ["y", 2], [None, 3]]
    )
    sheet.merge_cells("A1:D1")
    sheet.merge_cells("C4:C5")  # C5 holds nothing: the merge fills it from C4 (empty)
    sheet.merge_cells("A4:A5")
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions.group("C", "C", hidden=True)
    table = xlsx_book(xlsx_workbook_bytes(workbook)).tables[0]
    rows = [(row.line, row.cells) for row in table.rows()]
    assert rows == [
        (1, ["REKAP", "REKAP", "", "REKAP"]),  # C is hidden
        (2, ["kode", "nilai", ""]),
        (4, ["y", "2"]),
        (5, ["y", "3", ""]),
    ]
    assert "1 baris tersembunyi tidak diimpor: baris 3." in " ".join(str(n) for n in table.notes)
    assert any("C" in str(note) for note in table.notes)


def test_an_unrecognised_heading_on_an_accepted_file_is_named_in_a_note(inspector, kalsel):
    file = csv_file(["kode_unit;indikator;tahun;nilai;Paraf Verifikator", "kalsel;mcp;2024;84;AB"])
    response, _location = preview(inspector, file)
    text = text_of(response)
    assert new_count(text, 1)
    notes = text.split('class="import-notes"', 1)[1].split("</ul>", 1)[0]
    assert "Judul kolom yang tidak dikenali, kolomnya tidak diimpor: “Paraf Verifikator”." in notes


def test_the_recap_template_has_a_row_per_unit_and_reads_back_as_long_rows(inspector, kalsel):
    import io

    from openpyxl import load_workbook

    response = inspector.get("/import/template-rekap.xlsx")
    assert response.status_code == 200
    assert "template-rekap-nilai.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["kode_unit", "nama_unit", "tahun"]
    names = dict(Indicator.objects.values_list("code", "name_id"))
    assert header[3] in (names["mcp"], "mcp") and header[-1] in (names["iin"], "iin")
    pbj = names["mcp.pbj"] if names["mcp.pbj"] in header else "mcp.pbj"
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "kalsel" in codes and "brida" in codes
    line = codes.index("brida") + 2
    sheet.cell(line, header.index(pbj) + 1, 77.5)
    sheet.cell(line, 3, 2024)
    response, location = preview(inspector, xlsx_upload(workbook))
    assert new_count(text_of(response), 1)
    apply(inspector, location)
    assert score("brida", "mcp.pbj", 2024).value == Decimal("77.5")
