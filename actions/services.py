"""Every write to strategic issues, action plans, progress notes and evidence."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import ActionPlan, Evidence, ProgressNote, StrategicIssue
from mcp_dashboard.lib import uploads
from scores.models import Indicator
from scores.values import validate_year
from skpd import versions
from skpd.models import Unit


def save_with_history(record, *, by: User | None, reason: str = "") -> None:
    """Check and save `record` with its history row (who, why), raising its version."""
    record._history_user = by
    record._change_reason = reason
    record.full_clean()
    record.version += 1
    record.save()


def check_version(record, expected_version: int | None) -> None:
    """Refuse a save based on a stale read, as the score grid does (skpd.versions, the
    one rule every app shares): record is the stored issue, plan or evidence, read under
    its row lock; expected_version the version the user's page showed, None when the
    caller does not check (the admin, commands). Raises ValidationError "conflict"
    naming who saved last, when, and what the record says now."""
    versions.check_version(record, expected_version, current_state)


def current_state(record) -> str:
    """What a record says now, in a few words, for a conflict message."""
    if isinstance(record, Evidence):
        return record.get_status_display()
    if isinstance(record, ActionPlan):
        return f"{record.title} · {record.get_status_display()}"
    return str(record)


def locked_and_checked(record, expected_version: int | None):
    """The stored row of `record`, locked for this transaction, after check_version;
    `record` (the changed copy) takes its version, so the save raises that one."""
    stored = type(record).objects.select_for_update().get(pk=record.pk)
    check_version(stored, expected_version)
    record.version = stored.version
    return stored


@transaction.atomic
def strategic_issue_save(
    *,
    issue: StrategicIssue,
    by: User | None,
    areas: Iterable[Indicator] | None = None,
    responsible_units: Iterable[Unit] | None = None,
    team_members: Iterable[User] | None = None,
    expected_version: int | None = None,
) -> StrategicIssue:
    """Create or change a strategic issue; None for a relation leaves it as it is.
    A change with expected_version is refused (ValidationError "conflict") when the
    stored issue has moved on since the page showed it."""
    validate_year(issue.year)
    if issue.pk is None:
        issue.created_by = by
    else:
        locked_and_checked(issue, expected_version)
    save_with_history(issue, by=by)
    if areas is not None:
        issue.areas.set(areas)
    if responsible_units is not None:
        issue.responsible_units.set(responsible_units)
    if team_members is not None:
        issue.team_members.set(team_members)
    return issue


@transaction.atomic
def action_plan_save(
    *, plan: ActionPlan, by: User | None, reason: str = "", expected_version: int | None = None
) -> ActionPlan:
    """Create or change an action plan (Inspektorat assigns and reviews). A change with
    expected_version is refused (ValidationError "conflict") when the stored plan has
    moved on since the page showed it."""
    validate_year(plan.year)
    if plan.area_id is None and plan.strategic_issue_id is None:
        raise ValidationError(
            _("Choose the MCP area or the strategic issue this plan serves."),
            code="no_area_or_issue",
        )
    if plan.pk is None:
        plan.created_by = by
    else:
        locked_and_checked(plan, expected_version)
    plan.updated_at = timezone.now()
    save_with_history(plan, by=by, reason=reason)
    return plan


@transaction.atomic
def action_plan_report_progress(
    *,
    plan: ActionPlan,
    by: User | None,
    text: str,
    status: str,
    noted_on: datetime.date | None = None,
) -> ProgressNote:
    """A progress note with its date, and the plan's new status (rencana/berjalan/selesai)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write what has been done."), code="empty_note")
    if status not in ActionPlan.Status.values:
        raise ValidationError(_("Choose a valid status."), code="bad_status")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    note = ProgressNote(
        plan=plan,
        text=text,
        status_after=status,
        noted_on=noted_on or timezone.localdate(),
        created_by=by,
    )
    note.full_clean()
    note.save()
    if plan.status != status:
        plan.status = status
        plan.updated_at = timezone.now()
        save_with_history(plan, by=by, reason=text)
    return note


@transaction.atomic
def evidence_upload(
    *,
    uploaded: UploadedFile,
    by: User | None,
    plan: ActionPlan | None = None,
    unit: Unit | None = None,
    year: int | None = None,
    area: Indicator | None = None,
    description: str = "",
) -> Evidence:
    """Check the file by its content, store it under a generated name, record it.

    Evidence for a plan counts for the plan's unit, year and area."""
    kind = uploads.check_upload(uploaded)
    original_name = uploads.upload_name(uploaded.name, kind)
    if plan is not None:
        unit, year, area = plan.unit, plan.year, plan.area
    if unit is None or year is None:
        raise ValidationError(_("Evidence belongs to an action plan or to a unit and year."))
    validate_year(year)
    stored_name = uploads.store(uploaded, kind)
    # A failed insert must not leave an orphan file behind.
    try:
        evidence = Evidence(
            plan=plan,
            unit=unit,
            year=year,
            area=area,
            description=description.strip()[:255],
            original_name=original_name,
            stored_name=stored_name,
            content_type=kind.content_type,
            size=uploaded.size,
            uploaded_by=by,
        )
        save_with_history(evidence, by=by, reason=_("Uploaded"))
    except Exception:
        uploads.remove(stored_name)
        raise
    return evidence


@transaction.atomic
def evidence_submit(*, evidence: Evidence, by: User | None) -> Evidence:
    """The uploader asks the inspectorate to verify a file."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.status != Evidence.Status.UPLOADED:
        raise ValidationError(
            _("Only an uploaded file that is not yet submitted can be sent for verification."),
            code="not_uploaded",
        )
    evidence.status = Evidence.Status.AWAITING
    save_with_history(evidence, by=by, reason=_("Sent for verification"))
    return evidence


@transaction.atomic
def evidence_verify(
    *,
    evidence: Evidence,
    by: User | None,
    status: str,
    comment: str = "",
    expected_version: int | None = None,
) -> Evidence:
    """The inspectorate's verdict; a request for revision must say what to revise. With
    expected_version, a verdict given on a page that showed an older state of the file
    (a colleague's verdict since) is refused with ValidationError "conflict"."""
    if status not in Evidence.Status.values:
        raise ValidationError(_("Choose a valid status."), code="bad_status")
    comment = comment.strip()
    if status == Evidence.Status.NEEDS_REVISION and not comment:
        raise ValidationError(
            _("Say what needs revising: the unit reads this comment."), code="comment_required"
        )
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    check_version(evidence, expected_version)
    evidence.status = status
    evidence.verifier_comment = comment
    evidence.verified_by = by
    evidence.verified_at = timezone.now()
    save_with_history(evidence, by=by, reason=comment)
    return evidence
