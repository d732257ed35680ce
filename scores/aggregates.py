"""Per-year aggregates cached across requests, invalidated by every write.

Each process keeps the values in Django's cache (LocMemCache by default, per process);
the key carries a version number stored in the database, which every write service
raises in its transaction. A worker thus reads one small row per request and never
serves a value computed before a write committed in any worker.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import F

from scores.models import AggregateVersion
from skpd.models import Unit

T = TypeVar("T")
VERSION_PK = 1
TIMEOUT_SECONDS = 3600


def current_version() -> int:
    number = AggregateVersion.objects.filter(pk=VERSION_PK).values_list("number", flat=True)
    return next(iter(number), 0)


def invalidate() -> None:
    """Raise the version: call inside the writing transaction of every write service."""
    if not AggregateVersion.objects.filter(pk=VERSION_PK).update(number=F("number") + 1):
        AggregateVersion.objects.get_or_create(pk=VERSION_PK, defaults={"number": 1})


def cached(unit: Unit, name: str, compute: Callable[[], T], version: int | None = None) -> T:
    number = current_version() if version is None else version
    key = f"mcp-aggregate:{number}:{unit.pk}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
