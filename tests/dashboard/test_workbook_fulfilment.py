"""The dashboard and an SKPD's unit page show the OPD's document fulfilment from the
MCP workbook; the SKPD ranking can rank by it, and uses an OPD's MCP derived from its
documents where no MCP is typed for the workbook's year (issue 14, items 6 and 7)."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scores import services as score_services
from scores.models import Indicator
from skpd.models import Unit
from tests.workbook.conftest import (  # noqa: F401 - fixtures
    PDF_BYTES,
    catalogue_2025,
    csv_upload,
    evidence_root,
)
from workbook import services, synthetic
from workbook.models import CatalogueEntry, DocumentRecord
from workbook.selectors import fulfilment, opd_mcps

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_of_three_delivered(catalogue_2025, official_units):  # noqa: F811
    """Kalsel's four documents: BPKAD owns 7.1.1.1 (delivered) and 7.1.1.2, Biro Hukum
    7.1.2.1 (delivered), Biro PBJ 3.1.1.1: 2 of 4 delivered."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for code in ("7.1.1.1", "7.1.2.1"):
        record = DocumentRecord.objects.get(document__code=code)
        upload = SimpleUploadedFile("bukti.pdf", PDF_BYTES, "application/pdf")
        services.document_file_upload(record=record, uploaded=upload, by=None)
        services.document_step(record=record, step="submit", by=None)
    return official_units


def test_fulfilment_counts_each_owner_opd_for_the_year(two_of_three_delivered):
    units = two_of_three_delivered
    result = fulfilment(units["kalsel"], 2024)  # no workbook in 2024: the latest year
    assert result.year == 2025
    bpkad = result.of(units["bpkad"])
    assert (bpkad.delivered, bpkad.total, bpkad.delivered_percent) == (1, 2, 50)
    assert result.of(units["biro-hukum"]).delivered_percent == 100
    assert result.of(units["bappeda"]) is None


def test_the_ranking_has_a_documents_column(
    two_of_three_delivered, official_data, as_user, inspektorat_user
):
    # The dashboard opens on the latest year with scores; the workbook is 2025's.
    page = as_user(inspektorat_user).get("/?unit=kalsel").content.decode()
    cell = re.search(r'data-testid="documents-bpkad"><span title="1/2">([^<]*)<', page)
    assert cell and cell.group(1).strip() == "50,0 %"
    assert "Kertas kerja MCP 2025: 50,0 % dokumen terkumpul, 0,0 % diterima KPK." in page
    assert 'data-sort-value="50.0" data-testid="documents-bpkad"' in page
    assert 'data-testid="documents-summary"' in page


def test_the_unit_page_shows_the_opds_documents(two_of_three_delivered, as_user, kepala_bpkad):
    page = as_user(kepala_bpkad).get("/unit/bpkad/").content.decode()
    section = page.split('data-testid="unit-documents"')[1].split("</section>")[0]
    assert "50,0 %" in section
    assert "/mcp/2025/unit/bpkad/" in section


def test_a_unit_page_without_documents_shows_no_panel(catalogue_2025, as_user, inspektorat_user):  # noqa: F811
    assert 'data-testid="unit-documents"' not in (
        as_user(inspektorat_user).get("/unit/bappeda/").content.decode()
    )


def verify(kalsel, code: str, value: str) -> None:
    sub = CatalogueEntry.objects.get(year=2025, code=code)
    services.sub_indicator_value_set(
        pemda=kalsel, sub_indicator=sub, by=None, value=None, verified_value=Decimal(value)
    )


def ranked(page: str) -> list[tuple[str, str]]:
    """(rank, unit code) of the ranking's rows, top down."""
    body = page.split('class="scores ranking"')[1].split("</table>")[0]
    return re.findall(
        r'<td class="num" data-sort-value="[^"]*">([^<]*)</td>\s*<th scope="row" '
        r'data-sort-value="[^"]*"><a href="/unit/([^/]+)/',
        body,
    )


@pytest.fixture
def verified(two_of_three_delivered):
    """BPKAD's 7.1.1 verified at 80 (its 7.2.1 not yet), Biro Hukum's 7.1.2 at 60."""
    kalsel = two_of_three_delivered["kalsel"]
    verify(kalsel, "7.1.1", "80")
    verify(kalsel, "7.1.2", "60")
    return two_of_three_delivered


def test_each_opds_derived_mcp_follows_the_opd_page_rule(verified):
    units = verified
    derived = opd_mcps(units["kalsel"], 2025)
    bpkad = derived[units["bpkad"].pk]
    assert (bpkad.value, bpkad.basis, bpkad.owned) == (Decimal(80), 1, 2)
    assert derived[units["biro-hukum"].pk].value == Decimal(60)
    assert derived[units["biro-pbj"].pk].value is None  # owns 3.1.1, not verified
    assert units["bappeda"].pk not in derived
    assert opd_mcps(units["kalsel"], 2024) == {}


def test_the_ranking_uses_the_derived_mcp_with_its_basis(
    verified, official_data, as_user, inspektorat_user
):
    page = as_user(inspektorat_user).get("/?unit=kalsel&year=2025").content.decode()
    assert ranked(page)[:2] == [("1", "bpkad"), ("2", "biro-hukum")]
    cell = page.split('data-testid="mcp-bpkad">')[1].split("</td>")[0]
    assert '"derived-bpkad">80,00<' in cell
    assert "1/2 sub-ind." in cell
    assert 'data-testid="derived-note"' in page
    assert "diturunkan dari dokumen OPD" in page  # the footnote, in Indonesian


def test_a_typed_mcp_takes_the_derived_ones_place_and_names_its_source(
    verified, official_data, as_user, inspektorat_user
):
    score_services.score_set(
        unit=verified["biro-hukum"],
        indicator=Indicator.objects.get(code="mcp"),
        year=2025,
        value=Decimal("91.5"),
        by=None,
        source="Penilaian mandiri Inspektorat",
    )
    page = as_user(inspektorat_user).get("/?unit=kalsel&year=2025").content.decode()
    assert ranked(page)[:2] == [("1", "biro-hukum"), ("2", "bpkad")]
    cell = page.split('data-testid="mcp-biro-hukum">')[1].split("</td>")[0]
    assert "91,50" in cell and "Penilaian mandiri Inspektorat" in cell
    assert "derived-biro-hukum" not in cell


def test_the_derived_mcp_is_only_for_the_workbooks_year(
    verified, official_data, as_user, inspektorat_user
):
    page = as_user(inspektorat_user).get("/?unit=kalsel&year=2024").content.decode()
    assert 'data-testid="derived-' not in page


def test_the_ranking_can_rank_by_document_fulfilment(
    verified, official_data, as_user, inspektorat_user
):
    client = as_user(inspektorat_user)
    page = client.get("/?unit=kalsel&year=2025&rank_by=documents").content.decode()
    # Biro Hukum 1/1 delivered, BPKAD 1/2, Biro PBJ 0/1; OPDs owning nothing: unranked.
    assert ranked(page)[:3] == [("1", "biro-hukum"), ("2", "bpkad"), ("3", "biro-pbj")]
    assert ranked(page)[3][0] == "–"
    assert 'aria-current="true" data-testid="rank-by-documents"' in page
    assert "Urutkan menurut" in page
    # The year switch keeps the order chosen.
    assert '<input type="hidden" name="rank_by" value="documents">' in page
    by_mcp = client.get("/?unit=kalsel&year=2025").content.decode()
    assert 'aria-current="true" data-testid="rank-by-mcp"' in by_mcp


@pytest.mark.parametrize("junk", ["x", "", "documents'--", "MCP"])
def test_an_unknown_order_falls_back_to_the_mcp(
    junk, verified, official_data, as_user, inspektorat_user
):
    response = as_user(inspektorat_user).get(
        "/", {"unit": "kalsel", "year": 2025, "rank_by": junk}
    )
    assert response.status_code == 200
    assert ranked(response.content.decode())[:2] == [("1", "bpkad"), ("2", "biro-hukum")]


def dashboard_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboards_queries_do_not_grow_with_the_workbook(
    official_data, as_user, inspektorat_user
):
    """The workbook's fulfilment and derived MCP cost the same at 2 OPDs × 12 documents
    (2024's workbook) and at 8 OPDs × 80 documents (2025's), in either order."""
    client = as_user(inspektorat_user)
    kalsel = official_data["kalsel"]
    opds = list(Unit.objects.filter(parent=kalsel, level=Unit.Level.SKPD).order_by("code"))
    client.get("/")  # session and permission caches
    counts = {}
    for year, opd_count, documents in [(2024, 2, 12), (2025, 8, 80)]:
        synthetic.open_workbook(
            kalsel, year, opds[:opd_count], synthetic.build_catalogue(year, documents)
        )
        page = client.get(f"/?unit=kalsel&year={year}").content.decode()
        assert 'data-testid="derived-' in page  # the derived MCP is read and shown
        counts[year] = [
            dashboard_queries(client, f"/?unit=kalsel&year={year}&rank_by={order}")
            for order in ("mcp", "documents")
        ]
    assert counts[2024] == counts[2025]
