"""A demo 2025 MCP workbook for Pemprov Kalsel: the 8 areas of 2025, 25 indicators,
60 sub-indicators and 150 documents, every name and weight labelled demo (KPK publishes
neither), owners among Kalsel's OPDs and a spread of states over April–November 2025.

The Kalsel SKPD's MCP for 2025 is not invented (seed_demo stops at 2024): it is derived
from these documents (workbook.selectors.opd_mcps), so the demo's values per
sub-indicator are what the OPDs' MCPs come from. Idempotent: when the 2025 catalogue
exists, nothing changes. Needs seed_demo's units."""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from mcp_dashboard.lib import uploads
from scores.models import DEMO_SOURCE
from skpd.models import Unit
from workbook import catalogue, services
from workbook.models import CatalogueEntry, DocumentFile, DocumentRecord, DocumentState

YEAR = 2025
PDF = b"%PDF-1.4\n% demo\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# Area, its demo weight, its likely owner (DOMAIN.md: an inference, a suggestion), and
# other OPDs that own some of its documents.
AREAS = [
    ("mcp.perencanaan", 12, "bappeda", ["brida", "diskominfo"]),
    ("mcp.penganggaran", 13, "bpkad", ["bappeda"]),
    ("mcp.pbj", 14, "biro-pbj", ["dinas-pupr", "biro-hukum"]),
    ("mcp.pelayanan_publik", 13, "dpmptsp", ["biro-organisasi", "diskominfo"]),
    ("mcp.apip", 12, "inspektorat", ["biro-organisasi"]),
    ("mcp.asn", 12, "bkd", ["bpsdmd"]),
    ("mcp.bmd", 12, "bpkad", ["biro-umum", "biro-hukum"]),
    ("mcp.pajak", 12, "bapenda", ["dishub"]),
]
INDICATORS_PER_AREA = [3, 3, 4, 3, 3, 3, 3, 3]  # 25
# (state reached, share): a realistic spread in November.
FINAL_STATES = [
    (DocumentState.ACCEPTED, 30),
    (DocumentState.UPLOADED, 10),
    (DocumentState.READY, 8),
    (DocumentState.SUBMITTED, 12),
    (DocumentState.RETURNED, 8),
    (DocumentState.REJECTED, 7),
    (DocumentState.MISSING, 25),
]
PATHS = {
    DocumentState.MISSING: [],
    DocumentState.SUBMITTED: ["diajukan"],
    DocumentState.RETURNED: ["diajukan", "dikembalikan"],
    DocumentState.READY: ["diajukan", "siap-unggah"],
    DocumentState.UPLOADED: ["diajukan", "siap-unggah", "diunggah"],
    DocumentState.ACCEPTED: ["diajukan", "siap-unggah", "diunggah", "diterima"],
    DocumentState.REJECTED: ["diajukan", "siap-unggah", "diunggah", "ditolak"],
}
NOTES = {
    "dikembalikan": "Contoh (demo): tanda tangan kepala OPD belum ada.",
    "ditolak": "Contoh (demo): dokumen bukan tahun berjalan, unggah versi 2025.",
}


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`parts` whole weights that add up to `total`."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def catalogue_rows(rng: random.Random) -> list[tuple[int, dict[str, str]]]:
    """The demo catalogue as a file's rows: 25 indicators, 60 sub-indicators, 150
    documents."""
    rows, line, subs_left, docs_left = [], 1, 60, 150
    indicator_total = sum(INDICATORS_PER_AREA)
    indicator_index = 0
    for number, ((area, _w, owner, others), count) in enumerate(
        zip(AREAS, INDICATORS_PER_AREA, strict=True), start=1
    ):
        indicator_weights = split(100, count, rng)
        for i in range(1, count + 1):
            indicators_after = indicator_total - indicator_index - 1
            subs = min(3, subs_left - 2 * indicators_after) if indicators_after else subs_left
            subs = max(2, subs)
            subs_left -= subs
            indicator_index += 1
            sub_weights = split(100, subs, rng)
            for j in range(1, subs + 1):
                docs = max(2, min(3, docs_left - 2 * (subs_left + subs - j)))
                if subs_left == 0 and j == subs:
                    docs = docs_left
                docs_left -= docs
                for k in range(1, docs + 1):
                    line += 1
                    rows.append(
                        (
                            line,
                            {
                                "tahun": str(YEAR),
                                "kode_area": area,
                                "kode_indikator": f"{number}.{i}",
                                "nama_indikator": f"[demo] Indikator {number}.{i}",
                                "bobot_indikator": str(indicator_weights[i - 1]),
                                "kode_subindikator": f"{number}.{i}.{j}",
                                "nama_subindikator": f"[demo] Sub-indikator {number}.{i}.{j}",
                                "bobot_subindikator": str(sub_weights[j - 1]),
                                "kode_dokumen": f"{number}.{i}.{j}.{k}",
                                "nama_dokumen": f"[demo] Bukti dukung {number}.{i}.{j}.{k}",
                                "berlaku_untuk": "semua",
                                "opd_pengampu": rng.choice([owner, owner, owner, *others]),
                            },
                        )
                    )
    return rows


class Command(BaseCommand):
    help = "Seed a demo 2025 MCP workbook for Pemprov Kalsel (idempotent)."

    def handle(self, *args, **options):
        if CatalogueEntry.objects.filter(year=YEAR).exists():
            self.stdout.write("The 2025 workbook exists: nothing to do.")
            return
        kalsel = Unit.objects.filter(code="kalsel").first()
        if kalsel is None:
            raise CommandError("Run `manage.py seed_demo` first: Kalsel's units are missing.")
        with transaction.atomic():
            self.seed(kalsel)
        self.stdout.write(self.style.SUCCESS("Demo 2025 workbook for Kalsel seeded."))

    def seed(self, kalsel: Unit) -> None:
        rng = random.Random(2025)
        plan = catalogue.build_plan(YEAR, catalogue_rows(rng))
        if plan.errors:
            raise CommandError(f"demo catalogue: {plan.errors[:3]}")
        services.catalogue_apply(plan=plan, by=None, reason=DEMO_SOURCE, is_demo=True)
        for code, weight, _owner, _others in AREAS:
            area = CatalogueEntry.objects.get(year=YEAR, level="area", code=code)
            area.weight = Decimal(weight)
            area.is_demo = True
            services.catalogue_entry_save(entry=area, by=None)
        services.documents_open(pemda=kalsel, year=YEAR, by=None)
        records = list(
            DocumentRecord.objects.filter(pemda=kalsel, document__year=YEAR).order_by("pk")
        )
        opened = timezone.make_aware(datetime.datetime(2025, 3, 31, 9))
        # The demo's records were opened at the start of the 2025 cycle, not today: its
        # weekly progress and "as of" views read the history's dates.
        DocumentRecord.history.filter(id__in=[r.pk for r in records]).update(history_date=opened)
        for record in records:
            self.walk(record, rng)
        self.values(kalsel, rng)

    def walk(self, record: DocumentRecord, rng: random.Random) -> None:
        """Take the record through a demo path with dates between April and November
        2025, writing one history row per step at its date."""
        final = rng.choices([s for s, _ in FINAL_STATES], [w for _, w in FINAL_STATES])[0]
        moment = timezone.make_aware(datetime.datetime(2025, 4, 1, 9)) + datetime.timedelta(
            days=rng.randint(0, 150)
        )
        record.is_demo = True
        for state in PATHS[final]:
            moment += datetime.timedelta(days=rng.randint(3, 25), hours=rng.randint(0, 6))
            moment = min(moment, timezone.make_aware(datetime.datetime(2025, 11, 28, 15)))
            if state == "diajukan":
                self.attach(record, moment)
                record.submitted_at = moment
            record.state, record.state_changed_at = state, moment
            record.note = NOTES.get(state, "")
            record._history_date = moment
            record._change_reason = NOTES.get(state, DEMO_SOURCE)
            record.save()
        if not PATHS[final]:
            DocumentRecord.objects.filter(pk=record.pk).update(is_demo=True)

    def attach(self, record: DocumentRecord, moment) -> None:
        stored = uploads.store(SimpleUploadedFile("demo.pdf", PDF), uploads.PDF)
        DocumentFile.objects.create(
            record=record,
            original_name=f"bukti-{record.document.code}-demo.pdf",
            stored_name=stored,
            content_type=uploads.PDF.content_type,
            size=len(PDF),
            uploaded_at=moment,
        )

    def values(self, kalsel: Unit, rng: random.Random) -> None:
        """Demo self-assessed values for every sub-indicator; a verified value where KPK
        has judged any of its documents: the claimed value times the share of the judged
        documents it accepted (the demo's rule, not KPK's)."""
        subs = CatalogueEntry.objects.filter(year=YEAR, level="sub-indicator").prefetch_related(
            "children__records"
        )
        for sub in subs:
            states = [r.state for d in sub.children.all() for r in d.records.all()]
            value = Decimal(rng.choice([100, 100, 100, 90, 80, 75, 60]))
            judged = [s for s in states if s in (DocumentState.ACCEPTED, DocumentState.REJECTED)]
            verified = None
            if judged:
                accepted = sum(1 for s in judged if s == DocumentState.ACCEPTED)
                verified = (value * accepted / len(judged)).quantize(Decimal("0.01"))
            services.sub_indicator_value_set(
                pemda=kalsel,
                sub_indicator=sub,
                by=None,
                value=value,
                verified_value=verified,
                source=DEMO_SOURCE,
            )
