"""Many scores at once (spreadsheet imports): the same rules as score_set and target_set
(scores.rules), with the locks, framework and stored values read once instead of once
per row."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from pagecache import versioned
from scores import rules
from scores.models import FrameworkArea, ImportEvent, Indicator, Score, Target, YearLock
from scores.rules import UNSET
from scores.services.locks import guard_years
from skpd.models import Unit
from skpd.scopes import write_scopes

SCORE_FIELDS = ("value", "status", "as_of", "source", "note")
WRITING = ("new", "changed")  # the kinds of check that write


@dataclass(frozen=True)
class ScoreChange:
    """One wanted score (and optionally target) for a unit, indicator and year.

    None for status, source or note and UNSET for as_of keep what is stored, as in
    score_set; target None leaves the target alone.
    """

    unit: Unit
    indicator: Indicator
    year: int
    value: Decimal
    status: str | None = None
    as_of: datetime.date | None | object = UNSET
    source: str | None = None
    note: str | None = None
    target: Decimal | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.unit.pk, self.indicator.pk, self.year)


@dataclass
class ScoreChangeCheck:
    """What a ScoreChange would do: its errors, or the fields it would write."""

    change: ScoreChange
    score: Score | None
    target: Target | None
    wanted: dict = field(default_factory=dict)
    # The last version of a deleted score or target with this key: numbering goes on.
    retired_score_version: int = 0
    retired_target_version: int = 0
    errors: list[ValidationError] = field(default_factory=list)

    @property
    def score_differs(self) -> bool:
        return rules.changes_anything(self.score, self.wanted)

    @property
    def target_differs(self) -> bool:
        wanted = self.change.target
        return wanted is not None and rules.changes_anything(self.target, {"value": wanted})

    @property
    def kind(self) -> str:
        if self.errors:
            return "rejected"
        if self.score is None:
            return "new"
        return "changed" if self.score_differs or self.target_differs else "unchanged"

    def differences(self) -> list[tuple[str, object, object]]:
        """(field, old, new) for each field that would change."""
        if self.score is None:
            return []
        found = [
            (name, getattr(self.score, name), value)
            for name, value in self.wanted.items()
            if getattr(self.score, name) != value
        ]
        if self.target_differs:
            found.append(
                ("target", self.target.value if self.target else None, self.change.target)
            )
        return found


@dataclass(frozen=True)
class ScoreChangeCounts:
    created: int
    changed: int
    unchanged: int


def scores_check_many(
    changes: list[ScoreChange], *, reason: str = "", for_update: bool = False
) -> list[ScoreChangeCheck]:
    """Check every change by score_set's rules without writing; a fixed number of
    queries whatever the number of changes. `for_update` locks the current rows."""
    context = _ManyContext.load(changes, for_update=for_update)
    return [context.check(change, reason) for change in changes]


@transaction.atomic
def scores_set_many(
    *, changes: list[ScoreChange], by: User | None, reason: str
) -> ScoreChangeCounts:
    """Write all changes or none: any refused change raises ValidationError listing every
    refusal. Unchanged rows write nothing; the history of the others carries `reason`."""
    checks = scores_check_many(changes, reason=reason, for_update=True)
    refuse_any(checks)
    try:
        return write_checked(checks=checks, by=by, reason=reason)
    except IntegrityError:
        raise ValidationError(
            _("Someone else saved some of these values in the meantime. Try again."),
            code="conflict",
        ) from None


def refuse_any(checks: list[ScoreChangeCheck]) -> None:
    """One ValidationError (code "refused") listing every refused change, if any is."""
    refused = [describe_refusal(check) for check in checks if check.errors]
    if refused:
        raise ValidationError(refused, code="refused")


def write_checked(
    *, checks: list[ScoreChangeCheck], by: User | None, reason: str
) -> ScoreChangeCounts:
    """Write what checks without errors want, in the caller's transaction: they must have
    been read by scores_check_many with for_update in it. Raises IntegrityError when
    another transaction inserted one of the new cells after that read (PostgreSQL's READ
    COMMITTED shows no row to lock until it commits); the inserts' savepoint is undone."""
    kinds = [check.kind for check in checks]  # before the writes below change the scores
    written = [
        check.change.unit for check, kind in zip(checks, kinds, strict=True) if kind in WRITING
    ]
    now = timezone.now()
    new_scores, changed_scores, new_targets, changed_targets = [], [], [], []
    for check in checks:
        if check.score_differs:
            score = check.score or Score(
                unit=check.change.unit,
                indicator=check.change.indicator,
                year=check.change.year,
                version=check.retired_score_version,
            )
            for name, value in check.wanted.items():
                setattr(score, name, value)
            score.version += 1
            score.updated_by, score.updated_at = by, now
            (changed_scores if check.score else new_scores).append(score)
        if check.target_differs:
            target = check.target or Target(
                unit=check.change.unit,
                indicator=check.change.indicator,
                year=check.change.year,
                version=check.retired_target_version,
            )
            target.value = check.change.target
            target.version += 1
            target.updated_by, target.updated_at = by, now
            (changed_targets if check.target else new_targets).append(target)
    history = {"default_user": by, "default_change_reason": reason.strip(), "default_date": now}
    with transaction.atomic():
        bulk_create_with_history(new_scores, Score, batch_size=500, **history)
        bulk_create_with_history(new_targets, Target, batch_size=500, **history)
    update_rows(Score, changed_scores, [*SCORE_FIELDS, "version", "updated_by", "updated_at"])
    update_rows(Target, changed_targets, ["value", "version", "updated_by", "updated_at"])
    Score.history.bulk_history_create(changed_scores, update=True, batch_size=500, **history)
    Target.history.bulk_history_create(changed_targets, update=True, batch_size=500, **history)
    if written:
        # Only the pemda written to and the aggregates above them: one file of one
        # kabupaten leaves the other pemda's pages cached.
        versioned.invalidate(scopes=write_scopes(written))
    return ScoreChangeCounts(
        created=kinds.count("new"),
        changed=kinds.count("changed"),
        unchanged=kinds.count("unchanged"),
    )


@transaction.atomic
def import_apply(
    *, file_name: str, changes: list[ScoreChange], by: User | None, expected_fingerprint: str
) -> ImportEvent:
    """Record one import event and write its changes, all or none, if every cell is still
    as the preview showed it; the history of each value it changes names the event.

    expected_fingerprint is rules.versions_fingerprint of the checks the preview showed
    (ImportDraft.seen). The cells are read once, locked as for the writes, and compared
    with it before anything is written: a score or target changed, deleted or created
    since the preview refuses the import with code "stale_preview", and so does a new
    cell that another Apply inserted but had not committed when this one read it. Any
    other refusal raises ValidationError listing every refused change (code "refused");
    changes that would write nothing (none new or changed) raise code "nothing_to_apply".
    """
    event = ImportEvent.objects.create(
        file_name=file_name[:255], imported_by=by, imported_at=timezone.now()
    )
    checks = scores_check_many(changes, reason=event.reason, for_update=True)
    rules.check_preview_current(expected_fingerprint=expected_fingerprint, checks=checks)
    refuse_any(checks)
    if not any(check.kind in ("new", "changed") for check in checks):
        raise ValidationError(
            _("Nothing to apply: every row matches what is stored."), code="nothing_to_apply"
        )
    try:
        counts = write_checked(checks=checks, by=by, reason=event.reason)
    except IntegrityError:
        # The other Apply's insert committed while ours waited for it: that cell is no
        # longer the "new" one the preview showed.
        raise rules.stale_preview() from None
    event.created_count = counts.created
    event.changed_count = counts.changed
    event.unchanged_count = counts.unchanged
    event.save(update_fields=["created_count", "changed_count", "unchanged_count"])
    return event


def update_rows(model, records: list, field_names: list[str]) -> None:
    """Save these fields of rows already locked, one prepared statement for all.

    QuerySet.bulk_update builds a CASE per field and row: 5 000 rows took a minute."""
    if not records:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields]
        + [record.pk]
        for record in records
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_batch

            # psycopg2's executemany makes one round trip per row; this, one per 500.
            execute_batch(cursor.cursor, sql, rows, page_size=500)
        else:
            cursor.executemany(sql, rows)


def describe_refusal(check: ScoreChangeCheck) -> str:
    change = check.change
    messages = " ".join(message for error in check.errors for message in error.messages)
    return f"{change.unit.display_name} · {change.indicator.code} · {change.year}: {messages}"


def retired_versions(keys, years, unit_ids, indicator_ids) -> dict:
    """The highest version in the history of each key, for scores and targets: two queries."""
    found = {}
    for model in (Score, Target):
        rows = (
            model.history.filter(unit__in=unit_ids, indicator__in=indicator_ids, year__in=years)
            .values_list("unit_id", "indicator_id", "year")
            .annotate(highest=Max("version"))
        )
        for unit_id, indicator_id, year, highest in rows:
            if (unit_id, indicator_id, year) in keys:
                found[(model, (unit_id, indicator_id, year))] = highest
    return found


@dataclass
class _ManyContext:
    """Locks, framework areas, scores and targets for a batch of changes, read once."""

    lock_reasons: dict[int, str]
    framework: set[tuple[int, str, int]]
    scores: dict[tuple[int, int, int], Score]
    targets: dict[tuple[int, int, int], Target]
    kinds: dict[int, str]
    retired: dict[tuple[type, tuple[int, int, int]], int]

    @classmethod
    def load(cls, changes: list[ScoreChange], *, for_update: bool) -> "_ManyContext":
        years = {change.year for change in changes}
        unit_ids = {change.unit.pk for change in changes}
        indicator_ids = {change.indicator.pk for change in changes}
        keys = {change.key for change in changes}
        scores = Score.objects.filter(
            unit__in=unit_ids, indicator__in=indicator_ids, year__in=years
        )
        targets = Target.objects.filter(
            unit__in=unit_ids, indicator__in=indicator_ids, year__in=years
        )
        if not any(change.target is not None for change in changes):
            targets = targets.none()
        if for_update:
            guard_years(years)
            scores = scores.select_for_update(of=("self",))
            targets = targets.select_for_update(of=("self",))
        return cls(
            lock_reasons=dict(
                YearLock.objects.filter(year__in=years).values_list("year", "reason")
            ),
            framework=set(
                FrameworkArea.objects.filter(year__in=years, area__in=indicator_ids).values_list(
                    "year", "applies_to", "area_id"
                )
            ),
            scores={k: s for s in scores if (k := (s.unit_id, s.indicator_id, s.year)) in keys},
            targets={k: t for t in targets if (k := (t.unit_id, t.indicator_id, t.year)) in keys},
            kinds={
                unit.pk: unit.framework_kind
                for unit in {c.unit.pk: c.unit for c in changes}.values()
            },
            retired=retired_versions(keys, years, unit_ids, indicator_ids) if for_update else {},
        )

    def check(self, change: ScoreChange, reason: str) -> ScoreChangeCheck:
        score = self.scores.get(change.key)
        check = ScoreChangeCheck(
            change=change,
            score=score,
            target=self.targets.get(change.key),
            retired_score_version=self.retired.get((Score, change.key), 0),
            retired_target_version=self.retired.get((Target, change.key), 0),
        )
        for step in (self.check_storable, self.check_framework):
            try:
                step(change)
            except ValidationError as error:
                check.errors.append(error)
        if check.errors:
            return check
        check.wanted = rules.wanted_score_fields(
            stored=score,
            value=change.value,
            status=change.status,
            as_of=change.as_of,
            source=change.source,
            note=change.note,
        )
        if check.kind == "unchanged":
            return check
        try:
            rules.check_may_write(
                year=change.year,
                lock_reason=self.lock_reasons.get(change.year),
                stored=score,
                wanted=check.wanted,
                reason=reason,
            )
        except ValidationError as error:
            check.errors.append(error)
        return check

    @staticmethod
    def check_storable(change: ScoreChange) -> None:
        rules.check_storable(
            indicator=change.indicator,
            year=change.year,
            value=change.value,
            target=change.target,
            texts=(change.note,),
            source=change.source,
        )

    def check_framework(self, change: ScoreChange) -> None:
        rules.check_area_counts(
            unit=change.unit,
            framework_kind=self.kinds[change.unit.pk],
            indicator=change.indicator,
            year=change.year,
            framework=self.framework,
        )
