"""Admin for units and for the users who head them (issue 16, item 7): an SKPD head is
made on one screen, the user's page, with their role (group) and their unit(s)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from skpd.models import Unit
from skpd.roles import KEPALA_SKPD
from skpd.versions import VersionedAdmin


def heads_without_unit(users: QuerySet[User]) -> QuerySet[User]:
    """Active users with the "Kepala SKPD" role who head no unit: they can log in but
    have no page to open."""
    return users.filter(is_active=True, groups__name=KEPALA_SKPD).exclude(
        Exists(Unit.heads.through.objects.filter(user=OuterRef("pk")))
    )


@admin.register(Unit)
class UnitAdmin(VersionedAdmin):
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
    inlines = [HeadedUnitInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "units"]
    list_filter = [HeadWithoutUnitFilter, "groups", "is_staff", "is_superuser", "is_active"]
    add_fieldsets = (
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (gettext_lazy("Name and role"), {"fields": ["first_name", "last_name", "groups"]}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("headed_units")

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
