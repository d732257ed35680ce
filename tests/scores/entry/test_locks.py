import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from scores import services
from scores.models import Indicator, Score, YearLock
from skpd.models import Unit

NEXT = "/entry/?year=2023"


def test_staff_lock_and_unlock_a_year_with_a_reason(as_user, inspektorat_user, official_units):
    client = as_user(inspektorat_user)
    response = client.post(
        "/entry/2023/lock/", {"reason": "Diverifikasi", "next": NEXT}, follow=True
    )
    assert "Tahun 2023 dikunci." in response.content.decode()
    assert YearLock.objects.get(year=2023).reason == "Diverifikasi"
    response = client.post(
        "/entry/2023/unlock/", {"reason": "Koreksi KPK", "next": NEXT}, follow=True
    )
    assert "dibuka kembali" in response.content.decode()
    assert not YearLock.objects.exists()
    reasons = list(
        YearLock.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Diverifikasi", "Koreksi KPK"]


def test_a_reason_is_required(as_user, inspektorat_user, official_units):
    response = as_user(inspektorat_user).post("/entry/2023/lock/", {"reason": " "}, follow=True)
    assert "Isi alasannya." in response.content.decode()
    assert not YearLock.objects.exists()


def test_only_permitted_users_lock(client, as_user, pimpinan_user, kepala_bpkad):
    assert client.post("/entry/2023/lock/", {"reason": "x"}).status_code == 302
    assert as_user(pimpinan_user).post("/entry/2023/lock/", {"reason": "x"}).status_code == 403
    assert as_user(kepala_bpkad).post("/entry/2023/unlock/", {"reason": "x"}).status_code == 403
    assert not YearLock.objects.exists()


@pytest.mark.parametrize("url", ["/entry/2023/lock/", "/entry/2023/unlock/"])
def test_locks_refuse_get(as_user, inspektorat_user, url):
    assert as_user(inspektorat_user).get(url).status_code == 405


def test_an_outside_next_is_ignored(as_user, inspektorat_user, official_units):
    response = as_user(inspektorat_user).post(
        "/entry/2023/lock/", {"reason": "ok", "next": "https://evil.example/"}
    )
    assert response.url == "/entry/?year=2023"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite's IMMEDIATE transactions run one writer at a time: no such race",
)
def test_a_write_waiting_while_its_year_is_being_locked_is_refused(reference_data):
    """year_lock holds the year's guard until it commits; a score write for that year
    waits for it and must then see the lock, not the state from before it waited."""
    unit = Unit.objects.create(code="race-unit", name="Unit Uji Balapan", level="skpd")
    mcp = Indicator.objects.get(code="mcp")
    locking, release = threading.Event(), threading.Event()

    def lock_the_year() -> None:
        try:
            with transaction.atomic():
                services.year_lock(year=2023, by=None, reason="Final KPK")
                locking.set()
                release.wait(10)
        finally:
            connection.close()

    locker = threading.Thread(target=lock_the_year)
    locker.start()
    try:
        assert locking.wait(10)
        threading.Timer(0.3, release.set).start()  # while score_set waits for the guard
        with pytest.raises(ValidationError) as refused:
            services.score_set(unit=unit, indicator=mcp, year=2023, value=Decimal("80"), by=None)
    finally:
        release.set()
        locker.join()
    assert refused.value.code == "year_locked"
    assert not Score.objects.filter(unit=unit).exists()
