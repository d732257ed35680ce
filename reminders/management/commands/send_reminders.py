"""Send each OPD head one digest of what is due (issue 15); run daily (docs/deploy.md)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.digest import digests_for
from reminders.mail import render, send_digests


class Command(BaseCommand):
    help = (
        "Send each unit head one e-mail digest of workbook documents due within 14 days or "
        "overdue and overdue action plans; once per day and recipient."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )
        parser.add_argument(
            "--date", help="The reminder day as YYYY-MM-DD (default: today in WITA)."
        )

    def handle(self, *args, dry_run: bool, date: str | None, **options) -> None:
        day = self._day(date)
        site_url = settings.SITE_URL
        if not site_url:
            raise CommandError("SITE_URL is not set: the mails' links need the site's address.")
        digests = digests_for(day)
        if dry_run:
            for digest in digests:
                rendered = render(digest, day=day, site_url=site_url)
                address = digest.user.email or "(tanpa alamat e-mail / no e-mail address)"
                self.stdout.write(f"To: {address}\nSubject: {rendered.subject}\n\n{rendered.body}")
                self.stdout.write("-" * 72)
            self.stdout.write(f"Dry run: {len(digests)} digests, nothing sent.")
            return
        outcome = send_digests(digests, day=day, site_url=site_url)
        self.stdout.write(
            f"{day.isoformat()}: sent {outcome.sent}, unreachable {outcome.unreachable}, "
            f"already done {outcome.skipped}, failed {outcome.failed}."
        )
        if outcome.failed:
            raise CommandError(f"{outcome.failed} mails failed; see the outbox. Run again later.")

    @staticmethod
    def _day(text: str | None) -> datetime.date:
        if text is None:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--date {text!r} is not a date as YYYY-MM-DD.") from None
