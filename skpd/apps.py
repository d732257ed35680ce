from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpdConfig(AppConfig):
    name = "skpd"
    verbose_name = _("Units")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from mcp_dashboard.middleware import mark_session_touched

        user_logged_in.connect(mark_session_touched, dispatch_uid="mark_session_touched")
