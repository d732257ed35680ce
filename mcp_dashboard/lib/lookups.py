"""`in` on integer columns, where a value that cannot name a row names nothing.

Django's `exact` lookup on an integer column already answers "nothing" for a number
outside the column's range (IntegerFieldOverflow), but `in` hands it to the database
driver: SQLite raises OverflowError and a non-number raises ValueError. Forms and the
admin put raw posted ids into `pk__in` (ModelMultipleChoiceField, the admin's
autocomplete widget), so a forged id gave a 500 instead of "choose a valid option".
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    """`in` on an IntegerField (AutoField and BigAutoField included): values that are
    not integers, or lie outside the column's range on this database, are dropped; a
    list left empty matches no row, as an empty list does."""

    def get_prep_lookup(self):
        if self.rhs_is_direct_value() and isinstance(self.rhs, list | tuple | set | frozenset):
            self.rhs = [value for value in self.rhs if self.names_a_row(value)]
        return super().get_prep_lookup()

    def names_a_row(self, value) -> bool:
        if value is None or hasattr(value, "resolve_expression"):
            return True
        try:
            self.lhs.output_field.get_prep_value(value)
        except (ValueError, TypeError, OverflowError):
            return False
        return True

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:  # not a plain integer column: leave it to Django
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not self.rhs:
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
