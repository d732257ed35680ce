from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ops.backup import restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        restore(file)
        # The backup's version numbers are older than those the caches have seen: a new
        # epoch keeps any page cached before the restore from being served again. By
        # name: ops imports no app.
        call_command("new_cache_epoch", verbosity=0)
        self.stdout.write(f"Restored from {file}")
