"""The dashboard and the unit page show the evidence counts and overdue plans."""

import re

from tests.actions.conftest import make_plan


def evidence_row(page: str, area_name: str) -> str:
    section = page[page.index('class="card evidence-counts"') :]
    match = re.search(rf"<th[^>]*>\s*{re.escape(area_name)}\s*</th>(.*?)</tr>", section, re.S)
    assert match, f"no evidence row for {area_name}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_dashboard_counts_evidence_per_area(
    as_user, inspektorat_user, official_data, bpkad_evidence
):
    page = as_user(inspektorat_user).get("/?year=2023").content.decode()
    assert "Bukti dukung per area" in page
    assert evidence_row(page, "Pengelolaan Barang Milik Daerah").split()[0] == "1"


def test_the_dashboard_lists_overdue_plans_per_unit(
    as_user, inspektorat_user, official_data, indicators
):
    make_plan(official_data, indicators, owner="bappeda", days=-3)
    page = as_user(inspektorat_user).get("/?year=2023").content.decode()
    assert "Rencana aksi terlambat per unit" in page
    assert "1 terlambat" in page


def test_the_unit_page_counts_the_units_evidence(
    as_user, kepala_bpkad, official_data, bpkad_evidence
):
    page = as_user(kepala_bpkad).get("/unit/bpkad/").content.decode()
    assert "Bukti dukung per area" in page


def test_the_unit_pages_evidence_counts_stay_cached_when_a_value_is_typed(
    as_user, inspektorat_user, official_data, bpkad_evidence
):
    """Issue 18: the counts are cached under the pemda's `evidence:` scope alone, so
    the first request after a score write does not count them again; a change of the
    evidence itself is seen at once."""
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actions import services as action_services
    from scores import services
    from scores.models import Indicator

    def type_mcp(value: str) -> None:  # 2023: the year whose evidence the page counts
        services.score_set(
            unit=official_data["bpkad"],
            indicator=Indicator.objects.get(code="mcp"),
            year=2023,
            value=Decimal(value),
            by=None,
            reason="Koreksi",
        )

    type_mcp("80")
    client = as_user(inspektorat_user)  # no head: nothing per user reads evidence
    client.get("/unit/bpkad/")
    type_mcp("81")
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/unit/bpkad/").content.decode()
    assert "81,00" in page  # the page itself was computed again
    assert not [query["sql"] for query in captured if '"actions_evidence"' in query["sql"]]
    assert evidence_row(page, "Pengelolaan Barang Milik Daerah").split()[:2] == ["1", "0"]

    action_services.evidence_submit(evidence=bpkad_evidence, by=None)
    page = client.get("/unit/bpkad/").content.decode()
    assert evidence_row(page, "Pengelolaan Barang Milik Daerah").split()[:2] == ["0", "1"]
