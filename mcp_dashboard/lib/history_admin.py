from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's page for one past version saves a POSTed form ("revert")
    without asking has_change_permission, so an admin whose model is read-only
    (scores, targets, locks, evidence: written only by their services) could still
    overwrite a record there, past the services' lock, version and reason checks."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
