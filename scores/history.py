"""The one reader of a value's history (simple-history's rows of scores and targets):
who changed it when, from what to what, and why. The unit page and the entry grid's
history panel both show these rows."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, QuerySet, Value, When, Window
from django.db.models.functions import Lag

from scores.models import Indicator
from skpd.users import user_display_name

CREATED, CHANGED, REMOVED = "+", "~", "-"


@dataclass(frozen=True)
class HistoryRow:
    """One change of one value: `old` is None for a new value, `new` for a removal."""

    when: datetime.datetime
    who: str
    unit_id: int
    indicator: Indicator
    year: int
    old: Decimal | None
    new: Decimal | None
    action: str  # CREATED, CHANGED or REMOVED
    reason: str
    source: str
    status: str  # "" for targets, which have none


def history_rows(
    records: QuerySet, indicators: Mapping[int, Indicator], *, limit: int | None = None
) -> list[HistoryRow]:
    """The rows of a historical queryset (`Score.history.filter(...)` or
    `Target.history.filter(...)`), newest first, at most `limit`: one query. `indicators`
    maps the indicator ids these rows name to their indicators (KeyError otherwise).

    Each row's old value is the value its key (unit, indicator, year) had before it, so
    a value removed and entered again starts afresh (old None)."""
    records = records.select_related("history_user")
    if limit is not None:
        return newest_rows(records, indicators, limit)
    rows = []
    last_value: dict[tuple[int, int, int], Decimal | None] = {}
    for record in records.order_by("history_date", "history_id"):
        key = (record.unit_id, record.indicator_id, record.year)
        new = None if record.history_type == REMOVED else record.value
        rows.append(history_row(record, indicators, last_value.get(key), new))
        last_value[key] = new
    rows.reverse()
    return rows


def newest_rows(records: QuerySet, indicators: Mapping[int, Indicator], limit: int):
    """The newest `limit` rows, each row's old value from the row before it of the same
    key, found by the database (a window function): a unit's page reads 100 rows
    however many changes its history holds, not every one of them into Python."""
    value = records.model._meta.get_field("value")
    before = Window(
        Lag(Case(When(history_type=REMOVED, then=Value(None)), default=F("value"))),
        partition_by=[F("unit_id"), F("indicator_id"), F("year")],
        order_by=[F("history_date").asc(), F("history_id").asc()],
        output_field=value,
    )
    newest = records.annotate(old_value=before).order_by("-history_date", "-history_id")
    return [
        history_row(
            record,
            indicators,
            record.old_value,
            None if record.history_type == REMOVED else record.value,
        )
        for record in newest[:limit]
    ]


def history_row(record, indicators: Mapping[int, Indicator], old, new) -> HistoryRow:
    return HistoryRow(
        when=record.history_date,
        who=user_display_name(record.history_user),
        unit_id=record.unit_id,
        indicator=indicators[record.indicator_id],
        year=record.year,
        old=old,
        new=new,
        action=record.history_type,
        reason=record.history_change_reason or "",
        source=record.source,
        status=getattr(record, "status", ""),
    )
