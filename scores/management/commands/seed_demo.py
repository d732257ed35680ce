"""Load the published figures and generate labelled demo data for the SKPD.

Idempotent: every write goes through the services, which write nothing when nothing
changes, so a second run leaves the database (and its history) as it was.
"""

import csv
import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from pagecache import versioned
from scores import services
from scores.composite import area_shares, composite_estimate
from scores.models import DEMO_SOURCE, FrameworkArea, Indicator, Score
from scores.values import quantize
from skpd import roles
from skpd.models import Unit

DATA_DIR = Path(settings.BASE_DIR) / "data"
DEMO_PASSWORD = "demo-mcp-2024"
# The years whose SKPD scores the demo invents. Not 2025: seed_demo_workbook seeds that
# year's MCP workbook, and the SKPD's 2025 MCP is derived from its documents (issue 14,
# item 7); an invented typed value would stand in front of it.
DEMO_YEARS = range(2021, 2025)
DEMO_SEED = 2024
DEMO_PARENT = "kalsel"
SEED_REASON = "seed_demo"
DEMO_USERS = [
    # username, full name, group, unit headed
    ("inspektorat", "Staf Inspektorat", roles.INSPEKTORAT, None),
    ("pimpinan", "Pimpinan Daerah", roles.PIMPINAN, None),
    ("kepala-bpkad", "Kepala BPKAD", roles.KEPALA_SKPD, "bpkad"),
]


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def optional_date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


class Command(BaseCommand):
    help = "Load units and published scores, and generate demo SKPD scores and users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Create the demo users even with DEBUG off (they share a known password).",
        )

    def handle(self, *args, with_demo_users: bool, **options):
        with transaction.atomic():
            units = self.load_units()
            indicators = {i.code: i for i in Indicator.objects.select_related("continues")}
            self.load_official_scores(units, indicators)
            self.generate_demo_scores(units, indicators)
            # Scores written past the services (bulk): a running server must see them.
            versioned.invalidate()
        self.stdout.write(
            f"Units: {Unit.objects.count()}, scores: {Score.objects.count()} "
            f"(demo: {Score.objects.demo().count()})."
        )
        if settings.DEBUG or with_demo_users:
            self.create_users(units)
        else:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off: no demo users created (use --with-demo-users to force)."
                )
            )

    def load_units(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        for row in read_csv("units.csv"):
            wanted = {
                "name": row["name"],
                "short_name": row["short_name"],
                "level": row["level"],
                "parent": units.get(row["parent_code"]),
            }
            unit = Unit.objects.filter(code=row["code"]).first()
            if unit is None:
                unit = Unit.objects.create(code=row["code"], **wanted)
            elif any(getattr(unit, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(unit, key, value)
                unit.save()
            units[unit.code] = unit
        return units

    def load_official_scores(self, units, indicators) -> None:
        for row in read_csv("official_scores.csv"):
            key = {
                "unit": units[row["unit_code"]],
                "indicator": indicators[row["indicator"]],
                "year": int(row["year"]),
                "value": Decimal(row["value"]),
                "by": None,
            }
            if row["kind"] == "target":
                services.target_set(**key, source=row["source"], reason=SEED_REASON)
                continue
            services.score_set(
                **key,
                status=row["status"],
                as_of=optional_date(row["as_of"]),
                source=row["source"],
                note=row["note"],
                reason=SEED_REASON,
            )

    def generate_demo_scores(self, units, indicators) -> None:
        """Plausible, clearly labelled SKPD scores: each unit has a level of its own,
        each area an offset, each year a small drift; MCP is the equal-weight estimate."""
        rng = random.Random(DEMO_SEED)
        skpd = sorted(
            (u for u in units.values() if u.level == Unit.Level.SKPD), key=lambda u: u.code
        )
        latest_year = max(DEMO_YEARS)
        for unit in skpd:
            level = rng.uniform(68, 92)
            iin_level = rng.uniform(66, 82)
            area_offsets: dict[str, float] = {}
            for year in DEMO_YEARS:
                framework = FrameworkArea.objects.filter(
                    year=year, applies_to__in=FrameworkArea.kinds_for(unit.framework_kind)
                ).select_related("area__continues")
                values = {}
                for entry in framework:
                    root = (entry.area.continues or entry.area).code
                    offset = area_offsets.setdefault(root, rng.uniform(-12, 10))
                    values[entry.area.code] = self.demo_value(level + offset, rng)
                mcp = composite_estimate(area_shares(framework), values).value
                values["mcp"] = mcp
                values["iin"] = self.demo_value(iin_level, rng, spread=3)
                status = Score.Status.PROGRESS if year == latest_year else Score.Status.FINAL
                as_of = datetime.date(year, 11, 15) if year == latest_year else None
                for code, value in values.items():
                    services.score_set(
                        unit=unit,
                        indicator=indicators[code],
                        year=year,
                        value=value,
                        by=None,
                        status=status,
                        as_of=as_of,
                        source=DEMO_SOURCE,
                        note="",
                        reason=SEED_REASON,
                    )
                level += rng.uniform(-3, 3)

    @staticmethod
    def demo_value(centre: float, rng: random.Random, spread: float = 5) -> Decimal:
        value = min(100.0, max(35.0, centre + rng.uniform(-spread, spread)))
        return quantize(Decimal(str(value)), 2)

    def create_users(self, units) -> None:
        admin = self.demo_user("admin", "Administrator")
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
        for username, full_name, group_name, unit_code in DEMO_USERS:
            user = self.demo_user(username, full_name)
            user.groups.add(Group.objects.get(name=group_name))
            if unit_code:
                units[unit_code].heads.add(user)
        self.stdout.write(f"Demo users, all with password {DEMO_PASSWORD}:")
        self.stdout.write("  admin (superuser)")
        for username, _full_name, group_name, unit_code in DEMO_USERS:
            headed = f", head of {unit_code}" if unit_code else ""
            self.stdout.write(f"  {username} ({group_name}{headed})")

    @staticmethod
    def demo_user(username: str, full_name: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _, last = full_name.partition(" ")
            user = User.objects.create_user(
                username, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        return user
