"""The grid without JavaScript: one submit saves every changed cell, or none."""

import re
from decimal import Decimal

from scores.models import Score
from tests.scores.entry.support import cell_fields, cell_key, save_score


def grid_form(client, url="/entry/?year=2023"):
    page = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data |= dict(re.findall(r'<input id="[^"]+" name="(v-[^"]+)" value="([^"]*)"', page))
    data.pop("csrfmiddlewaretoken", None)
    # What the inspector chooses once above the grid for values typed into empty cells.
    data |= {"new-status": "final", "new-source": "Laporan MCP KPK 2023"}
    return page, data


def test_it_saves_only_the_changed_cells(as_user, inspektorat_user, official_data, indicators):
    client = as_user(inspektorat_user)
    bpkad = official_data["bpkad"]
    _, data = grid_form(client)
    data[f"v-{cell_key(bpkad, indicators['mcp'])}"] = "81,5"
    data[f"v-{cell_key(bpkad, indicators['iin'])}"] = "72.25"
    before = Score.history.count()
    response = client.post("/entry/save/", data, follow=True)
    assert "2 nilai tersimpan." in response.content.decode()
    assert Score.history.count() == before + 2
    values = dict(
        Score.objects.filter(unit=bpkad, year=2023).values_list("indicator__code", "value")
    )
    assert values == {"mcp": Decimal("81.5"), "iin": Decimal("72.25")}


def test_one_bad_cell_saves_nothing_and_shows_its_message(
    as_user, inspektorat_user, official_data, indicators
):
    client = as_user(inspektorat_user)
    bpkad, kalsel = official_data["bpkad"], official_data["kalsel"]
    _, data = grid_form(client)
    good, bad = cell_key(bpkad, indicators["mcp"]), cell_key(bpkad, indicators["iin"])
    data[f"v-{good}"] = "81,5"
    data[f"v-{bad}"] = "120"
    data[f"v-{cell_key(kalsel, indicators['mcp'])}"] = "85"  # a final value, no reason given
    response = client.post("/entry/save/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert "Tidak ada yang disimpan: 2 nilai perlu diperbaiki." in page
    assert "Nilai 120 di luar rentang 0–100." in page
    assert f'name="reason-{cell_key(kalsel, indicators["mcp"])}"' in page
    assert f'name="v-{good}" value="81,5"' in page
    assert not Score.objects.filter(unit=bpkad, year=2023).exists()
    assert Score.objects.get(unit=kalsel, indicator__code="mcp", year=2023).value == Decimal(
        "84.73"
    )


def test_the_general_reason_lets_final_values_change(
    as_user, inspektorat_user, official_data, indicators
):
    client = as_user(inspektorat_user)
    kalsel = official_data["kalsel"]
    _, data = grid_form(client)
    data[f"v-{cell_key(kalsel, indicators['mcp'])}"] = "85"
    data["reason"] = "Angka resmi KPK"
    client.post("/entry/save/", data)
    score = Score.objects.get(unit=kalsel, indicator__code="mcp", year=2023)
    assert score.value == 85 and score.history.first().history_change_reason == "Angka resmi KPK"


def test_an_untouched_grid_changes_nothing_even_when_others_saved_meanwhile(
    as_user, inspektorat_user, superuser, official_data, indicators
):
    client = as_user(inspektorat_user)
    bpkad = official_data["bpkad"]
    _, data = grid_form(client)
    save_score(bpkad, indicators["mcp"], 2023, "66", superuser)
    response = client.post("/entry/save/", data, follow=True)
    assert "Tidak ada perubahan." in response.content.decode()
    assert Score.objects.get(unit=bpkad, indicator__code="mcp", year=2023).value == 66


def test_a_cell_changed_by_someone_else_is_refused(
    as_user, inspektorat_user, superuser, official_data, indicators
):
    client = as_user(inspektorat_user)
    bpkad = official_data["bpkad"]
    page, data = grid_form(client)
    key = cell_key(bpkad, indicators["mcp"])
    assert cell_fields(page, key)[f"ver-{key}"] == "0"
    save_score(bpkad, indicators["mcp"], 2023, "66", superuser)
    data[f"v-{key}"] = "70"
    page = client.post("/entry/save/", data).content.decode()
    assert "66,00" in page and "admin" in page


def test_it_refuses_get_and_unknown_forms(as_user, inspektorat_user, pimpinan_user, official_data):
    client = as_user(inspektorat_user)
    assert client.get("/entry/save/").status_code == 405
    assert client.post("/entry/save/", {"year": "abc"}).status_code == 400
    assert as_user(pimpinan_user).post("/entry/save/", {"year": "2023"}).status_code == 403
