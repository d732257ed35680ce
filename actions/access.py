"""Who may use the strategic-issue, action-plan and evidence pages, and which plans,
evidence and issues a user may find: skpd.access's rule applied to actions.

The pages are refused by role with `role_required(<one of the permissions below>)`
(403, before anything is looked up); an object the user may not know of is Http404,
like one that does not exist.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from actions.models import ActionPlan, Evidence, StrategicIssue
from skpd.access import visible_unit_ids

VIEW_ISSUES = "actions.view_strategicissue"
ADD_ISSUES = "actions.add_strategicissue"
CHANGE_ISSUES = "actions.change_strategicissue"
VIEW_PLANS = "actions.view_actionplan"
# Creating and editing a plan are one right: both are the plan form's.
EDIT_PLANS = "actions.add_actionplan"
REPORT_PROGRESS = "actions.change_actionplan"
VIEW_EVIDENCE = "actions.view_evidence"
UPLOAD_EVIDENCE = "actions.add_evidence"
VERIFY_EVIDENCE = "actions.verify_evidence"


def can_edit_plans(user: User | AnonymousUser) -> bool:
    """Whether the plan pages offer to create and edit plans."""
    return user.has_perm(EDIT_PLANS)


def plan_page_offers(user: User | AnonymousUser) -> dict[str, bool]:
    """What a plan's page offers the user, as its template's flags:
    {"can_report", "can_upload", "can_verify", "can_edit"}."""
    return {
        "can_report": user.has_perm(REPORT_PROGRESS),
        "can_upload": user.has_perm(UPLOAD_EVIDENCE),
        "can_verify": user.has_perm(VERIFY_EVIDENCE),
        "can_edit": can_edit_plans(user),
    }


def issue_or_404(pk: int) -> StrategicIssue:
    """The strategic issue with its areas, units and team; Http404 when there is none.
    Issues are not scoped to units: every role that may open the issue pages sees all."""
    issues = StrategicIssue.objects.prefetch_related("areas", "responsible_units", "team_members")
    return get_object_or_404(issues, pk=pk)


def plan_for_user(request: HttpRequest, pk: int) -> ActionPlan:
    """The plan, or 404 when it does not exist or belongs to units the user may not see
    (a guessed id reveals nothing)."""
    plans = ActionPlan.objects.visible_to(visible_unit_ids(request.user)).select_related(
        "unit", "owner_unit", "area", "strategic_issue", "created_by"
    )
    return get_object_or_404(plans, pk=pk)


def evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    """The evidence with its plan, or 404 when it does not exist or belongs to units the
    user may not see. The view's `role_required(VIEW_EVIDENCE, …)` has refused the roles
    that may not see evidence at all."""
    visible = Evidence.objects.visible_to(visible_unit_ids(request.user))
    return get_object_or_404(visible.select_related("plan"), pk=pk)
