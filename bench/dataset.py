"""Benchmark data: the Kalsel demo plus generated SKPD up to a given count and years.

Generated rows are bulk-inserted (no per-row history): they exist to give the pages
realistic volume, not to be audited.
"""

import io
import random
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from scores.models import DEMO_SOURCE, FrameworkArea, Indicator, Score
from skpd.models import Unit

BENCH_SEED = 7


def build(*, skpd_count: int = 40, years: range = range(2019, 2025)) -> Unit:
    """Migrate, seed the demo, then fill every SKPD × year × counting indicator."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", "--with-demo-users", verbosity=0, stdout=io.StringIO())
    province = Unit.objects.get(code="kalsel")
    existing = Unit.objects.filter(parent=province, level=Unit.Level.SKPD).count()
    Unit.objects.bulk_create(
        Unit(
            code=f"bench-skpd-{number:03d}",
            name=f"Unit Uji Beban {number:03d}",
            short_name=f"Uji {number:03d}",
            level=Unit.Level.SKPD,
            parent=province,
        )
        for number in range(existing + 1, skpd_count + 1)
    )
    fill_scores(province, years)
    return province


def fill_scores(province: Unit, years: range) -> None:
    rng = random.Random(BENCH_SEED)
    indicators = {i.code: i for i in Indicator.objects.all()}
    units = list(Unit.objects.filter(parent=province, level=Unit.Level.SKPD).order_by("code"))
    have = set(Score.objects.filter(unit__in=units).values_list("unit_id", "indicator_id", "year"))
    now = timezone.now()
    rows = []
    for year in years:
        codes = ["mcp", "iin"] + list(
            FrameworkArea.objects.filter(
                year=year, applies_to__in=FrameworkArea.kinds_for("province")
            ).values_list("area__code", flat=True)
        )
        for unit in units:
            for code in codes:
                if (unit.pk, indicators[code].pk, year) in have:
                    continue
                value = Decimal(str(round(rng.uniform(55, 98), 2)))
                rows.append(
                    Score(
                        unit=unit,
                        indicator=indicators[code],
                        year=year,
                        value=value,
                        status=Score.Status.FINAL,
                        source=DEMO_SOURCE,
                        updated_at=now,
                    )
                )
    Score.objects.bulk_create(rows, batch_size=1000)
