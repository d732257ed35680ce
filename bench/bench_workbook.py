"""Issue 14, item 9: the MCP workbook's overview, an OPD's page and the review queue at
a province's size (700 documents over 45 OPDs, with their history, files and values),
and with SIZE=national at the national size (546 pemda × 700 documents; hours of
inserts on SQLite: judge it on PostgreSQL). The floors are the dashboard's: its
time floor, and a query count that does not grow with the data (the tests pin it)."""

import os

from django.test import Client

from bench.bench_dashboard import DASHBOARD_FLOOR_MS
from bench.harness import Report, measure
from skpd.models import Unit
from workbook import synthetic
from workbook.models import DocumentRecord

YEAR = 2025
DOCUMENTS = 700
OPDS = 45
NATIONAL_PEMDA = 546


def run(report: Report) -> None:
    province = Unit.objects.get(code="kalsel")
    opds = ensure_opds(province, OPDS)
    documents = synthetic.build_catalogue(YEAR, DOCUMENTS)
    if not DocumentRecord.objects.filter(pemda=province, document__year=YEAR).exists():
        synthetic.open_workbook(province, YEAR, opds, documents)
    if os.environ.get("SIZE") == "national":
        fill_national(documents)
    size = f"{DocumentRecord.objects.count()} documents in all"
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    pages = [
        ("overview /mcp/2025/", f"/mcp/{YEAR}/?pemda=kalsel"),
        ("overview as of a past day", f"/mcp/{YEAR}/?pemda=kalsel&per={YEAR}-07-01"),
        ("an OPD's page /mcp/2025/unit/…/", f"/mcp/{YEAR}/unit/{opds[0].code}/"),
        ("review queue /mcp/2025/review/", f"/mcp/{YEAR}/review/?pemda=kalsel"),
        ("unit page of an OPD (derived MCP)", f"/unit/{opds[0].code}/"),
    ]
    for name, path in pages:
        report.add(
            "workbook",
            name,
            measure(lambda path=path: client.get(path)),
            floor_ms=DASHBOARD_FLOOR_MS,
            note=f"{DOCUMENTS} documents × {OPDS} OPDs for Kalsel; {size}",
        )


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


def fill_national(documents) -> None:
    """Every other pemda (the synthetic national units when generated) gets the same
    700 documents, owned by up to 45 of its OPDs (or by none where it has no units)."""
    pemdas = Unit.objects.filter(level__in=Unit.PEMDA_LEVELS).exclude(code="kalsel")
    opened = set(
        DocumentRecord.objects.filter(document__year=YEAR).values_list("pemda", flat=True)
    )
    for number, pemda in enumerate(pemdas.order_by("code")[: NATIONAL_PEMDA - 1]):
        if pemda.pk in opened:
            continue
        opds = list(Unit.objects.filter(parent=pemda, level=Unit.Level.SKPD)[:OPDS])
        synthetic.open_workbook(pemda, YEAR, opds or [None], documents, seed=number)
