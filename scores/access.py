"""Who may use score entry, year locks, import and export, and which score cells and
import drafts a user may find: skpd.access's rule applied to scores.

The pages are refused by role with `role_required(<one of the permissions below>)`
(403, before anything is looked up); a cell or draft the user may not know of is
Http404, like one that does not exist.
"""

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from scores import selectors
from scores.models import ImportDraft, Indicator
from scores.transfer import imports
from skpd.access import active_unit, role_required, unit_or_404
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
    """Whether the entry pages offer to lock a year."""
    return user.has_perm(LOCK_YEARS)


def can_unlock_years(user: User | AnonymousUser) -> bool:
    """Whether the entry pages offer to open a locked year again."""
    return user.has_perm(UNLOCK_YEARS)


def can_set_targets(user: User | AnonymousUser) -> bool:
    """Whether the what-if simulator offers to save its values as targets."""
    return user.has_perm(SET_TARGETS)


def cell_for_user(user: User | AnonymousUser, key: str) -> tuple[str, Unit, Indicator]:
    """The kind ("s" score, "t" target), unit and indicator a cell key names
    ("<kind>-<unit id>-<indicator id>", as the `cellkey` converter admits).

    Http404 when the unit is unknown, retired or hidden from the user, or the indicator
    is unknown: all alike."""
    kind, unit_id, indicator_id = key.split("-")
    unit = unit_or_404(user, active_unit(int(unit_id)))
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
