"""The rules of a score or target change, as pure functions of facts already read.

Nothing here reads or writes the database: scores.services reads the stored record, the
year's lock and the framework rows (under its locks) and passes them in. The one-value
path (score_set, target_set, score_delete) and the batch path of imports
(scores_check_many, scores_set_many, import_apply) call the same functions, so that each
rule and each message exists once.

A refusal is a django ValidationError with a code, which callers map to a field or a
column (scores.transfer.imports.ERROR_COLUMNS) and tests assert.
"""

import datetime
import hashlib
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from scores.models import FrameworkArea, Indicator, Score, Target
from scores.values import format_number, validate_text, validate_value, validate_year
from skpd.models import Unit
from skpd.users import user_display_name

if TYPE_CHECKING:  # services imports this module
    from scores.services import ScoreChangeCheck

# "Keep what is stored" for as_of, whose None means "no date"; status, source and note
# keep what is stored when None.
UNSET = object()
SOURCE_MAX_LENGTH = Score._meta.get_field("source").max_length


def check_storable(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal | None,
    target: Decimal | None = None,
    texts: Iterable[str | None] = (),
    source: str | None = None,
) -> None:
    """What was given can be stored.

    value and target (either may be None: nothing to check) are finite, within the
    indicator's scale_min–scale_max in the indicator's own units (points, index) and have
    at most indicator.decimals decimals; texts and source (None counts as empty) hold no
    NUL; the source fits its column (SOURCE_MAX_LENGTH, the same for scores and
    targets); the year is within YEAR_MIN–YEAR_MAX.

    Raises ValidationError for the first problem found, in that order, with code
    "invalid", "out_of_range", "too_precise", "invalid_text", "too_long" or
    "year_out_of_range".
    """
    for number in (value, target):
        if number is not None:
            validate_value(indicator, number)
    for text in texts:
        validate_text(text or "")
    validate_text(source or "", SOURCE_MAX_LENGTH)
    validate_year(year)


def check_area_counts(
    *,
    unit: Unit,
    framework_kind: str,
    indicator: Indicator,
    year: int,
    framework: Collection[tuple[int, str, int]],
) -> None:
    """An MCP area counts only where that year's framework lists it for this kind of unit.

    framework_kind is unit.framework_kind, read by the caller (an SKPD's walks up to its
    pemda); framework holds FrameworkArea rows as (year, applies_to, area id), at least
    those of this year and area (others do no harm). An indicator that is not an area
    always passes; unit is named in the message only.

    Raises ValidationError with code "outside_framework".
    """
    if not indicator.is_area:
        return
    kinds = FrameworkArea.kinds_for(framework_kind)
    if any((year, kind, indicator.pk) in framework for kind in kinds):
        return
    raise ValidationError(
        _("%(area)s does not count in the %(year)s MCP framework for %(unit)s.")
        % {"area": indicator.name, "year": year, "unit": unit.display_name},
        code="outside_framework",
    )


def check_year_open(year: int, lock_reason: str | None) -> None:
    """lock_reason is the reason of the year's YearLock, None while the year is open.

    Raises ValidationError with code "year_locked"."""
    if lock_reason is not None:
        raise ValidationError(
            _("Year %(year)s is locked (%(reason)s). Ask an administrator to unlock it.")
            % {"year": year, "reason": lock_reason},
            code="year_locked",
        )


def check_version(record: Score | Target | None, expected_version: int | None) -> None:
    """Refuse a save based on a stale read.

    record is the stored score or target (None: none stored) with its indicator set;
    expected_version is the version the user's screen showed, 0 for "none yet", None when
    the caller does not check. The refusal's message names record.updated_by: a caller
    that did not load that user pays its one query on refusal only.

    Raises ValidationError with code "conflict".
    """
    if expected_version is None:
        return
    current_version = record.version if record is not None else 0
    if current_version == expected_version:
        return
    if record is None:
        raise ValidationError(
            _("Someone else deleted this value in the meantime. Reload to see the data."),
            code="conflict",
        )
    raise ValidationError(
        _(
            "Someone else saved this value in the meantime: %(who)s, %(when)s, "
            "stored %(value)s. Reload and try again."
        )
        % {
            "who": user_display_name(record.updated_by),
            "when": formats.date_format(timezone.localtime(record.updated_at), "DATETIME_FORMAT"),
            "value": format_number(record.value, record.indicator.decimals),
        },
        code="conflict",
    )


def kept_or_given(stored: str, given: str | None) -> str:
    """A free text: None keeps the stored one, anything else replaces it, stripped."""
    return stored if given is None else given.strip()


def wanted_score_fields(
    *,
    stored: Score | None,
    value: Decimal,
    status: str | None = None,
    as_of: datetime.date | None | object = UNSET,
    source: str | None = None,
    note: str | None = None,
) -> dict[str, object]:
    """The fields a score change wants, keyed value, status, as_of, source and note.

    status, source and note None, and as_of UNSET (its None means "no date"), keep what
    is stored, or for a new score (stored None) a final status, no date and empty texts.
    Given texts are stripped. Checks nothing: see check_storable and check_may_write.
    """
    return {
        "value": value,
        "status": status or (stored.status if stored else Score.Status.FINAL),
        "as_of": (stored.as_of if stored else None) if as_of is UNSET else as_of,
        "source": kept_or_given(stored.source if stored else "", source),
        "note": kept_or_given(stored.note if stored else "", note),
    }


def changes_anything(stored: Score | Target | None, wanted: dict[str, object]) -> bool:
    """Whether writing `wanted` (field name -> value) would change the stored record; a
    new record (stored None) always does. A change that changes nothing writes nothing:
    no version, no history, and neither the year lock nor a reason applies to it."""
    return stored is None or any(getattr(stored, name) != value for name, value in wanted.items())


def check_may_write(
    *, year: int, lock_reason: str | None, stored: Score | None, wanted: dict, reason: str
) -> None:
    """A score change that changes something (see changes_anything): its year must be
    open, and a final score whose value or status changes needs a reason.

    lock_reason as for check_year_open; wanted as wanted_score_fields returns it.
    Raises ValidationError with code "year_locked" or else "reason_required".
    """
    check_year_open(year, lock_reason)
    if stored is not None and (
        stored.value != wanted["value"] or stored.status != wanted["status"]
    ):
        require_reason_for_final(stored, reason)


def require_reason_for_final(score: Score | None, reason: str) -> None:
    """Changing or removing a final score needs a reason that is not blank.

    Raises ValidationError with code "reason_required"."""
    if score is not None and score.status == Score.Status.FINAL and not reason.strip():
        raise ValidationError(
            _("This value is final: give a reason for changing it."), code="reason_required"
        )


def versions_fingerprint(checks: Iterable["ScoreChangeCheck"]) -> str:
    """One digest (64 hex characters, as ImportDraft.seen keeps it) of the stored version
    of each checked cell's score and target, 0 where none is stored. The order of the
    checks does not matter; a cell created, changed or deleted changes the digest."""
    digest = hashlib.sha256()
    for check in sorted(checks, key=lambda check: check.change.key):
        versions = (
            check.change.key,
            check.score.version if check.score else 0,
            check.target.version if check.target else 0,
        )
        digest.update(repr(versions).encode())
    return digest.hexdigest()


def check_preview_current(
    *, expected_fingerprint: str, checks: Iterable["ScoreChangeCheck"]
) -> None:
    """Nothing a preview showed has changed since: expected_fingerprint is the
    versions_fingerprint of the preview's checks, checks are those of the cells now.

    Raises ValidationError with code "stale_preview"."""
    if versions_fingerprint(checks) != expected_fingerprint:
        raise stale_preview()


def stale_preview() -> ValidationError:
    """The refusal of an Apply whose preview no longer shows what is stored."""
    return ValidationError(
        _(
            "Some of these values were changed by someone else after your preview. "
            "Check the updated preview below, then apply again."
        ),
        code="stale_preview",
    )
