from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions import files, selectors, services
from actions.forms import (
    ActionPlanForm,
    EvidenceUploadForm,
    ProgressForm,
    StrategicIssueForm,
    VerifyForm,
    mcp_areas,
)
from actions.models import ActionPlan, Evidence, StrategicIssue, Strategy, today
from mcp_dashboard.http import HtmxHttpRequest
from scores import services as score_services
from scores.models import Score
from scores.selectors import province
from scores.values import parse_value, validate_value
from skpd.access import can_view_unit, visible_unit_ids, visible_units
from skpd.models import Unit

PLANS_PER_PAGE = 50


def require_perm(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------- strategic issues


class IssueFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000)
    strategy = forms.ChoiceField(
        label=gettext_lazy("Strategy"),
        choices=[("", gettext_lazy("All"))] + Strategy.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All"))] + StrategicIssue.Status.choices,
        required=False,
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("MCP area"),
        queryset=mcp_areas(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All"),
    )


@require_GET
@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "actions.view_strategicissue")
    issues = selectors.issues_for_list()
    filters = IssueFilter(request.GET)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["year"]:
            issues = issues.filter(year=data["year"])
        if data["strategy"]:
            issues = issues.filter(strategy=data["strategy"])
        if data["status"]:
            issues = issues.filter(status=data["status"])
        if data["area"]:
            issues = issues.filter(areas=data["area"])
    context = {"issues": issues, "filters": filters}
    return render(request, "actions/issue_list.html", context)


@require_GET
@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "actions.view_strategicissue")
    issue = get_object_or_404(
        StrategicIssue.objects.prefetch_related("areas", "responsible_units", "team_members"),
        pk=pk,
    )
    plans = selectors.plans_for_list(visible_unit_ids(request.user)).filter(strategic_issue=issue)
    return render(request, "actions/issue_detail.html", {"issue": issue, "plans": plans})


@require_http_methods(["GET", "POST"])
@login_required
def issue_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(
        request, "actions.add_strategicissue" if pk is None else "actions.change_strategicissue"
    )
    issue = (
        get_object_or_404(StrategicIssue, pk=pk)
        if pk
        else StrategicIssue(year=selectors.working_year())
    )
    form = StrategicIssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.strategic_issue_save(
                issue=form.save(commit=False),
                by=request.user,
                areas=form.cleaned_data["areas"],
                responsible_units=form.cleaned_data["responsible_units"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The strategic issue has been saved."))
            return redirect("actions:issue_detail", pk=issue.pk)
    return render(request, "actions/issue_form.html", {"form": form, "issue": issue})


# ---------------------------------------------------------------- action plans


class PlanFilter(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit scored"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All"),
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner unit"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All"),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000)
    area = forms.ModelChoiceField(
        label=gettext_lazy("MCP area"),
        queryset=mcp_areas(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All"))]
        + ActionPlan.Status.choices
        + [("overdue", gettext_lazy("Overdue"))],
        required=False,
    )
    mine = forms.BooleanField(label=gettext_lazy("Only my reminders"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = visible_units(user).exclude(level=Unit.Level.NATIONAL).order_by("level", "name")
        self.fields["unit"].queryset = units
        self.fields["owner"].queryset = units


def filter_plans(plans, data: dict):
    for field_name, lookup in (("unit", "unit"), ("owner", "owner_unit"), ("year", "year")):
        if data[field_name]:
            plans = plans.filter(**{lookup: data[field_name]})
    if data["area"]:
        plans = plans.filter(area=data["area"])
    if data["status"] == "overdue":
        plans = plans.overdue()
    elif data["status"] == ActionPlan.Status.DONE:
        plans = plans.filter(status=data["status"])
    elif data["status"]:
        # An open plan past its date shows as overdue, so it is listed only there.
        plans = plans.filter(status=data["status"], due_date__gte=today())
    return plans


def counts_unit_and_year(request: HttpRequest, data: dict) -> tuple[Unit | None, int]:
    """Whose evidence the side panel counts: the filtered unit, else the province for
    those who see all, else the first unit the user heads."""
    unit = data.get("unit") or data.get("owner")
    if unit is None:
        home = province()
        unit = home if home and can_view_unit(request.user, home) else None
    if unit is None:
        unit = request.user.headed_units.order_by("name").first()
    return unit, data.get("year") or selectors.working_year()


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "actions.view_actionplan")
    filters = PlanFilter(request.GET, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    if data.get("mine"):
        reminders = selectors.reminders_for_head(request.user)
        plans = sorted(
            {p.pk: p for p in reminders.overdue + reminders.due_soon}.values(),
            key=lambda p: (p.due_date, p.pk),
        )
        page = None
    else:
        reminders = None
        plans_qs = selectors.plans_for_list(visible_unit_ids(request.user))
        if data:
            plans_qs = filter_plans(plans_qs, data)
        page = Paginator(plans_qs, PLANS_PER_PAGE).get_page(request.GET.get("page"))
        plans = page.object_list
    counts_unit, counts_year = counts_unit_and_year(request, data)
    context = {
        "filters": filters,
        "plans": plans,
        "page": page,
        "reminders": reminders,
        "today": today(),
        "evidence_counts": (
            selectors.area_evidence_counts(counts_unit, counts_year) if counts_unit else None
        ),
        "overdue_units": selectors.overdue_by_unit(request.user),
        "can_add": request.user.has_perm("actions.add_actionplan"),
    }
    return render(request, "actions/plan_list.html", context)


def plan_for_user(request: HttpRequest, pk: int) -> ActionPlan:
    """The plan, or 404 when it does not exist or belongs to units the user may not see
    (a guessed id reveals nothing)."""
    plans = ActionPlan.objects.visible_to(visible_unit_ids(request.user)).select_related(
        "unit", "owner_unit", "area", "strategic_issue", "created_by"
    )
    return get_object_or_404(plans, pk=pk)


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "actions.view_actionplan")
    plan = plan_for_user(request, pk)
    return render(request, "actions/plan_detail.html", plan_context(request, plan))


def plan_context(request: HttpRequest, plan: ActionPlan, **forms_) -> dict:
    user = request.user
    return {
        "plan": plan,
        "notes": plan.progress_notes.select_related("created_by"),
        "evidence": plan.evidence.select_related("uploaded_by", "verified_by"),
        "can_report": user.has_perm("actions.change_actionplan"),
        "can_upload": user.has_perm("actions.add_evidence"),
        "can_verify": user.has_perm("actions.verify_evidence"),
        "can_edit": user.has_perm("actions.add_actionplan"),
        "progress_form": forms_.get("progress_form")
        or ProgressForm(initial={"status": plan.status, "noted_on": today()}),
        "upload_form": forms_.get("upload_form") or EvidenceUploadForm(),
        "verify_choices": Evidence.Status.choices,
    }


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request, "actions.add_actionplan")
    if pk is None:
        plan = ActionPlan(year=selectors.working_year(), unit=province())
    else:
        plan = get_object_or_404(ActionPlan, pk=pk)
    form = ActionPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.action_plan_save(plan=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action plan has been saved."))
            return redirect("actions:plan_detail", pk=plan.pk)
    return render(request, "actions/plan_form.html", {"form": form, "plan": plan})


@require_POST
@login_required
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "actions.change_actionplan")
    plan = plan_for_user(request, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.action_plan_report_progress(
                plan=plan,
                by=request.user,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                noted_on=form.cleaned_data["noted_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Progress has been recorded."))
            return redirect("actions:plan_detail", pk=plan.pk)
    context = plan_context(request, plan, progress_form=form)
    return render(request, "actions/plan_detail.html", context, status=400)


@require_POST
@login_required
def plan_evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "actions.add_evidence")
    plan = plan_for_user(request, pk)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_upload(
                uploaded=form.cleaned_data["file"],
                by=request.user,
                plan=plan,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file has been uploaded."))
            return redirect("actions:plan_detail", pk=plan.pk)
    context = plan_context(request, plan, upload_form=form)
    return render(request, "actions/plan_detail.html", context, status=400)


# ---------------------------------------------------------------- evidence


def evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    require_perm(request, "actions.view_evidence")
    visible = Evidence.objects.visible_to(visible_unit_ids(request.user))
    return get_object_or_404(visible.select_related("plan"), pk=pk)


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = evidence_for_user(request, pk)
    try:
        handle = open(files.stored_path(evidence.stored_name), "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise Http404(_("The file is missing from the evidence store.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def back_to_evidence(evidence: Evidence) -> HttpResponse:
    if evidence.plan_id:
        return redirect("actions:plan_detail", pk=evidence.plan_id)
    return redirect("actions:plan_list")


@require_POST
@login_required
def evidence_submit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "actions.add_evidence")
    evidence = evidence_for_user(request, pk)
    try:
        services.evidence_submit(evidence=evidence, by=request.user)
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, _("The file has been sent for verification."))
    return back_to_evidence(evidence)


@require_POST
@login_required
def evidence_verify(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "actions.verify_evidence")
    evidence = evidence_for_user(request, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid verification status."))
        return back_to_evidence(evidence)
    try:
        services.evidence_verify(
            evidence=evidence,
            by=request.user,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, _("The verification has been saved."))
    return back_to_evidence(evidence)


# ---------------------------------------------------------------- what-if


def what_if_units(request: HttpRequest):
    return visible_units(request.user).exclude(level=Unit.Level.NATIONAL).order_by("level", "name")


def what_if_choice(request: HttpRequest, source) -> tuple[Unit | None, int | None]:
    """The unit and year asked for, defaulting to the province (or the user's own unit)
    and the latest year with an MCP value. Unknown or hidden units give 404."""
    code = (source.get("unit") or "").strip()
    if code:
        unit = get_object_or_404(what_if_units(request), code=code)
    else:
        home = province()
        unit = home if home and can_view_unit(request.user, home) else None
        unit = unit or what_if_units(request).first()
    if unit is None:
        return None, None
    years = selectors.framework_years()
    try:
        year = int(source.get("year") or 0)
    except ValueError:
        year = 0
    if year not in years:
        latest = (
            Score.objects.filter(unit=unit, indicator__code="mcp", year__in=years)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        year = latest or (years[0] if years else None)
    return unit, year


def wanted_values(source, framework) -> tuple[dict[str, Decimal], dict[str, str]]:
    """The area values typed in the form, checked like any score; errors by area code."""
    wanted, errors = {}, {}
    for row in framework:
        text = source.get(f"area-{row.area.code}")
        if text is None:
            continue
        try:
            value = parse_value(text)
            if value is not None:
                wanted[row.area.code] = validate_value(row.area, value)
        except ValidationError as error:
            errors[row.area.code] = first_error(error)
    return wanted, errors


def simulate(unit: Unit, year: int, source):
    inputs = selectors.what_if_inputs(unit, year)
    wanted, errors = wanted_values(source, inputs.framework)
    return selectors.what_if(unit, year, wanted, inputs), wanted, errors


@require_GET
@login_required
def what_if(request: HtmxHttpRequest) -> HttpResponse:
    unit, year = what_if_choice(request, request.GET)
    context = {
        "units": what_if_units(request),
        "years": selectors.framework_years(),
        "unit": unit,
        "year": year,
        "can_save": request.user.has_perm("scores.change_target"),
    }
    if unit is not None and year is not None:
        result, _wanted, errors = simulate(unit, year, request.GET)
        context.update(result=result, errors=errors)
    template = "actions/what_if.html"
    if request.htmx and request.GET.get("part") == "result":
        template += "#result"
    return render(request, template, context)


@require_POST
@login_required
def what_if_save(request: HttpRequest) -> HttpResponse:
    require_perm(request, "scores.change_target")
    unit, year = what_if_choice(request, request.POST)
    if unit is None or year is None:
        raise Http404
    result, wanted, errors = simulate(unit, year, request.POST)
    back = reverse("actions:what_if") + f"?unit={unit.code}&year={year}"
    if errors:
        messages.error(request, " ".join(errors.values()))
        return redirect(back)
    if not wanted:
        messages.error(request, _("Enter at least one target value."))
        return redirect(back)
    areas = {row.area.code: row.area for row in result.areas}
    try:
        with transaction.atomic():
            for code, value in wanted.items():
                score_services.target_set(
                    unit=unit,
                    indicator=areas[code],
                    year=year,
                    value=value,
                    by=request.user,
                    source=_("What-if scenario"),
                    reason=_("Saved from the what-if simulator"),
                )
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(
            request,
            _("%(count)d targets for %(year)s have been saved.")
            % {"count": len(wanted), "year": year},
        )
    return redirect(back)
