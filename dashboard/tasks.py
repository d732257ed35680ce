"""The national recomputation: after a bulk load (generate_synthetic, restore, a large
import) every cached aggregate of the national view and the provinces' overviews is
stale, and the first reader of each would wait for it. This computes them all ahead:
for the national unit and every province, the trend, and for each year its histogram
and first page of the ranking, into the versioned cache (pagecache.versioned).

It helps the readers only where they share the cache with whoever ran it: every
process with CACHE_URL (Redis), or, with each worker's own memory, the worker that
ran it (the immediate backend runs it in the request that asked)."""

from django.utils.translation import gettext as _
from django_tasks import task

from dashboard import national
from jobs.models import BackgroundJob
from jobs.services import JobRefused, Progress, job_start, run_job
from pagecache import versioned
from scores.selectors import indicators_with_bands
from skpd.models import Unit


def recompute_national(progress: Progress | None = None) -> dict:
    """Compute and cache every region overview for every year with MCP values.
    Returns {"regions": units done, "pages": overviews computed}; `progress(units
    done, units)` after each unit. Raises JobRefused when there is no national or
    provincial unit, or no MCP indicator."""
    regions = list(
        Unit.objects.filter(level__in=national.REGION_OVERVIEW_LEVELS, is_active=True).order_by(
            "level", "name"
        )
    )
    mcp = indicators_with_bands().filter(code="mcp").first()
    if not regions or mcp is None:
        raise JobRefused(_("There is no national or provincial overview to compute."))
    version = versioned.current_version()
    pages = 0
    for number, unit in enumerate(regions):
        if progress is not None:
            progress(number, len(regions))
        overview = national.region_overview(unit, None, None, None, version, mcp)
        pages += 1
        for year in overview.years:
            national.region_overview(unit, year, None, None, version, mcp)
            pages += 1
    return {"regions": len(regions), "pages": pages}


@task()
def national_recompute_task(job_id: str) -> str:
    """recompute_national as a background job."""
    return run_job(job_id, lambda job, progress: recompute_national(progress))


def start_national_recompute(owner) -> BackgroundJob:
    """The job that recomputes the national view's aggregates (one at a time per owner)."""
    return job_start(
        kind=BackgroundJob.Kind.NATIONAL_WARM,
        owner=owner,
        params={},
        task=national_recompute_task,
    )
