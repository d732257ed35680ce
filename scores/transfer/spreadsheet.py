"""Reading an uploaded .xlsx or .csv into rows of text keyed by column, and the
column names and cell escaping that imports, exports and templates share.

Everything a user can get wrong about the file itself (size, type, encoding, header)
ends in FileRefused with a message in the user's language, never another exception.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

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
    "unit": ["kode_unit", "unit_code", "unit", "kode_skpd", "skpd"],
    "unit_name": ["nama_unit", "unit_name", "nama_skpd"],
    "indicator": ["indikator", "indicator", "kode_indikator", "indicator_code"],
    "indicator_name": ["nama_indikator", "indicator_name"],
    "year": ["tahun", "year"],
    "value": ["nilai", "value", "skor", "score"],
    "target": ["target"],
    "status": ["status"],
    "as_of": ["per_tanggal", "as_of", "tanggal", "date"],
    "source": ["sumber", "source"],
    "note": ["catatan", "note", "notes", "keterangan"],
}
HEADER_TO_COLUMN = {alias: column for column, names in ALIASES.items() for alias in names}
REQUIRED = [("unit", "unit_name"), ("indicator", "indicator_name"), ("year",), ("value",)]

# A text cell that a spreadsheet would run as a formula; quotes already added by an
# export count too, so that escaping and unescaping round-trip every text.
FORMULA_START = re.compile(r"'*[=+\-@]")


class FileRefused(Exception):
    """The file as a whole cannot be read; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    """The data rows of a file: (row number as the spreadsheet shows it, {column: text})."""

    header_line: int
    headers: dict[str, str]  # column -> the header text as written in the file
    positions: dict[str, int]  # column -> its index in a row
    ignored_headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def escape_text(text: str) -> str:
    """Quote a text a spreadsheet would read as a formula (=, +, - or @ first)."""
    return "'" + text if FORMULA_START.match(text) else text


def unescape_text(text: str) -> str:
    """Remove the one quote escape_text added."""
    return text[1:] if text.startswith("'") and FORMULA_START.match(text) else text


def normalise_header(text: str) -> str:
    return re.sub(r"[\s\-./]+", "_", text.strip().lstrip("\ufeff").lower()).strip("_")


def read_upload(upload: UploadedFile) -> Sheet:
    name = (upload.name or "").lower()
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if name.endswith(".xlsx"):
        return sheet_from_rows(xlsx_rows(data))
    if name.endswith(".csv"):
        return sheet_from_rows(csv_rows(data))
    if name.endswith(".xls"):
        raise FileRefused(_("Old .xls files cannot be read: in Excel, save it as .xlsx."))
    raise FileRefused(_("Upload an .xlsx or a .csv file."))


def xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    check_xlsx_container(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file; all mean the same
        raise FileRefused(not_xlsx_message()) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(_("The file is empty."))
        for cells in workbook.worksheets[0].iter_rows(values_only=True):
            yield [cell_text(cell) for cell in cells]
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(not_xlsx_message()) from None
    finally:
        workbook.close()


def not_xlsx_message() -> str:
    return _("This file is not a valid .xlsx workbook. Open it in Excel and save it again.")


def check_xlsx_container(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused(not_xlsx_message()) from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise FileRefused(not_xlsx_message())
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise FileRefused(
            _("The workbook unpacks to more than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def csv_rows(data: bytes):
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise FileRefused(
            _("This file is not a CSV text file. Upload a .csv saved as “CSV UTF-8”, or an .xlsx.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("This CSV is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
    try:
        for cells in reader:
            yield [unescape_text(cell.strip()) for cell in cells]
    except csv.Error:
        raise FileRefused(
            _("This CSV cannot be read (line %(line)s). Save it again from Excel.")
            % {"line": reader.line_num}
        ) from None


def guess_delimiter(text: str) -> str:
    """Semicolon (Excel in Indonesian) or comma: whichever the first line has more of."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first_line.count(";") > first_line.count(",") else ","


def cell_text(cell) -> str:
    """An xlsx cell as the text a user would type: numbers without float noise."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return number_text(cell)
    return unescape_text(str(cell).strip())


def number_text(number: float) -> str:
    # 15 significant digits, as Excel shows: 84.72999999999999 from a formula is 84.73.
    try:
        value = Decimal(format(number, ".15g"))
    except InvalidOperation:
        return str(number)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def sheet_from_rows(rows) -> Sheet:
    sheet = None
    for line, cells in enumerate(rows, start=1):
        if not any(cells):
            continue
        check_width(line, cells)
        if sheet is None:
            sheet = header_from(line, cells)
            continue
        if len(sheet.rows) >= MAX_DATA_ROWS:
            raise FileRefused(
                _("The file has more than %(limit)s data rows. Split it into smaller files.")
                % {"limit": f"{MAX_DATA_ROWS:,}".replace(",", ".")}
            )
        sheet.rows.append((line, row_values(sheet, cells)))
    if sheet is None:
        raise FileRefused(_("The file is empty."))
    if not sheet.rows:
        raise FileRefused(_("The file has a header but no data rows."))
    return sheet


def check_width(line: int, cells: list[str]) -> None:
    if len(cells) <= MAX_COLUMNS:
        return
    used = next(n for n in range(len(cells), 0, -1) if cells[n - 1])
    if used > MAX_COLUMNS:
        raise FileRefused(
            _("Row %(line)s has more than %(limit)s columns. Use the template's columns.")
            % {"line": line, "limit": MAX_COLUMNS}
        )


def header_from(line: int, cells: list[str]) -> Sheet:
    """The first non-blank row must be the header (a title row above it is refused,
    so that row numbers in messages match what the user sees)."""
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored = []
    for position, text in enumerate(cells):
        column = HEADER_TO_COLUMN.get(normalise_header(text))
        if column is None:
            if text.strip():
                ignored.append(text.strip())
            continue
        if column in headers:
            raise FileRefused(
                _("Row %(line)s: the columns “%(first)s” and “%(second)s” mean the same.")
                % {"line": line, "first": headers[column], "second": text.strip()}
            )
        headers[column] = text.strip()
        positions[column] = position
    if len(headers) < 2:
        raise FileRefused(
            _(
                "No recognised header in row %(line)s. The first row needs the columns "
                "kode_unit, indikator, tahun and nilai (or unit_code, indicator, year and "
                "value): download the template."
            )
            % {"line": line}
        )
    missing = [names[0] for names in REQUIRED if not any(name in headers for name in names)]
    if missing:
        raise FileRefused(
            _("The header in row %(line)s lacks the column(s): %(columns)s.")
            % {"line": line, "columns": ", ".join(COLUMNS[name] for name in missing)}
        )
    return Sheet(header_line=line, headers=headers, positions=positions, ignored_headers=ignored)


def row_values(sheet: Sheet, cells: list[str]) -> dict[str, str]:
    return {
        column: cells[position] if position < len(cells) else ""
        for column, position in sheet.positions.items()
    }
