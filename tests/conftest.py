import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from scores.management.commands.seed_demo import Command as SeedDemo
from scores.models import Indicator
from skpd import roles
from skpd.models import Unit

PASSWORD = "a-test-password-1"


def make_user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests create many users; a deliberately slow hash would only slow them down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached aggregates are keyed by a database version that each test's rollback
    resets, so a value cached by one test must not be seen by the next."""
    from django.core.cache import cache

    cache.clear()


# The data migrations' functions, in migration order: what a migrated database holds.
REFERENCE_DATA_MIGRATIONS = [
    ("scores.migrations.0002_reference_data", "load"),
    ("scores.migrations.0003_roles", "create_roles"),
    ("scores.migrations.0005_export_permission", "grant_export"),
    ("actions.migrations.0002_roles", "add_permissions"),
    ("workbook.migrations.0002_roles", "add_permissions"),
    # The 2025 calendar and the roles' calendar permissions (the timeline, issue 15).
    ("reminders.migrations.0002_calendar_2025_and_roles", "forwards"),
]


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Transactional tests (the browser's live server) flush the database after each
    test, taking the migrations' reference data with them: load it again with the
    migrations' own functions. (serialized_rollback cannot help: Playwright's event
    loop gives the test a different connection object from the one that serialized.)"""
    if Indicator.objects.exists():
        return
    for module, function in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def indicators() -> dict[str, Indicator]:
    """The reference indicators, which the data migration created."""
    return {i.code: i for i in Indicator.objects.select_related("parent", "continues")}


@pytest.fixture
def official_units(db) -> dict[str, Unit]:
    """The units of data/units.csv."""
    return SeedDemo().load_units()


@pytest.fixture
def official_data(official_units, indicators) -> dict[str, Unit]:
    """Units plus the published scores and targets of data/official_scores.csv."""
    SeedDemo().load_official_scores(official_units, indicators)
    return official_units


@pytest.fixture
def kalsel(official_units) -> Unit:
    return official_units["kalsel"]


@pytest.fixture
def inspektorat_user(db) -> User:
    return make_user("inspektorat", roles.INSPEKTORAT, first_name="Staf", last_name="Inspektorat")


@pytest.fixture
def pimpinan_user(db) -> User:
    return make_user("pimpinan", roles.PIMPINAN)


@pytest.fixture
def kepala_bpkad(official_units) -> User:
    user = make_user("kepala-bpkad", roles.KEPALA_SKPD)
    official_units["bpkad"].heads.add(user)
    return user


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("admin", password=PASSWORD)


@pytest.fixture
def as_user(client):
    """Log the test client in as the given user and return the client."""

    def login(user: User):
        client.force_login(user)
        return client

    return login
