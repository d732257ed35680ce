import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from scores import services
from scores.models import Score
from tests.scores.transfer.spreadsheets import fast_password_hashing, preview  # noqa: F401 - fixture


@pytest.fixture
def scores(official_units, indicators):
    """Values for the province, one SKPD below it, and the national benchmark."""

    def put(unit, code, year, value, **extra):
        services.score_set(
            unit=official_units[unit],
            indicator=indicators[code],
            year=year,
            value=Decimal(value),
            by=None,
            **extra,
        )

    put("kalsel", "mcp", 2023, "84.73", as_of=datetime.date(2024, 1, 18), source="Sekda")
    put("kalsel", "mcp", 2022, "86", note='=HYPERLINK("http://x")', source="-catatan")
    put("kalsel", "mcp.pbj", 2023, "61.5", status="progress")
    put("bpkad", "mcp", 2023, "80.25", source="@bpkad")
    put("nasional", "ipak", 2023, "3.92")
    services.target_set(
        unit=official_units["kalsel"],
        indicator=indicators["mcp"],
        year=2023,
        value=Decimal("90"),
        by=None,
    )
    return official_units


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def keys(rows) -> set[tuple[str, str, str]]:
    return {(row[0], row[2], row[4]) for row in rows[1:]}


# Who may export


def test_anonymous_users_go_to_the_login(client, db):
    for url in ("/export/", "/export/scores.csv", "/export/scores.xlsx"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("fixture", ["inspektorat_user", "pimpinan_user", "superuser"])
def test_inspektorat_pimpinan_and_superusers_export_every_unit(request, as_user, scores, fixture):
    client = as_user(request.getfixturevalue(fixture))
    page = client.get("/export/")
    assert page.status_code == 200
    assert 'href="/export/"' in page.content.decode()  # the nav link "Ekspor"
    rows = csv_rows(client.get("/export/scores.csv"))
    assert keys(rows) == {
        ("kalsel", "mcp", "2022"),
        ("kalsel", "mcp", "2023"),
        ("kalsel", "mcp.pbj", "2023"),
        ("bpkad", "mcp", "2023"),
        ("nasional", "ipak", "2023"),
    }


def test_pimpinan_sees_export_but_not_import_in_the_menu(as_user, pimpinan_user, scores):
    text = as_user(pimpinan_user).get("/export/").content.decode()
    assert ">Ekspor</a>" in text
    assert ">Impor</a>" not in text


def test_an_skpd_head_exports_only_the_units_they_head(as_user, kepala_bpkad, scores):
    client = as_user(kepala_bpkad)
    assert keys(csv_rows(client.get("/export/scores.csv"))) == {("bpkad", "mcp", "2023")}
    workbook = load_workbook(io.BytesIO(client.get("/export/scores.xlsx").content))
    assert [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == ["bpkad"]
    assert client.get("/export/scores.csv?unit=kalsel").status_code == 400


def test_a_user_without_a_role_may_not_export(client, scores):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("tamu"))
    assert client.get("/export/").status_code == 403
    assert client.get("/export/scores.csv").status_code == 403


def test_export_refuses_post(as_user, inspektorat_user, scores):
    assert as_user(inspektorat_user).post("/export/scores.csv").status_code == 405


def test_bad_filters_show_the_form_with_errors(as_user, inspektorat_user, scores):
    client = as_user(inspektorat_user)
    for query in ("year=abc", "year=1999", "unit=tidak-ada", "indicator=mcp.foo"):
        response = client.get(f"/export/scores.csv?{query}")
        assert response.status_code == 400, query
        assert 'role="alert"' in response.content.decode()


# Filters and format


def test_filters_select_year_unit_subtree_and_indicator(as_user, inspektorat_user, scores):
    client = as_user(inspektorat_user)
    by_unit = csv_rows(client.get("/export/scores.csv?unit=kalsel"))
    assert keys(by_unit) == {
        ("kalsel", "mcp", "2022"),
        ("kalsel", "mcp", "2023"),
        ("kalsel", "mcp.pbj", "2023"),
        ("bpkad", "mcp", "2023"),
    }
    narrow = client.get("/export/scores.csv?unit=kalsel&year=2023&indicator=mcp")
    assert keys(csv_rows(narrow)) == {("kalsel", "mcp", "2023"), ("bpkad", "mcp", "2023")}
    assert 'filename="nilai-kalsel-mcp-2023.csv"' in narrow["Content-Disposition"]


def test_the_csv_is_streamed_with_decimal_commas_and_escaped_formulas(
    as_user, inspektorat_user, scores
):
    response = as_user(inspektorat_user).get("/export/scores.csv?unit=kalsel&indicator=mcp")
    assert response.streaming
    rows = csv_rows(response)
    assert rows[0] == [
        "kode_unit",
        "nama_unit",
        "indikator",
        "nama_indikator",
        "tahun",
        "nilai",
        "target",
        "status",
        "per_tanggal",
        "sumber",
        "catatan",
    ]
    by_year = {row[4]: row for row in rows[1:] if row[0] == "kalsel"}
    assert by_year["2023"][5:10] == ["84,73", "90,00", "final", "2024-01-18", "Sekda"]
    assert by_year["2022"][5] == "86,00"
    assert by_year["2022"][9] == "'-catatan"
    assert by_year["2022"][10] == '\'=HYPERLINK("http://x")'


def test_the_xlsx_has_numbers_formats_a_frozen_header_and_escaped_text(
    as_user, inspektorat_user, scores
):
    response = as_user(inspektorat_user).get("/export/scores.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("Pemerintah Provinsi Kalimantan Selatan")
    rows = {(r[0].value, r[2].value, r[4].value): r for r in sheet.iter_rows(min_row=2)}
    kalsel_2023 = rows[("kalsel", "mcp", 2023)]
    assert kalsel_2023[5].value == pytest.approx(84.73)
    assert kalsel_2023[5].number_format == "#,##0.00"
    assert kalsel_2023[6].value == 90
    assert kalsel_2023[8].value == datetime.datetime(2024, 1, 18)
    ipak = rows[("nasional", "ipak", 2023)]
    assert ipak[5].value == pytest.approx(3.92)
    kalsel_2022 = rows[("kalsel", "mcp", 2022)]
    assert kalsel_2022[10].value == '\'=HYPERLINK("http://x")'
    assert kalsel_2022[10].data_type == "s"
    assert rows[("bpkad", "mcp", 2023)][9].value == "'@bpkad"


def test_the_csv_export_takes_the_same_queries_whatever_its_size(
    as_user, inspektorat_user, scores, indicators, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    with django_assert_max_num_queries(7):
        assert len(csv_rows(client.get("/export/scores.csv"))) == 6
    kalsel = scores["kalsel"]
    for year in range(2000, 2020):
        services.score_set(
            unit=kalsel, indicator=indicators["iin"], year=year, value=Decimal(70), by=None
        )
    with django_assert_max_num_queries(7):
        assert len(csv_rows(client.get("/export/scores.csv"))) == 26


# Round trip: an export re-imports unchanged


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_re_imports_with_every_row_unchanged(
    as_user, inspektorat_user, scores, extension
):
    client = as_user(inspektorat_user)
    response = client.get(f"/export/scores.{extension}")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    before = list(Score.objects.order_by("pk").values())

    page, _ = preview(client, SimpleUploadedFile(f"ekspor.{extension}", content))

    text = page.content.decode()
    assert '<span class="n">5</span> tidak berubah' in text
    assert '<span class="n">0</span> ditolak' in text
    assert '<span class="n">0</span> berubah' in text
    assert list(Score.objects.order_by("pk").values()) == before
