"""The long work of import and export as background tasks (jobs.services explains the
machinery): Apply of a large preview, and an xlsx export of many scores.

Each task takes the BackgroundJob's id only; what it needs (the preview's token, the
export's filter) is in the job's params, and it acts as the job's owner, with the
owner's access as it is when the work runs."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from jobs.models import BackgroundJob
from jobs.services import JobRefused, Progress, run_job
from scores.models import Indicator
from scores.transfer import exports, imports
from skpd.access import visible_units

REFUSED_ROWS_KEPT = 500  # rows a refused import's page lists (the count says the rest)


@task()
def score_import_task(job_id: str) -> str:
    """Apply the preview named by the job's params["token"], all rows or none."""
    return run_job(job_id, import_work)


def import_work(job: BackgroundJob, progress: Progress) -> dict:
    """The applied import's counts {"event", "new", "changed", "unchanged"}; JobRefused
    (nothing written) for a stale or refused preview, a preview gone, or rows that
    cannot be read any more, with those rows' problems {"rows": [{"line", "column",
    "message"}], "more": int}."""
    token = uuid.UUID(job.params["token"])
    try:
        outcome = imports.apply_draft(token, job.owner, progress=progress)
    except ValidationError as refusal:
        reasons = refusal.messages
        raise JobRefused(
            _("Nothing was written: %(reasons)s") % {"reasons": " ".join(reasons[:3])},
            {"reasons": reasons[:REFUSED_ROWS_KEPT], "more": len(reasons) - REFUSED_ROWS_KEPT},
        ) from None
    if outcome is None:
        raise JobRefused(
            _("This preview is no longer available (applied or expired). Upload the file again.")
        )
    if isinstance(outcome, imports.Plan):
        problems = [
            {"line": row.line, "column": problem.column, "message": str(problem.message)}
            for row in outcome.rows
            for problem in row.problems
        ]
        raise JobRefused(
            _(
                "Nothing was written: some rows are refused now, see below. "
                "Fix the file and upload it again."
            ),
            {"rows": problems[:REFUSED_ROWS_KEPT], "more": len(problems) - REFUSED_ROWS_KEPT},
        )
    return {
        "event": outcome.reason,
        "new": outcome.created_count,
        "changed": outcome.changed_count,
        "unchanged": outcome.unchanged_count,
    }


def export_params(wanted: exports.ExportFilter) -> dict:
    """An export filter as the job keeps it (codes, not objects)."""
    return {
        "year": wanted.year,
        "unit": wanted.unit.code if wanted.unit else None,
        "indicator": wanted.indicator.code if wanted.indicator else None,
    }


@task()
def score_export_task(job_id: str) -> str:
    """An xlsx of the scores the job's params select, kept on the job for its owner."""
    return run_job(job_id, export_work)


def export_work(job: BackgroundJob, progress: Progress) -> dict:
    """{"rows": count, "file_name"}; the file's bytes go on the job. A unit the owner
    may no longer see, or an indicator since removed, refuses the export."""
    params = job.params
    unit = indicator = None
    if params.get("unit"):
        unit = visible_units(job.owner).filter(code=params["unit"]).first()
        if unit is None:
            raise JobRefused(_("The unit chosen for this export is no longer available."))
    if params.get("indicator"):
        indicator = Indicator.objects.filter(code=params["indicator"]).first()
        if indicator is None:
            raise JobRefused(_("The indicator chosen for this export is no longer available."))
    wanted = exports.ExportFilter(year=params.get("year"), unit=unit, indicator=indicator)
    scores = exports.export_scores(job.owner, wanted)
    total = scores.count()
    progress(0, total)
    content = exports.xlsx_bytes(
        counted(exports.score_rows(scores), total, progress), exports.column_widths(scores)
    )
    job.file_name = f"{wanted.file_stem()}.xlsx"
    job.file_content_type = exports.XLSX_CONTENT_TYPE
    job.file_bytes = content
    return {"rows": total, "file_name": job.file_name}


def counted(rows, total: int, progress: Progress, every: int = 2000):
    """The rows unchanged, reporting how many have passed every `every` rows."""
    for number, row in enumerate(rows, start=1):
        if number % every == 0:
            progress(number, total)
        yield row
