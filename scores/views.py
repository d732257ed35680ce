from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from scores import selectors
from skpd.access import get_unit_for_user


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = selectors.province()
    context = {
        "unit": unit,
        "mcp": selectors.headline(unit, "mcp") if unit else None,
    }
    return render(request, "scores/dashboard.html", context)


@require_GET
@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    context = {"unit": unit, "table": selectors.unit_score_table(unit)}
    return render(request, "scores/unit_detail.html", context)


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
