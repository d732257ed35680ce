from django.urls import reverse

from actions.models import Evidence


def verify(client, evidence, status, comment=""):
    url = reverse("actions:evidence_verify", args=[evidence.pk])
    version = Evidence.objects.get(pk=evidence.pk).version  # as the page shows it
    data = {"status": status, "comment": comment, "version": version}
    return client.post(url, data, follow=True)


def test_the_inspectorate_accepts_evidence_with_history(as_user, inspektorat_user, bpkad_evidence):
    response = verify(as_user(inspektorat_user), bpkad_evidence, "accepted", "Lengkap")
    assert response.status_code == 200
    bpkad_evidence.refresh_from_db()
    assert bpkad_evidence.status == Evidence.Status.ACCEPTED
    assert bpkad_evidence.verifier_comment == "Lengkap"
    assert bpkad_evidence.verified_by == inspektorat_user
    latest = bpkad_evidence.history.first()
    assert latest.status == "accepted" and latest.history_user == inspektorat_user
    assert "Diterima" in response.content.decode()


def test_a_request_for_revision_must_say_what_to_revise(as_user, inspektorat_user, bpkad_evidence):
    response = verify(as_user(inspektorat_user), bpkad_evidence, "needs-revision")
    assert "Sebutkan apa yang perlu diperbaiki" in response.content.decode()
    bpkad_evidence.refresh_from_db()
    assert bpkad_evidence.status == Evidence.Status.UPLOADED


def test_an_unknown_status_is_refused_with_a_message(as_user, inspektorat_user, bpkad_evidence):
    response = verify(as_user(inspektorat_user), bpkad_evidence, "approved-by-me")
    assert "status verifikasi yang sah" in response.content.decode()
    bpkad_evidence.refresh_from_db()
    assert bpkad_evidence.status == Evidence.Status.UPLOADED


def test_skpd_heads_and_leaders_cannot_verify(
    as_user, kepala_bpkad, pimpinan_user, bpkad_evidence
):
    for user in (kepala_bpkad, pimpinan_user):
        assert verify(as_user(user), bpkad_evidence, "accepted").status_code == 403
    bpkad_evidence.refresh_from_db()
    assert bpkad_evidence.status == Evidence.Status.UPLOADED


def test_anonymous_users_are_sent_to_log_in(client, bpkad_evidence):
    url = reverse("actions:evidence_verify", args=[bpkad_evidence.pk])
    assert client.post(url, {"status": "accepted"}).status_code == 302


def test_it_refuses_get(as_user, inspektorat_user, bpkad_evidence):
    url = reverse("actions:evidence_verify", args=[bpkad_evidence.pk])
    assert as_user(inspektorat_user).get(url).status_code == 405


def test_the_skpd_head_sends_an_upload_for_verification_once(
    as_user, kepala_bpkad, bpkad_evidence
):
    url = reverse("actions:evidence_submit", args=[bpkad_evidence.pk])
    client = as_user(kepala_bpkad)
    client.post(url)
    bpkad_evidence.refresh_from_db()
    assert bpkad_evidence.status == Evidence.Status.AWAITING
    response = client.post(url, follow=True)
    assert "belum diajukan" in response.content.decode()


def test_an_skpd_head_cannot_submit_another_units_evidence(
    as_user, kepala_bpkad, bappeda_evidence
):
    url = reverse("actions:evidence_submit", args=[bappeda_evidence.pk])
    assert as_user(kepala_bpkad).post(url).status_code == 404
