from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpdConfig(AppConfig):
    name = "skpd"
    verbose_name = _("Units")
