"""Who may use the strategic-issue, action-plan and evidence pages, and which plans,
evidence and issues a user may find: skpd.access's rule applied to actions.

The pages are refused by role with `role_required(<one of the permissions below>)`
(403, before anything is looked up); an object the user may not know of is Http404,
like one that does not exist.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from actions.models import ActionPlan, Evidence, StrategicIssue
from skpd.access import visible_unit_ids, writable_unit_ids, writable_units
from skpd.models import Unit

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


def issues_for_user(user: User | AnonymousUser, issues=None):
    """The strategic issues a user may know of: all for users who see every unit; for
    the others (a pemda's staff, limited by their grants) those with a responsible unit
    they see. An issue names no pemda but its responsible units."""
    issues = StrategicIssue.objects.all() if issues is None else issues
    visible = visible_unit_ids(user)
    if visible is None:
        return issues
    return issues.filter(pk__in=issues.filter(responsible_units__in=visible).values("pk"))


def issue_or_404(pk: int, user: User | AnonymousUser, permission: str | None = None):
    """The strategic issue with its areas, units and team; Http404 when there is none or
    the user may not know of it (issues_for_user). With a `permission` (editing), also
    Http404 unless every responsible unit is within the user's grants for it."""
    issues = issues_for_user(user).prefetch_related("areas", "responsible_units", "team_members")
    issue = get_object_or_404(issues, pk=pk)
    if permission is not None:
        writable = writable_unit_ids(user, permission)
        if writable is not None and not {u.pk for u in issue.responsible_units.all()} <= writable:
            raise Http404
    return issue


def issue_units(user: User | AnonymousUser, permission: str):
    """The SKPD an issue form offers as responsible units: those within the user's
    grants for `permission`; and whether one must be chosen (a user limited by grants
    must, or the issue would be known to nobody of their pemda)."""
    writable = writable_unit_ids(user, permission)
    units = writable_units(user, permission).filter(level=Unit.Level.SKPD).order_by("name")
    return units, writable is not None


def plan_units(user: User | AnonymousUser):
    """The units a plan form offers (as the unit scored and as the owner): within the
    user's grants for editing plans; never the national unit."""
    return writable_units(user, EDIT_PLANS).exclude(level=Unit.Level.NATIONAL)


def plan_for_user(request: HttpRequest, pk: int, permission: str | None = None) -> ActionPlan:
    """The plan, or 404 when it does not exist or belongs to units the user may not see
    (a guessed id reveals nothing); with a `permission` (a write), units the user's
    grants for it do not reach."""
    user = request.user
    units = visible_unit_ids(user) if permission is None else writable_unit_ids(user, permission)
    plans = ActionPlan.objects.visible_to(units).select_related(
        "unit", "owner_unit", "area", "strategic_issue", "created_by"
    )
    return get_object_or_404(plans, pk=pk)


def evidence_for_user(request: HttpRequest, pk: int, permission: str | None = None) -> Evidence:
    """The evidence with its plan, or 404 when it does not exist or belongs to units the
    user may not see (with a `permission`, a write: that their grants for it do not
    reach). The view's `role_required(VIEW_EVIDENCE, …)` has refused the roles that may
    not see evidence at all."""
    user = request.user
    units = visible_unit_ids(user) if permission is None else writable_unit_ids(user, permission)
    visible = Evidence.objects.visible_to(units)
    return get_object_or_404(visible.select_related("plan"), pk=pk)
