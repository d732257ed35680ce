"""python manage.py import_catalogue FILE --year YEAR: the catalogue import of the page,
from the command line. Idempotent; prints what changed; writes nothing on an error."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from workbook import catalogue, services
from workbook.management.files import refuse_on_errors, table_from_file


class Command(BaseCommand):
    help = "Import a year's MCP catalogue (xlsx or csv, one row per document)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, file: str, year: int, **options):
        table = table_from_file(file, year, catalogue.COLUMNS, catalogue.REQUIRED)
        plan = catalogue.build_plan(year, table.rows)
        refuse_on_errors(plan.errors, self.stderr)
        for change in plan.shown_changes:
            details = "; ".join(f"{label}: {old} → {new}" for label, old, new in change.fields)
            self.stdout.write(f"{change.action}\t{change.level}\t{change.code}\t{details}")
        counts = services.catalogue_apply(
            plan=plan, by=None, reason=f"import_catalogue {Path(file).name}"
        )
        self.stdout.write(
            _(
                "%(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
                "%(retired)s retired, %(restored)s restored."
            )
            % counts
        )
