from django.contrib import admin

from mcp_dashboard.lib.history_admin import HistoryAdmin
from reminders.models import InternalDeadline, Milestone, OutboxMail
from skpd.versions import VersionedAdmin


class InternalDeadlineInline(admin.TabularInline):
    model = InternalDeadline
    extra = 1
    fields = ["name", "days_before", "documents_due"]


@admin.register(Milestone)
class MilestoneAdmin(VersionedAdmin, HistoryAdmin):
    """The superuser's view of the calendar; the Inspektorat edits it on its own page
    (reminders.views.calendar), with the same version check."""

    list_display = ["year", "kind", "date", "note"]
    list_filter = ["year", "kind"]
    inlines = [InternalDeadlineInline]


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """Read-only: the outbox is a record of what was sent."""

    list_display = ["day", "recipient_name", "address", "status", "sent_at", "subject"]
    list_filter = ["status", "day"]
    search_fields = ["recipient_name", "address", "subject"]
    readonly_fields = [f.name for f in OutboxMail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
