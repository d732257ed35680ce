import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard import national
from scores import services
from scores.models import Indicator, Score
from skpd.models import Unit

# Four of them are the navigation's counts (reminders.todo.nav_counts: three, and the
# number of the plans' cache scope), cached until a write like the page.
NATIONAL_VIEW_QUERIES = 24


def synthetic(provinces: int, regencies: int, *, replace: bool = False) -> None:
    arguments = ["--provinces", str(provinces), "--regencies-per-province", str(regencies)]
    arguments += ["--skpd-per-pemda", "1", "--years", "2022-2023", "--seed", "3"]
    call_command(
        "generate_synthetic", *arguments, *(["--replace"] if replace else []), stdout=io.StringIO()
    )


@pytest.fixture
def national_data(official_units):
    synthetic(2, 3)
    return official_units


def test_anonymous_users_are_sent_to_log_in(client, official_units):
    response = client.get("/unit/nasional/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["inspektorat_user", "pimpinan_user", "superuser"])
def test_inspektorat_pimpinan_and_admins_see_the_national_ranking(
    request, as_user, national_data, role
):
    page = as_user(request.getfixturevalue(role)).get("/unit/nasional/").content.decode()
    assert 'id="pemda-ranking"' in page
    assert "Prov. Sintetis 01" in page
    assert "Kab. Sintetis 02-03" in page


def test_a_kepala_skpd_may_not_open_the_national_view(as_user, kepala_bpkad, national_data):
    assert as_user(kepala_bpkad).get("/unit/nasional/").status_code == 404


def test_it_refuses_post(as_user, inspektorat_user, national_data):
    assert as_user(inspektorat_user).post("/unit/nasional/").status_code == 405


def test_a_bad_year_or_page_shows_the_latest_year_with_a_warning(
    as_user, inspektorat_user, national_data
):
    client = as_user(inspektorat_user)
    response = client.get("/unit/nasional/?year=dua&page=x")
    assert response.status_code == 200
    page = response.content.decode()
    assert "“dua”" in page
    assert "Pemda diurutkan menurut MCP 2023" in page


def test_pemda_are_ranked_by_mcp_with_change_band_and_charts(
    as_user, inspektorat_user, national_data
):
    mcp = Indicator.objects.get(code="mcp")
    best = Unit.objects.get(code="sint-p01-k02")
    Score.objects.filter(unit=best, indicator=mcp, year=2022).update(value=Decimal("90"))
    services.score_set(
        unit=best, indicator=mcp, year=2023, value=Decimal("99.5"), by=inspektorat_user, reason="x"
    )
    page = as_user(inspektorat_user).get("/unit/nasional/?year=2023").content.decode()
    first_row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert ">1</td>" in first_row
    assert "Kab. Sintetis 01-02" in first_row
    assert "99,50" in first_row
    assert "+9,50" in first_row
    assert 'class="band"' in first_row
    assert 'id="chart-data-region-distribution"' in page
    assert 'id="chart-data-region-trend"' in page
    assert "<script>" not in page.replace('<script type="application/json"', "")


def test_a_province_ranks_only_its_own_kabupaten_kota(as_user, inspektorat_user, national_data):
    page = as_user(inspektorat_user).get("/unit/sint-p01/").content.decode()
    assert "Kab. Sintetis 01-03" in page
    assert "Kab. Sintetis 02-01" not in page


def test_an_skpd_page_has_no_ranking(as_user, inspektorat_user, national_data):
    page = as_user(inspektorat_user).get("/unit/sint-p01-s01/").content.decode()
    assert 'id="pemda-ranking"' not in page


def test_the_ranking_is_paginated(as_user, inspektorat_user, official_units, monkeypatch):
    synthetic(3, 4)  # 3 + 12 pemda
    monkeypatch.setattr(national, "RANK_PAGE_SIZE", 10)
    client = as_user(inspektorat_user)
    first = client.get("/unit/nasional/?year=2023").content.decode()
    second = client.get("/unit/nasional/?year=2023&page=2").content.decode()
    assert ranking_rows(first) == 10
    assert ranking_rows(second) == 5
    assert ">11</td>" in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def ranking_rows(page: str) -> int:
    table = page.split('<table class="scores ranking">')[1].split("</tbody>")[0]
    return table.count("<tr>") - 1  # the heading's row


def national_view_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/unit/nasional/?year=2023&page=2").status_code == 200
    return len(captured)


def test_the_query_count_is_the_same_at_two_sizes(
    as_user, inspektorat_user, official_units, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    synthetic(2, 3)
    with django_assert_max_num_queries(NATIONAL_VIEW_QUERIES):
        small = national_view_queries(client)
    synthetic(8, 12, replace=True)
    assert Unit.objects.filter(level=Unit.Level.REGENCY, code__startswith="sint-").count() == 96
    assert national_view_queries(client) == small


def test_a_cached_page_costs_fewer_queries_and_is_the_same(
    as_user, inspektorat_user, national_data
):
    client = as_user(inspektorat_user)
    cache.clear()
    first = client.get("/unit/nasional/")
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/unit/nasional/")
    ranking = 'id="pemda-ranking"'  # the page around it carries a fresh CSRF token
    assert second.content.decode().split(ranking)[1] == first.content.decode().split(ranking)[1]
    assert len(captured) <= 6


def test_the_histogram_counts_every_pemda_once_with_the_maximum_in_the_last_bucket(
    official_units, inspektorat_user
):
    synthetic(2, 3)
    mcp = Indicator.objects.get(code="mcp")
    top = Unit.objects.get(code="sint-p02")
    services.score_set(
        unit=top, indicator=mcp, year=2023, value=Decimal("100"), by=None, reason="x"
    )
    buckets = national.histogram(Unit.objects.get(code="nasional"), mcp, 2023, None)
    scored = Score.objects.filter(
        indicator=mcp, year=2023, unit__in=national.region_units(Unit.objects.get(code="nasional"))
    ).count()
    assert sum(bucket.count for bucket in buckets) == scored
    assert buckets[-1].upper == Decimal(100)
    assert buckets[-1].count >= 1


def page_queries(client, url: str) -> int:
    cache.clear()  # the computed page, not the cached one
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/unit/sint-p01/",
        "/unit/sint-p01-s01/",
        "/?unit=sint-p01&year=2023",
        "/entry/?unit=sint-p01&year=2023",
    ],
)
def test_each_list_like_page_costs_the_same_queries_at_two_sizes(
    as_user, inspektorat_user, official_units, url
):
    client = as_user(inspektorat_user)
    synthetic(2, 3)
    small = page_queries(client, url)
    synthetic(6, 12, replace=True)
    assert page_queries(client, url) == small


def test_a_write_in_one_province_reads_again_only_that_provinces_part(
    as_user, inspektorat_user, national_data
):
    """The national view's pemda values are cached per province: after a write in
    one kabupaten the page reads that province's pemda only, and shows the value."""
    client = as_user(inspektorat_user)
    client.get("/unit/nasional/?year=2023")
    written = Unit.objects.get(code="sint-p01-k01")
    elsewhere = Unit.objects.get(code="sint-p02-k01")
    mcp = Indicator.objects.get(code="mcp")
    services.score_set(
        unit=written, indicator=mcp, year=2023, value=Decimal("97.25"), by=None, reason="x"
    )
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/unit/nasional/?year=2023").content.decode()
    assert "97,25" in page
    score_reads = [q["sql"] for q in captured if '"scores_score"' in q["sql"]]
    assert len(score_reads) == 1  # the national unit's own part stayed cached too
    read_ids = {int(pk) for pk in re.search(r"IN \(([^)]*)\)", score_reads[0])[1].split(",")}
    assert written.pk in read_ids
    assert elsewhere.pk not in read_ids
