"""The MCP workbook: KPK's catalogue for a year (area → indicator → sub-indicator →
document), each pemda's documents with their state, files and owner OPD, and the
self-assessed and verified values per sub-indicator.

Sources: ../shared/DOMAIN.md, "MCP: documents and verification". Sub-indicator names
and weights (bobot) are not published by KPK: they are data, never facts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scores.models import YEAR_MAX, YEAR_MIN, Indicator
from skpd.models import Unit


class AppliesTo(models.TextChoices):
    """Which kinds of pemda a catalogue entry applies to."""

    ALL = "all", _("All pemda")
    PROVINCE = "province", _("Provinces")
    REGENCY_CITY = "regency-city", _("Regencies and cities")
    WITH_VILLAGES = "with-villages", _("Pemda with villages")


class CatalogueEntryQuerySet(models.QuerySet):
    def current(self):
        """Entries in the year's catalogue now (a retired entry keeps its history)."""
        return self.filter(retired_at__isnull=True)

    def of_year(self, year: int):
        return self.filter(year=year)

    def applying_to(self, pemda: Unit):
        """Entries that apply to this pemda's kind ("with villages": regencies)."""
        kind = pemda.framework_kind
        kinds = [AppliesTo.ALL, kind]
        if kind == "regency-city" and pemda.level == Unit.Level.REGENCY:
            kinds.append(AppliesTo.WITH_VILLAGES)
        return self.filter(applies_to__in=kinds)


class CatalogueEntry(models.Model):
    """One entry of a year's catalogue: an area (with its weight for the year), an
    indicator, a sub-indicator or a document (bukti dukung). Codes are KPK's
    (`4.1.2`), unique per year and level; `weight` is a percentage of the parent."""

    class Level(models.TextChoices):
        AREA = "area", _("Area")
        INDICATOR = "indicator", _("Indicator")
        SUB_INDICATOR = "sub-indicator", _("Sub-indicator")
        DOCUMENT = "document", _("Document")

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    area = models.ForeignKey(
        Indicator,
        verbose_name=_("MCP area"),
        on_delete=models.PROTECT,
        related_name="catalogue_entries",
        limit_choices_to={"parent__isnull": False},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=500)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Percentage of the parent. KPK does not publish weights: leave empty."),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    default_owner = models.ForeignKey(
        Unit,
        verbose_name=_("default owner OPD"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A suggestion for assignment, not a fact."),
    )
    sort_key = models.CharField(max_length=80, editable=False, default="")
    # Raised by every save; the admin refuses an edit from an older read (skpd.versions).
    version = models.PositiveIntegerField(_("version"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)
    retired_at = models.DateTimeField(
        _("retired at"),
        null=True,
        blank=True,
        help_text=_("Dropped from the year's catalogue; kept with its history and files."),
    )
    history = HistoricalRecords()

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["year", "sort_key", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "level", "code"], name="catalogue_entry_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="catalogue_entry_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0, weight__lte=100),
                name="catalogue_entry_weight_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.code)
        super().save(*args, **kwargs)


def natural_key(code: str) -> str:
    """`4.1.10` after `4.1.2`: each numeric part padded, for ordering in the database."""
    return ".".join(part.zfill(4) if part.isdigit() else part for part in code.split("."))[:80]


class DocumentState(models.TextChoices):
    """A document's state, in KPK's and the inspectorate's words (DOMAIN.md)."""

    MISSING = "belum", _("Not uploaded yet")
    SUBMITTED = "diajukan", _("Submitted by OPD")
    RETURNED = "dikembalikan", _("Returned")
    READY = "siap-unggah", _("Ready to upload")
    UPLOADED = "diunggah", _("Uploaded to KPK")
    ACCEPTED = "diterima", _("Accepted by KPK")
    REJECTED = "ditolak", _("Rejected by KPK / needs revision")


# States in which the OPD has delivered a file that nobody has turned down (yet).
PENDING_STATES = (DocumentState.SUBMITTED, DocumentState.READY, DocumentState.UPLOADED)
# States that need the OPD's work.
OPEN_STATES = (DocumentState.MISSING, DocumentState.RETURNED, DocumentState.REJECTED)


class DocumentRecordQuerySet(models.QuerySet):
    def visible_to(self, unit_ids: set[int] | None):
        """Records owned by (or supported by) the given units; None is all."""
        if unit_ids is None:
            return self
        return self.filter(Q(owner__in=unit_ids) | Q(pemda__in=unit_ids))

    def of_year(self, pemda: Unit, year: int):
        return self.filter(pemda=pemda, document__year=year)


class DocumentRecord(models.Model):
    """One catalogue document for one pemda: its owner OPD (OPD pengampu), supporting
    OPDs, person in charge, state and the last note from the Inspektorat or KPK."""

    pemda = models.ForeignKey(
        Unit, verbose_name=_("pemda"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        CatalogueEntry,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="records",
        limit_choices_to={"level": CatalogueEntry.Level.DOCUMENT},
    )
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("owner OPD"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_documents",
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("supporting OPDs"), blank=True, related_name="supported_documents"
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=120, blank=True)
    # The person in charge's account, when they have one: they get the reminder digest of
    # this document (reminders.digest), if their role lets them see its unit. The text
    # above stays for people without an account.
    person_in_charge_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents_in_charge",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=DocumentState.choices, default=DocumentState.MISSING
    )
    note = models.TextField(_("note"), blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("state changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Raised by every write (state, assignment, file); a page sends back the one it showed.
    version = models.PositiveIntegerField(_("version"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(excluded_fields=["is_demo"])

    objects = DocumentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("workbook document")
        verbose_name_plural = _("workbook documents")
        ordering = ["document__sort_key"]
        permissions = [
            ("submit_document", _("Can upload and submit workbook documents")),
            ("review_document", _("Can review documents and record KPK's verdict")),
            ("import_catalogue", _("Can import the MCP catalogue and KPK's extract")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "document"], name="document_record_unique"),
        ]
        indexes = [models.Index(fields=["owner", "state"], name="document_record_owner_state")]

    def __str__(self) -> str:
        return f"{self.pemda} · {self.document}"


class DocumentFile(models.Model):
    """An evidence file of a document; stored by mcp_dashboard.lib.uploads' rules (content decides
    the type, a generated name outside every published path)."""

    record = models.ForeignKey(
        DocumentRecord, verbose_name=_("document"), on_delete=models.PROTECT, related_name="files"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(_("stored as"), max_length=80, unique=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class SubIndicatorValue(models.Model):
    """A pemda's self-assessed value (nilai) and verified value (nilai verifikasi) of a
    sub-indicator, 0–100, with the dates of the report and the verification."""

    pemda = models.ForeignKey(
        Unit, verbose_name=_("pemda"), on_delete=models.PROTECT, related_name="+"
    )
    sub_indicator = models.ForeignKey(
        CatalogueEntry,
        verbose_name=_("sub-indicator"),
        on_delete=models.PROTECT,
        related_name="values",
        limit_choices_to={"level": CatalogueEntry.Level.SUB_INDICATOR},
    )
    value = models.DecimalField(
        _("self-assessed value"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    verified_value = models.DecimalField(
        _("verified value"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Raised by every write; a stale one is refused (workbook.services).
    version = models.PositiveIntegerField(_("version"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-indicator value")
        verbose_name_plural = _("sub-indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "sub_indicator"], name="sub_indicator_value_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=100),
                name="sub_indicator_value_range",
            ),
            models.CheckConstraint(
                condition=Q(verified_value__isnull=True)
                | Q(verified_value__gte=0, verified_value__lte=100),
                name="sub_indicator_verified_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pemda} · {self.sub_indicator}"


class ImportDraft(models.Model):
    """A read file kept on the server between its preview and its apply (catalogue or
    KPK extract); it belongs to whoever uploaded it."""

    class Kind(models.TextChoices):
        CATALOGUE = "catalogue", _("Catalogue")
        JAGA = "jaga", _("KPK extract (jaga.id)")

    token = models.UUIDField(unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("workbook import draft")
        verbose_name_plural = _("workbook import drafts")

    def __str__(self) -> str:
        return self.file_name
