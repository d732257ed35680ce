"""Template flags the dashboard's own views cannot hand to pages of lower apps."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from scores.access import IMPORT_SCORES
from skpd.access import acts_nationally


def national_actions(request: HttpRequest) -> dict:
    """`may_recompute_national`: whether the user may start the national recomputation
    (dashboard.job_views.national_recompute: importing for every unit). Lazy, so a page
    that does not ask reads no grants; the jobs list (a lower app's page) asks."""
    return {
        "may_recompute_national": SimpleLazyObject(
            lambda: acts_nationally(request.user, IMPORT_SCORES)
        )
    }
