from django.contrib import admin

from skpd.models import Unit
from skpd.versions import VersionedAdmin


@admin.register(Unit)
class UnitAdmin(VersionedAdmin):
    list_display = ["name", "short_name", "code", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["heads"]
    prepopulated_fields = {"code": ["short_name"]}
