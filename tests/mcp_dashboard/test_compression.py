"""HTML pages go out compressed when the browser accepts it (issue 16, item 4): a
kabupaten office link is slow. Django's GZipMiddleware masks BREACH itself (4.2+)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_is_gzipped_when_the_browser_accepts_it(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "Nama pengguna" in gzip.decompress(response.content).decode()


def test_a_page_is_plain_when_the_browser_does_not_accept_gzip(client):
    response = client.get("/accounts/login/")
    assert "Content-Encoding" not in response.headers
    assert "Nama pengguna" in response.text


def test_under_make_run_static_files_go_through_whitenoise_and_out_compressed(client, settings):
    # runserver would serve static files itself, uncompressed (1,2 MB of JS on a first
    # visit); whitenoise.runserver_nostatic leaves them to whitenoise + GZipMiddleware.
    assert settings.INSTALLED_APPS.index("whitenoise.runserver_nostatic") < (
        settings.INSTALLED_APPS.index("django.contrib.staticfiles")
    )
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/js/charts.js", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert "chart-data-" in body
