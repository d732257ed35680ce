"""Admin for units and for the users who head them (issue 16, item 7): an SKPD head is
made on one screen, the user's page, with their role (group) and their unit(s)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from skpd.admin_scope import GrantScopedAdmin
from skpd.grants import role_grant, role_revoke
from skpd.models import RoleGrant, Unit
from skpd.roles import KEPALA_SKPD
from skpd.users import user_display_name
from skpd.versions import VersionedAdmin


def heads_without_unit(users: QuerySet[User]) -> QuerySet[User]:
    """Active users with the "Kepala SKPD" role who head no unit: they can log in but
    have no page to open."""
    return users.filter(is_active=True, groups__name=KEPALA_SKPD).exclude(
        Exists(Unit.heads.through.objects.filter(user=OuterRef("pk")))
    )


@admin.register(Unit)
class UnitAdmin(GrantScopedAdmin, VersionedAdmin):
    unit_paths = ("",)
    list_display = ["name", "short_name", "code", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["heads"]
    prepopulated_fields = {"code": ["short_name"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only users with the head role may head a unit; they are given it on the user's
        # page, together with their unit(s).
        if db_field.name == "heads":
            # A head who lost the role stays listed (and chosen) until removed here:
            # saving the unit must not drop them unseen.
            unit_pk = (request.resolver_match.kwargs or {}).get("object_id")
            known = str(unit_pk or "").isdigit()
            current = Q(headed_units__pk=unit_pk) if known else Q(pk__in=[])
            kwargs["queryset"] = (
                User.objects.filter(Q(groups__name=KEPALA_SKPD) | current)
                .distinct()
                .order_by("username")
            )
            kwargs["help_text"] = _(
                "Only users with the “Kepala SKPD” role are listed; give the role on the "
                "user's page, where the unit can be chosen too."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HeadedUnitsFormSet(forms.BaseInlineFormSet):
    """The user's units; refused unless the same form gives the user the head role."""

    head_group_pk: int | None = None
    chosen_group_pks: list[str] = []

    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("unit") and not form.cleaned_data.get("DELETE")
        ]
        if kept and str(self.head_group_pk) not in self.chosen_group_pks:
            raise ValidationError(
                _("Only a user with the “Kepala SKPD” role can head a unit: choose that role.")
            )


class HeadedUnitInline(admin.TabularInline):
    model = Unit.heads.through
    fk_name = "user"
    formset = HeadedUnitsFormSet
    extra = 1
    autocomplete_fields = ["unit"]
    verbose_name = gettext_lazy("unit headed")
    verbose_name_plural = gettext_lazy("units headed")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        head_group = Group.objects.filter(name=KEPALA_SKPD).first()
        # The role is chosen in the same form: the formset checks what was posted.
        return type(
            "HeadedUnitsFormSet",
            (formset,),
            {
                "head_group_pk": head_group.pk if head_group else None,
                "chosen_group_pks": request.POST.getlist("groups"),
            },
        )


class RoleGrantFormSet(forms.BaseInlineFormSet):
    """The user's active grants. Saved through skpd.grants (never deleted: a removed row
    is revoked, keeping who and when); a grant needs its role chosen in the same form."""

    by: User | None = None
    chosen_group_pks: list[str] = []

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            role = form.cleaned_data.get("role")
            if role is None or form.cleaned_data.get("DELETE"):
                continue
            if str(role.pk) not in self.chosen_group_pks:
                raise ValidationError(
                    _("Choose the role “%(role)s” above too, or remove its grant.")
                    % {"role": role.name}
                )

    def save_new(self, form, commit=True):
        return role_grant(
            user=self.instance,
            role=form.cleaned_data["role"],
            unit=form.cleaned_data.get("unit"),
            by=self.by,
        )

    def save_existing(self, form, obj, commit=True):
        stored = RoleGrant.objects.select_related("role", "unit").get(pk=obj.pk)
        role_revoke(user=self.instance, role=stored.role, unit=stored.unit, by=self.by)
        return self.save_new(form, commit)

    def delete_existing(self, obj, commit=True):
        stored = RoleGrant.objects.select_related("role", "unit").get(pk=obj.pk)
        role_revoke(user=self.instance, role=stored.role, unit=stored.unit, by=self.by)


class RoleGrantInline(admin.TabularInline):
    """Where the user holds each role (issue 18): a unit and every unit below it, or
    every unit when the unit is left empty. A user never granted keeps the rule from
    before grants (see skpd.access.Reach); the first grant limits them to their grants."""

    model = RoleGrant
    fk_name = "user"
    formset = RoleGrantFormSet
    fields = ["role", "unit", "given"]
    readonly_fields = ["given"]
    autocomplete_fields = ["unit"]
    extra = 1
    verbose_name = gettext_lazy("role granted for a unit")
    verbose_name_plural = gettext_lazy(
        "roles granted for units (empty unit: every unit; no grant at all: as before grants)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).active().select_related("role", "unit", "granted_by")

    @admin.display(description=gettext_lazy("granted"))
    def given(self, grant: RoleGrant) -> str:
        """Who granted it and when; nothing yet for a new row."""
        if grant.pk is None:
            return "–"
        when = formats.date_format(timezone.localtime(grant.granted_at), "DATETIME_FORMAT")
        return f"{user_display_name(grant.granted_by)}, {when} WITA"  # the site's zone

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "role" and field is not None:
            # Roles are made by the migrations: no add/change/delete links beside them.
            for flag in ("can_add_related", "can_change_related", "can_delete_related"):
                setattr(field.widget, flag, False)
            field.widget.can_view_related = False
        return field

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            "RoleGrantFormSet",
            (formset,),
            {"by": request.user, "chosen_group_pks": request.POST.getlist("groups")},
        )


class HeadWithoutUnitFilter(admin.SimpleListFilter):
    title = gettext_lazy("SKPD head")
    parameter_name = "head"

    def lookups(self, request, model_admin):
        return [
            ("no-unit", gettext_lazy("Head without a unit")),
            ("with-unit", gettext_lazy("Head of a unit")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "no-unit":
            return heads_without_unit(queryset)
        if self.value() == "with-unit":
            return queryset.filter(groups__name=KEPALA_SKPD, headed_units__isnull=False).distinct()
        return queryset


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [HeadedUnitInline, RoleGrantInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "grants",
        "units",
    ]
    list_filter = [HeadWithoutUnitFilter, "groups", "is_staff", "is_superuser", "is_active"]
    add_fieldsets = (
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (gettext_lazy("Name and role"), {"fields": ["first_name", "last_name", "groups"]}),
    )

    def get_queryset(self, request):
        active = Prefetch(
            "role_grants",
            queryset=RoleGrant.objects.active().select_related("role", "unit"),
            to_attr="active_grants",
        )
        users = super().get_queryset(request)
        return users.prefetch_related("headed_units", "groups", "role_grants__role", active)

    @admin.display(description=gettext_lazy("roles granted"))
    def grants(self, user: User) -> str:
        """The user's active grants; for a user with a role never granted, that the rule
        from before grants holds for them (skpd.access.Reach)."""
        if user.active_grants:
            return ", ".join(str(grant) for grant in user.active_grants)
        if user.groups.all() and not user.role_grants.all():
            return _("as before grants (none given yet)")
        return "–"

    @admin.display(description=gettext_lazy("units headed"))
    def units(self, user: User) -> str:
        return ", ".join(unit.display_name for unit in user.headed_units.all()) or "–"

    def changelist_view(self, request, extra_context=None):
        count = heads_without_unit(User.objects.all()).count()
        if count and request.method == "GET":
            url = reverse("admin:auth_user_changelist") + "?head=no-unit"
            messages.warning(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(count)d SKPD head has no unit and sees no unit page.",
                        "%(count)d SKPD heads have no unit and see no unit page.",
                        count,
                    )
                    % {"count": count},
                    url,
                    _("Show them"),
                ),
            )
        return super().changelist_view(request, extra_context)
