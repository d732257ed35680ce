"""Optimistic versions shared by every app: a write carries the version its page read
and a stale one is refused naming who saved last, when and what the row says now, as
the score grid does (issue 17, item 3). Here because skpd is the lowest app that knows
who a person is (skpd.users); actions and the workbook call it, and VersionedAdmin
holds the Django admin's edit forms to the same rule."""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from skpd.users import user_display_name

MAX_VERSION = 2**31 - 1  # what a PositiveIntegerField holds on every database


def conflict(record: models.Model, what: str) -> ValidationError:
    """The refusal of a stale write to `record` (the stored row): who saved it last and
    when (its newest history row when the model keeps history), and `what` it says
    now. Code "conflict"."""
    history = getattr(record, "history", None)
    last = None
    if history is not None:
        last = history.select_related("history_user").order_by("-history_date").first()
    if last is None:
        return ValidationError(
            _(
                "Someone else saved this in the meantime (%(what)s). "
                "Reload the page to see it, then save again."
            )
            % {"what": what},
            code="conflict",
        )
    return ValidationError(
        _(
            "Someone else saved this in the meantime: %(who)s, %(when)s (%(what)s). "
            "Reload the page to see it, then save again."
        )
        % {
            "who": user_display_name(last.history_user),
            "when": formats.date_format(timezone.localtime(last.history_date), "DATETIME_FORMAT"),
            "what": what,
        },
        code="conflict",
    )


def check_version(
    stored: models.Model, expected: int | None, what: Callable[[models.Model], str] = str
) -> None:
    """Refuse a write read at version `expected` when `stored` (the row under its lock)
    has another one; None skips the check (commands, imports). Raises conflict()."""
    if expected is not None and stored.version != expected:
        raise conflict(stored, what(stored))


class VersionedAdmin(admin.ModelAdmin):
    """An admin whose change form carries the version it was read at (a hidden field)
    and refuses, in the form's clean(), a save when the row, locked for the admin's
    transaction, has moved on since: two saves from one read cannot both win.

    save_model raises the version; an admin that saves through a service (which raises
    it itself) overrides save_model as before. Mix it in before the other admin bases."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if "version" not in fields:
            fields.append("version")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "version"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            return forms.IntegerField(
                widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION, required=False
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attrs = {}
        if getattr(request, "reverting", False) and obj is not None:
            # simple-history's revert page shows a past row, with its past version: the
            # read the page makes is of the current row.
            attrs["current_version"] = (
                type(obj)
                ._default_manager.filter(pk=obj.pk)
                .values_list("version", flat=True)
                .first()
            )
        return type(form.__name__, (VersionCheck, form), attrs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        obj.version += 1
        super().save_model(request, obj, form, change)


class VersionCheck(forms.ModelForm):
    """The check VersionedAdmin adds to its form (see there)."""

    current_version: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.current_version is not None:
            self.initial["version"] = self.current_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        read = cleaned.get("version")
        self.errors.pop("version", None)  # hidden: its error is shown as the form's
        if read is None:
            raise forms.ValidationError(_("This page is out of date. Reload it and save again."))
        model = type(self.instance)
        stored = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if stored is None:
            return cleaned
        check_version(stored, read)
        # The save starts from the stored version (services raise it from there).
        self.instance.version = stored.version
        return cleaned
