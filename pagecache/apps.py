from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The ground floor: the versioned cache every app above it reads and invalidates.
    It imports no other app of the project; each app connects its own models' signals
    to `versioned.invalidate` or `versioned.invalidate_setup`."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from mcp_dashboard.lib import lookups
        from pagecache import versioned

        # The lowest app registers what every query of the project relies on.
        lookups.register()

        request_started.connect(versioned.begin_request, dispatch_uid="mcp-version-begin")
        request_finished.connect(versioned.end_request, dispatch_uid="mcp-version-end")
