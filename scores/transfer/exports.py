"""Exports and import templates in the import's own columns, so that an export
re-imports unchanged. Text that a spreadsheet would run as a formula is quoted."""

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length
from django.utils import timezone

from scores.models import FrameworkArea, Indicator, Score, Target
from scores.transfer.spreadsheet import COLUMNS, escape_text
from scores.values import quantize
from skpd.access import visible_unit_ids, visible_units
from skpd.models import Unit

CSV_DELIMITER = ";"  # Excel in Indonesian reads ; with a decimal comma
CSV_ROWS_PER_CHUNK = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class ExportFilter:
    year: int | None = None
    unit: Unit | None = None
    indicator: Indicator | None = None

    def file_stem(self) -> str:
        parts = ["nilai"]
        if self.unit is not None:
            parts.append(self.unit.code)
        if self.indicator is not None:
            parts.append(self.indicator.code.replace(".", "-"))
        if self.year is not None:
            parts.append(str(self.year))
        return "-".join(parts)


def subtree_ids(unit: Unit) -> set[int]:
    """The unit and every unit below it: one query, walked in Python."""
    children = defaultdict(list)
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, waiting = set(), [unit.pk]
    while waiting:
        pk = waiting.pop()
        if pk not in found:
            found.add(pk)
            waiting.extend(children[pk])
    return found


def export_scores(user: User, wanted: ExportFilter) -> QuerySet[Score]:
    """The scores this user may export that match the filter, with their targets."""
    scores = Score.objects.select_related("unit", "indicator").annotate(
        target_value=Subquery(
            Target.objects.filter(
                unit=OuterRef("unit"), indicator=OuterRef("indicator"), year=OuterRef("year")
            ).values("value")[:1]
        )
    )
    allowed = visible_unit_ids(user)
    if allowed is not None:
        scores = scores.filter(unit__in=allowed)
    if wanted.unit is not None:
        scores = scores.filter(unit__in=subtree_ids(wanted.unit))
    if wanted.year is not None:
        scores = scores.filter(year=wanted.year)
    if wanted.indicator is not None:
        scores = scores.filter(indicator=wanted.indicator)
    return scores.order_by("unit__code", "year", "indicator__sort_order", "indicator__code")


def plain_number(value, decimals: int) -> str:
    """84,73: a decimal comma and no grouping, as Excel in Indonesian reads a CSV."""
    if value is None:
        return ""
    return str(quantize(value, decimals)).replace(".", ",")


def csv_row(cells: dict[str, object], decimals: int) -> list[str]:
    value, target, as_of = cells["value"], cells.get("target"), cells.get("as_of")
    return [
        csv_text(cells.get("unit")),
        csv_text(cells.get("unit_name")),
        csv_text(cells.get("indicator")),
        csv_text(cells.get("indicator_name")),
        str(cells["year"]),
        plain_number(value, decimals),
        plain_number(target, decimals),
        cells.get("status") or "",
        as_of.isoformat() if as_of else "",
        csv_text(cells.get("source")),
        csv_text(cells.get("note")),
    ]


def csv_text(text: str | None) -> str:
    if not text:
        return ""
    return escape_text(text) if text[0] in "=+-@'" else text


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[tuple[dict[str, object], int]]) -> Iterator[str]:
    """The header with a BOM (so Excel reads UTF-8), then the rows in chunks."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow(list(COLUMNS.values()))
    chunk = []
    for cells, decimals in rows:
        chunk.append(writer.writerow(csv_row(cells, decimals)))
        if len(chunk) >= CSV_ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


# The exported fields, read as tuples: building 100 000 model instances would cost
# more than everything else the export does.
EXPORT_FIELDS = {
    "unit": "unit__code",
    "unit_name": "unit__name",
    "indicator": "indicator__code",
    "indicator_name": "indicator__name_id",
    "year": "year",
    "value": "value",
    "target": "target_value",
    "status": "status",
    "as_of": "as_of",
    "source": "source",
    "note": "note",
}


def score_rows(scores: QuerySet[Score]) -> Iterator[tuple[dict[str, object], int]]:
    names = list(EXPORT_FIELDS)
    fields = [*EXPORT_FIELDS.values(), "indicator__decimals"]
    for *values, decimals in scores.values_list(*fields).iterator(chunk_size=2000):
        yield dict(zip(names, values, strict=True)), decimals


def number_format(decimals: int) -> str:
    # Format codes are locale-neutral: Excel in Indonesian shows 0.00 as 84,73.
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def xlsx_bytes(
    rows: Iterable[tuple[dict[str, object], int]],
    widths: dict[str, int],
    extra_sheet: tuple[str, list[list[object]]] | None = None,
) -> bytes:
    """A workbook with a frozen header, fitting columns and numbers as numbers.

    Written by XlsxWriter in constant-memory mode: each row goes to a temporary file as
    it is written, so memory stays flat, and 100 000 scores take about a third of the
    time openpyxl's write-only mode did (measured in `make bench`)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "DD/MM/YYYY"})
    numbers: dict[int, object] = {}
    sheet = workbook.add_worksheet("Nilai")
    sheet.freeze_panes(1, 0)
    for position, column in enumerate(COLUMNS):
        width = max(len(COLUMNS[column]), widths.get(column, 0)) + 2
        sheet.set_column(position, position, min(width, MAX_COLUMN_WIDTH))
    sheet.write_row(0, 0, list(COLUMNS.values()), bold)
    line = 0
    for line, (cells, decimals) in enumerate(rows, start=1):
        if decimals not in numbers:
            numbers[decimals] = workbook.add_format({"num_format": number_format(decimals)})
        for position, column in enumerate(COLUMNS):
            write_cell(sheet, line, position, column, cells.get(column), numbers[decimals], date)
    if extra_sheet is not None:
        title, extra_rows = extra_sheet
        codes = workbook.add_worksheet(title)
        codes.freeze_panes(1, 0)
        codes.set_column(0, 7, 28)
        for number, extra_row in enumerate(extra_rows):
            codes.write_row(
                number, 0, [escape_text(c) if isinstance(c, str) else c for c in extra_row]
            )
    workbook.close()
    return buffer.getvalue()


def write_cell(sheet, line: int, position: int, column: str, value, number, date) -> None:
    """One cell: values and targets as numbers in their indicator's format, dates as
    dates, texts escaped so that no spreadsheet runs them as formulas."""
    if value is None:
        return
    if column in ("value", "target"):
        sheet.write_number(line, position, float(value), number)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(line, position, value, date)
    elif isinstance(value, str):
        if value:
            sheet.write_string(line, position, escape_text(value))
    elif isinstance(value, bool):
        sheet.write_boolean(line, position, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(line, position, float(value))
    else:
        sheet.write_string(line, position, str(value))


def column_widths(scores: QuerySet[Score]) -> dict[str, int]:
    """The longest text of each column among the exported rows: one query."""
    lengths = {
        "unit": Length("unit__code"),
        "unit_name": Length("unit__name"),
        "indicator": Length("indicator__code"),
        "indicator_name": Length("indicator__name_id"),
        "source": Length("source"),
        "note": Length("note"),
    }
    found = scores.order_by().aggregate(
        **{f"width_{column}": Max(length) for column, length in lengths.items()}
    )
    return {column: found[f"width_{column}"] or 0 for column in lengths} | {
        "value": 10,
        "target": 10,
        "as_of": 12,
        "status": 10,
    }


# Templates


def template_examples(user: User) -> list[tuple[dict[str, object], int]]:
    unit = (
        visible_units(user).filter(level=Unit.Level.PROVINCE).first()
        or visible_units(user).order_by("pk").first()
    )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=["mcp", "iin"])}
    if unit is None or not indicators:
        return []
    year = timezone.localdate().year
    examples = [
        ("mcp", "85.5", "90", "progress", "Laporan Inspektorat"),
        ("iin", "72.54", "", "final", "KPK, Survei Penilaian Integritas"),
    ]
    rows = []
    for code, value, target, status, source in examples:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        cells = {
            "unit": unit.code,
            "unit_name": unit.name,
            "indicator": code,
            "indicator_name": indicator.name_id,
            "year": year,
            "value": Decimal(value),
            "target": Decimal(target) if target else None,
            "status": status,
            "as_of": timezone.localdate(),
            "source": source,
            "note": "contoh: hapus baris ini",
        }
        rows.append((cells, indicator.decimals))
    return rows


def code_sheet(user: User) -> list[list[object]]:
    """Units and indicators side by side, for the template's second sheet."""
    units = [
        [unit.code, unit.name, unit.get_level_display()]
        for unit in visible_units(user).order_by("level", "name")
    ]
    indicators = [
        [
            indicator.code,
            indicator.name_id,
            indicator.name_en,
            f"{indicator.scale_min.normalize():f}–{indicator.scale_max.normalize():f}",
        ]
        for indicator in Indicator.objects.all()
    ]
    header = [
        ["kode_unit", "nama_unit", "tingkat", "", "indikator", "nama_indikator", "name", "rentang"]
    ]
    body = []
    for position in range(max(len(units), len(indicators))):
        left = units[position] if position < len(units) else ["", "", ""]
        right = indicators[position] if position < len(indicators) else ["", "", "", ""]
        body.append([*left, "", *right])
    return header + body


def wide_template_indicators(year: int) -> list[Indicator]:
    """The wide template's indicator columns: MCP, the areas of the latest framework up
    to `year` (FrameworkArea, in their order), then IIN."""
    latest = (
        FrameworkArea.objects.filter(year__lte=year).aggregate(Max("year"))["year__max"]
        or FrameworkArea.objects.aggregate(Max("year"))["year__max"]
    )
    areas = FrameworkArea.objects.filter(year=latest).select_related("area")
    seen: dict[int, Indicator] = {}
    for framework_area in areas.order_by("area__sort_order", "pk"):
        seen.setdefault(framework_area.area_id, framework_area.area)
    headline = {i.code: i for i in Indicator.objects.filter(code__in=("mcp", "iin"))}
    mcp, iin = headline.get("mcp"), headline.get("iin")
    return [i for i in (mcp, *seen.values(), iin) if i is not None]


def wide_template_bytes(user: User, labels: dict[str, str]) -> bytes:
    """The recap shape inspectorates keep: one row per unit the user sees (kode_unit,
    nama_unit, tahun = this year) and one empty column per indicator, headed by its
    Indonesian name where the import reads that name as this indicator (`labels`:
    normalised label -> code, as imports.indicator_labels gives), else by its code."""
    import xlsxwriter

    from scores.transfer.spreadsheet import normalise_header

    year = timezone.localdate().year
    indicators = wide_template_indicators(year)
    titles = []
    for indicator in indicators:
        by_name = labels.get(normalise_header(indicator.name_id)) == indicator.code
        titles.append(indicator.name_id if by_name else indicator.code)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("Rekap")
    sheet.freeze_panes(1, 2)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 2 + len(titles), 14)
    sheet.write_row(0, 0, ["kode_unit", "nama_unit", "tahun", *titles], bold)
    for line, unit in enumerate(visible_units(user).order_by("level", "name"), start=1):
        sheet.write_string(line, 0, escape_text(unit.code))
        sheet.write_string(line, 1, escape_text(unit.name))
        sheet.write_number(line, 2, year)
    workbook.close()
    return buffer.getvalue()
