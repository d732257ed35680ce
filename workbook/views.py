"""The workbook's pages: the year's overview, an OPD's documents, the review queue,
the document steps, file downloads and the catalogue import."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mcp_dashboard.lib import uploads
from mcp_dashboard.lib.edge import same_site_path
from scores.models import Indicator
from scores.selectors import province
from scores.transfer.spreadsheet import FileRefused
from scores.values import validate_year
from skpd.access import (
    home_pemda_code,
    pemda_or_404,
    role_required,
    unit_by_code,
    visible_unit_ids,
)
from skpd.models import Unit
from workbook import catalogue, jaga, selectors, services
from workbook.access import (
    IMPORT_CATALOGUE,
    REVIEW_DOCUMENTS,
    SUBMIT_DOCUMENTS,
    VIEW_WORKBOOK,
    catalogue_writer_or_403,
    file_for_user,
    jaga_pemdas,
    opd_for_user,
    page_offers,
    pemda_for_writer,
    record_for_user,
)
from workbook.forms import (
    AreaAssignForm,
    AsOfForm,
    DocumentAssignForm,
    FileForm,
    ImportForm,
    StepForm,
    ValueForm,
)
from workbook.models import CatalogueEntry, DocumentState, ImportDraft
from workbook.tables import read_table


def year_or_404(year: int) -> int:
    try:
        return validate_year(year)
    except ValidationError:
        raise Http404 from None


def pemda_for(request: HttpRequest) -> Unit:
    """The pemda named by ?pemda= (any pemda the user may read: skpd.access.
    may_read_pemda, as on the dashboard), else the user's own pemda (their grants' or
    their unit's), else the installation's province. Http404 for any other."""
    code = request.GET.get("pemda", "") or home_pemda_code(request.user) or ""
    if code:
        unit = unit_by_code(code)
        if unit is None or unit.level not in Unit.PEMDA_LEVELS:
            raise Http404
        return pemda_or_404(request.user, unit)
    visible = visible_unit_ids(request.user)
    if visible:
        own = Unit.objects.filter(pk__in=visible).select_related("parent").first()
        if own is not None and own.parent is not None and own.parent.level in Unit.PEMDA_LEVELS:
            return own.parent
    found = province()
    if found is None:
        raise Http404
    return pemda_or_404(request.user, found)


@require_GET
@role_required(VIEW_WORKBOOK)
def latest_year(request: HttpRequest) -> HttpResponse:
    """The latest year with a catalogue, else this year."""
    years = CatalogueEntry.objects.order_by("-year").values_list("year", flat=True)
    return redirect("workbook:overview", year=years.first() or timezone.localdate().year)


@require_GET
@role_required(VIEW_WORKBOOK)
def overview(request: HttpRequest, year: int) -> HttpResponse:
    year = year_or_404(year)
    pemda = pemda_for(request)
    form = AsOfForm(request.GET)
    as_of = form.cleaned_data["per"] if form.is_valid() else None
    data = selectors.overview(pemda, year, as_of)
    visible = visible_unit_ids(request.user)
    context = {
        "year": year,
        "page": data,
        "form": form,
        "states": selectors.STATES,
        "opens": visible,
        "own_units": visible or set(),
        "sees_all": visible is None,
        "opds": sorted((t for t in data.by_opd if t.code), key=lambda t: t.name),
        "assign_areas": assign_areas(data, year),
        **page_offers(request.user),
    }
    return render(request, "workbook/overview.html", context)


def assign_areas(data, year: int) -> list[tuple[int, str, int]]:
    """(area pk, name, fingerprint) for the bulk assignment form: the fingerprint goes
    back with the form, so an area changed since the page was read is not assigned."""
    if not data.by_area:
        return []
    fingerprints = services.area_fingerprints(data.pemda, year)
    return [(row.key, row.name, fingerprints.get(row.key, 0)) for row in data.by_area]


@require_GET
@role_required(VIEW_WORKBOOK)
def opd(request: HttpRequest, year: int, code: str) -> HttpResponse:
    year = year_or_404(year)
    unit = opd_for_user(request.user, code)
    context = {
        "year": year,
        "page": selectors.opd_page(unit, year),
        "states": selectors.STATES,
        "file_form": FileForm(),
        **page_offers(request.user),
    }
    if context["can_review"]:
        context["choices"] = selectors.assign_choices(unit)
    return render(request, "workbook/opd.html", context)


@require_GET
@role_required(REVIEW_DOCUMENTS)
def review(request: HttpRequest, year: int) -> HttpResponse:
    year = year_or_404(year)
    pemda = pemda_for(request)
    queue = selectors.review_queue(pemda, year)
    context = {
        "year": year,
        "pemda": pemda,
        "values": selectors.value_rows(pemda, year),
        "submitted": queue[DocumentState.SUBMITTED],
        "ready": queue[DocumentState.READY],
        "uploaded": queue[DocumentState.UPLOADED],
    }
    return render(request, "workbook/review.html", context)


@require_POST
@role_required(SUBMIT_DOCUMENTS)
def opd_value(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """The self-assessed value (nilai) of a sub-indicator the OPD owns: its head or the
    Inspektorat. Another unit's OPD, or a sub-indicator the OPD does not own: 404."""
    year = year_or_404(year)
    unit = opd_for_user(request.user, code, SUBMIT_DOCUMENTS)
    target = reverse("workbook:opd", kwargs={"year": year, "code": unit.code})
    form = ValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, value_form_errors(form))
        return redirect(target + "#values")
    entries, owned = selectors.opd_sub_indicators(unit, year)
    wanted = form.cleaned_data["sub"]
    sub = next((e for e in entries if e.pk == wanted and e.pk in owned), None)
    if sub is None or sub.level != CatalogueEntry.Level.SUB_INDICATOR:
        raise Http404
    return save_value(
        request,
        lambda: services.sub_indicator_self_assess(
            pemda=unit.parent,
            sub_indicator=sub,
            by=request.user,
            value=form.cleaned_data["value"],
            expected_version=form.cleaned_data["version"],
        ),
        sub,
        f"{target}#sub-{sub.pk}",
    )


@require_POST
@role_required(REVIEW_DOCUMENTS)
def verify_value(request: HttpRequest, year: int) -> HttpResponse:
    """The verified value (nilai verifikasi) of a sub-indicator of the pemda's year, as
    KPK verified it: the Inspektorat only."""
    year = year_or_404(year)
    pemda = pemda_for_writer(request.user, pemda_for(request), REVIEW_DOCUMENTS)
    target = reverse("workbook:review", kwargs={"year": year}) + f"?pemda={pemda.code}"
    form = ValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, value_form_errors(form))
        return redirect(target + "#values")
    subs = selectors.value_rows(pemda, year)
    sub = next((s.entry for s in subs if s.entry.pk == form.cleaned_data["sub"]), None)
    if sub is None:
        raise Http404
    return save_value(
        request,
        lambda: services.sub_indicator_verify(
            pemda=pemda,
            sub_indicator=sub,
            by=request.user,
            verified_value=form.cleaned_data["value"],
            expected_version=form.cleaned_data["version"],
        ),
        sub,
        f"{target}#sub-{sub.pk}",
    )


def value_form_errors(form: ValueForm) -> str:
    if "sub" in form.errors:
        return _("Choose a sub-indicator.")
    if "version" in form.errors:
        return _("This page is out of date. Reload it and save again.")
    return " ".join(form.errors["value"])


def save_value(request: HttpRequest, write, sub: CatalogueEntry, target: str) -> HttpResponse:
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("“%(sub)s”: the value has been saved.") % {"sub": f"{sub.code} {sub.name}"}
        )
    return redirect(target)


@require_POST
@role_required(REVIEW_DOCUMENTS)
def assign_area(request: HttpRequest, year: int) -> HttpResponse:
    """Give every document of an area (the pemda's, this year) to one owner OPD."""
    year = year_or_404(year)
    pemda = pemda_for_writer(request.user, pemda_for(request), REVIEW_DOCUMENTS)
    overview_url = reverse("workbook:overview", kwargs={"year": year}) + f"?pemda={pemda.code}"
    form = AreaAssignForm(request.POST)
    area = owner = None
    if form.is_valid():
        area = Indicator.objects.filter(pk=form.cleaned_data["area"], parent__code="mcp").first()
        owner = Unit.objects.filter(
            code=form.cleaned_data["owner"], parent=pemda, level=Unit.Level.SKPD
        ).first()
    if area is None or owner is None:
        messages.error(request, _("Choose an area and an OPD of this pemda."))
        return redirect(overview_url)
    fingerprint = form.fingerprint()
    if fingerprint is None:
        messages.error(request, _("This page is out of date. Reload it and save again."))
        return redirect(overview_url)
    try:
        changed = services.documents_assign_area(
            pemda=pemda,
            year=year,
            area=area,
            owner=owner,
            by=request.user,
            expected_fingerprint=fingerprint,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(overview_url)
    messages.success(
        request,
        _("%(count)s documents of %(area)s now belong to %(opd)s.")
        % {"count": changed, "area": area.name, "opd": owner.display_name},
    )
    return redirect(overview_url)


@require_POST
@role_required(REVIEW_DOCUMENTS)
def document_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """One document's owner OPD, supporting OPDs, person in charge (name and account)
    and own due date, from the OPD page's form; refused with a message, nothing
    changed, for a choice outside the document's pemda, a long name, an account that
    may not see the owner or a stale page (the version the page read)."""
    record = record_for_user(request.user, pk, REVIEW_DOCUMENTS)
    pemda = pemda_for_writer(request.user, record.pemda, REVIEW_DOCUMENTS)
    form = DocumentAssignForm(request.POST, pemda=pemda)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("This page is out of date. Reload it and save again."))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back(request, record)
    data = form.cleaned_data
    try:
        services.document_assign(
            record=record,
            by=request.user,
            owner=data["owner"],
            supporting_units=data["supporting"],
            person_in_charge=data["person_in_charge"],
            person_in_charge_user=data["person_in_charge_user"],
            due_date=data["due_date"],
            expected_version=data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The assignment of “%(document)s” has been saved.")
            % {"document": record.document.name},
        )
    return back(request, record)


def back(request: HttpRequest, record) -> HttpResponse:
    target = same_site_path(request.POST.get("next"))
    if target is not None:
        return redirect(target)
    if record.owner is not None:
        return redirect("workbook:opd", year=record.document.year, code=record.owner.code)
    return redirect("workbook:overview", year=record.document.year)


@require_POST
@role_required(SUBMIT_DOCUMENTS, "workbook.add_documentfile")
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_for_user(request.user, pk, SUBMIT_DOCUMENTS)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("This page is out of date. Reload it and save again."))
        elif form.has_error("file", "required"):
            messages.error(request, _("Choose a file to upload."))
        else:  # a file was chosen but refused (empty, no name): say why
            messages.error(request, " ".join(form.errors["file"]))
        return back(request, record)
    try:
        services.document_file_upload(
            record=record,
            uploaded=form.cleaned_data["file"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file has been uploaded."))
    return back(request, record)


@require_POST
@role_required(VIEW_WORKBOOK)
def document_step(request: HttpRequest, pk: int) -> HttpResponse:
    form = StepForm(request.POST)
    step = services.STEPS.get(form.data.get("step", ""))
    if step is None:
        return HttpResponse(_("Choose a valid step."), status=400)
    # The role decides before the document is looked up (access rule 1).
    permission = REVIEW_DOCUMENTS if step.reviewer else SUBMIT_DOCUMENTS
    if not request.user.has_perm(permission):
        raise PermissionDenied
    record = record_for_user(request.user, pk, permission)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("This page is out of date. Reload it and save again."))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back(request, record)
    try:
        services.document_step(
            record=record,
            step=form.cleaned_data["step"],
            by=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(document)s”: %(step)s.")
            % {"document": record.document.name, "step": step.label},
        )
    return back(request, record)


@require_GET
@role_required("workbook.view_documentfile")
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    attached = file_for_user(request.user, pk)
    return uploads.attachment(
        stored_name=attached.stored_name,
        original_name=attached.original_name,
        content_type=attached.content_type,
    )


# ---------------------------------------------------------------- the catalogue import


@require_http_methods(["GET", "POST"])
@role_required(IMPORT_CATALOGUE)
def catalogue_upload(request: HttpRequest, year: int) -> HttpResponse:
    catalogue_writer_or_403(request.user)
    return draft_upload(
        request, year, ImportDraft.Kind.CATALOGUE, catalogue, "workbook/catalogue_upload.html"
    )


def draft_upload(
    request: HttpRequest, year: int, kind: str, reader, template: str, **context
) -> HttpResponse:
    """The upload page of a workbook import: the form, or on a readable file a draft of
    its rows (`reader` gives COLUMNS and REQUIRED) and a redirect to its preview. A
    refused file or an invalid form answers 400 with the message on the form."""
    year = year_or_404(year)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = read_table(upload, reader.COLUMNS, reader.REQUIRED)
            except FileRefused as refused:
                form.add_error("file", refused.message)
            else:
                draft = ImportDraft.objects.create(
                    token=uuid.uuid4(),
                    kind=kind,
                    year=year,
                    file_name=upload.name[:255],
                    rows=table.rows,
                    created_by=request.user,
                )
                return redirect("workbook:import_preview", token=draft.token)
    context |= {"year": year, "form": form}
    return render(request, template, context, status=status)


def draft_for_user(request: HttpRequest, token: uuid.UUID) -> ImportDraft:
    """A draft belongs to whoever uploaded it: anyone else gets 404."""
    return get_object_or_404(ImportDraft, token=token, created_by=request.user)


@require_http_methods(["GET", "POST"])
@role_required(IMPORT_CATALOGUE)
def jaga_upload(request: HttpRequest, year: int) -> HttpResponse:
    """KPK's sub-indicator extract (jaga.id columns): upload, then the preview."""
    return draft_upload(
        request,
        year,
        ImportDraft.Kind.JAGA,
        jaga,
        "workbook/jaga_upload.html",
        columns=", ".join(jaga.COLUMNS),
    )


def draft_rows(draft: ImportDraft) -> list[tuple[int, dict[str, str]]]:
    return [tuple(row) for row in draft.rows]


@require_GET
@role_required(IMPORT_CATALOGUE)
def import_preview(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    draft = draft_for_user(request, token)
    if draft.kind == ImportDraft.Kind.JAGA:
        plan = jaga.build_plan(draft.year, draft_rows(draft), jaga_pemdas(request.user))
        return render(request, "workbook/jaga_preview.html", {"draft": draft, "plan": plan})
    plan = catalogue.build_plan(draft.year, draft_rows(draft))
    return render(request, "workbook/catalogue_preview.html", {"draft": draft, "plan": plan})


@require_POST
@role_required(IMPORT_CATALOGUE)
def import_apply(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    draft = draft_for_user(request, token)
    if draft.kind == ImportDraft.Kind.JAGA:
        return jaga_apply(request, draft)
    catalogue_writer_or_403(request.user)
    plan = catalogue.build_plan(draft.year, draft_rows(draft))
    try:
        counts = services.catalogue_apply(
            plan=plan, by=request.user, reason=_("Import: %(file)s") % {"file": draft.file_name}
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workbook:import_preview", token=draft.token)
    draft.delete()
    messages.success(
        request,
        _("Catalogue imported: %(new)s new, %(changed)s changed, %(retired)s retired.") % counts,
    )
    return redirect(reverse("workbook:overview", kwargs={"year": draft.year}))


def jaga_apply(request: HttpRequest, draft: ImportDraft) -> HttpResponse:
    plan = jaga.build_plan(draft.year, draft_rows(draft), jaga_pemdas(request.user))
    try:
        counts = services.jaga_apply(
            plan=plan,
            by=request.user,
            reason=(_("KPK extract: %(file)s") % {"file": draft.file_name})[:255],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workbook:import_preview", token=draft.token)
    draft.delete()
    messages.success(
        request,
        _(
            "KPK extract imported: %(pemda)s pemda, %(new_values)s new and "
            "%(changed_values)s changed values, %(new_entries)s catalogue entries created."
        )
        % counts,
    )
    target = reverse("workbook:overview", kwargs={"year": draft.year})
    pemdas = plan.pemdas
    return redirect(f"{target}?pemda={pemdas[0].code}" if len(pemdas) == 1 else target)
