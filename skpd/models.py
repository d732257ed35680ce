from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def children_of(self, unit: "Unit"):
        return self.filter(parent=unit).order_by("name")

    def pemda(self):
        return self.filter(level__in=Unit.PEMDA_LEVELS)


class Unit(models.Model):
    """Any organisation that has scores: the national benchmark, a pemda or an SKPD.

    The units form one tree (nasional → province → kabupaten/kota and SKPD), so one code
    path serves every level: a unit's trend is its own scores, its benchmark its
    parent's, its ranking its children's.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")
        SKPD = "skpd", _("Work unit (SKPD)")

    PEMDA_LEVELS = (Level.PROVINCE, Level.REGENCY, Level.CITY)

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("heads"),
        blank=True,
        related_name="headed_units",
        help_text=_("Users who head this unit and may open its pages."),
    )
    # Raised by each admin save; an edit from an older read is refused (skpd.versions).
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        permissions = [("view_all_units", _("Can view every unit's scores"))]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def framework_kind(self) -> str:
        """Which MCP framework applies: an SKPD follows the pemda it belongs to."""
        unit = self
        while unit.level == self.Level.SKPD and unit.parent_id is not None:
            unit = unit.parent
        if unit.level in (self.Level.REGENCY, self.Level.CITY):
            return "regency-city"
        return unit.level


class RoleGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """Where a user holds a role (issue 18): the role's group says WHAT the user may do
    (its permissions), the grant says WHERE: the unit's subtree (a province with its
    kabupaten/kota and their SKPD, a pemda with its SKPD, one SKPD), or every unit when
    `unit` is empty (a national role). Rows are never deleted: a revoked grant keeps who
    granted and revoked it and when (the grant's history). skpd.grants writes them;
    skpd.access reads them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    role = models.ForeignKey(
        "auth.Group", verbose_name=_("role"), on_delete=models.PROTECT, related_name="grants"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_grants",
        help_text=_("The unit and every unit below it; empty for every unit (national)."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user", "role", "granted_at"]
        # Given by the first grant and kept after revoking: the user reaches only what
        # their grants name (skpd.access.reach), never the rule from before grants.
        permissions = [("limited_to_grants", _("Reaches only the units of their grants"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(revoked_at__isnull=True),
                name="skpd_one_active_grant_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(revoked_at__isnull=True, unit__isnull=True),
                name="skpd_one_active_national_grant",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.display_name if self.unit_id else _("national")
        return f"{self.role.name} · {where}"
