"""The weekly coordination report in its three forms: a printable page, a PDF file and
an xlsx workbook, each from the same reading (reminders.report.report)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET

from reminders import report_pdf, report_xlsx
from reminders.access import VIEW_REPORT
from reminders.forms import ReportForm
from reminders.report import Report, report
from skpd.access import role_required
from workbook.views import pemda_for, year_or_404

PDF_CONTENT_TYPE = "application/pdf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read(request: HttpRequest, year: int) -> tuple[ReportForm, Report] | HttpResponse:
    """The form of the query string and the report it asks for; for refused dates, the
    page with the form's messages and status 400 (nothing is read). Http404 for an
    unknown year or pemda."""
    year = year_or_404(year)
    pemda = pemda_for(request)
    form = ReportForm(request.GET)
    if not form.is_valid():
        context = {"year": year, "form": form, "data": None, "pemda": pemda}
        return render(request, "reminders/report.html", context, status=400)
    as_of = form.cleaned_data["per"] or timezone.localdate()
    return form, report(pemda, year, as_of, form.cleaned_data["sebelum"])


def query(data: Report) -> str:
    """The query string naming the report (pemda and both days), for its other forms."""
    return urlencode(
        {
            "pemda": data.pemda.code,
            "per": data.as_of.isoformat(),
            "sebelum": data.previous.isoformat(),
        }
    )


def file_stem(data: Report) -> str:
    return f"laporan-mcp-{data.pemda.code}-{data.year}-{data.as_of:%Y%m%d}"


@require_GET
@role_required(VIEW_REPORT)
def report_page(request: HttpRequest, year: int) -> HttpResponse:
    found = read(request, year)
    if isinstance(found, HttpResponse):
        return found
    form, data = found
    context = {
        "year": data.year,
        "form": form,
        "data": data,
        "pemda": data.pemda,
        "query": query(data),
        "printed": timezone.localtime(),
    }
    return render(request, "reminders/report.html", context)


@require_GET
@role_required(VIEW_REPORT)
def report_pdf_file(request: HttpRequest, year: int) -> HttpResponse:
    found = read(request, year)
    if isinstance(found, HttpResponse):
        return found
    _form, data = found
    content = report_pdf.render(data, printed=timezone.localtime(), source=page_url(request, data))
    return attachment(content, PDF_CONTENT_TYPE, f"{file_stem(data)}.pdf")


@require_GET
@role_required(VIEW_REPORT)
def report_xlsx_file(request: HttpRequest, year: int) -> HttpResponse:
    found = read(request, year)
    if isinstance(found, HttpResponse):
        return found
    _form, data = found
    content = report_xlsx.render(data, printed=timezone.localtime())
    return attachment(content, XLSX_CONTENT_TYPE, f"{file_stem(data)}.xlsx")


def page_url(request: HttpRequest, data: Report) -> str:
    return request.build_absolute_uri(
        f"{reverse('reminders:report', args=[data.year])}?{query(data)}"
    )


def attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
