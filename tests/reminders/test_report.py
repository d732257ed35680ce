"""Issue 15, item 4: the weekly coordination report as of a past day, from the history,
in its three forms (page, PDF, xlsx); refused dates; the pinned query count."""

import datetime
import io

import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.report import report
from skpd.models import Unit
from tests.workbook.conftest import PDF_BYTES
from workbook import services, synthetic
from workbook.models import DocumentRecord

pytestmark = pytest.mark.django_db
REPORT_QUERIES = 9  # pinned: raise only with a reason in the commit

OPENED = datetime.date(2025, 6, 2)
# The day each state was reached in the story below.
STEP_DAYS = {
    "submit": datetime.date(2025, 9, 1),
    "accept": datetime.date(2025, 9, 3),
    "upload": datetime.date(2025, 9, 10),
    "kpk-accept": datetime.date(2025, 10, 20),
    "kpk-reject": datetime.date(2025, 9, 22),
}
REJECT_NOTE = "Bukan dokumen tahun berjalan"


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def walk(record: DocumentRecord, steps: list[str], note: str = "") -> None:
    """Upload a file and take the steps; then date the history as the story says."""
    services.document_file_upload(
        record=record, uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES), by=None
    )
    done = DocumentRecord.history.filter(id=record.pk).count()
    for step in steps:
        record.refresh_from_db()
        services.document_step(
            record=record, step=step, by=None, note=note if step == "kpk-reject" else ""
        )
    rows = list(DocumentRecord.history.filter(id=record.pk).order_by("history_id"))
    for index, row in enumerate(rows):
        day = OPENED if index < done else STEP_DAYS[steps[index - done]]
        DocumentRecord.history.filter(history_id=row.history_id).update(
            history_date=at(day) + datetime.timedelta(seconds=index)
        )


@pytest.fixture
def story(catalogue_2025, official_units):
    """7.1.1.1 (BPKAD) is uploaded to KPK on 10 September and accepted on 20 October;
    7.1.1.2 (BPKAD) is rejected on 22 September with a note; the rest stay missing."""
    kalsel = official_units["kalsel"]
    records = DocumentRecord.objects.filter(pemda=kalsel, document__year=2025)
    records.update(owner=official_units["bpkad"])
    DocumentRecord.history.filter(id__in=records.values("pk")).update(
        history_date=at(OPENED), owner=official_units["bpkad"]
    )
    walk(records.get(document__code="7.1.1.1"), ["submit", "accept", "upload", "kpk-accept"])
    walk(
        records.get(document__code="7.1.1.2"),
        ["submit", "accept", "upload", "kpk-reject"],
        REJECT_NOTE,
    )
    return kalsel


def line_of(data, code):
    return next(line for line in data.opds if line.code == code)


def test_a_past_day_shows_that_days_states(story):
    before = report(story, 2025, datetime.date(2025, 10, 1))
    bpkad = line_of(before, "bpkad")
    assert bpkad.now.counts["diterima"] == 0  # accepted on 20 October: not yet
    assert bpkad.now.counts["diunggah"] == 1
    assert bpkad.before.counts["diunggah"] == 1  # 24 September: already uploaded
    assert [item.code for item in before.rejected] == ["7.1.1.2"]
    assert before.rejected[0].note == REJECT_NOTE
    assert before.previous == datetime.date(2025, 9, 24)

    after = report(story, 2025, datetime.date(2025, 10, 31), datetime.date(2025, 10, 1))
    bpkad = line_of(after, "bpkad")
    assert bpkad.now.counts["diterima"] == 1
    assert bpkad.accepted_change == 1
    assert after.estimates.verified > before.estimates.verified


def test_documents_open_after_their_due_date_are_overdue_with_their_days(story):
    # The calendar's 2025 due date for OPD documents is 16 November (migration 0002).
    data = report(story, 2025, datetime.date(2025, 11, 20))
    overdue = {item.code: item.overdue_days for item in data.overdue}
    assert overdue["7.1.2.1"] == 4
    assert "7.1.1.1" not in overdue  # accepted
    assert data.rejected[0].overdue_days == 4  # rejected, listed once, with its days
    assert [e.date for e in data.deadlines] == [datetime.date(2025, 11, 30)]


def test_a_document_opened_after_the_day_does_not_count(story):
    data = report(story, 2025, datetime.date(2025, 5, 31))
    assert data.opds == [] and data.total.now.total == 0


def report_url(name: str, **query) -> str:
    return (
        reverse(f"reminders:{name}", args=[2025])
        + "?"
        + "&".join(f"{key}={value}" for key, value in {"pemda": "kalsel", **query}.items())
    )


def test_the_page_shows_the_days_states_in_indonesian(story, as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    page = client.get(report_url("report", per="2025-10-01")).content.decode()
    assert "1 Oktober 2025" in page and "24 September 2025" in page
    assert REJECT_NOTE in page
    assert 'data-testid="accepted-total">0,0 %' in page
    later = client.get(report_url("report", per="2025-10-31")).content.decode()
    assert 'data-testid="accepted-total">25,0 %' in later  # 1 of the 4 documents


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_carries_the_days_states(story, as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    response = client.get(report_url("report_pdf", per="2025-10-01"))
    assert response["Content-Type"] == "application/pdf"
    assert "laporan-mcp-kalsel-2025-20251001.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "1 Oktober 2025" in text and REJECT_NOTE in text
    assert "Diterima" in text
    # The total row (4 documents): 1 delivered (25 %), none accepted on 1 October; the
    # accepted one counts on 31 October.
    assert total_row(text) == ["2", "0", "0", "0", "1", "0", "1", "25,0 %", "0,0 %"]
    later = pdf_text(client.get(report_url("report_pdf", per="2025-10-31")).content)
    assert total_row(later)[5] == "1" and total_row(later)[-1] == "25,0 %"
    assert "31 Oktober 2025" in later


def total_row(text: str) -> list[str]:
    """The total row's seven counts, share fulfilled and share accepted."""
    cells = text.split("\nJumlah\n", 1)[1].split("\n")[:11]
    return [*cells[:8], cells[9]]


def opd_rows(content: bytes) -> dict[str, dict[str, object]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    return {row[0]: dict(zip(head, row, strict=True)) for row in rows[1:]}


def test_the_xlsx_carries_the_days_states(story, as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    response = client.get(report_url("report_xlsx", per="2025-10-01"))
    assert response["Content-Disposition"].endswith('laporan-mcp-kalsel-2025-20251001.xlsx"')
    rows = opd_rows(response.content)
    assert rows["BPKAD"]["Diterima KPK"] == 0 and rows["BPKAD"]["Diunggah ke KPK"] == 1
    later = opd_rows(client.get(report_url("report_xlsx", per="2025-10-31")).content)
    assert later["BPKAD"]["Diterima KPK"] == 1
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rejected = list(book.worksheets[2].iter_rows(values_only=True))
    assert rejected[1][0] == "7.1.1.2" and rejected[1][-1] == REJECT_NOTE
    summary = book.worksheets[0]
    assert summary["B2"].value == datetime.datetime(2025, 10, 1)


@pytest.mark.parametrize("name", ["report", "report_pdf", "report_xlsx"])
@pytest.mark.parametrize(
    "query, message",
    [
        ({"per": "2025-13-45"}, "18/01/2026"),
        ({"per": "kemarin"}, "18/01/2026"),
        ({"per": "2999-01-01"}, "2000"),
        ({"per": "2100-01-01"}, "sampai hari ini"),
        ({"per": "2025-10-01", "sebelum": "2025-10-01"}, "sebelum"),
    ],
)
def test_refused_dates_answer_400_with_a_message(
    story, as_user, inspektorat_user, name, query, message
):
    response = as_user(inspektorat_user).get(report_url(name, **query))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_the_overview_offers_the_report_in_three_forms(story, as_user, inspektorat_user):
    page = as_user(inspektorat_user).get(
        reverse("workbook:overview", args=[2025]) + "?pemda=kalsel&per=2025-10-01"
    )
    html = page.content.decode()
    for name in ("report", "report_pdf", "report_xlsx"):
        url = reverse(f"reminders:{name}", args=[2025])
        assert f"{url}?pemda=kalsel&amp;per=2025-10-01" in html


def test_the_report_reads_a_fixed_number_of_queries(official_units):
    kalsel = official_units["kalsel"]
    opds = list(Unit.objects.filter(parent=kalsel, level=Unit.Level.SKPD).order_by("code"))
    counted = []
    for year, opd_count, documents in ((2025, 2, 12), (2024, 6, 60)):
        catalogue = synthetic.build_catalogue(year, documents)
        synthetic.open_workbook(kalsel, year, opds[:opd_count], catalogue)
        with CaptureQueriesContext(connection) as captured:
            report(kalsel, year, datetime.date(year, 7, 1))
        counted.append(len(captured))
    assert counted == [REPORT_QUERIES, REPORT_QUERIES]
