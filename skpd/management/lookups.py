"""What the grant and revoke commands name, found or refused with a clear message."""

from django.contrib.auth.models import Group, User
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from skpd.models import Unit


def grant_arguments(username: str, role: str, unit: str | None, by: str | None) -> dict:
    """{"user", "role", "unit" (None: national), "by"} for skpd.grants; CommandError
    naming what is unknown: a user, a role (listing the roles there are), a unit code."""
    user = find_user(username)
    group = Group.objects.filter(name__iexact=role.strip()).first()
    if group is None:
        names = ", ".join(
            f"“{name}”" for name in Group.objects.order_by("name").values_list("name", flat=True)
        )
        raise CommandError(
            _("Unknown role “%(role)s”. The roles are: %(names)s.")
            % {"role": role, "names": names}
        )
    found_unit = None
    if unit is not None:
        found_unit = Unit.objects.filter(code=unit.strip()).first()
        if found_unit is None:
            raise CommandError(_("Unknown unit code “%(code)s”.") % {"code": unit})
    return {
        "user": user,
        "role": group,
        "unit": found_unit,
        "by": find_user(by) if by else None,
    }


def find_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("Unknown user “%(username)s”.") % {"username": username})
    return user
