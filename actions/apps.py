from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plans and evidence")

    def ready(self) -> None:
        from actions import (
            reminders,  # noqa: F401  (connects the login receiver)
            signals,
        )
        from pagecache.signals import raise_data_version_on_write

        # Plans and evidence are written outside the score services, and the dashboard
        # counts them.
        raise_data_version_on_write("actions.ActionPlan", "actions.Evidence")
        signals.connect()
