"""Spreadsheet import: turn a file's rows into checked score changes (the preview),
keep them on the server, and apply them all or none through the services."""

import datetime
import difflib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scores import rules, services
from scores.models import ImportDraft, ImportEvent, Indicator, Score
from scores.transfer.cells import clean_text
from scores.transfer.spreadsheet import (
    CLEAR_MARKERS,
    LABELS_KEY,
    NOTES_KEY,
    PROBLEMS_KEY,
    Sheet,
    normalise_header,
)
from scores.values import (
    format_number,
    parse_value,
    validate_text,
    validate_value,
    validate_year,
)
from skpd.access import writable_units
from skpd.models import Unit

DRAFT_LIFETIME = datetime.timedelta(days=1)
PROGRESS_EVERY = 500  # rows between two progress reports of a background import
Progress = Callable[[int, int], None]
# scores.access.IMPORT_SCORES (which imports this module): the units a file may name.
IMPORT_PERMISSION = "scores.import_scores"
PREVIEW_REASON = "preview"  # any reason satisfies "final values need one" while checking
STATUS_WORDS = {
    "final": Score.Status.FINAL,
    "progress": Score.Status.PROGRESS,
    "sementara": Score.Status.PROGRESS,
    "provisional": Score.Status.PROGRESS,
    "progres": Score.Status.PROGRESS,
}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"]
# Month names and abbreviations as Indonesians and English speakers write them
# ("18 Januari 2024", "15 Nop 2024", "18 Jan 2024"), by their first three letters, with
# the old spellings Pebruari and Nopember.
MONTHS = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "dec": 12,
}
WRITTEN_DATE = re.compile(r"(?:[a-z]+,\s*)?([0-9]{1,2})[\s\-]+([a-z]+)\.?[\s\-]+([0-9]{4})")
# A year written from a float column: 2025.0 or 2025,0.
YEAR_TEXT = re.compile(r"([0-9]{4})(?:[.,]0+)?")
SUGGESTIONS = 3
MAX_TEXT = {"source": 255}
FIELD_LABELS = {
    "value": gettext_lazy("value"),
    "status": gettext_lazy("status"),
    "as_of": gettext_lazy("as of"),
    "source": gettext_lazy("source"),
    "note": gettext_lazy("note"),
    "target": gettext_lazy("target"),
}
# Which column a service refusal concerns, for the preview's "column" cell.
ERROR_COLUMNS = {
    "out_of_range": "value",
    "too_precise": "value",
    "invalid": "value",
    "outside_framework": "indicator",
    "year_locked": "year",
    "year_out_of_range": "year",
}


@dataclass
class RowProblem:
    column: str  # the header text as the file wrote it
    message: str


@dataclass(slots=True)
class PlanRow:
    line: int
    cells: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)
    # Few rows carry notes: a shared empty tuple keeps 10 000 rows from holding
    # 10 000 empty lists (make bench measures the preview's memory).
    notes: tuple[RowProblem, ...] = ()
    change: services.ScoreChange | None = None
    check: services.ScoreChangeCheck | None = None

    @property
    def kind(self) -> str:
        if self.problems or self.check is None:
            return "rejected"
        return self.check.kind

    def shown_value(self) -> str:
        change = self.check.change
        return format_number(change.value, change.indicator.decimals)

    def differences(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) as the preview shows them."""
        decimals = self.check.change.indicator.decimals
        return [
            (str(FIELD_LABELS[name]), shown(old, decimals), shown(new, decimals))
            for name, old, new in self.check.differences()
        ]

    def kept(self) -> list[tuple[str, str]]:
        """(field label, stored value shown) of each stored optional value that an empty
        cell of this row leaves as it is."""
        score = self.check.score if self.check else None
        if score is None:
            return []
        found = []
        for name in ("status", "as_of", "source", "note"):
            if self.cells.get(name, "").strip() or getattr(score, name) in (None, ""):
                continue
            if name == "status" and "status" not in self.cells:
                continue
            found.append((str(FIELD_LABELS[name]), shown(getattr(score, name), 0)))
        return found


def shown(value, decimals: int) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return format_number(value, decimals)
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if value in Score.Status.values:
        return str(Score.Status(value).label)
    return str(value)


@dataclass
class Plan:
    file_name: str
    rows: list[PlanRow]
    headers: dict[str, str]
    ignored_headers: list[str]
    unknown_units: list[str]
    unknown_indicators: list[str]
    notes: list[str] = field(default_factory=list)
    sheet_name: str = ""
    other_sheets: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[PlanRow]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(["new", "changed", "unchanged", "rejected"], 0)
        for row in self.rows:
            counts[row.kind] += 1
        return counts

    @property
    def changes(self) -> list[services.ScoreChange]:
        return [row.change for row in self.rows if row.change is not None]

    @property
    def has_problems(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def can_apply(self) -> bool:
        counts = self.counts
        return counts["rejected"] == 0 and counts["new"] + counts["changed"] > 0


class Lookup:
    """Units (by code or exact name) the user may import for (skpd.access: within their
    grants; a row naming another unit is refused as an unknown one, with its row
    number), and indicators (by code or name)."""

    def __init__(self, user: User):
        units = list(writable_units(user, IMPORT_PERMISSION).select_related("parent"))
        indicators = list(Indicator.objects.select_related("parent"))
        self.units: dict[str, Unit] = unique_names(units)
        # Codes are written last so that a name never hides another unit's code.
        self.units |= {fold(unit.code): unit for unit in units}
        self.unit_names = sorted({unit.name for unit in units} | {unit.code for unit in units})
        self.indicators: dict[str, Indicator] = {
            fold(getattr(indicator, attribute)): indicator
            for attribute in ("name_en", "name_id", "code")
            for indicator in indicators
        }


def unique_names(units: list[Unit]) -> dict[str, Unit]:
    """Units by name or short name, leaving out any name two units share ("Dinas
    Kesehatan" of several pemda): such a row must say which by its code."""
    by_name: dict[str, Unit] = {}
    shared: set[str] = set()
    for attribute in ("short_name", "name"):
        for unit in units:
            key = fold(getattr(unit, attribute))
            if not key:
                continue
            if by_name.get(key, unit) != unit:
                shared.add(key)
            by_name[key] = unit
    return {key: unit for key, unit in by_name.items() if key not in shared}


def fold(text: str) -> str:
    return " ".join(clean_text(text).split()).casefold()


def indicator_labels() -> dict[str, str]:
    """The header labels a wide sheet may give an indicator's column, normalised as
    spreadsheet.normalise_header does: its code, Indonesian and English names, and the
    short name after "mcp." (PBJ, ASN, APIP). A label two indicators share is left out."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for code, name_id, name_en in Indicator.objects.values_list("code", "name_id", "name_en"):
        for text in {code, name_id, name_en, code.rsplit(".", 1)[-1]}:
            label = normalise_header(text)
            if not label:
                continue
            if found.get(label, code) != code:
                shared.add(label)
            found[label] = code
    return {label: code for label, code in found.items() if label not in shared}


def draft_save(*, sheet: Sheet, file_name: str, by: User) -> ImportDraft:
    """Keep the rows for the preview and Apply; the user's older previews go."""
    now = timezone.now()
    ImportDraft.objects.filter(created_by=by).delete()
    ImportDraft.objects.filter(created_at__lt=now - DRAFT_LIFETIME).delete()
    return ImportDraft.objects.create(
        token=uuid.uuid4(),
        file_name=file_name[:255],
        created_by=by,
        created_at=now,
        rows={
            "headers": sheet.headers,
            "ignored_headers": sheet.ignored_headers,
            "rows": sheet.rows,
            "notes": sheet.notes,
            "sheet_name": sheet.sheet_name,
            "other_sheets": sheet.other_sheets,
        },
    )


def draft_row_count(draft: ImportDraft) -> int:
    """How many data rows the preview holds (the threshold of a background Apply)."""
    return len(draft.rows["rows"])


def draft_for(token: uuid.UUID, user: User, *, for_update: bool = False) -> ImportDraft | None:
    drafts = ImportDraft.objects.filter(
        token=token, created_by=user, created_at__gte=timezone.now() - DRAFT_LIFETIME
    )
    if for_update:
        drafts = drafts.select_for_update()
    return drafts.first()


def build_plan(
    draft: ImportDraft, user: User, *, check: bool = True, progress: Progress | None = None
) -> Plan:
    """Read the stored rows into changes; `check` also runs the services' checks (the
    preview). Apply leaves those to the service that writes, which runs them anyway.
    `progress(rows read, rows)` is called every PROGRESS_EVERY rows (a background
    import's page shows it)."""
    stored = draft.rows
    headers = stored["headers"]
    lookup = Lookup(user)
    plan = Plan(
        file_name=draft.file_name,
        rows=[PlanRow(line=line, cells=cells) for line, cells in stored["rows"]],
        headers=headers,
        ignored_headers=stored["ignored_headers"],
        unknown_units=[],
        unknown_indicators=[],
        notes=stored.get("notes", []),
        sheet_name=stored.get("sheet_name", ""),
        other_sheets=stored.get("other_sheets", []),
    )
    first_line_of_key: dict[tuple[int, int, int], int] = {}
    changes, planned = [], []
    for number, row in enumerate(plan.rows):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, len(plan.rows))
        change = RowReader(row, headers, lookup, plan).change()
        if change is None:
            continue
        if change.key in first_line_of_key:
            row.problems.append(
                RowProblem(
                    column="",
                    message=_("Repeats the unit, indicator and year of row %(line)s.")
                    % {"line": first_line_of_key[change.key]},
                )
            )
            continue
        first_line_of_key[change.key] = row.line
        row.change = change
        changes.append(change)
        planned.append(row)
    if not check:
        return plan
    checks = services.scores_check_many(changes, reason=PREVIEW_REASON)
    for row, check in zip(planned, checks, strict=True):
        row.check = check
        for error in check.errors:
            name = ERROR_COLUMNS.get(error.code, "")
            column = (row.cells.get(LABELS_KEY) or {}).get(name) or headers.get(name, "")
            row.problems.extend(RowProblem(column, message) for message in error.messages)
    return plan


class RowReader:
    """Reads one row's cells into a ScoreChange, noting each cell's problem."""

    def __init__(self, row: PlanRow, headers: dict[str, str], lookup: Lookup, plan: Plan):
        self.row, self.headers, self.lookup, self.plan = row, headers, lookup, plan

    def label(self, column: str) -> str:
        """The header a message names: a wide sheet's value cell has its column's."""
        labels = self.row.cells.get(LABELS_KEY) or {}
        return labels.get(column) or self.headers.get(column, column)

    def problem(self, column: str, message: str) -> None:
        self.row.problems.append(RowProblem(self.label(column), message))

    def text(self, column: str) -> str:
        return self.row.cells.get(column, "").strip()

    def cell_messages(self) -> None:
        """The reader's notes (a number rounded as shown) and problems (a formula not
        calculated, a number split by the separator) about this row's cells."""
        notes = self.row.cells.get(NOTES_KEY, [])
        if notes:
            self.row.notes = tuple(RowProblem(self.label(c), message) for c, message in notes)
        for column, message in self.row.cells.get(PROBLEMS_KEY, []):
            self.problem(column, message)

    def change(self) -> services.ScoreChange | None:
        self.cell_messages()
        if self.row.problems:
            return None
        unit = self.unit()
        indicator = self.indicator()
        year = self.year()
        value = self.number("value", indicator, required=True)
        target = self.number("target", indicator, required=False)
        status = self.status()
        as_of = self.as_of()
        texts = {name: self.free_text(name) for name in ("source", "note")}
        if self.row.problems:
            return None
        return services.ScoreChange(
            unit=unit,
            indicator=indicator,
            year=year,
            value=value,
            target=target,
            status=status,
            as_of=as_of,
            **texts,
        )

    def required(self, *columns: str) -> tuple[str, str] | None:
        """(column, text) of the first of these columns the file has and fills."""
        present = [column for column in columns if column in self.headers]
        for column in present:
            if self.text(column):
                return column, self.text(column)
        self.problem(present[0], _("This cell is empty."))
        return None

    def unit(self) -> Unit | None:
        found = self.required("unit", "unit_name")
        if found is None:
            return None
        column, text = found
        unit = self.lookup.units.get(fold(text))
        if unit is None:
            message = _(
                "Unknown unit “%(text)s”: use a code from the template’s second sheet."
            ) % {"text": text}
            close = difflib.get_close_matches(text, self.lookup.unit_names, SUGGESTIONS, 0.6)
            if close:
                message += " " + _("Did you mean: %(names)s?") % {
                    "names": ", ".join(f"“{name}”" for name in close)
                }
            self.problem(column, message)
            if text not in self.plan.unknown_units:
                self.plan.unknown_units.append(text)
        return unit

    def indicator(self) -> Indicator | None:
        found = self.required("indicator", "indicator_name")
        if found is None:
            return None
        column, text = found
        indicator = self.lookup.indicators.get(fold(text))
        if indicator is None:
            self.problem(
                column,
                _("Unknown indicator “%(text)s”: use a code from the template’s second sheet.")
                % {"text": text},
            )
            if text not in self.plan.unknown_indicators:
                self.plan.unknown_indicators.append(text)
        return indicator

    def year(self) -> int | None:
        found = self.required("year")
        if found is None:
            return None
        text = found[1]
        written = YEAR_TEXT.fullmatch(text)
        if written is None:
            self.problem("year", _("“%(text)s” is not a year.") % {"text": text})
            return None
        try:
            return validate_year(int(written.group(1)))
        except ValidationError as error:
            self.problem("year", " ".join(error.messages))
            return None

    def number(self, column: str, indicator: Indicator | None, *, required: bool):
        if required and self.required(column) is None:
            return None
        try:
            value = parse_value(self.text(column))
            if value is not None and indicator is not None:
                validate_value(indicator, value)
        except ValidationError as error:
            self.problem(column, " ".join(error.messages))
            return None
        return value

    def status(self) -> str | None:
        text = self.text("status")
        if not text:
            return None
        status = STATUS_WORDS.get(text.casefold())
        if status is None:
            self.problem(
                "status",
                _("Unknown status “%(text)s”: write final or progress (Final / Sementara).")
                % {"text": text},
            )
        return status

    def as_of(self) -> datetime.date | None | object:
        """UNSET (keep the stored date) for an empty cell; None (no date) for the
        clear marker."""
        text = self.text("as_of")
        if not text:
            return services.UNSET
        if text in CLEAR_MARKERS:
            return None
        found = parse_date(text)
        if found is None:
            self.problem(
                "as_of",
                _("“%(text)s” is not a date: write it like 18/01/2024 or 18 Januari 2024.")
                % {"text": text},
            )
        return found

    def free_text(self, column: str) -> str | None:
        """None (keep the stored text) for an empty cell; "" for the clear marker."""
        text = self.text(column)
        if not text:
            return None
        if text in CLEAR_MARKERS:
            return ""
        limit = MAX_TEXT.get(column)
        if limit is not None and len(text) > limit:
            self.problem(column, _("Longer than %(limit)s characters.") % {"limit": limit})
        try:
            validate_text(text)
        except ValidationError as error:
            self.problem(column, " ".join(error.messages))
        return text


def parse_date(text: str) -> datetime.date | None:
    """A date as Indonesians write it (18/01/2024, 18-01-2024, 18 Januari 2024,
    Kamis, 18 Jan 2024) or ISO 2024-01-18; None if it is none of these or no real day."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    written = WRITTEN_DATE.fullmatch(text.casefold())
    if written is None:
        return None
    day, month_name, year = written.groups()
    month = MONTHS.get(month_name[:3])
    if month is None:
        return None
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError:
        return None


def draft_mark_seen(draft: ImportDraft, plan: Plan) -> None:
    """Remember what this preview showed, so that Apply can tell if it went stale."""
    seen = rules.versions_fingerprint([row.check for row in plan.rows if row.check is not None])
    if draft.seen != seen:
        draft.seen = seen
        draft.save(update_fields=["seen"])


def apply_draft(
    token: uuid.UUID, user: User, *, progress: Progress | None = None
) -> ImportEvent | Plan | None:
    """Write the previewed rows, all or none. Returns the event; the plan when a row
    cannot be read any more (say, its unit was removed); None when the preview is gone.
    A refusal by the services (a value changed or the year was locked after the preview)
    raises ValidationError and rolls everything back. The same whether it runs in the
    request or as a background task (scores.tasks): the preview's versions are checked
    inside the one transaction that writes. `progress` as for build_plan."""
    with transaction.atomic():
        draft = draft_for(token, user, for_update=True)
        if draft is None:
            return None
        plan = build_plan(draft, user, check=False, progress=progress)
        if plan.has_problems:
            return plan
        event = services.import_apply(
            file_name=draft.file_name,
            changes=plan.changes,
            by=user,
            expected_fingerprint=draft.seen,
        )
        draft.delete()
        return event
