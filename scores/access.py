"""Who may use score entry, year locks, import and export, and which score cells and
import drafts a user may find: skpd.access's rule applied to scores.

The pages are refused by role with `role_required(<one of the permissions below>)`
(403, before anything is looked up); a cell or draft the user may not know of is
Http404, like one that does not exist.
"""

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from scores import selectors
from scores.models import ImportDraft, Indicator
from scores.transfer import imports
from skpd.access import (
    active_unit,
    acts_nationally,
    get_unit_for_user,
    home_pemda_code,
    role_required,
    unit_or_404,
    writable_unit_or_404,
)
from skpd.models import Unit

ENTER_SCORES = "scores.change_score"
LOCK_YEARS = "scores.add_yearlock"
UNLOCK_YEARS = "scores.delete_yearlock"
SET_TARGETS = "scores.change_target"
IMPORT_SCORES = "scores.import_scores"
EXPORT_SCORES = "scores.export_scores"

# Score entry is for inspectorate staff (and admins): others get 403, anonymous users
# the login page.
entry_staff_only = role_required(ENTER_SCORES)


def can_lock_years(user: User | AnonymousUser) -> bool:
    """Whether the entry pages offer to lock a year. A year lock holds every pemda's
    values of that year (scores.services.locks), so only a role granted for every unit
    may use it; an inspectorate granted one pemda may not (docs/architecture.md)."""
    return acts_nationally(user, LOCK_YEARS)


def can_unlock_years(user: User | AnonymousUser) -> bool:
    """Whether the entry pages offer to open a locked year again (as can_lock_years)."""
    return acts_nationally(user, UNLOCK_YEARS)


def national_or_403(user: User | AnonymousUser, permission: str) -> None:
    """PermissionDenied unless the user may use `permission` for every unit: for writes
    that change every pemda at once (year locks). Decided by the user's grants alone,
    before any object is looked up (rule 1)."""
    if not acts_nationally(user, permission):
        raise PermissionDenied


def grid_unit_for_user(user: User | AnonymousUser, code: str, *, write: bool) -> Unit | None:
    """The unit whose grid or sheet a page shows: the code given, else the user's own
    pemda (a user limited by grants), else the installation's province; None when no
    province is set up. Http404 when the user may not open it, or, for a `write`, may
    not enter scores for it (skpd.access's rule: like an unknown unit)."""
    code = code.strip() or home_pemda_code(user) or ""
    if code:
        unit = get_unit_for_user(user, code)
    else:
        province = selectors.province()
        if province is None:
            return None
        unit = unit_or_404(user, province)
    return writable_unit_or_404(user, unit, ENTER_SCORES) if write else unit


def can_set_targets(user: User | AnonymousUser) -> bool:
    """Whether the what-if simulator offers to save its values as targets."""
    return user.has_perm(SET_TARGETS)


def cell_for_user(
    user: User | AnonymousUser, key: str, *, write: bool = False
) -> tuple[str, Unit, Indicator]:
    """The kind ("s" score, "t" target), unit and indicator a cell key names
    ("<kind>-<unit id>-<indicator id>", as the `cellkey` converter admits).

    Http404 when the unit is unknown, retired or hidden from the user (for a `write`:
    out of the grants that let the user enter scores), or the indicator is unknown:
    all alike."""
    kind, unit_id, indicator_id = key.split("-")
    unit = unit_or_404(user, active_unit(int(unit_id)))
    if write:
        writable_unit_or_404(user, unit, ENTER_SCORES)
    indicator = selectors.indicators_by_pk().get(int(indicator_id))
    if indicator is None:
        raise Http404
    return kind, unit, indicator


def draft_for_user(user: User, token: uuid.UUID) -> ImportDraft:
    """The import draft with this token, uploaded by this user and not expired; Http404
    otherwise (another user's draft answers like an expired or unknown one)."""
    draft = imports.draft_for(token, user)
    if draft is None:
        raise Http404
    return draft
