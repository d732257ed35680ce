from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plans and evidence")

    def ready(self) -> None:
        from actions import signals
        from pagecache.signals import raise_data_version_on_write

        # Plans and evidence are written outside the score services, and the dashboard
        # and unit pages count them: the pages of their units' pemda, and for plans the
        # overdue lists of every dashboard (skpd.scopes).
        raise_data_version_on_write("actions.ActionPlan", scopes_of=plan_scopes)
        raise_data_version_on_write("actions.Evidence", scopes_of=evidence_scopes)
        signals.connect()


def plan_scopes(plan) -> set[str]:
    from skpd.scopes import plan_write_scopes

    return plan_write_scopes([plan.unit_id, plan.owner_unit_id])


def evidence_scopes(evidence) -> set[str]:
    """Evidence counts for its unit and for the units of the plan it supports."""
    from actions.models import ActionPlan
    from skpd.scopes import evidence_write_scopes

    unit_ids = [evidence.unit_id]
    if evidence.plan_id is not None:
        unit_ids += (
            ActionPlan.objects.filter(pk=evidence.plan_id)
            .values_list("unit_id", "owner_unit_id")
            .first()
            or []
        )
    return evidence_write_scopes(unit_ids)
