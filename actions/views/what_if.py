from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actions import selectors
from actions.views.common import first_error
from mcp_dashboard.lib.http import HtmxHttpRequest
from scores import services as score_services
from scores.access import SET_TARGETS, can_set_targets
from scores.models import Score
from scores.selectors import province
from scores.values import parse_value, validate_value
from scores.years import framework_years
from skpd.access import (
    can_view_unit,
    home_pemda_code,
    role_assigned,
    role_required,
    unit_by_code,
    visible_units,
    writable_unit_or_404,
)
from skpd.models import Unit


def what_if_units(request: HttpRequest):
    return visible_units(request.user).exclude(level=Unit.Level.NATIONAL).order_by("level", "name")


def what_if_choice(request: HttpRequest, source) -> tuple[Unit | None, int | None]:
    """The unit and year asked for, defaulting to the province (or the user's own unit)
    and the latest year with an MCP value. Unknown or hidden units give 404."""
    code = (source.get("unit") or "").strip()
    if code:
        unit = get_object_or_404(what_if_units(request), code=code)
    else:
        own = home_pemda_code(request.user)  # a user limited by grants: their pemda
        home = unit_by_code(own) if own else province()
        unit = home if home and can_view_unit(request.user, home) else None
        unit = unit or what_if_units(request).first()
    if unit is None:
        return None, None
    years = framework_years()
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


def read_versions(source, wanted: dict[str, Decimal]) -> dict[str, int] | None:
    """The target version the page showed for each wanted area (ver-<area code>, 0 for
    "none saved"), or None when one is missing or not a small whole number: a page
    without them predates the rule, and saving from it could overwrite a colleague."""
    versions = {}
    for code in wanted:
        text = source.get(f"ver-{code}") or ""
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            return None
        versions[code] = int(text)
    return versions


def simulate(unit: Unit, year: int, source):
    inputs = selectors.what_if_inputs(unit, year)
    wanted, errors = wanted_values(source, inputs.framework)
    return selectors.what_if(unit, year, wanted, inputs), wanted, errors


@require_GET
@role_assigned
def what_if(request: HtmxHttpRequest) -> HttpResponse:
    unit, year = what_if_choice(request, request.GET)
    context = {
        "units": what_if_units(request),
        "years": framework_years(),
        "unit": unit,
        "year": year,
        "can_save": can_set_targets(request.user),
    }
    if unit is not None and year is not None:
        result, _wanted, errors = simulate(unit, year, request.GET)
        context.update(result=result, errors=errors)
    template = "actions/what_if.html"
    if request.htmx and request.GET.get("part") == "result":
        template += "#result"
    return render(request, template, context)


@require_POST
@role_required(SET_TARGETS)
def what_if_save(request: HttpRequest) -> HttpResponse:
    unit, year = what_if_choice(request, request.POST)
    if unit is None or year is None:
        raise Http404
    writable_unit_or_404(request.user, unit, SET_TARGETS)
    result, wanted, errors = simulate(unit, year, request.POST)
    back = reverse("actions:what_if") + f"?unit={unit.code}&year={year}"
    if errors:
        messages.error(request, " ".join(errors.values()))
        return redirect(back)
    if not wanted:
        messages.error(request, _("Enter at least one target value."))
        return redirect(back)
    areas = {row.area.code: row.area for row in result.areas}
    versions = read_versions(request.POST, wanted)
    if versions is None:
        messages.error(request, _("This page is out of date. Reload it and save again."))
        return redirect(back)
    try:
        with transaction.atomic():
            for code, value in wanted.items():
                score_services.target_set(
                    unit=unit,
                    indicator=areas[code],
                    year=year,
                    value=value,
                    by=request.user,
                    # Refuses a target saved by someone else since the page was read.
                    expected_version=versions[code],
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
