from django.core.management.base import BaseCommand

from pagecache import versioned


class Command(BaseCommand):
    help = (
        "Start a new cache epoch: nothing cached before is served again. `restore` runs "
        "it; run it after loading data by any way that bypasses the application."
    )

    def handle(self, *args, **options):
        epoch = versioned.start_new_epoch()
        self.stdout.write(f"New cache epoch: {epoch:x}")
