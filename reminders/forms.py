"""Forms of the reminders app's pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from scores.models import YEAR_MAX, YEAR_MIN

INVALID = {"invalid": _("Write the date like 18/01/2026 or 2026-01-18.")}


def check_day(day: datetime.date | None) -> datetime.date | None:
    """A day between 2000 and today (WITA): the report reads the history, which has no
    future."""
    if day is None:
        return None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
    if day > timezone.localdate():
        raise forms.ValidationError(
            _("Choose a date up to today (%(today)s): the report reads the history.")
            % {"today": date_format(timezone.localdate(), "DATE_FORMAT")}
        )
    return day


class ReportForm(forms.Form):
    """?per= the report's day (default today) and ?sebelum= the previous report's day
    (default a week earlier), as 2026-01-18 or 18/01/2026."""

    per = forms.DateField(label=_("As of"), required=False, error_messages=INVALID)
    sebelum = forms.DateField(label=_("Compared with"), required=False, error_messages=INVALID)

    def clean_per(self):
        return check_day(self.cleaned_data["per"])

    def clean_sebelum(self):
        return check_day(self.cleaned_data["sebelum"])

    def clean(self):
        data = super().clean()
        per, before = data.get("per"), data.get("sebelum")
        if before is not None and before >= (per or timezone.localdate()):
            self.add_error("sebelum", _("The previous report's date must be before the report's."))
        return data


class TimelineForm(forms.Form):
    """?per= the day the timeline is seen from (default today)."""

    per = forms.DateField(label=_("As of"), required=False, error_messages=INVALID)

    def clean_per(self):
        return check_day(self.cleaned_data["per"])
