"""Sending the day's digests by e-mail and keeping each one in the outbox.

Idempotent per day and recipient: a row of OutboxMail (unique on recipient and day) is
claimed before the mail goes out, so a second run on the same day, or a run beside
it, sends nothing new. A mail that failed is tried again by the next run.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reminders.digest import Digest
from reminders.models import OutboxMail
from skpd.users import user_display_name


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@dataclass
class Outcome:
    sent: int = 0
    unreachable: int = 0
    skipped: int = 0
    failed: int = 0


def render(digest: Digest, *, day: datetime.date, site_url: str) -> Rendered:
    """The digest's subject and plain-text body, in Indonesian, each item with an
    absolute link under `site_url` (e.g. "https://mcp.example.go.id/")."""
    with translation.override("id"):
        documents = [
            {
                "record": item.record,
                "due": item.due,
                "link": urljoin(
                    site_url,
                    reverse(
                        "workbook:opd", args=[item.record.document.year, item.record.owner.code]
                    )
                    + f"#doc-{item.record.pk}",
                ),
            }
            for item in digest.documents
        ]
        plans = [
            {
                "plan": plan,
                "link": urljoin(site_url, reverse("actions:plan_detail", args=[plan.pk])),
            }
            for plan in digest.plans
        ]
        subject = _("MCP reminder %(day)s: %(documents)d documents, %(plans)d overdue plans") % {
            "day": date_format(day, "DATE_FORMAT"),
            "documents": len(documents),
            "plans": len(plans),
        }
        body = render_to_string(
            "reminders/digest.txt",
            {
                "name": user_display_name(digest.user),
                "day": day,
                "documents": documents,
                "plans": plans,
            },
        )
    return Rendered(subject=subject, body=body.strip() + "\n")


def _claim(digest: Digest, rendered: Rendered, day: datetime.date) -> OutboxMail | None:
    """The outbox row to send now, or None when today's mail is already sent or listed
    as unreachable (or another run holds it)."""
    address = digest.user.email.strip()
    status = OutboxMail.Status.SENDING if address else OutboxMail.Status.UNREACHABLE
    fields = {
        "recipient_name": user_display_name(digest.user),
        "address": address,
        "status": status,
        "subject": rendered.subject,
        "body": rendered.body,
    }
    try:
        with transaction.atomic():
            mail, created = OutboxMail.objects.select_for_update().get_or_create(
                recipient=digest.user, day=day, defaults=fields
            )
    except IntegrityError:  # another run claimed it between our read and insert
        return None
    if created:
        return mail
    if mail.status != OutboxMail.Status.FAILED:
        return None
    for name, value in fields.items():
        setattr(mail, name, value)
    mail.error = ""
    mail.save()
    return mail


def send_digests(digests: list[Digest], *, day: datetime.date, site_url: str) -> Outcome:
    """Send each digest not yet sent for `day` through the configured e-mail backend and
    record it in the outbox. Returns the counts of what happened."""
    outcome = Outcome()
    for digest in digests:
        rendered = render(digest, day=day, site_url=site_url)
        mail = _claim(digest, rendered, day)
        if mail is None:
            outcome.skipped += 1
            continue
        if mail.status == OutboxMail.Status.UNREACHABLE:
            outcome.unreachable += 1
            continue
        try:
            send_mail(
                rendered.subject,
                rendered.body,
                settings.DEFAULT_FROM_EMAIL,
                [mail.address],
                fail_silently=False,
            )
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
            mail.status, mail.error = OutboxMail.Status.FAILED, f"{type(error).__name__}: {error}"
            mail.save(update_fields=["status", "error"])
            outcome.failed += 1
            continue
        mail.status, mail.sent_at = OutboxMail.Status.SENT, timezone.now()
        mail.save(update_fields=["status", "sent_at"])
        outcome.sent += 1
    return outcome
