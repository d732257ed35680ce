"""Synthetic national-scale data: every pemda of a made-up Indonesia with its SKPD.

For load tests and benchmarks only. Every unit code starts with "sint-" and every score
carries the source "Data sintetis (uji skala)", so nothing here can pass for real data.
Rows are bulk-inserted in batches without per-row history, which keeps the generator
at tens of thousands of scores per second.
"""

import csv
import io
import random
import sys
import time
from collections.abc import Iterator
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from pagecache import versioned
from scores.models import SYNTHETIC_SOURCE, FrameworkArea, Indicator, Score, Target
from skpd.models import Unit

CODE_PREFIX = "sint-"
BATCH_SIZE = 5000


def parse_years(text: str) -> range:
    first, _, last = text.partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError:
        raise CommandError(f"--years takes a range such as 2019-2025, not {text!r}") from None
    if not years:
        raise CommandError(f"--years {text!r} is empty")
    return years


class Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int, label: str, stream=sys.stderr):
        self.total, self.label, self.stream = total, label, stream
        self.done, self.started, self.drawn = 0, time.monotonic(), 0.0

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.drawn >= 0.1 or self.done >= self.total:
            self.drawn = now
            share = self.done / self.total if self.total else 1
            bar = "#" * int(share * 30)
            rate = self.done / max(now - self.started, 1e-9)
            self.stream.write(
                f"\r{self.label} [{bar:<30}] {self.done:,}/{self.total:,} ({rate:,.0f}/s)"
            )
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Generate synthetic units and scores for every pemda (labelled as synthetic)."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=38)
        parser.add_argument("--regencies-per-province", type=int, default=13)
        parser.add_argument("--skpd-per-pemda", type=int, default=40)
        parser.add_argument("--years", type=parse_years, default=parse_years("2019-2025"))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier synthetic data first."
        )

    def handle(self, *args, **options):
        national = Unit.objects.filter(level=Unit.Level.NATIONAL).first()
        if national is None:
            raise CommandError("No national unit: run `manage.py seed_demo` first.")
        existing = Unit.objects.filter(code__startswith=CODE_PREFIX)
        if existing.exists() and not options["replace"]:
            raise CommandError("Synthetic data exists already; add --replace to rebuild it.")
        started = time.monotonic()
        with transaction.atomic():
            if options["replace"]:
                delete_synthetic()
            units = create_units(national, options)
            count = create_scores(units, options["years"], options["seed"], national)
            versioned.invalidate()
            versioned.invalidate_setup()  # bulk-created units send no signals
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Synthetic data: {len(units):,} units, {count:,} scores in {seconds:.1f} s "
            f"({count / max(seconds, 1e-9):,.0f} scores/s)."
        )
        refresh_statistics()


def refresh_statistics() -> None:
    """After a bulk load the planner's statistics still describe the empty tables: until
    autovacuum catches up, PostgreSQL would scan 1,3 million scores where an index
    probe per unit takes a millisecond."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE skpd_unit, scores_score")
        else:
            cursor.execute("ANALYZE")


def delete_synthetic() -> None:
    """Plain DELETE statements: the ORM's delete() would load 1,3 million scores to send
    the history's signals, one by one (generated data has no history to keep)."""
    units = Unit.objects.filter(code__startswith=CODE_PREFIX)
    Score.objects.filter(unit__in=units)._raw_delete(Score.objects.db)
    Target.objects.filter(unit__in=units)._raw_delete(Target.objects.db)
    # Children before parents: the tree is protected against orphaning.
    for level in (Unit.Level.SKPD, Unit.Level.REGENCY, Unit.Level.CITY, Unit.Level.PROVINCE):
        Unit.objects.filter(code__startswith=CODE_PREFIX, level=level)._raw_delete(Unit.objects.db)
    versioned.invalidate()
    versioned.invalidate_setup()


def create_units(national: Unit, options) -> list[Unit]:
    provinces = Unit.objects.bulk_create(
        Unit(
            code=f"{CODE_PREFIX}p{p:02d}",
            name=f"Provinsi Sintetis {p:02d}",
            short_name=f"Prov. Sintetis {p:02d}",
            level=Unit.Level.PROVINCE,
            parent=national,
        )
        for p in range(1, options["provinces"] + 1)
    )
    regencies = Unit.objects.bulk_create(
        Unit(
            code=f"{province.code}-k{k:02d}",
            name=f"Kabupaten Sintetis {p:02d}-{k:02d}",
            short_name=f"Kab. Sintetis {p:02d}-{k:02d}",
            level=Unit.Level.REGENCY,
            parent=province,
        )
        for p, province in enumerate(provinces, start=1)
        for k in range(1, options["regencies_per_province"] + 1)
    )
    pemda = provinces + regencies
    skpd = Unit.objects.bulk_create(
        (
            Unit(
                code=f"{parent.code}-s{s:02d}",
                name=f"Perangkat Daerah Sintetis {parent.code.removeprefix(CODE_PREFIX)}-{s:02d}",
                short_name=f"SKPD {s:02d}",
                level=Unit.Level.SKPD,
                parent=parent,
            )
            for parent in pemda
            for s in range(1, options["skpd_per_pemda"] + 1)
        ),
        batch_size=BATCH_SIZE,
    )
    return pemda + skpd


def counting_codes(years: range) -> dict[tuple[int, str], list[str]]:
    """The indicators a unit of each framework kind has each year."""
    codes = {}
    for year in years:
        for kind in ("province", "regency-city"):
            areas = FrameworkArea.objects.filter(
                year=year, applies_to__in=FrameworkArea.kinds_for(kind)
            ).values_list("area__code", flat=True)
            codes[(year, kind)] = ["mcp", *sorted(areas), "iin"]
    return codes


def create_scores(units: list[Unit], years: range, seed: int, national: Unit) -> int:
    indicators = {i.code: i for i in Indicator.objects.all()}
    codes = counting_codes(years)
    kinds = {unit.pk: unit_kind(unit) for unit in units}
    ipak = national_ipak(national, years, seed, indicators)
    total = sum(len(codes[(year, kinds[unit.pk])]) for unit in units for year in years)
    progress = Progress(total + len(ipak), "scores")
    written = insert(ipak, progress)
    batch = []
    for row in score_rows(units, years, seed, indicators, codes, kinds):
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            written += insert(batch, progress)
            batch = []
    return written + insert(batch, progress)


def unit_kind(unit: Unit) -> str:
    # A synthetic SKPD's parent is its pemda; parents are in memory, no query needed.
    level = unit.parent.level if unit.level == Unit.Level.SKPD else unit.level
    return "province" if level == Unit.Level.PROVINCE else "regency-city"


ScoreRow = tuple[int, int, int, str, str]  # unit, indicator, year, value, status


def score_rows(units, years, seed, indicators, codes, kinds) -> Iterator[ScoreRow]:
    latest = max(years)
    for unit in units:
        rng = random.Random(f"{seed}:{unit.code}")
        level = rng.uniform(55, 92)
        offsets: dict[str, float] = {}
        for year in years:
            status = Score.Status.PROGRESS if year == latest else Score.Status.FINAL
            for code in codes[(year, kinds[unit.pk])]:
                offset = offsets.setdefault(code, rng.uniform(-15, 10))
                centre = level + (0 if code == "mcp" else offset)
                value = min(100.0, max(0.0, centre + rng.uniform(-4, 4)))
                yield (unit.pk, indicators[code].pk, year, f"{value:.2f}", status)
            level = min(98.0, max(30.0, level + rng.uniform(-3, 3.5)))


def national_ipak(national, years, seed, indicators) -> list[ScoreRow]:
    """IPAK is published for the nation only; fill the years the real series lacks."""
    rng = random.Random(f"{seed}:ipak")
    have = set(
        Score.objects.filter(unit=national, indicator__code="ipak").values_list("year", flat=True)
    )
    return [
        (national.pk, indicators["ipak"].pk, year, f"{rng.uniform(3.5, 4.1):.2f}", "final")
        for year in years
        if year not in have
    ]


def insert(rows: list[ScoreRow], progress: Progress) -> int:
    if connection.vendor == "postgresql":
        copy_into_postgresql(rows)
    else:
        now = timezone.now()
        Score.objects.bulk_create(
            Score(
                unit_id=unit_id,
                indicator_id=indicator_id,
                year=year,
                value=Decimal(value),
                status=status,
                source=SYNTHETIC_SOURCE,
                updated_at=now,
            )
            for unit_id, indicator_id, year, value, status in rows
        )
    progress.advance(len(rows))
    return len(rows)


def copy_into_postgresql(rows: list[ScoreRow]) -> None:
    """COPY is several times faster than multi-row INSERT for a million rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    now = timezone.now().isoformat()
    for row in rows:
        writer.writerow((*row, SYNTHETIC_SOURCE, "", 1, now))
    buffer.seek(0)
    columns = "unit_id, indicator_id, year, value, status, source, note, version, updated_at"
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {Score._meta.db_table} ({columns}) FROM STDIN"
            " WITH (FORMAT csv, FORCE_NOT_NULL (note))",
            buffer,
        )
