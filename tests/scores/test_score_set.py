from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from scores import services
from scores.models import Score


@pytest.fixture
def save(kalsel, indicators, inspektorat_user):
    """score_set for Kalsel with defaults that tests override."""

    def save_score(code="mcp", year=2023, value="84.73", **extra):
        extra.setdefault("by", inspektorat_user)
        return services.score_set(
            unit=extra.pop("unit", kalsel),
            indicator=indicators[code],
            year=year,
            value=Decimal(value),
            **extra,
        )

    return save_score


def error_code(excinfo) -> str:
    return excinfo.value.code


def test_it_creates_a_score_at_version_one_with_history(save, inspektorat_user):
    score = save(status="progress", source="Laporan Inspektorat")
    assert score.version == 1
    assert score.updated_by == inspektorat_user
    record = score.history.get()
    assert record.history_user == inspektorat_user
    assert record.value == Decimal("84.73")


def test_it_refuses_a_value_outside_the_scale(save):
    with pytest.raises(ValidationError) as excinfo:
        save(value="120")
    assert error_code(excinfo) == "out_of_range"
    assert not Score.objects.exists()


def test_it_refuses_an_ipak_above_five(save, official_units):
    with pytest.raises(ValidationError):
        save(code="ipak", value="5.01", unit=official_units["nasional"])


def test_it_refuses_more_decimals_than_the_indicator_allows(save):
    with pytest.raises(ValidationError) as excinfo:
        save(value="84.735")
    assert error_code(excinfo) == "too_precise"


def test_it_refuses_an_area_outside_the_years_framework(save):
    with pytest.raises(ValidationError) as excinfo:
        save(code="mcp.perencanaan", year=2023)
    assert error_code(excinfo) == "outside_framework"


def test_it_refuses_village_finance_for_a_province(save):
    with pytest.raises(ValidationError) as excinfo:
        save(code="mcp.keuangan_desa", year=2023)
    assert error_code(excinfo) == "outside_framework"


def test_it_accepts_village_finance_for_a_regency(save, official_units):
    score = save(code="mcp.keuangan_desa", year=2023, unit=official_units["banjar"])
    assert score.pk


def test_an_skpd_follows_the_framework_of_its_province(save, official_units):
    with pytest.raises(ValidationError):
        save(code="mcp.keuangan_desa", year=2023, unit=official_units["bpkad"])


def test_it_refuses_a_locked_year(save, inspektorat_user):
    services.year_lock(year=2023, by=inspektorat_user, reason="Sudah diverifikasi")
    with pytest.raises(ValidationError) as excinfo:
        save()
    assert error_code(excinfo) == "year_locked"
    assert not Score.objects.exists()


def test_a_locked_year_still_accepts_a_save_that_changes_nothing(save, inspektorat_user):
    first = save(status="progress")
    services.year_lock(year=2023, by=inspektorat_user, reason="Sudah diverifikasi")
    assert save(status="progress").version == first.version


def test_a_stale_version_is_refused_naming_who_saved_and_the_value(save, pimpinan_user):
    first = save(status="progress")
    save(value="85.10", expected_version=first.version, by=pimpinan_user)
    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        save(value="86", expected_version=first.version)
    message = excinfo.value.messages[0]
    assert error_code(excinfo) == "conflict"
    assert "pimpinan" in message
    assert "85,10" in message
    assert Score.objects.get().value == Decimal("85.10")


def test_two_saves_from_the_same_version_exactly_one_wins(save):
    first = save(status="progress")
    outcomes = []
    for value in ("86", "87"):
        try:
            save(value=value, expected_version=first.version)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("conflict")
    assert outcomes == ["saved", "conflict"]
    assert Score.objects.get().version == 2


def test_expected_version_zero_means_no_score_yet(save):
    save(status="progress")
    with pytest.raises(ValidationError) as excinfo:
        save(value="90", expected_version=0)
    assert error_code(excinfo) == "conflict"


def test_changing_a_final_value_needs_a_reason(save):
    save(status="final")
    with pytest.raises(ValidationError) as excinfo:
        save(value="85")
    assert error_code(excinfo) == "reason_required"
    changed = save(value="85", reason="Koreksi hasil verifikasi KPK")
    assert changed.history.first().history_change_reason == "Koreksi hasil verifikasi KPK"


def test_history_keeps_old_and_new_value_with_who_and_why(save, pimpinan_user):
    save(status="progress")
    save(value="85.5", by=pimpinan_user, reason="Data terbaru")
    newest, oldest = list(Score.objects.get().history.all())
    assert (oldest.value, newest.value) == (Decimal("84.73"), Decimal("85.5"))
    assert newest.history_user == pimpinan_user
    assert newest.history_change_reason == "Data terbaru"


def test_a_save_that_changes_nothing_writes_nothing(save):
    first = save(status="progress", source="A")
    again = save(status="progress", source="A")
    assert again.version == first.version
    assert Score.history.count() == 1


def test_delete_is_recorded_in_the_history(save, kalsel, indicators, inspektorat_user):
    score = save(status="progress")
    services.score_delete(
        unit=kalsel,
        indicator=indicators["mcp"],
        year=2023,
        by=inspektorat_user,
        expected_version=score.version,
        reason="Salah unit",
    )
    assert not Score.objects.exists()
    deletion = Score.history.first()
    assert deletion.history_type == "-"
    assert deletion.history_change_reason == "Salah unit"


def test_year_lock_and_unlock_need_a_reason_and_are_in_the_history(inspektorat_user):
    with pytest.raises(ValidationError):
        services.year_lock(year=2023, by=inspektorat_user, reason=" ")
    lock = services.year_lock(year=2023, by=inspektorat_user, reason="Final KPK")
    services.year_unlock(year=2023, by=inspektorat_user, reason="Koreksi")
    kinds = list(lock.history.model.objects.values_list("history_type", flat=True))
    assert sorted(kinds) == ["+", "-"]


def test_a_value_deleted_and_entered_again_keeps_counting_versions(save, kalsel, indicators):
    seen_by_a_stale_screen = save(status="progress")
    services.score_delete(
        unit=kalsel, indicator=indicators["mcp"], year=2023, by=None, reason="Salah entri"
    )
    again = save(value="85", status="progress", expected_version=0)
    assert again.version == seen_by_a_stale_screen.version + 1
    with pytest.raises(ValidationError) as excinfo:
        save(value="72", expected_version=seen_by_a_stale_screen.version)
    assert error_code(excinfo) == "conflict"


def test_a_long_reason_is_kept_whole(save):
    save(status="final")
    reason = "Koreksi setelah verifikasi lapangan oleh tim BPKP dan KPK. " * 5
    changed = save(value="85", reason=reason)
    assert changed.history.first().history_change_reason == reason.strip()


def test_a_long_year_lock_reason_is_kept_whole(inspektorat_user):
    reason = "Nilai tahun ini sudah diverifikasi oleh KPK dan BPKP; perubahan hanya lewat " * 3
    lock = services.year_lock(year=2022, by=inspektorat_user, reason=reason)
    assert lock.history.first().history_change_reason == reason.strip()


def test_the_lock_taken_for_a_change_holds_the_score_row_only(save):
    """Two people typing different cells of one unit must not wait for each other: the
    locking read may not join (and so lock) the unit or the indicator row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    save()
    with CaptureQueriesContext(connection) as captured:
        save(value="85", reason="Koreksi")
    locking = [query["sql"] for query in captured if "FOR UPDATE" in query["sql"]]
    if connection.vendor == "postgresql":
        assert len(locking) == 1
    assert not any("JOIN" in sql for sql in locking)
