"""`manage.py recompute_national`: the national recomputation (dashboard.tasks) in the
foreground, for the end of a bulk-load script; the button on the background jobs page
runs the same work as a job."""

from django.core.management.base import BaseCommand, CommandError

from dashboard.tasks import recompute_national
from jobs.services import JobRefused


class Command(BaseCommand):
    help = "Compute and cache the national view and every province's overview."

    def handle(self, *args, verbosity: int, **options):
        def report(done: int, total: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{done}/{total}")

        try:
            result = recompute_national(report)
        except JobRefused as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(f"{result['regions']} regions, {result['pages']} overviews computed.")
