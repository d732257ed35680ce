"""Whatever staff type or upload: never a 500, never a partial write, always a message.

Hypothesis drives the grid cell, the per-unit form and the import (parser and pages)
with random text, huge and tiny numbers, NaN and Infinity, non-ASCII digits, formulas
and very long strings; fixed cases cover files that are too big, not what their name
says, zip bombs and absurdly wide CSVs.

Each example runs inside its own rolled-back transaction, so the function-scoped
fixtures (users, units) stay valid across examples: that is why the
function_scoped_fixture health check is suppressed.
"""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scores import services
from scores.models import ImportDraft, ImportEvent, Score
from scores.transfer.spreadsheet import MAX_FILE_BYTES, FileRefused, read_upload
from scores.values import parse_value, validate_value
from tests.scores.entry.support import cell_key, save_score

HTMX = {"HTTP_HX_REQUEST": "true"}
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = st.sampled_from(
    [
        "NaN",
        "nan",
        "-NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        "1e999",
        "1E-999",
        "0x10",
        "١٢٣",  # Arabic-Indic digits
        "٨٤٫٧٣",
        "８４,７３",  # full-width
        "८४.७३",  # Devanagari
        "𝟖𝟒",  # mathematical bold digits
        "=1+1",
        '=HYPERLINK("http://x","y")',
        "+84",
        "-0",
        "@SUM(A1:A9)",
        "84,73",
        "1.000,5",
        "1,000.5",
        "84,,73",
        "84.73.1",
        "\u221284",  # minus sign
        "\x00",
        "84\x00",
        " ",
        "%",
        "<script>alert(1)</script>",
        "'; DROP TABLE scores_score; --",
    ]
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda f: f"{f:.12f}".replace(".", ",")),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
OTHER_DIGITS = st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=8)
FORMULAS = st.builds(lambda sign, rest: sign + rest, st.sampled_from("=+-@"), st.text(max_size=20))
LONG = st.one_of(
    st.integers(min_value=33, max_value=100_000).map(lambda n: "9" * n),
    st.integers(min_value=256, max_value=20_000).map(lambda n: "é" * n),
)
CELL_TEXT = st.one_of(st.text(max_size=40), NUMBERS, OTHER_DIGITS, FORMULAS, LONG, TRICKY)


@pytest.fixture
def inspector(as_user, inspektorat_user):
    return as_user(inspektorat_user)


@pytest.fixture
def bpkad(official_units):
    return official_units["bpkad"]


def scores_snapshot() -> dict:
    return {
        (s.unit_id, s.indicator_id, s.year): (s.value, s.version, s.note, s.source)
        for s in Score.objects.all()
    }


def accepted_value(indicator, text: str) -> Decimal | None:
    """The value the services should store for this text, or None when it is refused."""
    try:
        value = parse_value(text)
        return None if value is None else validate_value(indicator, value)
    except ValidationError:
        return None


def rolled_back(check):
    """Run one example in a transaction that is undone afterwards."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


# ---------------------------------------------------------------- the grid cell


@FUZZ
@given(text=CELL_TEXT)
def test_a_grid_cell_saves_exactly_what_it_says_or_gives_a_message(
    inspector, bpkad, indicators, text
):
    mcp = indicators["mcp"]
    key = cell_key(bpkad, mcp)

    def check():
        before = save_score(bpkad, mcp, 2023, "70", None)
        history = before.history.count()
        data = {
            f"v-{key}": text,
            f"ver-{key}": str(before.version),
            f"was-{key}": "",
            f"reason-{key}": "Koreksi",
        }
        response = inspector.post(f"/entry/2023/cell/{key}/", data, **HTMX)
        after = Score.objects.filter(pk=before.pk).first()
        if "\x00" in text:  # refused at the edge for every view (mcp_dashboard.lib.edge)
            assert response.status_code == 400
            assert after.value == Decimal("70") and after.history.count() == history
            return
        assert response.status_code == 200
        expected = accepted_value(mcp, text)
        if expected is not None:
            assert after.value == expected
            assert after.history.count() - history == (0 if expected == before.value else 1)
        else:
            assert 'class="cell-error"' in response.content.decode()
            assert after is not None and after.value == Decimal("70")
            assert after.history.count() == history

    rolled_back(check)


# ---------------------------------------------------------------- the per-unit form

DETAIL_TEXT = st.one_of(st.text(max_size=60), LONG, TRICKY, FORMULAS)
STATUS_TEXT = st.one_of(st.sampled_from(["final", "progress"]), st.text(max_size=12))
DATE_TEXT = st.one_of(
    st.dates().map(str), st.sampled_from(["18/01/2024", "2024-02-30", "9999-99-99"]), DETAIL_TEXT
)


@FUZZ
@given(value=CELL_TEXT, status=STATUS_TEXT, as_of=DATE_TEXT, source=DETAIL_TEXT, note=DETAIL_TEXT)
@example(value="80", status="progress", as_of="", source="Survei\x00", note="a\x00b")
@example(value="80", status="final", as_of="2024-02-30", source="", note="")
def test_the_unit_form_saves_every_cell_or_none(
    inspector, bpkad, indicators, value, status, as_of, source, note
):
    """A valid cell next to a fuzzed one: both are written, or neither."""
    good, fuzzed = indicators["iin"], indicators["mcp"]
    good_key, fuzzed_key = cell_key(bpkad, good), cell_key(bpkad, fuzzed)
    form = {
        f"v-{good_key}": "75,5",
        f"ver-{good_key}": "0",
        f"was-{good_key}": "",
        f"status-{good_key}": "progress",
        f"v-{fuzzed_key}": value,
        f"ver-{fuzzed_key}": "0",
        f"was-{fuzzed_key}": "",
        f"status-{fuzzed_key}": status,
        f"as_of-{fuzzed_key}": as_of,
        f"source-{fuzzed_key}": source,
        f"note-{fuzzed_key}": note,
    }

    def check():
        before = scores_snapshot()
        response = inspector.post(f"/entry/2023/unit/{bpkad.code}/", form)
        after = scores_snapshot()
        if any("\x00" in text for text in form.values()):  # refused at the edge
            assert response.status_code == 400 and after == before
            return
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert len(after) == len(before) + 2
            assert after[(bpkad.pk, fuzzed.pk, 2023)][0] == accepted_value(fuzzed, value)
        else:
            assert after == before
            assert 'role="alert"' in response.content.decode()

    rolled_back(check)


# ---------------------------------------------------------------- the import

UNIT_TEXT = st.one_of(st.sampled_from(["bpkad", "bappeda", "BPKAD ", "kalsel"]), CELL_TEXT)
YEAR_TEXT = st.one_of(st.sampled_from(["2022", "2023"]), CELL_TEXT)


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_upload(rows: list[list[str]]) -> SimpleUploadedFile:
    text = "\n".join(";".join(csv_cell(cell) for cell in row) for row in rows) + "\n"
    return SimpleUploadedFile("nilai.csv", text.encode("utf-8"), content_type="text/csv")


@FUZZ
@given(
    unit=UNIT_TEXT,
    year=YEAR_TEXT,
    value=CELL_TEXT,
    status=STATUS_TEXT,
    as_of=DATE_TEXT,
    source=DETAIL_TEXT,
    note=DETAIL_TEXT,
)
@example(unit="bpkad", year="2023", value="80", status="", as_of="", source="", note="a\x00b")
def test_an_import_applies_every_row_or_none(
    inspector, official_units, unit, year, value, status, as_of, source, note
):
    rows = [
        ["kode_unit", "indikator", "tahun", "nilai", "status", "per_tanggal", "sumber", "catatan"],
        ["dinkes", "iin", "2021", "70,5", "progress", "", "Survei", ""],
        [unit, "mcp", year, value, status, as_of, source, note],
    ]

    def check():
        before = scores_snapshot()
        events = ImportEvent.objects.count()
        response = inspector.post("/import/", {"file": csv_upload(rows)})
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert 'role="alert"' in response.content.decode()
            assert scores_snapshot() == before
            return
        assert inspector.get(response["Location"]).status_code == 200
        applied = inspector.post(response["Location"] + "apply/")
        assert applied.status_code == 302
        after = scores_snapshot()
        if ImportEvent.objects.count() == events:
            assert after == before
            assert list(applied.wsgi_request._messages)  # the reason, shown on the next page
        else:
            written = set(after.items()) - set(before.items())
            assert len(written) == 2

    rolled_back(check)


@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.lists(CELL_TEXT, max_size=6), max_size=6).map(
            lambda rows: "\n".join(",".join(row) for row in rows).encode("utf-8", "replace")
        ),
    ),
    name=st.sampled_from(["nilai.csv", "nilai.xlsx", "nilai.xls", "nilai.txt", "x.CSV"]),
)
def test_the_parser_reads_a_sheet_or_refuses_with_a_message(data, name):
    try:
        sheet = read_upload(SimpleUploadedFile(name, data))
    except FileRefused as refusal:
        assert refusal.message.strip()
    else:
        assert sheet.rows


def test_the_services_refuse_a_nul_character_in_any_text(bpkad, indicators):
    """PostgreSQL cannot store NUL: a forged request must get a message, not a 500."""
    where = {"unit": bpkad, "indicator": indicators["mcp"], "year": 2023, "by": None}
    for texts in ({"note": "a\x00"}, {"source": "\x00"}, {"reason": "x\x00"}):
        with pytest.raises(ValidationError, match="NUL"):
            services.score_set(**where, value=Decimal("80"), **texts)
    with pytest.raises(ValidationError, match="NUL"):
        services.year_lock(year=2023, by=None, reason="\x00")
    assert not Score.objects.exists()


# ---------------------------------------------------------------- hostile files


def zip_bomb() -> bytes:
    """A small .xlsx-looking zip whose sheet inflates to 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                sheet.write(chunk)
    return buffer.getvalue()


def wide_csv() -> bytes:
    header = ["kode_unit", "indikator", "tahun", "nilai"] + [f"x{n}" for n in range(99_996)]
    row = ["bpkad", "mcp", "2023", "80"] + ["1"] * 99_996
    return (",".join(header) + "\n" + ",".join(row) + "\n").encode()


HOSTILE_FILES = {
    "10 MB": ("nilai.csv", lambda: b"kode_unit,indikator,tahun,nilai\n" + b"9" * 10 * 2**20),
    "binary named .xlsx": ("nilai.xlsx", lambda: bytes(range(256)) * 64),
    "zip bomb": ("nilai.xlsx", zip_bomb),
    "100 000 columns": ("nilai.csv", wide_csv),
    "NUL deep in a CSV": (
        "nilai.csv",
        lambda: (
            b"kode_unit,indikator,tahun,nilai,catatan\n"
            + b"bpkad,mcp,2023,80,x\n" * 500
            + b"bpkad,mcp,2022,80,\x00\n"
        ),
    ),
}


@pytest.mark.parametrize("kind", HOSTILE_FILES)
def test_a_hostile_file_is_refused_with_a_message_and_nothing_written(inspector, kind, bpkad):
    name, content = HOSTILE_FILES[kind]
    data = content()
    if kind == "zip bomb":
        assert len(data) < MAX_FILE_BYTES
    response = inspector.post("/import/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="error" role="alert">' in page
    assert Score.objects.filter(unit=bpkad).count() == 0
    assert ImportDraft.objects.count() == 0 and ImportEvent.objects.count() == 0
