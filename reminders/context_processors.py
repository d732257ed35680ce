"""The counts beside the navigation's "My tasks" and "Review queue" (reminders.todo)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from reminders.todo import nav_counts
from skpd.access import has_role


def todo_counts(request: HttpRequest) -> dict:
    """{"todo_counts": NavCounts} for a logged-in user with a role, read only when a
    template uses it (htmx fragments and error pages do not); {} otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not has_role(user):
        return {}
    return {"todo_counts": SimpleLazyObject(lambda: nav_counts(user))}
