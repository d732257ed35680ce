"""A block pasted from a spreadsheet into the grid, saved like the grid's submit.

Excel and LibreOffice put a copied range on the clipboard as text: cells separated by
tabs, rows by CRLF (Excel) or LF (LibreOffice), usually with one line break after the
last row, and a cell holding a tab or line break wrapped in double quotes (the
"text/plain" form of the clipboard both write). The block fills the grid from the cell
it is pasted into, to the right and down, as a spreadsheet does.
"""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scores.entry.cells import Submission, kept, save_all
from scores.entry.grid import Cell, EntryGrid

# A grid of 40 SKPD and 20 columns holds 800 cells; a value is at most a few characters.
MAX_PASTE_LENGTH = 100_000


def parse_block(text: str) -> list[list[str]]:
    """The clipboard text as rows of cell texts, as the spreadsheet showed them.

    Tabs separate cells; CRLF, LF or CR end rows; the line break after the last row is
    not a row. Rows may differ in length (a spreadsheet leaves trailing empty cells out
    of some copies): shorter rows are padded with empty texts. Raises ValidationError
    when the text is too long to come from the grid's size.
    """
    if len(text) > MAX_PASTE_LENGTH:
        raise ValidationError(_("The pasted block is too large for the grid."), code="too_large")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')
    rows = list(reader)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # the trailing line break, or blank lines after the block
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


@dataclass
class PasteResult:
    """What the paste did: the number of cells saved (0 when refused), the cells it
    touched (to mark them), and the message for the whole block."""

    saved: int
    cells: list[Cell]
    message: str
    refused: bool


def block_targets(grid: EntryGrid, anchor: Cell, block: list[list[str]]) -> list[tuple[Cell, str]]:
    """Each non-empty pasted text with the grid cell it lands on.

    Raises ValidationError (nothing is saved) when the block reaches past the grid's last
    row or column from the anchor cell. The MCP estimate column is computed, not a cell:
    the block's columns follow the grid's input columns.
    """
    rows_left = len(grid.rows) - anchor.row_number
    columns_left = len(grid.columns) - anchor.column_number
    height, width = len(block), len(block[0]) if block else 0
    if height > rows_left or width > columns_left:
        raise ValidationError(
            _(
                "The pasted block has %(rows)d rows and %(columns)d columns; from this cell "
                "the grid has room for %(rows_left)d rows and %(columns_left)d columns. "
                "Nothing was saved: paste into a cell further up or left, or copy a smaller "
                "block."
            )
            % {
                "rows": height,
                "columns": width,
                "rows_left": rows_left,
                "columns_left": columns_left,
            },
            code="too_large",
        )
    targets = []
    for i, texts in enumerate(block):
        row = grid.rows[anchor.row_number + i]
        for j, text in enumerate(texts):
            if text.strip():
                targets.append((row.cells[anchor.column_number + j], text.strip()))
    return targets


def submission_for(cell: Cell, text: str, data: QueryDict) -> Submission:
    """The pasted text as if typed into the cell, checked against the version and value
    the page showed (so a value saved by someone else since is not overwritten)."""
    key = cell.key
    return Submission(
        key=key,
        text=text,
        was=data.get(f"was-{key}", ""),
        version_text=data.get(f"ver-{key}", ""),
        reason=(data.get(f"reason-{key}") or "")[:1000],
        confirmed=False,
        new_value=Submission.new_value_from(data),
    )


def takes_no_value(cell: Cell, text: str) -> Cell:
    cell.text = text
    cell.error = _(
        "This cell takes no value: the pasted “%(text)s” lands outside the grid's inputs."
    ) % {"text": text}
    return cell


def paste(
    grid: EntryGrid, anchor_key: str, text: str, data: QueryDict, *, by: User
) -> PasteResult:
    """Save a pasted block into the grid: every cell of it, or none.

    `anchor_key` is the key of the cell pasted into; `data` is the grid form as the page
    held it (each cell's version and fingerprint). Empty cells of the block leave their
    grid cells as they are (clearing a value is done in the cell, with its confirmation).
    A block reaching past the grid is refused whole; a text that is no valid value, a
    value landing on a cell that takes none, or a cell changed since the page was loaded
    refuses the block and marks that cell. Writes go through scores.services via
    entry.cells.save_all (one transaction).
    """
    anchor = grid.cells_by_key.get(anchor_key)
    if anchor is None or not grid.editable:
        message = _("Paste into an open cell of the grid.")
        return PasteResult(0, [], message, refused=True)
    try:
        targets = block_targets(grid, anchor, parse_block(text))
    except ValidationError as error:
        return PasteResult(0, [], " ".join(error.messages), refused=True)
    blocked = [takes_no_value(c, t) for c, t in targets if not (c.applies and c.editable)]
    pairs = [(c, submission_for(c, t, data)) for c, t in targets if c.applies and c.editable]
    pairs = [(cell, submission) for cell, submission in pairs if submission.changed]
    with transaction.atomic():
        saved, failed = save_all(pairs, by=by)
        if blocked:
            transaction.set_rollback(True)
    failed += blocked
    if failed:
        if blocked:
            for cell, submission in pairs:
                if not cell.error:
                    kept(cell, submission)
        message = ngettext(
            "Nothing was saved: %(count)d pasted value needs attention.",
            "Nothing was saved: %(count)d pasted values need attention.",
            len(failed),
        ) % {"count": len(failed)}
        return PasteResult(0, failed, message, refused=True)
    message = ngettext(
        "%(count)d pasted value saved.", "%(count)d pasted values saved.", saved
    ) % {"count": saved}
    if not saved:
        message = _("The pasted values are the ones already stored: nothing changed.")
    return PasteResult(saved, [cell for cell, _submission in pairs], message, refused=False)
