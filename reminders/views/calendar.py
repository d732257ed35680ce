"""The year's calendar page (issue 15, item 1): KPK's milestones and the pemda's own
deadlines in date order; the Inspektorat adds, changes and deletes them, Pimpinan and
unit heads read them (reminders/migrations/0002 gives the roles their permissions)."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reminders import services
from reminders.access import calendar_writer_or_403, may_change_calendar, may_read_outbox
from reminders.forms import DeadlineForm, DeleteForm, MilestoneForm
from reminders.models import InternalDeadline, Milestone
from skpd.access import role_required
from workbook.views import year_or_404

VIEW = "reminders.view_milestone"
ADD, CHANGE, DELETE = (f"reminders.{verb}_milestone" for verb in ("add", "change", "delete"))
ADD_DEADLINE, CHANGE_DEADLINE, DELETE_DEADLINE = (
    f"reminders.{verb}_internaldeadline" for verb in ("add", "change", "delete")
)


@dataclass(frozen=True)
class Row:
    """One line of the calendar: a milestone or an internal deadline."""

    date: datetime.date
    milestone: Milestone | None = None
    deadline: InternalDeadline | None = None


def calendar_rows(year: int) -> list[Row]:
    """The year's milestones and internal deadlines in date order (two queries)."""
    milestones = list(Milestone.objects.filter(year=year).prefetch_related("internal_deadlines"))
    rows = [Row(m.date, milestone=m) for m in milestones]
    for milestone in milestones:
        rows += [Row(d.date, deadline=d) for d in milestone.internal_deadlines.all()]
    return sorted(rows, key=lambda row: (row.date, row.deadline is not None))


@require_GET
@role_required(VIEW)
def calendar(request: HttpRequest, year: int) -> HttpResponse:
    year = year_or_404(year)
    rows = calendar_rows(year)
    today = timezone.localdate()
    return render(
        request,
        "reminders/calendar.html",
        {
            "year": year,
            "rows": rows,
            "today": today,
            "next_index": next((n for n, row in enumerate(rows) if row.date >= today), None),
            "can_add": may_change_calendar(request.user, ADD),
            "can_change": may_change_calendar(request.user, CHANGE),
            "can_add_deadline": may_change_calendar(request.user, ADD_DEADLINE),
            "can_change_deadline": may_change_calendar(request.user, CHANGE_DEADLINE),
            "can_read_outbox": may_read_outbox(request.user),
        },
    )


def save_form(request, form, write, **write_args) -> bool:
    """Run the service `write` for a valid form; a refusal becomes the form's error.
    True when saved."""
    if not form.is_valid():
        if "version_read" in form.errors:  # a hidden field: say it where it shows
            form.add_error(None, _("This page is out of date. Reload it and try again."))
        return False
    try:
        write(by=request.user, expected_version=form.cleaned_data["version_read"], **write_args)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("Saved."))
    return True


def form_page(request, form, *, year: int, title: str, delete_url: str = "", version: int = 0):
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "year": year,
        "title": title,
        "delete_url": delete_url,
        "version": version,
    }
    return render(request, "reminders/calendar_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(ADD)
def milestone_add(request: HttpRequest, year: int) -> HttpResponse:
    calendar_writer_or_403(request.user, ADD)
    year = year_or_404(year)
    milestone = Milestone(year=year)
    form = MilestoneForm(request.POST or None, instance=milestone, initial={"version_read": 0})
    if request.method == "POST" and save_form(
        request, form, services.milestone_save, milestone=milestone
    ):
        return redirect("reminders:calendar", year=year)
    return form_page(request, form, year=year, title=_("New KPK milestone"))


@require_http_methods(["GET", "POST"])
@role_required(CHANGE)
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    calendar_writer_or_403(request.user, CHANGE)
    milestone = get_object_or_404(Milestone, pk=pk)
    version = milestone.version
    form = MilestoneForm(
        request.POST or None, instance=milestone, initial={"version_read": version}
    )
    if request.method == "POST" and save_form(
        request, form, services.milestone_save, milestone=milestone
    ):
        return redirect("reminders:calendar", year=milestone.year)
    return form_page(
        request,
        form,
        year=milestone.year,
        title=_("Edit KPK milestone"),
        delete_url=reverse("reminders:milestone_delete", args=[pk])
        if request.user.has_perm(DELETE)
        else "",
        version=version,
    )


@require_POST
@role_required(DELETE)
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    calendar_writer_or_403(request.user, DELETE)
    milestone = get_object_or_404(Milestone, pk=pk)
    return delete(request, milestone, services.milestone_delete, milestone=milestone)


@require_http_methods(["GET", "POST"])
@role_required(ADD_DEADLINE)
def deadline_add(request: HttpRequest, pk: int) -> HttpResponse:
    calendar_writer_or_403(request.user, ADD_DEADLINE)
    milestone = get_object_or_404(Milestone, pk=pk)
    deadline = InternalDeadline(milestone=milestone)
    form = DeadlineForm(request.POST or None, instance=deadline, initial={"version_read": 0})
    if request.method == "POST" and save_form(
        request, form, services.deadline_save, deadline=deadline
    ):
        return redirect("reminders:calendar", year=milestone.year)
    title = _("New internal deadline before “%(milestone)s”") % {
        "milestone": milestone.get_kind_display()
    }
    return form_page(request, form, year=milestone.year, title=title)


@require_http_methods(["GET", "POST"])
@role_required(CHANGE_DEADLINE)
def deadline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    calendar_writer_or_403(request.user, CHANGE_DEADLINE)
    deadline = get_object_or_404(InternalDeadline.objects.select_related("milestone"), pk=pk)
    version = deadline.version
    form = DeadlineForm(request.POST or None, instance=deadline, initial={"version_read": version})
    if request.method == "POST" and save_form(
        request, form, services.deadline_save, deadline=deadline
    ):
        return redirect("reminders:calendar", year=deadline.milestone.year)
    return form_page(
        request,
        form,
        year=deadline.milestone.year,
        title=_("Edit internal deadline"),
        delete_url=reverse("reminders:deadline_delete", args=[pk])
        if request.user.has_perm(DELETE_DEADLINE)
        else "",
        version=version,
    )


@require_POST
@role_required(DELETE_DEADLINE)
def deadline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    calendar_writer_or_403(request.user, DELETE_DEADLINE)
    deadline = get_object_or_404(InternalDeadline.objects.select_related("milestone"), pk=pk)
    return delete(request, deadline, services.deadline_delete, deadline=deadline)


def delete(request: HttpRequest, row, write, **write_args) -> HttpResponse:
    year = row.year if isinstance(row, Milestone) else row.milestone.year
    form = DeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date. Reload it and try again."))
        return redirect("reminders:calendar", year=year)
    try:
        write(by=request.user, expected_version=form.cleaned_data["version_read"], **write_args)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect("reminders:calendar", year=year)
