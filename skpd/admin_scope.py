"""The admin's lists within a staff account's grants (issue 18): a staff account that
is not a superuser and is limited by its grants (skpd.access.Reach) finds in a list,
and opens, only the rows of the units it sees; another row answers as one that does
not exist. Superusers and accounts that see every unit see every row, as before."""

from django.db.models import Q

from skpd.access import visible_unit_ids


class GrantScopedAdmin:
    """Mix in before the admin's base: `unit_paths` are the lookups from the model to a
    unit (a row is shown when any of them is a unit the user sees); "" is the unit
    itself (the units' own admin)."""

    unit_paths: tuple[str, ...] = ("unit",)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        visible = visible_unit_ids(request.user)
        if request.user.is_superuser or visible is None:
            return rows
        condition = Q()
        for path in self.unit_paths:
            condition |= Q(**{f"{path}__in" if path else "pk__in": visible})
        return rows.filter(condition)
