import datetime
from decimal import Decimal

import pytest

from scores.models import Score, Target
from tests.scores.entry.support import cell_key, save_score

URL = "/entry/2023/unit/bpkad/"


def form_data(client, url=URL):
    import re

    page = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data |= dict(re.findall(r'<input name="((?:v|source)-[^"]+)" value="([^"]*)"', page))
    data |= dict(re.findall(r'<input type="date" name="([^"]+)" value="([^"]*)"', page))
    data |= dict.fromkeys(re.findall(r'<select name="(status-[^"]+)"', page), "final")
    data |= dict.fromkeys(re.findall(r'<textarea name="([^"]+)"', page), "")
    data.pop("csrfmiddlewaretoken", None)
    return page, data


def test_anonymous_and_readers_are_kept_out(client, as_user, pimpinan_user, official_units):
    assert client.get(URL).status_code == 302
    assert as_user(pimpinan_user).get(URL).status_code == 403


def test_it_lists_every_indicator_that_counts_with_targets(
    as_user, inspektorat_user, official_units, indicators
):
    page = as_user(inspektorat_user).get(URL).content.decode()
    bpkad = official_units["bpkad"]
    for code in ("mcp", "mcp.pbj", "iin", "ipak"):
        assert f'name="v-{cell_key(bpkad, indicators[code])}"' in page
        assert f'name="v-{cell_key(bpkad, indicators[code], "t")}"' in page
    assert f"v-{cell_key(bpkad, indicators['mcp.keuangan_desa'])}" not in page


def test_it_saves_value_status_date_source_note_and_target(
    as_user, inspektorat_user, official_units, indicators
):
    client = as_user(inspektorat_user)
    bpkad = official_units["bpkad"]
    key, target_key = cell_key(bpkad, indicators["mcp"]), cell_key(bpkad, indicators["mcp"], "t")
    _, data = form_data(client)
    data |= {
        f"v-{key}": "61,2",
        f"status-{key}": "progress",
        f"as_of-{key}": "2023-10-15",
        f"source-{key}": "Laporan Inspektorat",
        f"note-{key}": "capaian sementara",
        f"v-{target_key}": "90",
        f"source-{target_key}": "RKPD",
    }
    response = client.post(URL, data, follow=True)
    assert "2 nilai tersimpan." in response.content.decode()
    score = Score.objects.get(unit=bpkad, indicator=indicators["mcp"], year=2023)
    assert (score.value, score.status, score.as_of) == (
        Decimal("61.2"),
        "progress",
        datetime.date(2023, 10, 15),
    )
    assert (score.source, score.note) == ("Laporan Inspektorat", "capaian sementara")
    assert Target.objects.get(unit=bpkad, indicator=indicators["mcp"], year=2023).value == 90


@pytest.mark.parametrize(
    "field, text, message",
    [
        ("as_of", "31-31-2023", "tanggal"),
        ("status", "bogus", "Pilih status"),
        ("v", "x", "bukan angka"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(
    as_user, inspektorat_user, official_units, indicators, field, text, message
):
    client = as_user(inspektorat_user)
    bpkad = official_units["bpkad"]
    key = cell_key(bpkad, indicators["mcp"])
    _, data = form_data(client)
    data |= {f"v-{key}": "61", f"v-{cell_key(bpkad, indicators['iin'])}": "70"}
    data[f"{field}-{key}"] = text
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Score.objects.filter(unit=bpkad).exists()


def test_a_locked_year_is_read_only(as_user, inspektorat_user, official_units, indicators):
    from scores import services

    save_score(official_units["bpkad"], indicators["mcp"], 2023, "70", inspektorat_user)
    services.year_lock(year=2023, by=inspektorat_user, reason="Selesai")
    page = as_user(inspektorat_user).get(URL).content.decode()
    assert 'name="v-' not in page and "70,00" in page


def test_wrong_method_and_bad_year(as_user, inspektorat_user, official_units):
    client = as_user(inspektorat_user)
    assert client.put(URL).status_code == 405
    assert client.get("/entry/1800/unit/bpkad/").status_code == 404
    assert client.get("/entry/2023/unit/nope/").status_code == 404
