"""One row per piece of long work started by a user (a large import, an export file,
the national recomputation): what it is, whose it is, how far it got and how it ended.

The task library (django-tasks, see jobs.services) only carries the job's id to a
worker; everything the user sees is here, so the page reads the same whichever
backend ran the work, and the row outlives the library's own task records.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    class Kind(models.TextChoices):
        SCORE_IMPORT = "score_import", _("Score import")
        SCORE_EXPORT = "score_export", _("Score export (xlsx)")
        NATIONAL_WARM = "national_warm", _("National recomputation")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        REFUSED = "refused", _("Refused, nothing written")
        FAILED = "failed", _("Failed")

    FINISHED = (State.SUCCEEDED, State.REFUSED, State.FAILED)
    UNFINISHED = (State.QUEUED, State.RUNNING)

    # A UUID: the address of a job page reveals nothing of how many jobs exist.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="background_jobs"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # What the work needs, as JSON (an import draft's token, an export's filter).
    params = models.JSONField(default=dict, blank=True)
    # The owner's language when the job was started: its messages are written in it.
    language = models.CharField(max_length=10, default="id")
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # What the result page shows (counts, refused rows…), as JSON.
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A file the job produced (an export), kept in the database so that every app
    # server can hand it out whichever machine the worker ran on.
    file_name = models.CharField(max_length=255, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    file_bytes = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_state_display()}"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int:
        """Whole percent done, 0–100; 100 once finished."""
        if self.is_finished:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
