"""Synthetic workbooks for load tests and `make bench`: a year's catalogue of any size
and, per pemda, its documents spread over its OPDs with states, history, files and
values. Bulk-inserted (one history row per step, written directly): the rows exist to
give the pages realistic volume, not to be audited. Names say "Uji beban" (load test).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from scores.models import Indicator
from skpd.models import Unit
from workbook.models import (
    CatalogueEntry,
    DocumentFile,
    DocumentRecord,
    DocumentState,
    SubIndicatorValue,
    natural_key,
)

S = DocumentState
PATHS = [
    ([], 25),
    ([S.SUBMITTED], 12),
    ([S.SUBMITTED, S.RETURNED], 8),
    ([S.SUBMITTED, S.READY], 8),
    ([S.SUBMITTED, S.READY, S.UPLOADED], 10),
    ([S.SUBMITTED, S.READY, S.UPLOADED, S.ACCEPTED], 30),
    ([S.SUBMITTED, S.READY, S.UPLOADED, S.REJECTED], 7),
]
DOCUMENTS_PER_SUB = 3
SUBS_PER_INDICATOR = 3
AREAS = 8


@transaction.atomic
def build_catalogue(year: int, documents: int) -> list[CatalogueEntry]:
    """The year's catalogue with `documents` documents (3 per sub-indicator, 3
    sub-indicators per indicator) over the first 8 MCP areas, weights given everywhere.
    Returns the documents; an existing catalogue of the year is returned as it is."""
    existing = list(CatalogueEntry.objects.filter(year=year, level=CatalogueEntry.Level.DOCUMENT))
    if existing:
        return existing
    areas = list(Indicator.objects.filter(parent__code="mcp").order_by("sort_order")[:AREAS])
    subs = -(-documents // DOCUMENTS_PER_SUB)
    indicators = -(-subs // SUBS_PER_INDICATOR)

    def make(level, code, name, area, parent, weight):
        return CatalogueEntry(
            year=year, level=level, code=code, name=name, area=area, parent=parent,
            weight=weight, sort_key=natural_key(code),
        )  # fmt: skip

    area_entries = CatalogueEntry.objects.bulk_create(
        make("area", a.code, a.name, a, None, Decimal(100) / len(areas)) for a in areas
    )
    indicator_entries = CatalogueEntry.objects.bulk_create(
        make(
            "indicator",
            f"{n % len(areas) + 1}.{n // len(areas) + 1}",
            f"Indikator uji beban {n}",
            areas[n % len(areas)],
            area_entries[n % len(areas)],
            None,
        )  # fmt: skip
        for n in range(indicators)
    )
    sub_entries = CatalogueEntry.objects.bulk_create(
        make(
            "sub-indicator",
            f"{parent.code}.{n // indicators + 1}",
            f"Sub-indikator uji {n}",
            parent.area,
            parent,
            Decimal(100) / SUBS_PER_INDICATOR,
        )  # fmt: skip
        for n in range(subs)
        for parent in [indicator_entries[n % indicators]]
    )
    return CatalogueEntry.objects.bulk_create(
        make(
            "document",
            f"{parent.code}.{n // subs + 1}",
            f"Dokumen uji beban {n}",
            parent.area,
            parent,
            None,
        )  # fmt: skip
        for n in range(documents)
        for parent in [sub_entries[n % subs]]
    )


@transaction.atomic
def open_workbook(
    pemda: Unit, year: int, opds: list[Unit], documents: list[CatalogueEntry], seed: int = 7
) -> int:
    """The pemda's records of `documents`, owned round-robin by `opds`, each taken
    along a path of states (history rows dated through the year), a file for every
    delivered one, and values for every sub-indicator. Returns the records created."""
    rng = random.Random(seed)
    start = timezone.make_aware(datetime.datetime(year, 4, 1, 9))
    records = DocumentRecord.objects.bulk_create(
        DocumentRecord(pemda=pemda, document=document, owner=opds[n % len(opds)])
        for n, document in enumerate(documents)
    )
    History = DocumentRecord.history.model
    tracked = [
        f.attname
        for f in DocumentRecord._meta.concrete_fields
        if f.attname in {g.attname for g in History._meta.concrete_fields}
    ]
    history, files, changed = [], [], []
    for record in records:
        moment = start
        history.append(history_row(History, record, tracked, moment, "+"))
        path = rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0]
        for state in path:
            moment += datetime.timedelta(days=rng.randint(2, 20))
            record.state, record.state_changed_at = state, moment
            if state == S.SUBMITTED:
                record.submitted_at = moment
                files.append(
                    DocumentFile(
                        record=record,
                        original_name=f"bukti-{record.pk}.pdf",
                        stored_name=f"synthetic-{pemda.pk}-{record.pk}.pdf",
                        content_type="application/pdf",
                        size=1000,
                        uploaded_at=moment,
                    )  # fmt: skip
                )
            record.note = "Catatan uji beban" if state in (S.RETURNED, S.REJECTED) else ""
            history.append(history_row(History, record, tracked, moment, "~"))
        if path:
            changed.append(record)
    DocumentRecord.objects.bulk_update(
        changed, ["state", "state_changed_at", "submitted_at", "note"], batch_size=500
    )
    History.objects.bulk_create(history, batch_size=500)
    DocumentFile.objects.bulk_create(files, batch_size=500)
    subs = {document.parent_id for document in documents}
    SubIndicatorValue.objects.bulk_create(
        SubIndicatorValue(
            pemda=pemda,
            sub_indicator_id=sub,
            value=Decimal(rng.choice([100, 90, 80, 60])),
            verified_value=Decimal(rng.choice([100, 75, 50, 0])) if rng.random() < 0.6 else None,
            source="Uji beban",
        )  # fmt: skip
        for sub in sorted(subs)
    )
    return len(records)


def history_row(History, record: DocumentRecord, tracked: list[str], moment, kind: str):
    row = History(**{name: getattr(record, name) for name in tracked})
    row.history_date, row.history_type = moment, kind
    return row
