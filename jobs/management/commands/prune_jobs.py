"""`manage.py prune_jobs [--days N]`: delete finished background jobs (and the export
files they keep) older than N days, default JOB_KEEP_DAYS. Jobs still waiting or
running are never deleted. Run daily beside the library's `prune_db_task_results`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jobs.services import jobs_prune


class Command(BaseCommand):
    help = "Delete finished background jobs and their files older than --days days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.JOB_KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = jobs_prune(days=days)
        self.stdout.write(f"{deleted} finished jobs older than {days} days deleted.")
