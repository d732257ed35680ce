"""Who may use the workbook pages, and which documents and OPDs a user may find:
skpd.access's rule applied to the workbook.

Pages are refused by role with `role_required(<a permission below>)` (403 before any
lookup). An OPD's documents are objects: another unit's document, file or OPD page is
Http404 for an SKPD head, exactly like one that does not exist. The overview's progress
table of all OPDs stays visible to every role that may open the workbook, as the SKPD
ranking is.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from skpd.access import (
    acts_nationally,
    get_unit_for_user,
    visible_unit_ids,
    writable_unit_ids,
    writable_unit_or_404,
)
from skpd.models import Unit
from workbook.models import DocumentFile, DocumentRecord

VIEW_WORKBOOK = "workbook.view_documentrecord"
SUBMIT_DOCUMENTS = "workbook.submit_document"
REVIEW_DOCUMENTS = "workbook.review_document"
IMPORT_CATALOGUE = "workbook.import_catalogue"


def page_offers(user: User | AnonymousUser) -> dict[str, bool]:
    """What the workbook's pages offer the user, as template flags."""
    return {
        "can_submit": user.has_perm(SUBMIT_DOCUMENTS),
        "can_review": user.has_perm(REVIEW_DOCUMENTS),
        "can_import": user.has_perm(IMPORT_CATALOGUE),
    }


def opd_for_user(user: User | AnonymousUser, code: str, permission: str | None = None) -> Unit:
    """An OPD (SKPD) the user may open (with a `permission`, a write: one the user's
    grants for it reach); Http404 for a unit that is not an OPD, does not exist or is
    out of reach."""
    unit = get_unit_for_user(user, code)
    if unit.level != Unit.Level.SKPD or unit.parent_id is None:
        raise Http404
    return unit if permission is None else writable_unit_or_404(user, unit, permission)


def pemda_for_writer(user: User | AnonymousUser, pemda: Unit, permission: str) -> Unit:
    """The pemda whose workbook a write changes, if the user's grants for `permission`
    reach it; Http404 otherwise (like a pemda that does not exist)."""
    return writable_unit_or_404(user, pemda, permission)


def catalogue_writer_or_403(user: User | AnonymousUser) -> None:
    """The year's catalogue is every pemda's: only a role granted for every unit may
    import it (PermissionDenied otherwise, from the user's grants alone: rule 1)."""
    if not acts_nationally(user, IMPORT_CATALOGUE):
        raise PermissionDenied


def jaga_pemdas(user: User | AnonymousUser) -> set[int] | frozenset[int] | None:
    """The pemda whose rows a KPK extract may carry for this user (None: any); a row of
    another pemda is refused with its row number (workbook.jaga.build_plan)."""
    return writable_unit_ids(user, IMPORT_CATALOGUE)


def record_for_user(
    user: User | AnonymousUser, pk: int, permission: str | None = None
) -> DocumentRecord:
    """A document of a unit the user may open (its owner), with its pemda and catalogue
    entry; with a `permission` (a write), of a unit the user's grants for it reach;
    Http404 otherwise."""
    units = visible_unit_ids(user) if permission is None else writable_unit_ids(user, permission)
    records = DocumentRecord.objects.visible_to(units).select_related(
        "pemda", "owner", "document", "document__parent"
    )
    return get_object_or_404(records, pk=pk)


def file_for_user(user: User | AnonymousUser, pk: int) -> DocumentFile:
    visible = visible_unit_ids(user)
    files = DocumentFile.objects.select_related("record")
    if visible is not None:
        files = files.filter(record__owner__in=visible)
    return get_object_or_404(files, pk=pk)
