"""Aggregates and rendered page content cached across requests, invalidated by writes.

The values live in Django's cache: LocMemCache by default (per process), Redis when
CACHE_URL names one (shared by every worker and server). Every key carries version
numbers stored in the database, which every write service raises in its transaction
(and signals raise on writes made elsewhere: action plans, evidence, units, reference
data, groups and permissions). A worker thus reads one small row at the start of each
request and serves nothing computed before a write that had committed by then, in any
worker; stale entries of older versions simply age out.

Scopes: a write that names the scopes it can change (`invalidate(scopes=[...])`, the
names are the callers': skpd.scopes) raises only their rows (ScopeVersion), and a page
cached with `scopes=` is keyed by the rows it reads, so a write in one pemda leaves the
pages of the others cached. A write that names none (a command, a bulk load, a year
lock) changes every page. The epoch, new in every database and after every restore,
is in every key: numbers that a restore sets back never find an entry cached before.
"""

import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

from pagecache.models import AggregateVersion, ScopeVersion, new_epoch

T = TypeVar("T")
K = TypeVar("K")
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
    # In the keys, not in comparisons: versions compare by their numbers.
    epoch: int = field(default=0, compare=False)
    scoped: int = field(default=0, compare=False)

    @property
    def unscoped(self) -> int:
        """How many writes named no scope: each may have changed any page."""
        return self.data - self.scoped

    def __str__(self) -> str:
        return f"{self.epoch:x}.{self.data}.{self.setup}"

    def scoped_key(self, scope_numbers: Iterable[int]) -> str:
        """The part of a scoped page's key that the versions give: the epoch, the writes
        of no scope, the setup, and the number of each scope the page reads."""
        numbers = ".".join(map(str, scope_numbers))
        return f"{self.epoch:x}.u{self.unscoped}.{self.setup}.s{numbers}"


# One read of the versions serves a whole request: the user's permissions, the units
# they may open and the page are all cached under them. None outside a request (a
# command, a test calling a service), where every call reads the database. UNCOMMITTED
# after the request's own write until its transaction commits: a rollback would leave
# a number that another worker may commit later, so nothing is remembered or cached.
UNREAD = object()
UNCOMMITTED = object()
request_version: ContextVar[object] = ContextVar("mcp_request_version", default=None)
# The scope numbers this request has read, by scope, reset with the version above.
request_scopes: ContextVar[dict[str, int] | None] = ContextVar("mcp_request_scopes", default=None)


@dataclass
class Address:
    """The scopes that requests for one address (path and query) read: the next request
    for it reads their numbers with the version row, in the same query (a cached page
    then costs one read of the versions, as before scopes). Only a guess, kept in the
    cache without a version: a request still reads any scope it asks for and was not
    guessed, so a wrong guess costs one query, never a stale page."""

    key: str
    guessed: tuple[str, ...] = ()
    asked: set[str] = field(default_factory=set)


request_address: ContextVar[Address | None] = ContextVar("mcp_request_address", default=None)


def begin_request(environ=None, **_signal_arguments) -> None:
    request_version.set(UNREAD)
    request_scopes.set({})
    request_address.set(None if environ is None else address_of(environ))


def end_request(**_signal_arguments) -> None:
    address = request_address.get()
    if address is not None and address.asked and tuple(sorted(address.asked)) != address.guessed:
        cache.set(address.key, tuple(sorted(address.asked)), TIMEOUT_SECONDS)
    request_version.set(None)
    request_scopes.set(None)
    request_address.set(None)


def address_of(environ: dict) -> Address:
    address = f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
    digest = hashlib.blake2b(address.encode(errors="replace"), digest_size=12).hexdigest()
    return Address(key=f"mcp-scopes-of:{digest}")


def current_version() -> Version:
    remembered = request_version.get()
    if isinstance(remembered, Version):
        return remembered
    address = request_address.get() if remembered is UNREAD else None
    if address is not None:
        address.guessed = cache.get(address.key) or ()
    guessed = address.guessed if address is not None else ()
    with connection.cursor() as cursor:
        cursor.execute(*version_query(guessed))
        rows = cursor.fetchall()
    version = Version(*next((row[1:] for row in rows if row[0] is None), (0, 0, 0, 0)))
    if remembered is UNREAD:
        request_version.set(version)
        found = {row[0]: row[1] for row in rows if row[0] is not None}
        request_scopes.set({scope: found.get(scope, 0) for scope in guessed})
    return version


def version_query(scopes: tuple[str, ...]) -> tuple[str, list]:
    """The version row (its scope NULL) and, in the same query, these scopes' rows."""
    sql = (
        "SELECT CAST(NULL AS VARCHAR(100)), number, setup_number, epoch, scoped_number "
        f"FROM {version_table()} WHERE id = %s"
    )
    if not scopes:
        return sql, [VERSION_PK]
    table = connection.ops.quote_name(ScopeVersion._meta.db_table)
    placeholders = ", ".join(["%s"] * len(scopes))
    sql += f" UNION ALL SELECT scope, number, 0, 0, 0 FROM {table} WHERE scope IN ({placeholders})"
    return sql, [VERSION_PK, *scopes]


def scope_numbers(scopes: Iterable[str]) -> tuple[int, ...]:
    """The numbers of these scopes in the order given (0 for a scope never raised): one
    query for those this request has not read yet; a request remembers what it read
    (until its own write), a call outside a request reads every time. Read before the
    value is computed, so a key's numbers are never newer than the data under it."""
    wanted = list(scopes)
    address = request_address.get()
    if address is not None:
        address.asked.update(wanted)
    remembered = request_scopes.get()
    known = {} if remembered is None or request_version.get() is UNCOMMITTED else remembered
    missing = sorted(set(wanted) - known.keys())
    if missing:
        table = connection.ops.quote_name(ScopeVersion._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT scope, number FROM {table} WHERE scope IN "
                f"({', '.join(['%s'] * len(missing))})",
                missing,
            )
            found = dict(cursor.fetchall())
        read = {scope: found.get(scope, 0) for scope in missing}
        if remembered is not None and known is remembered:
            remembered.update(read)
        known = {**known, **read}
    return tuple(known[scope] for scope in wanted)


def version_table() -> str:
    """The version row is read by every request and raised by every write: in plain SQL,
    as the ORM's compiling of these two statements cost more than running them."""
    return connection.ops.quote_name(AggregateVersion._meta.db_table)


def invalidate(scopes: Iterable[str] | None = None, **_signal_arguments) -> None:
    """Raise the data version: called inside the writing transaction of every write
    service (and connected to the signals of models written elsewhere).

    `scopes`: the names of what the write can change (skpd.scopes gives them); pages
    cached under other scopes stay valid. None (a command, a bulk load, a signal of
    unknown reach), or no scope at all: every page cached before is stale."""
    named = sorted(set(scopes or ()))
    if not named:  # a write whose reach is unknown may have changed anything
        raise_number("number")
        return
    raise_scopes(named)


def invalidate_setup(**_signal_arguments) -> None:
    """Raise the setup version: connected to the signals of units, reference data,
    groups, permissions and memberships."""
    raise_number("setup_number")


def raise_scopes(scopes: list[str]) -> None:
    """Raise `number` and `scoped_number` together (the difference, the writes of no
    scope, stays), and each scope's row, inserting those never raised: rows in sorted
    order, so two writes never wait for each other's rows in opposite orders."""
    raise_number("number", "scoped_number", remember=False)
    table = connection.ops.quote_name(ScopeVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, number) VALUES "
            f"{', '.join(['(%s, 1)'] * len(scopes))} "
            f"ON CONFLICT (scope) DO UPDATE SET number = {table}.number + 1",
            scopes,
        )
    remember_own_write()


def raise_number(*fields: str, remember: bool = True) -> None:
    assignments = ", ".join(f"{name} = {name} + 1" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {version_table()} SET {assignments} WHERE id = %s", [VERSION_PK])
        raised = cursor.rowcount
    if not raised:
        AggregateVersion.objects.get_or_create(pk=VERSION_PK, defaults=dict.fromkeys(fields, 1))
    if remember:
        remember_own_write()


def start_new_epoch() -> int:
    """A new epoch for this database, after a restore or a load that bypassed the
    writes' numbering: nothing cached before is served again, whatever numbers the
    rows hold now. Returns the epoch."""
    epoch = new_epoch()
    updated = AggregateVersion.objects.filter(pk=VERSION_PK).update(epoch=epoch)
    if not updated:
        AggregateVersion.objects.create(pk=VERSION_PK, epoch=epoch)
    remember_own_write()
    return epoch


def remember_own_write() -> None:
    if request_version.get() is None:
        return
    request_scopes.set({})
    if not connection.in_atomic_block:
        request_version.set(UNREAD)  # what this request reads next must see its own write
        return
    request_version.set(UNCOMMITTED)
    transaction.on_commit(forget_uncommitted)


def forget_uncommitted() -> None:
    if request_version.get() is UNCOMMITTED:
        request_version.set(UNREAD)


def cached(
    key: str,
    compute: Callable[[], T],
    version: Version | None = None,
    scopes: Iterable[str] | None = None,
) -> T:
    """A value that depends on the data and the setup (pages, aggregates).

    Without `scopes` every write makes it stale. With them (skpd.scopes names them),
    only the writes that raise one of these scopes, the writes that name no scope and
    changes of the setup do: list every scope whose data `compute` reads."""
    version = current_version() if version is None else version
    if scopes is None:
        return cached_as(f"{version}:{key}", compute)
    scopes = list(scopes)
    return cached_as(f"{version.scoped_key(scope_numbers(scopes))}:{key}", compute)


def cached_parts(
    parts: dict[K, tuple[str, list[str]]],
    compute: Callable[[list[K]], dict[K, T]],
    version: Version | None = None,
) -> dict[K, T]:
    """Many values cached each under its own scopes, read and stored together: an
    aggregate made of parts (the national view: one part per province) recomputes
    after a write only the parts whose scopes the write raised.

    `parts`: part → (key, scopes), as `cached(key, …, scopes=scopes)` would take them.
    `compute(missing)` returns the values of the parts not in the cache (all of them
    in one call, so in one query however many are missing). Costs one read of the
    scope numbers not read yet in this request, and one cache round trip to read (and
    one to store what was missing). Returns part → value for every part."""
    version = current_version() if version is None else version
    wanted = sorted({scope for _key, scopes in parts.values() for scope in scopes})
    numbers = dict(zip(wanted, scope_numbers(wanted), strict=True))
    full_keys = {
        part: "mcp-aggregate:" + version.scoped_key(numbers[scope] for scope in scopes) + f":{key}"
        for part, (key, scopes) in parts.items()
    }
    if request_version.get() is UNCOMMITTED:
        return compute(list(parts))
    found = cache.get_many(list(full_keys.values()))
    values = {part: found[full] for part, full in full_keys.items() if full in found}
    missing = [part for part in parts if part not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({full_keys[part]: computed[part] for part in missing}, TIMEOUT_SECONDS)
        values.update(computed)
    return values


def cached_setup(key: str, compute: Callable[[], T]) -> T:
    """A value that depends on the setup only (permissions, visible units, indicators)."""
    version = current_version()
    return cached_as(f"setup-{version.epoch:x}.{version.setup}:{key}", compute)


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
