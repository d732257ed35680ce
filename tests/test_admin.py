from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from scores import services
from scores.models import Score


def admin_url(model, page: str) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}")


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m.__name__)
def test_every_changelist_answers_200_for_the_superuser(as_user, superuser, official_data, model):
    response = as_user(superuser).get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m.__name__)
def test_every_add_page_answers_as_its_admin_allows(as_user, superuser, rf, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = superuser
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert as_user(superuser).get(admin_url(model, "add")).status_code == expected


def test_score_history_page_answers_200(as_user, superuser, official_data):
    score = Score.objects.first()
    url = reverse("admin:scores_score_history", args=[score.pk])
    assert as_user(superuser).get(url).status_code == 200


def test_inspektorat_staff_cannot_enter_the_admin(as_user, inspektorat_user):
    response = as_user(inspektorat_user).get(reverse("admin:index"))
    assert response.status_code == 302


def test_a_past_score_version_cannot_be_posted_back_through_the_admin(
    as_user, superuser, kalsel, indicators
):
    """simple-history's "revert" page would save the old value past the lock, version
    and reason checks of scores.services: the read-only admin refuses it."""
    old = services.score_set(
        unit=kalsel, indicator=indicators["ipak"], year=2023, value=Decimal("3.5"), by=None
    )
    version = old.history.first()
    current = services.score_set(
        unit=kalsel,
        indicator=indicators["ipak"],
        year=2023,
        value=Decimal("3.9"),
        by=None,
        reason="Revisi",
    )
    url = reverse("admin:scores_score_simple_history", args=[old.pk, version.history_id])
    form = {
        "unit": kalsel.pk,
        "indicator": indicators["ipak"].pk,
        "year": 2023,
        "value": "3.5",
        "status": current.status,
        "source": "",
        "note": "",
    }
    response = as_user(superuser).post(url, form)
    assert response.status_code == 403
    current.refresh_from_db()
    assert current.value == Decimal("3.9")
