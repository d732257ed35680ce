"""The outbox of reminder mails for the Inspektorat (issue 15, item 2): every mail
sent, to whom, when (WITA), its subject and text, filtered by day; and the people who
would get a digest but have no e-mail address."""

from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reminders.access import VIEW_OUTBOX, outbox_reader_or_403
from reminders.forms import OutboxFilter
from reminders.models import OutboxMail
from skpd.access import role_required

MAILS_PER_PAGE = 50


def unreachable_users() -> list[User]:
    """Active users who would get a digest (unit heads, persons in charge of documents)
    but have no e-mail address, by name (one query)."""
    return list(
        User.objects.filter(is_active=True, email="")
        .filter(Q(headed_units__isnull=False) | Q(documents_in_charge__isnull=False))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@require_GET
@role_required(VIEW_OUTBOX)
def outbox(request: HttpRequest) -> HttpResponse:
    """Three queries (the count, the page of mails, the unreachable users)."""
    outbox_reader_or_403(request.user)
    form = OutboxFilter(request.GET or None)
    mails = OutboxMail.objects.order_by("-day", "recipient_name", "pk")
    status = 200
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["dari"]:
                mails = mails.filter(day__gte=form.cleaned_data["dari"])
            if form.cleaned_data["sampai"]:
                mails = mails.filter(day__lte=form.cleaned_data["sampai"])
        else:
            status, mails = 400, mails.none()
    page = Paginator(mails, MAILS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reminders/outbox.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "unreachable": unreachable_users(),
        },
        status=status,
    )
