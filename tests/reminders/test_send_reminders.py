import datetime
import email
from email import policy
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from actions.models import ActionPlan
from reminders.models import OutboxMail
from skpd import roles
from tests.conftest import make_user
from workbook import services
from workbook.models import DocumentRecord, DocumentState

# 14 days before the 2025 cut-off (30 November 2025) is 16 November 2025.
DAY = datetime.date(2025, 11, 5)


@pytest.fixture
def heads(official_units, bpkad_record):
    bpkad = make_user(
        "kepala-bpkad",
        roles.KEPALA_SKPD,
        email="bpkad@test.invalid",
        first_name="Budi",
        last_name="Santoso",
    )
    official_units["bpkad"].heads.add(bpkad)
    hukum = make_user("kepala-hukum", roles.KEPALA_SKPD)  # no e-mail address
    official_units["biro-hukum"].heads.add(hukum)
    return {"bpkad": bpkad, "hukum": hukum}


def run(day: datetime.date, *args: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def body_of(raw: str) -> str:
    return email.message_from_string(raw, policy=policy.default).get_body().get_content()


def test_one_digest_per_recipient_through_smtp_and_none_on_a_second_run(smtp_server, heads):
    first = run(DAY)
    assert "sent 1, unreachable 1" in first
    mails = smtp_server.to("bpkad@test.invalid")
    assert len(mails) == 1
    body = body_of(mails[0])
    assert "7.1.1.1 Berita acara rekonsiliasi" in body
    assert "7.1.1.2 Laporan BMD semester" in body
    assert "16 November 2025" in body
    # Another unit's document is never in this head's mail.
    assert "7.1.2.1" not in body
    record = DocumentRecord.objects.get(document__code="7.1.1.1")
    assert f"https://mcp.test.invalid/mcp/2025/unit/bpkad/#doc-{record.pk}" in body
    assert "Yth." in body or "Dengan hormat" in body

    again = run(DAY)
    assert "sent 0, unreachable 0, already done 2" in again
    assert len(smtp_server.envelopes) == 1


def test_a_second_day_sends_again_only_what_is_still_due(smtp_server, heads):
    run(DAY)
    DocumentRecord.objects.filter(document__code="7.1.1.1").update(state=DocumentState.ACCEPTED)
    run(DAY + datetime.timedelta(days=1))
    second = body_of(smtp_server.to("bpkad@test.invalid")[1])
    assert "7.1.1.1" not in second
    assert "7.1.1.2" in second
    assert OutboxMail.objects.filter(recipient=heads["bpkad"]).count() == 2


def test_documents_due_beyond_14_days_wait_and_overdue_ones_are_marked(smtp_server, heads):
    assert "sent 0, unreachable 0" in run(datetime.date(2025, 11, 1))
    DocumentRecord.objects.filter(document__code="7.1.1.2").update(
        due_date=datetime.date(2025, 10, 1),
        state=DocumentState.REJECTED,
        note="Tanpa tanda tangan",
    )
    run(datetime.date(2025, 11, 1))
    body = body_of(smtp_server.to("bpkad@test.invalid")[0])
    assert "7.1.1.1" not in body
    assert "terlambat sejak 1 Oktober 2025" in body
    assert "Tanpa tanda tangan" in body


def test_overdue_action_plans_are_in_the_digest(smtp_server, heads, official_data, indicators):
    official_units = official_data
    area = indicators["mcp.bmd"]
    plan = ActionPlan.objects.create(
        unit=official_units["kalsel"],
        year=2025,
        title="Sertifikasi 40 bidang tanah",
        owner_unit=official_units["bpkad"],
        due_date=datetime.date(2025, 10, 31),
        area=area,
    )
    ActionPlan.objects.create(
        unit=official_units["kalsel"],
        year=2025,
        title="Rencana tepat waktu",
        owner_unit=official_units["bpkad"],
        due_date=datetime.date(2025, 12, 31),
        area=area,
    )
    run(DAY)
    body = body_of(smtp_server.to("bpkad@test.invalid")[0])
    assert "Sertifikasi 40 bidang tanah" in body
    assert f"https://mcp.test.invalid/action-plans/{plan.pk}/" in body
    assert "Rencana tepat waktu" not in body


def test_a_head_without_e_mail_is_listed_as_unreachable(smtp_server, heads):
    run(DAY)
    mail = OutboxMail.objects.get(recipient=heads["hukum"])
    assert mail.status == OutboxMail.Status.UNREACHABLE
    assert mail.address == ""
    assert "7.1.2.1" in mail.body
    assert OutboxMail.objects.get(recipient=heads["bpkad"]).status == OutboxMail.Status.SENT


def test_dry_run_prints_and_sends_nothing(smtp_server, heads):
    out = run(DAY, "--dry-run")
    assert "To: bpkad@test.invalid" in out
    assert "7.1.1.1 Berita acara rekonsiliasi" in out
    assert "Dry run: 2 digests" in out
    assert smtp_server.envelopes == []
    assert not OutboxMail.objects.exists()


def test_a_failed_mail_is_recorded_and_sent_by_the_next_run(smtp_server, heads, settings):
    real_port = settings.EMAIL_PORT
    from tests.reminders.conftest import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(CommandError, match="1 mails failed"):
        run(DAY)
    mail = OutboxMail.objects.get(recipient=heads["bpkad"])
    assert mail.status == OutboxMail.Status.FAILED and mail.error
    settings.EMAIL_PORT = real_port
    assert "sent 1" in run(DAY)
    assert len(smtp_server.to("bpkad@test.invalid")) == 1


def test_a_bad_date_is_refused(heads):
    with pytest.raises(CommandError, match="not a date"):
        run_text = StringIO()
        call_command("send_reminders", "--date", "5-11-2025", stdout=run_text)


def test_without_site_url_nothing_is_sent(heads, settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        run(DAY)
    assert not OutboxMail.objects.exists()


# ---------------------------------------------------------------- persons in charge


def assign_in_charge(code: str, user) -> None:
    record = DocumentRecord.objects.get(document__code=code)
    services.document_assign(
        record=record,
        by=None,
        owner=record.owner,
        person_in_charge=user.get_full_name(),
        person_in_charge_user=user,
    )


def test_a_person_in_charge_gets_the_documents_in_their_charge(smtp_server, heads):
    staff = make_user("staf-aset", roles.INSPEKTORAT, email="aset@test.invalid", first_name="Sari")
    assign_in_charge("7.1.2.1", staff)  # Biro Hukum's document
    run(DAY)
    mails = smtp_server.to("aset@test.invalid")
    assert len(mails) == 1
    body = body_of(mails[0])
    assert "7.1.2.1 Daftar sertifikat" in body
    assert "7.1.1.1" not in body  # BPKAD's documents are not in her charge
    # The head of BPKAD still gets exactly their unit's digest.
    assert "7.1.2.1" not in body_of(smtp_server.to("bpkad@test.invalid")[0])
    assert "sent 2, unreachable 1" in run(DAY + datetime.timedelta(days=1))


def test_no_mail_names_a_unit_the_recipient_may_not_see(smtp_server, heads, official_units):
    other_head = make_user("kepala-bappeda", roles.KEPALA_SKPD, email="bappeda@test.invalid")
    official_units["bappeda"].heads.add(other_head)
    # Set behind the service's back (it refuses this, see below): the digest checks again.
    DocumentRecord.objects.filter(document__code="7.1.2.1").update(
        person_in_charge_user=other_head
    )
    run(DAY)
    assert smtp_server.to("bappeda@test.invalid") == []
    assert not OutboxMail.objects.filter(recipient=other_head).exists()


def test_the_service_refuses_a_person_in_charge_who_may_not_see_the_opd(heads, official_units):
    other_head = make_user("kepala-bappeda", roles.KEPALA_SKPD)
    official_units["bappeda"].heads.add(other_head)
    with pytest.raises(ValidationError) as refused:
        assign_in_charge("7.1.2.1", other_head)
    assert refused.value.code == "hidden-unit"
    assert DocumentRecord.objects.get(document__code="7.1.2.1").person_in_charge_user is None
