from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Calendar and reminders")

    def ready(self) -> None:
        from reminders import login  # noqa: F401  (connects the login receiver)
