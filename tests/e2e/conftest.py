"""Browser tests: Playwright drives Debian's chromium against the live server."""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls that the
# fixtures make here are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
E2E_DIR = Path(__file__).resolve().parent
# Without these, chromium reaches for Google's hosts, which this network refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    no_browser = not CHROMIUM.exists() and not REQUIRE_BROWSER
    for item in items:
        if E2E_DIR not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.django_db(transaction=True))
        item.add_marker(
            pytest.mark.skipif(
                no_browser,
                reason=f"no chromium at {CHROMIUM}: run `apt-get install chromium` "
                "(REQUIRE_BROWSER=1 makes this a failure instead)",
            )
        )


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Every browser test starts with the migrations' indicators and roles."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_BROWSER=1 but there is no chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "id-ID",
        "timezone_id": "Asia/Makassar",
        "viewport": {"width": 1366, "height": 900},
    }


@dataclass
class PageWatch:
    """Page errors, CSP violations and requests to any host but the live server."""

    allowed_host: str
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        # Chromium reports every Content Security Policy violation on the console.
        if "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def on_request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != self.allowed_host:
            self.foreign_requests.append(request.url)

    def assert_clean(self) -> None:
        assert self.errors == [], f"page errors: {self.errors}"
        assert self.foreign_requests == [], f"requests to other hosts: {self.foreign_requests}"


@pytest.fixture
def watched_page(page, live_server):
    """A page whose errors and off-site requests fail the test."""
    watch = PageWatch(allowed_host=urlparse(live_server.url).netloc)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.watch = watch
    yield page
    watch.assert_clean()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ (git-ignored)."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def log_in(live_server):
    def submit(page, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()

    return submit
