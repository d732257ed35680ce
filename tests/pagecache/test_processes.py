"""Several processes on one database (issue 18): app servers and management commands
run as separate processes, as in production, against a scratch database of the suite's
engine (and the suite's CACHE_URL, so with Redis when the suite runs with it).

- a write through one app server is seen at once through another;
- data written by a management command in another process is seen at once by a
  running server;
- after a restore, numbers that the versions reach again never serve a page cached
  before it (a new epoch).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.mcp_dashboard.test_settings_env import ROOT
from tests.ops.test_backup_restore import manage, scratch_urls  # noqa: F401 (a fixture)

BANJAR = "/?unit=banjar&year=2022"
PASSWORD = "demo-mcp-2024"
SET_BANJAR_IIN = (
    "from decimal import Decimal; from scores import services;"
    "from scores.models import Indicator; from skpd.models import Unit;"
    "services.score_set(unit=Unit.objects.get(code='banjar'),"
    " indicator=Indicator.objects.get(code='iin'), year=2022, value=Decimal('{value}'),"
    " by=None, reason='Koreksi')"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`manage.py runserver` in its own process, and a logged-in browser of it."""

    def __init__(self, database_url: str):
        self.port = free_port()
        environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        environment.update(DATABASE_URL=database_url, DEBUG="1")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self.wait_until_up()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_up(self) -> None:
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=2)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError("the app server did not start")

    def get(self, path: str) -> str:
        with self.opener.open(self.url(path), timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> int:
        fields = {"csrfmiddlewaretoken": self.csrf_token(), **fields}
        request = urllib.request.Request(
            self.url(path),
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.url(path)},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as answer:  # the redirect after a post
            return answer.code

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def log_in(self, username: str = "inspektorat") -> None:
        self.get("/accounts/login/")
        status = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302, "the demo login failed"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def demo_database(scratch_urls) -> str:  # noqa: F811
    url = scratch_urls[0]
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    manage(url, "seed_demo", "--with-demo-users")
    return url


@pytest.fixture
def servers(demo_database):
    started: list[Server] = []

    def start() -> Server:
        server = Server(demo_database)
        started.append(server)
        server.log_in()
        return server

    yield start
    for server in started:
        server.stop()


def shown_iin(page: str) -> bool:
    return "72,50" in page


def write_cell(server: Server, value: str) -> None:
    """Type a value into Banjar's IIN 2022 cell of the entry grid, as a browser would
    without JavaScript (the form posts the cell)."""
    grid = server.get("/entry/?unit=banjar&year=2022")
    found = re.search(r'name="v-(s-\d+-\d+)"[^>]*aria-label="[^"]*IIN', grid)
    assert found, "no IIN cell in Banjar's grid"
    key = found.group(1)
    version = re.search(rf'name="ver-{key}" value="(\d*)"', grid).group(1)
    status = server.post(
        f"/entry/2022/cell/{key}/",
        {
            f"v-{key}": value,
            f"ver-{key}": version,
            f"reason-{key}": "Koreksi",
            f"confirm-{key}": "1",
        },
    )
    assert status == 302


def test_a_write_through_one_server_is_seen_through_another_at_once(servers):
    first, second = servers(), servers()
    assert "72,50" in first.get(BANJAR)
    cached = cached_dashboards()
    assert "72,50" in second.get(BANJAR)
    if cached is not None:  # one shared cache: the second server computed nothing
        assert cached_dashboards() == cached
    write_cell(first, "81,75")
    page = second.get(BANJAR)
    assert "81,75" in page and "72,50" not in page


def cached_dashboards() -> int | None:
    """How many dashboards the shared cache holds; None without one (CACHE_URL)."""
    if not os.environ.get("CACHE_URL"):
        return None
    import redis

    return len(redis.Redis.from_url(os.environ["CACHE_URL"]).keys("*:dashboard:*"))


def test_data_written_by_a_command_in_another_process_is_seen_by_a_running_server(
    servers, demo_database
):
    server = servers()
    national = server.get("/unit/nasional/?year=2023")
    assert "sint-" not in national
    manage(
        demo_database,
        "generate_synthetic",
        "--provinces",
        "1",
        "--regencies-per-province",
        "2",
        "--skpd-per-pemda",
        "1",
        "--years",
        "2023",
    )
    assert "/unit/sint-p01/" in server.get("/unit/nasional/?year=2023")


def test_after_a_restore_no_page_cached_before_it_is_served(servers, demo_database, tmp_path):
    server = servers()
    assert "72,50" in server.get(BANJAR)
    backup = tmp_path / "before.backup"
    manage(demo_database, "backup", "--output", str(backup))
    write_cell(server, "81,75")
    assert "81,75" in server.get(BANJAR)  # cached under the numbers after one write
    manage(demo_database, "restore", str(backup))
    server.log_in()  # the restore took the sessions back too
    assert "72,50" in server.get(BANJAR)
    # The same number of writes again, with another value: the versions' numbers are
    # those the page with 81,75 was cached under, but the epoch is new.
    manage(demo_database, "shell", "--no-imports", "-c", SET_BANJAR_IIN.format(value="90"))
    page = server.get(BANJAR)
    assert "90,00" in page and "81,75" not in page


def test_a_fresh_database_starts_its_own_epoch(demo_database):
    read_epoch = "from pagecache import versioned; print(versioned.current_version().epoch)"
    first = manage(demo_database, "shell", "--no-imports", "-c", read_epoch).strip()
    manage(demo_database, "new_cache_epoch")
    second = manage(demo_database, "shell", "--no-imports", "-c", read_epoch).strip()
    assert first != "0" and second != first
