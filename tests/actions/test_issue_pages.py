import pytest

from actions.models import StrategicIssue, Strategy
from actions.services import strategic_issue_save


@pytest.fixture
def stunting(official_units, indicators) -> StrategicIssue:
    return strategic_issue_save(
        issue=StrategicIssue(title="Stunting", year=2024, strategy=Strategy.SYSTEM_IMPROVEMENT),
        by=None,
        areas=[indicators["mcp.pbj"]],
        responsible_units=[official_units["dinkes"]],
    )


def test_anonymous_users_are_sent_to_log_in(client, stunting):
    for url in ("/strategic-issues/", f"/strategic-issues/{stunting.pk}/"):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("role", ["inspektorat_user", "pimpinan_user", "superuser"])
def test_the_inspectorate_and_leaders_read_issues(request, as_user, stunting, role):
    client = as_user(request.getfixturevalue(role))
    assert "Stunting" in client.get("/strategic-issues/").content.decode()
    detail = client.get(f"/strategic-issues/{stunting.pk}/").content.decode()
    assert "Dinas Kesehatan" in detail and "Pengadaan Barang dan Jasa" in detail


def test_skpd_heads_do_not_see_the_issue_pages(as_user, kepala_bpkad, stunting):
    client = as_user(kepala_bpkad)
    assert client.get("/strategic-issues/").status_code == 403
    assert client.get(f"/strategic-issues/{stunting.pk}/").status_code == 403


def test_the_list_filters_by_strategy_and_area(as_user, inspektorat_user, stunting):
    client = as_user(inspektorat_user)
    assert "Stunting" not in client.get("/strategic-issues/?strategy=efek-jera").content.decode()
    assert "Stunting" in client.get("/strategic-issues/?area=mcp.pbj").content.decode()
    assert "Stunting" not in client.get("/strategic-issues/?area=mcp.apip").content.decode()


def test_bad_filters_give_a_message_not_a_500(as_user, inspektorat_user, stunting):
    response = as_user(inspektorat_user).get("/strategic-issues/?year=dua&strategy=x")
    assert response.status_code == 200 and 'class="error"' in response.content.decode()


def test_the_inspectorate_creates_an_issue(as_user, inspektorat_user, official_units, indicators):
    response = as_user(inspektorat_user).post(
        "/strategic-issues/new/",
        {
            "title": "Kapabilitas APIP",
            "year": "2024",
            "strategy": "membangun-nilai",
            "status": "open",
            "areas": [indicators["mcp.apip"].pk],
            "responsible_units": [official_units["inspektorat"].pk],
        },
    )
    issue = StrategicIssue.objects.get()
    assert response.url == f"/strategic-issues/{issue.pk}/"
    assert list(issue.areas.values_list("code", flat=True)) == ["mcp.apip"]
    assert issue.created_by == inspektorat_user


def test_a_bad_issue_form_is_shown_again(as_user, inspektorat_user, db):
    response = as_user(inspektorat_user).post("/strategic-issues/new/", {"year": "abc"})
    assert response.status_code == 200 and not StrategicIssue.objects.exists()


def test_leaders_cannot_create_issues(as_user, pimpinan_user, db):
    assert as_user(pimpinan_user).get("/strategic-issues/new/").status_code == 403


def test_the_list_refuses_post(as_user, inspektorat_user, db):
    assert as_user(inspektorat_user).post("/strategic-issues/").status_code == 405
