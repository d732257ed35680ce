"""The one place that decides who may see which unit."""

import re

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from pagecache import versioned
from skpd.models import Unit

VIEW_ALL_UNITS = "skpd.view_all_units"
# What Unit.code (a SlugField of 64) admits: the one pattern for unit codes in addresses.
UNIT_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")


def sees_all_units(user: User | AnonymousUser) -> bool:
    return user.is_active and user.has_perm(VIEW_ALL_UNITS)


def visible_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    if sees_all_units(user):
        return Unit.objects.all()
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(heads=user)


def can_view_unit(user: User | AnonymousUser, unit: Unit) -> bool:
    visible_ids = visible_unit_ids(user)
    return visible_ids is None or unit.pk in visible_ids


def visible_unit_ids(user: User | AnonymousUser) -> set[int] | None:
    """The ids a user may open, or None for "all", for pages listing units: cached until
    the setup version changes (a change of unit heads raises it)."""
    if sees_all_units(user):
        return None
    if not user.is_authenticated:
        return set()
    return versioned.cached_setup(
        f"visible-units:{user.pk}", lambda: set(visible_units(user).values_list("pk", flat=True))
    )


def is_unit_code(text: str) -> bool:
    """Whether `text` could be a unit's code; a page caches only what names a real key."""
    return UNIT_CODE.fullmatch(text) is not None


def get_unit_for_user(user: User | AnonymousUser, code: str) -> Unit:
    """The unit with this code: 404 when there is none, 403 when the user may not see it."""
    unit = unit_by_code(code)
    if unit is None:
        raise Http404
    if not can_view_unit(user, unit):
        raise PermissionDenied
    return unit


def unit_by_code(code: str) -> Unit | None:
    """A unit with its parent, read once per setup version (changing a unit raises it):
    every unit page and grid names one. Only well-formed codes are cached."""

    def read() -> Unit | None:
        return Unit.objects.select_related("parent").filter(code=code).first()

    return versioned.cached_setup(f"unit-code:{code}", read) if is_unit_code(code) else read()


def active_unit(pk: int) -> Unit | None:
    """An active unit with its parent (an SKPD's framework is its pemda's), read once per
    setup version: every cell saved in the grid names its unit. Only active units are
    rows of a grid; a retired unit's values stay as they were."""
    return versioned.cached_setup(
        f"active-unit:{pk}",
        lambda: Unit.objects.select_related("parent").filter(pk=pk, is_active=True).first(),
    )
