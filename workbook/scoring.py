"""The weighted chain that rebuilds an MCP score from sub-indicator values.

indicator = Σ(sub-indicator weight × value) / 100, area = Σ(indicator weight ×
indicator) / 100, total = Σ(area weight × area) / 100, weights being percentages of the
parent (the reconstruction researchers made from jaga.id data, GitHub
fauziinsan/jagakpk; not confirmed by KPK, so every result is an estimate shown beside
the official MCP). Where a group lacks any weight, its members share equally and the
result says so. Pure functions: no database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from workbook.models import PENDING_STATES, DocumentState

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass
class Node:
    """An area, indicator or sub-indicator: its weight (% of the parent, or None) and
    its children (empty for a sub-indicator, whose value comes from the values map)."""

    key: int
    weight: Decimal | None
    children: list["Node"] = field(default_factory=list)


@dataclass
class Chain:
    """The total (0–100), each node's value by key, and whether equal weights stood in
    for missing ones anywhere."""

    total: Decimal
    values: dict[int, Decimal]
    equal_weights: bool


def shares(nodes: list[Node]) -> tuple[list[Decimal], bool]:
    """Each node's weight; equal shares (and True) when any weight of the group is
    missing."""
    if nodes and all(node.weight is not None for node in nodes):
        return [node.weight for node in nodes], False
    return [HUNDRED / len(nodes)] * len(nodes) if nodes else [], bool(nodes)


def chain(areas: list[Node], values: Mapping[int, Decimal | None]) -> Chain:
    """The chain over the areas; a sub-indicator without a value counts 0."""
    result: dict[int, Decimal] = {}
    equal = False

    def walk(nodes: list[Node]) -> Decimal:
        nonlocal equal
        weights, equal_here = shares(nodes)
        equal = equal or equal_here
        total = ZERO
        for node, weight in zip(nodes, weights, strict=True):
            value = walk(node.children) if node.children else (values.get(node.key) or ZERO)
            result[node.key] = value
            total += weight * value / HUNDRED
        return total

    return Chain(total=walk(areas), values=result, equal_weights=equal)


@dataclass(frozen=True)
class SubEstimate:
    self_assessed: Decimal
    verified: Decimal
    if_accepted: Decimal


def sub_estimate(
    value: Decimal | None, verified_value: Decimal | None, states: Iterable[str]
) -> SubEstimate:
    """A sub-indicator's three values for the estimates (the product's rule, not KPK's):

    - verified: the recorded nilai verifikasi; without one, the claimed value (nilai,
      else 100) times the share of its documents KPK accepted;
    - self-assessed: the recorded nilai; without one, 100 times the share of documents
      delivered (submitted, ready, uploaded or accepted);
    - if every submitted document is accepted: the claimed value times the share
      delivered, never below the verified value.
    A sub-indicator without documents has its recorded values (0 when none)."""
    states = list(states)
    if not states:
        verified = verified_value or ZERO
        return SubEstimate(value or ZERO, verified, verified)
    count = Decimal(len(states))
    accepted = sum(1 for state in states if state == DocumentState.ACCEPTED)
    delivered = accepted + sum(1 for state in states if state in PENDING_STATES)
    claim = HUNDRED if value is None else value
    verified = verified_value if verified_value is not None else claim * accepted / count
    self_assessed = value if value is not None else HUNDRED * delivered / count
    return SubEstimate(self_assessed, verified, max(verified, claim * delivered / count))


@dataclass(frozen=True)
class OwnedScore:
    """An OPD's MCP from its documents: the weighted verified value (0–100) over the
    sub-indicators it owns that have one, how many of them (`basis`) out of how many it
    owns, and whether equal weights stood in for missing ones on their way."""

    value: Decimal | None
    basis: int
    owned: int
    equal_weights: bool


def owned_score(
    areas: list[Node], verified: Mapping[int, Decimal | None], owned: set[int]
) -> OwnedScore:
    """The weighted mean of the verified values of the `owned` sub-indicators that have
    one, each weighted by its share of the pemda's total along the chain (sub weight ×
    indicator weight × area weight, equal shares where a group lacks weights). The
    product's rule for an OPD's MCP (issue 14, item 7), not KPK's: KPK scores pemda,
    not OPDs. `value` is None when no owned sub-indicator is verified."""
    shares_of: dict[int, Decimal] = {}
    equal = False

    def walk(nodes: list[Node], share: Decimal, equal_above: bool) -> None:
        nonlocal equal
        weights, equal_here = shares(nodes)
        for node, weight in zip(nodes, weights, strict=True):
            part = share * weight / HUNDRED
            if node.children:
                walk(node.children, part, equal_above or equal_here)
            elif node.key in owned:
                equal = equal or equal_above or equal_here
                shares_of[node.key] = part

    walk(areas, Decimal(1), False)
    counted = {key: share for key, share in shares_of.items() if verified.get(key) is not None}
    weight = sum(counted.values(), ZERO)
    if not counted:
        return OwnedScore(None, 0, len(owned), equal)
    if weight == ZERO:  # every counted sub-indicator weighs 0: fall back to a plain mean
        value = sum((verified[key] for key in counted), ZERO) / len(counted)
    else:
        value = sum((share * verified[key] for key, share in counted.items()), ZERO) / weight
    return OwnedScore(value, len(counted), len(owned), equal)
