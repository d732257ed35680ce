from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from actions import selectors as action_selectors
from scores import charts, regions, selectors
from skpd.access import get_unit_for_user, visible_unit_ids


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """A pemda's scores for a year; an htmx request for another year gets the content only."""
    unit = selectors.dashboard_unit(request.GET.get("unit"))
    year, year_ok = selectors.parse_year(request.GET.get("year"))
    context = {"unit": unit, "bad_year": None if year_ok else request.GET.get("year")}
    if unit is not None:
        data = selectors.dashboard(unit, year, visible_unit_ids(request.user))
        context |= {
            "data": data,
            "charts": charts.dashboard_charts(data),
            "evidence_counts": action_selectors.area_evidence_counts(unit, data.year),
            "overdue_units": action_selectors.overdue_by_unit(request.user),
        }
    template = "scores/dashboard.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#content"
    return render(request, template, context)


@require_GET
@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    trend = selectors.unit_trend(unit)
    evidence_year = max((s.year for s in trend.table), default=action_selectors.working_year())
    year, year_ok = selectors.parse_year(request.GET.get("year"))
    overview = None
    if regions.has_overview(unit):
        overview = regions.region_overview(
            unit, year, request.GET.get("page"), visible_unit_ids(request.user)
        )
    context = {
        "overview": overview,
        "overview_charts": charts.overview_charts(overview) if overview else {},
        "bad_year": None if year_ok else request.GET.get("year"),
        "unit": trend.unit,
        "trend": trend,
        "evidence_counts": action_selectors.area_evidence_counts(unit, evidence_year),
        "table": selectors.score_table(trend.table),
        "charts": charts.unit_charts(trend) if trend.has_scores else {},
    }
    context["any_charts"] = bool(context["charts"] or context["overview_charts"])
    return render(request, "scores/unit_detail.html", context)


@require_GET
@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The cheapest page behind the login: the benchmark's yardstick for every other."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
