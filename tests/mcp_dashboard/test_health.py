from unittest import mock

from django.db import DatabaseError


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("mcp_dashboard.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_it_needs_no_login(client, db):
    assert client.get("/healthz").status_code == 200


def test_load_balancers_reach_it_over_plain_http_when_pages_redirect_to_https(
    client, db, settings
):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
