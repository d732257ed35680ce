"""What staff typed, turned into calls of the score services.

The same reading serves a grid cell saved by htmx, the whole grid saved without
JavaScript, and the per-unit form. Field names carry the cell's key
(`v-s-<unit>-<indicator>` for a score's value, `v-t-…` for a target's).
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from scores import services
from scores.entry.grid import (
    DETAIL_FIELDS,
    KIND_TARGET,
    Cell,
    detailed_cell,
    fingerprint,
    load_cell,
)
from scores.models import Indicator, Score, Target
from scores.values import format_number, parse_value, validate_text
from skpd.models import Unit

MAX_DETAIL_LENGTH = {"source": 255, "note": 2000, "status": 16, "as_of": 32}
# The grid asks once, above the table, what status and source the values typed into
# its empty cells have (issue 16): without them a new value would be a final figure
# with no source, which the dashboard shows as official ("Sumber: –").
NEW_VALUE_FIELDS = ("new-status", "new-source")


@dataclass
class Submission:
    key: str
    text: str
    was: str
    version_text: str
    reason: str
    confirmed: bool
    details: dict[str, str] | None = None
    new_value: dict[str, str] | None = None  # the grid's status and source for new values

    @staticmethod
    def new_value_from(data: QueryDict) -> dict[str, str]:
        """The status and source chosen once above the grid for values typed (or pasted)
        into empty cells."""
        return {
            "status": data.get("new-status", "").strip(),
            "source": data.get("new-source", "").strip(),
        }

    @classmethod
    def from_data(
        cls, data: QueryDict, key: str, *, detailed: bool = False
    ) -> "Submission | None":
        """The cell's fields, or None when the form did not include that cell."""
        if f"v-{key}" not in data:
            return None
        details = new_value = None
        if detailed:
            kind = key.split("-", 1)[0]
            details = {name: data.get(f"{name}-{key}", "").strip() for name in DETAIL_FIELDS[kind]}
        else:
            new_value = cls.new_value_from(data)
        return cls(
            key=key,
            text=data.get(f"v-{key}", ""),
            was=data.get(f"was-{key}", ""),
            version_text=data.get(f"ver-{key}", ""),
            reason=(data.get(f"reason-{key}") or data.get("reason", ""))[:1000],
            confirmed=data.get(f"confirm-{key}") == "1",
            details=details,
            new_value=new_value,
        )

    @property
    def changed(self) -> bool:
        extras = self.details.values() if self.details is not None else ()
        return fingerprint(self.text, *extras) != self.was

    @property
    def clears(self) -> bool:
        """Whether the text means "no value": a removal, confirmed against the stored one
        (text that is no number at all is refused by the save)."""
        try:
            return parse_value(self.text) is None
        except ValidationError:
            return False

    def expected_version(self) -> int:
        try:
            version = int(self.version_text)
        except ValueError:
            version = -1
        if version < 0:
            raise ValidationError(
                _("This page is out of date. Reload it and enter the value again."),
                code="bad_version",
            )
        return version


def score_options(details: dict[str, str] | None) -> dict:
    """status, as_of, source and note for score_set, checked; empty when not submitted."""
    if details is None:
        return {}
    for name, text in details.items():
        if len(text) > MAX_DETAIL_LENGTH[name]:
            raise ValidationError(_("This text is too long."), code="too_long")
        validate_text(text)
    if details["status"] not in Score.Status.values:
        raise ValidationError(_("Choose a status."), code="invalid_status")
    as_of = forms.DateField(required=False).clean(details["as_of"])
    return {
        "status": details["status"],
        "as_of": as_of,
        "source": details["source"],
        "note": details["note"],
    }


def new_value_options(new_value: dict[str, str]) -> dict:
    """status and source for a score typed into an empty grid cell, from the choice made
    once above the grid: {"status": "final" | "progress", "source": str}.

    Raises ValidationError (codes "status_required", "source_required", "too_long") when
    no status is chosen, or a final value has no source: a final figure without a
    source would look official on the dashboard (issue 16). A provisional value needs
    none: it shows as provisional everywhere."""
    status, source = new_value["status"], new_value["source"]
    if status not in Score.Status.values:
        raise ValidationError(
            _("Choose above the grid whether new values are final or provisional."),
            code="status_required",
        )
    if len(source) > MAX_DETAIL_LENGTH["source"]:
        raise ValidationError(_("This text is too long."), code="too_long")
    validate_text(source)
    if status == Score.Status.FINAL and not source:
        raise ValidationError(
            _("A final value needs its source: name it above the grid, or choose provisional."),
            code="source_required",
        )
    return {"status": status, "source": source}


def confirm_removal(cell: Cell, submission: Submission) -> None:
    if not submission.confirmed:
        raise ValidationError(
            _("Remove %(value)s? Tick “Remove” to confirm; the history keeps the old value.")
            % {"value": format_number(cell.record.value, cell.indicator.decimals)},
            code="confirm_delete",
        )


def target_source(submission: Submission, *, is_new: bool) -> str | None:
    """The source of a target: the one given in the cell's details, else, for a target
    typed into an empty cell, the source chosen once above the grid (a target has no
    status, so the choice of final or provisional does not apply); None keeps the
    stored one. Raises ValidationError ("too_long") for a source longer than the field."""
    if submission.details:
        return submission.details["source"]
    if is_new and submission.new_value is not None:
        source = submission.new_value["source"]
        if len(source) > MAX_DETAIL_LENGTH["source"]:
            raise ValidationError(_("This text is too long."), code="too_long")
        return source or None
    return None


def apply(cell: Cell, submission: Submission, *, by: User) -> Score | Target | None:
    """Save one cell through the services; raises ValidationError with the user's message."""
    value = parse_value(submission.text)
    version = submission.expected_version()
    validate_text(submission.reason)
    where = {"unit": cell.unit, "indicator": cell.indicator, "year": cell.year, "by": by}
    if cell.kind == KIND_TARGET:
        if value is None and cell.record is not None:
            confirm_removal(cell, submission)
        source = target_source(submission, is_new=version == 0 and value is not None)
        validate_text(source or "")
        return services.target_set(
            **where, value=value, expected_version=version, source=source, reason=submission.reason
        )
    options = score_options(submission.details)
    if submission.new_value is not None and value is not None and version == 0:
        options = new_value_options(submission.new_value)
    if value is None:
        if cell.record is None:
            if options.get("source") or options.get("note") or options.get("as_of"):
                raise ValidationError(
                    _("Give a value, or leave the whole row empty."), code="value_required"
                )
            return None
        confirm_removal(cell, submission)
        services.score_delete(**where, expected_version=version, reason=submission.reason)
        return None
    return services.score_set(
        **where, value=value, expected_version=version, reason=submission.reason, **options
    )


def refused(cell: Cell, submission: Submission, error: ValidationError) -> Cell:
    """The cell as the user left it, with the message and what it waits for."""
    code = getattr(error, "code", "")
    cell.text = submission.text
    cell.was = submission.was
    cell.version = int(submission.version_text) if submission.version_text.isdigit() else 0
    cell.error = " ".join(error.messages)
    cell.reason = submission.reason
    cell.confirmed = submission.confirmed
    if submission.details is not None:
        cell.details = submission.details
    if code == "confirm_delete" or (code == "reason_required" and not submission.text.strip()):
        cell.prompt = "confirm"
    elif code == "reason_required":
        cell.prompt = "reason"
    return cell


def saved(cell: Cell, record: Score | Target | None) -> Cell:
    fresh = Cell(
        cell.unit,
        cell.indicator,
        cell.year,
        cell.kind,
        record,
        applies=cell.applies,
        editable=cell.editable,
        saved=True,
        row_number=cell.row_number,
        column_number=cell.column_number,
    )
    return detailed_cell(fresh) if cell.details is not None else fresh


def save_one(cell: Cell, submission: Submission, *, by: User) -> Cell:
    try:
        record = apply(cell, submission, by=by)
    except ValidationError as error:
        return refused(cell, submission, error)
    return saved(cell, record)


def save_cell(
    unit: Unit, indicator: Indicator, year: int, kind: str, submission: Submission, *, by: User
) -> Cell:
    """One cell saved on its own (htmx). The services read the stored value under lock
    anyway: it is read here beforehand only to confirm a removal, and afterwards only to
    show a refused save beside what the user typed, or an unchanged value (the service
    checks no year lock when it writes nothing, and a locked year's cell is read-only)."""
    if submission.clears:
        return save_one(load_cell(unit, indicator, year, kind), submission, by=by)
    unread = Cell(unit, indicator, year, kind, None)
    try:
        record = apply(unread, submission, by=by)
    except ValidationError as error:
        return refused(load_cell(unit, indicator, year, kind), submission, error)
    if record is not None and record.version == submission.expected_version():
        return saved(load_cell(unit, indicator, year, kind), record)
    return saved(unread, record)


def save_all(pairs: list[tuple[Cell, Submission]], *, by: User) -> tuple[int, list[Cell]]:
    """Save every changed cell in one transaction: all of them, or none and the errors."""
    failed = []
    with transaction.atomic():
        for cell, submission in pairs:
            try:
                apply(cell, submission, by=by)
            except ValidationError as error:
                failed.append(refused(cell, submission, error))
        if failed:
            transaction.set_rollback(True)
    if failed:
        for cell, submission in pairs:
            if not cell.error:
                kept(cell, submission)
    return (0 if failed else len(pairs)), failed


def kept(cell: Cell, submission: Submission) -> Cell:
    """A cell that would have saved but was rolled back with the others: it keeps
    what the user typed, so nothing typed is lost."""
    cell.text = submission.text
    cell.was = submission.was
    cell.version = int(submission.version_text) if submission.version_text.isdigit() else 0
    cell.reason = submission.reason
    cell.confirmed = submission.confirmed
    if submission.details is not None:
        cell.details = submission.details
    return cell


def changed_submissions(
    cells: list[Cell], data: QueryDict, *, detailed: bool = False
) -> list[tuple[Cell, Submission]]:
    pairs = []
    for cell in cells:
        if not (cell.applies and cell.editable):
            continue
        submission = Submission.from_data(data, cell.key, detailed=detailed)
        if submission is not None and submission.changed:
            pairs.append((cell, submission))
    return pairs
