"""The admin's edit forms carry the version they were read at (issue 17, item 3): two
saves from the same read cannot both win; the second is refused with a message and
the first one's value stands."""

import pytest
from django.test import Client

from actions.models import ActionPlan, StrategicIssue
from actions.services import strategic_issue_save
from skpd.models import Unit
from tests.actions.conftest import make_plan
from tests.workbook.conftest import CATALOGUE_ROWS, rows_of
from workbook import catalogue, services
from workbook.models import CatalogueEntry, DocumentRecord

pytestmark = pytest.mark.django_db


def form_data(client: Client, url: str) -> dict:
    """What the admin's change page would post back unchanged: its form's values, the
    inline formsets' management forms and rows."""
    context = client.get(url).context
    data = {}
    forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is None or value is False:
                continue
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(getattr(value, "pk", value))
    return data


def two_saves(client, url, field, first, second):
    """Two admins read the page; the first saves `first`, then the second `second`."""
    data = form_data(client, url)
    one = client.post(url, data | {field: first})
    assert one.status_code == 302, one.context["adminform"].form.errors
    return client.post(url, data | {field: second})


@pytest.fixture
def catalogue_2025(official_units):
    """The workbook's test catalogue, opened for Kalimantan Selatan."""
    services.catalogue_apply(
        plan=catalogue.build_plan(2025, rows_of(CATALOGUE_ROWS)), by=None, reason="test"
    )
    services.documents_open(pemda=official_units["kalsel"], year=2025, by=None)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def assert_refused(response):
    assert response.status_code == 200
    text = response.content.decode()
    assert "Muat ulang" in text, text


def test_unit_data_saved_from_a_stale_read_is_refused(admin_client, official_units):
    unit = official_units["bpkad"]
    url = f"/admin/skpd/unit/{unit.pk}/change/"
    assert_refused(two_saves(admin_client, url, "short_name", "BPKAD A", "BPKAD B"))
    assert Unit.objects.get(pk=unit.pk).short_name == "BPKAD A"


def test_a_plan_saved_in_the_admin_from_a_stale_read_is_refused(
    admin_client, official_units, indicators
):
    plan = make_plan(official_units, indicators)
    url = f"/admin/actions/actionplan/{plan.pk}/change/"
    assert_refused(two_saves(admin_client, url, "title", "Judul A", "Judul B"))
    assert ActionPlan.objects.get(pk=plan.pk).title == "Judul A"


def test_an_issue_saved_in_the_admin_from_a_stale_read_is_refused(admin_client, official_units):
    issue = strategic_issue_save(
        issue=StrategicIssue(title="Aset", year=2023, strategy="perbaikan-sistem"), by=None
    )
    url = f"/admin/actions/strategicissue/{issue.pk}/change/"
    assert_refused(two_saves(admin_client, url, "title", "Aset A", "Aset B"))
    assert StrategicIssue.objects.get(pk=issue.pk).title == "Aset A"


def test_a_catalogue_entry_saved_from_a_stale_read_is_refused(admin_client, catalogue_2025):
    entry = CatalogueEntry.objects.get(level="document", code="7.1.1.1")
    url = f"/admin/workbook/catalogueentry/{entry.pk}/change/"
    assert_refused(two_saves(admin_client, url, "name", "Nama A", "Nama B"))
    assert CatalogueEntry.objects.get(pk=entry.pk).name == "Nama A"


def test_a_document_record_saved_from_a_stale_read_is_refused(admin_client, catalogue_2025):
    record = DocumentRecord.objects.get(document__code="7.1.1.1")
    url = f"/admin/workbook/documentrecord/{record.pk}/change/"
    assert_refused(two_saves(admin_client, url, "person_in_charge", "Andi", "Budi"))
    assert DocumentRecord.objects.get(pk=record.pk).person_in_charge == "Andi"


def test_an_admin_save_from_the_current_read_goes_through_and_raises_the_version(
    admin_client, official_units
):
    unit = official_units["bpkad"]
    url = f"/admin/skpd/unit/{unit.pk}/change/"
    for name in ("BPKAD A", "BPKAD B"):
        response = admin_client.post(url, form_data(admin_client, url) | {"short_name": name})
        assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.short_name, unit.version) == ("BPKAD B", 2)


def test_an_admin_save_without_the_version_is_refused(admin_client, official_units):
    unit = official_units["bpkad"]
    url = f"/admin/skpd/unit/{unit.pk}/change/"
    data = form_data(admin_client, url)
    data.pop("version", None)
    assert_refused(admin_client.post(url, data | {"short_name": "BPKAD X"}))
    assert Unit.objects.get(pk=unit.pk).short_name == unit.short_name


def test_a_revert_in_the_history_page_checks_the_current_version(admin_client, catalogue_2025):
    record = DocumentRecord.objects.get(document__code="7.1.1.1")
    url = f"/admin/workbook/documentrecord/{record.pk}/change/"
    for name in ("Andi", "Budi"):
        admin_client.post(url, form_data(admin_client, url) | {"person_in_charge": name})
    first = record.history.get(person_in_charge="Andi").history_id
    revert = f"/admin/workbook/documentrecord/{record.pk}/history/{first}/"
    data = form_data(admin_client, revert)
    admin_client.post(url, form_data(admin_client, url) | {"person_in_charge": "Citra"})
    assert_refused(admin_client.post(revert, data))
    assert DocumentRecord.objects.get(pk=record.pk).person_in_charge == "Citra"
    response = admin_client.post(revert, form_data(admin_client, revert))
    assert response.status_code == 302
    assert DocumentRecord.objects.get(pk=record.pk).person_in_charge == "Andi"
