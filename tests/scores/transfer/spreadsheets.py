"""Upload files and fixtures for the import and export tests."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from scores import services

HEADER = ["kode_unit", "indikator", "tahun", "nilai", "status", "sumber"]


def csv_file(
    lines: list[str], name: str = "nilai.csv", *, bom: bool = False
) -> SimpleUploadedFile:
    text = "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows: list[list[object]], name: str = "nilai.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def upload(client, file):
    """POST a file to /import/; returns the response (a redirect to the preview when read)."""
    return client.post("/import/", {"file": file})


def preview(client, file):
    """Upload and follow to the preview page."""
    response = upload(client, file)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def with_cached_results(
    data: bytes, results: dict[str, str], *, saved_by_excel: bool = True
) -> bytes:
    """Give formula cells the cached results Excel stores (openpyxl writes none); as
    Excel does on saving, clear openpyxl's "recalculate on open" flag unless
    saved_by_excel is False (a program that wrote results it did not calculate)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = content.decode("utf-8")
                for formula, result in results.items():
                    text = text.replace(
                        f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{result}</v>"
                    )
                content = text.encode("utf-8")
            if item.filename == "xl/workbook.xml" and saved_by_excel:
                content = content.replace(b' fullCalcOnLoad="1"', b"")
            target.writestr(item, content)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests log users in with force_login: a slow password hash buys nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def kalsel_mcp(kalsel, indicators):
    """Kalsel's published MCP for 2022 and 2023, as the official data holds them."""
    for year, value in ((2022, "86.00"), (2023, "84.73")):
        services.score_set(
            unit=kalsel,
            indicator=indicators["mcp"],
            year=year,
            value=Decimal(value),
            by=None,
            status="final",
            as_of=datetime.date(2024, 1, 18),
            source="diskominfomc.kalselprov.go.id 2024-01-18",
            note="",
        )
    return kalsel


def xlsx_workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_member(data: bytes, member: str, change) -> bytes:
    """The .xlsx or .ods with one member's text changed by change(text) -> text, as
    another program would have written it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return buffer.getvalue()


def ods_bytes(sheets: dict[str, list[list]], *, active: str = "", hidden_rows=()) -> bytes:
    """An .ods as LibreOffice writes it: each cell a str, or (value type, value, shown
    text) such as ("percentage", "0.85", "85%"); rows (1-based) in hidden_rows collapsed."""
    from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemSet
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for line, cells in enumerate(rows, start=1):
            row = TableRow(visibility="collapse") if line in hidden_rows else TableRow()
            for cell in cells:
                if isinstance(cell, tuple):
                    value_type, value, shown = cell
                    element = TableCell(valuetype=value_type, value=value)
                    element.addElement(P(text=shown))
                elif cell in (None, ""):
                    element = TableCell()
                else:
                    element = TableCell(valuetype="string")
                    element.addElement(P(text=str(cell)))
                row.addElement(element)
            table.addElement(row)
        document.spreadsheet.addElement(table)
    if active:
        view = ConfigItemSet(name="ooo:view-settings")
        views = ConfigItemMapIndexed(name="Views")
        entry = ConfigItemMapEntry()
        item = ConfigItem(name="ActiveTable", type="string")
        item.addText(active)
        entry.addElement(item)
        views.addElement(entry)
        view.addElement(views)
        document.settings.addElement(view)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
