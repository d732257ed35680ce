from django import forms
from django.utils.translation import gettext_lazy as _

from scores.models import YEAR_MAX, YEAR_MIN
from scores.values import parse_value


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (xlsx or csv)"))


class StepForm(forms.Form):
    step = forms.CharField(max_length=20)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False)


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


class ValueForm(forms.Form):
    """A sub-indicator's value as people type it (84,73 or 84.73; empty clears it)."""

    sub = forms.IntegerField(min_value=1)
    value = forms.CharField(label=_("Value (0–100)"), max_length=20, required=False)

    def clean_value(self):
        number = parse_value(self.cleaned_data["value"])
        if number is not None and not 0 <= number <= 100:
            raise forms.ValidationError(
                _("A sub-indicator's value lies between 0 and 100; %(value)s does not.")
                % {"value": self.cleaned_data["value"].strip()}
            )
        return number
