"""Reading a catalogue or an extract file into rows of text keyed by column.

The cells come from scores.transfer.spreadsheet's read_book (xlsx, ods and csv, as the
person sees them; one reader for every import of the product, improved in one place);
this module only finds the header among the columns a workbook import needs. A header
row repeated inside the data (as in extracts pasted together) is skipped.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from scores.transfer.spreadsheet import (
    MAX_DATA_ROWS,
    FileRefused,
    normalise_header,
    read_book,
)


@dataclass
class Table:
    """Data rows: (line as the spreadsheet shows it, {column: text}); `repeated_headers`
    counts header rows found again inside the data."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    repeated_headers: int = 0


def read_table(upload: UploadedFile, columns: list[str], required: list[str]) -> Table:
    """The file's rows under `columns` (header names as normalise_header gives them), from
    the sheet open when the file was saved if it has the header, else the first sheet
    that has it; FileRefused, with a message in the user's language, for anything wrong
    with the file as a whole (size, type, encoding, a missing required column)."""
    book = read_book(upload)
    order = [book.tables[book.active]] if 0 <= book.active < len(book.tables) else []
    order += [table for table in book.tables if table not in order]
    first_refusal = None
    for sheet in (table for table in order if table.visible):
        try:
            return table_from_rows(
                ((row.line, row.cells) for row in sheet.rows()), columns, required
            )
        except FileRefused as refusal:
            first_refusal = first_refusal or refusal
    raise first_refusal or FileRefused(_("The file is empty."))


def table_from_cells(cells, columns: list[str], required: list[str]) -> Table:
    """As table_from_rows, for rows numbered from 1."""
    return table_from_rows(enumerate(cells, start=1), columns, required)


def table_from_rows(
    rows: Iterable[tuple[int, list[str]]], columns: list[str], required: list[str]
) -> Table:
    """Rows (their number as the sheet shows it, their cells) under the first non-empty
    row, which must be the header; a header row repeated inside the data is skipped."""
    table = Table()
    positions: dict[str, int] | None = None
    for line, row in rows:
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
