import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scores import services
from scores.models import Score
from skpd.models import Unit
from tests.scores.entry.support import cell_key, save_score

GRID = "/entry/"


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(GRID)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["pimpinan_user", "kepala_bpkad"])
def test_readers_and_unit_heads_are_refused(as_user, request, official_data, who):
    assert as_user(request.getfixturevalue(who)).get(GRID).status_code == 403


def test_a_head_given_the_entry_right_still_gets_only_their_own_unit(
    as_user, kepala_bpkad, official_data
):
    """The grid without a unit falls back to the province, which is not theirs: a unit
    the user may not see answers 404, like one that does not exist."""
    from django.contrib.auth.models import Permission

    kepala_bpkad.user_permissions.add(Permission.objects.get(codename="change_score"))
    client = as_user(kepala_bpkad)
    assert client.get(GRID).status_code == 404
    assert client.get(f"{GRID}?unit=kalsel").status_code == 404
    assert client.get(f"{GRID}?unit=bpkad").status_code == 200


def test_a_head_given_the_entry_right_finds_no_other_units_cells_or_page(
    as_user, kepala_bpkad, official_data, indicators
):
    """Another unit's cell, history and entry page answer 404, exactly like a unit that
    does not exist (skpd.access's rule); their own unit's open."""
    from django.contrib.auth.models import Permission

    kepala_bpkad.user_permissions.add(Permission.objects.get(codename="change_score"))
    client = as_user(kepala_bpkad)
    mcp = indicators["mcp"]
    own, other = (cell_key(official_data[code], mcp) for code in ("bpkad", "bappeda"))
    missing = f"s-999999999-{mcp.pk}"
    assert client.get(f"/entry/2023/history/{own}/").status_code == 200
    assert client.get("/entry/2023/unit/bpkad/").status_code == 200
    for key in (other, missing):
        assert client.get(f"/entry/2023/history/{key}/").status_code == 404
        assert client.post(f"/entry/2023/cell/{key}/", {}).status_code == 404
    for code in ("bappeda", "tidak-ada"):
        assert client.get(f"/entry/2023/unit/{code}/").status_code == 404


@pytest.mark.parametrize("who", ["inspektorat_user", "superuser"])
def test_staff_and_admins_see_the_grid(as_user, request, official_data, who):
    response = as_user(request.getfixturevalue(who)).get(GRID)
    assert response.status_code == 200
    assert "Entri nilai" in response.content.decode()


def test_the_grid_refuses_post(as_user, inspektorat_user, official_data):
    assert as_user(inspektorat_user).post(GRID).status_code == 405


def test_it_defaults_to_the_province_and_its_own_latest_year(
    as_user, inspektorat_user, official_data, indicators
):
    # A kabupaten's early figure for a later year does not move the default.
    save_score(official_data["banjarbaru"], indicators["iin"], 2026, "70", inspektorat_user)
    latest = Score.objects.filter(unit__code="kalsel").order_by("-year").first().year
    page = as_user(inspektorat_user).get(GRID).content.decode()
    assert f"Pemprov Kalsel · {latest}" in page


def test_rows_are_the_unit_and_its_active_children(as_user, inspektorat_user, official_data):
    Unit.objects.filter(code="banjarbaru").update(is_active=False)
    page = as_user(inspektorat_user).get(f"{GRID}?year=2023").content.decode()
    assert ">Pemprov Kalsel</a>" in page and ">BPKAD</a>" in page
    assert ">Banjarbaru</a>" not in page


def test_it_shows_the_official_value_in_indonesian(as_user, inspektorat_user, official_data):
    page = as_user(inspektorat_user).get(f"{GRID}?year=2023").content.decode()
    assert 'value="84,73"' in page


def test_area_columns_follow_the_year_framework(
    as_user, inspektorat_user, official_data, indicators
):
    client = as_user(inspektorat_user)
    page_2023 = client.get(f"{GRID}?year=2023").content.decode()
    page_2024 = client.get(f"{GRID}?year=2024").content.decode()
    planning = f'is-area">{indicators["mcp.perencanaan"].name}</th>'
    assert f'is-area">{indicators["mcp.perencanaan_penganggaran"].name}</th>' in page_2023
    assert planning not in page_2023
    assert planning in page_2024


def test_a_province_cell_for_village_finance_does_not_count(
    as_user, inspektorat_user, official_data, indicators
):
    kalsel = official_data["kalsel"]
    page = as_user(inspektorat_user).get(f"{GRID}?year=2023").content.decode()
    assert f'name="v-{cell_key(kalsel, indicators["mcp.keuangan_desa"])}"' not in page
    banjar = official_data["banjar"]
    assert f'name="v-{cell_key(banjar, indicators["mcp.keuangan_desa"])}"' in page


def test_ipak_shows_for_the_national_unit_and_can_be_toggled(
    as_user, inspektorat_user, official_data, indicators
):
    client = as_user(inspektorat_user)
    ipak = indicators["ipak"]
    national = official_data["nasional"]
    national_page = client.get(f"{GRID}?unit=nasional&year=2023").content.decode()
    assert f'name="v-{cell_key(national, ipak)}" value="3,92"' in national_page
    hidden = client.get(f"{GRID}?unit=nasional&year=2023&ipak=0").content.decode()
    assert f"v-{cell_key(national, ipak)}" not in hidden
    province = client.get(f"{GRID}?year=2023").content.decode()
    assert f"v-{cell_key(official_data['kalsel'], ipak)}" not in province
    shown = client.get(f"{GRID}?year=2023&ipak=0&ipak=1").content.decode()
    assert f"v-{cell_key(official_data['kalsel'], ipak)}" in shown


def test_target_columns_can_be_toggled(as_user, inspektorat_user, official_data, indicators):
    client = as_user(inspektorat_user)
    key = cell_key(official_data["kalsel"], indicators["mcp"], "t")
    assert f"v-{key}" not in client.get(f"{GRID}?year=2021").content.decode()
    page = client.get(f"{GRID}?year=2021&targets=1").content.decode()
    assert f'name="v-{key}" value="90,00"' in page


def test_the_estimate_is_labelled_and_flagged_when_far_from_the_official_mcp(
    as_user, inspektorat_user, official_data, indicators
):
    bpkad = official_data["bpkad"]
    save_score(bpkad, indicators["mcp"], 2023, "90", inspektorat_user)
    save_score(bpkad, indicators["mcp.pbj"], 2023, "80", inspektorat_user)
    page = as_user(inspektorat_user).get(f"{GRID}?year=2023").content.decode()
    estimate = re.search(rf'<td id="est-{bpkad.pk}"[^>]*>(.*?)</td>', page, re.S)
    assert "flagged" in estimate.group(0)
    assert "≈ 80,00" in estimate.group(1) and "\u221210,00" in estimate.group(1)
    assert "bobot sama" in page


def test_an_unknown_unit_is_404_and_a_bad_year_falls_back(
    as_user, inspektorat_user, official_data
):
    client = as_user(inspektorat_user)
    assert client.get(f"{GRID}?unit=nope").status_code == 404
    for year in ("abc", "99999", "1800", "2023.5"):
        assert client.get(f"{GRID}?year={year}").status_code == 200


def test_a_locked_year_shows_no_editable_cell(as_user, inspektorat_user, official_data):
    services.year_lock(year=2023, by=inspektorat_user, reason="Diverifikasi KPK")
    page = as_user(inspektorat_user).get(f"{GRID}?year=2023").content.decode()
    assert 'class="cell-input"' not in page and "hx-post" not in page
    assert "84,73" in page and "Diverifikasi KPK" in page


def test_the_htmx_request_gets_only_the_grid(as_user, inspektorat_user, official_data):
    response = as_user(inspektorat_user).get(f"{GRID}?year=2023", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<form method="post"') and "<html" not in page


def test_the_nav_link_shows_only_to_those_who_may_enter(
    as_user, inspektorat_user, pimpinan_user, official_data
):
    assert 'href="/entry/"' in as_user(inspektorat_user).get("/").content.decode()
    assert 'href="/entry/"' not in as_user(pimpinan_user).get("/").content.decode()


def make_province(size: int, indicators) -> Unit:
    province = Unit.objects.create(code=f"prov-{size}", name=f"Prov {size}", level="province")
    children = Unit.objects.bulk_create(
        Unit(code=f"p{size}-skpd-{n}", name=f"SKPD {n}", level="skpd", parent=province)
        for n in range(size)
    )
    for child in children:
        for code in ("mcp", "mcp.pbj", "iin"):
            save_score(child, indicators[code], 2023, "70", None)
    return province


def grid_queries(client, province) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{GRID}?unit={province.code}&year=2023&targets=1")
    assert response.status_code == 200
    return len(captured)


def test_the_grid_query_count_does_not_grow_with_the_units(
    as_user, inspektorat_user, indicators, db
):
    client = as_user(inspektorat_user)
    small = grid_queries(client, make_province(10, indicators))
    large = grid_queries(client, make_province(40, indicators))
    assert small == large
    assert large <= 19  # three of them the navigation's counts (reminders.todo.nav_counts)
