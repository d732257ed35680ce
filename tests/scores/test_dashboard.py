import pytest
from django.urls import reverse


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_it_shows_the_latest_mcp_and_its_change_in_indonesian(
    as_user, inspektorat_user, official_data
):
    page = as_user(inspektorat_user).get("/").content.decode()
    assert "84,73" in page
    assert "\u22121,27 poin" in page
    assert "Dasbor" in page


def test_it_speaks_english_after_switching(as_user, inspektorat_user, official_data):
    client = as_user(inspektorat_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "84.73" in page
    assert "\u22121.27 points" in page
    assert "Dashboard" in page


def test_an_empty_database_gets_a_helpful_sentence(as_user, inspektorat_user):
    response = as_user(inspektorat_user).get("/")
    assert response.status_code == 200
    assert "seed_demo" in response.content.decode()


def test_a_province_without_final_mcp_says_so(as_user, inspektorat_user, kalsel):
    response = as_user(inspektorat_user).get("/")
    assert "Belum ada nilai MCP final" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/unit/kalsel/"])
def test_pages_refuse_post(as_user, inspektorat_user, official_data, url):
    assert as_user(inspektorat_user).post(url).status_code == 405


def test_the_unit_page_lists_values_by_year_with_demo_badges(
    as_user, inspektorat_user, official_data
):
    page = as_user(inspektorat_user).get("/unit/kalsel/").content.decode()
    assert "84,73" in page and "2020" in page


def test_the_login_page_is_in_indonesian(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "Masuk" in page and "Kata sandi" in page
