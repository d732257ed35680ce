"""The first visit to the dashboard (empty browser cache) over a kabupaten office link:
the bytes the browser receives (HTML, JS, CSS, as sent: compressed where the server
compresses) and the time until every chart is drawn at 1,5 Mbit/s with 150 ms latency,
under the production server (gunicorn + whitenoise, DEBUG off) and under `make run`
(runserver, DEBUG on). Issue 16: the JS must be under a third of the full plotly.js."""

import gzip
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import plotly

from bench.harness import Report, Stats
from bench.server import ROOT, Client, free_port, gunicorn, production_env

CHROMIUM = "/usr/bin/chromium"
# A kabupaten office link: 1,5 Mbit/s down, 150 ms round trip (issue 16).
OFFICE_LINK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_500_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
FULL_PLOTLY = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
KINDS = {"Document": "HTML", "Script": "JS", "Stylesheet": "CSS"}


def run(report: Report) -> None:
    database_url = os.environ["DATABASE_URL"]
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    full = FULL_PLOTLY.read_bytes()
    reference = (
        f"today's full plotly.js: {len(full) / 1024:,.0f} KB, "
        f"{len(gzip.compress(full)) / 1024:,.0f} KB gzipped"
    )
    with gunicorn(
        production_env(database_url), workers=2, log=log_dir / "bench-firstvisit.log"
    ) as server:
        add_rows(report, "production server", first_visit(server.url), reference)
    with runserver(database_url, log_dir / "bench-firstvisit-runserver.log") as url:
        add_rows(report, "make run", first_visit(url), reference)


def add_rows(report: Report, where: str, visit: dict, reference: str) -> None:
    sizes = " · ".join(f"{kind} {visit[kind] / 1024:,.0f} KB" for kind in KINDS.values())
    report.add(
        "first visit",
        f"dashboard / under {where}: bytes received",
        None,
        note=f"{sizes} · total {visit['total'] / 1024:,.0f} KB ({reference})",
    )
    drawn = visit["drawn_ms"]
    report.add(
        "first visit",
        f"dashboard / under {where}: all charts drawn at 1,5 Mbit/s, 150 ms",
        Stats(drawn, drawn, 0, 1),
        note="one cold load, empty cache; queries column: n/a",
    )


@contextmanager
def runserver(database_url: str, log: Path):
    """`make run`'s server (runserver, DEBUG on) on a free port."""
    port = free_port()
    env = os.environ | {"DEBUG": "1", "DATABASE_URL": database_url}
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                Client(url).get("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"runserver did not start: {log.read_text()}") from None
                time.sleep(0.2)  # polling for the socket to open
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def first_visit(base: str) -> dict:
    """Bytes on the wire per kind and ms until all charts are drawn, for one load of
    the dashboard after the browser cache is emptied (the login page fills it)."""
    from playwright.sync_api import sync_playwright

    received = dict.fromkeys(KINDS.values(), 0)
    kinds: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "inspektorat")
        page.fill("#id_password", "demo-mcp-2024")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", OFFICE_LINK)

        def on_response(event):
            kinds[event["requestId"]] = KINDS.get(event["type"], "")

        def on_finished(event):
            kind = kinds.get(event["requestId"])
            if kind:
                received[kind] += event["encodedDataLength"]

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        page.goto(f"{base}/", timeout=120_000)
        drawn = "document.body.dataset.chartsDrawnMs !== undefined"
        page.wait_for_function(drawn, timeout=120_000)
        drawn_ms = float(page.evaluate("document.body.dataset.chartsDrawnMs"))
        page.wait_for_load_state("networkidle")
        browser.close()
    return received | {"total": sum(received.values()), "drawn_ms": drawn_ms}
