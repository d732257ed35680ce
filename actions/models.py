"""Strategic issues, action plans with progress notes, and evidence files.

"Overdue" (terlambat) is never stored: it follows from the due date and the status,
so it can never disagree with the calendar.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scores.models import YEAR_MAX, YEAR_MIN, Indicator
from skpd.models import Unit

REMINDER_DAYS = 14


def today() -> datetime.date:
    """Today in the installation's time zone (WITA), not in UTC."""
    return timezone.localdate()


class Strategy(models.TextChoices):
    BUILDING_VALUES = "membangun-nilai", _("Building values")
    SYSTEM_IMPROVEMENT = "perbaikan-sistem", _("System improvement")
    DETERRENCE = "efek-jera", _("Deterrence")


class StrategicIssue(models.Model):
    """An issue the inspectorate maps with the units and people responsible (e.g. stunting)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    strategy = models.CharField(_("strategy"), max_length=20, choices=Strategy.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    areas = models.ManyToManyField(
        Indicator,
        verbose_name=_("MCP areas"),
        blank=True,
        related_name="strategic_issues",
        limit_choices_to={"parent__isnull": False},
    )
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("responsible units"), blank=True, related_name="strategic_issues"
    )
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members"),
        blank=True,
        related_name="strategic_issues",
    )
    team_note = models.TextField(
        _("team"), blank=True, help_text=_("Names and roles of team members without an account.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Raised by every save in actions.services; a page sends the one it showed.
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="strategic_issue_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, unit_ids: set[int] | None):
        """Plans of the given units (as the scored unit or as the owner); None is all."""
        if unit_ids is None:
            return self
        return self.filter(Q(owner_unit__in=unit_ids) | Q(unit__in=unit_ids))

    def open(self):
        return self.exclude(status=ActionPlan.Status.DONE)

    def overdue(self, on: datetime.date | None = None):
        return self.open().filter(due_date__lt=on or today())

    def due_soon(self, on: datetime.date | None = None, days: int = REMINDER_DAYS):
        on = on or today()
        return self.open().filter(due_date__gte=on, due_date__lte=on + datetime.timedelta(days))


class ActionPlan(models.Model):
    """What a unit will do about an MCP area (or a strategic issue) in a year, and by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit scored"),
        on_delete=models.PROTECT,
        related_name="action_plans",
        help_text=_("The pemda or unit whose score this plan should raise."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        Indicator,
        verbose_name=_("MCP area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        limit_choices_to={"parent__isnull": False},
    )
    strategic_issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("what will be done"), blank=True)
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="owned_action_plans",
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=120, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Raised by every save in actions.services; a page sends the one it showed.
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(strategic_issue__isnull=False),
                name="action_plan_has_area_or_issue",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="action_plan_year_in_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_plan_status_due")]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.status != self.Status.DONE and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(today())

    @property
    def shown_status(self) -> str:
        """The status as people read it: "Overdue" replaces an open status past its date."""
        return str(_("Overdue")) if self.is_overdue else self.get_status_display()

    @property
    def shown_status_code(self) -> str:
        return "overdue" if self.is_overdue else self.status


class ProgressNote(models.Model):
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="progress_notes",
    )
    noted_on = models.DateField(_("date"), default=today)
    text = models.TextField(_("progress"))
    status_after = models.CharField(
        _("status after"), max_length=12, choices=ActionPlan.Status.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    # A note deleted in the admin leaves its text and who deleted it here.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-noted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.noted_on}"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, unit_ids: set[int] | None):
        if unit_ids is None:
            return self
        return self.filter(
            Q(unit__in=unit_ids) | Q(plan__owner_unit__in=unit_ids) | Q(plan__unit__in=unit_ids)
        )

    def of_unit(self, unit: Unit):
        """Evidence counted for a unit: its own, and that of the plans it owns."""
        return self.filter(Q(unit=unit) | Q(plan__owner_unit=unit))


class Evidence(models.Model):
    """An uploaded file (bukti dukung) for an action plan or for a unit's area in a year.

    The file lives under settings.EVIDENCE_ROOT with a generated name; only the
    download view serves it, after the unit's access check."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        AWAITING = "awaiting", _("Awaiting verification")
        ACCEPTED = "accepted", _("Accepted")
        NEEDS_REVISION = "needs-revision", _("Needs revision")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="evidence"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        Indicator,
        verbose_name=_("MCP area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        limit_choices_to={"parent__isnull": False},
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(_("stored as"), max_length=80, unique=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    status = models.CharField(
        _("verification status"), max_length=16, choices=Status.choices, default=Status.UPLOADED
    )
    verifier_comment = models.TextField(_("verifier's comment"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Raised by every save in actions.services; a verdict sends the one it showed.
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at", "-pk"]
        permissions = [("verify_evidence", _("Can verify evidence"))]
        indexes = [models.Index(fields=["unit", "year"], name="evidence_unit_year")]

    def __str__(self) -> str:
        return self.original_name
