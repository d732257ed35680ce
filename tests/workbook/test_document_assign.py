"""A document's assignment from the OPD page: owner, supporting OPDs, person in charge
(name and account) and its own due date, by whoever may review documents."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from workbook import services
from workbook.models import DocumentRecord

pytestmark = pytest.mark.django_db


def post(client, record, **changes):
    data = {
        "owner": "bappeda",
        "supporting": ["biro-hukum"],
        "person_in_charge": "Ibu Rina",
        "person_in_charge_user": "",
        "due_date": "2025-06-30",
        "version": record.version,
        **changes,
    }
    return client.post(f"/mcp/document/{record.pk}/assign/", data, follow=True)


def snapshot(record):
    record = DocumentRecord.objects.get(pk=record.pk)
    return (
        record.owner.code,
        sorted(record.supporting_units.values_list("code", flat=True)),
        record.person_in_charge,
        record.person_in_charge_user_id,
        record.due_date,
        record.version,
    )


def test_the_inspektorat_assigns_one_document(bpkad_record, inspektorat_user, as_user):
    response = post(
        as_user(inspektorat_user), bpkad_record, person_in_charge_user=inspektorat_user.pk
    )
    assert response.status_code == 200
    record = DocumentRecord.objects.get(pk=bpkad_record.pk)
    assert snapshot(record)[:5] == (
        "bappeda",
        ["biro-hukum"],
        "Ibu Rina",
        inspektorat_user.pk,
        datetime.date(2025, 6, 30),
    )
    assert record.history.first().history_user == inspektorat_user
    assert "Penugasan dokumen" in response.content.decode()


def test_the_opd_page_offers_the_form_to_reviewers_only(
    bpkad_record, inspektorat_user, kepala_bpkad, as_user
):
    action = f'action="/mcp/document/{bpkad_record.pk}/assign/"'
    assert action in as_user(inspektorat_user).get("/mcp/2025/unit/bpkad/").content.decode()
    assert action not in as_user(kepala_bpkad).get("/mcp/2025/unit/bpkad/").content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"person_in_charge": "x" * 121}, "paling banyak 120 karakter"),
        ({"owner": "banjar"}, "Pilih OPD dari pemda ini."),
        ({"supporting": ["banjar"]}, "Pilih OPD dari pemda ini."),
        ({"owner": "entah"}, "Pilih OPD dari pemda ini."),
        ({"version": 0}, "Orang lain sudah menyimpan ini lebih dulu"),
        ({"version": ""}, "Halaman ini sudah usang"),
        ({"due_date": "31-31-2025"}, "tanggal"),
        ({"person_in_charge_user": "999999"}, "akun"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(
    bpkad_record, inspektorat_user, as_user, changes, message
):
    before = snapshot(bpkad_record)
    response = post(as_user(inspektorat_user), bpkad_record, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(bpkad_record) == before


def test_an_account_that_cannot_see_the_owner_is_refused(
    bpkad_record, inspektorat_user, kepala_bpkad, as_user
):
    before = snapshot(bpkad_record)
    response = post(as_user(inspektorat_user), bpkad_record, person_in_charge_user=kepala_bpkad.pk)
    assert "tidak dapat melihat OPD ini" in response.content.decode()
    assert snapshot(bpkad_record) == before


def test_the_head_may_be_person_in_charge_of_their_own_unit(
    bpkad_record, inspektorat_user, kepala_bpkad, as_user
):
    post(
        as_user(inspektorat_user),
        bpkad_record,
        owner="bpkad",
        person_in_charge_user=kepala_bpkad.pk,
    )
    assert DocumentRecord.objects.get(pk=bpkad_record.pk).person_in_charge_user == kepala_bpkad


def test_an_skpd_head_may_not_assign(bpkad_record, kepala_bpkad, as_user):
    before = snapshot(bpkad_record)
    response = as_user(kepala_bpkad).post(
        f"/mcp/document/{bpkad_record.pk}/assign/", {"owner": "bpkad", "version": 1}
    )
    assert response.status_code == 403
    assert snapshot(bpkad_record) == before


def test_the_service_refuses_a_long_name_rather_than_cutting_it(bpkad_record):
    with pytest.raises(ValidationError):
        services.document_assign(
            record=bpkad_record, by=None, owner=bpkad_record.owner, person_in_charge="x" * 121
        )
    assert DocumentRecord.objects.get(pk=bpkad_record.pk).person_in_charge == ""


def test_the_person_in_charge_select_lists_who_sees_the_opd(
    bpkad_record, inspektorat_user, kepala_bpkad, as_user
):
    make_user("lain")  # no role: sees nothing
    page = as_user(inspektorat_user).get("/mcp/2025/unit/bpkad/").content.decode()
    form = page.split(f'action="/mcp/document/{bpkad_record.pk}/assign/"', 1)[1].split("</form>")[
        0
    ]
    assert f'value="{kepala_bpkad.pk}"' in form
    assert "lain" not in form
