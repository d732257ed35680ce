"""python manage.py import_jaga FILE --year YEAR: KPK's sub-indicator extract (jaga.id)
from the command line, as the page imports it. Prints the rows that match no pemda;
writes nothing when a row has an error."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workbook import jaga, services
from workbook.management.files import refuse_on_errors, table_from_file


class Command(BaseCommand):
    help = "Import KPK's sub-indicator extract (jaga.id columns; xlsx or csv) for a year."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, file: str, year: int, **options):
        table = table_from_file(file, year, jaga.COLUMNS, jaga.REQUIRED)
        plan = jaga.build_plan(year, table.rows)
        refuse_on_errors(plan.errors, self.stderr)
        for line, instansi in plan.unmatched:
            self.stderr.write(
                _("Row %(line)s: no pemda is called “%(name)s”; the row is left out.")
                % {"line": line, "name": instansi}
            )
        try:
            counts = services.jaga_apply(
                plan=plan, by=None, reason=f"import_jaga {Path(file).name}"[:255]
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
