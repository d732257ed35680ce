"""Who may use the workbook pages, and which documents and OPDs a user may find:
skpd.access's rule applied to the workbook.

Pages are refused by role with `role_required(<a permission below>)` (403 before any
lookup). An OPD's documents are objects: another unit's document, file or OPD page is
Http404 for an SKPD head, exactly like one that does not exist. The overview's progress
table of all OPDs stays visible to every role that may open the workbook, as the SKPD
ranking is.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.shortcuts import get_object_or_404

from skpd.access import get_unit_for_user, visible_unit_ids
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


def opd_for_user(user: User | AnonymousUser, code: str) -> Unit:
    """An OPD (SKPD) the user may open; Http404 for a unit that is not an OPD, does not
    exist or is another unit's."""
    unit = get_unit_for_user(user, code)
    if unit.level != Unit.Level.SKPD or unit.parent_id is None:
        raise Http404
    return unit


def record_for_user(user: User | AnonymousUser, pk: int) -> DocumentRecord:
    """A document of a unit the user may open (its owner), with its pemda and catalogue
    entry; Http404 otherwise."""
    records = DocumentRecord.objects.visible_to(visible_unit_ids(user)).select_related(
        "pemda", "owner", "document", "document__parent"
    )
    return get_object_or_404(records, pk=pk)


def file_for_user(user: User | AnonymousUser, pk: int) -> DocumentFile:
    visible = visible_unit_ids(user)
    files = DocumentFile.objects.select_related("record")
    if visible is not None:
        files = files.filter(record__owner__in=visible)
    return get_object_or_404(files, pk=pk)
