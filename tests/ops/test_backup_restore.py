"""A backup restored into a fresh database holds every score, target, lock and history row.

Runs manage.py in separate processes against scratch databases of the same engine as
the suite (SQLite files, or PostgreSQL databases when DATABASE_URL points there).
"""

import os
import uuid

import dj_database_url
import psycopg2
import pytest
from django.conf import settings

from tests.mcp_dashboard.test_settings_env import run_manage

COUNT_ROWS = (
    "from scores.models import Score, Target, YearLock;"
    "print(Score.objects.count(), Target.objects.count(), YearLock.objects.count(),"
    " Score.history.count(), YearLock.history.count())"
)
LOCK_A_YEAR = (
    "from scores import services;"
    "services.year_lock(year=2022, by=None, reason='Sudah diverifikasi BPKP')"
)


@pytest.fixture
def scratch_urls(tmp_path):
    """Two empty databases: the original and the one to restore into."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        yield [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("original", "restored")]
        return
    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    names = [f"mcp_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("original", "restored")]
    admin = psycopg2.connect(
        dbname="postgres", user=base["USER"], host=base["HOST"], port=base["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server = f"postgres://{base['USER']}@{base['HOST']}:{base['PORT'] or 5432}"
    yield [f"{server}/{name}" for name in names]
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def manage(url: str, *args: str) -> str:
    result = run_manage(*args, DATABASE_URL=url, DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_restored_backup_holds_every_row(scratch_urls, tmp_path):
    original, restored = scratch_urls
    manage(original, "migrate", "--noinput", "--verbosity", "0")
    manage(original, "seed_demo", "--with-demo-users")
    manage(original, "shell", "--no-imports", "-c", LOCK_A_YEAR)
    counts = manage(original, "shell", "--no-imports", "-c", COUNT_ROWS).split()
    assert int(counts[0]) > 1000 and counts[2] == "1"

    backup_file = tmp_path / "mcp.backup"
    manage(original, "backup", "--output", str(backup_file))
    manage(restored, "migrate", "--noinput", "--verbosity", "0")
    manage(restored, "restore", str(backup_file))

    assert manage(restored, "shell", "--no-imports", "-c", COUNT_ROWS).split() == counts
