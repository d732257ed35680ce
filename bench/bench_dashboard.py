"""The dashboard and unit pages: server time, queries, and the time until every chart
is drawn in headless chromium (served by a local WSGI server on a free port)."""

import os
import statistics
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.test import Client

from bench.harness import Report, Stats, measure

CHROMIUM = "/usr/bin/chromium"
BROWSER_RUNS = 10
DASHBOARD_FLOOR_MS = 100
CHARTS_FLOOR_MS = 1500


def run(report: Report) -> None:
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    report.add(
        "dashboard", "dashboard /", measure(lambda: client.get("/")), floor_ms=DASHBOARD_FLOOR_MS
    )
    load = os.getloadavg()[0]
    report.add(
        "dashboard",
        "dashboard / (CPU time of the process)",
        cpu_time(lambda: client.get("/")),
        floor_ms=DASHBOARD_FLOOR_MS,
        note=f"wall time above includes waiting for a CPU: load average {load:.1f} "
        f"on {os.cpu_count()} cores",
    )
    report.add(
        "dashboard",
        "year switch (htmx fragment) /?year=2022",
        measure(lambda: client.get("/?year=2022", headers={"HX-Request": "true"})),
    )
    report.add(
        "dashboard", "unit page /unit/kalsel/", measure(lambda: client.get("/unit/kalsel/"))
    )
    report.add("dashboard", "unit page /unit/bpkad/", measure(lambda: client.get("/unit/bpkad/")))
    for path in ("/", "/unit/kalsel/"):
        stats, charts = charts_drawn(path)
        report.add(
            "dashboard",
            f"chromium: navigation → all charts drawn {path}",
            stats,
            floor_ms=CHARTS_FLOOR_MS,
            note=f"{charts} charts, {BROWSER_RUNS} loads; queries column: n/a",
        )


def cpu_time(request, runs: int = 30) -> Stats:
    """Like measure(), in CPU time: what the page costs, apart from other processes."""
    request()
    timings = []
    for _ in range(runs):
        started = time.process_time()
        request()
        timings.append((time.process_time() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Stats(statistics.median(timings), p95, 0, runs)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def charts_drawn(path: str) -> tuple[Stats, int]:
    """Milliseconds from navigation start until charts.js reports every chart drawn."""
    from django.core.wsgi import get_wsgi_application
    from playwright.sync_api import sync_playwright

    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", "inspektorat")
            page.fill("#id_password", "demo-mcp-2024")
            page.click("button.primary")
            page.wait_for_load_state()
            page.goto(f"{base}{path}")  # first load fills the browser cache, as in daily use
            page.wait_for_function("document.body.dataset.chartsDrawnMs !== undefined")
            timings = []
            for _ in range(BROWSER_RUNS):
                page.goto(f"{base}{path}")
                page.wait_for_function("document.body.dataset.chartsDrawnMs !== undefined")
                timings.append(float(page.evaluate("document.body.dataset.chartsDrawnMs")))
            charts = page.locator("div.chart").count()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Stats(statistics.median(timings), p95, 0, len(timings)), charts
