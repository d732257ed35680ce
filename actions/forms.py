from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import ActionPlan, Evidence, StrategicIssue
from scores.models import Indicator
from skpd.models import Unit


def mcp_areas():
    return Indicator.objects.filter(parent__code="mcp").order_by("sort_order", "code")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


MAX_VERSION = 2**31 - 1  # what a PositiveIntegerField holds on every database


def version_field() -> forms.IntegerField:
    """The version the page showed (actions.services.check_version)."""
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION, required=False
    )


class VersionedForm(forms.ModelForm):
    """A model form that sends back the version of the record it showed; required
    when it changes a stored record, so a page without it cannot overwrite one."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        # The field is hidden: its error is shown with the form's own errors.
        if self.instance.pk is not None and cleaned.get("version") is None:
            self.errors.pop("version", None)
            raise forms.ValidationError(_("This page is out of date. Reload it and save again."))
        return cleaned


class StrategicIssueForm(VersionedForm):
    class Meta:
        model = StrategicIssue
        fields = [
            "title",
            "description",
            "year",
            "strategy",
            "status",
            "areas",
            "responsible_units",
            "team_note",
        ]
        widgets = {"year": forms.NumberInput(attrs={"min": 2000, "max": 2100})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = mcp_areas()
        self.fields["areas"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["areas"].choices
        )
        self.fields["responsible_units"].queryset = (
            Unit.objects.filter(level=Unit.Level.SKPD).order_by("name") if units is None else units
        )


class ActionPlanForm(VersionedForm):
    class Meta:
        model = ActionPlan
        fields = [
            "unit",
            "year",
            "area",
            "strategic_issue",
            "title",
            "description",
            "owner_unit",
            "person_in_charge",
            "due_date",
            "status",
        ]
        widgets = {"due_date": DateInput(), "year": forms.NumberInput(attrs={"min": 2000})}

    def __init__(self, *args, units=None, issues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = mcp_areas()
        if issues is not None:  # the issues the user may know of (actions.access)
            self.fields["strategic_issue"].queryset = issues
        if units is None:
            units = Unit.objects.exclude(level=Unit.Level.NATIONAL)
        # The user's grants (actions.access.plan_units): a unit out of them is refused.
        self.fields["unit"].queryset = units
        self.fields["owner_unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("area") and not cleaned.get("strategic_issue"):
            raise forms.ValidationError(
                _("Choose the MCP area or the strategic issue this plan serves.")
            )
        return cleaned


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionPlan.Status.choices)
    noted_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, PNG, JPEG, xlsx or docx; at most 20 MB)"), allow_empty_file=True
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


class VerifyForm(forms.Form):
    status = forms.ChoiceField(label=_("Verification status"), choices=Evidence.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)
    comment = forms.CharField(
        label=_("Verifier's comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )
