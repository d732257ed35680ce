from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresConfig(AppConfig):
    name = "scores"
    verbose_name = _("Scores")

    def ready(self) -> None:
        from pagecache.signals import raise_setup_version_on_write

        # Scores, targets and locks raise the data version inside their write services;
        # the reference data is edited in the admin.
        raise_setup_version_on_write(
            "scores.Indicator", "scores.ColourBand", "scores.FrameworkArea"
        )
