"""Roles granted for a unit subtree (issue 18, item 1): what a grant reaches, what a
user never granted keeps, revoking, the grant and revoke commands, the admin's inline,
and a cached page never served across pemda."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pagecache import versioned
from skpd import access, roles
from skpd.grants import role_grant, role_revoke
from skpd.models import RoleGrant, Unit
from tests.conftest import make_user
from workbook import jaga
from workbook.tables import table_from_cells

pytestmark = pytest.mark.django_db
ENTER = "scores.change_score"


@pytest.fixture
def pemda_units(official_units) -> dict[str, Unit]:
    """Kalimantan Selatan's units with an SKPD in Banjar and one in Tabalong."""
    units = dict(official_units)
    for code in ("banjar", "tabalong"):
        units[f"{code}-bpkad"] = Unit.objects.create(
            code=f"{code}-bpkad", name=f"BPKAD {code}", level="skpd", parent=units[code]
        )
    return units


def granted(username: str, role: str, unit: Unit | None):
    user = make_user(username)
    role_grant(user=user, role=Group.objects.get(name=role), unit=unit, by=None)
    return user


def test_a_pemda_grant_reaches_the_pemda_and_its_skpd_only(pemda_units):
    user = granted("insp-banjar", roles.INSPEKTORAT, pemda_units["banjar"])
    banjar = {pemda_units["banjar"].pk, pemda_units["banjar-bpkad"].pk}
    assert access.visible_unit_ids(user) == banjar
    assert access.writable_unit_ids(user, ENTER) == banjar
    assert not access.sees_all_units(user)
    assert not access.acts_nationally(user, "scores.add_yearlock")
    assert access.may_read_pemda(user, pemda_units["banjar"])
    assert not access.may_read_pemda(user, pemda_units["tabalong"])
    assert access.home_pemda_code(user) == "banjar"


def test_a_province_grant_reaches_its_kabupaten_and_their_skpd(pemda_units):
    user = granted("pimpinan-kalsel", roles.PIMPINAN, pemda_units["kalsel"])
    visible = access.visible_unit_ids(user)
    for code in ("kalsel", "bpkad", "banjar", "tabalong", "tabalong-bpkad"):
        assert pemda_units[code].pk in visible, code
    assert pemda_units["nasional"].pk not in visible
    # Pimpinan reads: its role holds no permission to enter scores anywhere.
    assert access.writable_unit_ids(user, ENTER) == frozenset()


def test_an_skpd_head_granted_its_unit_opens_its_pemda_dashboard(pemda_units):
    user = granted("kepala-banjar", roles.KEPALA_SKPD, pemda_units["banjar-bpkad"])
    assert access.visible_unit_ids(user) == {pemda_units["banjar-bpkad"].pk}
    assert access.may_read_pemda(user, pemda_units["banjar"])
    assert not access.may_read_pemda(user, pemda_units["kalsel"])


def test_a_national_grant_reaches_every_unit(pemda_units):
    user = granted("insp-nasional", roles.INSPEKTORAT, None)
    assert access.visible_unit_ids(user) is None
    assert access.acts_nationally(user, "scores.add_yearlock")


def test_a_user_never_granted_keeps_the_rule_from_before_grants(pemda_units):
    """The demo's users and every user made before grants: a role with view_all_units
    reads and writes every unit; a head their own unit."""
    inspector = make_user("inspektorat", roles.INSPEKTORAT)
    head = make_user("kepala", roles.KEPALA_SKPD)
    pemda_units["bpkad"].heads.add(head)
    assert access.visible_unit_ids(inspector) is None
    assert access.acts_nationally(inspector, "scores.add_yearlock")
    assert access.visible_unit_ids(head) == {pemda_units["bpkad"].pk}
    assert access.may_read_pemda(head, pemda_units["tabalong"])  # any dashboard, as before


def test_revoking_the_last_grant_leaves_nothing_and_takes_the_role_away(pemda_units):
    """A revoked user never falls back to the rule from before grants."""
    user = granted("insp-banjar", roles.INSPEKTORAT, pemda_units["banjar"])
    inspektorat = Group.objects.get(name=roles.INSPEKTORAT)
    role_revoke(user=user, role=inspektorat, unit=pemda_units["banjar"], by=None)
    user = type(user).objects.get(pk=user.pk)  # a fresh permission cache, as a request has
    assert access.visible_unit_ids(user) == frozenset()
    assert not user.groups.filter(pk=inspektorat.pk).exists()
    grant = RoleGrant.objects.get(user=user)
    assert grant.revoked_at is not None  # kept, with when


def test_granting_and_revoking_raise_the_setup_version(pemda_units):
    user = make_user("insp")
    before = versioned.current_version().setup
    role_grant(
        user=user,
        role=Group.objects.get(name=roles.INSPEKTORAT),
        unit=pemda_units["banjar"],
        by=None,
    )
    assert versioned.current_version().setup > before


def test_granting_twice_keeps_one_grant(pemda_units):
    user = granted("insp", roles.INSPEKTORAT, pemda_units["banjar"])
    role_grant(
        user=user,
        role=Group.objects.get(name=roles.INSPEKTORAT),
        unit=pemda_units["banjar"],
        by=None,
    )
    assert RoleGrant.objects.active().filter(user=user).count() == 1


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=OutputWrapper(out))
    return out.getvalue()


def test_the_grant_and_revoke_commands(pemda_units):
    user = make_user("insp-tabalong")
    with translation.override("id"):
        said = run("grant", "insp-tabalong", "inspektorat", "--unit", "tabalong")
    assert "insp-tabalong" in said and "tabalong" in said
    assert access.visible_unit_ids(user) == {
        pemda_units["tabalong"].pk,
        pemda_units["tabalong-bpkad"].pk,
    }
    run("revoke", "insp-tabalong", "Inspektorat", "--unit", "tabalong")
    assert not RoleGrant.objects.active().filter(user=user).exists()


def test_the_grant_command_says_when_in_indonesian_and_wita(pemda_units):
    """House rule: dates as "18 Januari 2026", times WITA (it said "2026-11-29 23:07 UTC")."""
    make_user("insp-tabalong")
    with translation.override("id"):
        said = run("grant", "insp-tabalong", "Inspektorat", "--unit", "tabalong")
    granted = RoleGrant.objects.get(user__username="insp-tabalong").granted_at
    day = timezone.localtime(granted)
    assert f"diberikan {day.day} {MONTHS_ID[day.month - 1]} {day.year} " in said, said
    assert re.search(r"\d{2}\.\d{2} WITA\)", said), said
    assert "UTC" not in said


MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("grant", "nobody", "Inspektorat", "--unit", "banjar"),
            "Pengguna “nobody” tidak dikenal",
        ),
        (("grant", "insp", "Bupati", "--unit", "banjar"), "Peran “Bupati” tidak dikenal"),
        (("grant", "insp", "Inspektorat", "--unit", "atlantis"), "Kode unit “atlantis”"),
        (("revoke", "insp", "Inspektorat", "--unit", "banjar"), "tidak punya"),
    ],
)
def test_the_commands_refuse_what_they_do_not_know_in_indonesian(pemda_units, args, said):
    make_user("insp")
    with translation.override("id"), pytest.raises(CommandError, match=said):
        run(*args)
    assert not RoleGrant.objects.exists()


def test_the_commands_speak_english_too(pemda_units):
    with translation.override("en"), pytest.raises(CommandError, match="Unknown user"):
        run("grant", "nobody", "Inspektorat")


def admin_form(page: str, user, group: Group, unit: Unit) -> dict:
    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [group.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "Unit_heads-TOTAL_FORMS": "0",
        "Unit_heads-INITIAL_FORMS": "0",
        "role_grants-TOTAL_FORMS": "1",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-0-role": str(group.pk),
        "role_grants-0-unit": str(unit.pk),
    }


def test_the_users_page_grants_a_role_for_a_unit_on_one_screen(as_user, superuser, pemda_units):
    user = make_user("insp-banjar")
    inspektorat = Group.objects.get(name=roles.INSPEKTORAT)
    url = reverse("admin:auth_user_change", args=[user.pk])
    client = as_user(superuser)
    page = client.get(url).content.decode()
    assert 'name="role_grants-TOTAL_FORMS"' in page
    response = client.post(url, admin_form(page, user, inspektorat, pemda_units["banjar"]))
    assert response.status_code == 302, [
        (f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.unit, grant.granted_by) == (
        inspektorat,
        pemda_units["banjar"],
        superuser,
    )


def test_the_users_page_says_who_granted_and_when_in_wita(as_user, superuser, pemda_units):
    """The grant's row on the users page gives its time with its zone, as the product
    does everywhere (it showed "Admin, 30 November 2026 07.07")."""
    user = granted("insp-banjar", roles.INSPEKTORAT, pemda_units["banjar"])
    with translation.override("id"):
        page = as_user(superuser).get(reverse("admin:auth_user_change", args=[user.pk]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert re.search(r"\d{1,2} \w+ \d{4} \d{2}\.\d{2} WITA", text), text[-2000:]


def test_a_grant_without_its_role_chosen_is_refused(as_user, superuser, pemda_units):
    user = make_user("insp-banjar")
    client = as_user(superuser)
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_form("", user, Group.objects.get(name=roles.INSPEKTORAT), pemda_units["banjar"])
    form["groups"] = [Group.objects.get(name=roles.PIMPINAN).pk]
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Pilih juga peran “Inspektorat”" in response.content.decode()
    assert not RoleGrant.objects.exists()


def test_a_cached_dashboard_is_never_served_to_another_pemdas_staff(client, pemda_units):
    """Banjar's dashboard, cached for Banjar's Inspektorat, is not what Tabalong's gets:
    Tabalong's starts on Tabalong and may not open Banjar's."""
    banjar = granted("insp-banjar", roles.INSPEKTORAT, pemda_units["banjar"])
    tabalong = granted("insp-tabalong", roles.INSPEKTORAT, pemda_units["tabalong"])
    client.force_login(banjar)
    assert "Banjar" in client.get("/").content.decode()
    client.force_login(tabalong)
    page = client.get("/").content.decode()
    assert "Tabalong" in page and "Pemerintah Kabupaten Banjar" not in page
    assert client.get("/?unit=banjar").status_code == 404


def test_reach_is_read_once_per_setup_version(rf, pemda_units):
    user = granted("insp-banjar", roles.INSPEKTORAT, pemda_units["banjar"])
    versioned.begin_request()
    try:
        access.visible_unit_ids(user)
        access.writable_unit_ids(user, ENTER)
        with CaptureQueriesContext(connection) as queries:
            access.visible_unit_ids(user)
            access.writable_unit_ids(user, ENTER)
        assert len(queries) == 0
    finally:
        versioned.end_request()


def test_a_kpk_extract_row_of_another_pemda_is_refused_with_its_row(pemda_units):
    header = (
        "provinsi_name;instansi;dana_desa;area_intervensi;indikator;sub_indikator;tgl_lapor;"
        "tgl_verif;rk;bobot_subindikator;bobot_indikator;bobot_area_intervensi;nilai;"
        "nilai_verifikasi;nilai_subindikator;nilai_indikator;nilai_area"
    )
    when = "2021-06-30 10:15:00;15/07/2021;-"
    rows = [
        f"Kalimantan Selatan;Kab. Banjar;1;Pengadaan Barang dan Jasa;3.1 Perencanaan;"
        f"3.1.1 RUP;{when};70;40;60;60;40;28;;",
        f"Kalimantan Selatan;Kab. Tabalong;1;Pengadaan Barang dan Jasa;3.1 Perencanaan;"
        f"3.1.1 RUP;{when};70;40;60;60;40;28;;",
    ]
    table = table_from_cells(
        [line.split(";") for line in [header, *rows]], jaga.COLUMNS, jaga.REQUIRED
    )
    user = granted("insp-banjar", roles.INSPEKTORAT, pemda_units["banjar"])
    with translation.override("id"):
        plan = jaga.build_plan(
            2021, table.rows, access.writable_unit_ids(user, "workbook.import_catalogue")
        )
    assert [line for line, _message in plan.errors] == [3]
    assert "Tabalong" in plan.errors[0][1]
