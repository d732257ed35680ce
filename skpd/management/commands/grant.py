"""python manage.py grant USERNAME ROLE [--unit CODE]: give a user a role for a unit and
every unit below it; without --unit, for every unit (a national role)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from skpd.grants import role_grant
from skpd.management.lookups import grant_arguments


class Command(BaseCommand):
    help = "Grant a role (a group: Inspektorat, Pimpinan, Kepala SKPD) for a unit's subtree."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="Inspektorat, Pimpinan or “Kepala SKPD”.")
        parser.add_argument("--unit", help="The unit's code; leave out for every unit.")
        parser.add_argument("--by", help="The username of who grants (for the history).")

    def handle(self, *args, username, role, unit=None, by=None, **options):
        found = grant_arguments(username, role, unit, by)
        try:
            grant = role_grant(**found)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        where = found["unit"].code if found["unit"] else _("every unit (national)")
        self.stdout.write(
            _("%(user)s is %(role)s for %(unit)s (granted %(when)s).")
            % {
                "user": found["user"].get_username(),
                "role": found["role"].name,
                "unit": where,
                # In the site's zone and the active language's format (house rule).
                "when": date_format(timezone.localtime(grant.granted_at), "DATETIME_FORMAT")
                + " WITA",
            }
        )
