"""The year's calendar (KPK's milestones and the pemda's own deadlines before them) and
the outbox of reminder mails.

A document's due date is never copied onto it: `reminders.calendar.documents_due_on`
reads it from the calendar whenever a document has none of its own, so moving the
cut-off moves every document that follows it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Milestone(models.Model):
    """A date in KPK's MCP year (DOMAIN.md, "Rhythm"): the 2025 cut-off was 30 November
    2025. A year has at most one cut-off; verification windows may repeat."""

    class Kind(models.TextChoices):
        INDICATORS = "indikator", _("Indicators launched by KPK")
        ENTRY_OPENS = "pengisian", _("Entry opens")
        VERIFICATION_OPENS = "verifikasi-mulai", _("Verification window opens")
        VERIFICATION_CLOSES = "verifikasi-selesai", _("Verification window closes")
        CUTOFF = "batas-akhir", _("Cut-off")
        RELEASE = "rilis", _("Scores released")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("milestone"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Raised by every write (reminders.services); a page sends back the one it showed.
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPK milestone")
        verbose_name_plural = _("KPK milestones")
        ordering = ["year", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(kind="batas-akhir"),
                name="milestone_one_cutoff_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_kind_display()}"


class InternalDeadline(models.Model):
    """The pemda's own deadline, a number of days before one of KPK's milestones (e.g.
    OPDs submit 14 days before the cut-off). When `documents_due` is set, every
    workbook document of the year without its own due date is due on it."""

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("before milestone"),
        on_delete=models.CASCADE,
        related_name="internal_deadlines",
    )
    name = models.CharField(_("name"), max_length=200)
    days_before = models.PositiveSmallIntegerField(_("days before"))
    documents_due = models.BooleanField(
        _("OPD documents are due"),
        default=False,
        help_text=_("Workbook documents without their own due date are due on this date."),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal deadline")
        verbose_name_plural = _("internal deadlines")
        ordering = ["milestone__date", "-days_before", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def date(self) -> datetime.date:
        return self.milestone.date - datetime.timedelta(days=self.days_before)


class OutboxMail(models.Model):
    """One reminder digest for one person on one day: what was sent (or why not).
    Unique per recipient and day, which makes `send_reminders` idempotent."""

    class Status(models.TextChoices):
        SENDING = "mengirim", _("Sending")
        SENT = "terkirim", _("Sent")
        UNREACHABLE = "tanpa-email", _("Unreachable: no e-mail address")
        FAILED = "gagal", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recipient_name = models.CharField(_("recipient name"), max_length=200)
    address = models.EmailField(_("e-mail address"), blank=True)
    day = models.DateField(_("reminder day"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("reminder mail")
        verbose_name_plural = _("reminder outbox")
        ordering = ["-day", "recipient_name"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="outbox_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} · {self.recipient_name}"
