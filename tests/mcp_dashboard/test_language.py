"""The interface is Indonesian unless the user chose English with the switch, whatever
the browser's Accept-Language says (issue 16, item 6); the choice is remembered."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_an_english_browser_gets_the_indonesian_login_page(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert "Nama pengguna" in response.text


def test_the_switch_to_english_is_followed_on_the_next_page(client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="id")
    assert response.headers["Content-Language"] == "en"
    assert "Username" in response.text


def test_the_choice_is_remembered_for_a_year(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600


def test_switching_back_to_indonesian_wins_over_an_english_browser(client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    client.post(reverse("set_language"), {"language": "id", "next": LOGIN})
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "id"


def test_an_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr,en")
    assert response.headers["Content-Language"] == "id"
