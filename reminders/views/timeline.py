"""The timeline fragment on the workbook overview (issue 15, item 1).

The overview is a workbook page and the workbook sits below reminders, so it cannot
read the calendar itself: its template loads this fragment with htmx when the page has
loaded (hx-get, hx-trigger="load") and keeps a plain link to it as the fallback. The
fragment is a page of its own too (opened without htmx it renders inside the site's
layout), so the link works without JavaScript. ?per= (the overview's "as of") shows
the timeline seen from that day; a refused date answers 400 with the message.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from mcp_dashboard.lib.http import HtmxHttpRequest
from reminders.access import VIEW_CALENDAR
from reminders.forms import TimelineForm
from reminders.timeline import timeline
from skpd.access import role_required
from workbook.views import pemda_for, year_or_404


@require_GET
@role_required(VIEW_CALENDAR)
def timeline_fragment(request: HtmxHttpRequest, year: int) -> HttpResponse:
    year = year_or_404(year)
    pemda = pemda_for(request)
    form = TimelineForm(request.GET)
    if not form.is_valid():
        context = {"year": year, "form": form, "pemda": pemda}
        return render(request, "reminders/timeline_refused.html", context, status=400)
    day = form.cleaned_data["per"]
    data = timeline(pemda, year, day or timezone.localdate(), is_today=day is None)
    context = {"year": year, "tl": data}
    template = "reminders/_timeline.html" if request.htmx else "reminders/timeline.html"
    return render(request, template, context)
