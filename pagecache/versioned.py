"""Aggregates and rendered page content cached across requests, invalidated by writes.

Each process keeps the values in Django's cache (LocMemCache by default, per process);
every key carries version numbers stored in the database, which every write service
raises in its transaction (and signals raise on writes made elsewhere: action plans,
evidence, units, reference data, groups and permissions). A worker thus reads one small
row at the start of each request and serves nothing computed before a write that had
committed by then, in any worker; stale entries of older versions simply age out.
"""

import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

from pagecache.models import AggregateVersion

T = TypeVar("T")
VERSION_PK = 1
TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Version:
    """`data` rises with every write of scores, targets, locks, plans and evidence;
    `setup` with changes to units, reference data, groups, permissions and memberships.
    Pages depend on both; a user's permissions only on the setup, so typing a score
    does not make every user's permissions be read again."""

    data: int
    setup: int

    def __str__(self) -> str:
        return f"{self.data}.{self.setup}"


# One read of the versions serves a whole request: the user's permissions, the units
# they may open and the page are all cached under them. None outside a request (a
# command, a test calling a service), where every call reads the database. UNCOMMITTED
# after the request's own write until its transaction commits: a rollback would leave
# a number that another worker may commit later, so nothing is remembered or cached.
UNREAD = object()
UNCOMMITTED = object()
request_version: ContextVar[object] = ContextVar("mcp_request_version", default=None)


def begin_request(**_signal_arguments) -> None:
    request_version.set(UNREAD)


def end_request(**_signal_arguments) -> None:
    request_version.set(None)


def current_version() -> Version:
    remembered = request_version.get()
    if isinstance(remembered, Version):
        return remembered
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, setup_number FROM {version_table()} WHERE id = %s", [VERSION_PK]
        )
        version = Version(*(cursor.fetchone() or (0, 0)))
    if remembered is UNREAD:
        request_version.set(version)
    return version


def version_table() -> str:
    """The version row is read by every request and raised by every write: in plain SQL,
    as the ORM's compiling of these two statements cost more than running them."""
    return connection.ops.quote_name(AggregateVersion._meta.db_table)


def invalidate(**_signal_arguments) -> None:
    """Raise the data version: called inside the writing transaction of every write
    service (and connected to the signals of models written elsewhere)."""
    raise_number("number")


def invalidate_setup(**_signal_arguments) -> None:
    """Raise the setup version: connected to the signals of units, reference data,
    groups, permissions and memberships."""
    raise_number("setup_number")


def raise_number(field: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {version_table()} SET {field} = {field} + 1 WHERE id = %s", [VERSION_PK]
        )
        raised = cursor.rowcount
    if not raised:
        AggregateVersion.objects.get_or_create(pk=VERSION_PK, defaults={field: 1})
    if request_version.get() is None:
        return
    if not connection.in_atomic_block:
        request_version.set(UNREAD)  # what this request reads next must see its own write
        return
    request_version.set(UNCOMMITTED)
    transaction.on_commit(forget_uncommitted)


def forget_uncommitted() -> None:
    if request_version.get() is UNCOMMITTED:
        request_version.set(UNREAD)


def cached(key: str, compute: Callable[[], T], version: Version | None = None) -> T:
    """A value that depends on the data and the setup (pages, aggregates)."""
    return cached_as(f"{current_version() if version is None else version}:{key}", compute)


def cached_setup(key: str, compute: Callable[[], T]) -> T:
    """A value that depends on the setup only (permissions, visible units, indicators)."""
    return cached_as(f"setup-{current_version().setup}:{key}", compute)


def cached_as(versioned_key: str, compute: Callable[[], T]) -> T:
    if request_version.get() is UNCOMMITTED:
        return compute()
    full_key = f"mcp-aggregate:{versioned_key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        if value is not None:  # None reads as a miss: storing it would only take room
            cache.set(full_key, value, TIMEOUT_SECONDS)
    return value


def visibility_key(visible_ids: set[int] | None) -> str:
    """Users who may open the same units see the same page content."""
    if visible_ids is None:
        return "all"
    digest = hashlib.blake2b(",".join(map(str, sorted(visible_ids))).encode(), digest_size=8)
    return digest.hexdigest()


def page_key(name: str, *parts: object, visible_ids: set[int] | None) -> str:
    """A rendered fragment depends on the language, the day (overdue plans, the working
    year) and which units the reader may open, besides the page's own parameters."""
    fixed: Iterable[object] = (get_language(), timezone.localdate(), visibility_key(visible_ids))
    return ":".join(str(part) for part in (name, *fixed, *parts))
