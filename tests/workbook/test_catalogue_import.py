from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from tests.scores.transfer.spreadsheets import ods_bytes
from tests.workbook.conftest import CATALOGUE_ROWS, HEADER, rows_of
from workbook import catalogue, services
from workbook.models import CatalogueEntry, DocumentRecord
from workbook.tables import read_table

pytestmark = pytest.mark.django_db


def test_a_file_builds_the_tree_with_codes_weights_scope_and_owners(catalogue_2025):
    entries = {(e.level, e.code): e for e in CatalogueEntry.objects.filter(year=2025)}
    assert sorted(level for level, _ in entries) == (
        ["area"] * 2 + ["document"] * 4 + ["indicator"] * 3 + ["sub-indicator"] * 4
    )
    document = entries[("document", "7.1.1.1")]
    assert document.parent.code == "7.1.1"
    assert document.parent.parent.code == "7.1"
    assert document.parent.weight == Decimal(50)
    assert document.parent.parent.weight == Decimal(60)
    assert document.default_owner.code == "bpkad"
    assert entries[("sub-indicator", "7.2.1")].default_owner.code == "bpkad"
    assert entries[("document", "3.1.1.1")].applies_to == "province"
    assert entries[("sub-indicator", "3.1.1")].weight is None


def test_reimporting_the_same_file_changes_nothing(catalogue_2025):
    history_rows = CatalogueEntry.history.count()
    plan = catalogue.build_plan(2025, rows_of(CATALOGUE_ROWS))
    assert plan.shown_changes == []
    assert plan.counts["unchanged"] == 13
    services.catalogue_apply(plan=plan, by=None, reason="again")
    assert CatalogueEntry.history.count() == history_rows


def test_a_revised_file_shows_and_applies_its_changes_and_retires_dropped_entries(
    catalogue_2025, official_units
):
    revised = [row.replace(";60;", ";70;") for row in CATALOGUE_ROWS[:3]] + [CATALOGUE_ROWS[3]]
    revised[0] = revised[0].replace("rekonsiliasi;", "rekonsiliasi aset;")
    with translation.override("en"):
        plan = catalogue.build_plan(2025, rows_of(revised))
    changes = {(c.code, c.action): c.fields for c in plan.shown_changes}
    assert changes[("7.1.1.1", "changed")] == [
        ("name", "Berita acara rekonsiliasi", "Berita acara rekonsiliasi aset")
    ]
    assert changes[("7.1", "changed")] == [("weight", "60", "70")]
    assert {code for code, action in changes if action == "retired"} == {"3.1", "3.1.1", "3.1.1.1"}
    services.catalogue_apply(plan=plan, by=None, reason="revisi")
    retired = CatalogueEntry.objects.get(year=2025, code="3.1.1.1", level="document")
    assert retired.retired_at is not None
    assert DocumentRecord.objects.filter(document=retired).exists()  # kept, not deleted
    assert CatalogueEntry.objects.get(year=2025, code="7.1", level="indicator").weight == 70


def test_a_row_naming_an_unknown_area_or_opd_is_an_error_and_nothing_is_written(
    official_units,
):
    bad = [
        CATALOGUE_ROWS[0].replace("mcp.bmd", "mcp.tidak-ada"),
        CATALOGUE_ROWS[1].replace(";bpkad", ";dinas-entah"),
    ]
    plan = catalogue.build_plan(2025, rows_of(bad))
    assert [line for line, _ in plan.errors] == [2, 3]
    assert "mcp.tidak-ada" in plan.errors[0][1]
    with pytest.raises(Exception):  # noqa: B017 - ValidationError, checked by its message
        services.catalogue_apply(plan=plan, by=None, reason="x")
    assert not CatalogueEntry.objects.exists()


def test_a_contradicting_row_is_an_error(official_units):
    rows = [CATALOGUE_ROWS[0], CATALOGUE_ROWS[1].replace("Penatausahaan BMD", "Lain")]
    plan = catalogue.build_plan(2025, rows_of(rows))
    assert plan.errors and plan.errors[0][0] == 3


def test_the_command_imports_a_file_and_reports_the_counts(official_units, tmp_path, capsys):
    from tests.workbook.conftest import HEADER

    path = tmp_path / "katalog.csv"
    path.write_text("\n".join([HEADER, *CATALOGUE_ROWS]), encoding="utf-8")
    call_command("import_catalogue", str(path), "--year", "2025")
    assert CatalogueEntry.objects.filter(year=2025, level="document").count() == 4
    call_command("import_catalogue", str(path), "--year", "2025")
    out = capsys.readouterr().out
    assert "0 baru" in out or "0 new" in out


def test_a_catalogue_saved_by_libreoffice_reads_as_shown_without_its_hidden_rows(
    official_units,
):
    """The workbook reads files with the score import's one reader: .ods included, and
    a row hidden in the sheet (an old draft kept out of sight) is not imported."""
    rows = [HEADER.split(";"), *(line.split(";") for line in CATALOGUE_ROWS[:3])]
    content = ods_bytes({"Katalog": rows}, hidden_rows=(3,))
    upload = SimpleUploadedFile("katalog.ods", content)

    table = read_table(upload, catalogue.COLUMNS, catalogue.REQUIRED)

    assert [line for line, _row in table.rows] == [2, 4]
    assert table.rows[1][1]["kode_dokumen"] == "7.1.2.1"


def test_a_change_names_its_level_in_the_readers_language():
    from django.utils import translation

    from workbook.catalogue import Change

    with translation.override("id"):
        assert Change("document", "7.1.1.1", "x", "new").level_label == "Dokumen"
        assert Change("sub-indicator", "7.1.1", "x", "new").level_label == "Subindikator"
