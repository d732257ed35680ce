"""Who may see which unit, and the one rule every app's access.py applies.

The rule:

1. A page or action the user's role may not use answers 403. It is decided by the
   role's permission alone, before any object is looked up (`role_required`), so the
   answer is the same whichever id or code is in the address. Anonymous users are sent
   to the login page instead.
2. An object the user may not know of (a unit, a plan, evidence, an import draft, a
   strategic issue, a score cell…) answers 404, exactly like one that does not exist,
   so a guessed id or code reveals nothing (`unit_or_404`, `get_unit_for_user`, and
   the lookups in scores.access and actions.access).

Views decide access only through these helpers: each app keeps its own in its
access.py (skpd, scores, actions; dashboard uses skpd's). Flags that only change what
a template offers go through named helpers there too.
"""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from pagecache import versioned
from skpd.models import Unit

VIEW_ALL_UNITS = "skpd.view_all_units"
# What Unit.code (a SlugField of 64) admits: the one pattern for unit codes in addresses.
UNIT_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")


def role_required(*permissions: str) -> Callable[[Callable], Callable]:
    """A decorator for a view that only roles holding every one of `permissions` may use:
    anonymous users are redirected to the login page, a logged-in user whose role lacks
    one gets 403 (rule 1) before the view runs, so before it looks any object up."""

    def decorator(view: Callable) -> Callable:
        return login_required(permission_required(permissions, raise_exception=True)(view))

    return decorator


def has_role(user: User | AnonymousUser) -> bool:
    """Whether an administrator has given the user a role. A role is a group of
    permissions (skpd.roles), so a user without any permission has none; the set is
    the cached one of CachedPermissionsBackend, so this costs no query."""
    return user.is_active and bool(user.get_all_permissions())


def role_assigned(view: Callable) -> Callable:
    """A decorator for pages every role may open (the dashboard, unit pages, what-if):
    anonymous users go to the login page; a logged-in user without a role gets 403 and
    a page saying an administrator must assign one, before any unit data is read."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not has_role(request.user):
            return render(request, "skpd/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


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
    """The unit with this code; Http404 when there is none or the user may not see it
    (rule 2: both answer alike)."""
    return unit_or_404(user, unit_by_code(code))


def unit_or_404(user: User | AnonymousUser, unit: Unit | None) -> Unit:
    """The unit if the user may see it; Http404 when it is None or hidden from them."""
    if unit is None or not can_view_unit(user, unit):
        raise Http404
    return unit


def unit_by_code(code: str) -> Unit | None:
    """A unit with the units above it, read once per setup version (changing a unit
    raises it): every unit page and grid names one, and the cache's scopes of its page
    follow its parents (skpd.scopes). Only well-formed codes are cached."""

    def read() -> Unit | None:
        return Unit.objects.select_related("parent__parent__parent").filter(code=code).first()

    return versioned.cached_setup(f"unit-code:{code}", read) if is_unit_code(code) else read()


def active_unit(pk: int) -> Unit | None:
    """An active unit with the units above it (an SKPD's framework is its pemda's; the
    cache's scopes of a write follow its parents, skpd.scopes), read once per setup
    version: every cell saved in the grid names its unit. Only active units are rows
    of a grid; a retired unit's values stay as they were."""
    return versioned.cached_setup(
        f"active-unit:{pk}",
        lambda: (
            Unit.objects.select_related("parent__parent__parent")
            .filter(pk=pk, is_active=True)
            .first()
        ),
    )
