"""How the product names a person: in histories, conflict messages and audit lines."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _


def user_display_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """The user's full name, else their username; "the system" (translated) for a change
    no person made (a data migration, a command run without --user)."""
    if user is None or not user.is_authenticated:
        return _("the system")
    return user.get_full_name() or user.get_username()
