"""Granting and revoking a role for a unit subtree (issue 18, item 1): the only writes
of skpd.models.RoleGrant. The admin's user page and the `grant` / `revoke` commands
call these; skpd.access reads the grants.

A grant also makes the user a member of the role's group (the group's permissions say
what the user may do, the grants where); revoking the last grant of a role takes the
user out of its group. Rows are never deleted: a revoked grant keeps who and when.
Both raise the setup version (pagecache.versioned), under which every user's reach
(skpd.access.reach) is cached, so the next request of every worker sees the change.
"""

from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pagecache import versioned
from skpd.models import RoleGrant, Unit


def role_grant(*, user: User, role: Group, unit: Unit | None, by: User | None) -> RoleGrant:
    """Give `user` the role `role` for `unit` and every unit below it (None: every unit,
    a national role). Idempotent: an active grant of the same role and unit is returned
    as it is. The user's first grant ends the rule from before grants for them (see
    skpd.access.Reach): it gives them skpd.limited_to_grants, kept after revoking, and
    from then on they reach only what their grants name."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time
        user.user_permissions.add(limited_to_grants())
        existing = RoleGrant.objects.active().filter(user=user, role=role, unit=unit).first()
        if existing is not None:
            forget_permissions(user)
            return existing
        grant = RoleGrant.objects.create(user=user, role=role, unit=unit, granted_by=by)
        user.groups.add(role)
        versioned.invalidate_setup()
    forget_permissions(user)
    return grant


def role_revoke(*, user: User, role: Group, unit: Unit | None, by: User | None) -> RoleGrant:
    """Revoke the active grant of `role` for `unit` (None: the national one). When it
    was the user's last grant of that role, the user leaves the role's group too (so a
    revoked user is never left with the role's permissions everywhere). ValidationError
    (code "no-grant") when there is no such grant."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        grant = (
            RoleGrant.objects.active()
            .select_for_update()
            .filter(user=user, role=role, unit=unit)
            .first()
        )
        if grant is None:
            raise ValidationError(
                _("%(user)s has no grant of the role “%(role)s” for %(unit)s.")
                % {
                    "user": user.get_username(),
                    "role": role.name,
                    "unit": unit.code if unit is not None else _("every unit (national)"),
                },
                code="no-grant",
            )
        grant.revoked_at = timezone.now()
        grant.revoked_by = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
        if not RoleGrant.objects.active().filter(user=user, role=role).exists():
            user.groups.remove(role)
        versioned.invalidate_setup()
    forget_permissions(user)
    return grant


def limited_to_grants() -> Permission:
    """The permission that marks a user as limited to their grants (skpd.access)."""
    return Permission.objects.get(content_type__app_label="skpd", codename="limited_to_grants")


def forget_permissions(user: User) -> None:
    """Drop the permissions this user object remembers (Django's backends keep them on
    it), so the caller's next check reads the grant just written."""
    for name in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(name, None)
