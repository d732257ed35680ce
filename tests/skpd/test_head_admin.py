"""An SKPD head is made on one admin screen, the unit's heads list offers only heads,
and the admin sees heads without a unit (issue 16, item 7)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from skpd import roles
from tests.conftest import make_user

ADD = "admin:auth_user_add"


def inline_prefix(page: str) -> str:
    match = re.search(r'name="([^"]+)-TOTAL_FORMS"', page)
    assert match, "the user's page has no units inline"
    return match.group(1)


def new_head_form(page: str, unit_pk, group: str = roles.KEPALA_SKPD) -> dict:
    prefix = inline_prefix(page)
    return {
        "username": "kepala-dinkes",
        "password1": "Tanjung-Puri-7391!",
        "password2": "Tanjung-Puri-7391!",
        "first_name": "Kepala",
        "last_name": "Dinkes",
        "groups": [Group.objects.get(name=group).pk],
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-unit": str(unit_pk),
        # The user's grants (issue 18) are on the same screen: none here.
        "role_grants-TOTAL_FORMS": "0",
        "role_grants-INITIAL_FORMS": "0",
    }


def test_one_screen_creates_the_user_with_the_head_role_and_the_unit(
    as_user, superuser, official_units
):
    client = as_user(superuser)
    bpkad = official_units["bpkad"]
    page = client.get(reverse(ADD)).content.decode()
    assert 'name="groups"' in page  # the role is chosen on the same screen
    response = client.post(reverse(ADD), new_head_form(page, bpkad.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="kepala-dinkes")
    assert list(user.groups.values_list("name", flat=True)) == [roles.KEPALA_SKPD]
    assert list(user.headed_units.all()) == [bpkad]
    assert user.check_password("Tanjung-Puri-7391!")


def test_a_unit_for_a_user_without_the_head_role_is_refused_and_nothing_is_saved(
    as_user, superuser, official_units
):
    client = as_user(superuser)
    page = client.get(reverse(ADD)).content.decode()
    form = new_head_form(page, official_units["bpkad"].pk, group=roles.PIMPINAN)
    response = client.post(reverse(ADD), form)
    assert response.status_code == 200
    assert "Hanya pengguna dengan peran “Kepala SKPD” yang dapat mengepalai unit" in (
        response.content.decode()
    )
    assert not User.objects.filter(username="kepala-dinkes").exists()


def test_the_users_page_shows_and_changes_their_units(as_user, superuser, kepala_bpkad):
    url = reverse("admin:auth_user_change", args=[kepala_bpkad.pk])
    page = as_user(superuser).get(url).content.decode()
    prefix = inline_prefix(page)
    assert f'name="{prefix}-0-unit"' in page
    assert re.search(rf'name="{prefix}-0-unit"[^>]*>\s*<option value="\d+" selected>', page)


def test_the_units_heads_list_offers_only_users_with_the_head_role(
    as_user, superuser, official_units, kepala_bpkad, inspektorat_user, pimpinan_user
):
    former = make_user("mantan-kepala")  # heads the unit but lost the role
    bpkad = official_units["bpkad"]
    bpkad.heads.add(former)
    make_user("kepala-baru", roles.KEPALA_SKPD)
    url = reverse("admin:skpd_unit_change", args=[bpkad.pk])
    page = as_user(superuser).get(url).content.decode()
    heads = re.search(r'<select name="heads".*?</select>', page, re.S).group(0)
    offered = re.findall(r"<option [^>]*>([^<]+)</option>", heads)
    assert sorted(offered) == ["kepala-baru", "kepala-bpkad", "mantan-kepala"]
    other = official_units["kalsel"]
    page = as_user(superuser).get(reverse("admin:skpd_unit_change", args=[other.pk]))
    heads = re.search(r'<select name="heads".*?</select>', page.content.decode(), re.S).group(0)
    assert sorted(re.findall(r"<option [^>]*>([^<]+)</option>", heads)) == [
        "kepala-baru",
        "kepala-bpkad",
    ]


@pytest.mark.parametrize("filtered", [False, True])
def test_the_admin_sees_the_heads_without_a_unit(
    as_user, superuser, kepala_bpkad, pimpinan_user, filtered
):
    make_user("kepala-tanpa-unit", roles.KEPALA_SKPD)
    url = reverse("admin:auth_user_changelist") + ("?head=no-unit" if filtered else "")
    page = as_user(superuser).get(url).content.decode()
    assert "1 kepala SKPD belum punya unit" in page and "?head=no-unit" in page
    if filtered:
        listed = re.findall(r'class="field-username"><a [^>]*>([^<]+)</a>', page)
        assert listed == ["kepala-tanpa-unit"]
    else:
        assert "BPKAD" in page  # the units each user heads, in the list


def test_no_warning_when_every_head_has_a_unit(as_user, superuser, kepala_bpkad):
    page = as_user(superuser).get(reverse("admin:auth_user_changelist")).content.decode()
    assert "belum punya unit" not in page
