"""Bulk assignment by area from the overview: every document of an area to one OPD."""

import pytest

from workbook.models import DocumentRecord

pytestmark = pytest.mark.django_db


def owners():
    return dict(DocumentRecord.objects.values_list("document__code", "owner__code"))


def test_the_inspektorat_gives_an_areas_documents_to_one_opd(
    catalogue_2025, official_units, inspektorat_user, as_user
):
    area = catalogue_2025.wanted[("area", "mcp.bmd")].area_id
    client = as_user(inspektorat_user)
    page = client.get("/mcp/2025/?pemda=kalsel").content.decode()
    fingerprint = page.split(f'name="version-{area}" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/mcp/2025/assign/?pemda=kalsel",
        {"area": area, "owner": "bappeda", f"version-{area}": fingerprint},
        follow=True,
    )
    assert owners() == {
        "7.1.1.1": "bappeda",
        "7.1.1.2": "bappeda",
        "7.1.2.1": "bappeda",
        "3.1.1.1": "biro-pbj",  # another area: unchanged
    }
    assert "3 dokumen" in response.content.decode()
    record = DocumentRecord.objects.get(document__code="7.1.1.1")
    assert record.history.first().history_change_reason == "Ditugaskan per area"


@pytest.mark.parametrize(
    "data",
    [{"area": "", "owner": "bappeda"}, {"owner": "banjar"}, {"area": "x", "owner": "entah"}],
)
def test_a_bad_choice_changes_nothing_and_says_why(
    catalogue_2025, inspektorat_user, as_user, data
):
    data = {"area": catalogue_2025.wanted[("area", "mcp.bmd")].area_id, **data}
    before = owners()
    response = as_user(inspektorat_user).post("/mcp/2025/assign/?pemda=kalsel", data, follow=True)
    assert "Pilih area dan OPD dari pemda ini." in response.content.decode()
    assert owners() == before


def test_an_skpd_head_may_not_assign(catalogue_2025, kepala_bpkad, as_user):
    area = catalogue_2025.wanted[("area", "mcp.bmd")].area_id
    response = as_user(kepala_bpkad).post("/mcp/2025/assign/", {"area": area, "owner": "bpkad"})
    assert response.status_code == 403
