from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkpdConfig(AppConfig):
    name = "skpd"
    verbose_name = _("Units")

    def ready(self) -> None:
        from django.contrib.auth.models import Group, User
        from django.contrib.auth.signals import user_logged_in

        from pagecache.signals import (
            raise_setup_version_on_membership,
            raise_setup_version_on_write,
        )
        from skpd.models import Unit
        from skpd.sessions import mark_session_touched

        user_logged_in.connect(mark_session_touched, dispatch_uid="mark_session_touched")
        # Each user's permissions and visible units are cached under the setup version
        # (skpd.auth_backends, skpd.access): the unit tree, groups, permissions and who
        # is in which group, holds which permission, heads which unit and holds which
        # grant (skpd.RoleGrant) raise it.
        raise_setup_version_on_write(
            "skpd.Unit", "skpd.RoleGrant", "auth.Group", "auth.Permission"
        )
        raise_setup_version_on_membership(
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
            Unit.heads.through,
        )
