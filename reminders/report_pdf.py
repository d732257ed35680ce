"""The coordination report as a PDF file (A4 landscape), written with ReportLab.

Why ReportLab: the issue asks for a PDF from a maintained library that installs from
the project's own dependencies on a fresh machine, with no system package at run time.
ReportLab (BSD, maintained since 2000) is a pure-Python wheel (its optional C
accelerator and renderers are extras we do not install; Pillow is its one binary
dependency, itself a wheel). Its `platypus` layer lays out tables that split across
pages with their header row repeated, which is most of this report. WeasyPrint was
ruled out because it needs Pango from the system; fpdf2 would also do, but its
core fonts are Latin-1 only (no "–"), where ReportLab's standard fonts use WinAnsi.

The text is the active language's (Indonesian unless the reader chose English), dates
"18 Januari 2026", numbers "84,73", times WITA. Text is extractable (standard fonts,
no images), which tests/reminders/test_report.py relies on.
"""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as Style

from reminders.report import Item, OpdLine, Report

PAGE = landscape(A4)
MARGIN = 12 * mm
GRID = colors.HexColor("#b0bec5")
HEAD = colors.HexColor("#eceff1")
LATE = colors.HexColor("#8e2a1f")


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=8, leading=10)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=15, alignment=0),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=11, spaceBefore=6),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7, leading=8.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7, leading=8.5),
        "num": ParagraphStyle("num", parent=body, fontSize=7, leading=8.5, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", parent=body, fontSize=7, leading=8.5, textColor=LATE),
    }


def day(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else "–"


def number(value, places: int = 2) -> str:
    """ "84,73": rounded half up, as the page's floatformat does."""
    if value is None:
        return "–"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return number_format(rounded, places, use_l10n=True)


def signed(value, places: int = 1) -> str:
    text = number(value, places)
    return f"+{text}" if value > 0 else text


def render(data: Report, *, printed: datetime.datetime, source: str = "") -> bytes:
    """The report as PDF bytes. `printed` (aware, shown in WITA) and `source` (the
    page's address) go in every page's footer."""
    out = io.BytesIO()
    title = _("MCP coordination report %(year)s · %(pemda)s") % {
        "year": data.year,
        "pemda": data.pemda.display_name,
    }
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author=_("Inspektorat Daerah"),
        lang="id",
    )
    s = styles()
    footer = footer_text(printed, source)

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 6.5)
        canvas.drawString(MARGIN, MARGIN - 2 * mm, footer)
        page = _("Page %(number)s") % {"number": doc.page}
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN - 2 * mm, page)
        canvas.restoreState()

    story = [
        Paragraph(escape(title), s["title"]),
        Paragraph(
            escape(
                _(
                    "As of %(day)s, compared with %(before)s. "
                    "States from the history of each document."
                )
                % {"day": day(data.as_of), "before": day(data.previous)}
            ),
            s["body"],
        ),
        Spacer(1, 3 * mm),
        KeepTogether(scores_section(data, s)),
        *opd_section(data, s),
        *items_section(_("Rejected by KPK"), data.rejected, s),
        *items_section(_("Overdue"), data.overdue, s),
        *deadlines_section(data, s),
    ]
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def footer_text(printed: datetime.datetime, source: str) -> str:
    when = date_format(printed, "DATETIME_FORMAT")
    text = _("Printed %(when)s WITA from the MCP dashboard of the Inspektorat Daerah.") % {
        "when": when
    }
    return f"{text} {source}".strip()


def table(rows: list[list], widths: list[float], numeric_from: int | None = None) -> Table:
    """A table with a shaded header row repeated on every page it spans."""
    grid = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if numeric_from is not None:
        commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    grid.setStyle(Style(commands))
    return grid


def scores_section(data: Report, s) -> list:
    now, before = data.estimates, data.estimates_before

    def official(estimates) -> str:
        return number(estimates.official.value) if estimates.official else "–"

    rows = [
        ["", day(data.as_of), day(data.previous)],
        [_("Official MCP"), official(now), official(before)],
        [
            f"{_('Verified so far')} ({_('estimate')})",
            number(now.verified),
            number(before.verified),
        ],
        [
            f"{_('Self-assessed')} ({_('estimate')})",
            number(now.self_assessed),
            number(before.self_assessed),
        ],
        [
            f"{_('If every submitted document is accepted')} ({_('estimate')})",
            number(now.if_accepted),
            number(before.if_accepted),
        ],
    ]
    note = _(
        "Estimates rebuild the score from sub-indicator values and weights; KPK does not "
        "publish its weights, so they are shown beside the official MCP, never instead of it."
    )
    if now.official:
        note = (
            _("Official MCP: %(status)s · %(source)s.")
            % {"status": now.official.get_status_display(), "source": now.official.source}
            + " "
            + note
        )
    return [
        Paragraph(escape(_("Scores")), s["h2"]),
        table(rows, [95 * mm, 35 * mm, 35 * mm], numeric_from=1),
        Paragraph(escape(note), s["small"]),
    ]


def opd_row(line: OpdLine, s, total: bool = False) -> list:
    name = escape(_("Total") if total else line.name)
    return [
        Paragraph(f"<b>{name}</b>" if total else name, s["cell"]),
        *line.now.by_state,
        f"{number(line.now.delivered_percent, 1)} %",
        signed(line.fulfilled_change),
        f"{number(line.now.accepted_percent, 1)} %",
        signed(line.accepted_change, 0),
    ]


def opd_section(data: Report, s) -> list:
    head = [
        _("OPD"),
        *(Paragraph(f"<b>{escape(str(state.label))}</b>", s["num"]) for state in data.states),
        Paragraph(f"<b>{escape(_('Fulfilled'))}</b>", s["num"]),
        Paragraph(f"<b>{escape(_('Change (points)'))}</b>", s["num"]),
        Paragraph(f"<b>{escape(_('Accepted by KPK'))}</b>", s["num"]),
        Paragraph(f"<b>{escape(_('Change'))}</b>", s["num"]),
    ]
    rows = [head, *(opd_row(line, s) for line in data.opds), opd_row(data.total, s, total=True)]
    width = PAGE[0] - 2 * MARGIN
    numbers = [21 * mm] * 7 + [18 * mm, 18 * mm, 18 * mm, 18 * mm]
    grid = table(rows, [width - sum(numbers), *numbers], numeric_from=1)
    grid.setStyle(Style([("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 7)]))
    explain = _(
        "Fulfilled: submitted, ready to upload, uploaded or accepted, as a share of the "
        "OPD's documents. Changes are since the previous report's date."
    )
    return [
        Paragraph(escape(_("Documents by OPD")), s["h2"]),
        grid,
        Paragraph(escape(explain), s["small"]),
    ]


def items_section(title: str, items: list[Item], s) -> list:
    heading = Paragraph(f"{escape(title)} ({len(items)})", s["h2"])
    if not items:
        return [KeepTogether([heading, Paragraph(escape(_("None.")), s["body"])])]
    head = [_("Code"), _("Document"), _("OPD"), _("State"), _("Due"), _("Note")]
    rows = [head]
    for item in items:
        due = day(item.due)
        if item.overdue_days:
            late = ngettext("%(days)s day late", "%(days)s days late", item.overdue_days) % {
                "days": item.overdue_days
            }
            due = f"{due}<br/><font color='#8e2a1f'>{escape(late)}</font>"
        rows.append(
            [
                item.code,
                Paragraph(escape(item.name), s["cell"]),
                Paragraph(escape(item.opd), s["cell"]),
                Paragraph(escape(item.state_label), s["cell"]),
                Paragraph(due, s["cell"]),
                Paragraph(escape(item.note or "–"), s["note"]),
            ]
        )
    width = PAGE[0] - 2 * MARGIN
    widths = [18 * mm, 70 * mm, 45 * mm, 30 * mm, 28 * mm]
    # The heading never ends a page alone: a new page unless 30 mm are left.
    return [CondPageBreak(30 * mm), heading, table(rows, [*widths, width - sum(widths)])]


def deadlines_section(data: Report, s) -> list:
    heading = Paragraph(escape(_("Next deadlines")), s["h2"])
    if not data.deadlines:
        none = Paragraph(escape(_("No further dates in the year's calendar.")), s["body"])
        return [KeepTogether([heading, none])]
    lines = []
    for entry in data.deadlines:
        label = escape(entry.label)
        if entry.internal:
            label += f" ({escape(_('internal'))})"
        lines.append(Paragraph(f"<b>{escape(day(entry.date))}</b> · {label}", s["body"]))
    return [KeepTogether([heading, *lines])]
