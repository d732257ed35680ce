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
