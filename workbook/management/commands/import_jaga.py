"""python manage.py import_jaga FILE --year YEAR: KPK's sub-indicator extract (jaga.id)
from the command line, as the page imports it. Prints the rows that match no pemda;
writes nothing when a row has an error."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scores.transfer.spreadsheet import FileRefused
from scores.values import validate_year
from workbook import jaga, services
from workbook.tables import read_table


class Command(BaseCommand):
    help = "Import KPK's sub-indicator extract (jaga.id columns; xlsx or csv) for a year."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, file: str, year: int, **options):
        path = Path(file)
        try:
            validate_year(year)
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            table = read_table(upload, jaga.COLUMNS, jaga.REQUIRED)
        except OSError as error:
            raise CommandError(str(error)) from None
        except FileRefused as refused:
            raise CommandError(refused.message) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        plan = jaga.build_plan(year, table.rows)
        if plan.errors:
            for line, message in plan.errors:
                self.stderr.write(
                    _("Row %(line)s: %(message)s") % {"line": line, "message": message}
                )
            raise CommandError(_("The file has errors: nothing was imported."))
        for line, instansi in plan.unmatched:
            self.stderr.write(
                _("Row %(line)s: no pemda is called “%(name)s”; the row is left out.")
                % {"line": line, "name": instansi}
            )
        try:
            counts = services.jaga_apply(
                plan=plan, by=None, reason=f"import_jaga {path.name}"[:255]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _(
                "%(pemda)s pemda; %(new_entries)s catalogue entries created, "
                "%(changed_entries)s updated; %(new_values)s values new, %(changed_values)s "
                "changed, %(unchanged_values)s unchanged; %(unmatched)s rows match no pemda."
            )
            % counts
        )
