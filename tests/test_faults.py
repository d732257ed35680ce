"""Faults on the real production server (gunicorn, DEBUG off, persistent connections).

- PostgreSQL stops mid-run: pages answer with the Indonesian 503 page (no traceback),
  /healthz with 503; PostgreSQL comes back: the same gunicorn serves again. This needs
  a cluster of its own to stop (never the shared one), so it runs where the suite
  runs on PostgreSQL as root with Debian's pg_createcluster, as CI does.
- Two clients save the same grid cell 100 times, each round both with the same
  expected version: exactly one wins, the other is told of the conflict, and the
  history holds every accepted change.
"""

import os
import shutil
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from bench.server import Client, free_port, gunicorn, manage, production_env

PASSWORD = "fault-test-password-1"
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
CAN_RUN_CLUSTERS = shutil.which("pg_createcluster") is not None and os.geteuid() == 0
OUTAGE_TEXT = "Sementara tidak tersedia"
CONFLICT_TEXT = "Nilai ini telah diubah orang lain sementara itu"
SETUP = """
from django.contrib.auth.models import Group, User
from scores.management.commands.seed_demo import Command
from scores.models import Indicator
units = Command().load_units()
for name in ("staf-a", "staf-b"):
    User.objects.create_user(name, password="{password}").groups.add(
        Group.objects.get(name="Inspektorat")
    )
print(units["bpkad"].pk, Indicator.objects.get(code="mcp").pk)
"""
HISTORY_COUNT = """
from scores.models import Score
print(Score.history.filter(unit_id={unit}, indicator_id={indicator}, year=2023).count())
"""


def shell(code: str, env: dict[str, str]) -> str:
    """The last line the code printed (the shell announces its imports first)."""
    return manage("shell", "-c", code, env=env).strip().splitlines()[-1]


def prepare(env: dict[str, str]) -> tuple[int, int]:
    """Migrate the scratch database and add two staff users; the cell's unit and
    indicator ids."""
    manage("migrate", "--noinput", "-v0", env=env)
    unit, indicator = shell(SETUP.format(password=PASSWORD), env).split()
    return int(unit), int(indicator)


def postgres(port: int, *sql: str) -> None:
    for statement in sql:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc", statement],
            check=True,
            capture_output=True,
        )


# ---------------------------------------------------------------- the database stops


def cluster_command(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


@pytest.fixture
def own_cluster():
    """A PostgreSQL cluster of this test's own, dropped whatever happens."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    name, port = f"mcpfault{os.getpid()}", free_port()
    cluster_command(
        "pg_createcluster", version, name, "-p", str(port), "--start", "--", "--auth=trust"
    )
    try:
        postgres(port, "CREATE DATABASE mcp_fault")
        yield version, name, port
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], check=False)


@pytest.mark.skipif(
    not ON_POSTGRES, reason="the outage test runs when the suite runs on PostgreSQL"
)
@pytest.mark.skipif(
    not CAN_RUN_CLUSTERS,
    reason="needs root and Debian's pg_createcluster to stop a cluster of its own (as in CI)",
)
def test_a_database_outage_gives_503_pages_and_the_server_recovers_without_restart(
    own_cluster, tmp_path
):
    version, name, port = own_cluster
    env = production_env(f"postgres://postgres@127.0.0.1:{port}/mcp_fault", STATIC_MANIFEST="0")
    prepare(env)
    with gunicorn(env, workers=2, log=tmp_path / "gunicorn.log") as server:
        staff = Client(server.url)
        staff.log_in("staf-a", PASSWORD)
        assert staff.get("/").status == 200

        cluster_command("pg_ctlcluster", version, name, "stop", "-m", "fast")
        for _ in range(4):  # enough to meet both workers and their kept connections
            page = staff.get("/")
            assert page.status == 503
            assert OUTAGE_TEXT in page.text and "Traceback" not in page.text
            assert staff.get("/healthz").status == 503
        login_page = Client(server.url).get("/accounts/login/")
        assert login_page.status in (200, 503) and "Traceback" not in login_page.text

        cluster_command("pg_ctlcluster", version, name, "start")
        for _ in range(4):
            assert staff.get("/healthz").status == 200
            assert staff.get("/").status == 200
        assert server.process.poll() is None  # the same gunicorn, never restarted


# ---------------------------------------------------------------- two clients, one cell


@pytest.fixture
def scratch_database(tmp_path):
    """Its own database on the suite's PostgreSQL server, else an SQLite file."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'conflict.sqlite3'}"
        return
    server = settings.DATABASES["default"]
    port = int(server.get("PORT") or 5432)
    name = f"mcp_hard_conflict_{uuid.uuid4().hex[:8]}"
    postgres(port, f"CREATE DATABASE {name}")
    try:
        yield f"postgres://postgres@{server['HOST'] or '127.0.0.1'}:{port}/{name}"
    finally:
        postgres(port, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


ROUNDS = 100


def test_two_clients_saving_one_cell_100_times_never_lose_an_update(scratch_database, tmp_path):
    env = production_env(scratch_database, STATIC_MANIFEST="0")
    unit, indicator = prepare(env)
    key = f"s-{unit}-{indicator}"
    path = f"/entry/2023/cell/{key}/"
    with gunicorn(env, workers=3, log=tmp_path / "gunicorn.log") as server:
        clients = [Client(server.url), Client(server.url)]
        for client, name in zip(clients, ("staf-a", "staf-b"), strict=True):
            client.log_in(name, PASSWORD)
        start = threading.Barrier(2)
        outcomes: list[list[str]] = []

        def save(client: Client, version: int, value: str, results: list, index: int):
            start.wait()
            answer = client.post(
                path,
                {
                    f"v-{key}": value,
                    f"ver-{key}": version,
                    f"reason-{key}": "Uji serentak",
                    "new-status": "final",
                    "new-source": "Uji serentak",
                },
                headers={"HX-Request": "true"},
            )
            results[index] = verdict(answer)

        for version in range(ROUNDS):
            results = [None, None]
            values = [f"{50 + version % 40},25", f"{50 + version % 40},75"]
            threads = [
                threading.Thread(target=save, args=(clients[i], version, values[i], results, i))
                for i in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            outcomes.append(results)

    assert all(sorted(result) == ["conflict", "saved"] for result in outcomes), outcomes
    history = shell(HISTORY_COUNT.format(unit=unit, indicator=indicator), env)
    assert int(history) == ROUNDS


def verdict(answer) -> str:
    if answer.status == 200 and 'class="cell-saved"' in answer.text:
        return "saved"
    if answer.status == 200 and CONFLICT_TEXT in answer.text:
        return "conflict"
    return f"HTTP {answer.status}: {answer.text[:300]}"
