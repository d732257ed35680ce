"""python manage.py import_catalogue FILE --year YEAR: the catalogue import of the page,
from the command line. Idempotent; prints what changed; writes nothing on an error."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scores.transfer.spreadsheet import FileRefused
from scores.values import validate_year
from workbook import catalogue, services
from workbook.tables import read_table


class Command(BaseCommand):
    help = "Import a year's MCP catalogue (xlsx or csv, one row per document)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, file: str, year: int, **options):
        path = Path(file)
        try:
            validate_year(year)
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            table = read_table(upload, catalogue.COLUMNS, catalogue.REQUIRED)
        except OSError as error:
            raise CommandError(str(error)) from None
        except FileRefused as refused:
            raise CommandError(refused.message) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        plan = catalogue.build_plan(year, table.rows)
        if plan.errors:
            for line, message in plan.errors:
                self.stderr.write(
                    _("Row %(line)s: %(message)s") % {"line": line, "message": message}
                )
            raise CommandError(_("The file has errors: nothing was imported."))
        for change in plan.shown_changes:
            details = "; ".join(f"{label}: {old} → {new}" for label, old, new in change.fields)
            self.stdout.write(f"{change.action}\t{change.level}\t{change.code}\t{details}")
        counts = services.catalogue_apply(
            plan=plan, by=None, reason=f"import_catalogue {path.name}"
        )
        self.stdout.write(
            _(
                "%(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
                "%(retired)s retired, %(restored)s restored."
            )
            % counts
        )
