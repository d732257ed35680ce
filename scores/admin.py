from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mcp_dashboard.lib.history_admin import HistoryAdmin
from scores import services
from scores.models import ColourBand, FrameworkArea, Indicator, Score, Target, YearLock
from scores.values import validate_year
from skpd.admin_scope import GrantScopedAdmin


class ColourBandInline(admin.TabularInline):
    model = ColourBand
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_id", "name_en", "parent", "scale_min", "scale_max", "decimals"]
    list_filter = ["parent"]
    search_fields = ["code", "name_id", "name_en"]
    inlines = [ColourBandInline]


@admin.register(FrameworkArea)
class FrameworkAreaAdmin(HistoryAdmin):
    list_display = ["year", "area", "applies_to", "weight"]
    list_filter = ["year", "applies_to"]
    list_select_related = ["area"]


@admin.register(Score)
class ScoreAdmin(GrantScopedAdmin, HistoryAdmin):
    list_display = ["unit", "indicator", "year", "value", "status", "as_of", "source"]
    list_filter = ["year", "indicator", "unit__level", "status"]
    search_fields = ["unit__name", "unit__short_name", "unit__code"]
    list_select_related = ["unit", "indicator"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["version", "updated_by", "updated_at"]
    history_list_display = ["value", "status", "history_change_reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Changes go through the entry pages and their service, which check locks,
        # versions and reasons; the admin shows scores and their history.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(GrantScopedAdmin, HistoryAdmin):
    list_display = ["unit", "indicator", "year", "value", "source"]
    list_filter = ["year", "indicator", "unit__level"]
    search_fields = ["unit__name", "unit__short_name", "unit__code"]
    list_select_related = ["unit", "indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class YearLockForm(forms.ModelForm):
    """The services' year rule checked in the form, so a wrong year gets the form's
    message instead of an error raised from save_model."""

    class Meta:
        model = YearLock
        fields = ["year", "reason"]

    def clean_year(self) -> int:
        return validate_year(self.cleaned_data["year"])


@admin.register(YearLock)
class YearLockAdmin(HistoryAdmin):
    form = YearLockForm
    list_display = ["year", "reason", "locked_by", "locked_at"]
    readonly_fields = ["locked_by", "locked_at"]
    actions = None  # a bulk delete would unlock years without a reason each

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.year_lock(year=obj.year, by=request.user, reason=obj.reason)

    def delete_model(self, request, obj):
        services.year_unlock(
            year=obj.year, by=request.user, reason=str(_("Unlocked in the admin"))
        )
