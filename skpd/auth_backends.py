from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from pagecache import versioned


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes for every login over HTTP. A login without a request (the shell,
    Django's test client) has no client address to throttle, so it passes through to
    the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class CachedPermissionsBackend(ModelBackend):
    """Django's ModelBackend, with each user's permissions kept across requests until
    the setup version changes: two queries fewer on every page that checks one. Changes
    to groups, permissions and memberships raise it (scores.apps); is_active is read
    from the user's row on each request, and is_superuser is part of the key."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"permissions:{user_obj.pk}:{user_obj.is_superuser:d}"
            user_obj._perm_cache = versioned.cached_setup(
                key, lambda: self.read_permissions(user_obj)
            )
        return user_obj._perm_cache

    def read_permissions(self, user_obj) -> set[str]:
        """The user's own and their groups' permissions, as ModelBackend gives them
        (superusers: all), in one query rather than ModelBackend's two."""
        permissions = Permission.objects.all()
        if not user_obj.is_superuser:
            permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
        rows = permissions.values_list("content_type__app_label", "codename").distinct()
        return {f"{app_label}.{codename}" for app_label, codename in rows}
