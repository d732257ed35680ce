"""Addresses of the reminders app's pages, under /mcp/ beside the workbook's."""

from django.urls import path

from reminders.views import report, timeline

app_name = "reminders"

urlpatterns = [
    path("mcp/<int:year>/kalender/ringkas/", timeline.timeline_fragment, name="timeline"),
    path("mcp/<int:year>/laporan/", report.report_page, name="report"),
    path("mcp/<int:year>/laporan.pdf", report.report_pdf_file, name="report_pdf"),
    path("mcp/<int:year>/laporan.xlsx", report.report_xlsx_file, name="report_xlsx"),
]
