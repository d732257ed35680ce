from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scores import services
from scores.models import DEMO_SOURCE, FrameworkArea, Indicator, Score
from skpd.models import Unit

# 17 to compute the page (one of them the workbook's document fulfilment), plus the
# aggregate version that keys the cached content, plus three for the navigation's
# counts of the Inspektorat (reminders.todo.nav_counts: units headed, documents in
# their charge, the review queue; cached until a write like the page).
DASHBOARD_QUERIES = 21


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_it_tells_the_story_in_indonesian(as_user, inspektorat_user, official_data):
    page = as_user(inspektorat_user).get("/").content.decode()
    assert "Dasbor" in page
    # MCP: value, change, band
    assert "84,73" in page and "\u22121,27 poin" in page and "Hijau" in page
    # the biggest mover, and the waterfall labelled as an equal-weight estimate
    assert "Pengawasan APIP, 89 → 69,66" in page
    assert "bobot yang sama" in page
    # IIN, and IPAK labelled national with its target and gap
    assert "72,54" in page and "Rentan" in page
    assert "3,92" in page and "Nasional" in page
    assert "Target 4,09" in page and "\u22120,17" in page


def test_it_speaks_english_after_switching(as_user, inspektorat_user, official_data):
    client = as_user(inspektorat_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "84.73" in page
    assert "\u22121.27 points" in page
    assert "Dashboard" in page
    assert '"separators": ".,"' in page


def test_charts_are_emitted_as_json_with_indonesian_separators(
    as_user, inspektorat_user, official_data
):
    page = as_user(inspektorat_user).get("/").content.decode()
    for name in ("mcp-trend", "iin-trend", "ipak-trend", "areas", "waterfall", "regions-iin"):
        assert f'id="chart-data-{name}"' in page
        assert f'id="chart-{name}"' in page
    assert '"separators": ",."' in page
    assert "mcp-trend-kalsel-2023" in page  # PNG download name
    assert "vendor/plotly-mcp.min.js" in page
    assert "<script>" not in page  # no inline script


def test_every_role_sees_the_dashboard(
    client, official_data, inspektorat_user, pimpinan_user, superuser, kepala_bpkad
):
    for user in (inspektorat_user, pimpinan_user, superuser, kepala_bpkad):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200, user
        assert "84,73" in response.content.decode()


def skpd_mcp(units, values: dict[str, str], year: int = 2023) -> None:
    mcp, apip = Indicator.objects.get(code="mcp"), Indicator.objects.get(code="mcp.apip")
    for code, value in values.items():
        for indicator in (mcp, apip):
            services.score_set(
                unit=units[code],
                indicator=indicator,
                year=year,
                value=Decimal(value),
                by=None,
                source=DEMO_SOURCE,
                reason="test",
            )


def test_the_skpd_ranking_and_heatmap_show_each_unit(as_user, pimpinan_user, official_data):
    skpd_mcp(official_data, {"bpkad": "91", "bappeda": "70,5".replace(",", ".")})
    page = as_user(pimpinan_user).get("/").content.decode()
    assert 'id="chart-data-heatmap"' in page
    assert page.index('href="/unit/bpkad/"') < page.index('href="/unit/bappeda/"')
    assert "data-sortable" in page and "sort-table.js" in page


def test_kepala_skpd_gets_a_link_only_to_their_own_unit(as_user, kepala_bpkad, official_data):
    skpd_mcp(official_data, {"bpkad": "91", "bappeda": "70"})
    page = as_user(kepala_bpkad).get("/").content.decode()
    assert 'href="/unit/bpkad/"' in page
    assert "Bappeda" in page
    assert 'href="/unit/bappeda/"' not in page
    assert 'href="/unit/kalsel/"' not in page


def test_pimpinan_gets_links_to_every_unit(as_user, pimpinan_user, official_data):
    page = as_user(pimpinan_user).get("/").content.decode()
    assert 'href="/unit/kalsel/"' in page  # the province's own alert


def test_another_pemda_is_shown_with_unit(as_user, inspektorat_user, official_data):
    response = as_user(inspektorat_user).get("/?unit=banjarbaru")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pemerintah Kota Banjarbaru" in page
    assert "75,71" in page  # IIN 2023, its latest year with data


def test_an_unknown_unit_or_one_that_is_no_pemda_is_404(as_user, inspektorat_user, official_units):
    client = as_user(inspektorat_user)
    for code in ("tidak-ada", "bpkad", "nasional", "<script>"):
        assert client.get("/", {"unit": code}).status_code == 404


def test_a_year_without_data_gets_a_helpful_sentence(as_user, inspektorat_user, official_data):
    response = as_user(inspektorat_user).get("/?year=2010")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ada nilai untuk 2010" in page
    assert "chart-data-" not in page  # no empty chart frame
    assert "?year=2023" in page


def test_a_year_out_of_range_falls_back_to_the_default_with_a_message(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    for year in ("abc", "99999", "-1", "2023.5", "1999"):
        response = client.get("/", {"year": year})
        page = response.content.decode()
        assert response.status_code == 200
        assert "84,73" in page
        assert "bukan tahun" in page


def test_an_htmx_request_gets_the_content_only(as_user, inspektorat_user, official_data):
    response = as_user(inspektorat_user).get("/?year=2022", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="dashboard-content"')
    assert "<html" not in page
    assert "86,00" in page


def test_the_year_switch_works_without_javascript(as_user, inspektorat_user, official_data):
    page = as_user(inspektorat_user).get("/?year=2022").content.decode()
    assert '<form method="get" action="/"' in page
    assert '<option value="2022" selected>' in page
    assert 'hx-push-url="true"' in page


def test_an_empty_database_gets_a_helpful_sentence(as_user, inspektorat_user):
    response = as_user(inspektorat_user).get("/")
    assert response.status_code == 200
    assert "seed_demo" in response.content.decode()
    assert "plotly" not in response.content.decode()


def test_a_province_without_scores_says_so(as_user, inspektorat_user, kalsel):
    page = as_user(inspektorat_user).get("/").content.decode()
    assert "Belum ada nilai" in page
    assert "chart-data-" not in page


def test_pages_refuse_post(as_user, inspektorat_user, official_units):
    for url in ("/", "/unit/kalsel/", "/?year=2023"):
        assert as_user(inspektorat_user).post(url).status_code == 405


def test_the_login_page_is_in_indonesian(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "Masuk" in page and "Kata sandi" in page


# Query counts: the same for 40 and 400 SKPD, and for 3 and 10 years ----------------


def build_pemda(skpd_count: int, years: range) -> Unit:
    national = Unit.objects.create(code="n", name="Nasional", level=Unit.Level.NATIONAL)
    pemda = Unit.objects.create(
        code="p", name="Provinsi", level=Unit.Level.PROVINCE, parent=national
    )
    add_skpd(pemda, 0, skpd_count)
    add_scores(pemda, years)
    return pemda


def add_skpd(pemda: Unit, start: int, stop: int) -> None:
    Unit.objects.bulk_create(
        Unit(code=f"s{n}", name=f"SKPD {n}", level=Unit.Level.SKPD, parent=pemda)
        for n in range(start, stop)
    )


def add_scores(pemda: Unit, years: range) -> None:
    units = [pemda, pemda.parent, *Unit.objects.filter(parent=pemda)]
    have = set(Score.objects.values_list("unit_id", "indicator_id", "year"))
    codes = ["mcp", "iin", "ipak"] + list(
        FrameworkArea.objects.filter(year=2023).values_list("area__code", flat=True)
    )
    indicators = list(Indicator.objects.filter(code__in=codes))
    now = timezone.now()
    Score.objects.bulk_create(
        Score(
            unit=unit,
            indicator=indicator,
            year=year,
            value=Decimal("3.5")
            if indicator.code == "ipak"
            else Decimal(60 + (unit.pk + year) % 40),
            updated_at=now,
        )
        for unit in units
        for year in years
        for indicator in indicators
        if (unit.pk, indicator.pk, year) not in have
    )


def dashboard_queries(client) -> int:
    """Queries of a dashboard computed afresh (the test data is bulk-inserted, past the
    write services that would invalidate the cached content)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_number_of_skpd(
    as_user, inspektorat_user, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    pemda = build_pemda(40, range(2021, 2024))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        small = dashboard_queries(client)
    add_skpd(pemda, 40, 400)
    add_scores(pemda, range(2021, 2024))
    assert Unit.objects.filter(parent=pemda).count() == 400
    assert dashboard_queries(client) == small


def test_the_query_count_does_not_grow_with_the_number_of_years(
    as_user, inspektorat_user, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    pemda = build_pemda(40, range(2021, 2024))
    small = dashboard_queries(client)
    add_scores(pemda, range(2014, 2024))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert dashboard_queries(client) == small


def test_the_trivial_ping_page_needs_a_login(client, db):
    response = client.get("/ping/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "role", ["inspektorat_user", "pimpinan_user", "kepala_bpkad", "superuser"]
)
def test_the_trivial_ping_page_answers_every_role(request, as_user, db, role):
    client = as_user(request.getfixturevalue(role))
    assert client.get("/ping/").content == b"ok"
    assert client.post("/ping/").status_code == 405
