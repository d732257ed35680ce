import pytest

from scores.models import YearLock

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
