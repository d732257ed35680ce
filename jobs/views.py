"""A job's page (progress while it runs, polled by htmx; its result when done), the
file it produced, and the list of the user's own jobs."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jobs.access import job_for_user, own_jobs
from jobs.services import live_progress

RECENT_JOBS = 20


@require_GET
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(own_jobs(request.user)[:RECENT_JOBS])
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@require_GET
@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The whole page; an htmx poll gets only the status part, which stops polling
    (it carries no hx-trigger) once the job has finished."""
    job = live_progress(job_for_user(request.user, job_id))
    template = "jobs/job.html#status" if request.htmx else "jobs/job.html"
    return render(request, template, {"job": job})


@require_GET
@login_required
def job_file(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The file a finished job produced, as an attachment; 404 when it made none."""
    job = job_for_user(request.user, job_id, with_file=True)
    if not job.file_name or job.file_bytes is None:
        raise Http404("This job has no file.")
    response = HttpResponse(bytes(job.file_bytes), content_type=job.file_content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.file_name)
    return response
