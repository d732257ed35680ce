import pytest
from django.urls import reverse

from tests.actions.conftest import PDF_BYTES


def download_url(evidence) -> str:
    return reverse("actions:evidence_download", args=[evidence.pk])


def test_anonymous_users_are_sent_to_log_in(client, bpkad_evidence):
    response = client.get(download_url(bpkad_evidence))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    "role", ["inspektorat_user", "pimpinan_user", "superuser", "kepala_bpkad"]
)
def test_each_role_that_sees_the_unit_downloads_an_attachment(
    request, as_user, bpkad_evidence, role
):
    response = as_user(request.getfixturevalue(role)).get(download_url(bpkad_evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="laporan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_skpd_head_guessing_another_units_evidence_gets_404(
    as_user, kepala_bpkad, bappeda_evidence
):
    assert as_user(kepala_bpkad).get(download_url(bappeda_evidence)).status_code == 404


def test_an_unknown_id_gets_404(as_user, inspektorat_user, db):
    assert as_user(inspektorat_user).get("/evidence/999999/").status_code == 404


def test_a_user_without_a_role_gets_403(as_user, bpkad_evidence, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-1234567")
    assert as_user(nobody).get(download_url(bpkad_evidence)).status_code == 403


def test_a_file_missing_from_the_store_gives_404_not_500(
    as_user, inspektorat_user, bpkad_evidence, evidence_root
):
    (evidence_root / bpkad_evidence.stored_name).unlink()
    assert as_user(inspektorat_user).get(download_url(bpkad_evidence)).status_code == 404


def test_it_refuses_post(as_user, inspektorat_user, bpkad_evidence):
    assert as_user(inspektorat_user).post(download_url(bpkad_evidence)).status_code == 405
