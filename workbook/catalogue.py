"""A year's catalogue file (one row per document) read into a plan: what is new,
changed, unchanged, retired or restored against the catalogue in the database.

The file's columns (issue 14): tahun, kode_area, kode_indikator, nama_indikator,
bobot_indikator, kode_subindikator, nama_subindikator, bobot_subindikator, kode_dokumen,
nama_dokumen, berlaku_untuk, opd_pengampu. A sub-indicator without documents has empty
document columns. The plan is applied by services.catalogue_apply.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scores.models import Indicator
from scores.values import parse_value
from skpd.models import Unit
from workbook.models import AppliesTo, CatalogueEntry

Level = CatalogueEntry.Level
COLUMNS = [
    "tahun",
    "kode_area",
    "kode_indikator",
    "nama_indikator",
    "bobot_indikator",
    "kode_subindikator",
    "nama_subindikator",
    "bobot_subindikator",
    "kode_dokumen",
    "nama_dokumen",
    "berlaku_untuk",
    "opd_pengampu",
]
REQUIRED = ["kode_area", "kode_indikator", "kode_subindikator"]
APPLIES_TO = {
    "": AppliesTo.ALL,
    "all": AppliesTo.ALL,
    "semua": AppliesTo.ALL,
    "province": AppliesTo.PROVINCE,
    "provinsi": AppliesTo.PROVINCE,
    "regency-city": AppliesTo.REGENCY_CITY,
    "kabupaten/kota": AppliesTo.REGENCY_CITY,
    "kabupaten_kota": AppliesTo.REGENCY_CITY,
    "kab/kota": AppliesTo.REGENCY_CITY,
    "with-villages": AppliesTo.WITH_VILLAGES,
    "desa": AppliesTo.WITH_VILLAGES,
    "pemda dengan desa": AppliesTo.WITH_VILLAGES,
}
FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "weight": gettext_lazy("weight"),
    "applies_to": gettext_lazy("applies to"),
    "default_owner_id": gettext_lazy("owner OPD"),
    "parent": gettext_lazy("part of"),
    "area_id": gettext_lazy("area"),
}


@dataclass
class Wanted:
    """An entry as the file describes it; `parent` is the (level, code) of its parent."""

    level: str
    code: str
    name: str
    area_id: int
    parent: tuple[str, str] | None
    weight: Decimal | None = None
    applies_to: str = AppliesTo.ALL
    default_owner_id: int | None = None
    line: int = 0


@dataclass
class Change:
    level: str
    code: str
    name: str
    action: str  # new, changed, unchanged, retired, restored
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new

    @property
    def level_label(self) -> str:
        """The level in the reader's language ("Subindikator"), not its stored value."""
        return str(Level(self.level).label)


@dataclass
class CataloguePlan:
    year: int
    wanted: dict[tuple[str, str], Wanted] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def counts(self) -> dict[str, int]:
        actions = ("new", "changed", "unchanged", "retired", "restored")
        return {action: self.count(action) for action in actions}

    @property
    def shown_changes(self) -> list[Change]:
        return [change for change in self.changes if change.action != "unchanged"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def area_lookup() -> dict[str, Indicator]:
    """MCP areas by code (`mcp.pbj` or `pbj`) and by Indonesian or English name, old
    names included (the areas of every year are all indicators)."""
    found: dict[str, Indicator] = {}
    for area in Indicator.objects.filter(parent__code="mcp"):
        for key in (area.code, area.code.removeprefix("mcp."), area.name_id, area.name_en):
            found[normalise(key)] = area
    return found


def opd_lookup() -> dict[str, Unit]:
    """OPDs by code, short name and name."""
    found: dict[str, Unit] = {}
    for unit in Unit.objects.filter(level=Unit.Level.SKPD):
        for key in (unit.code, unit.short_name, unit.name):
            if key:
                found.setdefault(normalise(key), unit)
    return found


def parse_weight(text: str) -> Decimal | None:
    value = parse_value(text)
    if value is not None and not (0 <= value <= 100):
        raise ValidationError(
            _("A weight is a percentage of its parent, 0–100; %(value)s is not.")
            % {"value": text},
        )
    return value


def build_plan(year: int, rows: list[tuple[int, dict[str, str]]]) -> CataloguePlan:
    """Read the rows and compare them with the year's catalogue in the database."""
    plan = CataloguePlan(year=year)
    areas, opds = area_lookup(), opd_lookup()
    for line, cells in rows:
        try:
            read_row(plan, line, cells, areas, opds)
        except ValidationError as error:
            plan.errors.append((line, " ".join(error.messages)))
    if not plan.errors:
        compare(plan)
    return plan


def read_row(plan, line, cells, areas, opds) -> None:
    year_text = cells.get("tahun", "").strip()
    if year_text and year_text != str(plan.year):
        raise ValidationError(
            _("The year is %(found)s; this import is for %(year)s.")
            % {"found": year_text, "year": plan.year}
        )
    area = areas.get(normalise(cells.get("kode_area", "")))
    if area is None:
        raise ValidationError(
            _("Unknown MCP area “%(area)s”.") % {"area": cells.get("kode_area", "")}
        )
    owner_text = cells.get("opd_pengampu", "")
    owner = opds.get(normalise(owner_text)) if owner_text.strip() else None
    if owner_text.strip() and owner is None:
        raise ValidationError(_("Unknown OPD “%(opd)s”.") % {"opd": owner_text})
    applies_text = normalise(cells.get("berlaku_untuk", ""))
    if applies_text not in APPLIES_TO:
        raise ValidationError(
            _("“%(text)s” is not one of: semua, provinsi, kabupaten/kota, desa.")
            % {"text": cells.get("berlaku_untuk", "")}
        )
    applies_to = APPLIES_TO[applies_text]
    area_key = (Level.AREA, area.code)
    plan.wanted.setdefault(
        area_key, Wanted(Level.AREA, area.code, area.name_id, area.pk, None, line=line)
    )
    indicator = entry(
        cells, "kode_indikator", "nama_indikator", "bobot_indikator", Level.INDICATOR, area
    )
    indicator.parent = area_key
    sub = entry(
        cells, "kode_subindikator", "nama_subindikator", "bobot_subindikator",
        Level.SUB_INDICATOR, area,
    )  # fmt: skip
    sub.parent = (Level.INDICATOR, indicator.code)
    document = None
    if cells.get("kode_dokumen", "").strip() or cells.get("nama_dokumen", "").strip():
        document = entry(cells, "kode_dokumen", "nama_dokumen", None, Level.DOCUMENT, area)
        document.parent = (Level.SUB_INDICATOR, sub.code)
        document.applies_to, document.default_owner_id = applies_to, owner and owner.pk
    else:
        sub.applies_to, sub.default_owner_id = applies_to, owner and owner.pk
    for wanted in (indicator, sub, document):
        if wanted is not None:
            wanted.line = line
            keep(plan, wanted)


def entry(cells, code_column, name_column, weight_column, level, area) -> Wanted:
    code, name = cells.get(code_column, "").strip(), cells.get(name_column, "").strip()
    if not code or not name:
        raise ValidationError(
            _("Both %(code)s and %(name)s are needed.")
            % {"code": code_column, "name": name_column}
        )
    if len(code) > 40 or len(name) > 500:
        raise ValidationError(_("A code is at most 40 characters, a name 500."))
    weight = parse_weight(cells.get(weight_column, "")) if weight_column else None
    return Wanted(level, code, name, area.pk, None, weight=weight)


def keep(plan: CataloguePlan, wanted: Wanted) -> None:
    """The first row naming an entry defines it; later rows repeat it (an indicator's
    columns repeat on each of its rows) and may fill in what it lacked, never
    contradict it."""
    key = (wanted.level, wanted.code)
    first = plan.wanted.get(key)
    if first is None:
        plan.wanted[key] = wanted
        return
    weights = (first.weight, wanted.weight)
    if (first.name, first.parent, first.area_id) != (
        wanted.name,
        wanted.parent,
        wanted.area_id,
    ) or (None not in weights and weights[0] != weights[1]):
        raise ValidationError(
            _("%(code)s is described differently in row %(first)s.")
            % {"code": wanted.code, "first": first.line}
        )
    if first.weight is None:
        first.weight = wanted.weight
    if wanted.default_owner_id is not None:
        first.default_owner_id = wanted.default_owner_id
    if wanted.applies_to != AppliesTo.ALL:
        first.applies_to = wanted.applies_to


def compare(plan: CataloguePlan) -> None:
    existing = {
        (e.level, e.code): e
        for e in CatalogueEntry.objects.filter(year=plan.year).select_related("parent")
    }
    for key, wanted in plan.wanted.items():
        current = existing.get(key)
        if current is None:
            plan.changes.append(Change(wanted.level, wanted.code, wanted.name, "new"))
            continue
        if wanted.level == Level.AREA:
            if current.retired_at is None:
                plan.changes.append(Change(wanted.level, wanted.code, wanted.name, "unchanged"))
            else:
                plan.changes.append(Change(wanted.level, wanted.code, wanted.name, "restored"))
            continue
        fields = differences(current, wanted)
        action = "restored" if current.retired_at else ("changed" if fields else "unchanged")
        plan.changes.append(Change(wanted.level, wanted.code, wanted.name, action, fields))
    for key, current in existing.items():
        if key not in plan.wanted and current.level != Level.AREA and not current.retired_at:
            plan.changes.append(Change(current.level, current.code, current.name, "retired"))


def differences(current: CatalogueEntry, wanted: Wanted) -> list[tuple[str, str, str]]:
    parent = (current.parent.level, current.parent.code) if current.parent else None
    pairs = {
        "name": (current.name, wanted.name),
        "weight": (current.weight, wanted.weight),
        "applies_to": (current.applies_to, wanted.applies_to),
        "default_owner_id": (current.default_owner_id, wanted.default_owner_id),
        "parent": (parent, wanted.parent),
        "area_id": (current.area_id, wanted.area_id),
    }
    return [
        (str(FIELD_LABELS[name]), shown(name, old), shown(name, new))
        for name, (old, new) in pairs.items()
        if not equal(old, new)
    ]


def equal(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


def shown(name: str, value) -> str:
    if value is None:
        return "–"
    if name == "parent":
        return value[1]
    if name == "default_owner_id":
        unit = Unit.objects.filter(pk=value).first()
        return str(unit) if unit else "–"
    if name == "area_id":
        return str(Indicator.objects.get(pk=value).name_id)
    if name == "weight":
        return format(Decimal(value).normalize(), "f").replace(".", ",")
    return str(value)
