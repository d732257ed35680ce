from django.contrib import admin

from actions import services
from actions.models import ActionPlan, Evidence, ProgressNote, StrategicIssue
from mcp_dashboard.lib.history_admin import HistoryAdmin
from skpd.admin_scope import GrantScopedAdmin
from skpd.versions import VersionedAdmin


@admin.register(StrategicIssue)
class StrategicIssueAdmin(VersionedAdmin, HistoryAdmin):
    list_display = ["title", "year", "strategy", "status", "is_demo"]
    list_filter = ["year", "strategy", "status", "is_demo"]
    search_fields = ["title", "description"]
    filter_horizontal = ["areas", "responsible_units", "team_members"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        services.strategic_issue_save(issue=obj, by=request.user)


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    readonly_fields = ["noted_on", "text", "status_after", "created_by", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(GrantScopedAdmin, VersionedAdmin, HistoryAdmin):
    unit_paths = ("unit", "owner_unit")
    list_display = ["title", "unit", "year", "area", "owner_unit", "due_date", "status", "is_demo"]
    list_filter = ["year", "status", "area", "is_demo"]
    search_fields = ["title", "description", "person_in_charge"]
    list_select_related = ["unit", "area", "owner_unit"]
    autocomplete_fields = ["unit", "owner_unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ProgressNoteInline]

    def save_model(self, request, obj, form, change):
        services.action_plan_save(plan=obj, by=request.user)


@admin.register(ProgressNote)
class ProgressNoteAdmin(GrantScopedAdmin, HistoryAdmin):
    unit_paths = ("plan__unit", "plan__owner_unit")
    list_display = ["plan", "noted_on", "status_after", "created_by"]
    list_select_related = ["plan", "created_by"]
    readonly_fields = ["plan", "noted_on", "text", "status_after", "created_by", "created_at"]

    def has_add_permission(self, request):
        # Progress is reported on the plan's page, which also moves the plan's status.
        return False


@admin.register(Evidence)
class EvidenceAdmin(GrantScopedAdmin, HistoryAdmin):
    unit_paths = ("unit", "plan__unit", "plan__owner_unit")
    list_display = ["original_name", "unit", "year", "area", "plan", "status", "uploaded_at"]
    list_filter = ["year", "status", "area"]
    search_fields = ["original_name", "description"]
    list_select_related = ["unit", "area", "plan"]
    readonly_fields = [
        "plan",
        "unit",
        "year",
        "area",
        "original_name",
        "content_type",
        "size",
        "status",
        "verifier_comment",
        "verified_by",
        "verified_at",
        "uploaded_by",
        "uploaded_at",
    ]
    history_list_display = ["status", "verifier_comment", "history_change_reason"]

    def has_add_permission(self, request):
        # Files arrive through the upload form, which checks their content.
        return False

    def has_change_permission(self, request, obj=None):
        # The verdict is given on the plan's page, through the verification service.
        return False
