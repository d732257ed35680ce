"""The button that starts the national recomputation as a background job (a module of
its own: dashboard/views.py is the reading pages')."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from dashboard.tasks import start_national_recompute
from scores.access import IMPORT_SCORES, national_or_403
from skpd.access import role_required


# Staff who load data in bulk (import) are those who need the views recomputed after;
# the national view is beyond a pemda's grant (its page is a 404 to them), so only
# staff who import for every unit may start it.
@require_POST
@role_required(IMPORT_SCORES)
def national_recompute(request: HttpRequest) -> HttpResponse:
    national_or_403(request.user, IMPORT_SCORES)
    job = start_national_recompute(request.user)
    return redirect("jobs:detail", job_id=job.pk)
