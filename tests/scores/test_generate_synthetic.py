from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scores.models import SYNTHETIC_SOURCE, Score
from skpd.models import Unit

SMALL = ["--provinces", "2", "--regencies-per-province", "3", "--skpd-per-pemda", "2"]


def generate(*extra: str) -> None:
    call_command(
        "generate_synthetic",
        *SMALL,
        "--years",
        "2022-2024",
        *extra,
        stdout=StringIO(),
        stderr=StringIO(),
    )


def synthetic_values() -> list[tuple]:
    return list(
        Score.objects.filter(source=SYNTHETIC_SOURCE)
        .order_by("unit__code", "indicator__code", "year")
        .values_list("unit__code", "indicator__code", "year", "value", "status")
    )


def test_it_builds_the_tree_with_readable_names(official_units):
    generate()
    synthetic = Unit.objects.filter(code__startswith="sint-")
    pemda = 2 + 2 * 3
    assert synthetic.count() == pemda + pemda * 2
    assert synthetic.get(code="sint-p02-k03").name == "Kabupaten Sintetis 02-03"
    assert synthetic.get(code="sint-p01").parent.code == "nasional"


def test_every_unit_gets_mcp_its_frameworks_areas_and_iin(official_units):
    generate()
    province_2023 = Score.objects.filter(unit__code="sint-p01", year=2023)
    regency_2023 = Score.objects.filter(unit__code="sint-p01-k01", year=2023)
    skpd_2023 = Score.objects.filter(unit__code="sint-p01-s01", year=2023)
    assert province_2023.count() == 1 + 7 + 1  # MCP, 7 areas (no village finance), IIN
    assert regency_2023.count() == 1 + 8 + 1
    assert skpd_2023.count() == province_2023.count()
    latest = Score.objects.filter(year=2024, unit__code__startswith="sint-")
    assert set(latest.values_list("status", flat=True)) == {"progress"}


def test_it_is_deterministic_for_a_seed(official_units):
    generate("--seed", "5")
    first = synthetic_values()
    generate("--seed", "5", "--replace")
    assert synthetic_values() == first
    generate("--seed", "6", "--replace")
    assert synthetic_values() != first


def test_values_stay_on_the_scale(official_units):
    generate()
    values = Score.objects.filter(source=SYNTHETIC_SOURCE).values_list("value", flat=True)
    assert all(0 <= value <= 100 for value in values)


def test_it_refuses_to_run_twice_without_replace(official_units):
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()


def test_it_needs_the_national_unit(db):
    with pytest.raises(CommandError, match="seed_demo"):
        generate()
