from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actions import services
from actions.access import (
    UPLOAD_EVIDENCE,
    VERIFY_EVIDENCE,
    VIEW_EVIDENCE,
    evidence_for_user,
    plan_for_user,
)
from actions.forms import (
    EvidenceUploadForm,
    VerifyForm,
)
from actions.models import Evidence
from actions.views.common import first_error
from actions.views.plans import plan_context
from mcp_dashboard.lib import uploads
from skpd.access import role_required


@require_POST
@role_required(UPLOAD_EVIDENCE)
def plan_evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request, pk, UPLOAD_EVIDENCE)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_upload(
                uploaded=form.cleaned_data["file"],
                by=request.user,
                plan=plan,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file has been uploaded."))
            return redirect("actions:plan_detail", pk=plan.pk)
    context = plan_context(request, plan, upload_form=form)
    return render(request, "actions/plan_detail.html", context, status=400)


@require_GET
@role_required(VIEW_EVIDENCE)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = evidence_for_user(request, pk)
    return uploads.attachment(
        stored_name=evidence.stored_name,
        original_name=evidence.original_name,
        content_type=evidence.content_type,
    )


def back_to_evidence(evidence: Evidence) -> HttpResponse:
    if evidence.plan_id:
        return redirect("actions:plan_detail", pk=evidence.plan_id)
    return redirect("actions:plan_list")


@require_POST
@role_required(UPLOAD_EVIDENCE, VIEW_EVIDENCE)
def evidence_submit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for_user(request, pk, UPLOAD_EVIDENCE)
    try:
        services.evidence_submit(evidence=evidence, by=request.user)
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, _("The file has been sent for verification."))
    return back_to_evidence(evidence)


@require_POST
@role_required(VERIFY_EVIDENCE, VIEW_EVIDENCE)
def evidence_verify(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for_user(request, pk, VERIFY_EVIDENCE)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid verification status."))
        return back_to_evidence(evidence)
    try:
        services.evidence_verify(
            evidence=evidence,
            by=request.user,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, first_error(error))
    else:
        messages.success(request, _("The verification has been saved."))
    return back_to_evidence(evidence)
