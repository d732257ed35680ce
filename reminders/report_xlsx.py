"""The coordination report as an xlsx workbook (XlsxWriter, already a dependency for
the score exports): a summary sheet (days, scores, next deadlines), one row per OPD,
and the rejected and overdue documents with their notes.

Numbers are numbers (a spreadsheet shows them with the reader's decimal comma), dates
are dates formatted "d mmmm yyyy", and text a spreadsheet would run as a formula is
quoted (`scores.transfer.spreadsheet.escape_text`, as in the score exports).
"""

import datetime
import io

import xlsxwriter
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reminders.report import Item, OpdLine, Report
from scores.transfer.spreadsheet import escape_text

DATE = "d mmmm yyyy"


def render(data: Report, *, printed: datetime.datetime) -> bytes:
    """The report as xlsx bytes; `printed` (aware) is written in WITA."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "bg_color": "#ECEFF1", "text_wrap": True}),
        "date": book.add_format({"num_format": DATE, "align": "left"}),
        "score": book.add_format({"num_format": "0.00"}),
        "percent": book.add_format({"num_format": "0.0"}),
        "signed": book.add_format({"num_format": "+0.0;-0.0;0.0"}),
        "signed_int": book.add_format({"num_format": "+0;-0;0"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    summary_sheet(book, data, formats, printed)
    opd_sheet(book, data, formats)
    items_sheet(book, _("Rejected"), data.rejected, formats)
    items_sheet(book, _("Overdue"), data.overdue, formats)
    book.close()
    return out.getvalue()


def text(value: str) -> str:
    return escape_text(value or "")


def summary_sheet(book, data: Report, f, printed: datetime.datetime) -> None:
    sheet = book.add_worksheet(_("Summary"))
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 2, 20)
    title = _("MCP coordination report %(year)s · %(pemda)s") % {
        "year": data.year,
        "pemda": data.pemda.display_name,
    }
    sheet.write(0, 0, text(title), f["title"])
    sheet.write(1, 0, _("As of"), f["bold"])
    sheet.write_datetime(1, 1, data.as_of, f["date"])
    sheet.write(2, 0, _("Compared with"), f["bold"])
    sheet.write_datetime(2, 1, data.previous, f["date"])
    when = date_format(printed, "DATETIME_FORMAT")
    sheet.write(3, 0, _("Printed %(when)s WITA from the MCP dashboard.") % {"when": when})

    sheet.write_row(
        5, 0, [_("Scores"), day_label(data.as_of), day_label(data.previous)], f["head"]
    )
    now, before = data.estimates, data.estimates_before
    rows = [
        (
            _("Official MCP"),
            now.official and now.official.value,
            before.official and before.official.value,
        ),
        (f"{_('Verified so far')} ({_('estimate')})", now.verified, before.verified),
        (f"{_('Self-assessed')} ({_('estimate')})", now.self_assessed, before.self_assessed),
        (
            f"{_('If every submitted document is accepted')} ({_('estimate')})",
            now.if_accepted,
            before.if_accepted,
        ),
    ]
    for index, (label, value_now, value_before) in enumerate(rows, start=6):
        sheet.write(index, 0, label)
        write_number(sheet, index, 1, value_now, f["score"])
        write_number(sheet, index, 2, value_before, f["score"])

    row = 6 + len(rows) + 1
    sheet.write_row(row, 0, [_("Next deadlines"), _("Date")], f["head"])
    for entry in data.deadlines:
        row += 1
        label = entry.label + (f" ({_('internal')})" if entry.internal else "")
        sheet.write(row, 0, text(label))
        sheet.write_datetime(row, 1, entry.date, f["date"])
    if not data.deadlines:
        sheet.write(row + 1, 0, _("No further dates in the year's calendar."))


def day_label(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def write_number(sheet, row: int, column: int, value, style) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    else:
        sheet.write_number(row, column, float(value), style)


def opd_sheet(book, data: Report, f) -> None:
    sheet = book.add_worksheet(_("By OPD"))
    head = [
        _("OPD"),
        *(str(state.label) for state in data.states),
        _("Fulfilled (%)"),
        _("Change (points)"),
        _("Accepted by KPK (%)"),
        _("Change"),
    ]
    sheet.write_row(0, 0, head, f["head"])
    sheet.set_row(0, 45)
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, len(head) - 1, 12)
    sheet.freeze_panes(1, 1)
    for index, line in enumerate([*data.opds, data.total], start=1):
        opd_row(sheet, index, line, f, bold=line is data.total)


def opd_row(sheet, row: int, line: OpdLine, f, bold: bool) -> None:
    sheet.write(row, 0, text(_("Total") if bold else line.name), f["bold"] if bold else None)
    for column, count in enumerate(line.now.by_state, start=1):
        sheet.write_number(row, column, count)
    column = 1 + len(line.now.by_state)
    sheet.write_number(row, column, float(line.now.delivered_percent), f["percent"])
    sheet.write_number(row, column + 1, float(line.fulfilled_change), f["signed"])
    sheet.write_number(row, column + 2, float(line.now.accepted_percent), f["percent"])
    sheet.write_number(row, column + 3, line.accepted_change, f["signed_int"])


def items_sheet(book, title: str, items: list[Item], f) -> None:
    sheet = book.add_worksheet(title[:31])
    head = [_("Code"), _("Document"), _("OPD"), _("State"), _("Due"), _("Days late"), _("Note")]
    sheet.write_row(0, 0, head, f["head"])
    for column, width in enumerate([12, 50, 32, 22, 18, 10, 60]):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    for row, item in enumerate(items, start=1):
        sheet.write_string(row, 0, text(item.code))
        sheet.write_string(row, 1, text(item.name), f["wrap"])
        sheet.write_string(row, 2, text(item.opd))
        sheet.write_string(row, 3, text(item.state_label))
        if item.due:
            sheet.write_datetime(row, 4, item.due, f["date"])
        sheet.write_number(row, 5, item.overdue_days)
        sheet.write_string(row, 6, text(item.note), f["wrap"])
    if not items:
        sheet.write(1, 0, _("None."))
