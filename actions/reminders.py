"""On login, an SKPD head is told what is late, due soon or sent back for revision."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from actions.selectors import reminders_for_head


@receiver(user_logged_in, dispatch_uid="actions-login-reminders")
def remind_skpd_head(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "_messages"):
        return
    reminders = reminders_for_head(user)
    if not reminders.any:
        return
    summary = _(
        "Your units have %(overdue)d overdue action plans, %(soon)d due within 14 days "
        "and %(revise)d evidence files marked “needs revision”."
    ) % {
        "overdue": len(reminders.overdue),
        "soon": len(reminders.due_soon),
        "revise": len(reminders.needs_revision),
    }
    messages.warning(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            summary,
            reverse("actions:plan_list") + "?mine=1",
            _("See them"),
        ),
    )
