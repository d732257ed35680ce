"""The outbox page (issue 15, item 2): the Inspektorat reads every mail (to whom, when
in WITA, subject and text), filters by day, and sees who is unreachable."""

import datetime

from django.utils import timezone

from reminders.models import OutboxMail
from skpd import roles
from tests.conftest import make_user

URL = "/mcp/pengingat/kotak-keluar/"


def mail(day: datetime.date, name: str, **fields) -> OutboxMail:
    values = {
        "recipient_name": name,
        "address": f"{name}@test.invalid",
        "status": OutboxMail.Status.SENT,
        "subject": f"Pengingat MCP untuk {name}",
        "body": f"Yth. {name},\n\n- 7.1.1.1 Berita acara <rekonsiliasi>\n",
    } | fields
    return OutboxMail.objects.create(day=day, **values)


def test_the_inspektorat_reads_every_mail_with_its_time_in_wita(
    as_user, inspektorat_user, django_assert_max_num_queries
):
    sent_at = datetime.datetime(2025, 11, 5, 0, 30, tzinfo=datetime.UTC)  # 08.30 WITA
    mail(datetime.date(2025, 11, 5), "budi", sent_at=sent_at)
    mail(datetime.date(2025, 11, 5), "hukum", address="", status=OutboxMail.Status.UNREACHABLE)
    client = as_user(inspektorat_user)
    with django_assert_max_num_queries(14):
        page = client.get(URL).content.decode()
    assert "5 November 2025 08.30 WITA" in page
    assert "Pengingat MCP untuk budi" in page
    assert "Berita acara &lt;rekonsiliasi&gt;" in page  # the text, escaped
    assert "tanpa alamat e-mail" in page
    assert "2 surel" in page


def test_the_filter_keeps_the_days_asked_for(as_user, inspektorat_user):
    mail(datetime.date(2025, 11, 4), "kemarin")
    mail(datetime.date(2025, 11, 5), "hari-ini")
    page = as_user(inspektorat_user).get(URL, {"dari": "2025-11-05"}).content.decode()
    assert "hari-ini" in page and "kemarin" not in page
    page = as_user(inspektorat_user).get(URL, {"sampai": "2025-11-04"}).content.decode()
    assert "kemarin" in page and "hari-ini" not in page


def test_a_bad_filter_is_refused_with_a_message(as_user, inspektorat_user):
    mail(datetime.date(2025, 11, 5), "budi")
    response = as_user(inspektorat_user).get(URL, {"dari": "2025-11-06", "sampai": "2025-11-01"})
    assert response.status_code == 400
    assert "Tanggal akhir sebelum tanggal mulai" in response.content.decode()
    response = as_user(inspektorat_user).get(URL, {"dari": "kemarin"})
    assert response.status_code == 400
    assert "Masukkan tanggal yang valid" in response.content.decode()


def test_heads_without_an_address_are_listed_as_unreachable(
    as_user, inspektorat_user, official_units
):
    head = make_user("kepala-hukum", roles.KEPALA_SKPD, first_name="Hadi", last_name="Wijaya")
    official_units["biro-hukum"].heads.add(head)
    with_address = make_user("kepala-bpkad", roles.KEPALA_SKPD, email="bpkad@test.invalid")
    official_units["bpkad"].heads.add(with_address)
    page = as_user(inspektorat_user).get(URL).content.decode()
    section = page.split('data-testid="unreachable"', 1)[1].split("</section>", 1)[0]
    assert "Hadi Wijaya" in section
    assert "kepala-bpkad" not in section


def test_pimpinan_and_heads_may_not_read_the_outbox(as_user, pimpinan_user, kepala_bpkad):
    assert as_user(pimpinan_user).get(URL).status_code == 403
    assert as_user(kepala_bpkad).get(URL).status_code == 403


def test_the_page_lists_fifty_mails_a_page(as_user, inspektorat_user):
    today = timezone.localdate()
    for n in range(55):
        mail(today, f"orang{n:02d}")
    client = as_user(inspektorat_user)
    first = client.get(URL).content.decode()
    assert first.count('data-testid="outbox-row"') == 50
    assert "Halaman 1 dari 2" in first
    second = client.get(URL, {"page": "2"}).content.decode()
    assert second.count('data-testid="outbox-row"') == 5
