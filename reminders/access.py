"""Who may read the reminders app's pages (skpd.access's rule: the role's permission
decides, 403 before any lookup).

- The weekly coordination report reads what the workbook overview shows (every OPD's
  progress, rejected documents and their notes, the estimates), so whoever may open
  the overview may read it: the same permission, `workbook.access.VIEW_WORKBOOK`
  (Inspektorat, Pimpinan and SKPD heads alike).
- The timeline on the overview reads the year's calendar: `reminders.view_milestone`,
  which migration 0002 gives the Inspektorat, Pimpinan and SKPD heads.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from skpd.access import acts_nationally
from workbook.access import VIEW_WORKBOOK

VIEW_REPORT = VIEW_WORKBOOK
VIEW_CALENDAR = "reminders.view_milestone"
VIEW_OUTBOX = "reminders.view_outboxmail"


def calendar_writer_or_403(user: User | AnonymousUser, permission: str) -> None:
    """KPK's milestones and the internal deadlines before them are every pemda's (one
    calendar a year): only a role granted for every unit may change them, like a year
    lock or the catalogue (skpd.access.acts_nationally). PermissionDenied otherwise,
    decided from the user's grants alone (rule 1)."""
    if not acts_nationally(user, permission):
        raise PermissionDenied


def may_change_calendar(user: User | AnonymousUser, permission: str) -> bool:
    """Whether the calendar page offers the write `permission` names."""
    return acts_nationally(user, permission)


def may_read_outbox(user: User | AnonymousUser) -> bool:
    """The outbox holds every pemda's reminder mail and lists every unreachable head: a
    role granted for one pemda may not read it."""
    return acts_nationally(user, VIEW_OUTBOX)


def outbox_reader_or_403(user: User | AnonymousUser) -> None:
    """PermissionDenied unless may_read_outbox."""
    if not may_read_outbox(user):
        raise PermissionDenied
