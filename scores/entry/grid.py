"""Reads for score entry: the grid, the per-unit form and the history panel.

Every function here runs a fixed number of queries whatever the number of units.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model
from django.utils import formats

from scores.composite import Composite, area_shares, composite_estimate
from scores.history import HistoryRow, history_rows
from scores.models import FrameworkArea, Indicator, Score, Target, YearLock
from scores.values import format_number, quantize
from scores.years import default_year, year_choices, years_by_unit
from skpd.models import Unit

KIND_SCORE = "s"
KIND_TARGET = "t"
KINDS = (KIND_SCORE, KIND_TARGET)
HEADLINE_CODES = ("mcp", "iin", "ipak")
DETAIL_FIELDS = {"s": ("status", "as_of", "source", "note"), "t": ("source",)}
# The official total and its estimate may differ by rounding; more than this is a flag.
ESTIMATE_TOLERANCE = Decimal("0.5")


def fingerprint(*parts: object) -> str:
    """What a row or cell showed when the page was drawn, to tell a change from a
    value that is merely submitted again."""
    text = "\x1f".join(
        "" if part is None else str(part).replace("\r\n", "\n").strip() for part in parts
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def value_text(record: Score | Target | None, indicator: Indicator) -> str:
    """The value as the input shows it: 84,73 in Indonesian. A shortcut for the grid's
    hundreds of cells where no thousands separator can occur."""
    if record is None:
        return ""
    if abs(record.value) >= 1000:
        return format_number(record.value, indicator.decimals)
    shown = str(quantize(record.value, indicator.decimals))
    return shown.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


@dataclass
class Cell:
    """One input of the grid: a unit's score (kind "s") or target ("t") for an indicator."""

    unit: Unit
    indicator: Indicator
    year: int
    kind: str
    record: Score | Target | None
    applies: bool = True
    editable: bool = True
    text: str = ""
    was: str = ""
    version: int = 0
    error: str = ""
    prompt: str = ""  # "reason" or "confirm" when the save waits for the user
    confirmed: bool = False
    reason: str = ""
    saved: bool = False
    row_number: int = 0
    column_number: int = 0
    details: dict[str, str] | None = None  # the per-unit form's extra fields

    def __post_init__(self) -> None:
        if not self.text and self.record is not None:
            self.text = value_text(self.record, self.indicator)
        if not self.was:
            self.was = fingerprint(self.text)
        if not self.version and self.record is not None:
            self.version = self.record.version

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.unit.pk}-{self.indicator.pk}"

    @property
    def is_target(self) -> bool:
        return self.kind == KIND_TARGET

    @property
    def is_final(self) -> bool:
        return isinstance(self.record, Score) and self.record.status == Score.Status.FINAL

    @property
    def is_provisional(self) -> bool:
        return isinstance(self.record, Score) and self.record.status == Score.Status.PROGRESS

    @property
    def asks_reason(self) -> bool:
        return self.prompt == "reason" or (self.prompt == "confirm" and self.is_final)


def record_details(kind: str, record: Score | Target | None) -> dict[str, str]:
    """The per-unit form's extra fields as the form shows them."""
    if kind == KIND_TARGET:
        return {"source": record.source if record else ""}
    if record is None:
        return {"status": Score.Status.FINAL, "as_of": "", "source": "", "note": ""}
    return {
        "status": record.status,
        "as_of": record.as_of.isoformat() if record.as_of else "",
        "source": record.source,
        "note": record.note,
    }


def detailed_cell(cell: Cell) -> Cell:
    """A cell of the per-unit form: its fingerprint covers every field of the row."""
    cell.details = record_details(cell.kind, cell.record)
    cell.was = fingerprint(cell.text, *cell.details.values())
    return cell


@dataclass(frozen=True)
class Column:
    indicator: Indicator
    kind: str = KIND_SCORE

    @property
    def is_target(self) -> bool:
        return self.kind == KIND_TARGET


@dataclass(frozen=True)
class Estimate:
    """The MCP computed from a row's area scores, beside the official MCP."""

    composite: Composite
    official: Decimal | None
    areas_counted: int

    @property
    def value(self) -> Decimal | None:
        return self.composite.value

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.official is None:
            return None
        return self.value - self.official

    @property
    def flagged(self) -> bool:
        return self.difference is not None and abs(self.difference) > ESTIMATE_TOLERANCE

    @property
    def areas_present(self) -> int:
        return self.areas_counted - len(self.composite.missing)


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]
    estimate: Estimate | None
    estimate_after: int = 1

    @property
    def leading(self) -> list[Cell]:
        """The cells left of the estimate column: the official MCP (and its target)."""
        return self.cells[: self.estimate_after]

    @property
    def trailing(self) -> list[Cell]:
        return self.cells[self.estimate_after :]


@dataclass
class EntryGrid:
    unit: Unit
    year: int
    years: list[int]
    columns: list[Column]
    rows: list[Row]
    lock: YearLock | None
    show_targets: bool
    show_ipak: bool
    equal_weights: bool = True
    cells_by_key: dict[str, Cell] = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.lock is None

    @property
    def estimate_after(self) -> int:
        """The estimate column comes right after the official MCP (and its target)."""
        return 2 if self.show_targets else 1


@dataclass
class Framework:
    """One year's counting areas, per kind of unit."""

    year: int
    areas: list[FrameworkArea]
    _area_ids: dict[str, set[int]] = field(default_factory=dict)

    def areas_for(self, unit: Unit) -> list[FrameworkArea]:
        kinds = FrameworkArea.kinds_for(unit.framework_kind)
        return [area for area in self.areas if area.applies_to in kinds]

    def counts(self, unit: Unit, indicator: Indicator) -> bool:
        if not indicator.is_area:
            return True
        return indicator.pk in self.area_ids_for(unit.framework_kind)

    def area_ids_for(self, framework_kind: str) -> set[int]:
        if framework_kind not in self._area_ids:
            kinds = FrameworkArea.kinds_for(framework_kind)
            self._area_ids[framework_kind] = {
                area.area_id for area in self.areas if area.applies_to in kinds
            }
        return self._area_ids[framework_kind]

    @classmethod
    def load(cls, year: int) -> "Framework":
        areas = FrameworkArea.objects.filter(year=year).select_related("area")
        return cls(year, list(areas.order_by("area__sort_order", "pk")))


def rows_units(unit: Unit) -> list[Unit]:
    """The unit and its active children, each knowing its parent without a query."""
    children = list(Unit.objects.active().children_of(unit))
    for child in children:
        child.parent = unit
    return [unit, *children]


def headline_indicators() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.order_by("sort_order", "code")}


def grid_columns(
    indicators: dict[str, Indicator],
    area_indicators: list[Indicator],
    *,
    targets: bool,
    ipak: bool,
) -> list[Column]:
    columns = []
    for code in HEADLINE_CODES:
        if code == "ipak" and not ipak:
            continue
        if code not in indicators:
            continue
        if code == "iin":
            columns += [Column(area) for area in area_indicators]
        columns.append(Column(indicators[code]))
        if targets:
            columns.append(Column(indicators[code], KIND_TARGET))
    return columns


def shows_ipak_by_default(units: list[Unit]) -> bool:
    """Published IPAK is national only."""
    return any(unit.level == Unit.Level.NATIONAL for unit in units)


def records_by_key(
    model: type[Model], units: list[Unit], year: int, *, fields: tuple[str, ...] = ()
) -> dict[tuple[int, int], Model]:
    records = model.objects.filter(unit__in=units, year=year)
    if fields:
        records = records.only("unit_id", "indicator_id", "value", "version", *fields)
    return {(r.unit_id, r.indicator_id): r for r in records}


def row_estimate(
    unit: Unit, framework: Framework, scores: dict[tuple[int, int], Score], mcp: Indicator | None
) -> Estimate | None:
    areas = framework.areas_for(unit)
    if mcp is None or not areas:
        return None
    values = {
        area.area.code: scores[(unit.pk, area.area_id)].value
        for area in areas
        if (unit.pk, area.area_id) in scores
    }
    composite = composite_estimate(area_shares(areas), values, mcp.decimals)
    if composite.value is None:
        return None
    official = scores.get((unit.pk, mcp.pk))
    return Estimate(composite, official.value if official else None, len(areas))


def build_grid(
    unit: Unit,
    *,
    year: int | None = None,
    show_targets: bool = False,
    show_ipak: bool | None = None,
) -> EntryGrid:
    units = rows_units(unit)
    data_years = years_by_unit(units)
    all_years = set().union(*data_years.values())
    year = year or default_year(years=all_years, own_years=data_years.get(unit.pk, ()))
    if show_ipak is None:
        show_ipak = shows_ipak_by_default(units)
    indicators = headline_indicators()
    framework = Framework.load(year)
    counted_area_ids = {area.area_id for u in units for area in framework.areas_for(u)}
    area_indicators = [a.area for a in framework.areas if a.area_id in counted_area_ids]
    area_indicators = list({a.pk: a for a in area_indicators}.values())
    columns = grid_columns(indicators, area_indicators, targets=show_targets, ipak=show_ipak)
    # The grid shows value and status only; loading fewer fields keeps 40 SKPD fast.
    scores = records_by_key(Score, units, year, fields=("status",))
    targets = records_by_key(Target, units, year, fields=("year",)) if show_targets else {}
    lock = YearLock.objects.filter(year=year).select_related("locked_by").first()
    grid = EntryGrid(
        unit=unit,
        year=year,
        years=year_choices(all_years, year),
        columns=columns,
        rows=[],
        lock=lock,
        show_targets=show_targets,
        show_ipak=show_ipak,
        equal_weights=area_shares(framework.areas_for(unit)).equal_weights,
    )
    mcp = indicators.get("mcp")
    for row_number, row_unit in enumerate(units):
        cells = []
        for column_number, column in enumerate(columns):
            records = targets if column.is_target else scores
            cell = Cell(
                unit=row_unit,
                indicator=column.indicator,
                year=year,
                kind=column.kind,
                record=records.get((row_unit.pk, column.indicator.pk)),
                applies=framework.counts(row_unit, column.indicator),
                editable=lock is None,
                row_number=row_number,
                column_number=column_number,
            )
            cells.append(cell)
            grid.cells_by_key[cell.key] = cell
        estimate = row_estimate(row_unit, framework, scores, mcp)
        grid.rows.append(Row(row_unit, cells, estimate, grid.estimate_after))
    return grid


def load_cell(unit: Unit, indicator: Indicator, year: int, kind: str) -> Cell:
    """One cell, fresh from the database, for the htmx save of that cell."""
    model = Target if kind == KIND_TARGET else Score
    record = model.objects.filter(unit=unit, indicator=indicator, year=year).first()
    lock_exists = YearLock.objects.filter(year=year).exists()
    applies = Framework.load(year).counts(unit, indicator) if indicator.is_area else True
    return Cell(unit, indicator, year, kind, record, applies=applies, editable=not lock_exists)


def unit_estimate(unit: Unit, year: int) -> Estimate | None:
    """A single row's estimate, to refresh it after one of its cells was saved."""
    mcp = Indicator.objects.filter(code="mcp").first()
    return row_estimate(unit, Framework.load(year), records_by_key(Score, [unit], year), mcp)


def value_history(kind: str, unit: Unit, indicator: Indicator, year: int) -> list[HistoryRow]:
    """One cell's history, newest first: one query."""
    model = Target if kind == KIND_TARGET else Score
    records = model.history.filter(unit_id=unit.pk, indicator_id=indicator.pk, year=year)
    return history_rows(records, {indicator.pk: indicator})


@dataclass
class SheetLine:
    indicator: Indicator
    score: Cell
    target: Cell


@dataclass
class UnitSheet:
    """The per-unit form: every indicator that counts for the unit in the year."""

    unit: Unit
    year: int
    lines: list[SheetLine]
    lock: YearLock | None

    @property
    def editable(self) -> bool:
        return self.lock is None

    @property
    def cells(self) -> list[Cell]:
        return [cell for line in self.lines for cell in (line.score, line.target)]


def build_unit_sheet(unit: Unit, year: int) -> UnitSheet:
    indicators = headline_indicators()
    framework = Framework.load(year)
    areas = [area.area for area in framework.areas_for(unit)]
    wanted = [indicators.get("mcp"), *areas, indicators.get("iin"), indicators.get("ipak")]
    scores = records_by_key(Score, [unit], year)
    targets = records_by_key(Target, [unit], year)
    lock = YearLock.objects.filter(year=year).select_related("locked_by").first()
    lines = []
    for indicator in filter(None, wanted):
        key = (unit.pk, indicator.pk)
        common = {"unit": unit, "indicator": indicator, "year": year, "editable": lock is None}
        lines.append(
            SheetLine(
                indicator,
                detailed_cell(Cell(kind=KIND_SCORE, record=scores.get(key), **common)),
                detailed_cell(Cell(kind=KIND_TARGET, record=targets.get(key), **common)),
            )
        )
    return UnitSheet(unit, year, lines, lock)
