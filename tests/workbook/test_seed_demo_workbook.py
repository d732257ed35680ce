"""`make run`'s seeds: the demo 2025 workbook for Kalsel (issue 14, item 8), the Kalsel
SKPD's 2025 MCP derived from its documents rather than invented (item 7), and every
seed idempotent."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from scores.management.commands.seed_demo import DEMO_YEARS
from scores.models import Score
from skpd.models import Unit
from workbook.models import CatalogueEntry, DocumentFile, DocumentRecord, SubIndicatorValue
from workbook.selectors import opd_mcps

pytestmark = pytest.mark.django_db
SEEDS = ("seed_demo", "seed_demo_actions", "seed_demo_workbook")


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    for command in SEEDS:
        call_command(command, stdout=StringIO())
    return Unit.objects.get(code="kalsel")


def counts() -> dict[str, int]:
    return {
        "scores": Score.objects.count(),
        "score history": Score.history.count(),
        "catalogue": CatalogueEntry.objects.count(),
        "catalogue history": CatalogueEntry.history.count(),
        "records": DocumentRecord.objects.count(),
        "record history": DocumentRecord.history.count(),
        "files": DocumentFile.objects.count(),
        "values": SubIndicatorValue.objects.count(),
        "value history": SubIndicatorValue.history.count(),
    }


def test_the_demo_catalogue_has_the_issues_size_and_is_labelled_demo(seeded):
    entries = CatalogueEntry.objects.filter(year=2025)
    sizes = {level: entries.filter(level=level).count() for level in CatalogueEntry.Level}
    assert sizes == {"area": 8, "indicator": 25, "sub-indicator": 60, "document": 150}
    assert not entries.filter(is_demo=False).exists()
    assert not entries.exclude(level="area").exclude(name__startswith="[demo]").exists()


def test_the_skpd_2025_mcp_comes_from_the_documents_not_the_demo_generator(seeded):
    assert 2025 not in DEMO_YEARS
    skpd = Unit.objects.filter(parent=seeded, level=Unit.Level.SKPD)
    assert not Score.objects.filter(unit__in=skpd, indicator__code="mcp", year=2025).exists()
    assert Score.objects.filter(unit__in=skpd, indicator__code="mcp", year=2024).exists()
    derived = opd_mcps(seeded, 2025)
    with_value = [score for score in derived.values() if score.value is not None]
    # Most owning OPDs have some verified sub-indicator by November; not all of them.
    assert len(derived) >= 10
    assert len(with_value) >= len(derived) * 2 // 3
    assert all(0 < score.basis <= score.owned for score in with_value)
    assert all(0 <= score.value <= 100 for score in with_value)


def test_the_dashboard_ranks_kalsels_skpd_by_their_derived_2025_mcp(seeded, client):
    client.force_login(User.objects.get(username="inspektorat"))  # the demo's user
    page = client.get("/?unit=kalsel&year=2025").content.decode()
    assert page.count('data-testid="derived-') >= 10
    assert 'data-testid="derived-note"' in page


def test_running_every_seed_again_changes_nothing(seeded):
    before = counts()
    for command in SEEDS:
        call_command(command, stdout=StringIO())
    assert counts() == before
