"""Issue 7: every main page at the Kalsel demo size and (SIZE=national) at the national
synthetic size, each as a ratio to a trivial login-required page (/ping/) measured in
the same run, plus dashboard throughput under gunicorn (2 workers, production settings)
driven by wrk. Appends its own tables and the floors' verdicts to the report.
"""

import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from bench.bench_entry import cell_saver
from bench.bench_transfer import build_units, consume
from bench.harness import Report, Stats, measure, measure_after_reference
from scores.management.commands.generate_synthetic import refresh_statistics
from skpd.models import Unit

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "100"))
HEAVY_RUNS = int(os.environ.get("BENCH_HEAVY_RUNS", "5"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "20"))
WRK_CONNECTIONS = 16
SYNTHETIC = ["--provinces", "38", "--regencies-per-province", "13", "--skpd-per-pemda", "40"]
SYNTHETIC += ["--years", "2019-2025", "--seed", "1"]
YEARS = range(2000, 2050)  # bench_transfer's bench-x10k / bench-x100k units

PAGES = [
    ("trivial page /ping/ (login required)", "/ping/"),
    ("dashboard / (province kalsel)", "/"),
    ("national view /unit/nasional/", "/unit/nasional/"),
    ("national view, page 5", "/unit/nasional/?year=2023&page=5"),
    ("province unit page /unit/kalsel/", "/unit/kalsel/"),
    ("unit page /unit/bpkad/ (SKPD)", "/unit/bpkad/"),
    ("entry grid /entry/ (kalsel, 2023)", "/entry/?unit=kalsel&year=2023"),
]
FLOOR_PAGES = [name for name, _url in PAGES[1:]] + ["one cell save (htmx)"]
PAGE_RATIO_FLOOR = 5.0
SIZE_RATIO_FLOOR = 1.5
RPS_FLOOR = 100


@dataclass
class Measured:
    name: str
    size: str
    stats: Stats
    ping_ms: float | None = None  # the trivial page's median, measured just before this

    @property
    def ratio(self) -> float | None:
        return self.stats.median_ms / self.ping_ms if self.ping_ms else None


def run(report: Report) -> None:
    national = os.environ.get("SIZE", "kalsel") == "national"
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    if national:
        remove_synthetic()
    build_units("bench-x10k", 100, ["mcp"])
    build_units("bench-x100k", 1000, ["mcp", "iin"])
    refresh_statistics()
    results = measure_suite(client, "kalsel", report)
    throughput = {}
    if national:
        started = time.monotonic()
        call_command("generate_synthetic", *SYNTHETIC, stdout=io.StringIO())
        print(f"generate_synthetic: {time.monotonic() - started:.0f} s", flush=True)
        results += measure_suite(client, "national", report)
        throughput["national"] = wrk_dashboard(client)
    else:
        throughput["kalsel"] = wrk_dashboard(client)
    report.extra.append(tables(results, throughput, report.database))


def remove_synthetic() -> None:
    from scores.management.commands.generate_synthetic import CODE_PREFIX, delete_synthetic

    if Unit.objects.filter(code__startswith=CODE_PREFIX).exists():
        started = time.monotonic()
        delete_synthetic()
        print(f"removed earlier synthetic data: {time.monotonic() - started:.0f} s", flush=True)


def measure_suite(client: Client, size: str, report: Report) -> list[Measured]:
    def ping():
        return client.get("/ping/")

    stats = measure(ping, runs=RUNS)
    results = [Measured(PAGES[0][0], size, stats, stats.median_ms)]
    report.add(f"scale/{size}", PAGES[0][0], stats)
    pages = [(name, lambda url=url: client.get(url)) for name, url in PAGES[1:]]
    for name, request in pages + [("one cell save (htmx)", cell_saver(client))]:
        stats, ping_before = measure_after_reference(request, ping, runs=RUNS)
        measured = Measured(name, size, stats, ping_before.median_ms)
        results.append(measured)
        report.add(f"scale/{size}", name, stats, note=f"{measured.ratio:.1f} × ping")
    stats = measure(importer(client), runs=HEAVY_RUNS, warmup=0)
    ping_ms = results[0].stats.median_ms  # the file transfers' ratios: a sense of scale only
    results.append(Measured("import 10 000 rows: upload + preview + apply", size, stats, ping_ms))
    report.add(f"scale/{size}", "import 10 000 rows: upload + preview + apply", stats)
    export_url = "/export/scores.csv?unit=bench-x100k"
    stats = measure(lambda: exported(client, export_url), runs=HEAVY_RUNS, warmup=0)
    results.append(Measured("CSV export of 100 000 scores (streamed)", size, stats, ping_ms))
    report.add(f"scale/{size}", "CSV export of 100 000 scores (streamed)", stats)
    return results


class Done:
    status_code = 200


def exported(client: Client, url: str) -> Done:
    consume(client.get(url))
    return Done()


def xlsx(mcp: float, iin: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["kode_unit", "indikator", "tahun", "nilai", "status", "sumber"])
    units = Unit.objects.filter(parent__code="bench-x10k").order_by("code")
    for code in units.values_list("code", flat=True):
        for year in YEARS:
            sheet.append([code, "mcp", year, mcp, "final", "Impor uji beban"])
            sheet.append([code, "iin", year, iin, "progress", "Impor uji beban"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def importer(client: Client):
    """Each call imports 10 000 rows that differ from the stored ones (two files in
    turn), so every apply really writes 10 000 values."""
    files = [xlsx(97.25, "71,5"), xlsx(96.5, "72,25")]
    turn = count()

    def run_once():
        content = files[next(turn) % 2]
        upload = client.post("/import/", {"file": SimpleUploadedFile("beban.xlsx", content)})
        if upload.status_code != 302:
            raise RuntimeError(f"upload answered HTTP {upload.status_code}")
        location = upload["Location"]
        if client.get(location).status_code != 200:
            raise RuntimeError("preview failed")
        applied = client.post(location + "apply/")
        if applied.status_code != 302 or applied["Location"] != "/import/":
            raise RuntimeError("apply did not succeed")
        return Done()

    return run_once


# Throughput ---------------------------------------------------------------------------


@dataclass
class Throughput:
    requests_per_second: float
    requests: int
    errors: int
    detail: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wrk() -> str | None:
    return shutil.which("wrk")


def wrk_dashboard(client: Client) -> Throughput | None:
    """gunicorn (2 workers, DEBUG=0 and the production settings) on a free port, wrk
    with 16 connections for 20 s on the dashboard with a logged-in session cookie."""
    wrk = ensure_wrk()
    if wrk is None:
        print("wrk is not installed: throughput not measured", flush=True)
        return None
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "mcp_dashboard.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        url = f"http://127.0.0.1:{port}/"
        wait_until_ready(url, cookie)
        output = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{WRK_CONNECTIONS}",
                f"-d{WRK_SECONDS}s",
                "-H",
                f"Cookie: {cookie}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    return parse_wrk(output)


def wait_until_ready(url: str, cookie: str) -> None:
    """Until the dashboard answers 200 to the session (not a redirect to the login):
    a benchmark of the login page would measure nothing."""
    deadline = time.monotonic() + 60
    while True:
        try:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status == 200 and response.url == url:
                    for _ in range(10):  # both workers warm
                        urllib.request.urlopen(request, timeout=10).read()
                    return
                raise RuntimeError(f"dashboard answered {response.status} at {response.url}")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def parse_wrk(output: str) -> Throughput:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    detail = "non-2xx/3xx " + str(errors)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
        detail += "; socket errors " + "/".join(socket_errors.groups())
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", output)
    if latency:
        detail += f"; latency avg {latency.group(1)}, max {latency.group(3)}"
    return Throughput(rps, total, errors, detail)


# Tables and floors ----------------------------------------------------------------------


def tables(results: list[Measured], throughput: dict, database: str) -> str:
    lines = [
        f"## Scale (issue 7): {database}",
        "",
        f"Median and 95th percentile over {RUNS} requests ({HEAVY_RUNS} for import and "
        "export, each a full 10 000-row import or 100 000-score download); "
        "× ping = median ÷ the median of the trivial page measured just before it (its own "
        f"{RUNS} requests, shown as ping ms), so that drift in a shared machine's speed "
        "during the run does not tilt the ratio. "
        "Kalsel size: the demo + 40 SKPD × 2019–2024 + the 10 000/100 000-score transfer "
        "units; national size: the same plus `generate_synthetic " + " ".join(SYNTHETIC) + "`.",
        "",
        "| measurement | size | median ms | p95 ms | runs | queries | ping ms | × ping |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in results:
        ratio = f"{m.ratio:.1f}" if m.ratio is not None else ""
        ping = f"{m.ping_ms:.2f}" if m.ping_ms is not None else ""
        lines.append(
            f"| {m.name} | {m.size} | {m.stats.median_ms:.1f} | {m.stats.p95_ms:.1f} | "
            f"{m.stats.runs} | {m.stats.queries} | {ping} | {ratio} |"
        )
    lines += [
        "",
        f"Throughput: gunicorn, 2 workers, DEBUG=0, wrk {WRK_CONNECTIONS} connections "
        f"for {WRK_SECONDS} s on the dashboard `/` with a logged-in session cookie.",
        "",
        "| size | requests/s | requests | errors | detail |",
        "|---|---|---|---|---|",
    ]
    for size, result in throughput.items():
        if result is None:
            lines.append(f"| {size} | not measured (wrk missing) | | | |")
        else:
            lines.append(
                f"| {size} | {result.requests_per_second:.0f} | {result.requests} | "
                f"{result.errors} | {result.detail} |"
            )
    lines += ["", "Floors:", ""] + floors(results, throughput)
    return "\n".join(lines) + "\n"


def floors(results: list[Measured], throughput: dict) -> list[str]:
    measured = {(m.name, m.size): m for m in results}
    by_key = {key: m.stats for key, m in measured.items()}
    size = "national" if any(m.size == "national" for m in results) else "kalsel"
    lines = []
    if size == "national":
        differing = [
            f"{name} ({by_key[(name, 'kalsel')].queries} → {by_key[(name, 'national')].queries})"
            for name, _url in PAGES + [("one cell save (htmx)", "")]
            if by_key[(name, "kalsel")].queries != by_key[(name, "national")].queries
        ]
        lines.append(
            "- queries per request identical at both sizes: "
            + ("ok" if not differing else "**no**: " + ", ".join(differing))
        )
        dashboard = "dashboard / (province kalsel)"
        growth = (
            by_key[(dashboard, "national")].median_ms / by_key[(dashboard, "kalsel")].median_ms
        )
        verdict = "ok" if growth <= SIZE_RATIO_FLOOR else "**over**"
        lines.append(
            f"- dashboard median national ÷ Kalsel: {growth:.2f} (≤ {SIZE_RATIO_FLOOR}): {verdict}"
        )
    else:
        lines.append("- sizes compared by `make bench-national` only")
    sizes = ["kalsel", "national"] if size == "national" else ["kalsel"]
    over = [
        f"{name} at {each} size {measured[(name, each)].ratio:.1f}×"
        for each in sizes
        for name in FLOOR_PAGES
        if measured[(name, each)].ratio > PAGE_RATIO_FLOOR
    ]
    lines.append(
        f"- every page's median ≤ {PAGE_RATIO_FLOOR:g}× the trivial page, at "
        + " and ".join(f"{each} size" for each in sizes)
        + " (pages: the rows above but import and export, which are file transfers): "
        + ("ok" if not over else "**over**: " + ", ".join(over))
    )
    result = throughput.get(size)
    if result is not None:
        verdict = (
            "ok" if result.requests_per_second >= RPS_FLOOR and not result.errors else "**no**"
        )
        lines.append(
            f"- dashboard throughput ≥ {RPS_FLOOR} requests/s with 0 errors: "
            f"{result.requests_per_second:.0f}/s, {result.errors} errors: {verdict}"
        )
    return lines
