"""Issue 14, item 9: the overview and an OPD's page read a fixed number of queries,
whatever the number of documents, OPDs, history rows, files and values. A province's
700 documents × 45 OPDs is scaled down here; the count is the same at both sizes
(bench/bench_workbook.py times the real size)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skpd.models import Unit
from workbook import synthetic

pytestmark = pytest.mark.django_db
YEAR = 2025
# Pinned: raise them only with a reason in the commit.
OVERVIEW_QUERIES = 12  # with the bulk-assignment form's area fingerprints (one query) and,
# on the first visit to an address, the number of the navigation counts' cache scope
# The first-visit read of the navigation counts' scope; three for the assignment form
# (supporting OPDs, the pemda's OPDs, the accounts that may see the OPD).
OPD_PAGE_QUERIES = 14
REVIEW_QUERIES = 8
SIZES = [(2, 12), (6, 60)]  # (OPDs, documents)


def workbook_of(official_units, year: int, opd_count: int, documents: int) -> Unit:
    """A synthetic workbook of Kalsel for the year; returns an OPD owning documents."""
    kalsel = official_units["kalsel"]
    opds = list(Unit.objects.filter(parent=kalsel, level=Unit.Level.SKPD).order_by("code"))
    catalogue = synthetic.build_catalogue(year, documents)
    synthetic.open_workbook(kalsel, year, opds[:opd_count], catalogue)
    return opds[0]


def queries_of(client, url: str) -> int:
    """The queries of a request after a first one (which fills per-process caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def counts(client, opd: Unit, year: int) -> dict[str, int]:
    overview = reverse("workbook:overview", args=[year]) + "?pemda=kalsel"
    return {
        "overview": queries_of(client, overview),
        "overview as of": queries_of(client, f"{overview}&per={year}-07-01"),
        "opd": queries_of(client, reverse("workbook:opd", args=[year, opd.code])),
        "review": queries_of(client, reverse("workbook:review", args=[year]) + "?pemda=kalsel"),
    }


@pytest.mark.parametrize("opd_count, documents", SIZES)
def test_the_pages_stay_within_their_pinned_query_counts(
    official_units, as_user, inspektorat_user, django_assert_max_num_queries, opd_count, documents
):
    opd = workbook_of(official_units, YEAR, opd_count, documents)
    client = as_user(inspektorat_user)
    client.get(reverse("workbook:overview", args=[YEAR]))  # session and permission caches
    overview = reverse("workbook:overview", args=[YEAR]) + "?pemda=kalsel"
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        assert client.get(overview).status_code == 200
    with django_assert_max_num_queries(OPD_PAGE_QUERIES):
        assert client.get(reverse("workbook:opd", args=[YEAR, opd.code])).status_code == 200
    with django_assert_max_num_queries(REVIEW_QUERIES):
        review = reverse("workbook:review", args=[YEAR]) + "?pemda=kalsel"
        assert client.get(review).status_code == 200


def test_the_query_count_does_not_grow_with_the_data(official_units, as_user, inspektorat_user):
    client = as_user(inspektorat_user)
    opd = workbook_of(official_units, YEAR, *SIZES[0])
    client.get(reverse("workbook:overview", args=[YEAR]))  # session and permission caches
    small = counts(client, opd, YEAR)
    # Five times the documents and three times the OPDs, in another year.
    workbook_of(official_units, YEAR - 1, *SIZES[1])
    large = counts(client, opd, YEAR - 1)
    assert large == small
