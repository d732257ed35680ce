"""Deletes keep history and leave nothing behind, whoever deletes (admin, a cascade,
a service): connected by ActionsConfig.ready."""

from django.db import transaction
from django.utils.translation import gettext as _

from actions.models import ActionPlan, Evidence, StrategicIssue
from mcp_dashboard.lib import uploads


def remove_file_after_commit(sender, instance: Evidence, **kwargs) -> None:
    """An evidence row's file goes when the delete commits, and stays if it rolls back
    (the row, and its history, come back with the file they name)."""
    stored_name = instance.stored_name
    transaction.on_commit(lambda: uploads.remove(stored_name))


def record_unlinked_plans(sender, instance: StrategicIssue, **kwargs) -> None:
    """Deleting an issue sets its plans' strategic_issue to NULL in one UPDATE, which
    writes no history: save each plan first, with the reason, so its history says
    when and why it lost its issue (the user comes from the request, as for any save)."""
    reason = _("Strategic issue “%(title)s” deleted") % {"title": instance.title}
    for plan in ActionPlan.objects.filter(strategic_issue=instance):
        plan.strategic_issue = None
        plan.version += 1  # a page showing the plan with its issue is now stale
        plan._change_reason = reason
        plan.save(update_fields=["strategic_issue", "version"])


def connect() -> None:
    from django.db.models.signals import post_delete, pre_delete

    post_delete.connect(remove_file_after_commit, sender=Evidence, dispatch_uid="evidence-file")
    pre_delete.connect(record_unlinked_plans, sender=StrategicIssue, dispatch_uid="issue-plans")
