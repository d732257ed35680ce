import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mcp_dashboard.lib.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("Yes", True), ("off", False)])
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_env_str_without_default_is_required(monkeypatch):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET"):
        env_str("SOME_SECRET")


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("SOME_COUNT", "many")
    with pytest.raises(ImproperlyConfigured, match="SOME_COUNT"):
        env_int("SOME_COUNT", default=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,")
    assert env_list("SOME_HOSTS", default=[]) == ["a.example", "b.example"]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process, with DEBUG and SECRET_KEY only as given (and
    without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check flags)."""
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(**env: str) -> subprocess.CompletedProcess:
    return run_manage("check", **env)


def test_a_bad_debug_value_stops_start_up():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr


def test_production_without_a_secret_key_stops_start_up():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_a_secret_key_starts():
    # A random key: a repeated character is refused as weak (settings.check_secret_key).
    result = run_check(
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="mcp.example"
    )
    assert result.returncode == 0, result.stderr


def test_behind_pgbouncer_in_transaction_mode_no_server_side_cursor(monkeypatch):
    from mcp_dashboard.settings import database_settings

    url = "postgres://mcp@127.0.0.1:6432/mcp"
    assert not database_settings(url).get("DISABLE_SERVER_SIDE_CURSORS")
    monkeypatch.setenv("PGBOUNCER_TRANSACTION_POOLING", "1")
    assert database_settings(url)["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_without_cache_url_each_worker_keeps_its_own_cache():
    from mcp_dashboard.settings import cache_settings

    assert cache_settings("")["BACKEND"].endswith("LocMemCache")


def test_a_redis_cache_url_selects_djangos_redis_backend():
    from mcp_dashboard.settings import cache_settings

    cache = cache_settings("redis://127.0.0.1:6379/5")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/5"


def test_a_cache_url_of_another_kind_stops_start_up_naming_the_variable():
    result = run_check(DEBUG="1", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def test_production_mail_goes_through_smtp_configured_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, "
        "s.DEFAULT_FROM_EMAIL)",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_HOST="smtp.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="mcp",
        EMAIL_HOST_PASSWORD="pw-1",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="mcp@pemda.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example",
        "587",
        "mcp",
        "pw-1",
        "True",
        "mcp@pemda.example",
    ]


def test_development_prints_mail_on_the_console():
    result = run_manage(
        "shell", "-c", "from django.conf import settings as s; print(s.EMAIL_BACKEND)", DEBUG="1"
    )
    assert result.stdout.splitlines()[-1] == "django.core.mail.backends.console.EmailBackend"


def test_a_bad_mail_setting_stops_start_up_naming_the_variable():
    result = run_check(DEBUG="1", EMAIL_USE_TLS="sometimes")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr
