"""What needs me (issue 15, item 3): the page the login message and the navigation's
counts link to. Every role may open it; each sees only their own work and units."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reminders.access import may_read_outbox
from reminders.todo import todo_for
from skpd.access import role_assigned


@require_GET
@role_assigned
def todo(request: HttpRequest) -> HttpResponse:
    """About ten queries when the Todo is not cached, one or two when it is (pinned in
    tests/reminders/test_todo.py)."""
    return render(
        request,
        "reminders/todo.html",
        {"todo": todo_for(request.user), "can_read_outbox": may_read_outbox(request.user)},
    )
