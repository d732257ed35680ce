"""Issue 14, item 9: the MCP workbook's overview, an OPD's page and the review queue at
a province's size (700 documents over 45 OPDs, with their history, files and values),
then, with SIZE=national, again after every other pemda got its 700 documents: 546
pemda × 700 documents (WORKBOOK_PEMDA=60 measures a fraction of it where generating
all of them takes too long; the query counts, the same at both sizes, are the point
that carries over). The floors are the dashboard's: its time floor, and a query count
that does not grow with the data (the tests pin it). The dashboard and the unit page
are cached pages: they are measured computed afresh (the cache emptied before each
request), the workbook's pages are never cached."""

import os
import time

from django.core.cache import cache
from django.test import Client

from bench.bench_dashboard import DASHBOARD_FLOOR_MS
from bench.harness import Report, Stats, measure_after_reference
from skpd.models import Unit
from workbook import synthetic
from workbook.models import DocumentRecord

YEAR = 2025
DOCUMENTS = 700
OPDS = 45
NATIONAL_PEMDA = 546
RUNS = int(os.environ.get("WORKBOOK_RUNS") or 30)


def run(report: Report) -> None:
    province = Unit.objects.get(code="kalsel")
    opds = ensure_opds(province, OPDS)
    documents = synthetic.build_catalogue(YEAR, DOCUMENTS)
    if not DocumentRecord.objects.filter(pemda=province, document__year=YEAR).exists():
        synthetic.open_workbook(province, YEAR, opds, documents)
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    province_size = measure_pages(report, client, opds[0], "province")
    if os.environ.get("SIZE") != "national":
        return
    wanted = int(os.environ.get("WORKBOOK_PEMDA") or NATIONAL_PEMDA)
    started = time.perf_counter()
    fill_national(documents, wanted)
    minutes = (time.perf_counter() - started) / 60
    analyze()
    pemda = DocumentRecord.objects.values("pemda").distinct().count()
    label = "national" if pemda >= NATIONAL_PEMDA else f"{pemda} pemda"
    print(f"workbook: {pemda} pemda with documents, generated in {minutes:.1f} min", flush=True)
    larger = measure_pages(report, client, opds[0], label)
    same = {name: stats.queries for name, stats in province_size.items()} == {
        name: stats.queries for name, stats in larger.items()
    }
    report.add(
        "workbook",
        f"queries per page, province vs {label}",
        None,
        note="identical" if same else "**differ**",
    )


def measure_pages(report: Report, client: Client, opd: Unit, size: str) -> dict[str, Stats]:
    """Time each page; the cached ones (dashboard, unit page) computed afresh."""
    pages = [
        ("overview /mcp/2025/", f"/mcp/{YEAR}/?pemda=kalsel", False),
        ("overview as of a past day", f"/mcp/{YEAR}/?pemda=kalsel&per={YEAR}-07-01", False),
        ("an OPD's page /mcp/2025/unit/…/", f"/mcp/{YEAR}/unit/{opd.code}/", False),
        ("review queue /mcp/2025/review/", f"/mcp/{YEAR}/review/?pemda=kalsel", False),
        ("unit page of an OPD (derived MCP), uncached", f"/unit/{opd.code}/", True),
        (
            "dashboard 2025 ranked by documents (derived MCP), uncached",
            f"/?unit=kalsel&year={YEAR}&rank_by=documents",
            True,
        ),
    ]
    documents = DocumentRecord.objects.count()
    pemda = DocumentRecord.objects.values("pemda").distinct().count()
    results = {}
    for name, path, uncached in pages:

        def request(path=path, uncached=uncached):
            if uncached:
                cache.clear()
            return client.get(path)

        # The trivial page just before: on a shared, loaded machine the ratio says
        # more than the milliseconds.
        stats, ping = measure_after_reference(request, lambda: client.get("/ping/"), runs=RUNS)
        results[name] = stats
        report.add(
            f"workbook/{size}",
            name,
            stats,
            floor_ms=DASHBOARD_FLOOR_MS,
            note=f"{stats.median_ms / ping.median_ms:.1f} × ping ({ping.median_ms:.1f} ms); "
            f"Kalsel {DOCUMENTS} documents × {OPDS} OPDs; {pemda} pemda, "
            f"{documents} documents in all",
        )
    return results


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as autovacuum would gather them in
    a while: without them PostgreSQL scans the whole history table (measured: the
    overview's history query 265 ms before, 21 ms after, at 1,2 million history rows)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def ensure_opds(province: Unit, count: int) -> list[Unit]:
    """The province's OPDs, topped up with load-test units to `count`."""
    existing = Unit.objects.filter(parent=province, level=Unit.Level.SKPD).count()
    Unit.objects.bulk_create(
        Unit(
            code=f"bench-opd-{number:03d}",
            name=f"OPD Uji Beban {number:03d}",
            short_name=f"OPD Uji {number:03d}",
            level=Unit.Level.SKPD,
            parent=province,
        )
        for number in range(existing + 1, count + 1)
    )
    return list(Unit.objects.filter(parent=province, level=Unit.Level.SKPD).order_by("code"))


def fill_national(documents, wanted: int) -> None:
    """Up to `wanted` pemda get the same 700 documents, owned by 45 OPDs each: the
    existing pemda first, then load-test kabupaten (with their OPDs) under a load-test
    province, so Kalsel's own pages and rankings are not changed by them."""
    national = Unit.objects.get(level=Unit.Level.NATIONAL)
    bench_province, _ = Unit.objects.get_or_create(
        code="bench-prov",
        defaults={"name": "Provinsi Uji Beban", "level": Unit.Level.PROVINCE, "parent": national},
    )
    pemdas = list(Unit.objects.filter(level__in=Unit.PEMDA_LEVELS).order_by("code")[:wanted])
    missing = wanted - len(pemdas)
    if missing > 0:
        first = Unit.objects.filter(parent=bench_province).count() + 1
        created = Unit.objects.bulk_create(
            Unit(
                code=f"bench-kab-{n:04d}",
                name=f"Kabupaten Uji Beban {n:04d}",
                level=Unit.Level.REGENCY,
                parent=bench_province,
            )
            for n in range(first, first + missing)
        )
        Unit.objects.bulk_create(
            Unit(
                code=f"{kab.code}-opd-{m:02d}",
                name=f"OPD {m:02d} {kab.name}",
                level=Unit.Level.SKPD,
                parent=kab,
            )
            for kab in created
            for m in range(1, OPDS + 1)
        )
        pemdas += created
    opened = set(
        DocumentRecord.objects.filter(document__year=YEAR).values_list("pemda", flat=True)
    )
    for number, pemda in enumerate(pemdas):
        if pemda.pk in opened:
            continue
        opds = list(Unit.objects.filter(parent=pemda, level=Unit.Level.SKPD)[:OPDS])
        synthetic.open_workbook(pemda, YEAR, opds or [None], documents, seed=number)
        if number % 50 == 0:
            print(f"workbook: {number + 1}/{len(pemdas)} pemda", flush=True)
