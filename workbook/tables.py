"""Reading a catalogue or an extract file into rows of text keyed by column.

The cells come from scores.transfer.spreadsheet's readers (xlsx and csv; one reader
for every import of the product, improved in one place); this module only finds the
header among the columns a workbook import needs. A header row repeated inside the
data (as in extracts pasted together) is skipped.
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from scores.transfer.spreadsheet import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    FileRefused,
    csv_rows,
    normalise_header,
    xlsx_rows,
)


@dataclass
class Table:
    """Data rows: (line as the spreadsheet shows it, {column: text}); `repeated_headers`
    counts header rows found again inside the data."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    repeated_headers: int = 0


def read_table(upload: UploadedFile, columns: list[str], required: list[str]) -> Table:
    """The file's rows under `columns` (header names as normalise_header gives them);
    FileRefused, with a message in the user's language, for anything wrong with the
    file as a whole (size, type, encoding, a missing required column)."""
    name = (upload.name or "").lower()
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if name.endswith(".xlsx"):
        cells = xlsx_rows(data)
    elif name.endswith(".csv"):
        cells = csv_rows(data)
    elif name.endswith(".ods"):
        raise FileRefused(_("OpenDocument (.ods) files cannot be read yet: save it as .xlsx."))
    else:
        raise FileRefused(_("Upload an .xlsx or a .csv file."))
    return table_from_cells(cells, columns, required)


def table_from_cells(cells, columns: list[str], required: list[str]) -> Table:
    table = Table()
    positions: dict[str, int] | None = None
    for line, row in enumerate(cells, start=1):
        if not any(row):
            continue
        names = [normalise_header(text) for text in row]
        if positions is None:
            positions = header_positions(line, names, columns, required)
            table.ignored_headers = [
                text.strip() for text, n in zip(row, names, strict=True) if n and n not in columns
            ]
            continue
        if all(names[p] == column for column, p in positions.items() if p < len(names)):
            table.repeated_headers += 1
            continue
        if len(table.rows) >= MAX_DATA_ROWS:
            raise FileRefused(
                _("The file has more than %(limit)s data rows. Split it into smaller files.")
                % {"limit": f"{MAX_DATA_ROWS:,}".replace(",", ".")}
            )
        table.rows.append(
            (line, {c: row[p].strip() if p < len(row) else "" for c, p in positions.items()})
        )
    if positions is None:
        raise FileRefused(_("The file is empty."))
    if not table.rows:
        raise FileRefused(_("The file has a header but no data rows."))
    return table


def header_positions(
    line: int, names: list[str], columns: list[str], required: list[str]
) -> dict[str, int]:
    positions = {}
    for position, name in enumerate(names):
        if name in columns and name not in positions:
            positions[name] = position
    missing = [column for column in required if column not in positions]
    if missing:
        raise FileRefused(
            _("The header in row %(line)s lacks the column(s): %(columns)s.")
            % {"line": line, "columns": ", ".join(missing)}
        )
    return positions
