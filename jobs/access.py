"""Who may see a background job: its owner, and superusers (the administrators who
answer "my export never came"). Anyone else gets 404, exactly as for a job that does
not exist (skpd.access's rule 2), so a guessed id reveals nothing. Jobs are not
scoped by role: the page of a job shows only what the work computed for its owner
within the owner's own access at the time it ran."""

import uuid

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from jobs.models import BackgroundJob


def jobs_for_user(user: User) -> QuerySet[BackgroundJob]:
    """The jobs the user may see, newest first, without their files' bytes."""
    jobs = BackgroundJob.objects.defer("file_bytes")
    return jobs if user.is_superuser else jobs.filter(owner=user)


def own_jobs(user: User) -> QuerySet[BackgroundJob]:
    """The user's own jobs (the list page: an administrator's too are only theirs)."""
    return BackgroundJob.objects.defer("file_bytes").filter(owner=user)


def job_for_user(user: User, job_id: uuid.UUID, *, with_file: bool = False) -> BackgroundJob:
    """The job, or Http404 when it does not exist or the user may not see it."""
    jobs = jobs_for_user(user)
    if with_file:
        jobs = jobs.defer(None)
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job.")
    return job
