"""The button that starts the national recomputation as a background job (a module of
its own: dashboard/views.py is the reading pages')."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from dashboard.tasks import start_national_recompute
from scores.access import IMPORT_SCORES
from skpd.access import role_required


# Staff who load data in bulk (import) are those who need the views recomputed after.
@require_POST
@role_required(IMPORT_SCORES)
def national_recompute(request: HttpRequest) -> HttpResponse:
    job = start_national_recompute(request.user)
    return redirect("jobs:detail", job_id=job.pk)
