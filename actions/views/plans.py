from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions import selectors, services
from actions.access import (
    EDIT_PLANS,
    REPORT_PROGRESS,
    VIEW_PLANS,
    can_edit_plans,
    issues_for_user,
    plan_for_user,
    plan_page_offers,
    plan_units,
)
from actions.forms import (
    ActionPlanForm,
    EvidenceUploadForm,
    ProgressForm,
    mcp_areas,
)
from actions.models import ActionPlan, Evidence, today
from scores.selectors import province
from scores.years import working_year
from skpd.access import (
    can_view_unit,
    home_pemda_code,
    role_required,
    unit_by_code,
    visible_unit_ids,
    visible_units,
)
from skpd.models import Unit

PLANS_PER_PAGE = 50


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
        own = home_pemda_code(request.user)  # a user limited by grants: their pemda
        home = unit_by_code(own) if own else province()
        unit = home if home and can_view_unit(request.user, home) else None
    if unit is None:
        unit = request.user.headed_units.order_by("name").first()
    return unit, data.get("year") or working_year()


@require_GET
@role_required(VIEW_PLANS)
def plan_list(request: HttpRequest) -> HttpResponse:
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
        "can_add": can_edit_plans(request.user),
    }
    return render(request, "actions/plan_list.html", context)


@require_GET
@role_required(VIEW_PLANS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request, pk)
    return render(request, "actions/plan_detail.html", plan_context(request, plan))


def plan_context(request: HttpRequest, plan: ActionPlan, **forms_) -> dict:
    return plan_page_offers(request.user) | {
        "plan": plan,
        "notes": plan.progress_notes.select_related("created_by"),
        "evidence": plan.evidence.select_related("uploaded_by", "verified_by"),
        "progress_form": forms_.get("progress_form")
        or ProgressForm(initial={"status": plan.status, "noted_on": today()}),
        "upload_form": forms_.get("upload_form") or EvidenceUploadForm(),
        "verify_choices": Evidence.Status.choices,
    }


@require_http_methods(["GET", "POST"])
@role_required(EDIT_PLANS)
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    units = plan_units(request.user)
    if pk is None:
        home = province()
        mine = home is not None and units.filter(pk=home.pk).exists()
        plan = ActionPlan(year=working_year(), unit=home if mine else units.first())
    else:
        plan = plan_for_user(request, pk, EDIT_PLANS)
    issues = issues_for_user(request.user)
    form = ActionPlanForm(request.POST or None, instance=plan, units=units, issues=issues)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.action_plan_save(
                plan=form.save(commit=False),
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action plan has been saved."))
            return redirect("actions:plan_detail", pk=plan.pk)
    return render(request, "actions/plan_form.html", {"form": form, "plan": plan})


@require_POST
@role_required(REPORT_PROGRESS)
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request, pk, REPORT_PROGRESS)
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
