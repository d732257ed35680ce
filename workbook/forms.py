from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from scores.models import YEAR_MAX, YEAR_MIN
from scores.values import parse_value
from skpd.models import Unit
from skpd.versions import MAX_VERSION


def version_field() -> forms.IntegerField:
    """The version of the document the page showed (skpd.versions.check_version)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    version = version_field()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (xlsx or csv)"))


class StepForm(forms.Form):
    step = forms.CharField(max_length=20)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False)
    version = version_field()


class AsOfForm(forms.Form):
    per = forms.DateField(label=_("As of"), required=False)

    def clean_per(self):
        day = self.cleaned_data["per"]
        if day is not None and not YEAR_MIN <= day.year <= YEAR_MAX:
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return day


class AreaAssignForm(forms.Form):
    area = forms.IntegerField(label=_("Area"))
    owner = forms.SlugField(label=_("Owner OPD"), max_length=64)

    def fingerprint(self) -> int | None:
        """The area's fingerprint the page showed (version-<area>), None when missing
        or not a number (workbook.services.area_fingerprints)."""
        text = self.data.get(f"version-{self.cleaned_data['area']}", "")
        if not text.isdigit() or len(text) > 18:
            return None
        return int(text)


class ValueForm(forms.Form):
    """A sub-indicator's value as people type it (84,73 or 84.73; empty clears it)."""

    sub = forms.IntegerField(min_value=1)
    value = forms.CharField(label=_("Value (0–100)"), max_length=20, required=False)
    version = version_field()  # of the sub-indicator's values as the page showed them

    def clean_value(self):
        number = parse_value(self.cleaned_data["value"])
        if number is not None and not 0 <= number <= 100:
            raise forms.ValidationError(
                _("A sub-indicator's value lies between 0 and 100; %(value)s does not.")
                % {"value": self.cleaned_data["value"].strip()}
            )
        return number


class DocumentAssignForm(forms.Form):
    """One document's assignment (workbook.services.document_assign): OPDs among the
    pemda's active ones by code, the account by id among active users (whether it may
    see the owner is the service's check), the due date as a date input sends it."""

    def __init__(self, *args, pemda, **kwargs):
        super().__init__(*args, **kwargs)
        opds = Unit.objects.filter(parent=pemda, level=Unit.Level.SKPD, is_active=True)
        not_an_opd = {
            "invalid_choice": _("Choose OPDs of this pemda."),
            "invalid_pk_value": _("Choose OPDs of this pemda."),
            "required": _("Choose OPDs of this pemda."),
            "invalid_list": _("Choose OPDs of this pemda."),
        }
        self.fields["owner"] = forms.ModelChoiceField(
            opds, to_field_name="code", label=_("Owner OPD"), error_messages=not_an_opd
        )
        self.fields["supporting"] = forms.ModelMultipleChoiceField(
            opds,
            to_field_name="code",
            required=False,
            label=_("Supporting OPDs"),
            error_messages=not_an_opd,
        )
        self.fields["person_in_charge_user"] = forms.ModelChoiceField(
            User.objects.filter(is_active=True),
            required=False,
            label=_("Person in charge (account)"),
            error_messages={"invalid_choice": _("Choose an existing account.")},
        )
        self.order_fields(["owner", "supporting", "person_in_charge", "person_in_charge_user"])

    person_in_charge = forms.CharField(
        label=_("Person in charge"),
        max_length=120,
        required=False,
        error_messages={
            "max_length": _("The person in charge's name may be at most 120 characters.")
        },
    )
    due_date = forms.DateField(
        label=_("Own due date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Write the due date as a date, e.g. 2025-06-30.")},
    )
    version = version_field()
