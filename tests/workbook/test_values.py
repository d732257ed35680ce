"""Entering the values per sub-indicator: the OPD's self-assessed value on its page
(its head or the Inspektorat), KPK's verified value on the review page (the
Inspektorat only), and the OPD's MCP derived from them (issue 14, items 4 and 7)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from workbook import services
from workbook.models import CatalogueEntry, SubIndicatorValue

pytestmark = pytest.mark.django_db
YEAR = 2025


def sub(code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(year=YEAR, level="sub-indicator", code=code)


def value_url(code: str = "bpkad") -> str:
    return reverse("workbook:opd_value", kwargs={"year": YEAR, "code": code})


def verify_url() -> str:
    return reverse("workbook:verify_value", kwargs={"year": YEAR}) + "?pemda=kalsel"


def entered(code: str, text: str) -> dict:
    """The value form as the page shows it now: its sub-indicator, the version of the
    values it read and the text typed."""
    row = stored(code)
    return {"sub": sub(code).pk, "value": text, "version": row.version if row else 0}


def stored(code: str) -> SubIndicatorValue | None:
    return SubIndicatorValue.objects.filter(sub_indicator=sub(code)).first()


def test_the_head_enters_a_self_assessed_value_with_a_decimal_comma(
    catalogue_2025, as_user, kepala_bpkad
):
    client = as_user(kepala_bpkad)
    response = client.post(value_url(), entered("7.1.1", "84,73"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#sub-{sub('7.1.1').pk}")
    row = stored("7.1.1")
    assert row.value == Decimal("84.73")
    assert row.verified_value is None
    assert row.reported_on is not None
    assert row.history.first().history_user == kepala_bpkad
    page = client.get(reverse("workbook:opd", kwargs={"year": YEAR, "code": "bpkad"}))
    assert 'value="84,73"' in page.content.decode()


def test_the_head_may_not_enter_a_verified_value(catalogue_2025, as_user, kepala_bpkad):
    response = as_user(kepala_bpkad).post(verify_url(), entered("7.1.1", "90"))
    assert response.status_code == 403
    assert stored("7.1.1") is None


def test_another_units_opd_or_sub_indicator_answers_like_a_missing_one(
    catalogue_2025, as_user, kepala_bpkad
):
    client = as_user(kepala_bpkad)
    # Biro Hukum owns 7.1.2: neither its page nor its sub-indicator is the head's.
    assert client.post(value_url("biro-hukum"), entered("7.1.2", "9")).status_code == 404
    assert client.post(value_url(), entered("7.1.2", "9")).status_code == 404
    assert client.post(value_url(), {"sub": 999999, "value": "9", "version": 0}).status_code == 404
    assert not SubIndicatorValue.objects.exists()


def test_pimpinan_reads_the_values_but_enters_none(catalogue_2025, as_user, pimpinan_user):
    client = as_user(pimpinan_user)
    assert client.post(value_url(), entered("7.1.1", "9")).status_code == 403
    assert client.post(verify_url(), entered("7.1.1", "9")).status_code == 403
    page = client.get(reverse("workbook:opd", kwargs={"year": YEAR, "code": "bpkad"}))
    assert 'data-testid="values"' in page.content.decode()
    assert "workbook:opd_value" not in page.content.decode()
    assert value_url() not in page.content.decode()


@pytest.mark.parametrize("typed", ["abc", "120", "-1", "84,7,3"])
def test_a_bad_value_gets_a_message_and_changes_nothing(
    catalogue_2025, as_user, kepala_bpkad, typed
):
    client = as_user(kepala_bpkad)
    client.post(value_url(), entered("7.1.1", "70"))
    response = client.post(value_url(), entered("7.1.1", typed), follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("84,73" in m or "0 dan 100" in m or "0 and 100" in m for m in messages), messages
    assert stored("7.1.1").value == Decimal("70")


def test_the_inspektorat_enters_both_values_and_each_keeps_the_other(
    catalogue_2025, as_user, inspektorat_user
):
    client = as_user(inspektorat_user)
    assert client.post(value_url(), entered("7.1.1", "90")).status_code == 302
    response = client.post(verify_url(), entered("7.1.1", "75,5"))
    assert response.status_code == 302
    assert "/review/" in response["Location"]
    row = stored("7.1.1")
    assert (row.value, row.verified_value) == (Decimal("90"), Decimal("75.5"))
    assert row.verified_on is not None
    # Clearing the self-assessed value leaves the verified one.
    client.post(value_url(), entered("7.1.1", ""))
    row = stored("7.1.1")
    assert (row.value, row.verified_value) == (None, Decimal("75.5"))
    review = client.get(reverse("workbook:review", kwargs={"year": YEAR}) + "?pemda=kalsel")
    assert 'value="75,50"' in review.content.decode()


def test_an_imported_value_keeps_its_source_when_one_value_is_typed(
    catalogue_2025, official_units, inspektorat_user
):
    services.sub_indicator_value_set(
        pemda=official_units["kalsel"], sub_indicator=sub("7.1.1"), by=None,
        value=Decimal(80), verified_value=Decimal(70), source="KPK extract: jaga.csv",
    )  # fmt: skip
    services.sub_indicator_verify(
        pemda=official_units["kalsel"], sub_indicator=sub("7.1.1"), by=inspektorat_user,
        verified_value=Decimal(72),
    )  # fmt: skip
    row = stored("7.1.1")
    assert (row.value, row.verified_value, row.source) == (
        Decimal(80), Decimal(72), "KPK extract: jaga.csv"
    )  # fmt: skip


def test_the_service_refuses_a_value_out_of_range(catalogue_2025, official_units):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.sub_indicator_self_assess(
            pemda=official_units["kalsel"], sub_indicator=sub("7.1.1"), by=None,
            value=Decimal("100.01"),
        )  # fmt: skip
    assert stored("7.1.1") is None


# ---------------------------------------------------------------- item 7


def test_the_opd_page_shows_its_mcp_from_the_verified_sub_indicators_it_owns(
    catalogue_2025, official_units, as_user, kepala_bpkad
):
    kalsel = official_units["kalsel"]
    client = as_user(kepala_bpkad)
    url = reverse("workbook:opd", kwargs={"year": YEAR, "code": "bpkad"})
    body = client.get(url).content.decode()
    assert "dari 0 sub-indikator yang diverifikasi" in body
    # BPKAD owns 7.1.1 (its documents) and 7.2.1 (no documents, its default owner);
    # Biro Hukum's 7.1.2 does not count for BPKAD.
    for code, verified in (("7.1.1", 80), ("7.2.1", 50), ("7.1.2", 10)):
        services.sub_indicator_verify(
            pemda=kalsel, sub_indicator=sub(code), by=None, verified_value=Decimal(verified)
        )
    body = client.get(url).content.decode()
    # Shares of the total: 7.1.1 = 50 % (area, equal) × 60 % × 50 % = 0,15;
    # 7.2.1 = 50 % × 40 % × 100 % = 0,20 → (0,15 × 80 + 0,20 × 50) / 0,35 = 62,857…
    assert ">62,86<" in body
    assert "dari 2 sub-indikator yang diverifikasi" in body
    assert "bobot yang sama" in body  # the areas carry no weight in this catalogue


def test_the_unit_page_shows_the_derived_mcp_and_a_typed_one_with_its_source(
    catalogue_2025, official_units, indicators, as_user, inspektorat_user
):
    from scores.services import score_set

    kalsel, bpkad = official_units["kalsel"], official_units["bpkad"]
    services.sub_indicator_verify(
        pemda=kalsel, sub_indicator=sub("7.1.1"), by=None, verified_value=Decimal("66.5")
    )
    score_set(
        unit=bpkad, indicator=indicators["mcp"], year=YEAR, value=Decimal("71.2"), by=None,
        source="Rapat evaluasi MCP 2025",
    )  # fmt: skip
    body = as_user(inspektorat_user).get(reverse("unit_detail", args=["bpkad"])).content
    body = body.decode()
    assert 'data-testid="opd-mcp-derived">66,50<' in body
    assert "dari 1 sub-indikator yang diverifikasi" in body
    assert "71,20" in body and "Rapat evaluasi MCP 2025" in body


def test_a_value_entered_on_a_page_read_before_a_colleagues_save_is_refused(
    catalogue_2025, as_user, inspektorat_user
):
    client = as_user(inspektorat_user)
    page_read = entered("7.1.1", "70")
    client.post(value_url(), entered("7.1.1", "80"))  # a colleague saves first
    response = client.post(value_url(), page_read, follow=True)
    assert stored("7.1.1").value == Decimal("80")
    assert "Reload" in response.content.decode() or "Muat ulang" in response.content.decode()


def test_a_value_without_the_version_the_page_read_is_refused(
    catalogue_2025, as_user, inspektorat_user
):
    form = entered("7.1.1", "70")
    del form["version"]
    as_user(inspektorat_user).post(value_url(), form)
    assert stored("7.1.1") is None
