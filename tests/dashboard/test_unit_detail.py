import re
from decimal import Decimal

import pytest

from scores import services
from scores.models import DEMO_SOURCE, Indicator


def test_anonymous_users_are_sent_to_log_in(client, official_units):
    response = client.get("/unit/kalsel/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["inspektorat_user", "pimpinan_user", "superuser"])
def test_inspektorat_pimpinan_and_admins_open_any_unit(request, as_user, official_data, role):
    response = as_user(request.getfixturevalue(role)).get("/unit/kalsel/")
    assert response.status_code == 200


def test_kepala_skpd_opens_only_their_unit(as_user, kepala_bpkad):
    client = as_user(kepala_bpkad)
    assert client.get("/unit/bpkad/").status_code == 200
    assert client.get("/unit/bappeda/").status_code == 404


def test_an_unknown_unit_is_404(as_user, inspektorat_user, official_units):
    assert as_user(inspektorat_user).get("/unit/tidak-ada/").status_code == 404


def test_it_refuses_post(as_user, inspektorat_user, official_units):
    assert as_user(inspektorat_user).post("/unit/kalsel/").status_code == 405


def test_the_trend_is_charted_against_the_parent_with_a_table_of_sources(
    as_user, inspektorat_user, official_data
):
    page = as_user(inspektorat_user).get("/unit/kalsel/").content.decode()
    for name in ("mcp-trend", "iin-trend", "ipak-trend", "area-trend"):
        assert f'id="chart-data-{name}"' in page
    assert "dibandingkan dengan Nasional (Indonesia)" in page
    assert "diskominfomc.kalselprov.go.id 2024-01-18" in page
    assert "18 Januari 2024" in page
    assert "Sementara" in page  # 2020 and 2021 values are provisional
    assert "vendor/plotly-mcp.min.js" in page


def test_the_history_shows_old_and_new_values_who_and_why(
    as_user, inspektorat_user, official_data
):
    services.score_set(
        unit=official_data["kalsel"],
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("85"),
        by=inspektorat_user,
        reason="Angka juru bicara KPK",
    )
    page = as_user(inspektorat_user).get("/unit/kalsel/").content.decode()
    assert "84,73 → 85,00" in page
    assert "Angka juru bicara KPK" in page
    # One way to show who, on every history: the full name, else the username.
    assert "<td>Staf Inspektorat</td>" in page


def test_demo_values_carry_a_visible_badge(as_user, kepala_bpkad):
    services.score_set(
        unit=kepala_bpkad.headed_units.get(),
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("80"),
        by=None,
        source=DEMO_SOURCE,
        reason="",
    )
    page = as_user(kepala_bpkad).get("/unit/bpkad/").content.decode()
    assert "data contoh: nilai buatan" in page
    assert 'class="badge demo"' in page


def test_a_unit_without_scores_gets_a_sentence_and_no_chart(as_user, kepala_bpkad):
    page = as_user(kepala_bpkad).get("/unit/bpkad/").content.decode()
    assert "Belum ada nilai untuk unit ini" in page
    assert "chart-data-" not in page
    assert "plotly" not in page


def test_it_has_a_print_style_for_one_a4_landscape_page(as_user, inspektorat_user, official_data):
    page = as_user(inspektorat_user).get("/unit/kalsel/").content.decode()
    assert "css/dashboard.css" in page
    with open("static/css/dashboard.css", encoding="utf-8") as css:
        assert "size: A4 landscape" in css.read()


def test_the_printed_pages_footer_says_its_time_is_wita(as_user, inspektorat_user, official_data):
    """House rule: a time shown carries its zone (the report's own print note did; the
    footer every printed page carries did not)."""
    page = as_user(inspektorat_user).get("/unit/kalsel/").content.decode()
    footer = re.search(r'<p class="print-footer">(.*?)</p>', page, re.S).group(1)
    assert re.search(r"Dicetak \d{1,2} \w+ \d{4} \d{2}\.\d{2} WITA\.", footer), footer


def test_the_units_head_finds_their_open_plans_and_evidence_on_the_unit_page(
    as_user, kepala_bpkad, official_units, indicators, inspektorat_user
):
    """Issue 16: the head's own work on their unit's page (after the figures, on a
    phone first of all); nobody else sees it, and the cached page does not leak it."""
    from tests.actions.conftest import make_plan
    from tests.scores.entry.support import save_score

    save_score(official_units["bpkad"], indicators["mcp"], 2023, "71", None)
    make_plan(official_units, indicators, title="Tertibkan aset BMD")
    make_plan(official_units, indicators, title="Sudah selesai", status="done")
    url = "/unit/bpkad/"
    page = as_user(inspektorat_user).get(url).content.decode()
    assert "Rencana aksi dan bukti dukung Anda" not in page
    page = as_user(kepala_bpkad).get(url).content.decode()
    assert "Rencana aksi dan bukti dukung Anda" in page
    assert "Tertibkan aset BMD" in page and "Sudah selesai" not in page
    assert page.index("Nilai per tahun") < page.index("Rencana aksi dan bukti dukung Anda")
    assert "<!-- head-work -->" not in page


def test_the_page_shows_the_newest_changes_with_a_plain_link_to_more(
    as_user, inspektorat_user, official_data
):
    """The page renders the newest HISTORY_SHOWN changes (cheaper after each write);
    ?history=all, a plain link that works without JavaScript, shows up to
    HISTORY_ALL of them."""
    from dashboard.views import HISTORY_ALL, HISTORY_SHOWN

    mcp = Indicator.objects.get(code="mcp")
    for number in range(HISTORY_SHOWN + 2):
        services.score_set(
            unit=official_data["kalsel"],
            indicator=mcp,
            year=2023,
            value=Decimal(50 + number),
            by=inspektorat_user,
            reason=f"Perubahan ke-{number}",
        )
    client = as_user(inspektorat_user)
    page = client.get("/unit/kalsel/").content.decode()
    assert "Perubahan ke-21<" in page  # the newest
    assert "Perubahan ke-1<" not in page  # beyond the newest HISTORY_SHOWN
    assert 'href="/unit/kalsel/?history=all#history-title"' in page
    assert f"Hanya {HISTORY_SHOWN} perubahan terbaru yang ditampilkan" in page
    everything = client.get("/unit/kalsel/?history=all").content.decode()
    assert "Perubahan ke-1<" in everything and "Perubahan ke-0<" in everything
    assert 'data-testid="more-history"' not in everything
    assert HISTORY_ALL > HISTORY_SHOWN + 2


def test_a_short_history_has_no_link_and_junk_shows_the_default(as_user, kepala_bpkad):
    services.score_set(
        unit=kepala_bpkad.headed_units.get(),
        indicator=Indicator.objects.get(code="mcp"),
        year=2023,
        value=Decimal("80"),
        by=None,
        reason="Satu-satunya perubahan",
    )
    client = as_user(kepala_bpkad)
    page = client.get("/unit/bpkad/").content.decode()
    assert "Satu-satunya perubahan" in page
    assert 'data-testid="more-history"' not in page
    junk = client.get("/unit/bpkad/?history=semua")
    assert junk.status_code == 200 and "Satu-satunya perubahan" in junk.content.decode()


def test_more_history_keeps_the_page_access_rule(as_user, kepala_bpkad):
    client = as_user(kepala_bpkad)
    assert client.get("/unit/bpkad/?history=all").status_code == 200
    assert client.get("/unit/bappeda/?history=all").status_code == 404
