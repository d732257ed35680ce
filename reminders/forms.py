"""Forms of the calendar page and the outbox filter; messages in the user's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms import DateInput
from reminders.models import InternalDeadline, Milestone
from reminders.services import MAX_DAYS_BEFORE
from scores.models import YEAR_MAX, YEAR_MIN
from skpd.versions import MAX_VERSION


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
