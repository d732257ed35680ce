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
    """The sheets of an .xlsx, read whole (not read-only: that mode trusts the declared
    used range and knows neither hidden rows nor merged cells). Raises FileRefused."""
    from openpyxl import load_workbook

    archive = check_container(data, "xl/workbook.xml", not_xlsx_message())
    has_formulas = any(
        b"<f" in archive.read(name) or b":f" in archive.read(name)
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    )
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True, rich_text=False)
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
            worksheet, formulas.get(worksheet.title, set()), recalc, table
        )
        tables.append(table)
    try:
        active = workbook.worksheets.index(workbook.active)
    except ValueError:
        active = 0
    return Book(tables=tables, active=active)


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


def worksheet_rows(worksheet, formulas: set, recalc: bool, table: RawTable) -> Iterator[RawRow]:
    hidden_rows = {index for index, row in worksheet.row_dimensions.items() if row.hidden}
    hidden_columns = hidden_column_numbers(worksheet)
    width = min(worksheet.max_column, MAX_COLUMNS + 1)
    covered = merged_anchors(worksheet, worksheet.max_row, width)
    skipped_rows, skipped_columns = [], set()
    for row in worksheet.iter_rows(min_row=1, max_row=worksheet.max_row, max_col=width):
        line = row[0].row
        raw = RawRow(line, [])
        for cell in row:
            source = covered.get((line, cell.column), cell)
            shown = xlsx_shown(source)
            if shown.text and cell.column in hidden_columns:
                skipped_columns.add(cell.column_letter)
                shown = Shown("")
            position = len(raw.cells)
            raw.cells.append(shown.text)
            if shown.note:
                raw.notes[position] = shown.note
            if (source.row, source.column) in formulas and (recalc or source.value is None):
                raw.cells[position] = raw.cells[position] or "?"
                raw.problems[position] = uncalculated_message()
        if line in hidden_rows:
            if any(raw.cells):
                skipped_rows.append(line)
            continue
        yield raw
    add_hidden_notes(table, skipped_rows, sorted(skipped_columns, key=lambda c: (len(c), c)))


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


def hidden_column_numbers(worksheet) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden = set()
    for letter, dimension in worksheet.column_dimensions.items():
        if not dimension.hidden:
            continue
        first = dimension.min or column_index_from_string(letter)
        last = dimension.max or first
        hidden.update(range(first, min(last, MAX_COLUMNS + 1) + 1))
    return hidden


def merged_anchors(worksheet, max_row: int, max_column: int) -> dict:
    """(row, column) of each cell a merge covers -> the merge's top-left cell, within the
    cells present (a merge may run to the sheet's end)."""
    covered = {}
    for merged in worksheet.merged_cells.ranges:
        anchor = worksheet.cell(merged.min_row, merged.min_col)
        for row in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for column in range(merged.min_col, min(merged.max_col, max_column) + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered[(row, column)] = anchor
    return covered


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
