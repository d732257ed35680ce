from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from mcp_dashboard.lib.history_admin import HistoryAdmin
from skpd.admin_scope import GrantScopedAdmin
from skpd.versions import VersionedAdmin
from workbook import services
from workbook.models import CatalogueEntry, DocumentRecord


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(VersionedAdmin, HistoryAdmin):
    """Admin edits the catalogue; entries are retired (retired at), never deleted."""

    list_display = ["code", "name", "year", "level", "area", "weight", "applies_to", "retired_at"]
    list_filter = ["year", "level", "area", "applies_to", "is_demo"]
    search_fields = ["code", "name"]
    list_select_related = ["area"]
    raw_id_fields = ["parent"]
    autocomplete_fields = ["default_owner"]

    def save_model(self, request, obj, form, change):
        services.catalogue_entry_save(entry=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentRecordForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        try:
            services.check_person_in_charge(
                cleaned.get("person_in_charge_user"), cleaned.get("owner")
            )
        except ValidationError as error:
            self.add_error("person_in_charge_user", error)
        return cleaned


@admin.register(DocumentRecord)
class DocumentRecordAdmin(GrantScopedAdmin, VersionedAdmin, HistoryAdmin):
    unit_paths = ("pemda", "owner")
    """Assignment (owner, supporting OPDs, person in charge); states move only through
    the workbook's pages."""

    form = DocumentRecordForm
    list_display = ["document", "pemda", "owner", "state", "state_changed_at"]
    list_filter = ["state", "document__year", "document__area"]
    search_fields = ["document__code", "document__name"]
    list_select_related = ["document", "pemda", "owner"]
    autocomplete_fields = ["owner", "supporting_units", "person_in_charge_user"]
    fields = [
        "pemda",
        "document",
        "owner",
        "supporting_units",
        "person_in_charge",
        "person_in_charge_user",
        "due_date",
    ]
    readonly_fields = ["pemda", "document"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = "Admin"
        super().save_model(request, obj, form, change)
