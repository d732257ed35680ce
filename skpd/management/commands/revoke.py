"""python manage.py revoke USERNAME ROLE [--unit CODE]: revoke a grant that `grant`
gave (without --unit, the national one)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from skpd.grants import role_revoke
from skpd.management.lookups import grant_arguments


class Command(BaseCommand):
    help = "Revoke a role granted for a unit's subtree (or the national grant)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="Inspektorat, Pimpinan or “Kepala SKPD”.")
        parser.add_argument("--unit", help="The unit's code; leave out for the national grant.")
        parser.add_argument("--by", help="The username of who revokes (for the history).")

    def handle(self, *args, username, role, unit=None, by=None, **options):
        found = grant_arguments(username, role, unit, by)
        try:
            role_revoke(**found)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        where = found["unit"].code if found["unit"] else _("every unit (national)")
        self.stdout.write(
            _("Revoked: %(user)s as %(role)s for %(unit)s.")
            % {"user": found["user"].get_username(), "role": found["role"].name, "unit": where}
        )
