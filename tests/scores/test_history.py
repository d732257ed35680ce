"""scores.history: one reader of a value's history for the unit page and the grid."""

from decimal import Decimal

from scores import services
from scores.history import CHANGED, CREATED, REMOVED, history_rows
from scores.models import Score
from skpd.users import user_display_name
from tests.conftest import make_user


def test_rows_are_newest_first_with_old_and_new_values(official_units, indicators):
    bpkad, mcp = official_units["bpkad"], indicators["mcp"]
    user = make_user("anis", first_name="Anis", last_name="Rahma")
    key = {"unit": bpkad, "indicator": mcp, "year": 2024}
    services.score_set(**key, value=Decimal("70"), by=user, status="progress")
    services.score_set(**key, value=Decimal("75"), by=None, reason="koreksi")
    services.score_delete(**key, by=user, reason="salah unit")
    services.score_set(**key, value=Decimal("80"), by=user)

    rows = history_rows(Score.history.filter(unit_id=bpkad.pk), {mcp.pk: mcp})

    assert [(row.action, row.old, row.new) for row in rows] == [
        (CREATED, None, Decimal("80")),  # entered again: starts afresh
        (REMOVED, Decimal("75"), None),
        (CHANGED, Decimal("70"), Decimal("75")),
        (CREATED, None, Decimal("70")),
    ]
    assert [row.who for row in rows] == ["Anis Rahma", "Anis Rahma", "sistem", "Anis Rahma"]
    assert rows[2].reason == "koreksi"
    assert rows[3].status == "progress"
    assert rows[0].indicator == mcp


def test_the_limit_keeps_the_newest(official_units, indicators):
    bpkad, mcp = official_units["bpkad"], indicators["mcp"]
    for value in ("60", "61", "62"):
        services.score_set(
            unit=bpkad, indicator=mcp, year=2024, value=Decimal(value), by=None, reason="x"
        )
    rows = history_rows(Score.history.filter(unit_id=bpkad.pk), {mcp.pk: mcp}, limit=2)
    assert [row.new for row in rows] == [Decimal("62"), Decimal("61")]


def test_a_person_is_named_by_full_name_else_username(db):
    assert user_display_name(make_user("budi")) == "budi"
    assert user_display_name(make_user("citra", first_name="Citra")) == "Citra"
    assert user_display_name(None) == "sistem"  # Indonesian, the default language


def test_the_newest_rows_carry_the_same_old_values_as_the_whole_history(
    official_units, indicators
):
    """The limited read (a window function in the database) agrees with reading every
    row: across two keys, a removal and a value entered again."""
    bpkad, mcp, iin = official_units["bpkad"], indicators["mcp"], indicators["iin"]
    for indicator, value in [(mcp, "70"), (iin, "50"), (mcp, "71"), (iin, "51")]:
        services.score_set(
            unit=bpkad, indicator=indicator, year=2024, value=Decimal(value), by=None, reason="x"
        )
    services.score_delete(unit=bpkad, indicator=mcp, year=2024, by=None, reason="salah")
    services.score_set(unit=bpkad, indicator=mcp, year=2024, value=Decimal("72"), by=None)
    everything = history_rows(Score.history.filter(unit_id=bpkad.pk), indicators_by_pk(mcp, iin))
    newest = history_rows(
        Score.history.filter(unit_id=bpkad.pk), indicators_by_pk(mcp, iin), limit=4
    )
    assert newest == everything[:4]
    assert [(row.action, row.old, row.new) for row in newest][:2] == [
        (CREATED, None, Decimal("72")),
        (REMOVED, Decimal("71"), None),
    ]


def indicators_by_pk(*indicators):
    return {indicator.pk: indicator for indicator in indicators}
