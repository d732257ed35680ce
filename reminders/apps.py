from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Calendar and reminders")

    def ready(self) -> None:
        from pagecache.signals import raise_data_version_on_write
        from reminders import login  # noqa: F401  (connects the login receiver)

        # A calendar change moves the due date of every document that follows it, on
        # every page; the services raise the version too, the admin's saves only here.
        raise_data_version_on_write("reminders.Milestone", "reminders.InternalDeadline")
