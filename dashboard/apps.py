from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The pages that read: the provincial dashboard, unit pages, the national view and
    their charts. The top layer: it reads scores and actions, and nothing imports it."""

    name = "dashboard"
    verbose_name = _("Dashboard")
