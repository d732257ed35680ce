"""Score entry for inspectorate staff: the grid, one cell, the per-unit form, the
history panel and year locks. Every write goes through scores.services."""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mcp_dashboard.lib.edge import same_site_path
from mcp_dashboard.lib.http import HtmxHttpRequest
from pagecache import versioned
from scores import services
from scores.access import (
    ENTER_SCORES,
    LOCK_YEARS,
    UNLOCK_YEARS,
    can_lock_years,
    can_unlock_years,
    cell_for_user,
    entry_staff_only,
    grid_unit_for_user,
    national_or_403,
)
from scores.entry.cells import Submission, changed_submissions, save_all, save_cell
from scores.entry.grid import (
    KIND_SCORE,
    EntryGrid,
    build_grid,
    build_unit_sheet,
    unit_estimate,
    value_history,
)
from scores.entry.paste import paste
from scores.models import YearLock
from scores.years import parse_year
from skpd.access import get_unit_for_user, role_required, writable_unit_or_404
from skpd.models import Unit
from skpd.scopes import read_scopes


def require_year(year: int) -> None:
    """A year in the address outside YEAR_MIN–YEAR_MAX names no page."""
    if parse_year(str(year))[0] is None:
        raise Http404


def parse_flag(data: QueryDict, name: str) -> bool | None:
    """A toggle: the last of its values wins (a hidden "0" precedes the checkbox)."""
    values = data.getlist(name)
    return values[-1] == "1" if values else None


def grid_unit(user, data: QueryDict, *, write: bool = False) -> Unit | None:
    """The unit named in the form, else the user's pemda or the province (see
    scores.access.grid_unit_for_user: Http404 for one the user may not open)."""
    return grid_unit_for_user(user, data.get("unit", ""), write=write)


def grid_url(grid: EntryGrid) -> str:
    params = {"unit": grid.unit.code, "year": grid.year}
    if grid.show_targets:
        params["targets"] = "1"
    params["ipak"] = "1" if grid.show_ipak else "0"
    return f"{reverse('entry_grid')}?{urlencode(params)}"


def grid_link(unit: Unit, year: int) -> str:
    return f"{reverse('entry_grid')}?{urlencode({'unit': unit.code, 'year': year})}"


def grid_owner_of(unit: Unit) -> Unit:
    """The grid that shows this unit as a row: an SKPD's pemda, else the unit itself."""
    return unit.parent if unit.level == Unit.Level.SKPD and unit.parent else unit


def key_url_prefix(name: str, year: int) -> str:
    """The URL of one cell's endpoint without the key, so the grid need not reverse a URL
    per cell."""
    return reverse(name, args=[year, "s-0-0"]).removesuffix("s-0-0/")


def entry_context(request: HtmxHttpRequest, year: int) -> dict:
    return {
        "cell_base": key_url_prefix("entry_cell", year),
        "history_base": key_url_prefix("entry_history", year),
        "can_lock": can_lock_years(request.user),
        "can_unlock": can_unlock_years(request.user),
    }


def render_grid(
    request: HtmxHttpRequest,
    grid: EntryGrid | None,
    table_html: str = "",
    lock_history: list | None = None,
    notice: dict | None = None,
) -> HttpResponse:
    context = {"grid": grid, "grid_table_html": table_html, "notice": notice}
    if grid is not None:
        context |= entry_context(request, grid.year)
        context["next_url"] = grid_url(grid)
    if request.htmx and grid is not None:
        return render(request, "scores/entry/grid.html#grid", context)
    if grid is not None:
        context["lock_history"] = (
            year_lock_history(grid.year) if lock_history is None else lock_history
        )
    return render(request, "scores/entry/grid.html", context)


def year_lock_history(year: int) -> list:
    return list(
        YearLock.history.filter(year=year)
        .select_related("history_user")
        .order_by("-history_date")[:5]
    )


@dataclass(frozen=True)
class RenderedGrid:
    """What every reader of one unit's grid for a year shares, rendered once per version
    of the data: the grid without its rows (what the page around the table reads), the
    table with its hundreds of inputs, and the year's lock history."""

    frame: EntryGrid
    table_html: str
    lock_history: list


@require_GET
@entry_staff_only
def entry_grid(request: HtmxHttpRequest) -> HttpResponse:
    unit = grid_unit(request.user, request.GET)
    if unit is None:
        return render_grid(request, None)
    year, _valid = parse_year(request.GET.get("year"))  # junk opens the default year
    show_targets = bool(parse_flag(request.GET, "targets"))
    show_ipak = parse_flag(request.GET, "ipak")

    def rendered() -> RenderedGrid:
        grid = build_grid(unit, year=year, show_targets=show_targets, show_ipak=show_ipak)
        context = {"grid": grid} | entry_context(request, grid.year)
        table = render_to_string("scores/entry/grid.html#grid_table", context, request)
        frame = replace(grid, columns=[], rows=[], cells_by_key={})
        return RenderedGrid(frame, table, year_lock_history(grid.year))

    key = versioned.page_key(
        "entry-grid", unit.pk, year, show_targets, show_ipak, visible_ids=None
    )
    page = versioned.cached(key, rendered, scopes=read_scopes(unit))
    table = mark_safe(page.table_html)  # noqa: S308 - rendered above
    return render_grid(request, page.frame, table, page.lock_history)


@require_POST
@entry_staff_only
def entry_save(request: HtmxHttpRequest) -> HttpResponse:
    """The grid without JavaScript: every changed cell in one transaction, or none."""
    unit = grid_unit(request.user, request.POST, write=True)
    year, _valid = parse_year(request.POST.get("year"))
    if unit is None or year is None:
        return HttpResponse(_("The form is incomplete. Reload the page."), status=400)
    grid = build_grid(
        unit,
        year=year,
        show_targets=bool(parse_flag(request.POST, "targets")),
        show_ipak=bool(parse_flag(request.POST, "ipak")),
    )
    cells = [cell for row in grid.rows for cell in row.cells]
    pairs = changed_submissions(cells, request.POST)
    saved_count, failed = save_all(pairs, by=request.user)
    if failed:
        messages.error(request, nothing_saved_message(len(failed)))
        return render_grid(request, grid)
    messages.success(request, saved_message(saved_count))
    return redirect(grid_url(grid))


@require_POST
@entry_staff_only
def entry_paste(request: HtmxHttpRequest) -> HttpResponse:
    """A block pasted from a spreadsheet into a grid cell (entry.js sends the grid form
    with the clipboard text): saved all or nothing; the grid comes back with the pasted
    cells marked saved, or with each refused cell's message."""
    unit = grid_unit(request.user, request.POST, write=True)
    year, _valid = parse_year(request.POST.get("year"))
    if unit is None or year is None:
        return HttpResponse(_("The form is incomplete. Reload the page."), status=400)
    options = {
        "year": year,
        "show_targets": bool(parse_flag(request.POST, "targets")),
        "show_ipak": bool(parse_flag(request.POST, "ipak")),
    }
    grid = build_grid(unit, **options)
    result = paste(
        grid,
        request.POST.get("paste-at", ""),
        request.POST.get("paste", ""),
        request.POST,
        by=request.user,
    )
    if not result.refused:
        pasted = {cell.key for cell in result.cells}
        grid = build_grid(unit, **options)
        for key in pasted:
            grid.cells_by_key[key].saved = True
    notice = {"text": result.message, "level": "error" if result.refused else "success"}
    return render_grid(request, grid, notice=notice)


def nothing_saved_message(failed: int) -> str:
    return ngettext(
        "Nothing was saved: %(count)d value needs attention.",
        "Nothing was saved: %(count)d values need attention.",
        failed,
    ) % {"count": failed}


def saved_message(count: int) -> str:
    if count == 0:
        return _("Nothing changed.")
    return ngettext("%(count)d value saved.", "%(count)d values saved.", count) % {"count": count}


@require_POST
@entry_staff_only
def entry_cell(request: HtmxHttpRequest, year: int, key: str) -> HttpResponse:
    """Save one cell. htmx gets the cell back (and the row's estimate, out of band);
    a plain request gets the whole grid."""
    require_year(year)
    kind, unit, indicator = cell_for_user(request.user, key, write=True)
    key = f"{kind}-{unit.pk}-{indicator.pk}"
    submission = Submission.from_data(request.POST, key) or Submission(key, "", "", "", "", False)
    cell = save_cell(unit, indicator, year, kind, submission, by=request.user)
    if not request.htmx:
        if cell.error:
            messages.error(request, cell.error)
        else:
            messages.success(request, saved_message(1))
        grid = grid_owner_of(unit)
        return redirect(f"{reverse('entry_grid')}?{urlencode({'unit': grid.code, 'year': year})}")
    context = entry_context(request, year) | {"cell": cell, "oob": True}
    if kind == KIND_SCORE and (indicator.code == "mcp" or indicator.is_area) and not cell.error:
        context |= {"refresh_estimate": True, "estimate": unit_estimate(unit, year), "unit": unit}
    # The cell needs no request context (its URLs are in `context`): no context processors.
    return HttpResponse(render_to_string("scores/entry/grid.html#cell_response", context))


@require_GET
@entry_staff_only
def entry_history(request: HtmxHttpRequest, year: int, key: str) -> HttpResponse:
    kind, unit, indicator = cell_for_user(request.user, key)
    context = {
        "unit": unit,
        "indicator": indicator,
        "year": year,
        "is_target": kind != KIND_SCORE,
        "entries": value_history(kind, unit, indicator, year),
    }
    template = "scores/entry/history.html#panel" if request.htmx else "scores/entry/history.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@entry_staff_only
def entry_unit(request: HtmxHttpRequest, year: int, code: str) -> HttpResponse:
    """Every indicator of one unit and year, with status, as-of date, source, note and
    target; saved all together."""
    require_year(year)
    unit = get_unit_for_user(request.user, code)
    sheet = build_unit_sheet(unit, year)
    if request.method == "POST":
        writable_unit_or_404(request.user, unit, ENTER_SCORES)
        pairs = changed_submissions(sheet.cells, request.POST, detailed=True)
        saved_count, failed = save_all(pairs, by=request.user)
        if not failed:
            messages.success(request, saved_message(saved_count))
            return redirect("entry_unit", year=year, code=unit.code)
        messages.error(request, nothing_saved_message(len(failed)))
    grid_owner = grid_owner_of(unit)
    context = entry_context(request, year) | {
        "sheet": sheet,
        "unit": unit,
        "year": year,
        "grid_link": grid_link(grid_owner, year),
    }
    return render(request, "scores/entry/unit.html", context)


def back_to(request: HtmxHttpRequest, year: int) -> str:
    fallback = f"{reverse('entry_grid')}?{urlencode({'year': year})}"
    return same_site_path(request.POST.get("next")) or fallback


@require_POST
@role_required(LOCK_YEARS)
def entry_lock(request: HtmxHttpRequest, year: int) -> HttpResponse:
    national_or_403(request.user, LOCK_YEARS)
    try:
        services.year_lock(year=year, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Year %(year)s is locked.") % {"year": year})
    return redirect(back_to(request, year))


@require_POST
@role_required(UNLOCK_YEARS)
def entry_unlock(request: HtmxHttpRequest, year: int) -> HttpResponse:
    national_or_403(request.user, UNLOCK_YEARS)
    try:
        services.year_unlock(year=year, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Year %(year)s is open for entry again.") % {"year": year})
    return redirect(back_to(request, year))
