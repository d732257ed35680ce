from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import versioned
from pagecache.models import AggregateVersion
from scores import services
from scores.models import Indicator


def dashboard_text(client) -> str:
    return client.get("/?year=2023").content.decode()


def test_a_write_through_the_entry_service_changes_the_dashboard_at_once(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    assert "84,73" in dashboard_text(client)
    services.score_set(
        unit=official_data["kalsel"],
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("91.25"),
        by=inspektorat_user,
        reason="Koreksi",
    )
    page = dashboard_text(client)
    assert "91,25" in page
    assert "84,73" not in page.split('id="dashboard-content"')[1].split("</section>")[0]


def test_the_second_dashboard_request_is_served_from_the_cache(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    dashboard_text(client)
    with CaptureQueriesContext(connection) as captured:
        dashboard_text(client)
    assert len(captured) <= 6


def test_a_version_raised_by_another_worker_is_seen_at_once(
    as_user, inspektorat_user, official_data
):
    """Each gunicorn worker has its own cache: only the version in the database is shared."""
    client = as_user(inspektorat_user)
    dashboard_text(client)
    with connection.cursor() as cursor:  # as another process would, past this one's cache
        cursor.execute(
            "UPDATE scores_score SET value = 77.5 WHERE year = 2023 AND unit_id = "
            "(SELECT id FROM skpd_unit WHERE code = 'kalsel') AND indicator_id = "
            "(SELECT id FROM scores_indicator WHERE code = 'mcp')"
        )
        cursor.execute(
            "UPDATE scores_aggregateversion SET number = number + 1 WHERE id = %s",
            [versioned.VERSION_PK],
        )
    assert "77,50" in dashboard_text(client)


def test_every_service_write_raises_the_version(inspektorat_user, official_data):
    kalsel, mcp = official_data["kalsel"], Indicator.objects.get(code="mcp")
    before = versioned.current_version()
    services.target_set(unit=kalsel, indicator=mcp, year=2024, value=Decimal("90"), by=None)
    services.score_delete(unit=kalsel, indicator=mcp, year=2023, by=None, reason="Salah")
    assert AggregateVersion.objects.get().number == before.data + 2
    assert versioned.current_version().setup == before.setup  # permissions stay cached


def test_a_unit_edited_in_the_admin_raises_the_version(official_data):
    before = versioned.current_version()
    kalsel = official_data["kalsel"]
    kalsel.short_name = "Kalsel"
    kalsel.save()
    assert versioned.current_version().setup > before.setup


def test_a_request_reads_the_version_once_and_again_after_its_own_write(official_data):
    versioned.begin_request()
    try:
        first = versioned.current_version()
        with CaptureQueriesContext(connection) as captured:
            assert versioned.current_version() == first
        assert len(captured) == 0
        versioned.invalidate()
        assert versioned.current_version().data == first.data + 1
    finally:
        versioned.end_request()


def test_outside_a_request_every_call_reads_the_version(official_data):
    with CaptureQueriesContext(connection) as captured:
        versioned.current_version()
        versioned.current_version()
    assert len(captured) == 2


def test_nothing_is_cached_under_a_version_that_a_rollback_undoes(official_data):
    """After a rollback another worker may commit the same number: a value computed
    from the undone write must not be waiting under it."""
    import pytest
    from django.core.cache import cache
    from django.db import transaction

    versioned.begin_request()
    try:
        before = versioned.current_version()
        with pytest.raises(RuntimeError), transaction.atomic():
            versioned.invalidate()
            assert versioned.cached("page", lambda: "from the undone write") == (
                "from the undone write"
            )
            raise RuntimeError
        undone = versioned.Version(before.data + 1, before.setup)
        assert cache.get(f"mcp-aggregate:{undone}:page") is None
        assert versioned.current_version() == before
    finally:
        versioned.end_request()
