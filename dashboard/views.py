from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actions import selectors as action_selectors
from dashboard import charts, national, selectors
from mcp_dashboard.lib.http import HtmxHttpRequest
from pagecache import versioned
from scores.models import Score
from scores.values import format_number
from scores.years import parse_year, working_year
from skpd.access import (
    get_unit_for_user,
    heads_a_unit,
    home_pemda_code,
    is_unit_code,
    pemda_or_404,
    role_assigned,
    sees_all_units,
    visible_unit_ids,
)
from skpd.models import Unit
from skpd.scopes import (
    children_scopes,
    dashboard_scopes,
    evidence_read_scopes,
    own_scopes,
    read_scopes,
)
from workbook import selectors as workbook_selectors


@require_GET
@role_assigned
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """A pemda's scores for a year; an htmx request for another year gets the content only.

    The content is rendered once per version of the data (see pagecache.versioned) and
    shared by every reader who may open the same units."""
    code = request.GET.get("unit") or home_pemda_code(request.user) or ""
    year, year_ok = parse_year(request.GET.get("year"))
    rank_by = selectors.parse_rank_by(request.GET.get("rank_by"))
    visible_ids = visible_unit_ids(request.user)
    if not code or is_unit_code(code):  # a pemda out of the user's grants: like none
        pemda_or_404(request.user, selectors.dashboard_unit(code or None))
    if year_ok and (not code or is_unit_code(code)):
        key = versioned.page_key("dashboard", code, year, rank_by, visible_ids=visible_ids)
        page = versioned.cached(
            key,
            lambda: dashboard_page(request, code, year, visible_ids, rank_by=rank_by),
            scopes=dashboard_scopes_of(code),
        )
    else:  # junk in the address (the warning quotes it): computed, not cached
        bad_year = None if year_ok else request.GET.get("year")
        page = dashboard_page(request, code, year, visible_ids, bad_year, rank_by)
    if request.htmx and not request.htmx.history_restore_request and page.unit is not None:
        return HttpResponse(page.content)
    context = {
        "unit": page.unit,
        "data": page,
        "content_html": mark_safe(page.content),  # noqa: S308 - rendered by dashboard_page
        # Heads of a unit see every SKPD's ranking on purpose (docs/security.md): say so.
        "ranking_shown_on_purpose": not sees_all_units(request.user)
        and heads_a_unit(request.user),
        "rank_by": rank_by,
    }
    return render(request, "dashboard/dashboard.html", context)


def dashboard_scopes_of(code: str) -> list[str]:
    """The scopes a dashboard reads (skpd.scopes): of the pemda named (Http404 for a
    code of no pemda), else the province's."""
    unit = selectors.dashboard_unit(code or None)
    return dashboard_scopes(unit) if unit is not None else []


@dataclass(frozen=True)
class RenderedDashboard:
    """What the page around the content needs (title, year switch), and the content."""

    unit: Unit | None
    year: int | None
    years: list[int]
    has_data_for_year: bool
    content: str


def dashboard_page(
    request: HttpRequest,
    code: str,
    year: int | None,
    visible_ids: set[int] | None,
    bad_year: str | None = None,
    rank_by: str = selectors.RANK_BY_MCP,
) -> RenderedDashboard:
    """The dashboard's content: the pemda's own part computed here, the part about its
    SKPD and kabupaten/kota (the longest to compute and render) cached under their own
    scopes, so a value typed for the pemda itself leaves that part cached."""
    unit = selectors.dashboard_unit(code or None)
    if unit is None:
        return RenderedDashboard(None, None, [], False, "")
    data = selectors.dashboard(unit, year, visible_ids, rank_by, with_children=False)
    children = None
    if data.has_data_for_year:
        key = versioned.page_key(
            "dashboard-children", unit.pk, data.year, rank_by, visible_ids=visible_ids
        )
        children = versioned.cached(
            key,
            lambda: children_content(request, data, visible_ids),
            scopes=children_scopes(unit),
        )
        selectors.add_regions(data, children.region_rows)
    context = {
        "unit": unit,
        "bad_year": bad_year,
        "data": data,
        "children": children,
        "charts": charts.dashboard_charts(data),
        "evidence_counts": action_selectors.area_evidence_counts(unit, data.year),
        "overdue_units": action_selectors.overdue_by_unit(request.user),
    }
    content = render_to_string("dashboard/dashboard.html#content", context, request)
    return RenderedDashboard(unit, data.year, data.years, data.has_data_for_year, content)


@dataclass(frozen=True)
class RenderedChildren:
    """The dashboard's part about the units below the pemda, rendered: the SKPD
    ranking section, the SKPD's alert rows, and the kabupaten/kota's series for the
    comparison (which also shows the pemda's own values, so it is drawn each time)."""

    ranking_html: str
    alert_rows_html: str
    region_rows: list[tuple]


def children_content(
    request: HttpRequest, data: selectors.Dashboard, visible_ids: set[int] | None
) -> RenderedChildren:
    part = selectors.children_part(data, visible_ids)
    shown = replace(data, ranking=part.ranking, fulfilment=part.fulfilment)
    context = {"unit": data.unit, "data": shown, "charts": charts.skpd_charts(shown)}
    ranking_html = render_to_string("dashboard/dashboard.html#skpd-ranking", context, request)
    alert_rows = render_to_string(
        "dashboard/dashboard.html#alert-rows", {"alerts": part.alerts}, request
    )
    return RenderedChildren(
        mark_safe(ranking_html),  # noqa: S308 - rendered by the template above
        mark_safe(alert_rows) if part.alerts else "",  # noqa: S308 - the same
        part.region_rows,
    )


@require_GET
@role_assigned
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's values over the years; for the national unit and a province also their
    pemda ranked, the distribution and the trend. Rendered once per data version."""
    unit = get_unit_for_user(request.user, code)
    year, year_ok = parse_year(request.GET.get("year"))
    page_number = request.GET.get("page") or ""
    history = history_rows_shown(request)
    visible_ids = visible_unit_ids(request.user) if national.has_overview(unit) else None
    key = versioned.page_key("unit", unit.pk, year, page_number, history, visible_ids=visible_ids)
    if year_ok and (page_number.isdigit() and len(page_number) < 6 or not page_number):
        version = versioned.current_version()
        page = versioned.cached(
            key,
            lambda: unit_content(request, unit, year, page_number, visible_ids, version, history),
            version,
            # With the evidence part's scope, read in the same query: its part is cached
            # under it alone (unit_body).
            scopes=[*read_scopes(unit), *evidence_read_scopes(unit)],
        )
    else:  # junk in the address: computed, not cached
        page = unit_content(request, unit, year, page_number, visible_ids, history=history)
    return render(
        request,
        "dashboard/unit_detail.html",
        {
            "unit": page.unit,
            "overview": page.has_overview,
            "any_charts": page.any_charts,
            # noqa below: both parts are rendered by templates here.
            "content_html": mark_safe(  # noqa: S308
                page.content.replace(HEAD_WORK_MARKER, head_work(request, unit), 1)
            ),
        },
    )


# The newest changes a unit's page shows, and with ?history=all (a plain link under the
# table): rendering the history's rows was a third of the page's cost after each write
# in the unit (bench/results.md), and most readers look at the newest few.
HISTORY_SHOWN = 20
HISTORY_ALL = 100


def history_rows_shown(request: HttpRequest) -> int:
    """HISTORY_ALL for `?history=all`, else HISTORY_SHOWN (any other value is ignored,
    so junk in the address costs no cache entry of its own)."""
    return HISTORY_ALL if request.GET.get("history") == "all" else HISTORY_SHOWN


# Where the unit's own head finds their plans and evidence: the page body is cached for
# every reader, so this per-user part is put in its place on each request.
HEAD_WORK_MARKER = "<!-- head-work -->"
HEAD_PLANS_SHOWN = 10


def head_work(request: HttpRequest, unit: Unit) -> str:
    """For a head of this unit (issue 16): the unit's open action plans, soonest due
    first (at most HEAD_PLANS_SHOWN), and its evidence sent back for revision; empty
    for everyone else. Staff who see every unit get none (their work is the lists);
    no query for them, and the head's units come from skpd.access's cache."""
    if sees_all_units(request.user) or unit.pk not in (visible_unit_ids(request.user) or ()):
        return ""
    plans = action_selectors.plans_for_list({unit.pk}).filter(owner_unit=unit).open()
    needs_revision = [
        evidence
        for evidence in action_selectors.reminders_for_head(request.user).needs_revision
        if evidence.unit_id == unit.pk
    ]
    context = {
        "unit": unit,
        "plans": list(plans[:HEAD_PLANS_SHOWN]),
        "needs_revision": needs_revision,
    }
    return render_to_string("dashboard/_head_work.html", context, request)


@dataclass(frozen=True)
class RenderedUnitPage:
    unit: Unit
    has_overview: bool
    any_charts: bool
    content: str


# Where a province's or the national unit's ranking goes in its page: the rest of the
# page (its own values) is cached under its own scopes, the ranking under its pemda's.
OVERVIEW_MARKER = mark_safe("<!-- region-overview -->")


def unit_content(
    request: HttpRequest,
    unit: Unit,
    year: int | None,
    page_number: str,
    visible_ids: set[int] | None,
    version: versioned.Version | None = None,
    history: int = HISTORY_SHOWN,
) -> RenderedUnitPage:
    """A unit's page body. For the national unit and a province, the part about their
    own values is cached under their own scopes (skpd.scopes.own_scopes) and the
    ranking of the pemda below is computed from its cached parts (dashboard.national),
    so a write in one kabupaten recomputes neither the national unit's own part nor
    the other provinces' parts. `history`: how many of the newest changes are shown."""
    if not national.has_overview(unit):
        return unit_body(request, unit, history=history, version=version)
    own = versioned.cached(
        versioned.page_key("unit-own", unit.pk, history, visible_ids=None),
        lambda: unit_body(request, unit, with_overview=True, history=history, version=version),
        version,
        scopes=own_scopes(unit),
    )
    overview = national.region_overview(unit, year, page_number, visible_ids, version)
    context = {
        "overview": overview,
        "overview_charts": charts.overview_charts(overview),
        "bad_year": None if year is not None else request.GET.get("year"),
    }
    overview_html = render_to_string("dashboard/_region_overview.html", context, request)
    content = own.content.replace(OVERVIEW_MARKER, overview_html, 1)
    return RenderedUnitPage(own.unit, True, True, content)


def unit_body(
    request: HttpRequest,
    unit: Unit,
    with_overview: bool = False,
    history: int = HISTORY_SHOWN,
    version: versioned.Version | None = None,
) -> RenderedUnitPage:
    """A unit's values, charts, its newest `history` changes, documents and evidence;
    with a marker where the ranking of the pemda below goes (`with_overview`). With
    the `version` the page is cached under, the evidence counts come from their own
    cache entry (unit_evidence)."""
    # One row more than shown tells whether there are more to link to.
    trend = selectors.unit_trend(unit, history_limit=history + 1)
    evidence_year = max((s.year for s in trend.table), default=working_year())
    documents = workbook_selectors.unit_fulfilment(unit, evidence_year)
    context = {
        "overview": with_overview,
        "overview_marker": OVERVIEW_MARKER if with_overview else "",
        "unit": trend.unit,
        "trend": trend,
        # noqa below: rendered by a template in unit_evidence.
        "evidence_html": mark_safe(unit_evidence(request, unit, evidence_year, version)),  # noqa: S308
        "documents": documents,
        "opd_mcp": workbook_selectors.unit_mcp(unit, documents[0]) if documents else None,
        "table": selectors.score_table(trend.table),
        "value_rows": value_rows_html(trend.table),
        "history": trend.history[:history],
        "more_history": len(trend.history) > history and history < HISTORY_ALL,
        "charts": charts.unit_charts(trend) if trend.has_scores else {},
    }
    content = render_to_string("dashboard/unit_detail.html#body", context, request)
    return RenderedUnitPage(trend.unit, with_overview, bool(context["charts"]), content)


def unit_evidence(
    request: HttpRequest, unit: Unit, year: int, version: versioned.Version | None
) -> str:
    """The unit's evidence counts per area for the year, rendered; cached under the
    pemda's `evidence:` scope alone (skpd.scopes), so the first request after a value
    is typed for the unit does not count them again. Without a `version` (a page that
    is not cached) computed each time, so as not to read the scope in a query of its own."""

    def compute() -> str:
        context = {"evidence_counts": action_selectors.area_evidence_counts(unit, year)}
        return render_to_string("actions/_area_evidence_counts.html", context, request)

    if version is None:
        return compute()
    key = versioned.page_key("unit-evidence", unit.pk, year, visible_ids=None)
    return versioned.cached(key, compute, version, scopes=evidence_read_scopes(unit))


def value_rows_html(scores: list[Score]) -> str:
    """The rows of the unit page's table of every value with its source (year,
    indicator, value, status, as of, source, note), as HTML: built here rather than by
    a template loop with its filters, which cost a tenth of the page's first request
    after a write (62 rows for a kabupaten at national size). Escaped by format_html."""
    statuses = {value: str(label) for value, label in Score.Status.choices}
    demo = format_html(' <span class="badge demo">{}</span>', _("demo"))
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td class="num">{}</td>'
        '<td><span class="status status-{}">{}</span></td><td>{}</td><td>{}{}</td>'
        '<td class="small">{}</td></tr>',
        (
            (
                score.year,
                score.indicator.name,
                format_number(score.value, score.indicator.decimals),
                score.status,
                statuses.get(score.status, score.status),
                date_format(score.as_of, "DATE_FORMAT") if score.as_of else "–",
                score.source or "–",
                demo if score.is_demo else "",
                score.note,
            )
            for score in scores
        ),
    )
