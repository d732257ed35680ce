"""The rules of a score change on their own: unsaved objects, no database (pytest-django
refuses any query in a test that does not ask for it, so each of these also shows that
its rule reads nothing)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from scores import rules
from scores.models import Indicator, Score, Target
from scores.services import ScoreChange, ScoreChangeCheck
from skpd.models import Unit

MCP = Indicator(pk=1, code="mcp", name_en="MCP", name_id="MCP", scale_min=0, scale_max=100)
AREA = Indicator(
    pk=2,
    code="mcp.desa",
    name_en="Village finance",
    name_id="Tata Kelola Keuangan Desa",
    parent_id=1,
    scale_min=0,
    scale_max=100,
)
KALSEL = Unit(pk=1, code="kalsel", name="Provinsi Kalimantan Selatan", short_name="Kalsel")


def refusal(check, **arguments) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check(**arguments)
    return refused.value


def stored_score(**fields) -> Score:
    record = Score(
        unit=KALSEL,
        indicator=MCP,
        year=2023,
        value=Decimal("84.73"),
        status=Score.Status.FINAL,
        as_of=datetime.date(2024, 1, 18),
        source="KPK",
        note="Rilis resmi",
        version=3,
        updated_by=User(username="pimpinan", first_name="Budi", last_name="Santoso"),
        updated_at=timezone.now(),
    )
    for name, value in fields.items():
        setattr(record, name, value)
    return record


# check_storable


def test_storable_passes_a_value_a_target_texts_and_a_year_within_their_bounds():
    rules.check_storable(
        indicator=MCP,
        year=2023,
        value=Decimal("84.73"),
        target=Decimal(100),
        texts=("Koreksi", None, ""),
    )
    rules.check_storable(indicator=MCP, year=2023, value=None)  # a deletion: no value


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"value": Decimal("100.01")}, "out_of_range"),
        ({"value": Decimal("84.735")}, "too_precise"),
        ({"value": Decimal("NaN")}, "invalid"),
        ({"value": Decimal(80), "target": Decimal(-1)}, "out_of_range"),
        ({"value": Decimal(80), "texts": ("ok", "a\x00b")}, "invalid_text"),
        ({"value": Decimal(80), "year": 1999}, "year_out_of_range"),
    ],
)
def test_storable_refuses_what_cannot_be_stored(arguments, code):
    arguments = {"indicator": MCP, "year": 2023} | arguments
    assert refusal(rules.check_storable, **arguments).code == code


def test_storable_names_the_first_problem_the_value_before_the_year():
    refused = refusal(
        rules.check_storable, indicator=MCP, year=1999, value=Decimal(120), texts=("\x00",)
    )
    assert refused.code == "out_of_range"
    assert refused.messages == ["Nilai 120 di luar rentang 0–100."]


# check_area_counts

FRAMEWORK_2023 = {(2023, "all", 1), (2023, "regency-city", 2)}


@pytest.mark.parametrize(
    ("indicator", "kind", "framework"),
    [
        (MCP, "province", set()),  # not an area: no framework applies
        (AREA, "regency-city", FRAMEWORK_2023),
        (AREA, "province", {(2023, "all", 2)}),
    ],
)
def test_an_area_listed_for_the_units_kind_counts(indicator, kind, framework):
    rules.check_area_counts(
        unit=KALSEL, framework_kind=kind, indicator=indicator, year=2023, framework=framework
    )


@pytest.mark.parametrize(
    ("kind", "year", "framework"),
    [
        ("province", 2023, FRAMEWORK_2023),  # listed for regencies and cities only
        ("regency-city", 2024, FRAMEWORK_2023),  # another year's framework
        ("regency-city", 2023, {(2023, "all", 1)}),  # another area
    ],
)
def test_an_area_outside_that_years_framework_for_the_kind_is_refused(kind, year, framework):
    refused = refusal(
        rules.check_area_counts,
        unit=KALSEL,
        framework_kind=kind,
        indicator=AREA,
        year=year,
        framework=framework,
    )
    assert refused.code == "outside_framework"
    assert refused.messages == [
        f"Tata Kelola Keuangan Desa tidak termasuk kerangka MCP {year} untuk Kalsel."
    ]


# check_year_open


def test_an_open_year_passes_and_a_locked_one_is_refused_with_its_reason():
    rules.check_year_open(2023, None)
    refused = refusal(rules.check_year_open, year=2023, lock_reason="Diverifikasi")
    assert refused.code == "year_locked"
    assert "Tahun 2023 dikunci (Diverifikasi)." in refused.messages[0]


# check_version


@pytest.mark.parametrize(
    ("record", "expected"),
    [(None, None), (None, 0), (stored_score(), None), (stored_score(), 3)],
)
def test_the_version_the_screen_showed_passes(record, expected):
    rules.check_version(record, expected)


def test_a_stale_version_is_refused_naming_who_saved_what():
    refused = refusal(rules.check_version, record=stored_score(), expected_version=2)
    assert refused.code == "conflict"
    assert "Budi Santoso" in refused.messages[0]
    assert "84,73" in refused.messages[0]


def test_a_value_deleted_since_the_screen_showed_it_is_refused():
    refused = refusal(rules.check_version, record=None, expected_version=3)
    assert refused.code == "conflict"
    assert "dihapus" in refused.messages[0]


def test_a_value_created_since_the_screen_showed_none_is_refused():
    refused = refusal(
        rules.check_version, record=stored_score(updated_by=None), expected_version=0
    )
    assert refused.code == "conflict"
    assert "sistem" in refused.messages[0]


# wanted_score_fields and changes_anything


def test_a_new_score_is_final_without_date_or_texts_unless_given():
    wanted = rules.wanted_score_fields(stored=None, value=Decimal(80))
    assert wanted == {
        "value": Decimal(80),
        "status": Score.Status.FINAL,
        "as_of": None,
        "source": "",
        "note": "",
    }


def test_none_and_unset_keep_what_is_stored_and_given_texts_are_stripped():
    stored = stored_score()
    kept = rules.wanted_score_fields(stored=stored, value=Decimal(85))
    assert kept == {
        "value": Decimal(85),
        "status": "final",
        "as_of": datetime.date(2024, 1, 18),
        "source": "KPK",
        "note": "Rilis resmi",
    }
    given = rules.wanted_score_fields(
        stored=stored, value=Decimal(85), status="progress", as_of=None, source=" BPKP ", note=""
    )
    assert (given["status"], given["as_of"], given["source"], given["note"]) == (
        "progress",
        None,
        "BPKP",
        "",
    )


def test_nothing_changes_when_every_wanted_field_is_stored():
    stored = stored_score()
    assert not rules.changes_anything(
        stored, rules.wanted_score_fields(stored=stored, value=stored.value)
    )
    assert rules.changes_anything(
        stored, rules.wanted_score_fields(stored=stored, value=Decimal(85))
    )
    assert rules.changes_anything(None, {"value": Decimal(80)})  # a new record
    target = Target(value=Decimal(90), source="RPJMD")
    assert not rules.changes_anything(target, {"value": Decimal("90.00")})


# check_may_write and require_reason_for_final


def test_a_change_in_an_open_year_passes_and_a_final_one_with_a_reason():
    stored = stored_score()
    rules.check_may_write(
        year=2023,
        lock_reason=None,
        stored=stored,
        wanted=rules.wanted_score_fields(stored=stored, value=Decimal(85)),
        reason="Koreksi KPK",
    )
    rules.check_may_write(  # only the note changes: no reason needed
        year=2023,
        lock_reason=None,
        stored=stored,
        wanted=rules.wanted_score_fields(stored=stored, value=stored.value, note="Baru"),
        reason="",
    )
    rules.check_may_write(  # a provisional value changes freely
        year=2023,
        lock_reason=None,
        stored=stored_score(status="progress"),
        wanted=rules.wanted_score_fields(stored=stored, value=Decimal(85), status="progress"),
        reason="",
    )


def test_a_change_in_a_locked_year_is_refused_before_asking_for_a_reason():
    stored = stored_score()
    refused = refusal(
        rules.check_may_write,
        year=2023,
        lock_reason="Final",
        stored=stored,
        wanted=rules.wanted_score_fields(stored=stored, value=Decimal(85)),
        reason="",
    )
    assert refused.code == "year_locked"


@pytest.mark.parametrize("change", [{"value": Decimal(85)}, {"status": "progress"}])
def test_changing_a_final_values_value_or_status_needs_a_reason(change):
    stored = stored_score()
    arguments = {"value": stored.value} | change
    refused = refusal(
        rules.check_may_write,
        year=2023,
        lock_reason=None,
        stored=stored,
        wanted=rules.wanted_score_fields(stored=stored, **arguments),
        reason="  ",
    )
    assert refused.code == "reason_required"
    assert refused.messages == ["Nilai ini sudah final: isi alasan perubahannya."]


def test_removing_a_final_value_needs_a_reason():
    rules.require_reason_for_final(None, "")
    rules.require_reason_for_final(stored_score(status="progress"), "")
    rules.require_reason_for_final(stored_score(), "Salah entri")
    refused = refusal(rules.require_reason_for_final, score=stored_score(), reason="")
    assert refused.code == "reason_required"


# versions_fingerprint and check_preview_current


def checked(year: int, score: Score | None = None, target: Target | None = None):
    change = ScoreChange(unit=KALSEL, indicator=MCP, year=year, value=Decimal(80))
    return ScoreChangeCheck(change=change, score=score, target=target)


def test_the_fingerprint_ignores_order_and_sees_every_version():
    seen = [checked(2023, stored_score()), checked(2024)]
    fingerprint = rules.versions_fingerprint(seen)
    assert len(fingerprint) == 64
    assert rules.versions_fingerprint(reversed(seen)) == fingerprint
    assert (
        rules.versions_fingerprint([checked(2023, stored_score()), checked(2024)]) == fingerprint
    )
    for now in (
        [checked(2023, stored_score(version=4)), checked(2024)],  # changed
        [checked(2023), checked(2024)],  # deleted
        [checked(2023, stored_score()), checked(2024, stored_score(year=2024))],  # created
        [checked(2023, stored_score()), checked(2024, target=Target(version=1))],  # a target
    ):
        assert rules.versions_fingerprint(now) != fingerprint


def test_an_apply_passes_while_the_cells_are_as_the_preview_showed_them():
    preview = [checked(2023, stored_score()), checked(2024)]
    rules.check_preview_current(
        expected_fingerprint=rules.versions_fingerprint(preview),
        checks=[checked(2024), checked(2023, stored_score())],
    )


def test_an_apply_is_refused_once_a_cell_the_preview_showed_as_new_exists():
    preview = [checked(2024)]
    refused = refusal(
        rules.check_preview_current,
        expected_fingerprint=rules.versions_fingerprint(preview),
        checks=[checked(2024, stored_score(year=2024, version=1))],
    )
    assert refused.code == "stale_preview"
    assert "diubah orang lain setelah pratinjau" in refused.messages[0]
