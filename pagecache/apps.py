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
        from django.db.models.signals import post_migrate

        from mcp_dashboard.lib import lookups
        from pagecache import versioned

        # The lowest app registers what every query of the project relies on.
        lookups.register()

        request_started.connect(versioned.begin_request, dispatch_uid="mcp-version-begin")
        request_finished.connect(versioned.end_request, dispatch_uid="mcp-version-end")
        post_migrate.connect(raise_after_migrations, sender=self, dispatch_uid="mcp-migrated")


def raise_after_migrations(plan=None, apps=None, using="default", **_signal_arguments) -> None:
    """Migrations that ran may have changed data (a data migration writes past every
    service): a running server must not go on serving pages cached before them."""
    from pagecache import versioned

    if not plan or apps is None:
        return  # nothing ran (or a flush, which leaves nothing cached to serve)
    try:
        apps.get_model("pagecache", "ScopeVersion")
    except LookupError:
        return  # migrated back below the version rows
    if using == "default":  # the version row lives in the default database
        versioned.invalidate()
