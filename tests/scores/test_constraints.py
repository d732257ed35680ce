from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from scores.models import Score, Target


def make_score(unit, indicator, year=2023, value=Decimal("80")):
    return Score.objects.create(
        unit=unit, indicator=indicator, year=year, value=value, updated_at=timezone.now()
    )


def test_a_second_score_for_the_same_key_fails_at_the_database(kalsel, indicators):
    make_score(kalsel, indicators["mcp"])
    with pytest.raises(IntegrityError):
        make_score(kalsel, indicators["mcp"])


def test_a_negative_score_fails_at_the_database(kalsel, indicators):
    with pytest.raises(IntegrityError):
        make_score(kalsel, indicators["mcp"], value=Decimal("-1"))


def test_a_year_far_outside_use_fails_at_the_database(kalsel, indicators):
    with pytest.raises(IntegrityError):
        make_score(kalsel, indicators["mcp"], year=1945)


def test_a_negative_target_fails_at_the_database(kalsel, indicators):
    with pytest.raises(IntegrityError):
        Target.objects.create(
            unit=kalsel,
            indicator=indicators["mcp"],
            year=2024,
            value=Decimal("-5"),
            updated_at=timezone.now(),
        )
