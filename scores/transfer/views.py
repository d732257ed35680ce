"""Import (upload, preview, apply, templates) and export pages."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.models import BackgroundJob
from jobs.services import job_start
from scores.access import EXPORT_SCORES, IMPORT_SCORES, draft_for_user
from scores.models import YEAR_MAX, YEAR_MIN, ImportEvent, Indicator, Score
from scores.transfer import exports, imports, tasks
from scores.transfer.spreadsheet import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    FileRefused,
    Wanted,
    read_upload,
)
from skpd.access import role_required, visible_units

PREVIEW_ROWS_SHOWN = 500
RECENT_IMPORTS = 10


# What the file picker offers is what read_upload reads, by extension and media type
# (some phones' pickers go by type only).
ACCEPTED_FILES = ",".join(
    [
        ".xlsx",
        ".ods",
        ".csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
        "text/csv",
    ]
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Leave empty to read the sheet that was open when the file was saved."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year (for a sheet with one column per area and no year column)"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )

    def wanted(self) -> Wanted:
        return Wanted(
            sheet_name=self.cleaned_data["sheet"].strip(),
            year=self.cleaned_data["year"],
            indicator_labels=imports.indicator_labels(),
        )


def import_page_context(form: UploadForm, refusal: str | None = None) -> dict:
    return {
        "form": form,
        "refusal": refusal,
        "events": ImportEvent.objects.select_related("imported_by")[:RECENT_IMPORTS],
        "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
        "max_rows": MAX_DATA_ROWS,
        "import_background_rows": settings.IMPORT_BACKGROUND_ROWS,
        "jobs_url": reverse("jobs:list"),
    }


@require_http_methods(["GET", "POST"])
@role_required(IMPORT_SCORES)
def import_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "scores/transfer/import.html", import_page_context(UploadForm()))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "scores/transfer/import.html", import_page_context(form), status=400
        )
    upload = form.cleaned_data["file"]
    try:
        sheet = read_upload(upload, form.wanted())
    except FileRefused as refusal:
        context = import_page_context(UploadForm(), refusal.message)
        return render(request, "scores/transfer/import.html", context, status=400)
    draft = imports.draft_save(sheet=sheet, file_name=upload.name, by=request.user)
    return redirect("import_preview", token=draft.token)


@require_GET
@role_required(IMPORT_SCORES)
def import_preview(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    draft = draft_for_user(request.user, token)
    plan = imports.build_plan(draft, request.user)
    imports.draft_mark_seen(draft, plan)
    return render(request, "scores/transfer/import_preview.html", preview_context(plan, token))


def preview_context(plan: imports.Plan, token: uuid.UUID) -> dict:
    shown = {
        kind: plan.of_kind(kind)[:PREVIEW_ROWS_SHOWN] for kind in ("rejected", "changed", "new")
    }
    counts = plan.counts
    return {
        "plan": plan,
        "token": token,
        "counts": counts,
        "shown": shown,
        "hidden": {kind: counts[kind] - len(rows) for kind, rows in shown.items()},
        "form": UploadForm(initial={"sheet": plan.sheet_name}),
        "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
        "max_rows": MAX_DATA_ROWS,
    }


@require_POST
@role_required(IMPORT_SCORES)
def import_apply(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Apply in this request; a preview of more than IMPORT_BACKGROUND_ROWS rows is
    applied by a background task instead, whose page the user is sent to."""
    draft = imports.draft_for(token, request.user)
    rows = imports.draft_row_count(draft) if draft is not None else 0
    if rows > settings.IMPORT_BACKGROUND_ROWS:
        job = job_start(
            kind=BackgroundJob.Kind.SCORE_IMPORT,
            owner=request.user,
            params={"token": str(token)},
            task=tasks.score_import_task,
            total=rows,
        )
        return redirect("jobs:detail", job_id=job.pk)
    try:
        outcome = imports.apply_draft(token, request.user)
    except ValidationError as refusal:
        messages.error(
            request, _("Nothing was written: %(reasons)s") % {"reasons": summary(refusal)}
        )
        return redirect("import_preview", token=token)
    if outcome is None:
        messages.error(
            request,
            _("This preview is no longer available (applied or expired). Upload the file again."),
        )
        return redirect("import_upload")
    if isinstance(outcome, imports.Plan):
        messages.error(
            request,
            _(
                "Nothing was written: some rows are refused now, see below. "
                "Fix the file and upload it again."
            ),
        )
        return redirect("import_preview", token=token)
    messages.success(
        request,
        _("%(event)s applied: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
        % {
            "event": outcome.reason,
            "new": outcome.created_count,
            "changed": outcome.changed_count,
            "unchanged": outcome.unchanged_count,
        },
    )
    return redirect("import_upload")


def summary(refusal: ValidationError, shown: int = 3) -> str:
    reasons = refusal.messages
    text = " ".join(reasons[:shown])
    if len(reasons) > shown:
        text += " " + _("(and %(count)s more)") % {"count": len(reasons) - shown}
    return text


@require_GET
@role_required(IMPORT_SCORES)
def import_template_xlsx(request: HttpRequest) -> HttpResponse:
    rows = exports.template_examples(request.user)
    content = exports.xlsx_bytes(
        rows,
        widths={"unit_name": 40, "indicator_name": 30, "source": 30, "note": 24},
        extra_sheet=("Kode", exports.code_sheet(request.user)),
    )
    return attachment(
        HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE), "template-nilai.xlsx"
    )


@require_GET
@role_required(IMPORT_SCORES)
def import_template_wide_xlsx(request: HttpRequest) -> HttpResponse:
    """The recap shape: one row per unit, one column per indicator (issue 13)."""
    content = exports.wide_template_bytes(request.user, imports.indicator_labels())
    return attachment(
        HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE), "template-rekap-nilai.xlsx"
    )


@require_GET
@role_required(IMPORT_SCORES)
def import_template_csv(request: HttpRequest) -> HttpResponse:
    content = "".join(exports.csv_lines(exports.template_examples(request.user)))
    return attachment(
        HttpResponse(content, content_type="text/csv; charset=utf-8"), "template-nilai.csv"
    )


def attachment(response: HttpResponse, file_name: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


class ExportFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit (with the units below it)"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All units"),
    )
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator"),
        queryset=Indicator.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All indicators"),
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["unit"].queryset = visible_units(user).order_by("name")
        years = Score.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in years if YEAR_MIN <= year <= YEAR_MAX
        ]

    def export_filter(self) -> exports.ExportFilter:
        data = self.cleaned_data
        return exports.ExportFilter(
            year=data["year"],
            unit=data["unit"],
            indicator=data["indicator"],
        )


def export_context(form: ExportFilterForm) -> dict:
    return {
        "form": form,
        "export_background_rows": settings.EXPORT_BACKGROUND_ROWS,
        "jobs_url": reverse("jobs:list"),
    }


def refused_export(request: HttpRequest, form: ExportFilterForm) -> HttpResponse:
    return render(request, "scores/transfer/export.html", export_context(form), status=400)


@require_GET
@role_required(EXPORT_SCORES)
def export_page(request: HttpRequest) -> HttpResponse:
    form = ExportFilterForm(None, user=request.user)
    return render(request, "scores/transfer/export.html", export_context(form))


@require_GET
@role_required(EXPORT_SCORES)
def export_csv(request: HttpRequest) -> HttpResponse:
    form = ExportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return refused_export(request, form)
    wanted = form.export_filter()
    scores = exports.export_scores(request.user, wanted)
    response = StreamingHttpResponse(
        exports.csv_lines(exports.score_rows(scores)), content_type="text/csv; charset=utf-8"
    )
    return attachment(response, f"{wanted.file_stem()}.csv")


@require_GET
@role_required(EXPORT_SCORES)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    form = ExportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return refused_export(request, form)
    wanted = form.export_filter()
    scores = exports.export_scores(request.user, wanted)
    if scores.count() > settings.EXPORT_BACKGROUND_ROWS:
        # A large workbook is written by a background task and kept for its owner.
        job = job_start(
            kind=BackgroundJob.Kind.SCORE_EXPORT,
            owner=request.user,
            params=tasks.export_params(wanted),
            task=tasks.score_export_task,
        )
        return redirect("jobs:detail", job_id=job.pk)
    content = exports.xlsx_bytes(exports.score_rows(scores), exports.column_widths(scores))
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    return attachment(response, f"{wanted.file_stem()}.xlsx")
