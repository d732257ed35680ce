"""Workbooks (.xlsx with openpyxl, .ods with odfpy) read as the person sees them:
hidden rows and columns left out and named, merged cells giving their value to every
cell they cover, numbers as their format shows them, formulas only with a calculated
result that can be trusted, and the cells present read whatever used range the file
declares.

odfpy reads .ods because an .ods cell keeps the text LibreOffice shows (85%, 84,74)
beside its value, and the row and column visibility; python-calamine, the faster
reader, gives neither, so what it reads could differ from what the person sees.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from scores.transfer import spreadsheet
from scores.transfer.cells import (
    Shown,
    clean_text,
    decimal_text,
    rounded_note,
    shown_date,
    shown_number,
)
from scores.transfer.spreadsheet import (
    MAX_COLUMNS,
    Book,
    FileRefused,
    RawRow,
    RawTable,
    line_list,
    unescape_text,
)

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A sheet may repeat an empty row or column a million times (to the sheet's end):
# only this many repeats of a cell that holds something are read.
MAX_REPEAT = 1000


def not_xlsx_message() -> str:
    return _("This file is not a valid .xlsx workbook. Open it in Excel and save it again.")


def not_ods_message() -> str:
    return _(
        "This file is not a valid .ods spreadsheet. Open it in LibreOffice and save it again."
    )


def uncalculated_message() -> str:
    return _("formula not calculated: open and save the file in Excel or LibreOffice.")


def check_container(data: bytes, required: str, refusal: str) -> zipfile.ZipFile:
    """The zip archive, refused when broken, lacking `required` or unpacking too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(refusal) from None
    if required not in {member.filename for member in members}:
        raise FileRefused(refusal)
    limit = spreadsheet.MAX_UNPACKED_BYTES
    if sum(member.file_size for member in members) > limit:
        raise FileRefused(
            _("The workbook unpacks to more than %(limit)s MB. Split it into smaller files.")
            % {"limit": limit // (1024 * 1024)}
        )
    return archive


# ---------------------------------------------------------------------------- xlsx


def xlsx_book(data: bytes) -> Book:
    """The sheets of an .xlsx, streamed by openpyxl's read-only reader with the declared
    used range ignored (the cells present are read); what that reader does not know
    (hidden rows and columns, merged cells) comes from a lighter pass over the sheet's
    XML. Loading the whole workbook instead held every cell as an object: 34,6 MiB
    against 25,9 for 10 000 rows (make bench). Raises FileRefused."""
    from openpyxl import load_workbook

    archive = check_container(data, "xl/workbook.xml", not_xlsx_message())
    has_formulas = any(
        b"<f" in archive.read(name) or b":f" in archive.read(name)
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, rich_text=False)
        formulas = formula_cells(data) if has_formulas else {}
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file; all mean the same
        raise FileRefused(not_xlsx_message()) from None
    recalc = recalculates_on_open(archive)
    tables = []
    for worksheet in workbook.worksheets:
        table = RawTable(
            name=worksheet.title,
            rows=lambda: iter(()),
            visible=worksheet.sheet_state == "visible",
        )
        table.rows = lambda worksheet=worksheet, table=table: worksheet_rows(
            worksheet,
            sheet_layout(archive, worksheet),
            formulas.get(worksheet.title, set()),
            recalc,
            table,
        )
        tables.append(table)
    try:
        active = workbook.worksheets.index(workbook.active)
    except ValueError:
        active = 0
    return Book(tables=tables, active=active)


@dataclass
class SheetLayout:
    """What the read-only reader skips: hidden row numbers, hidden column numbers and
    merged ranges as (min_row, min_column, max_row, max_column), 1-based."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def sheet_layout(archive: zipfile.ZipFile, worksheet) -> SheetLayout:
    """Hidden rows (<row hidden="1">), hidden columns (<col min max hidden="1">) and
    merges (<mergeCell ref>) of one sheet (ECMA-376 part 1 §18.3.1), read by streaming
    its XML and dropping each row once seen. Raises FileRefused on broken XML."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    layout = SheetLayout()
    line = 0
    path = worksheet._worksheet_path.lstrip("/")  # openpyxl's own path of the part
    try:
        with archive.open(path) as source:
            for _event, element in iterparse(source, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "row":
                    line = int(element.get("r") or line + 1)
                    if is_true(element.get("hidden")):
                        layout.hidden_rows.add(line)
                    element.clear()
                elif tag == "col" and is_true(element.get("hidden")):
                    first = int(element.get("min", "1"))
                    last = min(int(element.get("max", first)), MAX_COLUMNS + 1)
                    layout.hidden_columns.update(range(first, last + 1))
                elif tag == "mergeCell" and element.get("ref"):
                    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                    layout.merges.append((min_row, min_col, max_row, max_col))
    except (KeyError, ValueError, TypeError, SyntaxError):
        raise FileRefused(not_xlsx_message()) from None
    layout.merges.sort()
    return layout


def is_true(flag: str | None) -> bool:
    return (flag or "").strip().lower() in ("1", "true")


def recalculates_on_open(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook asks to be recalculated when opened (calcPr fullCalcOnLoad,
    ECMA-376 part 1 §18.2.2): openpyxl, XlsxWriter and other programs set it and store 0
    or nothing as a formula's result; Excel and LibreOffice clear it when they save a
    calculated workbook. Read from the XML: openpyxl reports True when it is absent."""
    from openpyxl.xml.functions import fromstring

    try:
        root = fromstring(archive.read("xl/workbook.xml"))
    except Exception:  # a broken workbook.xml: openpyxl has refused it already
        return True
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "calcPr":
            return element.get("fullCalcOnLoad", "0").strip().lower() in ("1", "true")
    return False


def formula_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """(row, column) of every formula cell, by sheet title: a second, read-only pass,
    made only when a sheet holds a formula."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found = {}
        for worksheet in workbook.worksheets:
            if not hasattr(worksheet, "iter_rows"):
                continue
            found[worksheet.title] = {
                (cell.row, cell.column)
                for row in worksheet.iter_rows()
                for cell in row
                if getattr(cell, "data_type", None) == "f"
            }
        return found
    finally:
        workbook.close()


def worksheet_rows(
    worksheet, layout: SheetLayout, formulas: set, recalc: bool, table: RawTable
) -> Iterator[RawRow]:
    worksheet.reset_dimensions()  # read the cells present, whatever the declared range
    merges = MergeTracker(layout.merges)
    skipped_rows, skipped_columns = [], set()
    for line, row in enumerate(worksheet.iter_rows(), start=1):
        raw = RawRow(line, [])
        covered = merges.covered(line, MAX_COLUMNS + 1)
        width = min(max([len(row), *(column for _line, column in covered)]), MAX_COLUMNS + 1)
        for column in range(1, width + 1):
            cell = row[column - 1] if column <= len(row) else None
            if (line, column) in covered:
                anchor = covered[(line, column)]
                shown, uncalculated = merges.anchors.get(anchor, (Shown(""), False))
            else:
                shown = Shown("") if cell is None else xlsx_shown(cell)
                value = None if cell is None else cell.value
                uncalculated = (line, column) in formulas and (recalc or value is None)
                if (line, column) in merges.starts:
                    merges.anchors[(line, column)] = (shown, uncalculated)
            if shown.text and column in layout.hidden_columns:
                skipped_columns.add(column_letter(column - 1))
                shown = Shown("")
            position = len(raw.cells)
            raw.cells.append(shown.text)
            if shown.note:
                raw.notes[position] = shown.note
            if uncalculated:
                raw.cells[position] = raw.cells[position] or "?"
                raw.problems[position] = uncalculated_message()
        if line in layout.hidden_rows:
            if any(raw.cells):
                skipped_rows.append(line)
            continue
        yield raw
    add_hidden_notes(table, skipped_rows, sorted(skipped_columns, key=lambda c: (len(c), c)))


class MergeTracker:
    """Merged ranges met while streaming rows in order: which cells of a row a merge
    covers (-> its top-left cell), and the shown value of each top-left cell once read
    (it comes first: row by row, left to right)."""

    def __init__(self, merges: list[tuple[int, int, int, int]]) -> None:
        self.pending = list(reversed(merges))  # sorted by first row; popped from the end
        self.active: list[tuple[int, int, int, int]] = []
        self.starts = {(merge[0], merge[1]) for merge in merges}
        self.anchors: dict[tuple[int, int], tuple[Shown, bool]] = {}

    def covered(self, line: int, width: int) -> dict[tuple[int, int], tuple[int, int]]:
        while self.pending and self.pending[-1][0] <= line:
            self.active.append(self.pending.pop())
        self.active = [merge for merge in self.active if merge[2] >= line]
        cells = {}
        for min_row, min_col, _max_row, max_col in self.active:
            for column in range(min_col, min(max_col, width) + 1):
                if (line, column) != (min_row, min_col):
                    cells[(line, column)] = (min_row, min_col)
        return cells


def add_hidden_notes(table: RawTable, rows: list[int], columns: list[str]) -> None:
    if rows:
        table.notes.append(
            _("%(count)s hidden rows are not imported: rows %(lines)s.")
            % {"count": len(rows), "lines": line_list(rows)}
        )
    if columns:
        table.notes.append(
            _("Hidden columns are not imported: %(columns)s.") % {"columns": ", ".join(columns)}
        )


def xlsx_shown(cell) -> Shown:
    """An xlsx cell as shown: see cells.shown_number for numbers."""
    import datetime

    value = cell.value
    if value is None:
        return Shown("")
    if isinstance(value, bool):
        return Shown(str(value))
    if isinstance(value, datetime.date):
        return shown_date(value)
    if isinstance(value, int | float):
        return shown_number(value, cell.number_format)
    if isinstance(value, datetime.time | datetime.timedelta):
        return Shown(str(value))
    return Shown(unescape_text(clean_text(str(value))))


# ----------------------------------------------------------------------------- ods


def ods_book(data: bytes) -> Book:
    """The sheets of an .ods (LibreOffice, WPS), with the sheet open when it was saved.
    Raises FileRefused."""
    from odf.opendocument import load

    archive = check_container(data, "content.xml", not_ods_message())
    try:
        if archive.read("mimetype").strip() != ODS_MIMETYPE:
            raise FileRefused(not_ods_message())
        document = load(io.BytesIO(data))
        from odf.table import Table

        sheets = document.spreadsheet.getElementsByType(Table)
    except FileRefused:
        raise
    except Exception:  # odfpy raises many kinds on a broken file; all mean the same
        raise FileRefused(not_ods_message()) from None
    tables = []
    for element in sheets:
        table = RawTable(name=ods_attribute(element, "name"), rows=lambda: iter(()))
        table.rows = lambda element=element, table=table: ods_rows(element, table)
        tables.append(table)
    names = [table.name for table in tables]
    active_name = ods_active_table(document)
    active = names.index(active_name) if active_name in names else 0
    return Book(tables=tables, active=active)


def ods_attribute(element, name: str, namespace: str = "table") -> str:
    from odf.namespaces import OFFICENS, TABLENS

    uri = {"table": TABLENS, "office": OFFICENS}[namespace]
    return element.attributes.get((uri, name)) or ""


def ods_active_table(document) -> str:
    from odf.config import ConfigItem
    from odf.namespaces import CONFIGNS

    for item in document.settings.getElementsByType(ConfigItem):
        if item.attributes.get((CONFIGNS, "name")) == "ActiveTable":
            return "".join(str(node) for node in item.childNodes)
    return ""


def ods_hidden_columns(element) -> set[int]:
    from odf.table import TableColumn

    hidden, position = set(), 0
    for column in element.getElementsByType(TableColumn):
        repeat = int(ods_attribute(column, "number-columns-repeated") or 1)
        if ods_attribute(column, "visibility") in ("collapse", "filter"):
            hidden.update(range(position, min(position + repeat, MAX_COLUMNS + 1)))
        position += repeat
    return hidden


def ods_rows(element, table: RawTable) -> Iterator[RawRow]:
    from odf.table import TableRow

    hidden_columns = ods_hidden_columns(element)
    spans: dict[tuple[int, int], tuple[str, str]] = {}  # covered (line, position) -> shown
    skipped_rows, skipped_columns = [], set()
    line = 0
    for row in element.getElementsByType(TableRow):
        repeat = int(ods_attribute(row, "number-rows-repeated") or 1)
        cells, notes, problems = ods_row_cells(row, line + 1, spans)
        if not any(cells):
            line += repeat
            continue
        hidden = ods_attribute(row, "visibility") in ("collapse", "filter")
        for _copy in range(min(repeat, MAX_REPEAT)):
            line += 1
            if hidden:
                skipped_rows.append(line)
                continue
            shown_cells = list(cells)
            for position in hidden_columns:
                if position < len(shown_cells) and shown_cells[position]:
                    skipped_columns.add(column_letter(position))
                    shown_cells[position] = ""
            yield RawRow(line, shown_cells, dict(notes), dict(problems))
        line += max(0, repeat - MAX_REPEAT)
    add_hidden_notes(table, skipped_rows, sorted(skipped_columns, key=lambda c: (len(c), c)))


def column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def ods_row_cells(row, line: int, spans: dict) -> tuple[list[str], dict, dict]:
    from odf.table import CoveredTableCell, TableCell

    cells: list[str] = []
    notes: dict[int, str] = {}
    problems: dict[int, str] = {}
    for cell in row.childNodes:
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(ods_attribute(cell, "number-columns-repeated") or 1)
        if cell.qname[1] == CoveredTableCell().qname[1]:
            for _copy in range(min(repeat, MAX_COLUMNS + 1 - len(cells))):
                text, note = spans.get((line, len(cells)), ("", ""))
                if note:
                    notes[len(cells)] = note
                cells.append(text)
            continue
        assert cell.qname[1] == TableCell().qname[1]
        shown, problem = ods_shown(cell)
        if not shown.text and not problem:
            cells.extend([""] * min(repeat, MAX_COLUMNS + 1 - len(cells)))
            continue
        for _copy in range(min(repeat, MAX_COLUMNS + 1 - len(cells))):
            position = len(cells)
            cells.append(shown.text)
            if shown.note:
                notes[position] = shown.note
            if problem:
                cells[position] = cells[position] or "?"
                problems[position] = problem
            remember_span(cell, line, position, shown, spans)
    return cells, notes, problems


def remember_span(cell, line: int, position: int, shown: Shown, spans: dict) -> None:
    rows = int(ods_attribute(cell, "number-rows-spanned") or 1)
    columns = int(ods_attribute(cell, "number-columns-spanned") or 1)
    for row in range(line, line + min(rows, MAX_REPEAT)):
        for column in range(position, min(position + columns, MAX_COLUMNS + 1)):
            if (row, column) != (line, position):
                spans[(row, column)] = (shown.text, shown.note)


def ods_text(cell) -> str:
    from odf import teletype
    from odf.text import P

    return "\n".join(teletype.extractText(paragraph) for paragraph in cell.getElementsByType(P))


def ods_shown(cell) -> tuple[Shown, str]:
    """(the cell as shown, a problem or ""): a formula without a stored result cannot be
    read; a number is read as its shown text says (85% is 85, 84,735 shown 84,74 is 84,74)."""
    value_type = ods_attribute(cell, "value-type", "office")
    text = ods_text(cell)
    if ods_attribute(cell, "formula") and not value_type and not text:
        return Shown(""), uncalculated_message()
    if value_type in ("float", "percentage", "currency"):
        return ods_number(ods_attribute(cell, "value", "office"), text, value_type), ""
    if value_type == "date":
        return Shown(ods_attribute(cell, "date-value", "office")[:10]), ""
    return Shown(unescape_text(clean_text(text))), ""


def ods_number(value: str, text: str, value_type: str) -> Shown:
    try:
        stored = Decimal(value)
    except InvalidOperation:
        return Shown(clean_text(text))
    if value_type == "percentage":
        stored *= 100
    shown = read_shown_number(text, stored)
    if shown is None or shown == stored:
        return Shown(decimal_text(stored))
    decimals = max(0, -shown.as_tuple().exponent)
    return Shown(decimal_text(shown), rounded_note(stored, shown, decimals))


def read_shown_number(text: str, stored: Decimal) -> Decimal | None:
    """The number a cell's shown text says, whichever of . and , is its decimal mark
    (the one that puts it within rounding of the stored value); None if neither does."""
    digits = re.sub(r"[^0-9.,\-\u2212]", "", text).replace("\u2212", "-")
    if not re.search(r"[0-9]", digits):
        return None
    for decimal_mark, grouping in ((",", "."), (".", ",")):
        candidate = digits.replace(grouping, "").replace(decimal_mark, ".")
        try:
            number = Decimal(candidate)
        except InvalidOperation:
            continue
        places = max(0, -number.as_tuple().exponent)
        if abs(number - stored) <= Decimal(1).scaleb(-places) / 2:
            return number
    return None
