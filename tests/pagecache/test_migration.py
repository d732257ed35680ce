"""The version row moved from scores to pagecache without moving its table: a database
migrated before the move keeps its numbers, so no worker serves a page cached under a
number it has seen before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [("scores", "0009_aggregateversion_setup_number")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_version_numbers():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = migrate(BEFORE_THE_MOVE)
    try:
        OldVersion = old_apps.get_model("scores", "AggregateVersion")
        OldVersion.objects.update_or_create(pk=1, defaults={"number": 41, "setup_number": 7})
        new_apps = migrate(latest)
        NewVersion = new_apps.get_model("pagecache", "AggregateVersion")
        assert NewVersion.objects.get(pk=1).number == 41
        assert NewVersion.objects.get(pk=1).setup_number == 7
    finally:
        migrate(latest)

    from pagecache import versioned

    versioned.invalidate()
    assert versioned.current_version() == versioned.Version(data=42, setup=7)
