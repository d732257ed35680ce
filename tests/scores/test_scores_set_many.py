from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from scores import services
from scores.models import Score, Target
from scores.services import ScoreChange


@pytest.fixture
def change(kalsel, indicators):
    def make(code="mcp", year=2023, value="84.73", **extra):
        return ScoreChange(
            unit=extra.pop("unit", kalsel),
            indicator=indicators[code],
            year=year,
            value=Decimal(value),
            **extra,
        )

    return make


def test_it_writes_new_and_changed_scores_with_history(change, inspektorat_user, kalsel):
    services.score_set(
        unit=kalsel, indicator=change().indicator, year=2022, value=Decimal(86), by=None
    )
    counts = services.scores_set_many(
        changes=[change(), change(year=2022, value="86.5", target=Decimal(90))],
        by=inspektorat_user,
        reason="Impor #1: a.csv",
    )
    assert counts == services.ScoreChangeCounts(created=1, changed=1, unchanged=0)
    changed = Score.objects.get(year=2022)
    assert changed.version == 2 and changed.value == Decimal("86.5")
    record = changed.history.first()
    assert (record.history_user, record.history_change_reason) == (
        inspektorat_user,
        "Impor #1: a.csv",
    )
    assert Score.objects.get(year=2023).history.get().history_type == "+"
    assert Target.objects.get(year=2022).history.get().history_change_reason == "Impor #1: a.csv"


def test_an_unchanged_score_writes_nothing(change, kalsel, inspektorat_user):
    services.scores_set_many(changes=[change()], by=inspektorat_user, reason="first")
    counts = services.scores_set_many(changes=[change()], by=inspektorat_user, reason="again")
    assert counts.unchanged == 1
    assert Score.objects.get().history.count() == 1


def test_one_refused_change_writes_nothing_at_all(change, inspektorat_user):
    with pytest.raises(ValidationError) as excinfo:
        services.scores_set_many(
            changes=[change(), change(code="iin", value="120")], by=inspektorat_user, reason="x"
        )
    assert "iin · 2023" in excinfo.value.messages[0]
    assert not Score.objects.exists()


def test_a_final_value_needs_a_reason_to_change(change, inspektorat_user):
    services.scores_set_many(changes=[change()], by=inspektorat_user, reason="first")
    with pytest.raises(ValidationError):
        services.scores_set_many(changes=[change(value="85")], by=inspektorat_user, reason="")
    assert Score.objects.get().value == Decimal("84.73")


def test_it_applies_the_framework_and_the_year_lock(change, inspektorat_user):
    services.year_lock(year=2024, by=inspektorat_user, reason="Diverifikasi")
    checks = services.scores_check_many(
        [change(code="mcp.keuangan_desa"), change(year=2024), change(year=2025)]
    )
    assert [c.errors[0].code if c.errors else c.kind for c in checks] == [
        "outside_framework",
        "year_locked",
        "new",
    ]


def test_checking_takes_the_same_queries_for_one_or_many_changes(
    change, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        services.scores_check_many([change()])
    many = [change(year=year) for year in range(2000, 2060)]
    with django_assert_max_num_queries(5):
        services.scores_check_many(many)


def test_an_imported_value_continues_the_versions_of_a_deleted_one(change, kalsel, indicators):
    first = services.score_set(
        unit=kalsel, indicator=indicators["mcp"], year=2023, value=Decimal(80), by=None
    )
    services.score_delete(
        unit=kalsel, indicator=indicators["mcp"], year=2023, by=None, reason="Salah entri"
    )
    services.scores_set_many(changes=[change()], by=None, reason="Impor #2: b.csv")
    assert Score.objects.get().version == first.version + 1
