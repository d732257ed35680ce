"""Invalidation by scope (issue 18): a write raises the versions of its pemda and of
the aggregates above it, and nothing else, so a reader of another pemda's pages keeps
a warm cache; a write in the pemda read is seen at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions import services as action_services
from actions.models import ActionPlan
from pagecache import versioned
from scores import services
from scores.models import Indicator
from scores.services import ScoreChange
from skpd.models import Unit
from skpd.scopes import read_scopes, write_scopes

BANJAR = "/?unit=banjar&year=2022"
KALSEL = "/?unit=kalsel&year=2022"


def page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


def reads_scores(queries: list[str]) -> bool:
    return any('"scores_score"' in sql for sql in queries)


def write_mcp(unit: Unit, value: str, year: int = 2022) -> None:
    services.score_set(
        unit=unit,
        indicator=Indicator.objects.get(code="iin"),
        year=year,
        value=Decimal(value),
        by=None,
        reason="Koreksi",
    )


@pytest.fixture
def reader(as_user, inspektorat_user, official_data):
    client = as_user(inspektorat_user)
    warm = page_queries(client, BANJAR)
    assert reads_scores(warm)  # computed once
    hit = page_queries(client, BANJAR)
    assert not reads_scores(hit)
    client.hit_count = len(hit)
    return client


@pytest.fixture
def tabalong_skpd(official_units) -> Unit:
    return Unit.objects.create(
        code="tabalong-dinkes",
        name="Dinas Kesehatan Tabalong",
        level="skpd",
        parent=official_units["tabalong"],
    )


def test_a_reader_of_banjar_is_served_from_the_cache_after_a_write_in_tabalong(
    reader, official_data
):
    write_mcp(official_data["tabalong"], "70.25")
    queries = page_queries(reader, BANJAR)
    assert not reads_scores(queries)
    assert len(queries) == reader.hit_count


def test_a_write_in_an_skpd_of_tabalong_keeps_banjar_cached(tabalong_skpd, reader):
    """(The SKPD is created before the reader warms the cache: a new unit changes the
    setup, and with it every page.)"""
    write_mcp(tabalong_skpd, "66")
    assert not reads_scores(page_queries(reader, BANJAR))


def test_an_import_into_tabalong_keeps_banjar_cached(reader, official_data):
    change = ScoreChange(
        unit=official_data["tabalong"],
        indicator=Indicator.objects.get(code="iin"),
        year=2022,
        value=Decimal("71"),
    )
    services.scores_set_many(changes=[change], by=None, reason="Impor")
    assert not reads_scores(page_queries(reader, BANJAR))


def test_an_import_into_tabalong_is_seen_at_once_by_tabalong_and_its_province(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    for url in ("/?unit=tabalong&year=2022", KALSEL):
        assert "79,59" in client.get(url).content.decode()
    change = ScoreChange(
        unit=official_data["tabalong"],
        indicator=Indicator.objects.get(code="iin"),
        year=2022,
        value=Decimal("71"),
    )
    services.scores_set_many(changes=[change], by=None, reason="Impor")
    for url in ("/?unit=tabalong&year=2022", KALSEL):
        assert "71,00" in client.get(url).content.decode()


def test_a_write_in_banjar_is_seen_at_once(reader, official_data):
    assert "72,50" in reader.get(BANJAR).content.decode()
    write_mcp(official_data["banjar"], "81.75")
    queries = page_queries(reader, BANJAR)
    assert reads_scores(queries)
    page = reader.get(BANJAR).content.decode()
    assert "81,75" in page and "72,50" not in page


def test_a_write_in_tabalong_is_seen_at_once_by_the_province_and_the_national_view(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    assert "79,59" in client.get(KALSEL).content.decode()  # Tabalong among its kabupaten
    client.get("/unit/kalsel/")
    write_mcp(official_data["tabalong"], "61.5")
    assert "61,50" in client.get(KALSEL).content.decode()
    assert reads_scores(page_queries(client, "/unit/kalsel/"))


def test_a_write_in_the_province_reaches_its_kabupaten_whose_benchmark_it_is(
    reader, official_data
):
    write_mcp(official_data["kalsel"], "77.5")
    assert reads_scores(page_queries(reader, BANJAR))


def test_a_year_lock_changes_every_page(reader, inspektorat_user):
    services.year_lock(year=2019, by=inspektorat_user, reason="Final")
    assert reads_scores(page_queries(reader, BANJAR))


def test_a_plan_in_tabalong_changes_the_overdue_lists_of_every_dashboard(
    reader, official_data, indicators
):
    action_services.action_plan_save(
        plan=ActionPlan(
            unit=official_data["tabalong"],
            owner_unit=official_data["tabalong"],
            year=2024,
            area=indicators["mcp.pbj"],
            title="Rencana",
            due_date="2024-01-31",
        ),
        by=None,
    )
    assert reads_scores(page_queries(reader, BANJAR))


def test_the_scopes_of_a_write_and_of_a_page(official_units, tabalong_skpd):
    kalsel, nasional = official_units["kalsel"], official_units["nasional"]
    tabalong, banjar = official_units["tabalong"], official_units["banjar"]
    assert write_scopes([tabalong_skpd.pk]) == {f"unit:{tabalong.pk}", f"skpd:{tabalong.pk}"}
    assert write_scopes([tabalong.pk]) == {
        f"unit:{tabalong.pk}",
        f"below:{kalsel.pk}",
        f"below:{nasional.pk}",
    }
    assert set(read_scopes(banjar)) == {
        f"unit:{banjar.pk}",
        f"unit:{kalsel.pk}",
        f"unit:{nasional.pk}",
        f"below:{banjar.pk}",
    }
    assert not write_scopes([tabalong.pk]) & set(read_scopes(banjar.pk))


def test_a_scoped_write_raises_the_write_count_and_only_its_scopes(official_units):
    before = versioned.current_version()
    versioned.invalidate(scopes=["unit:1", "below:2"])
    after = versioned.current_version()
    assert after.data == before.data + 1
    assert after.unscoped == before.unscoped  # pages of other scopes stay valid
    assert versioned.scope_numbers(["unit:1", "below:2", "unit:3"]) == (1, 1, 0)


def test_a_write_of_no_scope_changes_every_scoped_key(official_units):
    version = versioned.current_version()
    key = version.scoped_key(versioned.scope_numbers(["unit:1"]))
    versioned.invalidate()
    raised = versioned.current_version()
    assert raised.scoped_key(versioned.scope_numbers(["unit:1"])) != key


def test_a_write_that_names_an_empty_scope_list_changes_every_page(official_units):
    before = versioned.current_version()
    versioned.invalidate(scopes=[])
    assert versioned.current_version().unscoped == before.unscoped + 1


def version_reads(queries: list[str]) -> int:
    return sum(
        "scores_aggregateversion" in sql or "pagecache_scopeversion" in sql for sql in queries
    )


def test_a_cached_page_reads_its_versions_and_scopes_in_one_query(reader):
    queries = page_queries(reader, BANJAR)
    assert version_reads(queries) == 1
    assert any("pagecache_scopeversion" in sql for sql in queries)


def test_a_wrong_guess_of_the_scopes_costs_a_query_never_a_stale_page(reader, official_data):
    from django.core.cache import cache

    address = versioned.address_of({"PATH_INFO": "/", "QUERY_STRING": BANJAR[2:]})
    assert cache.get(address.key)  # the reader's requests left their scopes
    cache.set(address.key, ("unit:0",))
    write_mcp(official_data["banjar"], "81.75")
    queries = page_queries(reader, BANJAR)
    assert version_reads(queries) == 2 and reads_scores(queries)
    assert "81,75" in reader.get(BANJAR).content.decode()


def test_the_guess_is_only_a_guess_a_new_address_reads_its_scopes_itself(reader):
    queries = page_queries(reader, "/?unit=banjar&year=2022&unused=1")
    assert version_reads(queries) == 2  # the version row, then the scopes asked for


def reads_the_skpd_part(queries: list[str]) -> bool:
    """The dashboard's part about the pemda's SKPD: their documents and their scores
    (read through their active parent)."""
    return any(
        '"workbook_documentrecord"' in sql
        or ('"scores_score"' in sql and '"skpd_unit"."is_active"' in sql)
        for sql in queries
    )


def test_a_value_of_the_pemda_itself_leaves_the_part_about_its_skpd_cached(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    assert reads_the_skpd_part(page_queries(client, KALSEL))  # computed once
    write_mcp(official_data["kalsel"], "77.25")
    queries = page_queries(client, KALSEL)
    assert reads_scores(queries) and not reads_the_skpd_part(queries)
    assert "77,25" in client.get(KALSEL).content.decode()


def test_a_value_of_an_skpd_is_seen_at_once_in_its_pemdas_ranking(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    client.get(KALSEL)
    bpkad = Unit.objects.get(code="bpkad")
    services.score_set(
        unit=bpkad,
        indicator=Indicator.objects.get(code="mcp"),
        year=2022,
        value=Decimal("88.5"),
        by=None,
        reason="Penilaian",
    )
    queries = page_queries(client, KALSEL)
    assert reads_the_skpd_part(queries)
    ranking = client.get(KALSEL).content.decode().split('id="ranking-title"')[1]
    assert "88,50" in ranking.split("</table>")[0]
