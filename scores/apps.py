from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresConfig(AppConfig):
    name = "scores"
    verbose_name = _("Scores")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from scores import aggregates

        # Writes that do not pass through scores.services but change what cached
        # pages show: action plans and evidence (the dashboard's counts), the unit
        # tree and the reference data edited in the admin.
        for label in (
            "actions.ActionPlan",
            "actions.Evidence",
            "skpd.Unit",
            "scores.Indicator",
            "scores.ColourBand",
            "scores.FrameworkArea",
        ):
            for signal in (post_save, post_delete):
                signal.connect(aggregates.invalidate, sender=label, dispatch_uid=f"mcp-{label}")
