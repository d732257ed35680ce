"""The second security review's examples (issue 17), one test each, by kind.

Each example failed on main before its fix; the kind behind it is stated in
docs/security.md with the other tests that hold it."""

import html
import secrets
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from actions.models import Evidence
from actions.services import evidence_upload
from dashboard.charts.base import figure
from scores import services
from scores.models import Target
from tests.actions.conftest import PDF_BYTES, PNG_BYTES, make_plan, upload
from tests.conftest import PASSWORD, make_user
from tests.mcp_dashboard.test_settings_env import run_check

LOGIN = "/accounts/login/"
HTML_IN_PDF = PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def inspector(as_user, inspektorat_user):
    return as_user(inspektorat_user)


@pytest.fixture
def bpkad_plan(official_units, indicators):
    return make_plan(official_units, indicators, owner="bpkad")


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


# ---------------------------------------------------------------- 1. files that cannot run


@pytest.mark.parametrize("name", ["laporan.pdf.html", "laporan.html", "laporan.bat", "a.pdf.jpg"])
def test_an_upload_whose_name_does_not_end_in_its_type_is_refused(bpkad_plan, name):
    with pytest.raises(ValidationError) as refused:
        evidence_upload(uploaded=upload(name, HTML_IN_PDF), by=None, plan=bpkad_plan)
    assert refused.value.code == "wrong_extension"
    assert ".pdf" in " ".join(refused.value.messages)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "kept"),
    [
        ("laporan.PDF", PDF_BYTES, "laporan.pdf"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "foto.jpg"),
        ("Laporan Triwulan I", PDF_BYTES, "Laporan Triwulan I.pdf"),
        ("peta.png", PNG_BYTES, "peta.png"),
        ("a.jpg.pdf", PDF_BYTES, "a_jpg.pdf"),
        ("Laporan v1.2.pdf", PDF_BYTES, "Laporan v1_2.pdf"),
    ],
)
def test_an_accepted_upload_is_named_by_its_detected_type(bpkad_plan, name, content, kept):
    evidence = evidence_upload(uploaded=upload(name, content), by=None, plan=bpkad_plan)
    assert evidence.original_name == kept


def test_a_download_carries_the_detected_extension_whatever_is_stored(
    inspector, bpkad_plan, evidence_root
):
    """A row stored before the rule (or edited in the database) still downloads safely."""
    evidence = evidence_upload(
        uploaded=upload("laporan.pdf", HTML_IN_PDF), by=None, plan=bpkad_plan
    )
    Evidence.objects.filter(pk=evidence.pk).update(original_name="laporan.pdf.html")
    response = inspector.get(f"/evidence/{evidence.pk}/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith('.pdf"'), disposition
    assert ".html" not in disposition.rsplit(".", 1)[-1]


# ---------------------------------------------------------------- 2. the real client address


def fail_login(client: Client, username: str, forwarded: str):
    return client.post(
        LOGIN,
        {"username": username, "password": "salah-sekali"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_one_proxy(settings):
    """What BEHIND_TLS_PROXY=1 with PROXY_COUNT=1 configures (see settings.client_address)."""
    from mcp_dashboard.settings import ipware_settings

    for name, value in ipware_settings(behind_proxy=True, proxy_count=1).items():
        setattr(settings, name, value)


def test_behind_the_proxy_an_attacker_does_not_lock_out_the_admin(behind_one_proxy, superuser):
    attacker = Client()
    for _ in range(6):
        fail_login(attacker, "admin", "203.0.113.66")
    assert fail_login(attacker, "admin", "203.0.113.66").status_code == 429
    admin = Client()
    response = admin.post(
        LOGIN,
        {"username": "admin", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock(behind_one_proxy, superuser):
    """The proxy appends the address it saw; what the client wrote before it is ignored."""
    attacker = Client()
    for n in range(6):
        fail_login(attacker, "admin", f"10.9.9.{n}, 203.0.113.66")
    assert fail_login(attacker, "admin", "10.9.9.99, 203.0.113.66").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(settings, superuser):
    from mcp_dashboard.settings import ipware_settings

    for name, value in ipware_settings(behind_proxy=False, proxy_count=1).items():
        setattr(settings, name, value)
    attacker = Client()
    for n in range(6):
        fail_login(attacker, "admin", f"203.0.113.{n}")
    assert fail_login(attacker, "admin", "203.0.113.99").status_code == 429


# ---------------------------------------------------------------- 3. no write without a version


def test_what_if_targets_from_a_stale_page_are_refused_naming_who(
    as_user, inspektorat_user, official_data, indicators
):
    kalsel = official_data["kalsel"]
    inspector = as_user(inspektorat_user)
    page = inspector.get("/what-if/", {"unit": "kalsel", "year": "2023"}).content.decode()
    assert 'name="ver-mcp.apip"' in page
    colleague = make_user("rekan", first_name="Rekan", last_name="Kerja")
    services.target_set(
        unit=kalsel, indicator=indicators["mcp.apip"], year=2023, value=Decimal("95"), by=colleague
    )
    version = page.split('name="ver-mcp.apip" value="', 1)[1].split('"', 1)[0]
    response = inspector.post(
        "/what-if/save/",
        {"unit": "kalsel", "year": "2023", "area-mcp.apip": "80", "ver-mcp.apip": version},
        follow=True,
    )
    assert "Rekan Kerja" in response.content.decode()
    target = Target.objects.get(unit=kalsel, indicator=indicators["mcp.apip"], year=2023)
    assert target.value == Decimal("95")


def test_what_if_save_without_versions_is_refused(inspector, official_data, indicators):
    response = inspector.post(
        "/what-if/save/", {"unit": "kalsel", "year": "2023", "area-mcp.apip": "80"}, follow=True
    )
    assert response.status_code == 200
    assert not Target.objects.filter(indicator=indicators["mcp.apip"], value=80).exists()


# ---------------------------------------------------------------- 4. no 500 from input


@pytest.mark.parametrize("url", ["/", "/what-if/", "/entry/"])
def test_a_nul_byte_in_a_parameter_gets_400_with_a_message(inspector, official_units, url):
    response = inspector.get(url, {"unit": "bpk\x00ad", "year": "2023"})
    assert response.status_code == 400
    assert "karakter" in response.content.decode()


def test_a_nul_byte_in_a_posted_field_gets_400(inspector, official_units):
    response = inspector.post("/what-if/save/", {"unit": "kalsel\x00", "area-mcp.apip": "80"})
    assert response.status_code == 400


@pytest.mark.parametrize("target", ["x", "lock", "//evil.example/", "https://evil.example/"])
def test_lock_with_a_bad_next_goes_back_to_the_grid(inspector, target):
    response = inspector.post("/entry/2023/lock/", {"reason": "Diverifikasi", "next": target})
    assert response.status_code == 302
    assert response["Location"].startswith("/entry/")


def test_a_target_source_longer_than_its_column_is_refused(official_units, indicators):
    with pytest.raises(ValidationError) as refused:
        services.target_set(
            unit=official_units["bpkad"],
            indicator=indicators["mcp"],
            year=2023,
            value=Decimal("90"),
            by=None,
            source="s" * 256,
        )
    assert refused.value.code == "too_long"
    assert not Target.objects.exists()


# ---------------------------------------------------------------- 6. chart labels


def test_text_given_to_plotly_is_escaped():
    label = '<a href="https://evil.example/">Tanah Laut</a>'
    fig = figure(
        [{"type": "bar", "x": [label], "y": [1], "name": label, "customdata": [label]}],
        {"title": {"text": label}},
        "x",
    )
    flat = repr(fig["data"]) + repr(fig["layout"]["title"])
    assert "<a" not in flat
    assert html.escape(label, quote=False) in flat


# ---------------------------------------------------------------- 7. private pages


def test_logged_in_pages_are_private(inspector, official_data):
    assert "private" in inspector.get("/")["Cache-Control"]


@pytest.mark.parametrize("url", ["/export/scores.csv", "/export/scores.xlsx"])
def test_exports_are_never_stored(inspector, official_data, url):
    cache_control = inspector.get(url)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


# ---------------------------------------------------------------- 8. who may see what


def test_a_user_without_a_role_sees_no_unit_data(client, official_data):
    nobody = User.objects.create_user("tanpa-peran", password=PASSWORD)
    client.force_login(nobody)
    for url in ("/", "/unit/kalsel/", "/what-if/"):
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "administrator" in page.lower()
        assert "84,73" not in page


def test_an_skpd_head_is_told_the_ranking_is_shown_on_purpose(
    as_user, kepala_bpkad, official_data
):
    page = as_user(kepala_bpkad).get("/").content.decode()
    assert "peringkat" in page.lower() and "sengaja" in page.lower()


# ---------------------------------------------------------------- 9. settings


def test_production_with_the_development_key_stops_start_up():
    result = run_check(
        DEBUG="0", SECRET_KEY="django-insecure-dev-only", ALLOWED_HOSTS="mcp.example"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_a_strong_key_starts():
    result = run_check(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="m.example")
    assert result.returncode == 0, result.stderr


@override_settings(DEBUG=False)
def test_a_short_key_is_refused_too():
    from mcp_dashboard.settings import check_secret_key

    with pytest.raises(Exception, match="SECRET_KEY"):
        check_secret_key("x" * 50, debug=False)
    check_secret_key(secrets.token_urlsafe(50), debug=False)


# ---------------------------------------------------------------- 5. deletes keep history


def test_deleting_a_progress_note_in_the_admin_keeps_its_history(client, superuser, bpkad_plan):
    from actions.models import ProgressNote
    from actions.services import action_plan_report_progress

    note = action_plan_report_progress(
        plan=bpkad_plan, by=None, text="Mulai", status="in-progress"
    )
    client.force_login(superuser)
    response = client.post(f"/admin/actions/progressnote/{note.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ProgressNote.objects.filter(pk=note.pk).exists()
    deleted = ProgressNote.history.filter(id=note.pk, history_type="-").get()
    assert deleted.text == "Mulai" and deleted.history_user == superuser


def test_deleting_evidence_removes_its_file_when_the_delete_commits(
    client, superuser, bpkad_plan, evidence_root, django_capture_on_commit_callbacks
):
    from mcp_dashboard.lib import uploads

    evidence = evidence_upload(uploaded=upload("laporan.pdf", PDF_BYTES), by=None, plan=bpkad_plan)
    path = uploads.stored_path(evidence.stored_name)
    assert path.exists()
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/actions/evidence/{evidence.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not path.exists()
    assert Evidence.history.filter(id=evidence.pk, history_type="-").exists()


def test_a_rolled_back_evidence_delete_keeps_the_file(bpkad_plan, evidence_root):
    from django.db import transaction

    from mcp_dashboard.lib import uploads

    evidence = evidence_upload(uploaded=upload("laporan.pdf", PDF_BYTES), by=None, plan=bpkad_plan)
    with transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).delete()
        transaction.set_rollback(True)
    assert uploads.stored_path(evidence.stored_name).exists()


def test_deleting_a_strategic_issue_writes_history_for_the_plans_it_unlinks(
    client, superuser, bpkad_plan
):
    from actions.models import ActionPlan, StrategicIssue

    issue = StrategicIssue.objects.create(title="Aset", year=2023, strategy="perbaikan-sistem")
    ActionPlan.objects.filter(pk=bpkad_plan.pk).update(strategic_issue=issue)
    client.force_login(superuser)
    client.post(f"/admin/actions/strategicissue/{issue.pk}/delete/", {"post": "yes"})
    assert not StrategicIssue.objects.exists()
    last = ActionPlan.history.filter(id=bpkad_plan.pk).latest("history_date")
    assert last.strategic_issue_id is None
    assert "Aset" in last.history_change_reason
    assert last.history_user == superuser


# ---------------------------------------------------------------- 3. plans, issues, verdicts


def version_on(page: str, name: str = "version") -> str:
    return page.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]


def test_a_plan_edited_from_a_stale_page_is_refused_naming_who(inspector, bpkad_plan):
    from actions.models import ActionPlan
    from actions.services import action_plan_save

    url = f"/action-plans/{bpkad_plan.pk}/edit/"
    form = inspector.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["due_date"] = str(bpkad_plan.due_date)
    colleague = make_user("rekan", first_name="Rekan", last_name="Kerja")
    fresh = ActionPlan.objects.get(pk=bpkad_plan.pk)
    fresh.title = "Judul dari rekan"
    action_plan_save(plan=fresh, by=colleague)
    response = inspector.post(url, data | {"title": "Judul saya"})
    assert response.status_code == 200
    assert "Rekan Kerja" in response.content.decode()
    assert ActionPlan.objects.get(pk=bpkad_plan.pk).title == "Judul dari rekan"


def test_a_strategic_issue_edited_from_a_stale_page_is_refused(inspector, official_units):
    from actions.models import StrategicIssue
    from actions.services import strategic_issue_save

    issue = strategic_issue_save(
        issue=StrategicIssue(title="Aset", year=2023, strategy="perbaikan-sistem"), by=None
    )
    url = f"/strategic-issues/{issue.pk}/edit/"
    version = version_on(inspector.get(url).content.decode())
    colleague = make_user("rekan", first_name="Rekan", last_name="Kerja")
    fresh = StrategicIssue.objects.get(pk=issue.pk)
    fresh.title = "Aset daerah"
    strategic_issue_save(issue=fresh, by=colleague)
    data = {"title": "Aset saya", "year": "2023", "strategy": "perbaikan-sistem"}
    response = inspector.post(url, data | {"status": "open", "version": version})
    assert "Rekan Kerja" in response.content.decode()
    assert StrategicIssue.objects.get(pk=issue.pk).title == "Aset daerah"


def test_a_verdict_from_a_stale_page_is_refused(inspector, bpkad_plan):
    from actions.services import evidence_verify

    evidence = evidence_upload(uploaded=upload("laporan.pdf", PDF_BYTES), by=None, plan=bpkad_plan)
    page = inspector.get(f"/action-plans/{bpkad_plan.pk}/").content.decode()
    version = version_on(page)
    colleague = make_user("rekan", first_name="Rekan", last_name="Kerja")
    evidence_verify(evidence=evidence, by=colleague, status="accepted")
    response = inspector.post(
        f"/evidence/{evidence.pk}/verify/",
        {"status": "needs-revision", "comment": "Kurang", "version": version},
        follow=True,
    )
    assert "Rekan Kerja" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.status == "accepted"
