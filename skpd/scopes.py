"""The scopes of the versioned cache (pagecache.versioned) for the unit tree: which
scopes a write to a unit's data can change, and which a page about a unit reads.

Two kinds of scope, named by unit id:

- `unit:<pemda>`: the values of a pemda and of its SKPD (scores, targets, plans and
  evidence). A pemda's pages also read the scopes of the pemda above it and of the
  national unit, whose values they show as benchmarks.
- `below:<unit>`: the values of the pemda below a province or the national unit, which
  its rankings, distribution and trend aggregate. Only a pemda's own values count
  there (the national view and a province's dashboard rank pemda, not SKPD).
- `skpd:<pemda>`: the values of a pemda's SKPD only (raised with `unit:`): the part of
  its dashboard about its SKPD (their ranking, their alerts) reads it and `below:`,
  so a value typed for the pemda itself leaves that part cached.
- `evidence:<pemda>`: the evidence files and plans of a pemda and of its SKPD (raised
  with `unit:` by their writes, actions.apps): the evidence counts on a unit's page are
  cached under it alone, so a value typed for the unit leaves them cached.

So a value typed for an SKPD of Kabupaten Tabalong raises `unit:Tabalong` only; one of
the kabupaten itself also raises `below:` of Kalimantan Selatan and of the national
unit. The dashboard of Kabupaten Banjar reads `unit:` of Banjar, Kalimantan Selatan and
the national unit, `below:Banjar` and `plans`, none of which either write raised.
"""

from collections.abc import Iterable

from pagecache import versioned
from skpd.models import Unit

# Overdue plans of every unit a user may see: listed on every dashboard.
PLANS = "plans"
# The unit tree is at most national → province → kabupaten/kota → SKPD.
TREE_DEPTH = 4
PARENT = Unit._meta.get_field("parent")


def ancestry(unit_id: int) -> list[tuple[int, str]]:
    """(id, level) of the unit and of each unit above it, nearest first; [] for an
    unknown id. One query, then cached until the setup (the unit tree) changes."""

    def read() -> list[tuple[int, str]]:
        path = [""] + ["parent__" * depth for depth in range(1, TREE_DEPTH)]
        fields = [f"{prefix}{name}" for prefix in path for name in ("id", "level")]
        row = Unit.objects.filter(pk=unit_id).values_list(*fields).first()
        if row is None:
            return []
        pairs = [(row[n], row[n + 1]) for n in range(0, len(row), 2)]
        return [(pk, level) for pk, level in pairs if pk is not None]

    return versioned.cached_setup(f"unit-ancestry:{unit_id}", read)


def ancestry_of(unit: Unit | int) -> list[tuple[int, str]]:
    """ancestry() without a query when the unit comes with the units above it
    (select_related), as the cached lookups of pages give it."""
    if isinstance(unit, int):
        return ancestry(unit)
    path, current = [], unit
    while True:
        path.append((current.pk, current.level))
        if current.parent_id is None:
            return path
        if not PARENT.is_cached(current):
            return ancestry(unit.pk)
        current = current.parent


def pemda_path(unit: Unit | int) -> list[tuple[int, str]]:
    """The ancestry from the unit's pemda (or the national unit) upwards: an SKPD
    belongs to the pemda above it."""
    path = ancestry_of(unit)
    while path and path[0][1] == Unit.Level.SKPD:
        path = path[1:]
    return path


def write_scopes(units: Iterable[Unit | int]) -> set[str]:
    """The scopes a write to these units' values can change: each one's pemda, and for
    a pemda's (or the national unit's) own values the aggregates of every unit above.
    Units (or ids); a unit that comes with the units above it costs no query, even in
    a transaction that has written already (where nothing is read from the cache)."""
    scopes: set[str] = set()
    distinct = {unit if isinstance(unit, int) else unit.pk: unit for unit in units}
    for unit_id, unit in distinct.items():
        path = pemda_path(unit)
        if not path:
            continue
        scopes.add(f"unit:{path[0][0]}")
        if path[0][0] == unit_id:
            scopes.update(f"below:{pk}" for pk, _level in path[1:])
        else:  # an SKPD's value
            scopes.add(f"skpd:{path[0][0]}")
    return scopes


def plan_write_scopes(unit_ids: Iterable[int]) -> set[str]:
    """A plan's write: its units' scopes, their evidence counts (evidence of a plan
    counts for its owner unit) and the overdue lists of every dashboard."""
    return evidence_write_scopes(unit_ids) | {PLANS}


def evidence_write_scopes(units: Iterable[Unit | int]) -> set[str]:
    """An evidence file's (or a plan's) write: write_scopes and `evidence:` of each
    unit's pemda."""
    units = list(units)
    scopes = write_scopes(units)
    for unit in units:
        path = pemda_path(unit)
        if path:
            scopes.add(f"evidence:{path[0][0]}")
    return scopes


def evidence_read_scopes(unit: Unit | int) -> list[str]:
    """The scope of the evidence counted for a unit (its pemda's `evidence:`): []
    for a unit outside the tree."""
    path = pemda_path(unit)
    return [f"evidence:{path[0][0]}"] if path else []


def read_scopes(unit: Unit | int) -> list[str]:
    """The scopes a page about this unit (its unit page, its grid) reads: its pemda's
    and the benchmarks' values above it, and the aggregates of the pemda below it."""
    path = pemda_path(unit)
    if not path:
        return []
    return [*(f"unit:{pk}" for pk, _level in path), f"below:{path[0][0]}"]


def own_scopes(unit: Unit | int) -> list[str]:
    """read_scopes without the aggregates below: the part of a province's or the
    national unit's page about its own values (a write in a kabupaten keeps it)."""
    return [scope for scope in read_scopes(unit) if not scope.startswith("below:")]


def region_part_scopes(unit_id: int) -> list[str]:
    """A province's part of a ranking of pemda (dashboard.national): its own values
    (`unit:`, as ranked nationally) and its kabupaten/kota's (`below:`)."""
    return [f"unit:{unit_id}", f"below:{unit_id}"]


def children_scopes(unit: Unit | int) -> list[str]:
    """The part of a pemda's dashboard about the units right below it: its SKPD's
    values and its kabupaten/kota's (for a province)."""
    path = pemda_path(unit)
    return [f"skpd:{path[0][0]}", f"below:{path[0][0]}"] if path else []


def dashboard_scopes(unit: Unit | int) -> list[str]:
    """A pemda's dashboard: read_scopes, the overdue plans it lists, and the scopes of
    its part about the units below (children_scopes), read with the others in one
    query (`skpd:` changes nothing that `unit:` does not already)."""
    return list(dict.fromkeys([*read_scopes(unit), *children_scopes(unit), PLANS]))
