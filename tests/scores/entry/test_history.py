import pytest

from tests.scores.entry.support import cell_key, save_score


@pytest.fixture
def history_url(official_units, indicators, inspektorat_user, superuser):
    bpkad = official_units["bpkad"]
    save_score(bpkad, indicators["mcp"], 2023, "70", inspektorat_user, source="Laporan A")
    save_score(
        bpkad,
        indicators["mcp"],
        2023,
        "72,5".replace(",", "."),
        superuser,
        expected_version=1,
        reason="Koreksi",
        source="Laporan B",
    )
    return f"/entry/2023/history/{cell_key(bpkad, indicators['mcp'])}/"


def test_it_lists_who_when_old_new_reason_and_source_newest_first(
    as_user, inspektorat_user, history_url, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    with django_assert_max_num_queries(8):
        response = client.get(history_url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "Riwayat" in page
    assert page.index("70,00 → 72,50") < page.index("– → 70,00")
    assert "Koreksi" in page and "Laporan B" in page and "Staf Inspektorat" in page


def test_a_plain_request_gets_a_full_page(as_user, inspektorat_user, history_url):
    page = as_user(inspektorat_user).get(history_url).content.decode()
    assert "<html" in page and "70,00 → 72,50" in page


def test_readers_anonymous_and_wrong_method(client, as_user, pimpinan_user, history_url):
    assert client.get(history_url).status_code == 302
    assert as_user(pimpinan_user).get(history_url).status_code == 403
    assert client.post(history_url).status_code == 405
