"""Reads for the workbook's pages: a fixed number of queries per page, whatever the
number of documents, OPDs or weeks (tests pin the counts at two sizes)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from scores.models import Score
from skpd.access import LIMITED_TO_GRANTS, VIEW_ALL_UNITS
from skpd.models import RoleGrant, Unit
from workbook import scoring
from workbook.models import (
    OPEN_STATES,
    PENDING_STATES,
    CatalogueEntry,
    DocumentFile,
    DocumentRecord,
    DocumentState,
    SubIndicatorValue,
)

Level = CatalogueEntry.Level
STATES = list(DocumentState)
# The order an OPD reads its documents in: what needs its work first.
OPD_ORDER = [
    DocumentState.REJECTED,
    DocumentState.RETURNED,
    DocumentState.MISSING,
    DocumentState.SUBMITTED,
    DocumentState.READY,
    DocumentState.UPLOADED,
    DocumentState.ACCEPTED,
]


@dataclass
class Tally:
    """Documents by state for an area or an OPD."""

    key: object
    name: str
    counts: Counter = field(default_factory=Counter)
    code: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def delivered(self) -> int:
        return self.counts[DocumentState.ACCEPTED] + sum(self.counts[s] for s in PENDING_STATES)

    @property
    def delivered_percent(self) -> Decimal:
        return percent(self.delivered, self.total)

    @property
    def accepted_percent(self) -> Decimal:
        return percent(self.counts[DocumentState.ACCEPTED], self.total)

    @property
    def by_state(self) -> list[int]:
        return [self.counts[state] for state in STATES]


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


@dataclass
class Estimates:
    """The three estimates of item 4, beside the official MCP (never instead of it)."""

    verified: Decimal | None
    self_assessed: Decimal | None
    if_accepted: Decimal | None
    official: Score | None
    equal_weights: bool
    areas: list[tuple[str, Decimal, Decimal, Decimal]]  # area name, verified, self, if


@dataclass
class Overview:
    pemda: Unit
    year: int
    as_of: datetime.date | None
    total: int
    by_area: list[Tally]
    by_opd: list[Tally]
    estimates: Estimates
    weeks: list[tuple[datetime.date, int, int, int]]  # week end, delivered, accepted, total
    rejected: list[DocumentRecord]

    @property
    def behind(self) -> list[Tally]:
        """The OPDs furthest behind: lowest share delivered, most documents first."""
        owning = [tally for tally in self.by_opd if tally.key is not None and tally.total]
        return sorted(owning, key=lambda t: (t.delivered_percent, -t.total))[:5]

    @property
    def overall(self) -> Tally:
        tally = Tally(None, "")
        for area in self.by_area:
            tally.counts.update(area.counts)
        return tally


def catalogue_tree(pemda: Unit, year: int, with_documents: bool = False) -> list[CatalogueEntry]:
    """The year's current entries that apply to the pemda, areas first, in code order
    (documents only when asked: tree() leaves them out)."""
    entries = (
        CatalogueEntry.objects.of_year(year)
        .current()
        .applying_to(pemda)
        .select_related("area")
        .order_by("area__sort_order", "sort_key")
    )
    if not with_documents:
        entries = entries.exclude(level=Level.DOCUMENT)
    return list(entries)


def overview(pemda: Unit, year: int, as_of: datetime.date | None = None) -> Overview:
    """The pemda's year at a glance (six queries). With `as_of`, document states are
    those the history held at the end of that day."""
    entries = catalogue_tree(pemda, year)
    records = list(
        DocumentRecord.objects.of_year(pemda, year)
        .filter(document__retired_at__isnull=True)
        .select_related("document", "owner")
    )
    states_now = {record.pk: record.state for record in records}
    timeline = state_timeline([record.pk for record in records])
    states = states_on(timeline, as_of) if as_of else states_now
    opds = {unit.pk: unit for unit in Unit.objects.filter(parent=pemda, level=Unit.Level.SKPD)}
    areas = {e.area_id: Tally(e.area_id, e.area.name) for e in entries if e.level == Level.AREA}
    by_opd = {pk: Tally(pk, unit.display_name, code=unit.code) for pk, unit in opds.items()}
    for record in records:
        state = states.get(record.pk)
        if state is None:
            continue  # not yet opened on that day
        areas.setdefault(
            record.document.area_id, Tally(record.document.area_id, str(record.document.area_id))
        ).counts[state] += 1
        owner = by_opd.setdefault(record.owner_id, Tally(record.owner_id, "–"))
        owner.counts[state] += 1
    return Overview(
        pemda=pemda,
        year=year,
        as_of=as_of,
        total=len(records),
        by_area=list(areas.values()),
        by_opd=sorted(by_opd.values(), key=lambda t: (-t.delivered_percent, t.name)),
        estimates=estimates(pemda, year, entries, records, states),
        weeks=weekly_progress(timeline, len(records)),
        rejected=[r for r in records if states.get(r.pk) == DocumentState.REJECTED],
    )


def state_timeline(record_ids: list[int]) -> list[tuple[datetime.datetime, int, str]]:
    """Every state a record took, oldest first, from its history (one query)."""
    rows = (
        DocumentRecord.history.filter(id__in=record_ids)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "state")
    )
    return list(rows)


def states_on(timeline, day: datetime.date) -> dict[int, str]:
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    states: dict[int, str] = {}
    for moment, pk, state in timeline:
        if moment > end:
            break
        states[pk] = state
    return states


def weekly_progress(timeline, total: int) -> list[tuple[datetime.date, int, int, int]]:
    """Delivered and accepted documents at the end of each week (Sunday) from the first
    change of the year to today, computed from the history: no snapshot job."""
    if not timeline:
        return []
    today = timezone.localdate()
    first = timezone.localtime(timeline[0][0]).date()
    day = first + datetime.timedelta(days=6 - first.weekday())
    # Up to the week of the last change (or today): later weeks would repeat it.
    last = min(today, timezone.localtime(timeline[-1][0]).date())
    weeks = []
    states: dict[int, str] = {}
    index = 0
    while day < last + datetime.timedelta(days=7) and len(weeks) < 70:
        end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
        while index < len(timeline) and timeline[index][0] <= end:
            states[timeline[index][1]] = timeline[index][2]
            index += 1
        counts = Counter(states.values())
        accepted = counts[DocumentState.ACCEPTED]
        delivered = accepted + sum(counts[s] for s in PENDING_STATES)
        weeks.append((day, delivered, accepted, total))
        day += datetime.timedelta(days=7)
    return weeks


def estimates(pemda, year, entries, records, states, values=None) -> Estimates:
    """The verified, self-assessed and if-accepted totals by the chain of item 4.
    `values` ({sub-indicator id: an object with .value and .verified_value}) stands in
    for the stored values when given (a past day's, read from their history); read
    otherwise (one query). The official MCP is one more query."""
    if values is None:
        values = {
            row.sub_indicator_id: row
            for row in SubIndicatorValue.objects.filter(pemda=pemda, sub_indicator__year=year)
        }
    documents_of = defaultdict(list)
    for record in records:
        if record.pk in states:
            documents_of[record.document.parent_id].append(states[record.pk])
    subs = {}
    for entry in entries:
        if entry.level == Level.SUB_INDICATOR:
            row = values.get(entry.pk)
            subs[entry.pk] = scoring.sub_estimate(
                row and row.value, row and row.verified_value, documents_of.get(entry.pk, [])
            )
    areas = tree(entries)
    chains = {
        kind: scoring.chain(areas, {pk: getattr(sub, kind) for pk, sub in subs.items()})
        for kind in ("verified", "self_assessed", "if_accepted")
    }
    official = (
        Score.objects.filter(unit=pemda, indicator__code="mcp", year=year)
        .select_related("indicator")
        .first()
    )
    names = {e.pk: e.area.name for e in entries if e.level == Level.AREA}
    empty = not subs
    return Estimates(
        verified=None if empty else chains["verified"].total,
        self_assessed=None if empty else chains["self_assessed"].total,
        if_accepted=None if empty else chains["if_accepted"].total,
        official=official,
        equal_weights=any(c.equal_weights for c in chains.values()),
        areas=[
            (
                names[node.key],
                chains["verified"].values[node.key],
                chains["self_assessed"].values[node.key],
                chains["if_accepted"].values[node.key],
            )
            for node in areas
        ],
    )


def tree(entries: list[CatalogueEntry]) -> list[scoring.Node]:
    """Areas → indicators → sub-indicators as scoring nodes (entries in code order)."""
    entries = [e for e in entries if e.level != Level.DOCUMENT]
    nodes = {e.pk: scoring.Node(e.pk, e.weight) for e in entries}
    roots = []
    for entry in entries:
        if entry.level == Level.AREA:
            roots.append(nodes[entry.pk])
        elif entry.parent_id in nodes:
            nodes[entry.parent_id].children.append(nodes[entry.pk])
    # An area or indicator without sub-indicators has nothing to score: it counts 0
    # only if the catalogue weights it; leave it out otherwise.
    return [root for root in roots if root.children or root.weight is not None]


# ---------------------------------------------------------------- an OPD's page


@dataclass
class SubRow:
    """A sub-indicator with the pemda's values (None when nothing is recorded)."""

    entry: CatalogueEntry
    row: SubIndicatorValue | None

    @property
    def value(self) -> Decimal | None:
        return self.row and self.row.value

    @property
    def verified_value(self) -> Decimal | None:
        return self.row and self.row.verified_value

    @property
    def version(self) -> int:
        """The values' version as the page shows them: 0 while nothing is recorded."""
        return self.row.version if self.row else 0


@dataclass
class OpdMcp:
    """An OPD's yearly MCP derived from its documents (scoring.owned_score) beside the
    MCP typed for it in the score table, if any, with that score's source."""

    year: int
    derived: scoring.OwnedScore
    typed: Score | None


@dataclass
class OpdPage:
    unit: Unit
    year: int
    records: list[DocumentRecord]
    tally: Tally
    subs: list[SubRow]
    mcp: OpdMcp


def sub_rows(pemda: Unit, year: int, entries: list[CatalogueEntry]) -> list[SubRow]:
    """The sub-indicators among `entries`, in code order, with their values (one query)."""
    values = {
        row.sub_indicator_id: row
        for row in SubIndicatorValue.objects.filter(pemda=pemda, sub_indicator__year=year)
    }
    subs = [e for e in entries if e.level == Level.SUB_INDICATOR]
    return [SubRow(entry, values.get(entry.pk)) for entry in subs]


def owned_sub_ids(unit: Unit, entries: list[CatalogueEntry], records) -> set[int]:
    """The sub-indicators an OPD owns: those of the documents it owns, and those without
    documents whose default owner it is (a sub-indicator shared between OPDs counts for
    each of them)."""
    owned = {record.document.parent_id for record in records}
    with_documents = {e.parent_id for e in entries if e.level == Level.DOCUMENT}
    for entry in entries:
        if (
            entry.level == Level.SUB_INDICATOR
            and entry.default_owner_id == unit.pk
            and entry.pk not in with_documents
        ):
            owned.add(entry.pk)
    return owned


def opd_mcp(unit: Unit, year: int, entries, subs: list[SubRow], owned: set[int]) -> OpdMcp:
    """The OPD's derived MCP for the year and its typed one (one query)."""
    verified = {sub.entry.pk: sub.verified_value for sub in subs}
    owned = owned & verified.keys()
    typed = (
        Score.objects.filter(unit=unit, indicator__code="mcp", year=year)
        .select_related("indicator")
        .first()
    )
    derived = scoring.owned_score(tree(entries), verified, owned)
    return OpdMcp(year=year, derived=derived, typed=typed)


def unit_mcp(unit: Unit, year: int) -> OpdMcp | None:
    """An OPD's MCP for a workbook year, for the unit page (four queries); None for a
    unit that is not an OPD."""
    if unit.level != Unit.Level.SKPD or unit.parent_id is None:
        return None
    entries, owned = opd_sub_indicators(unit, year)
    subs = sub_rows(unit.parent, year, entries)
    return opd_mcp(unit, year, entries, subs, owned)


def opd_mcps(pemda: Unit, year: int) -> dict[int, scoring.OwnedScore]:
    """Every OPD's MCP derived from its documents for the pemda's year, by unit id
    (three queries whatever the number of OPDs or documents): the same rule as an OPD's
    own page (scoring.owned_score over owned_sub_ids). An OPD that owns nothing is
    absent; one whose owned sub-indicators have no verified value yet maps to a score
    whose `value` is None. Empty without a catalogue for the year."""
    entries = catalogue_tree(pemda, year, with_documents=True)
    if not entries:
        return {}
    owned: dict[int, set[int]] = defaultdict(set)
    rows = (
        DocumentRecord.objects.of_year(pemda, year)
        .filter(document__retired_at__isnull=True, owner__isnull=False)
        .values_list("owner_id", "document__parent_id")
        .distinct()
    )
    for owner_id, sub_id in rows:
        owned[owner_id].add(sub_id)
    with_documents = {e.parent_id for e in entries if e.level == Level.DOCUMENT}
    for entry in entries:
        if (
            entry.level == Level.SUB_INDICATOR
            and entry.default_owner_id is not None
            and entry.pk not in with_documents
        ):
            owned[entry.default_owner_id].add(entry.pk)
    values = SubIndicatorValue.objects.filter(pemda=pemda, sub_indicator__year=year)
    verified = dict(values.values_list("sub_indicator_id", "verified_value"))
    nodes = tree(entries)
    current = {e.pk for e in entries if e.level == Level.SUB_INDICATOR}
    return {
        unit_id: scoring.owned_score(nodes, verified, subs & current)
        for unit_id, subs in owned.items()
    }


def opd_sub_indicators(unit: Unit, year: int) -> tuple[list[CatalogueEntry], set[int]]:
    """The pemda's catalogue for the year and the ids of the sub-indicators the OPD
    owns (two queries)."""
    entries = catalogue_tree(unit.parent, year, with_documents=True)
    records = DocumentRecord.objects.filter(
        owner=unit, document__year=year, document__retired_at__isnull=True
    ).select_related("document")
    return entries, owned_sub_ids(unit, entries, records)


def opd_page(unit: Unit, year: int) -> OpdPage:
    """An OPD's documents for the year, what needs its work first, each with its files
    and its history and supporting OPDs; the values of the sub-indicators it owns and
    its MCP derived from them (seven queries)."""
    records = list(
        DocumentRecord.objects.filter(owner=unit, document__year=year)
        .filter(document__retired_at__isnull=True)
        .select_related("document", "document__parent", "document__area", "state_changed_by")
        .prefetch_related(
            Prefetch("files", queryset=DocumentFile.objects.select_related("uploaded_by")),
            "supporting_units",
        )
    )
    steps = defaultdict(list)
    history = DocumentRecord.history.filter(id__in=[r.pk for r in records])
    for row in history.select_related("history_user").order_by("-history_date", "-history_id"):
        steps[row.id].append(row)
    for record in records:
        record.steps = steps[record.pk]
    records.sort(key=lambda r: (OPD_ORDER.index(r.state), r.document.sort_key))
    tally = Tally(unit.pk, unit.display_name, Counter(r.state for r in records))
    entries = catalogue_tree(unit.parent, year, with_documents=True)
    owned = owned_sub_ids(unit, entries, records)
    subs = sub_rows(unit.parent, year, entries)
    mcp = opd_mcp(unit, year, entries, subs, owned)
    owned_subs = [sub for sub in subs if sub.entry.pk in owned]
    return OpdPage(unit=unit, year=year, records=records, tally=tally, subs=owned_subs, mcp=mcp)


def value_rows(pemda: Unit, year: int) -> list[SubRow]:
    """Every current sub-indicator of the pemda's year with its values, in code order,
    for the Inspektorat's entry of verified values (two queries)."""
    return sub_rows(pemda, year, catalogue_tree(pemda, year))


def review_queue(pemda: Unit, year: int) -> dict[str, list[DocumentRecord]]:
    """Submitted documents oldest first, then those ready to upload and those awaiting
    KPK's verdict (one query)."""
    records = (
        DocumentRecord.objects.of_year(pemda, year)
        .filter(state__in=PENDING_STATES, document__retired_at__isnull=True)
        .select_related("document", "document__parent", "owner")
        .prefetch_related("files")
        .order_by("submitted_at", "pk")
    )
    queue: dict[str, list[DocumentRecord]] = {state: [] for state in PENDING_STATES}
    for record in records:
        queue[record.state].append(record)
    return queue


def open_count(records) -> int:
    return sum(1 for record in records if record.state in OPEN_STATES)


# ---------------------------------------------------------------- fulfilment for the dashboard


@dataclass
class Fulfilment:
    """Documents by state per owner OPD for a pemda's workbook year; `total` sums every
    OPD (documents without an owner included)."""

    year: int
    by_unit: dict[int, Tally]
    total: Tally

    def of(self, unit: Unit) -> Tally | None:
        return self.by_unit.get(unit.pk)


def fulfilment(pemda: Unit, preferred_year: int | None) -> Fulfilment | None:
    """The document fulfilment of the pemda's OPDs (one query): for `preferred_year`
    when the pemda has a workbook for it, else for its latest workbook year; None
    without any workbook. Retired catalogue entries do not count."""
    rows = (
        DocumentRecord.objects.filter(pemda=pemda, document__retired_at__isnull=True)
        .values_list("document__year", "owner_id", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_year: dict[int, list[tuple[int | None, str, int]]] = defaultdict(list)
    for year, owner_id, state, count in rows:
        by_year[year].append((owner_id, state, count))
    if not by_year:
        return None
    year = preferred_year if preferred_year in by_year else max(by_year)
    result = Fulfilment(year=year, by_unit={}, total=Tally(pemda.pk, pemda.display_name))
    for owner_id, state, count in by_year[year]:
        result.total.counts[state] += count
        if owner_id is not None:
            result.by_unit.setdefault(owner_id, Tally(owner_id, "")).counts[state] += count
    return result


def unit_fulfilment(unit: Unit, preferred_year: int | None) -> tuple[int, Tally] | None:
    """An OPD's own documents by state, for its pemda's workbook year (as fulfilment);
    None when the OPD owns no document of any year."""
    if unit.level != Unit.Level.SKPD or unit.parent_id is None:
        return None
    rows = (
        DocumentRecord.objects.filter(owner=unit, document__retired_at__isnull=True)
        .values_list("document__year", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_year: dict[int, Counter] = defaultdict(Counter)
    for year, state, count in rows:
        by_year[year][state] += count
    if not by_year:
        return None
    year = preferred_year if preferred_year in by_year else max(by_year)
    return year, Tally(unit.pk, unit.display_name, by_year[year], code=unit.code)


# ---------------------------------------------------------------- one document's assignment


@dataclass
class AssignChoices:
    """What a document's assignment form offers: the pemda's active OPDs and the
    active accounts that may see the OPD (for its person in charge)."""

    opds: list[Unit]
    accounts: list[User]


def users_with_perm(permission: str) -> QuerySet[User]:
    app_label, codename = permission.split(".")
    return User.objects.filter(
        Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
    ).values("pk")


def accounts_seeing(unit: Unit) -> list[User]:
    """Active accounts that may see `unit` by skpd.access's rule: superusers, those who
    see every unit and are not limited to grants, those with an active grant on the
    unit, one of its ancestors or every unit, and the unit's heads. One query; the
    service (check_person_in_charge) stays the judge of the account chosen."""
    ancestors = [unit.pk]
    parent = unit.parent
    while parent is not None:  # an OPD's pemda and, for a kabupaten, its province
        ancestors.append(parent.pk)
        parent = parent.parent
    # A subquery, not a join: a user without any grant must not match "unit is null".
    grants = RoleGrant.objects.filter(revoked_at__isnull=True).filter(
        Q(unit__in=ancestors) | Q(unit__isnull=True)
    )
    granted = Q(pk__in=grants.values("user_id"))
    sees_all = Q(pk__in=users_with_perm(VIEW_ALL_UNITS)) & ~Q(
        pk__in=users_with_perm(LIMITED_TO_GRANTS)
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | sees_all | granted | Q(headed_units=unit))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assign_choices(unit: Unit) -> AssignChoices:
    """The choices of the assignment forms on an OPD's page (two queries)."""
    opds = Unit.objects.filter(parent_id=unit.parent_id, level=Unit.Level.SKPD, is_active=True)
    return AssignChoices(opds=list(opds.order_by("name")), accounts=accounts_seeing(unit))
