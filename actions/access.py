from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from actions.models import ActionPlan, Evidence
from skpd.access import visible_unit_ids


def require_perm(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def plan_for_user(request: HttpRequest, pk: int) -> ActionPlan:
    """The plan, or 404 when it does not exist or belongs to units the user may not see
    (a guessed id reveals nothing)."""
    plans = ActionPlan.objects.visible_to(visible_unit_ids(request.user)).select_related(
        "unit", "owner_unit", "area", "strategic_issue", "created_by"
    )
    return get_object_or_404(plans, pk=pk)


def evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    require_perm(request, "actions.view_evidence")
    visible = Evidence.objects.visible_to(visible_unit_ids(request.user))
    return get_object_or_404(visible.select_related("plan"), pk=pk)
