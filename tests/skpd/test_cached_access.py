"""Permissions and visible units are cached across requests (skpd.auth_backends,
skpd.access): every change of who may do what must still take effect at once."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skpd import roles


def entry_status(client) -> int:
    return client.get("/entry/").status_code


def test_leaving_a_group_takes_the_right_away_at_the_next_request(
    as_user, inspektorat_user, official_units
):
    client = as_user(inspektorat_user)
    assert entry_status(client) == 200
    inspektorat_user.groups.clear()
    assert entry_status(client) == 403


def test_a_permission_taken_from_a_group_is_gone_at_the_next_request(
    as_user, inspektorat_user, official_units
):
    client = as_user(inspektorat_user)
    assert entry_status(client) == 200
    group = Group.objects.get(name=roles.INSPEKTORAT)
    group.permissions.remove(Permission.objects.get(codename="change_score"))
    assert entry_status(client) == 403


def test_a_permission_given_to_the_user_counts_at_the_next_request(
    as_user, kepala_bpkad, official_units
):
    client = as_user(kepala_bpkad)
    assert entry_status(client) == 403
    kepala_bpkad.user_permissions.add(Permission.objects.get(codename="change_score"))
    assert client.get("/entry/?unit=bpkad").status_code == 200


def test_a_head_removed_from_a_unit_loses_its_page_at_the_next_request(
    as_user, kepala_bpkad, official_units
):
    client = as_user(kepala_bpkad)
    assert client.get("/unit/bpkad/").status_code == 200
    official_units["bpkad"].heads.remove(kepala_bpkad)
    assert client.get("/unit/bpkad/").status_code == 404


def test_a_deactivated_user_is_refused_although_their_permissions_are_cached(
    client, inspektorat_user, official_units
):
    client.force_login(inspektorat_user)
    assert entry_status(client) == 200
    inspektorat_user.is_active = False
    inspektorat_user.save()
    assert entry_status(client) != 200


def test_a_cached_page_reads_the_data_version_once_and_no_permission(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    queries = [query["sql"] for query in captured]
    assert sum("scores_aggregateversion" in sql for sql in queries) == 1
    assert not any("auth_permission" in sql for sql in queries)
