"""Demo strategic issues and action plans for Kalsel, marked as demo. Idempotent:
running it again changes nothing. Needs seed_demo's units and indicators first."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions import services
from actions.models import ActionPlan, StrategicIssue, Strategy, today
from pagecache import versioned
from scores.models import Indicator
from scores.years import working_year
from skpd.models import Unit

DEMO_ISSUES = [
    {
        "title": "Stunting: anggaran dan pengadaan yang tepat sasaran",
        "description": "Contoh isu strategis (demo): memastikan program penurunan stunting "
        "direncanakan, dianggarkan dan diadakan tanpa celah korupsi.",
        "strategy": Strategy.SYSTEM_IMPROVEMENT,
        "areas": ["mcp.perencanaan_penganggaran", "mcp.pbj"],
        "units": ["bappeda", "bpkad", "biro-pbj", "dinkes"],
    },
    {
        "title": "Kapabilitas APIP dan manajemen risiko",
        "description": "Contoh isu strategis (demo): menaikkan nilai area Pengawasan APIP, "
        "area terlemah Kalsel tahun 2023.",
        "strategy": Strategy.BUILDING_VALUES,
        "areas": ["mcp.apip"],
        "units": ["inspektorat"],
    },
]

# (title, area, owner, person in charge, days from today to the due date, status, issue)
DEMO_PLANS = [
    (
        "Rekonsiliasi aset tetap dan sertifikasi tanah BMD",
        "mcp.bmd",
        "bpkad",
        "Kepala Bidang Aset",
        -20,
        ActionPlan.Status.IN_PROGRESS,
        None,
    ),
    (
        "Unggah bukti dukung penatausahaan BMD triwulan",
        "mcp.bmd",
        "bpkad",
        "Sekretaris BPKAD",
        10,
        ActionPlan.Status.PLANNED,
        None,
    ),
    (
        "Penyusunan RKA berbasis kinerja untuk program stunting",
        "mcp.perencanaan_penganggaran",
        "bappeda",
        "Kepala Bidang Perencanaan",
        45,
        ActionPlan.Status.IN_PROGRESS,
        0,
    ),
    (
        "Penerapan katalog elektronik untuk pengadaan stunting",
        "mcp.pbj",
        "biro-pbj",
        "Kepala Biro PBJ",
        -5,
        ActionPlan.Status.PLANNED,
        0,
    ),
    (
        "Penyusunan peta risiko dan rencana pengawasan berbasis risiko",
        "mcp.apip",
        "inspektorat",
        "Inspektur Pembantu I",
        30,
        ActionPlan.Status.IN_PROGRESS,
        1,
    ),
    (
        "Intensifikasi pajak kendaraan bermotor berbasis data",
        "mcp.pajak",
        "bapenda",
        "Kepala Bidang Pajak",
        60,
        ActionPlan.Status.PLANNED,
        None,
    ),
]


class Command(BaseCommand):
    help = "Creates demo strategic issues and action plans for Kalsel (marked as demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        units = Unit.objects.in_bulk(
            ["kalsel", "bappeda", "bpkad", "biro-pbj", "dinkes", "inspektorat", "bapenda"],
            field_name="code",
        )
        if "kalsel" not in units:
            raise CommandError("Run seed_demo first: the Kalsel units are missing.")
        areas = Indicator.objects.in_bulk(field_name="code")
        year = working_year()
        issues = [self.issue(spec, year, units, areas) for spec in DEMO_ISSUES]
        created = 0
        for title, area, owner, person, days, status, issue_index in DEMO_PLANS:
            if ActionPlan.objects.filter(title=title, is_demo=True).exists():
                continue
            services.action_plan_save(
                plan=ActionPlan(
                    unit=units["kalsel"],
                    year=year,
                    area=areas[area],
                    strategic_issue=issues[issue_index] if issue_index is not None else None,
                    title=title,
                    description="Contoh rencana aksi (demo).",
                    owner_unit=units.get(owner, units["kalsel"]),
                    person_in_charge=person,
                    due_date=today() + datetime.timedelta(days=days),
                    status=status,
                    is_demo=True,
                ),
                by=None,
                reason="seed_demo_actions",
            )
            created += 1
        # The plans' signals raised their scopes; the issues (and anything bulk) too.
        versioned.invalidate()
        self.stdout.write(
            f"Demo action plans: {created} created, {len(DEMO_PLANS) - created} kept."
        )

    @staticmethod
    def issue(spec: dict, year: int, units, areas) -> StrategicIssue:
        found = StrategicIssue.objects.filter(title=spec["title"], is_demo=True).first()
        if found is not None:
            return found
        return services.strategic_issue_save(
            issue=StrategicIssue(
                title=spec["title"],
                description=spec["description"],
                year=year,
                strategy=spec["strategy"],
                is_demo=True,
            ),
            by=None,
            areas=[areas[code] for code in spec["areas"] if code in areas],
            responsible_units=[units[code] for code in spec["units"] if code in units],
        )
