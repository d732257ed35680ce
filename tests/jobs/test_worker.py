"""The real worker path (issue 18, item 5): with TASK_BACKEND=database a job waits in
the database until `manage.py db_worker` — another process, as in production — runs
it; the job's row then shows it finished, with its progress at the end and its result.
On a scratch database of the suite's engine (SQLite file or PostgreSQL)."""

import json

from django.conf import settings

from tests.mcp_dashboard.test_settings_env import run_manage
from tests.ops.test_backup_restore import scratch_urls  # noqa: F401 (a fixture)

YEARS = range(2030, 2036)
# A preview of Kalsel's IIN for six years, seen by the demo inspector, then Apply as a
# job (above a threshold of 3 rows) and the national recomputation as another.
START_JOBS = f"""
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from dashboard.tasks import start_national_recompute
from jobs.services import job_start
from scores.transfer import imports, tasks
from scores.transfer.spreadsheet import Wanted, read_upload
user = User.objects.get(username="inspektorat")
lines = ["kode_unit;indikator;tahun;nilai"] + [
    f"kalsel;iin;{{year}};70" for year in {list(YEARS)!r}
]
upload = SimpleUploadedFile("nilai.csv", "\\n".join(lines).encode(), "text/csv")
sheet = read_upload(upload, Wanted("", None, imports.indicator_labels()))
draft = imports.draft_save(sheet=sheet, file_name="nilai.csv", by=user)
imports.draft_mark_seen(draft, imports.build_plan(draft, user))
job = job_start(kind="score_import", owner=user, params={{"token": str(draft.token)}},
    task=tasks.score_import_task, total=imports.draft_row_count(draft))
national = start_national_recompute(user)
print(job.pk, national.pk)
"""
JOBS = """
import json
from jobs.models import BackgroundJob
from scores.models import Score
print(json.dumps({
    "jobs": {str(j.pk): [j.state, j.done, j.total, j.result, j.error]
             for j in BackgroundJob.objects.all()},
    "iin": Score.objects.filter(indicator__code="iin", year__gte=2030).count(),
}))
"""


def manage(url: str, *args: str) -> str:
    result = run_manage(*args, DATABASE_URL=url, DEBUG="1", TASK_BACKEND="database")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def state(url: str) -> dict:
    return json.loads(manage(url, "shell", "--no-imports", "-c", JOBS))


def test_a_job_waits_for_the_worker_which_runs_it_to_the_end(scratch_urls):  # noqa: F811
    url = scratch_urls[0]
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    manage(url, "seed_demo", "--with-demo-users")
    import_id, national_id = manage(url, "shell", "--no-imports", "-c", START_JOBS).split()

    waiting = state(url)
    assert waiting["jobs"][import_id][0] == "queued"  # no worker yet: nothing ran
    assert waiting["jobs"][national_id][:2] == ["queued", 0]
    assert waiting["iin"] == 0

    manage(url, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")

    done = state(url)
    job_state, rows_done, rows, result, error = done["jobs"][import_id]
    assert (job_state, error) == ("succeeded", "")
    assert rows_done == rows == len(YEARS)
    assert (result["new"], result["changed"]) == (len(YEARS), 0)
    assert done["iin"] == len(YEARS)
    job_state, regions_done, regions, result, _ = done["jobs"][national_id]
    assert job_state == "succeeded"
    assert regions_done == regions == result["regions"] > 1


def test_the_immediate_backend_is_the_default():
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def test_an_unknown_task_backend_stops_start_up():
    result = run_manage("check", DEBUG="1", TASK_BACKEND="celery")
    assert result.returncode != 0
    assert "TASK_BACKEND must be one of ['database', 'immediate'], not 'celery'" in result.stderr
