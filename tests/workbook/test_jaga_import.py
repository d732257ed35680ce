"""KPK's sub-indicator extract (jaga.id): one province's extract, a repeated header row
included, imports; the overview shows the chain's totals computed here by hand."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from workbook import jaga, services
from workbook.models import CatalogueEntry, ImportDraft, SubIndicatorValue
from workbook.tables import table_from_cells

pytestmark = pytest.mark.django_db

HEADER = (
    "provinsi_name;instansi;dana_desa;area_intervensi;indikator;sub_indikator;tgl_lapor;"
    "tgl_verif;rk;bobot_subindikator;bobot_indikator;bobot_area_intervensi;nilai;"
    "nilai_verifikasi;nilai_subindikator;nilai_indikator;nilai_area"
)
PROV = "Kalimantan Selatan;Pemerintah Provinsi Kalimantan Selatan;0"
BANJAR = "Kalimantan Selatan;Kab. Banjar;1"
WHEN = "2021-06-30 10:15:00;15/07/2021;-"
# Pemprov Kalsel, weights and values chosen so the chain has to round:
# PBJ (60 %): 3.1 (40 %) = 70 % × 80 + 30 % × 55,5 = 72,65 verified (100, 90 → 97 self)
#             3.2 (60 %) = 100 % × 75 = 75 verified (80 self)
#             area = 0,4 × 72,65 + 0,6 × 75 = 74,06 verified; 0,4 × 97 + 0,6 × 80 = 86,8 self
# "Manajemen Aset Daerah" (the old name of BMD, 40 %), named without codes:
#             indicator (100 %) = 50 % × 90 + 50 % × 33,3 = 61,65 verified; 82,75 self
# total verified = 0,6 × 74,06 + 0,4 × 61,65 = 69,096 → 69,10
# total self     = 0,6 × 86,8  + 0,4 × 82,75 = 85,18
ROWS = [
    f"{PROV};Pengadaan Barang dan Jasa;3.1 Perencanaan Pengadaan;3.1.1 RUP diumumkan;{WHEN};"
    "70;40;60;100;80;56;;",
    f"{PROV};Pengadaan Barang dan Jasa;3.1 Perencanaan Pengadaan;3.1.2 Pokja mandiri;{WHEN};"
    "30;40;60;90;55,5;16,65;;",
    HEADER,  # pasted extracts repeat the header
    f"{PROV};Pengadaan Barang dan Jasa;3.2. Pelaksanaan Pengadaan;3.2.1 E-katalog;{WHEN};"
    "100;60;60;80;75;75;;",
    f"{PROV};Manajemen Aset Daerah;Penatausahaan BMD;Rekonsiliasi aset;{WHEN};"
    "50;100;40;95,5;90;45;;",
    f"{PROV};Manajemen Aset Daerah;Penatausahaan BMD;Sertifikasi tanah;{WHEN};"
    "50;100;40;70;33,3;16,65;;",
    f"{BANJAR};Pengadaan Barang dan Jasa;3.1 Perencanaan Pengadaan;3.1.1 RUP diumumkan;"
    f"{WHEN};70;40;60;60;40;28;;",
    "Kalimantan Selatan;Kabupaten Entah Berantah;1;Pengadaan Barang dan Jasa;"
    f"3.1 Perencanaan Pengadaan;3.1.1 RUP diumumkan;{WHEN};70;40;60;60;40;28;;",
]


def extract_rows(lines):
    cells = [line.split(";") for line in [HEADER, *lines]]
    table = table_from_cells(cells, jaga.COLUMNS, jaga.REQUIRED)
    return table


def imported(lines=ROWS):
    table = extract_rows(lines)
    plan = jaga.build_plan(2021, table.rows)
    assert plan.errors == []
    services.jaga_apply(plan=plan, by=None, reason="test")
    return plan


def test_the_extract_builds_the_catalogue_with_weights_and_stores_both_values(official_units):
    table = extract_rows(ROWS)
    assert table.repeated_headers == 1
    plan = jaga.build_plan(2021, table.rows)
    assert plan.unmatched == [(9, "Kabupaten Entah Berantah")]
    assert plan.counts["pemda"] == 2
    services.jaga_apply(plan=plan, by=None, reason="test")
    entries = {(e.level, e.code): e for e in CatalogueEntry.objects.filter(year=2021)}
    assert entries[("area", "mcp.pbj")].weight == 60
    assert entries[("area", "mcp.bmd")].weight == 40  # the old name found the area
    assert entries[("indicator", "3.2")].name == "Pelaksanaan Pengadaan"
    assert entries[("sub-indicator", "3.1.2")].weight == 30
    assert entries[("sub-indicator", "3.1.2")].parent.code == "3.1"
    # Named without codes: codes under the parent's.
    assert entries[("indicator", "bmd.1")].name == "Penatausahaan BMD"
    assert entries[("sub-indicator", "bmd.1.2")].name == "Sertifikasi tanah"
    value = SubIndicatorValue.objects.get(
        pemda=official_units["kalsel"], sub_indicator=entries[("sub-indicator", "3.1.2")]
    )
    assert (value.value, value.verified_value) == (D(90), D("55.5"))
    assert value.reported_on == datetime.date(2021, 6, 30)
    assert value.verified_on == datetime.date(2021, 7, 15)
    banjar = SubIndicatorValue.objects.get(pemda=official_units["banjar"])
    assert (banjar.value, banjar.verified_value) == (D(60), D(40))


def test_the_overview_shows_the_chains_totals_to_two_decimals(
    official_units, inspektorat_user, as_user
):
    imported()
    page = as_user(inspektorat_user).get("/mcp/2021/?pemda=kalsel").content.decode()
    assert 'data-testid="verified">69,10<' in page
    assert 'data-testid="self-assessed">85,18<' in page
    assert 'data-testid="equal-weights"' not in page


def test_importing_the_same_extract_again_changes_nothing(official_units):
    imported()
    history = SubIndicatorValue.history.count(), CatalogueEntry.history.count()
    plan = jaga.build_plan(2021, extract_rows(ROWS).rows)
    assert plan.counts["new_values"] == plan.counts["changed_values"] == 0
    assert plan.counts["unchanged_values"] == 6
    assert plan.shown_entries == []
    services.jaga_apply(plan=plan, by=None, reason="again")
    assert (SubIndicatorValue.history.count(), CatalogueEntry.history.count()) == history


def test_a_revised_value_and_weight_are_shown_and_stored(official_units):
    imported()
    revised = list(ROWS)
    revised[0] = ROWS[0].replace(";100;80;56", ";100;85;56")
    revised[3] = ROWS[3].replace(";100;60;60;", ";100;65;60;")
    plan = jaga.build_plan(2021, extract_rows(revised).rows)
    assert [(p.code, p.old_weight, p.weight) for p in plan.shown_entries] == [
        ("3.2", D(60), D(65))
    ]
    assert plan.counts["changed_values"] == 1
    services.jaga_apply(plan=plan, by=None, reason="revisi")
    assert CatalogueEntry.objects.get(year=2021, code="3.2", level="indicator").weight == 65


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (ROWS[0].replace("Pengadaan Barang dan Jasa", "Area Entah"), "Area Entah"),
        (ROWS[0].replace(";100;80;56", ";100;180;56"), "180"),
        (ROWS[0].replace("15/07/2021", "kemarin"), "kemarin"),
        (ROWS[1].replace(";30;40;", ";30;50;"), "bobot_indikator"),
        (ROWS[1].replace("3.1.2 Pokja mandiri", "3.1.1 RUP diumumkan"), "3.1.1"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(official_units, bad, message):
    plan = jaga.build_plan(2021, extract_rows([ROWS[0], bad]).rows)
    assert len(plan.errors) == 1 and message in plan.errors[0][1]
    with pytest.raises(Exception, match="nothing was imported|tidak ada yang diimpor"):
        services.jaga_apply(plan=plan, by=None, reason="x")
    assert not CatalogueEntry.objects.exists()
    assert not SubIndicatorValue.objects.exists()


def test_pemda_names_match_with_aliases(official_units):
    lookup = jaga.pemda_lookup()
    for name, code in [
        ("Pemerintah Provinsi Kalimantan Selatan", "kalsel"),
        ("Provinsi Kalimantan Selatan", "kalsel"),
        ("Pemprov Kalsel", "kalsel"),
        ("Kabupaten Banjar", "banjar"),
        ("Kab. Hulu Sungai Selatan", "hulu-sungai-selatan"),
        ("Kab HSS", "hulu-sungai-selatan"),
        ("Kota Banjarbaru", "banjarbaru"),
        ("Pemkot  Banjarmasin", "banjarmasin"),
    ]:
        assert jaga.match_pemda(lookup, name, "").code == code, name
    assert jaga.match_pemda(lookup, "Kabupaten Entah", "") is None


def write_extract(tmp_path, lines):
    path = tmp_path / "jaga.csv"
    path.write_text("\n".join([HEADER, *lines]), encoding="utf-8")
    return str(path)


def test_the_command_imports_and_reports_rows_without_a_pemda(official_units, tmp_path, capsys):
    call_command("import_jaga", write_extract(tmp_path, ROWS), "--year", "2021")
    captured = capsys.readouterr()
    assert "Kabupaten Entah Berantah" in captured.err
    assert SubIndicatorValue.objects.count() == 6


def test_the_command_refuses_a_file_with_an_error(official_units, tmp_path):
    bad = [ROWS[0].replace(";100;80;56", ";100;abc;56")]
    with pytest.raises(CommandError):
        call_command("import_jaga", write_extract(tmp_path, bad), "--year", "2021")
    assert not SubIndicatorValue.objects.exists()


def test_the_page_previews_then_imports(official_units, inspektorat_user, as_user):
    client = as_user(inspektorat_user)
    upload = SimpleUploadedFile("jaga.csv", "\n".join([HEADER, *ROWS]).encode(), "text/csv")
    response = client.post(reverse("workbook:jaga_upload", args=[2021]), {"file": upload})
    draft = ImportDraft.objects.get(kind="jaga")
    assert response.url == reverse("workbook:import_preview", args=[draft.token])
    preview = client.get(response.url).content.decode()
    assert "Kabupaten Entah Berantah" in preview
    # Levels in the reader's language, not their stored values.
    assert "<td>Subindikator</td>" in preview and "<td>Indikator</td>" in preview
    assert "<td>sub-indicator</td>" not in preview
    assert not SubIndicatorValue.objects.exists()
    done = client.post(reverse("workbook:import_apply", args=[draft.token]))
    assert done.status_code == 302
    assert SubIndicatorValue.objects.count() == 6
    assert not ImportDraft.objects.exists()


def test_the_page_refuses_a_file_without_the_columns(official_units, inspektorat_user, as_user):
    upload = SimpleUploadedFile("jaga.csv", b"a;b\n1;2\n", "text/csv")
    response = as_user(inspektorat_user).post(
        reverse("workbook:jaga_upload", args=[2021]), {"file": upload}
    )
    assert response.status_code == 400
    assert not ImportDraft.objects.exists()
