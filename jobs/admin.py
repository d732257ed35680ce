"""Background jobs are written only by jobs.services; the admin lists them read-only.

django-tasks-db registers its own task rows; they are the library's bookkeeping and
hold the tracebacks of failures, which the job's row never shows users, so they stay
out of the admin as well (the worker's log has them)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from jobs.models import BackgroundJob

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "owner", "state", "done", "total", "finished_at")
    list_filter = ("kind", "state")
    exclude = ("file_bytes",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
