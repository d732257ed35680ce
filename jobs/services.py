"""Starting a background job, reporting its progress and recording how it ended.

The work runs as a task of django-tasks, the backport of Django 6's own tasks
framework (`django.tasks`; the import moves there when the project is on Django 6):
the backend is chosen by settings.TASKS (TASK_BACKEND in the environment). By default
it is the immediate backend, which runs the task inside the request that enqueued it,
so `make run` needs nothing else started; with TASK_BACKEND=database the task is a row
in PostgreSQL (django-tasks-db) that `manage.py db_worker` picks up.

Each app defines its tasks in its own `tasks.py` with `@task()`; the task takes the
job's id only and calls `run_job(job_id, work)` here, which does the bookkeeping.
"""

import datetime
import logging
import uuid
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.models import BackgroundJob

logger = logging.getLogger(__name__)

# A live count reported inside a transaction (the import's all-or-nothing write) cannot
# be committed to the job's row: it goes to the cache, which every process shares when
# CACHE_URL names Redis, for as long as a job may reasonably run.
PROGRESS_TTL_SECONDS = 6 * 60 * 60

Progress = Callable[[int, int], None]


class JobRefused(Exception):
    """The work refused its input and wrote nothing: `message` is shown to the owner
    (already in their language), `result` (JSON-able) to the result page."""

    def __init__(self, message: str, result: dict | None = None):
        super().__init__(message)
        self.message = message
        self.result = result or {}


def job_start(*, kind: str, owner: User, params: dict, task, total: int = 0) -> BackgroundJob:
    """Record a job for `owner` and enqueue `task` (a django-tasks Task taking the job's
    id as a string) once the current transaction commits, so a worker never looks for
    a job that is not there yet. With the immediate backend the task has run when this
    returns (outside a transaction) or when the transaction commits.

    The same work asked for again while it waits or runs (a second click on Apply) is
    not started twice: the job already under way is returned."""
    unfinished = BackgroundJob.objects.defer("file_bytes").filter(
        owner=owner, kind=kind, params=params, state__in=BackgroundJob.UNFINISHED
    )
    under_way = unfinished.first()
    if under_way is not None:
        return under_way
    job = BackgroundJob.objects.create(
        kind=kind,
        owner=owner,
        params=params,
        total=total,
        language=translation.get_language() or "id",
    )
    transaction.on_commit(lambda: task.enqueue(str(job.pk)))
    return job


def progress_key(job_id: uuid.UUID | str) -> str:
    return f"job-progress:{job_id}"


def job_progress(job_id: uuid.UUID | str, done: int, total: int) -> None:
    """Report `done` of `total` steps (rows, units). Outside a transaction the job's row
    is updated (one UPDATE); inside one, where the update would stay invisible until
    the end, the count goes to the cache (see PROGRESS_TTL_SECONDS)."""
    if connection.in_atomic_block:
        cache.set(progress_key(job_id), (done, total), PROGRESS_TTL_SECONDS)
        return
    BackgroundJob.objects.filter(pk=job_id).update(done=done, total=total)


def live_progress(job: BackgroundJob) -> BackgroundJob:
    """The job with the count reported through the cache, where it is further on than
    the row's (a running import's write step)."""
    if job.state != BackgroundJob.State.RUNNING:
        return job
    reported = cache.get(progress_key(job.pk))
    if reported and reported[0] > job.done:
        job.done, job.total = reported
    return job


def run_job(job_id: str, work: Callable[[BackgroundJob, Progress], dict]) -> str:
    """Run `work(job, progress)` for a queued job and record its end: SUCCEEDED with the
    dict it returns as the result, REFUSED with JobRefused's message and result, FAILED
    with a general message (the traceback goes to the log, never to the user) on any
    other exception. A job that is not queued any more (a task delivered twice) is left
    alone. Returns the final state."""
    claimed = BackgroundJob.objects.filter(pk=job_id, state=BackgroundJob.State.QUEUED).update(
        state=BackgroundJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return ""
    job = BackgroundJob.objects.defer("file_bytes").get(pk=job_id)
    reported = [job.done, job.total]

    def progress(done: int, total: int) -> None:
        reported[:] = [done, total]
        job_progress(job.pk, done, total)

    with translation.override(job.language):
        try:
            job.result = work(job, progress)
            job.state = BackgroundJob.State.SUCCEEDED
            reported[0] = reported[1]  # all of it
        except JobRefused as refusal:
            job.state = BackgroundJob.State.REFUSED
            job.error = refusal.message
            job.result = refusal.result
        except Exception:
            logger.exception("Background job %s (%s) failed", job.pk, job.kind)
            job.state = BackgroundJob.State.FAILED
            job.error = _(
                "The work stopped on an unexpected error; nothing was changed by it. "
                "Try again, and tell the administrator if it happens again."
            )
    job.done, job.total = reported
    job.finished_at = timezone.now()
    fields = ["state", "result", "error", "finished_at", "done", "total"]
    if job.file_name:
        fields += ["file_name", "file_content_type", "file_bytes"]
    job.save(update_fields=fields)
    cache.delete(progress_key(job.pk))
    return job.state


def jobs_prune(*, days: int) -> int:
    """Delete the jobs that finished more than `days` days ago (their files with them);
    returns how many. Waiting and running jobs stay whatever their age."""
    before = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = BackgroundJob.objects.filter(
        state__in=BackgroundJob.FINISHED, finished_at__lt=before
    ).delete()
    return deleted
