import pytest
from django.urls import reverse

from actions.models import Evidence
from mcp_dashboard.lib import uploads
from tests.actions.conftest import EXE_BYTES, PDF_BYTES, PNG_BYTES, upload


def upload_url(plan) -> str:
    return reverse("actions:plan_evidence", args=[plan.pk])


def post_file(client, plan, name, content):
    return client.post(upload_url(plan), {"file": upload(name, content), "description": "Bukti"})


def test_anonymous_users_are_sent_to_log_in(client, bpkad_plan):
    response = post_file(client, bpkad_plan, "a.pdf", PDF_BYTES)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Evidence.objects.exists()


def test_the_skpd_head_uploads_evidence_for_a_plan_of_their_unit(
    as_user, kepala_bpkad, bpkad_plan, evidence_root
):
    response = post_file(as_user(kepala_bpkad), bpkad_plan, "laporan aset.pdf", PDF_BYTES)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "laporan aset.pdf"
    assert evidence.status == Evidence.Status.UPLOADED
    assert (evidence.unit, evidence.year, evidence.area) == (
        bpkad_plan.unit,
        bpkad_plan.year,
        bpkad_plan.area,
    )
    assert evidence.uploaded_by == kepala_bpkad
    assert (evidence_root / evidence.stored_name).read_bytes() == PDF_BYTES
    assert evidence.history.count() == 1


def test_the_inspectorate_may_upload_too(as_user, inspektorat_user, bpkad_plan):
    assert post_file(as_user(inspektorat_user), bpkad_plan, "a.png", PNG_BYTES).status_code == 302


def test_an_skpd_head_cannot_upload_to_another_units_plan(as_user, kepala_bpkad, bappeda_plan):
    response = post_file(as_user(kepala_bpkad), bappeda_plan, "a.pdf", PDF_BYTES)
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_leaders_only_read(as_user, pimpinan_user, bpkad_plan):
    assert post_file(as_user(pimpinan_user), bpkad_plan, "a.pdf", PDF_BYTES).status_code == 403


def test_it_refuses_get(as_user, kepala_bpkad, bpkad_plan):
    assert as_user(kepala_bpkad).get(upload_url(bpkad_plan)).status_code == 405


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "Berkas ini kosong."),
        ("laporan.pdf", EXE_BYTES, "program"),
        ("laporan.docx", b"just text", "Hanya berkas PDF"),
    ],
    ids=["empty", "renamed-executable", "text-named-docx"],
)
def test_it_refuses_bad_files_with_a_message_and_stores_nothing(
    as_user, kepala_bpkad, bpkad_plan, evidence_root, name, content, message
):
    response = post_file(as_user(kepala_bpkad), bpkad_plan, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert not evidence_root.exists() or not any(evidence_root.iterdir())


def test_it_refuses_a_file_over_20_mb(as_user, kepala_bpkad, bpkad_plan, evidence_root):
    content = PDF_BYTES + b"0" * (uploads.MAX_BYTES + 1 - len(PDF_BYTES))
    response = post_file(as_user(kepala_bpkad), bpkad_plan, "besar.pdf", content)
    assert response.status_code == 400
    assert "lebih dari 20 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_missing_file_field_is_a_form_error(as_user, kepala_bpkad, bpkad_plan):
    response = as_user(kepala_bpkad).post(upload_url(bpkad_plan), {"description": "x"})
    assert response.status_code == 400
    assert not Evidence.objects.exists()
