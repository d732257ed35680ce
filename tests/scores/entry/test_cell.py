from decimal import Decimal

import pytest

from scores import services
from scores.models import Score
from tests.scores.entry.support import cell_key, save_score

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def bpkad(official_units):
    return official_units["bpkad"]


@pytest.fixture
def mcp_cell(bpkad, indicators):
    key = cell_key(bpkad, indicators["mcp"])
    return key, f"/entry/2023/cell/{key}/"


# What the grid asks once above the table for values typed into empty cells.
NEW_VALUES = {"new-status": "final", "new-source": "Laporan MCP KPK 2023"}


def fields(key, value, version=0, **extra):
    data = {f"v-{key}": value, f"ver-{key}": str(version), f"was-{key}": ""} | NEW_VALUES
    data.update({f"{name}-{key}": text for name, text in extra.items()})
    return data


def stored(bpkad, indicators):
    return Score.objects.filter(unit=bpkad, indicator=indicators["mcp"], year=2023).first()


def test_anonymous_users_are_sent_to_log_in(client, mcp_cell):
    key, url = mcp_cell
    response = client.post(url, fields(key, "80"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("who", ["pimpinan_user", "kepala_bpkad"])
def test_readers_and_unit_heads_cannot_save(as_user, request, mcp_cell, bpkad, indicators, who):
    key, url = mcp_cell
    response = as_user(request.getfixturevalue(who)).post(url, fields(key, "80"), **HTMX)
    assert response.status_code == 403
    assert stored(bpkad, indicators) is None


def test_it_refuses_get(as_user, inspektorat_user, mcp_cell):
    assert as_user(inspektorat_user).get(mcp_cell[1]).status_code == 405


def test_htmx_gets_the_saved_cell_alone_with_its_new_version(
    as_user, superuser, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    response = as_user(superuser).post(url, fields(key, " 84,73% "), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith(f'<td id="cell-{key}"') and "<html" not in page
    assert f'name="v-{key}" value="84,73"' in page and f'name="ver-{key}" value="1"' in page
    assert "Tersimpan" in page
    assert stored(bpkad, indicators).value == Decimal("84.73")


def test_a_bad_value_shows_the_message_in_the_cell(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    client = as_user(inspektorat_user)
    page = client.post(url, fields(key, "120"), **HTMX).content.decode()
    assert "Nilai 120 di luar rentang 0–100." in page and 'value="120"' in page
    assert 'aria-invalid="true"' in page
    for text in ("abc", "1.234,5", "8" * 100, "1e5", "NaN", "--1", "84,731"):
        response = client.post(url, fields(key, text), **HTMX)
        assert response.status_code == 200 and 'class="cell-error"' in response.content.decode()
    assert stored(bpkad, indicators) is None


def test_a_plain_post_gets_the_full_page(as_user, inspektorat_user, mcp_cell, bpkad, indicators):
    key, url = mcp_cell
    response = as_user(inspektorat_user).post(url, fields(key, "80"), follow=True)
    page = response.content.decode()
    assert "<html" in page and "1 nilai tersimpan." in page
    assert stored(bpkad, indicators).value == 80


def test_a_stale_version_is_refused_with_who_saved_and_the_value(
    as_user, inspektorat_user, superuser, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    save_score(bpkad, indicators["mcp"], 2023, "70", superuser, status="progress")
    page = as_user(inspektorat_user).post(url, fields(key, "80"), **HTMX).content.decode()
    assert "admin" in page and "70,00" in page and "Muat ulang" in page
    assert stored(bpkad, indicators).value == 70


def test_a_final_value_asks_for_a_reason_before_it_saves(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    save_score(bpkad, indicators["mcp"], 2023, "70", inspektorat_user)
    client = as_user(inspektorat_user)
    page = client.post(url, fields(key, "75", version=1), **HTMX).content.decode()
    assert f'name="reason-{key}"' in page and "alasan" in page
    assert stored(bpkad, indicators).value == 70
    client.post(url, fields(key, "75", version=1, reason="Koreksi verifikasi"), **HTMX)
    score = stored(bpkad, indicators)
    assert score.value == 75
    assert score.history.first().history_change_reason == "Koreksi verifikasi"


def test_emptying_a_cell_asks_for_confirmation_then_deletes_with_history(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    save_score(bpkad, indicators["mcp"], 2023, "70", inspektorat_user, status="progress")
    client = as_user(inspektorat_user)
    page = client.post(url, fields(key, "", version=1), **HTMX).content.decode()
    assert f'name="confirm-{key}"' in page and "Hapus 70,00?" in page
    assert stored(bpkad, indicators) is not None
    page = client.post(url, fields(key, "", version=1, confirm="1"), **HTMX).content.decode()
    assert stored(bpkad, indicators) is None
    assert f'name="v-{key}" value=""' in page and f'name="ver-{key}" value="0"' in page
    assert Score.history.filter(unit=bpkad, history_type="-").count() == 1


@pytest.mark.parametrize("text", ["   ", "%"])
def test_text_that_means_no_value_asks_to_confirm_the_removal_too(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators, text
):
    key, url = mcp_cell
    save_score(bpkad, indicators["mcp"], 2023, "70", inspektorat_user, status="progress")
    page = as_user(inspektorat_user).post(url, fields(key, text, version=1), **HTMX)
    assert "Hapus 70,00?" in page.content.decode()
    assert stored(bpkad, indicators).value == 70


def test_saving_an_area_refreshes_the_row_estimate_out_of_band(
    as_user, inspektorat_user, bpkad, indicators
):
    key = cell_key(bpkad, indicators["mcp.pbj"])
    response = as_user(inspektorat_user).post(
        f"/entry/2023/cell/{key}/", fields(key, "77,5"), **HTMX
    )
    page = response.content.decode()
    assert f'<td id="est-{bpkad.pk}"' in page and 'hx-swap-oob="true"' in page
    assert "≈ 77,50" in page


def test_a_locked_year_refuses_the_save_in_the_cell(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    services.year_lock(year=2023, by=inspektorat_user, reason="Final KPK")
    page = as_user(inspektorat_user).post(url, fields(key, "80"), **HTMX).content.decode()
    assert "Tahun 2023 dikunci" in page
    assert stored(bpkad, indicators) is None


def test_an_unchanged_value_in_a_locked_year_comes_back_read_only(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    """The service accepts a save that changes nothing without looking at the lock; the
    cell must still show that the year is closed (a grid opened before the lock)."""
    key, url = mcp_cell
    save_score(bpkad, indicators["mcp"], 2023, "80", inspektorat_user, status="progress")
    services.year_lock(year=2023, by=inspektorat_user, reason="Final KPK")
    page = as_user(inspektorat_user).post(url, fields(key, "80,0", version=1), **HTMX)
    assert page.status_code == 200
    assert "hx-post" not in page.content.decode()
    assert 'class="cell-value">80,00<' in page.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/entry/2023/cell/s-999999-1/", "/entry/2023/cell/s-1-999999/", "/entry/1900/cell/s-1-1/"],
)
def test_unknown_units_indicators_and_years_are_404(as_user, inspektorat_user, bpkad, url):
    assert as_user(inspektorat_user).post(url, {}, **HTMX).status_code == 404


def test_a_missing_version_is_refused(as_user, inspektorat_user, mcp_cell, bpkad, indicators):
    key, url = mcp_cell
    client = as_user(inspektorat_user)
    for version in ("", "x", "-3"):
        data = fields(key, "80") | {f"ver-{key}": version}
        page = client.post(url, data, **HTMX).content.decode()
        assert "Muat ulang" in page
    assert client.post(url, {}, **HTMX).status_code == 200
    assert stored(bpkad, indicators) is None


def test_a_retired_unit_cannot_be_written_through_a_crafted_cell(
    as_user, inspektorat_user, official_units, indicators
):
    bappeda = official_units["bappeda"]
    bappeda.is_active = False
    bappeda.save()
    key = f"s-{bappeda.pk}-{indicators['mcp'].pk}"
    response = as_user(inspektorat_user).post(f"/entry/2023/cell/{key}/", {f"v-{key}": "80"})
    assert response.status_code == 404
    assert not bappeda.scores.exists()


# Issue 16: a value typed into an empty cell gets the status and source chosen once
# above the grid, so it never becomes an official-looking figure without a source.


def test_a_new_value_without_a_chosen_status_is_refused(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    data = fields(key, "80") | {"new-status": "", "new-source": ""}
    page = as_user(inspektorat_user).post(url, data, **HTMX).content.decode()
    assert "Pilih di atas tabel apakah nilai baru final atau sementara." in page
    assert 'value="80"' in page and 'aria-invalid="true"' in page
    assert stored(bpkad, indicators) is None


def test_a_new_final_value_needs_its_source(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    data = fields(key, "80") | {"new-status": "final", "new-source": "  "}
    page = as_user(inspektorat_user).post(url, data, **HTMX).content.decode()
    assert "Nilai final memerlukan sumbernya" in page
    assert stored(bpkad, indicators) is None


def test_a_new_value_gets_the_status_and_source_chosen_above_the_grid(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    client = as_user(inspektorat_user)
    client.post(url, fields(key, "80") | {"new-status": "progress", "new-source": ""}, **HTMX)
    score = stored(bpkad, indicators)
    assert (score.value, score.status, score.source) == (80, Score.Status.PROGRESS, "")
    score.delete()
    client.post(url, fields(key, "81") | {"new-source": " Laporan MCP KPK 2023 "}, **HTMX)
    score = stored(bpkad, indicators)
    assert (score.status, score.source) == (Score.Status.FINAL, "Laporan MCP KPK 2023")


def test_a_changed_value_keeps_its_own_status_and_source(
    as_user, inspektorat_user, mcp_cell, bpkad, indicators
):
    key, url = mcp_cell
    save_score(
        bpkad, indicators["mcp"], 2023, "70", inspektorat_user, status="progress", source="TW II"
    )
    data = fields(key, "75", version=1) | {"new-status": "", "new-source": ""}
    as_user(inspektorat_user).post(url, data, **HTMX)
    score = stored(bpkad, indicators)
    assert (score.value, score.status, score.source) == (75, Score.Status.PROGRESS, "TW II")


def test_the_grid_asks_the_status_and_source_of_new_values_once(
    as_user, inspektorat_user, official_data
):
    page = as_user(inspektorat_user).get("/entry/?year=2023").content.decode()
    assert page.count('name="new-status"') == 1 and page.count('name="new-source"') == 1
    assert '<option value="">— pilih —</option>' in page
    assert "new-status,new-source" in page  # every cell's save sends them


def test_a_new_target_gets_the_source_chosen_above_the_grid(
    as_user, inspektorat_user, bpkad, indicators
):
    """A target typed into an empty cell names where it comes from (the RPJMD, a
    governor's decree), like a value does; before, it was stored with no source."""
    key = cell_key(bpkad, indicators["mcp"], kind="t")
    data = fields(key, "90") | {"new-status": "final", "new-source": " RPJMD 2021–2026 "}
    as_user(inspektorat_user).post(f"/entry/2023/cell/{key}/", data, **HTMX)
    target = bpkad.targets.get(indicator=indicators["mcp"], year=2023)
    assert (target.value, target.source) == (90, "RPJMD 2021–2026")


def test_a_new_target_with_a_too_long_source_is_refused_whole(
    as_user, inspektorat_user, bpkad, indicators
):
    key = cell_key(bpkad, indicators["mcp"], kind="t")
    data = fields(key, "90") | {"new-source": "x" * 256}
    page = as_user(inspektorat_user).post(f"/entry/2023/cell/{key}/", data, **HTMX)
    assert "terlalu panjang" in page.content.decode()
    assert not bpkad.targets.exists()
