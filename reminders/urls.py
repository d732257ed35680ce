"""Addresses of the reminders app's pages, under /mcp/ beside the workbook's."""

from django.urls import path

from reminders.views import calendar, outbox, report, timeline, todo

app_name = "reminders"

urlpatterns = [
    path("mcp/<int:year>/kalender/ringkas/", timeline.timeline_fragment, name="timeline"),
    path("mcp/<int:year>/laporan/", report.report_page, name="report"),
    path("mcp/<int:year>/laporan.pdf", report.report_pdf_file, name="report_pdf"),
    path("mcp/<int:year>/laporan.xlsx", report.report_xlsx_file, name="report_xlsx"),
    path("tugas/", todo.todo, name="todo"),
    path("mcp/<int:year>/kalender/", calendar.calendar, name="calendar"),
    path("mcp/<int:year>/kalender/tonggak/", calendar.milestone_add, name="milestone_add"),
    path("mcp/kalender/tonggak/<int:pk>/", calendar.milestone_edit, name="milestone_edit"),
    path(
        "mcp/kalender/tonggak/<int:pk>/hapus/",
        calendar.milestone_delete,
        name="milestone_delete",
    ),
    path("mcp/kalender/tonggak/<int:pk>/tenggat/", calendar.deadline_add, name="deadline_add"),
    path("mcp/kalender/tenggat/<int:pk>/", calendar.deadline_edit, name="deadline_edit"),
    path("mcp/kalender/tenggat/<int:pk>/hapus/", calendar.deadline_delete, name="deadline_delete"),
    path("mcp/pengingat/kotak-keluar/", outbox.outbox, name="outbox"),
]
