from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plans and evidence")

    def ready(self) -> None:
        from actions import reminders  # noqa: F401  (connects the login receiver)
