from pathlib import Path

from django.core.management.base import BaseCommand

from ops.backup import restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        restore(file)
        self.stdout.write(f"Restored from {file}")
