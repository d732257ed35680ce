"""Reading an uploaded .xlsx, .ods or .csv into rows of text keyed by column, as the
person sees them in their sheet, and the column names and cell escaping that imports,
exports and templates share.

Everything a user can get wrong about the file itself (size, type, encoding, header)
ends in FileRefused with a message in the user's language, never another exception.
Each cell that will not be imported (hidden, above the header, an uncalculated
formula) is named: in the sheet's notes, or as a problem of its row.
"""

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from scores.transfer.cells import clean_text

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 50_000
# The template has 11 columns; a row far wider is not a score sheet, and storing it for
# the preview would cost memory for nothing.
MAX_COLUMNS = 100
# An .xlsx is a zip: a few MB can inflate to gigabytes. Real sheets of 50 000 rows
# unpack to about 30 MB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

# The columns in the order templates and exports write them, with the names they use.
COLUMNS = {
    "unit": "kode_unit",
    "unit_name": "nama_unit",
    "indicator": "indikator",
    "indicator_name": "nama_indikator",
    "year": "tahun",
    "value": "nilai",
    "target": "target",
    "status": "status",
    "as_of": "per_tanggal",
    "source": "sumber",
    "note": "catatan",
}
# Header names accepted on import, in Indonesian and English, after normalise_header.
ALIASES = {
    "unit": ["kode_unit", "unit_code", "unit", "kode_skpd", "skpd", "kode_opd", "opd"],
    "unit_name": [
        "nama_unit",
        "unit_name",
        "nama_skpd",
        "nama_opd",
        "perangkat_daerah",
        "nama_perangkat_daerah",
        "pemda",
        "nama_pemda",
    ],
    "indicator": ["indikator", "indicator", "kode_indikator", "indicator_code"],
    "indicator_name": ["nama_indikator", "indicator_name", "area_intervensi"],
    "year": ["tahun", "year", "tahun_anggaran", "tahun_penilaian"],
    "value": ["nilai", "value", "skor", "score", "nilai_akhir", "capaian"],
    "target": ["target"],
    "status": ["status"],
    "as_of": ["per_tanggal", "as_of", "tanggal", "date", "tanggal_data"],
    "source": ["sumber", "source", "sumber_data"],
    "note": ["catatan", "note", "notes", "keterangan"],
}
HEADER_TO_COLUMN = {alias: column for column, names in ALIASES.items() for alias in names}
REQUIRED = [("unit", "unit_name"), ("indicator", "indicator_name"), ("year",), ("value",)]

# A text cell that a spreadsheet would run as a formula; quotes already added by an
# export count too, so that escaping and unescaping round-trip every text.
FORMULA_START = re.compile(r"'*[=+\-@]")


# A title block (the recap's name, the pemda, the year, a blank row) may stand above the
# header: it is searched for in this many non-blank rows.
HEADER_SEARCH_ROWS = 20
# An empty optional cell keeps what is stored; this marker clears it on purpose.
CLEAR_MARKERS = ("-", "–", "—")  # noqa: RUF001 - the dashes people type for "none"
# Keys of a stored row that are not columns: messages about its cells.
NOTES_KEY, PROBLEMS_KEY, LABELS_KEY = "_notes", "_problems", "_labels"


class FileRefused(Exception):
    """The file as a whole cannot be read; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RawRow:
    """One row of a sheet: its number as the sheet shows it, its cells' shown texts,
    and per cell position a note (shown with the row) or a problem (the row is refused)."""

    line: int
    cells: list[str]
    notes: dict[int, str] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)


@dataclass
class RawTable:
    """A sheet as a reader found it. `rows` gives its non-hidden rows each time it is
    called; readers add notes on what they skipped (hidden rows) while it runs."""

    name: str
    rows: Callable[[], Iterator[RawRow]]
    notes: list[str] = field(default_factory=list)
    visible: bool = True
    # A CSV's row wider than its header is a decimal comma split, never a stray cell.
    strict_width: bool = False
    delimiter: str = ""


@dataclass(frozen=True)
class Wanted:
    """What the form adds to the file: a sheet to read, the year of a wide sheet without
    a year column, and the wide sheet's indicator labels (normalise_header of a code,
    Indonesian or English name, or short name -> indicator code)."""

    sheet_name: str = ""
    year: int | None = None
    indicator_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Book:
    """The sheets of a file, and which one was open when it was saved."""

    tables: list[RawTable]
    active: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """The data rows of a file: (row number as the spreadsheet shows it, {column: text}),
    where a row may also carry NOTES_KEY and PROBLEMS_KEY: [[column, message], ...]."""

    header_line: int
    headers: dict[str, str]  # column -> the header text as written in the file
    positions: dict[str, int]  # column -> its index in a row
    ignored_headers: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet_name: str = ""
    # The wide shape: one column per indicator (position -> indicator code); each of
    # its rows gives one long row per filled indicator cell.
    wide: dict[int, str] = field(default_factory=dict)
    wide_labels: dict[int, str] = field(default_factory=dict)
    form_year: int | None = None
    width: int = 0  # cells in the header row, up to its last label
    other_sheets: list[str] = field(default_factory=list)


def escape_text(text: str) -> str:
    """Quote a text a spreadsheet would read as a formula (=, +, - or @ first)."""
    return "'" + text if FORMULA_START.match(text) else text


def unescape_text(text: str) -> str:
    """Remove the one quote escape_text added."""
    return text[1:] if text.startswith("'") and FORMULA_START.match(text) else text


def normalise_header(text: str) -> str:
    """A header label as ALIASES names it: case, spaces (non-breaking too), brackets and
    units left out, so "Nilai (%)", "Kode  Unit" and "TAHUN ANGGARAN" are found."""
    text = clean_text(text).lower()
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|%", " ", text)
    return re.sub(r"[\s\-./:_*]+", "_", text).strip("_")


def too_large() -> FileRefused:
    return FileRefused(
        _("The file is larger than %(limit)s MB. Split it into smaller files.")
        % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
    )


def read_upload(upload: UploadedFile, wanted: Wanted | None = None) -> Sheet:
    """The rows of an uploaded .xlsx, .ods or .csv; wanted.sheet_name picks a workbook's
    sheet (else the one open when saved, if it has a header, else the first that has
    one). Raises FileRefused."""
    wanted = wanted or Wanted()
    book = read_book(upload)
    if is_csv(upload.name):  # one table, no sheet to choose
        wanted = Wanted(year=wanted.year, indicator_labels=wanted.indicator_labels)
    return sheet_from_book(book, wanted)


def is_csv(file_name: str | None) -> bool:
    return (file_name or "").lower().endswith((".csv", ".txt"))


def read_book(upload: UploadedFile) -> Book:
    """Every sheet of an uploaded .xlsx, .ods or .csv as the person sees it (hidden rows
    left out and noted, merged cells filled, numbers as formatted): the one reader of
    spreadsheet files for every import of the product. Raises FileRefused."""
    from scores.transfer import workbooks

    name = (upload.name or "").lower()
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise too_large()
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise too_large()
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return workbooks.xlsx_book(data)
    if name.endswith(".ods"):
        return workbooks.ods_book(data)
    if is_csv(name):
        return csv_book(data)
    if name.endswith(".xls"):
        raise FileRefused(
            _(
                "Old .xls files cannot be read: in Excel choose File › Save As › "
                "Excel Workbook (.xlsx), or in LibreOffice save it as .ods or .xlsx."
            )
        )
    raise FileRefused(_("Upload an .xlsx, .ods or .csv file."))


def csv_book(data: bytes) -> Book:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise FileRefused(
            _("This file is not a CSV text file. Upload a .csv saved as “CSV UTF-8”, or an .xlsx.")
        )
    notes = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Indonesian Windows saves "CSV (comma delimited)" in Windows-1252.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileRefused(
                _(
                    "This CSV is neither UTF-8 nor Windows-1252 text. In Excel, save it as "
                    "“CSV UTF-8 (comma delimited)”."
                )
            ) from None
        notes.append(_("The file is not UTF-8: it was read as Windows-1252 (ANSI)."))
    delimiter, text, first_line = csv_delimiter(text)
    table = RawTable(
        name="",
        rows=lambda: csv_rows(text, delimiter, first_line),
        strict_width=True,
        delimiter=delimiter,
    )
    return Book(tables=[table], notes=notes)


def csv_delimiter(text: str) -> tuple[str, str, int]:
    """(delimiter, text without a `sep=` line, number of the first row): Excel honours a
    first line `sep=;` and shows the row after it as row 1."""
    first, _newline, rest = text.partition("\n")
    found = re.fullmatch(r"\s*sep=(.)\s*", first)
    if found and found.group(1) not in "\"'\r\n":
        return found.group(1), rest, 1
    return guess_delimiter(text), text, 1


def csv_rows(text: str, delimiter: str, first_line: int) -> Iterator[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for line, cells in enumerate(reader, start=first_line):
            yield RawRow(line, [unescape_text(clean_text(cell)) for cell in cells])
    except csv.Error:
        raise FileRefused(
            _("This CSV cannot be read (line %(line)s). Save it again from Excel.")
            % {"line": reader.line_num}
        ) from None


def guess_delimiter(text: str) -> str:
    """Semicolon (Excel in Indonesian), tab or comma: whichever the first line has most of."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {mark: first_line.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def sheet_from_book(book: Book, wanted_sheet: Wanted) -> Sheet:
    """Read the wanted sheet, or the open one if it has a header, or the first that has
    one; the Sheet names the sheet read and the others."""
    if not book.tables:
        raise FileRefused(_("The file is empty."))
    names = [table.name for table in book.tables if table.visible]
    wanted = wanted_sheet.sheet_name
    if wanted:
        table = next(
            (t for t in book.tables if t.visible and t.name.casefold() == wanted.casefold()),
            None,
        )
        if table is None:
            raise FileRefused(
                _("The workbook has no sheet “%(name)s”. Its sheets: %(names)s.")
                % {"name": wanted, "names": ", ".join(names)}
            )
        return finish(sheet_from_table(table, wanted_sheet), book, table, names)
    order = [book.tables[book.active]] if 0 <= book.active < len(book.tables) else []
    order += [table for table in book.tables if table not in order]
    order = [table for table in order if table.visible]
    first_refusal = None
    for table in order:
        try:
            sheet = sheet_from_table(table, wanted_sheet)
        except FileRefused as refusal:
            first_refusal = first_refusal or refusal
            continue
        return finish(sheet, book, table, names)
    raise first_refusal or FileRefused(_("The file is empty."))


def finish(sheet: Sheet, book: Book, table: RawTable, names: list[str]) -> Sheet:
    sheet.notes = book.notes + table.notes + sheet.notes
    sheet.sheet_name = table.name
    sheet.other_sheets = [name for name in names if name != table.name]
    return sheet


def sheet_from_table(table: RawTable, wanted: Wanted | None = None) -> Sheet:
    """Find the header (below a title block, if any) and read the rows under it."""
    rows = (row for row in table.rows() if any(row.cells))
    above: list[RawRow] = []
    sheet = None
    for row in itertools.islice(rows, HEADER_SEARCH_ROWS):
        check_width(row.line, row.cells)
        sheet = header_from(row.line, row.cells, wanted or Wanted())
        if sheet is not None:
            break
        above.append(row)
    if sheet is None:
        if not above:
            raise FileRefused(_("The file is empty."))
        raise no_header(above)
    if above:
        sheet.notes.append(
            _("Rows above the header are not imported (a title): %(lines)s.")
            % {"lines": line_list([row.line for row in above])}
        )
    width = sheet.width
    for row in rows:
        check_width(row.line, row.cells)
        if len(sheet.rows) >= MAX_DATA_ROWS:
            raise FileRefused(
                _("The file has more than %(limit)s data rows. Split it into smaller files.")
                % {"limit": f"{MAX_DATA_ROWS:,}".replace(",", ".")}
            )
        if sheet.wide:
            sheet.rows.extend((row.line, values) for values in wide_values(sheet, row))
        else:
            sheet.rows.append((row.line, row_values(sheet, row, width, table)))
    if not sheet.rows:
        raise FileRefused(_("The file has a header but no data rows."))
    return sheet


def line_list(lines: list[int], shown: int = 20) -> str:
    text = ", ".join(str(line) for line in lines[:shown])
    if len(lines) > shown:
        text += " " + _("(and %(count)s more)") % {"count": len(lines) - shown}
    return text


def no_header(above: list[RawRow]) -> FileRefused:
    first = above[0]
    labels = [text for text in first.cells if text.strip()][:8]
    return FileRefused(
        _(
            "No recognised header in rows %(first)s–%(last)s. The header row needs the "
            "columns kode_unit, indikator, tahun and nilai (or unit_code, indicator, year "
            "and value); row %(first)s reads: %(labels)s. Download the template."
        )
        % {
            "first": first.line,
            "last": above[-1].line,
            "labels": ", ".join(f"“{label}”" for label in labels),
        }
    )


def check_width(line: int, cells: list[str]) -> None:
    if len(cells) <= MAX_COLUMNS:
        return
    used = next(n for n in range(len(cells), 0, -1) if cells[n - 1])
    if used > MAX_COLUMNS:
        raise FileRefused(
            _("Row %(line)s has more than %(limit)s columns. Use the template's columns.")
            % {"line": line, "limit": MAX_COLUMNS}
        )


def header_from(line: int, cells: list[str], wanted: Wanted) -> Sheet | None:
    """The Sheet this row heads, or None when it is no header (fewer than two recognised
    labels: a title row). Refuses a header lacking a required column, naming the labels
    it did not recognise. A header with a unit column and indicator columns (and no
    indikator or nilai column) heads a wide sheet."""
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored = []
    for position, text in enumerate(cells):
        column = HEADER_TO_COLUMN.get(normalise_header(text))
        if column is None:
            if text.strip() and text.strip() not in ignored:
                ignored.append(text.strip())
            continue
        if column in headers:
            if headers[column] == text.strip() and positions[column] == position - 1:
                continue  # one label merged over two columns
            raise FileRefused(
                _("Row %(line)s: the columns “%(first)s” and “%(second)s” mean the same.")
                % {"line": line, "first": headers[column], "second": text.strip()}
            )
        headers[column] = text.strip()
        positions[column] = position
    wide = {
        position: wanted.indicator_labels[normalise_header(text)]
        for position, text in enumerate(cells)
        if normalise_header(text) in wanted.indicator_labels
    }
    is_wide = wide and "value" not in headers and "indicator" not in headers
    if is_wide and ("unit" in headers or "unit_name" in headers):
        return wide_header(line, cells, headers, positions, wide, wanted)
    if len(headers) < 2:
        return None
    missing = [names[0] for names in REQUIRED if not any(name in headers for name in names)]
    if missing:
        message = _("The header in row %(line)s lacks the column(s): %(columns)s.") % {
            "line": line,
            "columns": ", ".join(COLUMNS[name] for name in missing),
        }
        if ignored:
            message += " " + _("Labels not recognised: %(labels)s.") % {
                "labels": ", ".join(f"“{label}”" for label in ignored)
            }
        raise FileRefused(message)
    return Sheet(
        header_line=line,
        headers=headers,
        positions=positions,
        ignored_headers=ignored,
        width=max(p for p, text in enumerate(cells) if text.strip()) + 1,
    )


def wide_header(
    line: int, cells: list[str], headers: dict, positions: dict, wide: dict, wanted: Wanted
) -> Sheet:
    if "year" not in headers and wanted.year is None:
        raise FileRefused(
            _(
                "Row %(line)s heads a sheet with one column per indicator but no tahun "
                "column: add one, or choose the year on the form."
            )
            % {"line": line}
        )
    ignored = [
        text.strip()
        for position, text in enumerate(cells)
        if text.strip() and position not in wide and position not in positions.values()
    ]
    form_year = wanted.year if "year" not in headers else None
    for column in ("indicator", "value"):
        headers.pop(column, None)
        positions.pop(column, None)
    added = {"indicator": _("indicator (column)"), "value": _("value")}
    if form_year is not None:
        added["year"] = _("year (form)")
    return Sheet(
        header_line=line,
        headers=headers | added,
        positions=positions,
        ignored_headers=ignored,
        wide=wide,
        wide_labels={position: cells[position].strip() for position in wide},
        form_year=form_year,
        width=max(p for p, text in enumerate(cells) if text.strip()) + 1,
    )


def wide_values(sheet: Sheet, row: RawRow) -> Iterator[dict]:
    """The long rows of one wide row: one per filled indicator cell, named by its
    column's header in messages."""
    cells = row.cells
    common = {
        column: cells[position] if position < len(cells) else ""
        for column, position in sheet.positions.items()
    }
    if sheet.form_year is not None:
        common["year"] = str(sheet.form_year)
    for position, code in sheet.wide.items():
        text = cells[position] if position < len(cells) else ""
        if not text.strip():
            continue
        values = common | {"indicator": code, "value": text}
        label = sheet.headers.get("value")
        values[LABELS_KEY] = {"value": sheet.wide_labels.get(position, label)}
        if position in row.notes:
            values[NOTES_KEY] = [["value", row.notes[position]]]
        if position in row.problems:
            values[PROBLEMS_KEY] = [["value", row.problems[position]]]
        yield values


def row_values(sheet: Sheet, row: RawRow, width: int, table: RawTable) -> dict:
    cells = row.cells
    values: dict = {
        column: cells[position] if position < len(cells) else ""
        for column, position in sheet.positions.items()
    }
    column_at = {position: column for column, position in sheet.positions.items()}
    notes = [[column_at[p], text] for p, text in row.notes.items() if p in column_at]
    problems = [[column_at[p], text] for p, text in row.problems.items() if p in column_at]
    if table.strict_width:
        problems += split_number_problems(sheet, cells, width, table.delimiter)
    if notes:
        values[NOTES_KEY] = notes
    if problems:
        values[PROBLEMS_KEY] = problems
    return values


def split_number_problems(
    sheet: Sheet, cells: list[str], width: int, delimiter: str
) -> list[list[str]]:
    """A CSV row with more cells than its header, or (comma-separated) a whole number
    followed by digits in a text column: an unquoted decimal comma split one number in
    two, and reading it would store 84 for 84,73."""
    used = next((n for n in range(len(cells), 0, -1) if cells[n - 1].strip()), 0)
    if used > width:
        return [["", too_many_cells(used, width)]]
    if delimiter != ",":
        return []
    for column in ("value", "target"):
        position = sheet.positions.get(column)
        if position is None or position + 1 >= len(cells):
            continue
        following = next((c for c, p in sheet.positions.items() if p == position + 1), None)
        if following in ("value", "target", "year"):
            continue
        whole, fraction = cells[position], cells[position + 1]
        if re.fullmatch(r"[0-9]+", whole) and re.fullmatch(r"[0-9]+", fraction):
            return [[column, split_number_message(whole, fraction)]]
    return []


def too_many_cells(used: int, width: int) -> str:
    return _(
        "This row has %(used)s cells under a header of %(width)s columns: a number with "
        'a decimal comma was probably split. Quote the value ("84,73"), separate the '
        "columns with ;, or write 84.73."
    ) % {"used": used, "width": width}


def split_number_message(whole: str, fraction: str) -> str:
    return _(
        "“%(whole)s” followed by “%(fraction)s” looks like %(whole)s,%(fraction)s split by "
        'the comma separator. Quote the value ("%(whole)s,%(fraction)s"), separate the '
        "columns with ;, or write %(whole)s.%(fraction)s."
    ) % {"whole": whole, "fraction": fraction}


def rows_of(lines: Iterable[list[str]]) -> Iterator[RawRow]:
    """Plain rows (tests, templates) numbered from 1."""
    for line, cells in enumerate(lines, start=1):
        yield RawRow(line, cells)
