from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from skpd.models import Unit

YEAR_MIN = 2000
YEAR_MAX = 2100
DEMO_SOURCE = "Data contoh (demo)"
SYNTHETIC_SOURCE = "Data sintetis (uji skala)"


class Indicator(models.Model):
    """MCP, its intervention areas, IPAK or IIN: what a score measures and on which scale."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text=_("The older area this one carries on, for trends across framework changes."),
    )
    scale_min = models.DecimalField(_("scale minimum"), max_digits=9, decimal_places=4)
    scale_max = models.DecimalField(_("scale maximum"), max_digits=9, decimal_places=4)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=2)
    suffix = models.CharField(_("suffix"), max_length=8, blank=True, help_text=_("e.g. %"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="indicator_scale_max_above_min",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def is_area(self) -> bool:
        return self.parent_id is not None

    def band_for(self, value: Decimal | None) -> "ColourBand | None":
        """The band a value falls in; bands must be prefetched or cached by the caller."""
        if value is None:
            return None
        found = None
        for band in sorted(self.bands.all(), key=lambda b: b.lower):
            if value >= band.lower:
                found = band
        return found


class ColourBand(models.Model):
    """A named range of an indicator's scale (KPK's merah…hijau, BPS's permisif…)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="bands"
    )
    label_id = models.CharField(_("label (Indonesian)"), max_length=60)
    label_en = models.CharField(_("label (English)"), max_length=60)
    lower = models.DecimalField(_("lower bound"), max_digits=9, decimal_places=4)
    colour = models.CharField(_("colour"), max_length=7, help_text=_("Hex, e.g. #2e7d32"))

    class Meta:
        verbose_name = _("colour band")
        verbose_name_plural = _("colour bands")
        ordering = ["indicator", "lower"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "lower"], name="band_unique_lower"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "id").startswith("en") else self.label_id


class FrameworkArea(models.Model):
    """An MCP area that counts in a year's framework for one kind of pemda."""

    class AppliesTo(models.TextChoices):
        ALL = "all", _("All pemda")
        PROVINCE = "province", _("Provinces only")
        REGENCY_CITY = "regency-city", _("Regencies and cities only")

    year = models.PositiveSmallIntegerField(_("year"))
    applies_to = models.CharField(
        _("applies to"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    area = models.ForeignKey(
        Indicator,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="framework_years",
        limit_choices_to={"parent__isnull": False},
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Official weights are not published; leave empty for equal weights."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework area")
        verbose_name_plural = _("framework areas")
        ordering = ["year", "area__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "applies_to", "area"], name="framework_area_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0),
                name="framework_weight_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.area}"

    @staticmethod
    def kinds_for(framework_kind: str) -> list[str]:
        """The applies_to values that include a unit of this framework kind."""
        return [FrameworkArea.AppliesTo.ALL, framework_kind]


class ScoreQuerySet(models.QuerySet):
    def for_unit(self, unit: Unit):
        return self.filter(unit=unit)

    def for_units(self, units):
        return self.filter(unit__in=units)

    def final(self):
        return self.filter(status=Score.Status.FINAL)

    def demo(self):
        return self.filter(source=DEMO_SOURCE)


class Score(models.Model):
    class Status(models.TextChoices):
        FINAL = "final", _("Final")
        PROGRESS = "progress", _("Provisional")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=4)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.FINAL
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords()

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["unit", "year", "indicator__sort_order"]
        permissions = [
            ("import_scores", _("Can import scores from a spreadsheet")),
            ("export_scores", _("Can export scores")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year"], name="score_unique_unit_indicator_year"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_value_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="score_year_in_range"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"], name="score_indicator_year")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator.code} · {self.year}: {self.value}"

    @property
    def is_demo(self) -> bool:
        return self.source == DEMO_SOURCE


class Target(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=9, decimal_places=4)
    source = models.CharField(_("source"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["unit", "year", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year"], name="target_unique_unit_indicator_year"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="target_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator.code} · {self.year}: {self.value}"


class YearLock(models.Model):
    """A year closed for editing after verification. Unlocking deletes the lock;
    the history keeps both events with their reasons."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    reason = models.TextField(_("reason"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year lock")
        verbose_name_plural = _("year locks")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class ImportEvent(models.Model):
    """One applied spreadsheet import: the history of every value it changed names it."""

    file_name = models.CharField(_("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"))
    created_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.reason

    @property
    def reason(self) -> str:
        """The change reason the history of each imported value carries."""
        return f"Impor #{self.pk}: {self.file_name}"


class ImportDraft(models.Model):
    """A previewed file's rows, kept on the server between the preview and Apply so
    that Apply never trusts data posted back by the browser."""

    token = models.UUIDField(primary_key=True)
    file_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    rows = models.JSONField(_("rows"))
    # What the user last saw: the stored versions of the rows' values at the preview.
    seen = models.CharField(_("versions seen"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")

    def __str__(self) -> str:
        return self.file_name
