"""Forms of the reminders app's pages: the report's and the timeline's days, the
calendar page and the outbox filter; messages in the user's language."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actions.forms import DateInput
from reminders.models import InternalDeadline, Milestone
from reminders.services import MAX_DAYS_BEFORE
from scores.models import YEAR_MAX, YEAR_MIN
from skpd.versions import MAX_VERSION

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


def version_field() -> forms.IntegerField:
    """The version of the entry as the page showed it (skpd.versions.check_version);
    required, so that a write that names none is refused rather than let through."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)


class CheckedByServiceForm(forms.ModelForm):
    """The service checks uniqueness (one cut-off a year) with a message in the user's
    language; the model's constraint would only name itself."""

    def validate_unique(self) -> None:
        pass


class MilestoneForm(CheckedByServiceForm):
    version_read = version_field()

    class Meta:
        model = Milestone
        fields = ["kind", "date", "note"]
        widgets = {"date": DateInput()}


class DeadlineForm(CheckedByServiceForm):
    version_read = version_field()

    class Meta:
        model = InternalDeadline
        fields = ["name", "days_before", "documents_due"]
        widgets = {"days_before": forms.NumberInput(attrs={"min": 0, "max": MAX_DAYS_BEFORE})}

    def clean_days_before(self):
        days = self.cleaned_data["days_before"]
        if days > MAX_DAYS_BEFORE:
            raise forms.ValidationError(
                _("Choose between 0 and %(max)d days."), params={"max": MAX_DAYS_BEFORE}
            )
        return days


class DeleteForm(forms.Form):
    version_read = version_field()


class OutboxFilter(forms.Form):
    """?dari=&sampai= (ISO dates from the date inputs), both optional."""

    dari = forms.DateField(label=_("From"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        for name in ("dari", "sampai"):
            day = cleaned.get(name)
            if day is not None and not YEAR_MIN <= day.year <= YEAR_MAX:
                self.add_error(name, _("Choose a date between 2000 and 2100."))
        first, last = cleaned.get("dari"), cleaned.get("sampai")
        if first and last and first > last:
            self.add_error("sampai", _("The end date comes before the start date."))
        return cleaned
