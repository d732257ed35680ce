"""On login, one message says what needs the user (reminders.todo), with a link to the
page that lists it. It replaces the action plans' own login message: one place tells a
head about documents, plans and evidence alike."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reminders.todo import Todo, todo_for
from skpd.access import has_role


def summary(todo: Todo) -> list[str]:
    """The message's parts, one per non-empty kind of work, in the user's language."""
    parts = []
    counts = [
        (
            len(todo.repair),
            ngettext("%d document to repair", "%d documents to repair", len(todo.repair)),
        ),
        (
            len(todo.upload),
            ngettext("%d document to upload", "%d documents to upload", len(todo.upload)),
        ),
        (
            len(todo.plans_overdue),
            ngettext("%d overdue action plan", "%d overdue action plans", len(todo.plans_overdue)),
        ),
        (
            len(todo.plans_soon),
            ngettext(
                "%d plan due within 14 days", "%d plans due within 14 days", len(todo.plans_soon)
            ),
        ),
        (
            len(todo.evidence),
            ngettext(
                "%d evidence file marked “needs revision”",
                "%d evidence files marked “needs revision”",
                len(todo.evidence),
            ),
        ),
        (
            len(todo.review),
            ngettext(
                "%d document waiting for review",
                "%d documents waiting for review",
                len(todo.review),
            ),
        ),
    ]
    for count, text in counts:
        if count:
            parts.append(text % count)
    return parts


@receiver(user_logged_in, dispatch_uid="reminders-login-todo")
def tell_what_needs_the_user(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "_messages") or not has_role(user):
        return
    parts = summary(todo_for(user))
    if not parts:
        return
    messages.warning(
        request,
        format_html(
            '{} {}. <a href="{}">{}</a>',
            _("Needs your attention:"),
            ", ".join(parts),
            reverse("reminders:todo"),
            _("See what needs me"),
        ),
    )
