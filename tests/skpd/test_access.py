import pytest
from django.http import Http404

from skpd.access import can_view_unit, get_unit_for_user, is_unit_code, visible_unit_ids


def test_kepala_skpd_opens_their_own_unit_page(as_user, kepala_bpkad):
    assert as_user(kepala_bpkad).get("/unit/bpkad/").status_code == 200


def test_kepala_skpd_gets_404_on_another_unit_like_on_an_unknown_one(as_user, kepala_bpkad):
    assert as_user(kepala_bpkad).get("/unit/bappeda/").status_code == 404
    assert as_user(kepala_bpkad).get("/unit/kalsel/").status_code == 404
    assert as_user(kepala_bpkad).get("/unit/tidak-ada/").status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, official_units):
    response = client.get("/unit/bpkad/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["inspektorat_user", "pimpinan_user", "superuser"])
def test_inspektorat_pimpinan_and_admins_see_every_unit(request, as_user, official_units, role):
    user = request.getfixturevalue(role)
    assert as_user(user).get("/unit/bappeda/").status_code == 200
    assert visible_unit_ids(user) is None


def test_an_unknown_unit_code_is_404(as_user, inspektorat_user, official_units):
    assert as_user(inspektorat_user).get("/unit/tidak-ada/").status_code == 404
    with pytest.raises(Http404):
        get_unit_for_user(inspektorat_user, "tidak-ada")


def test_the_helper_scopes_kepala_skpd_to_headed_units(kepala_bpkad, official_units):
    assert can_view_unit(kepala_bpkad, official_units["bpkad"])
    assert not can_view_unit(kepala_bpkad, official_units["bappeda"])
    assert visible_unit_ids(kepala_bpkad) == {official_units["bpkad"].pk}
    with pytest.raises(Http404):
        get_unit_for_user(kepala_bpkad, "bappeda")


def test_an_inactive_user_sees_nothing(kepala_bpkad, official_units):
    kepala_bpkad.is_active = False
    assert not can_view_unit(kepala_bpkad, official_units["bappeda"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kalsel", True),
        ("dinas-pupr_2", True),
        ("a" * 64, True),
        ("a" * 65, False),
        ("", False),
        ("ü", False),  # Unit.code is an ASCII slug
        ("kal sel", False),
        ("kalsel\x00", False),
    ],
)
def test_one_pattern_says_what_a_unit_code_may_be(text, expected):
    assert is_unit_code(text) is expected
