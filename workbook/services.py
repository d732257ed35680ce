"""Every write to the workbook: catalogue, assignment, document states, files, values.

Keyword-only and atomic; each writes its history (simple-history, with who and why)
and raises the data version inside its transaction, so cached pages follow.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mcp_dashboard.lib import uploads
from pagecache import versioned
from scores.models import Indicator
from scores.values import validate_year
from skpd.access import can_view_unit
from skpd.models import Unit
from skpd.users import user_display_name
from skpd.versions import check_version, conflict
from workbook.models import (
    CatalogueEntry,
    DocumentFile,
    DocumentRecord,
    DocumentState,
    SubIndicatorValue,
)

S = DocumentState


def save_with_history(record, *, by: User | None, reason: str = "") -> None:
    """Check and save `record` with its history row (who, why), raising its version
    when it has one (records and values; catalogue entries are edited in the admin)."""
    if hasattr(record, "version"):
        record.version += 1
    record._history_user = by
    record._change_reason = reason[:4000]
    record.full_clean(validate_unique=False, validate_constraints=False)
    record.save()


# ---------------------------------------------------------------- document states


@dataclass(frozen=True)
class Step:
    """A move between states: who may make it (`reviewer`: the Inspektorat; otherwise
    the owner OPD), from which states, and whether it needs a note (read by the OPD)."""

    label: object
    sources: tuple[str, ...]
    target: str
    reviewer: bool
    needs_note: bool = False


STEPS: dict[str, Step] = {
    "submit": Step(
        gettext_lazy("Submit"), (S.MISSING, S.RETURNED, S.REJECTED), S.SUBMITTED, False
    ),
    "return": Step(gettext_lazy("Return with a note"), (S.SUBMITTED,), S.RETURNED, True, True),
    "accept": Step(gettext_lazy("Ready to upload"), (S.SUBMITTED,), S.READY, True),
    "upload": Step(gettext_lazy("Uploaded to KPK"), (S.READY,), S.UPLOADED, True),
    "kpk-accept": Step(gettext_lazy("KPK accepted"), (S.UPLOADED,), S.ACCEPTED, True),
    "kpk-reject": Step(
        gettext_lazy("KPK rejected"), (S.UPLOADED, S.ACCEPTED), S.REJECTED, True, True
    ),
}
REVIEW_STEPS = [name for name, step in STEPS.items() if step.reviewer]


@transaction.atomic
def document_step(
    *,
    record: DocumentRecord,
    step: str,
    by: User | None,
    note: str = "",
    expected_version: int | None = None,
) -> DocumentRecord:
    """Move a document to its next state (STEPS); ValidationError when the step is
    unknown, not allowed from the current state, lacks a needed note, or submits a
    document with no file, and ("conflict") when expected_version, the version the
    page showed, is not the stored one. The note is kept on the record for the OPD."""
    move = STEPS.get(step)
    if move is None:
        raise ValidationError(_("Choose a valid step."), code="bad_step")
    note = note.strip()
    if move.needs_note and not note:
        raise ValidationError(
            _("Write the note: the OPD reads it to repair the document."), code="note_required"
        )
    record = locked_record(record, expected_version)
    if record.state not in move.sources:
        raise ValidationError(
            _("This document is “%(state)s”: that step is not possible now.")
            % {"state": record.get_state_display()},
            code="wrong_state",
        )
    if step == "submit" and not record.files.exists():
        raise ValidationError(_("Upload a file before submitting."), code="no_file")
    now = timezone.now()
    record.state = move.target
    record.state_changed_at = now
    record.state_changed_by = by
    if step == "submit":
        record.submitted_at = now
    # A returned or rejected document keeps its note until the next one replaces it.
    if note or move.target in (S.SUBMITTED, S.READY, S.UPLOADED, S.ACCEPTED):
        record.note = note
    save_with_history(record, by=by, reason=note or str(move.label))
    versioned.invalidate()
    return record


@transaction.atomic
def document_file_upload(
    *,
    record: DocumentRecord,
    uploaded: UploadedFile,
    by: User | None,
    expected_version: int | None = None,
) -> DocumentFile:
    """Check the file by its content (mcp_dashboard.lib.uploads' rules), store it under a
    generated name and attach it, raising the record's version (a reviewer's page that
    showed fewer files is then stale). Refused once the document is with the
    Inspektorat or KPK, and ("conflict") from a page read at another version."""
    kind = uploads.check_upload(uploaded)
    record = locked_record(record, expected_version)
    if record.state not in (S.MISSING, S.RETURNED, S.REJECTED):
        raise ValidationError(
            _("This document is “%(state)s”: files can be added when it is back with the OPD.")
            % {"state": record.get_state_display()},
            code="wrong_state",
        )
    stored_name = uploads.store(uploaded, kind)
    try:
        attached = DocumentFile(
            record=record,
            original_name=uploads.upload_name(uploaded.name, kind),
            stored_name=stored_name,
            content_type=kind.content_type,
            size=uploaded.size,
            uploaded_by=by,
        )
        attached.full_clean()
        attached.save()
        save_with_history(
            record, by=by, reason=_("File attached: %(file)s") % {"file": attached.original_name}
        )
    except Exception:
        uploads.remove(stored_name)
        raise
    versioned.invalidate()
    return attached


def locked_record(record: DocumentRecord, expected_version: int | None) -> DocumentRecord:
    """The stored record under its row lock, after the version check."""
    stored = DocumentRecord.objects.select_for_update().get(pk=record.pk)
    check_version(stored, expected_version, record_now)
    return stored


def record_now(record: DocumentRecord) -> str:
    """What a document says now, for a conflict message: its state and owner OPD."""
    owner = record.owner.display_name if record.owner_id else "–"
    return f"{record.document.name}: {record.get_state_display()} · {owner}"


# ---------------------------------------------------------------- assignment


@transaction.atomic
def documents_open(*, pemda: Unit, year: int, by: User | None) -> int:
    """Create the pemda's records for every current document of the year's catalogue
    that applies to it, owned by the document's (or its sub-indicator's) default owner
    as a suggestion. Returns how many were created; existing records are left alone."""
    validate_year(year)
    existing = set(
        DocumentRecord.objects.filter(pemda=pemda, document__year=year).values_list(
            "document_id", flat=True
        )
    )
    documents = (
        CatalogueEntry.objects.of_year(year)
        .current()
        .applying_to(pemda)
        .filter(level=CatalogueEntry.Level.DOCUMENT)
        .exclude(pk__in=existing)
        .select_related("parent")
    )
    created = [
        DocumentRecord(
            pemda=pemda,
            document=document,
            owner_id=document.default_owner_id or document.parent.default_owner_id,
        )
        for document in documents
    ]
    for record in created:
        save_with_history(record, by=by, reason=_("Opened in the workbook"))
    if created:
        versioned.invalidate()
    return len(created)


# document_assign's due_date when the caller leaves the due date as it is.
KEEP = object()


@transaction.atomic
def document_assign(
    *,
    record: DocumentRecord,
    by: User | None,
    owner: Unit | None,
    supporting_units: Iterable[Unit] = (),
    person_in_charge: str = "",
    person_in_charge_user: User | None = None,
    due_date: datetime.date | None | object = KEEP,
    expected_version: int | None = None,
) -> DocumentRecord:
    """Set a document's owner OPD, supporting OPDs, person in charge (a name of at most
    120 characters, and the account that gets the reminder digest, if any) and, when
    given, its own due date (None: the calendar's). ValidationError ("conflict") when
    expected_version is not the stored one, ("hidden-unit") when the account may not
    see the owner OPD (issue 15: no mail about a unit the recipient may not see),
    ("too_long") for a longer name (refused, never cut), ("not_an_opd") for an OPD of
    another pemda."""
    name = person_in_charge.strip()
    check_person_in_charge_name(name)
    check_opd(owner, record.pemda)
    check_person_in_charge(person_in_charge_user, owner)
    supporting = list(supporting_units)
    for unit in supporting:
        check_opd(unit, record.pemda)
    record = locked_record(record, expected_version)
    record.owner = owner
    record.person_in_charge = name
    record.person_in_charge_user = person_in_charge_user
    if due_date is not KEEP:
        record.due_date = due_date
    save_with_history(record, by=by, reason=_("Assigned"))
    record.supporting_units.set(supporting)
    versioned.invalidate()
    return record


@transaction.atomic
def documents_assign_area(
    *,
    pemda: Unit,
    year: int,
    area: Indicator,
    owner: Unit,
    by: User | None,
    expected_fingerprint: int | None = None,
) -> int:
    """Give every document of an area (for this pemda and year) to one owner OPD.
    Returns how many changed. ValidationError ("conflict") when expected_fingerprint,
    the area_fingerprints() value the page showed, is not the stored one: some
    document of the area changed since (the message names the latest change)."""
    check_opd(owner, pemda)
    records = list(
        # Only the records are locked: the owner is a nullable (outer) join.
        DocumentRecord.objects.select_for_update(of=("self",))
        .filter(pemda=pemda, document__year=year, document__area=area)
        .select_related("document", "owner")
    )
    if expected_fingerprint is not None and expected_fingerprint != sum(
        record.version for record in records
    ):
        raise area_conflict(records)
    changed = 0
    for record in records:
        if record.owner_id != owner.pk:
            record.owner = owner
            save_with_history(record, by=by, reason=_("Assigned by area"))
            changed += 1
    if changed:
        versioned.invalidate()
    return changed


PERSON_IN_CHARGE_MAX = 120  # DocumentRecord.person_in_charge's max_length


def check_person_in_charge_name(name: str) -> None:
    """ValidationError ("too_long") for a name longer than the field holds: refused
    with a message rather than stored cut short."""
    if len(name) > PERSON_IN_CHARGE_MAX:
        raise ValidationError(
            _("The person in charge's name may be at most %(max)s characters; it has %(count)s.")
            % {"max": PERSON_IN_CHARGE_MAX, "count": len(name)},
            code="too_long",
        )


def check_person_in_charge(user: User | None, owner: Unit | None) -> None:
    """A person in charge's account must be active and see the owner OPD (skpd.access);
    ValidationError otherwise."""
    if user is None:
        return
    if owner is None or not user.is_active or not can_view_unit(user, owner):
        raise ValidationError(
            _("%(name)s may not see this OPD, so cannot be its person in charge.")
            % {"name": user_display_name(user)},
            code="hidden-unit",
        )


def area_conflict(records: list[DocumentRecord]) -> ValidationError:
    """The refusal of a bulk assignment from a stale page, naming the area's latest
    change (who, when, what that document says now)."""
    by_pk = {record.pk: record for record in records}
    newest = DocumentRecord.history.filter(id__in=by_pk).order_by("-history_date").first()
    if newest is None:
        return ValidationError(
            _("This page is out of date. Reload it and save again."), code="conflict"
        )
    record = by_pk[newest.id]
    return conflict(record, record_now(record))


def area_fingerprints(pemda: Unit, year: int) -> dict[int, int]:
    """Per MCP area (Indicator pk), the sum of the versions of the pemda's documents of
    the year: every write raises a record's version and none is deleted, so any change
    to an area since a page was read makes its sum larger. One query."""
    rows = (
        DocumentRecord.objects.filter(pemda=pemda, document__year=year)
        .values("document__area")
        .annotate(total=Sum("version"))
    )
    return {row["document__area"]: row["total"] or 0 for row in rows}


def check_opd(unit: Unit | None, pemda: Unit) -> None:
    if unit is not None and (unit.parent_id != pemda.pk or unit.level != Unit.Level.SKPD):
        raise ValidationError(
            _("%(unit)s is not an OPD of %(pemda)s.") % {"unit": unit, "pemda": pemda},
            code="not_an_opd",
        )


# ---------------------------------------------------------------- values


HUNDRED = Decimal(100)


def check_value(value: Decimal | None) -> None:
    if value is not None and not (0 <= value <= HUNDRED):
        raise ValidationError(
            _("A sub-indicator's value lies between 0 and 100; %(value)s does not.")
            % {"value": value},
            code="out_of_range",
        )


@transaction.atomic
def sub_indicator_value_set(
    *,
    pemda: Unit,
    sub_indicator: CatalogueEntry,
    by: User | None,
    value: Decimal | None,
    verified_value: Decimal | None,
    reported_on=None,
    verified_on=None,
    source: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> SubIndicatorValue:
    """Record the self-assessed value (nilai) and the verified value (nilai
    verifikasi), each 0–100 or None; ValidationError outside the range, and
    ("conflict") when expected_version (0 for a value not yet recorded) is not the
    stored one."""
    if sub_indicator.level != CatalogueEntry.Level.SUB_INDICATOR:
        raise ValidationError(_("Values belong to sub-indicators."), code="not_sub_indicator")
    check_value(value)
    check_value(verified_value)
    row, _created = SubIndicatorValue.objects.select_for_update().get_or_create(
        pemda=pemda, sub_indicator=sub_indicator
    )
    check_version(row, expected_version, value_now)
    new = (value, verified_value, reported_on, verified_on, source[:255])
    old = (row.value, row.verified_value, row.reported_on, row.verified_on, row.source)
    if new == old and not _created:
        return row
    row.value, row.verified_value, row.reported_on, row.verified_on, row.source = new
    row.updated_by = by
    row.updated_at = timezone.now()
    save_with_history(row, by=by, reason=reason)
    versioned.invalidate()
    return row


def value_now(row: SubIndicatorValue) -> str:
    """What a value row says now, for a conflict message."""
    return _("value %(value)s, verified %(verified)s") % {
        "value": "–" if row.value is None else formats.number_format(row.value, 2),
        "verified": "–"
        if row.verified_value is None
        else formats.number_format(row.verified_value, 2),
    }


def sub_indicator_self_assess(
    *,
    pemda: Unit,
    sub_indicator: CatalogueEntry,
    by: User | None,
    value: Decimal | None,
    expected_version: int | None = None,
) -> SubIndicatorValue:
    """The OPD's self-assessed value (nilai) of a sub-indicator entered on its page,
    0–100 or None to clear it; the verified value and its date stay as they are. The
    report date becomes today. ValidationError outside 0–100."""
    return value_update(
        pemda=pemda,
        sub_indicator=sub_indicator,
        by=by,
        reason=_("Self-assessed value entered"),
        expected_version=expected_version,
        value=value,
        reported_on=timezone.localdate() if value is not None else None,
    )


def sub_indicator_verify(
    *,
    pemda: Unit,
    sub_indicator: CatalogueEntry,
    by: User | None,
    verified_value: Decimal | None,
    expected_version: int | None = None,
) -> SubIndicatorValue:
    """KPK's verified value (nilai verifikasi) of a sub-indicator as the Inspektorat
    records it, 0–100 or None to clear it; the self-assessed value stays. The
    verification date becomes today. ValidationError outside 0–100."""
    return value_update(
        pemda=pemda,
        sub_indicator=sub_indicator,
        by=by,
        reason=_("Verified value entered"),
        expected_version=expected_version,
        verified_value=verified_value,
        verified_on=timezone.localdate() if verified_value is not None else None,
    )


@transaction.atomic
def value_update(
    *,
    pemda: Unit,
    sub_indicator: CatalogueEntry,
    by: User | None,
    reason: str,
    expected_version: int | None = None,
    **changes,
) -> SubIndicatorValue:
    """Change some fields of a sub-indicator's values, keeping the others (the row is
    locked first, so two entries at once do not undo each other); a stale
    `expected_version` is refused as in sub_indicator_value_set."""
    row = (
        SubIndicatorValue.objects.select_for_update()
        .filter(pemda=pemda, sub_indicator=sub_indicator)
        .first()
    )
    fields = {
        "value": row and row.value,
        "verified_value": row and row.verified_value,
        "reported_on": row and row.reported_on,
        "verified_on": row and row.verified_on,
        # An imported row keeps naming its file; the history says who typed what.
        "source": (row and row.source) or _("Entered in the MCP workbook"),
    }
    fields.update(changes)
    return sub_indicator_value_set(
        pemda=pemda,
        sub_indicator=sub_indicator,
        by=by,
        reason=reason,
        expected_version=expected_version,
        **fields,
    )


# ---------------------------------------------------------------- the catalogue

LEVEL_ORDER = [
    CatalogueEntry.Level.AREA,
    CatalogueEntry.Level.INDICATOR,
    CatalogueEntry.Level.SUB_INDICATOR,
    CatalogueEntry.Level.DOCUMENT,
]


@transaction.atomic
def catalogue_apply(*, plan, by: User | None, reason: str, is_demo: bool = False) -> dict:
    """Write a catalogue plan (workbook.catalogue.build_plan) whole or not at all: new
    entries created, changed ones updated, dropped ones retired (never deleted: their
    history, records and files stay), returning ones restored. Pemda that have opened
    the year get the new documents. Returns the plan's counts; ValidationError when the
    plan has errors."""
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing was imported."), code="errors")
    if not plan.wanted:
        # An empty plan would retire the whole year.
        raise ValidationError(_("The file has no catalogue rows."), code="empty")
    validate_year(plan.year)
    existing = {
        (e.level, e.code): e
        for e in CatalogueEntry.objects.select_for_update().filter(year=plan.year)
    }
    ordered = sorted(plan.wanted.values(), key=lambda w: LEVEL_ORDER.index(w.level))
    for wanted in ordered:
        entry = existing.get((wanted.level, wanted.code))
        fresh = entry is None
        if fresh:
            entry = CatalogueEntry(year=plan.year, level=wanted.level, code=wanted.code)
            entry.is_demo = is_demo
        elif wanted.level == CatalogueEntry.Level.AREA:
            if entry.retired_at is not None:
                entry.retired_at = None
                save_with_history(entry, by=by, reason=reason)
            continue
        before = entry_fields(entry) if not fresh else None
        entry.name, entry.area_id = wanted.name, wanted.area_id
        entry.parent = existing[wanted.parent] if wanted.parent else None
        if wanted.level != CatalogueEntry.Level.AREA:
            entry.weight = wanted.weight
            entry.applies_to, entry.default_owner_id = wanted.applies_to, wanted.default_owner_id
        if fresh or before != entry_fields(entry) or entry.retired_at is not None:
            entry.retired_at = None
            save_with_history(entry, by=by, reason=reason)
        existing[(wanted.level, wanted.code)] = entry
    now = timezone.now()
    for key, entry in existing.items():
        if key not in plan.wanted and entry.level != "area" and entry.retired_at is None:
            entry.retired_at = now
            save_with_history(entry, by=by, reason=reason)
    pemda_ids = set(
        DocumentRecord.objects.filter(document__year=plan.year).values_list("pemda", flat=True)
    )
    for pemda in Unit.objects.filter(pk__in=pemda_ids):
        documents_open(pemda=pemda, year=plan.year, by=by)
    versioned.invalidate()
    return plan.counts


def entry_fields(entry: CatalogueEntry) -> tuple:
    weight = None if entry.weight is None else Decimal(entry.weight)
    return (entry.name, entry.area_id, entry.parent_id, weight, entry.applies_to,
            entry.default_owner_id)  # fmt: skip


@transaction.atomic
def catalogue_entry_save(*, entry: CatalogueEntry, by: User | None) -> CatalogueEntry:
    """The admin's edit of one catalogue entry."""
    validate_year(entry.year)
    save_with_history(entry, by=by, reason=_("Edited"))
    versioned.invalidate()
    return entry


# ---------------------------------------------------------------- KPK's extract


@transaction.atomic
def jaga_apply(*, plan, by: User | None, reason: str) -> dict:
    """Write an extract plan (workbook.jaga.build_plan) whole or not at all: the
    catalogue entries the year lacks, the weights the extract gives (a retired entry it
    names comes back), and each pemda's values with their dates. Returns the plan's
    counts; ValidationError when the plan has errors or matched no pemda."""
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing was imported."), code="errors")
    if not plan.values:
        raise ValidationError(_("No row of the file matches a pemda."), code="empty")
    validate_year(plan.year)
    counts = plan.counts
    stored: dict[tuple[str, str], CatalogueEntry] = {}
    for planned in sorted(plan.entries.values(), key=lambda p: LEVEL_ORDER.index(p.level)):
        key = (planned.level, planned.code)
        action = planned.action
        entry = planned.entry or CatalogueEntry(
            year=plan.year,
            level=planned.level,
            code=planned.code,
            name=planned.name[:500],
            area_id=planned.area_id,
            parent=stored[planned.parent] if planned.parent else None,
        )
        if action != "unchanged":
            if planned.weight is not None:
                entry.weight = planned.weight
            entry.retired_at = None
            save_with_history(entry, by=by, reason=reason)
        stored[key] = entry
    for planned_value in plan.values.values():
        if planned_value.action == "unchanged":
            continue
        sub_indicator_value_set(
            pemda=planned_value.pemda,
            sub_indicator=stored[planned_value.sub],
            by=by,
            value=planned_value.value,
            verified_value=planned_value.verified_value,
            reported_on=planned_value.reported_on,
            verified_on=planned_value.verified_on,
            source=reason,
            reason=reason,
        )
    versioned.invalidate()
    return counts
