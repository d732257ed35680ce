"""Production settings, login throttling, sessions, headers and the outage page."""

import secrets
from unittest import mock

import pytest
from django.db import DataError, OperationalError
from django.test import Client

from skpd.sessions import TOUCH_INTERVAL_SECONDS, TOUCHED_KEY
from tests.conftest import PASSWORD
from tests.mcp_dashboard.test_settings_env import run_manage

LOGIN = "/accounts/login/"


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="mcp.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
    assert "object-src 'none'" in policy


def test_pages_may_not_be_framed(client, db):
    assert client.get(LOGIN)["X-Frame-Options"] == "DENY"


def fail_login(client: Client, username: str):
    return client.post(LOGIN, {"username": username, "password": "salah-sekali"})


def test_five_failed_logins_lock_the_pair_out_with_429_in_indonesian(inspektorat_user):
    client = Client()
    for _ in range(4):
        assert fail_login(client, "inspektorat").status_code == 200
    locked = fail_login(client, "inspektorat")
    assert locked.status_code == 429
    assert "15 menit" in locked.content.decode()
    right_password = client.post(LOGIN, {"username": "inspektorat", "password": PASSWORD})
    assert right_password.status_code == 429


def test_the_lock_is_for_that_username_only(inspektorat_user, pimpinan_user):
    client = Client()
    for _ in range(5):
        fail_login(client, "inspektorat")
    other = client.post(LOGIN, {"username": "pimpinan", "password": PASSWORD})
    assert other.status_code == 302


def test_the_admin_login_is_throttled_the_same_way(superuser):
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "salah"})
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429


def test_a_session_lasts_eight_hours_from_the_last_request(client, inspektorat_user):
    response = client.post(LOGIN, {"username": "inspektorat", "password": PASSWORD})
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    assert "sessionid" not in client.get("/").cookies  # renewed minutes apart, not on every page
    session = client.session
    session[TOUCHED_KEY] -= TOUCH_INTERVAL_SECONDS
    session.save()
    renewed = client.get("/")
    assert renewed.cookies["sessionid"]["max-age"] == 8 * 60 * 60


def test_an_anonymous_visit_creates_no_session(client, db):
    assert "sessionid" not in client.get(LOGIN).cookies


def test_changing_the_password_logs_out_other_sessions(inspektorat_user):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        assert (
            device.post(LOGIN, {"username": "inspektorat", "password": PASSWORD}).status_code
            == 302
        )
    response = laptop.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-baru-yang-kuat-2024",
            "new_password2": "Sandi-baru-yang-kuat-2024",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


def test_a_database_outage_gives_the_indonesian_503_page(inspektorat_user):
    client = Client(raise_request_exception=False)
    client.force_login(inspektorat_user)
    with mock.patch(
        "dashboard.views.selectors.dashboard_unit", side_effect=OperationalError("down")
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Sementara tidak tersedia" in response.content.decode()


def test_another_error_gives_the_500_page_without_a_traceback(inspektorat_user):
    client = Client(raise_request_exception=False)
    client.force_login(inspektorat_user)
    with mock.patch("dashboard.views.selectors.dashboard_unit", side_effect=ValueError("bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("url", ["/tidak-ada/", "/unit/tidak-ada/"])
def test_unknown_addresses_get_the_indonesian_404_page(as_user, inspektorat_user, url):
    response = as_user(inspektorat_user).get(url)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_login_without_a_request_is_not_throttled_but_still_checked(inspektorat_user):
    client = Client()
    assert not client.login(username="inspektorat", password="salah")
    assert client.login(username="inspektorat", password=PASSWORD)


def test_a_database_error_that_is_not_an_outage_stays_a_500(inspektorat_user):
    client = Client(raise_request_exception=False)
    client.force_login(inspektorat_user)
    with mock.patch("dashboard.views.selectors.dashboard_unit", side_effect=DataError("too long")):
        response = client.get("/")
    assert response.status_code == 500
