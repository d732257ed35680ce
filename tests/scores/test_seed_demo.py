from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from scores.models import DEMO_SOURCE, Score, Target
from skpd.models import Unit


def database_counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "scores": Score.objects.count(),
        "score_history": Score.history.count(),
        "targets": Target.objects.count(),
        "users": User.objects.count(),
    }


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def test_a_second_run_changes_nothing(seeded):
    before = database_counts()
    call_command("seed_demo", stdout=StringIO())
    assert database_counts() == before


def test_it_loads_the_published_kalsel_figures(seeded):
    mcp_2023 = Score.objects.get(unit__code="kalsel", indicator__code="mcp", year=2023)
    assert str(mcp_2023.value.normalize()) == "84.73"
    assert mcp_2023.status == Score.Status.FINAL
    assert "diskominfomc" in mcp_2023.source
    target = Target.objects.get(unit__code="kalsel", indicator__code="mcp", year=2021)
    assert target.value == 90


def test_demo_scores_are_labelled_and_only_for_skpd(seeded):
    demo = Score.objects.filter(source=DEMO_SOURCE)
    assert demo.exists()
    assert set(demo.values_list("unit__level", flat=True)) == {Unit.Level.SKPD}
    assert set(demo.values_list("year", flat=True)) == {2021, 2022, 2023, 2024}
    assert set(demo.filter(year=2024).values_list("status", flat=True)) == {"progress"}
    assert set(demo.filter(year=2023).values_list("status", flat=True)) == {"final"}


def test_it_creates_the_demo_users_with_their_roles(seeded):
    assert User.objects.get(username="admin").is_superuser
    kepala = User.objects.get(username="kepala-bpkad")
    assert kepala.check_password("demo-mcp-2024")
    assert list(kepala.headed_units.values_list("code", flat=True)) == ["bpkad"]
    assert User.objects.get(username="inspektorat").groups.filter(name="Inspektorat").exists()


def test_with_debug_off_it_creates_no_users_unless_asked(db, settings):
    settings.DEBUG = False
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert not User.objects.exists()
    assert "--with-demo-users" in output.getvalue()
    call_command("seed_demo", "--with-demo-users", stdout=StringIO())
    assert User.objects.filter(username="inspektorat").exists()
