from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SETUP_MODELS = (
    "skpd.Unit",
    "scores.Indicator",
    "scores.ColourBand",
    "scores.FrameworkArea",
    "auth.Group",
    "auth.Permission",
)


class ScoresConfig(AppConfig):
    name = "scores"
    verbose_name = _("Scores")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from scores import aggregates

        request_started.connect(aggregates.begin_request, dispatch_uid="mcp-version-begin")
        request_finished.connect(aggregates.end_request, dispatch_uid="mcp-version-end")

        # Writes that do not pass through scores.services but change what cached
        # pages show: action plans and evidence (the dashboard's counts) raise the data
        # version; the unit tree, the reference data edited in the admin, groups and
        # permissions raise the setup version (each user's permissions and visible
        # units are cached under it: skpd.auth_backends, skpd.access).
        for labels, invalidate in (
            (("actions.ActionPlan", "actions.Evidence"), aggregates.invalidate),
            (SETUP_MODELS, aggregates.invalidate_setup),
        ):
            for label in labels:
                for signal in (post_save, post_delete):
                    signal.connect(invalidate, sender=label, dispatch_uid=f"mcp-{label}")
        for through in self.membership_tables():
            m2m_changed.connect(
                aggregates.invalidate_setup,
                sender=through,
                dispatch_uid=f"mcp-{through._meta.label}",
            )

    @staticmethod
    def membership_tables() -> list:
        """Who is in which group, holds which permission, heads which unit."""
        from django.contrib.auth.models import Group, User

        from skpd.models import Unit

        return [
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
            Unit.heads.through,
        ]
