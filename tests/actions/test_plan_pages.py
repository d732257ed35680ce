import datetime

import pytest
from django.urls import reverse

from actions.models import ActionPlan, ProgressNote
from tests.actions.conftest import make_plan

ROLES_THAT_READ = ["inspektorat_user", "pimpinan_user", "superuser", "kepala_bpkad"]


def test_anonymous_users_are_sent_to_log_in(client, bpkad_plan):
    for url in ("/action-plans/", f"/action-plans/{bpkad_plan.pk}/", "/action-plans/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ROLES_THAT_READ)
def test_each_role_opens_the_list_and_a_visible_plan(request, as_user, bpkad_plan, role):
    client = as_user(request.getfixturevalue(role))
    page = client.get("/action-plans/").content.decode()
    assert "Rekonsiliasi aset BMD" in page
    assert client.get(f"/action-plans/{bpkad_plan.pk}/").status_code == 200


def test_an_skpd_head_sees_only_the_plans_of_their_units(
    as_user, kepala_bpkad, bpkad_plan, bappeda_plan
):
    client = as_user(kepala_bpkad)
    page = client.get("/action-plans/").content.decode()
    assert "Rekonsiliasi aset BMD" in page and "RKA berbasis kinerja" not in page
    assert client.get(f"/action-plans/{bappeda_plan.pk}/").status_code == 404


def test_a_user_without_a_role_gets_403(as_user, bpkad_plan, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-1234567")
    assert as_user(nobody).get("/action-plans/").status_code == 403


def test_the_list_filters_by_status_overdue(as_user, inspektorat_user, official_units, indicators):
    make_plan(official_units, indicators, title="Terlambat satu", days=-3)
    make_plan(official_units, indicators, title="Masih lama", days=30)
    page = as_user(inspektorat_user).get("/action-plans/?status=overdue").content.decode()
    assert "Terlambat satu" in page and "Masih lama" not in page
    page = as_user(inspektorat_user).get("/action-plans/?status=planned").content.decode()
    assert "Terlambat satu" not in page and "Masih lama" in page


def test_bad_filters_give_a_message_not_a_500(as_user, inspektorat_user, bpkad_plan):
    response = as_user(inspektorat_user).get("/action-plans/?year=abc&unit=nowhere&page=x")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(
    as_user, inspektorat_user, official_units, indicators, django_assert_max_num_queries
):
    client = as_user(inspektorat_user)
    make_plan(official_units, indicators, days=-1)
    # The list's own and the navigation's counts (reminders.todo.nav_counts, cached).
    with django_assert_max_num_queries(19) as few:
        client.get("/action-plans/")
    for days in range(-20, 20):
        make_plan(official_units, indicators, owner="bappeda", days=days)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/action-plans/")


def test_the_list_refuses_post(as_user, inspektorat_user, db):
    assert as_user(inspektorat_user).post("/action-plans/").status_code == 405


def progress(client, plan, **data):
    fields = {"status": "in-progress", "noted_on": "2024-03-01", "text": "Rapat koordinasi"}
    return client.post(reverse("actions:plan_progress", args=[plan.pk]), fields | data)


def test_the_skpd_head_records_progress_and_moves_the_status(as_user, kepala_bpkad, bpkad_plan):
    response = progress(as_user(kepala_bpkad), bpkad_plan)
    assert response.status_code == 302
    bpkad_plan.refresh_from_db()
    assert bpkad_plan.status == ActionPlan.Status.IN_PROGRESS
    note = ProgressNote.objects.get()
    assert note.noted_on == datetime.date(2024, 3, 1) and note.created_by == kepala_bpkad
    assert bpkad_plan.history.first().history_user == kepala_bpkad


def test_progress_without_text_is_refused_with_a_message(as_user, kepala_bpkad, bpkad_plan):
    response = progress(as_user(kepala_bpkad), bpkad_plan, text="   ")
    assert response.status_code == 400
    assert not ProgressNote.objects.exists()


def test_a_bad_date_or_status_is_refused(as_user, kepala_bpkad, bpkad_plan):
    assert progress(as_user(kepala_bpkad), bpkad_plan, noted_on="kemarin").status_code == 400
    assert progress(as_user(kepala_bpkad), bpkad_plan, status="terlambat").status_code == 400
    assert not ProgressNote.objects.exists()


def test_leaders_and_other_units_cannot_record_progress(
    as_user, pimpinan_user, kepala_bpkad, bappeda_plan, bpkad_plan
):
    assert progress(as_user(pimpinan_user), bpkad_plan).status_code == 403
    assert progress(as_user(kepala_bpkad), bappeda_plan).status_code == 404


def test_progress_refuses_get(as_user, kepala_bpkad, bpkad_plan):
    url = reverse("actions:plan_progress", args=[bpkad_plan.pk])
    assert as_user(kepala_bpkad).get(url).status_code == 405


def plan_form(official_units, indicators, **data):
    fields = {
        "unit": official_units["kalsel"].pk,
        "year": "2024",
        "area": indicators["mcp.apip"].pk,
        "title": "Peta risiko",
        "owner_unit": official_units["inspektorat"].pk,
        "due_date": "2024-12-31",
        "status": "planned",
    }
    return fields | data


def test_the_inspectorate_creates_an_action_plan(
    as_user, inspektorat_user, official_units, indicators
):
    response = as_user(inspektorat_user).post(
        "/action-plans/new/", plan_form(official_units, indicators)
    )
    plan = ActionPlan.objects.get()
    assert response.url == f"/action-plans/{plan.pk}/"
    assert plan.created_by == inspektorat_user


def test_a_plan_needs_an_area_or_an_issue(as_user, inspektorat_user, official_units, indicators):
    response = as_user(inspektorat_user).post(
        "/action-plans/new/", plan_form(official_units, indicators, area="")
    )
    assert response.status_code == 200
    assert "Pilih area MCP atau isu strategis" in response.content.decode()
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize("role", ["pimpinan_user", "kepala_bpkad"])
def test_only_the_inspectorate_creates_or_edits_plans(request, as_user, bpkad_plan, role):
    client = as_user(request.getfixturevalue(role))
    assert client.get("/action-plans/new/").status_code == 403
    assert client.get(f"/action-plans/{bpkad_plan.pk}/edit/").status_code == 403


def test_the_detail_page_shows_forms_by_role(
    as_user, kepala_bpkad, pimpinan_user, inspektorat_user, bpkad_evidence
):
    url = f"/action-plans/{bpkad_evidence.plan_id}/"
    head = as_user(kepala_bpkad).get(url).content.decode()
    assert "Catat kemajuan" in head and "Unggah" in head and "Simpan verifikasi" not in head
    leader = as_user(pimpinan_user).get(url).content.decode()
    assert "Catat kemajuan" not in leader and "laporan.pdf" in leader
    inspector = as_user(inspektorat_user).get(url).content.decode()
    assert "Simpan verifikasi" in inspector
