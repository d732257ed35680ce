"""Spreadsheet import and export: preview + apply of a 10 000-row file, the streamed
CSV export of 10 000 and 100 000 scores and the .xlsx export of 100 000, with their
peak memory."""

import re
import time
import tracemalloc
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import Report, Stats
from scores.models import Indicator, Score
from skpd.models import Unit

YEARS = range(2000, 2050)
SMALL_UNITS = 100  # × 50 years × 2 indicators = 10 000 scores
LARGE_UNITS = 1000  # × 50 years × 2 indicators = 100 000 scores
IMPORT_FLOOR_MS = 10_000
EXPORT_FLOOR_MS = 5_000


def run(report: Report) -> None:
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    build_units("bench-x10k", SMALL_UNITS, ["mcp"])
    build_units("bench-x100k", LARGE_UNITS, ["mcp", "iin"])

    content = import_file()
    steps, queries = timed_import(client, content)
    total = sum(steps.values())
    report.add(
        "transfer",
        "import 10 000 rows (.xlsx): upload + preview + apply",
        Stats(total, total, queries, 1),
        floor_ms=IMPORT_FLOOR_MS,
        note=", ".join(f"{name} {ms:.0f} ms" for name, ms in steps.items())
        + f"; {Score.objects.filter(unit__parent__code='bench-x10k').count()} scores after",
    )
    peak = peak_memory(lambda: preview(client, content))
    report.add(
        "transfer",
        "import 10 000 rows: upload + preview again (all unchanged), peak memory",
        None,
        note=f"peak {peak:.1f} MiB (tracemalloc)",
    )
    for code, rows in (("bench-x10k", 10_000), ("bench-x100k", 100_000)):
        url = f"/export/scores.csv?unit={code}"
        elapsed, queries, size = timed_export(client, url)
        peak = peak_memory(lambda url=url: consume(client.get(url)))
        report.add(
            "transfer",
            f"export CSV of {rows:,} scores (streamed)".replace(",", " "),
            Stats(elapsed, elapsed, queries, 1),
            floor_ms=EXPORT_FLOOR_MS,
            note=f"{size / 2**20:.1f} MiB; peak {peak:.1f} MiB (tracemalloc)",
        )
    url = "/export/scores.xlsx?unit=bench-x100k"
    elapsed, queries, size = timed_export(client, url)
    peak = peak_memory(lambda: consume(client.get(url)))
    report.add(
        "transfer",
        "export .xlsx of 100 000 scores (XlsxWriter, constant memory)",
        Stats(elapsed, elapsed, queries, 1),
        floor_ms=EXPORT_FLOOR_MS,
        note=f"{size / 2**20:.1f} MiB; peak {peak:.1f} MiB (tracemalloc)",
    )


def build_units(root_code: str, count: int, codes: list[str]) -> None:
    """A parent unit with `count` SKPD, each with a score per year and indicator; on a
    database kept from an earlier run, their scores are put back as they started."""
    root, created = Unit.objects.get_or_create(
        code=root_code, defaults={"name": f"Beban {root_code}", "level": Unit.Level.REGENCY}
    )
    if created:
        Unit.objects.bulk_create(
            Unit(
                code=f"{root_code}-{number:04d}",
                name=f"Unit {root_code} {number:04d}",
                level=Unit.Level.SKPD,
                parent=root,
            )
            for number in range(count)
        )
    units = list(Unit.objects.filter(parent=root))
    Score.objects.filter(unit__in=units).delete()  # bench data only, never audited
    indicators = list(Indicator.objects.filter(code__in=codes))
    now = timezone.now()
    Score.objects.bulk_create(
        (
            Score(
                unit=unit,
                indicator=indicator,
                year=year,
                value=Decimal(60 + (unit.pk + year) % 35),
                status=Score.Status.FINAL,
                source="Data uji beban",
                updated_at=now,
            )
            for unit in units
            for indicator in indicators
            for year in YEARS
        ),
        batch_size=2000,
    )


def import_file() -> bytes:
    """10 000 rows for bench-x10k: every MCP value changed, every IIN value new."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["kode_unit", "indikator", "tahun", "nilai", "status", "sumber"])
    units = Unit.objects.filter(parent__code="bench-x10k").order_by("code")
    for code in units.values_list("code", flat=True):
        for year in YEARS:
            sheet.append([code, "mcp", year, 97.25, "final", "Impor uji beban"])
            sheet.append([code, "iin", year, "71,5", "progress", "Impor uji beban"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, content: bytes):
    response = client.post("/import/", {"file": SimpleUploadedFile("beban.xlsx", content)})
    if response.status_code != 302:
        raise RuntimeError(f"upload answered HTTP {response.status_code}")
    return response["Location"]


def preview(client: Client, content: bytes) -> str:
    location = upload(client, content)
    if client.get(location).status_code != 200:
        raise RuntimeError("preview failed")
    return location


def timed_import(client: Client, content: bytes) -> tuple[dict[str, float], int]:
    steps = {}
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        location = upload(client, content)
        steps["upload"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        page = client.get(location)
        steps["preview"] = (time.perf_counter() - started) * 1000
        if b'<span class="n">5000</span>' not in page.content.replace(b".", b""):
            counts = re.findall(r"<span class=\"n\">([0-9.]+)</span> (\w+)", page.content.decode())
            raise RuntimeError(f"the preview shows {counts}, not 5 000 new and 5 000 changed")
        started = time.perf_counter()
        applied = client.post(location + "apply/")
        steps["apply"] = (time.perf_counter() - started) * 1000
    if applied.status_code != 302 or applied["Location"] != "/import/":
        raise RuntimeError("apply did not succeed")
    return steps, len(captured)


def consume(response) -> int:
    if response.status_code != 200:
        raise RuntimeError(f"export answered HTTP {response.status_code}")
    if not response.streaming:
        return len(response.content)
    return sum(len(chunk) for chunk in response.streaming_content)


def timed_export(client: Client, url: str) -> tuple[float, int, int]:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        size = consume(client.get(url))
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(captured), size


def peak_memory(action) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
