"""What the workbook's import commands share: reading FILE for a year, and reporting
its row errors, with the same messages as the import pages."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _

from scores.transfer.spreadsheet import FileRefused
from scores.values import validate_year
from workbook.tables import Table, read_table


def table_from_file(file: str, year: int, columns: list[str], required: list[str]) -> Table:
    """The rows of FILE under `columns`; CommandError with the user's message for a year
    outside YEAR_MIN–YEAR_MAX, a file that cannot be opened, or one the reader refuses."""
    path = Path(file)
    try:
        validate_year(year)
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        return read_table(upload, columns, required)
    except OSError as error:
        raise CommandError(str(error)) from None
    except FileRefused as refused:
        raise CommandError(refused.message) from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


def refuse_on_errors(errors: list[tuple[int, str]], stderr: OutputWrapper) -> None:
    """Print each (row, message) and stop with CommandError: nothing is imported."""
    if not errors:
        return
    for line, message in errors:
        stderr.write(_("Row %(line)s: %(message)s") % {"line": line, "message": message})
    raise CommandError(_("The file has errors: nothing was imported."))
