from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from ops.backup import backup


class Command(BaseCommand):
    help = "Write a full backup of the database to a file (default: backups/<timestamp>)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write.")

    def handle(self, *args, output: Path | None, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = output or Path("backups") / f"mcp-{stamp}.backup"
        backup(target)
        self.stdout.write(f"Backup written to {target}")
