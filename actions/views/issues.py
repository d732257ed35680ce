from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from actions import selectors, services
from actions.access import (
    ADD_ISSUES,
    CHANGE_ISSUES,
    VIEW_ISSUES,
    issue_or_404,
    issue_units,
    issues_for_user,
)
from actions.forms import (
    StrategicIssueForm,
    mcp_areas,
)
from actions.models import StrategicIssue, Strategy
from scores.years import working_year
from skpd.access import role_required, visible_unit_ids


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
@role_required(VIEW_ISSUES)
def issue_list(request: HttpRequest) -> HttpResponse:
    issues = issues_for_user(request.user, selectors.issues_for_list())
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
@role_required(VIEW_ISSUES)
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = issue_or_404(pk, request.user)
    plans = selectors.plans_for_list(visible_unit_ids(request.user)).filter(strategic_issue=issue)
    return render(request, "actions/issue_detail.html", {"issue": issue, "plans": plans})


@require_http_methods(["GET", "POST"])
@role_required(ADD_ISSUES)
def issue_create(request: HttpRequest) -> HttpResponse:
    return issue_form_page(request, StrategicIssue(year=working_year()), ADD_ISSUES)


@require_http_methods(["GET", "POST"])
@role_required(CHANGE_ISSUES)
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return issue_form_page(request, issue_or_404(pk, request.user, CHANGE_ISSUES), CHANGE_ISSUES)


def issue_form_page(request: HttpRequest, issue: StrategicIssue, permission: str) -> HttpResponse:
    """The issue's form (a new one or an existing one); saved, it leads to the issue.
    Its responsible units are those within the user's grants for `permission`."""
    units, required = issue_units(request.user, permission)
    form = StrategicIssueForm(request.POST or None, instance=issue, units=units)
    form.fields["responsible_units"].required = required
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.strategic_issue_save(
                issue=form.save(commit=False),
                by=request.user,
                areas=form.cleaned_data["areas"],
                responsible_units=form.cleaned_data["responsible_units"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The strategic issue has been saved."))
            return redirect("actions:issue_detail", pk=issue.pk)
    return render(request, "actions/issue_form.html", {"form": form, "issue": issue})
