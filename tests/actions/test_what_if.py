from decimal import Decimal

import pytest

from actions.selectors import what_if
from scores.models import FrameworkArea, Target
from scores.services import year_lock

APIP_UP = {"unit": "kalsel", "year": "2023", "area-mcp.apip": "89,66"}


def with_versions(params: dict) -> dict:
    """The form as the page sends it: each area's saved target version (0: none)."""
    versions = {}
    for name in params:
        if name.startswith("area-"):
            code = name.removeprefix("area-")
            target = Target.objects.filter(
                unit__code=params["unit"], year=int(params["year"]), indicator__code=code
            ).first()
            versions[f"ver-{code}"] = str(target.version if target else 0)
    return params | versions


def test_raising_apip_by_20_lifts_kalsel_2023_by_20_over_7(official_data):
    kalsel = official_data["kalsel"]
    assert not any(fa.weight for fa in FrameworkArea.objects.filter(year=2023))
    result = what_if(kalsel, 2023, {"mcp.apip": Decimal("89.66")})
    assert result.scenario.equal_weights
    assert result.baseline.value == Decimal("84.65")
    assert result.scenario.value == Decimal("87.51")
    assert result.change == Decimal("2.86")
    apip = next(row for row in result.areas if row.area.code == "mcp.apip")
    assert apip.share == Decimal(1) / 7
    assert round(apip.gain, 2) == round(Decimal(20) / 7, 2)
    assert result.band.label_id == "Hijau"


def test_the_htmx_fragment_shows_the_numbers_in_indonesian(
    as_user, inspektorat_user, official_data
):
    response = as_user(inspektorat_user).get(
        "/what-if/", APIP_UP | {"part": "result"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not page.lstrip().startswith("<!DOCTYPE")
    assert "87,51" in page and "+2,86" in page and "84,65" in page and "84,73" in page
    assert "0,143" in page  # the gain per area point: one seventh


def test_the_full_page_has_inputs_that_recompute_on_typing(
    as_user, inspektorat_user, official_data
):
    page = as_user(inspektorat_user).get("/what-if/?unit=kalsel&year=2023").content.decode()
    assert 'hx-trigger="input delay:300ms"' in page
    assert 'name="area-mcp.apip"' in page and 'value="69,66"' in page
    assert "Simpan skenario" in page


def test_a_bad_value_is_named_and_left_out(as_user, inspektorat_user, official_data):
    params = APIP_UP | {"area-mcp.pbj": "banyak", "area-mcp.asn": "120", "part": "result"}
    page = as_user(inspektorat_user).get("/what-if/", params, HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert "“banyak” bukan angka" in text and "di luar rentang" in text
    assert "87,51" in text


def test_anonymous_users_are_sent_to_log_in(client, official_data):
    assert client.get("/what-if/").status_code == 302


@pytest.mark.parametrize("role", ["inspektorat_user", "pimpinan_user", "superuser"])
def test_roles_that_see_the_province_simulate_it(request, as_user, official_data, role):
    page = as_user(request.getfixturevalue(role)).get("/what-if/").content.decode()
    assert "Pengawasan APIP" in page


def test_an_skpd_head_cannot_simulate_another_unit(as_user, kepala_bpkad, official_data):
    client = as_user(kepala_bpkad)
    assert client.get("/what-if/?unit=kalsel&year=2023").status_code == 404
    assert client.get("/what-if/").status_code == 200


def test_an_unknown_year_falls_back_to_one_with_a_framework(
    as_user, inspektorat_user, official_data
):
    response = as_user(inspektorat_user).get("/what-if/?unit=kalsel&year=abc")
    assert response.status_code == 200


def test_nothing_is_saved_by_simulating(as_user, inspektorat_user, official_data):
    as_user(inspektorat_user).get("/what-if/", APIP_UP, HTTP_HX_REQUEST="true")
    assert not Target.objects.filter(year=2023, indicator__code="mcp.apip").exists()


def test_the_inspectorate_saves_the_scenario_as_targets(as_user, inspektorat_user, official_data):
    response = as_user(inspektorat_user).post(
        "/what-if/save/", with_versions(APIP_UP), follow=True
    )
    target = Target.objects.get(unit__code="kalsel", year=2023, indicator__code="mcp.apip")
    assert target.value == Decimal("89.66") and target.updated_by == inspektorat_user
    assert "disimpan" in response.content.decode()


@pytest.mark.parametrize("role", ["pimpinan_user", "kepala_bpkad"])
def test_only_users_who_change_targets_may_save(request, as_user, official_data, role):
    response = as_user(request.getfixturevalue(role)).post("/what-if/save/", APIP_UP)
    assert response.status_code == 403
    assert not Target.objects.filter(year=2023, indicator__code="mcp.apip").exists()


def test_saving_into_a_locked_year_saves_nothing_and_says_why(
    as_user, inspektorat_user, official_data
):
    year_lock(year=2023, by=None, reason="Diverifikasi KPK")
    params = with_versions(APIP_UP | {"area-mcp.pbj": "96"})
    response = as_user(inspektorat_user).post("/what-if/save/", params, follow=True)
    assert "dikunci" in response.content.decode()
    assert not Target.objects.filter(year=2023, indicator__code__startswith="mcp.").exists()


def test_saving_bad_values_saves_nothing(as_user, inspektorat_user, official_data):
    params = APIP_UP | {"area-mcp.pbj": "banyak"}
    as_user(inspektorat_user).post("/what-if/save/", params)
    assert not Target.objects.filter(year=2023, indicator__code__startswith="mcp.").exists()


def test_save_refuses_get(as_user, inspektorat_user, official_data):
    assert as_user(inspektorat_user).get("/what-if/save/").status_code == 405


def test_the_fragment_reads_a_fixed_number_of_queries(
    as_user, inspektorat_user, official_data, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    one_area = APIP_UP | {"part": "result"}
    with django_assert_max_num_queries(20) as first:
        client.get("/what-if/", one_area, HTTP_HX_REQUEST="true")
    every_area = one_area | {"area-mcp.pbj": "96", "area-mcp.asn": "90", "area-mcp.bmd": "80"}
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/what-if/", every_area, HTTP_HX_REQUEST="true")
