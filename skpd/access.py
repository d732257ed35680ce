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
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import AnonymousUser, Group, User
from django.db.models import DateTimeField, IntegerField, Q, QuerySet, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from pagecache import versioned
from skpd.models import RoleGrant, Unit

VIEW_ALL_UNITS = "skpd.view_all_units"
# Given by a user's first grant (skpd.grants), never taken back by revoking.
LIMITED_TO_GRANTS = "skpd.limited_to_grants"
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
    permissions (skpd.roles), so a user without any permission has none (the mark of
    a user limited to grants is no role); the set is the cached one of
    CachedPermissionsBackend, so this costs no query."""
    return user.is_active and bool(user.get_all_permissions() - {LIMITED_TO_GRANTS})


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
    """Whether the user reads every unit: a superuser, a national grant, or a role with
    skpd.view_all_units and no grant at all (the users from before grants)."""
    return user.is_active and user.is_authenticated and reach(user).visible is None


@dataclass(frozen=True)
class Reach:
    """What a user's grants reach (skpd.models.RoleGrant), as unit ids; None = every unit.

    `scoped`: the user has been given a grant at some time (even one revoked since:
    the permission skpd.limited_to_grants marks them); False for superusers and for
    users never granted, who keep the rule from before grants: skpd.view_all_units
    reads and writes every unit, a head their own units.
    `roles`: (role group id, the unit ids of its grants or None) per active grant;
    `headed`: the units the user heads; `pemdas`: the pemda whose dashboard and
    workbook the user may open (None: any); `home`: the code of the first of them."""

    scoped: bool
    visible: frozenset[int] | None
    roles: tuple[tuple[int, frozenset[int] | None], ...] = ()
    headed: frozenset[int] = frozenset()
    pemdas: frozenset[int] | None = None
    home: str | None = None


NOWHERE = Reach(scoped=True, visible=frozenset(), pemdas=frozenset())
EVERYWHERE = Reach(scoped=False, visible=None)


def reach(user: User | AnonymousUser) -> Reach:
    """The user's Reach: read once (three small queries) per user and setup version;
    granting, revoking, heading a unit and changing the unit tree raise the setup."""
    if not user.is_authenticated or not user.is_active:
        return NOWHERE
    if user.is_superuser:
        return EVERYWHERE
    # The permissions are cached already: a user never granted costs no query more
    # than before grants (one for the units a head heads, none for who sees all).
    if not user.has_perm(LIMITED_TO_GRANTS):
        if user.has_perm(VIEW_ALL_UNITS):
            return EVERYWHERE
        return versioned.cached_setup(f"reach:{user.pk}", lambda: read_heads_reach(user))
    return versioned.cached_setup(f"reach:{user.pk}", lambda: read_reach(user))


def read_heads_reach(user: User) -> Reach:
    """A user never granted and not seeing every unit: the units they head."""
    headed = frozenset(Unit.objects.filter(heads=user).values_list("pk", flat=True))
    return Reach(scoped=False, visible=headed, headed=headed)


def read_reach(user: User) -> Reach:
    """Reach from the database: the user's grants and the units they head in one query,
    then (for a user limited by grants) the subtrees in one more."""
    no_time = Value(None, output_field=DateTimeField())
    heads = (
        Unit.heads.through.objects.filter(user=user)
        .order_by()
        .values_list(Value(None, output_field=IntegerField()), "unit_id", no_time, no_time)
    )
    rows = list(
        RoleGrant.objects.filter(user=user)
        .order_by()
        .values_list("role_id", "unit_id", "revoked_at", "granted_at")
        .union(heads, all=True)
    )
    # Oldest first: the first grant names the pemda the user starts on.
    grants = sorted(
        ((role, unit, revoked, at) for role, unit, revoked, at in rows if role is not None),
        key=lambda grant: grant[3],
    )
    headed = frozenset(unit for role, unit, _revoked, _at in rows if role is None)
    active = [(role, unit) for role, unit, revoked, _at in grants if revoked is None]
    subtrees, units = read_subtrees({unit for _role, unit in active if unit is not None}, headed)
    roles = tuple(
        (role, None if unit is None else frozenset(subtrees.get(unit, ())))
        for role, unit in active
    )
    if any(unit is None for _role, unit in active):  # a national role
        return Reach(scoped=True, visible=None, roles=roles, headed=headed)
    visible = headed.union(*subtrees.values())
    pemdas = pemdas_of(visible, units)
    # The user starts on the pemda of their first grant (or of a unit they head).
    starts = [unit for _role, unit in active] + sorted(headed)
    return Reach(True, visible, roles, headed, pemdas, home_code(starts[:1], units))


def home_code(starts: list[int], units: dict[int, tuple]) -> str | None:
    """The code of the pemda of the first unit in `starts` (itself, or an SKPD's)."""
    for pk in starts:
        level, _parent, code, parent_code = units.get(pk, ("", None, None, None))
        if level in Unit.PEMDA_LEVELS:
            return code
        if level == Unit.Level.SKPD:
            return parent_code
    return None


def read_subtrees(
    unit_ids: set[int], headed: frozenset[int] = frozenset()
) -> tuple[dict[int, set[int]], dict[int, tuple[str, int | None, str, str | None]]]:
    """Each unit's id with the ids below it ({unit: {ids}}), and (level, parent id,
    code, parent's code) of every one of them and of the `headed` units: one query,
    the tree being at most skpd.scopes.TREE_DEPTH deep."""
    if not unit_ids and not headed:
        return {}, {}
    condition = subtree_q(unit_ids) if unit_ids else Q(pk__in=[])
    rows = Unit.objects.filter(condition | Q(pk__in=sorted(headed))).values_list(
        "pk",
        "level",
        "code",
        "parent__code",
        "parent_id",
        "parent__parent_id",
        "parent__parent__parent_id",
    )
    subtrees: dict[int, set[int]] = {unit: set() for unit in unit_ids}
    units = {}
    for pk, level, code, parent_code, *above in rows:
        units[pk] = (level, above[0], code, parent_code)
        for root in (pk, *above):
            if root in subtrees:
                subtrees[root].add(pk)
    return subtrees, units


def subtree_q(unit_ids: set[int] | frozenset[int], prefix: str = "") -> Q:
    """A filter for these units and every unit below them; `prefix` is the path from
    the model filtered to its unit (e.g. "owner__"), empty for Unit itself."""
    ids = sorted(unit_ids)
    condition = Q(**{f"{prefix}in" if prefix else "pk__in": ids})
    for depth in range(1, 4):
        condition |= Q(**{f"{prefix}{'parent__' * depth}in": ids})
    return condition


def pemdas_of(units: frozenset[int], known: dict[int, tuple]) -> frozenset[int]:
    """The pemda among these units, and the pemda above each SKPD among them; `known`
    gives each unit's (level, parent id, …) as read_subtrees reads them."""
    pemdas = set()
    for pk in units:
        level, parent, *_rest = known.get(pk, ("", None))
        if level in Unit.PEMDA_LEVELS:
            pemdas.add(pk)
        elif level == Unit.Level.SKPD and parent is not None:
            pemdas.add(parent)
    return frozenset(pemdas)


def role_permissions() -> dict[int, frozenset[str]]:
    """Each role group's permissions ("app_label.codename"), read once per setup."""

    def read() -> dict[int, frozenset[str]]:
        rows = Group.permissions.through.objects.values_list(
            "group_id", "permission__content_type__app_label", "permission__codename"
        )
        found: dict[int, set[str]] = {}
        for group, app, codename in rows:
            found.setdefault(group, set()).add(f"{app}.{codename}")
        return {group: frozenset(names) for group, names in found.items()}

    return versioned.cached_setup("role-permissions", read)


def visible_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """The units the user may open (see visible_unit_ids), as a query."""
    ids = visible_unit_ids(user)
    return Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)


def can_view_unit(user: User | AnonymousUser, unit: Unit) -> bool:
    visible_ids = visible_unit_ids(user)
    return visible_ids is None or unit.pk in visible_ids


def visible_unit_ids(user: User | AnonymousUser) -> set[int] | frozenset[int] | None:
    """The ids a user may open, or None for "all": the subtrees of the user's grants and
    the units they head (see Reach); cached until the setup version changes."""
    return reach(user).visible


def writable_unit_ids(
    user: User | AnonymousUser, permission: str
) -> set[int] | frozenset[int] | None:
    """The ids of the units where the user may use `permission` (e.g.
    "scores.change_score"), None for every unit, an empty set for none: the subtrees
    of the grants whose role holds it, and the units the user heads when any of their
    roles holds it (a head writes for their unit, as before grants). A user never
    granted keeps the rule from before grants: the permission reaches what they see."""
    if not user.is_authenticated or not user.has_perm(permission):
        return frozenset()
    found = reach(user)
    if not found.scoped or user.is_superuser:
        return found.visible
    holding = role_permissions()
    writable: set[int] = set(found.headed)
    for role, ids in found.roles:
        if permission in holding.get(role, ()):
            if ids is None:
                return None
            writable |= ids
    return writable


def can_write_unit(user: User | AnonymousUser, unit: Unit, permission: str) -> bool:
    """Whether the user may use `permission` for this unit (writable_unit_ids)."""
    writable = writable_unit_ids(user, permission)
    return writable is None or unit.pk in writable


def writable_unit_or_404(user: User | AnonymousUser, unit: Unit | None, permission: str) -> Unit:
    """The unit if the user may use `permission` for it; Http404 when it is None or out
    of the user's grants for that permission (rule 2: like a unit that does not exist)."""
    if unit is None or not can_write_unit(user, unit, permission):
        raise Http404
    return unit


def writable_units(user: User | AnonymousUser, permission: str) -> QuerySet[Unit]:
    """writable_unit_ids as a query (form choices, import lookups)."""
    ids = writable_unit_ids(user, permission)
    return Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)


def acts_nationally(user: User | AnonymousUser, permission: str) -> bool:
    """Whether the user may use `permission` for every unit: what a write that changes
    every pemda at once needs (a year lock, the year's catalogue, strategic issues)."""
    return user.is_authenticated and writable_unit_ids(user, permission) is None


def may_read_pemda(user: User | AnonymousUser, unit: Unit) -> bool:
    """Whether the user may open this pemda's dashboard and workbook: every pemda for
    users not limited by grants (as before grants, the dashboard shows any pemda to any
    role); else a pemda they see, or the pemda of an SKPD they see."""
    found = reach(user)
    return found.pemdas is None or unit.pk in found.pemdas


def pemda_or_404(user: User | AnonymousUser, unit: Unit | None) -> Unit | None:
    """The pemda (or None when none is set up) if the user may open its dashboard and
    workbook (may_read_pemda); Http404 otherwise, like a pemda that does not exist."""
    if unit is not None and not may_read_pemda(user, unit):
        raise Http404
    return unit


def heads_a_unit(user: User | AnonymousUser) -> bool:
    """Whether the user heads a unit (their pages tell them what heads see on purpose)."""
    return bool(reach(user).headed)


def home_pemda_code(user: User | AnonymousUser) -> str | None:
    """The pemda a user limited by grants starts on (their dashboard, grid, workbook);
    None for users who start on the installation's province."""
    return reach(user).home


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
