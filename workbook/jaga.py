"""KPK's sub-indicator extract (as researchers drew it from jaga.id) read into a plan:
the catalogue entries the year lacks, the weights, and each pemda's self-assessed and
verified values with their dates. The plan is applied by services.jaga_apply.

The extract's columns (issue 14; GitHub fauziinsan/jagakpk, 2021): provinsi_name,
instansi, dana_desa, area_intervensi, indikator, sub_indikator, tgl_lapor, tgl_verif,
rk, bobot_subindikator, bobot_indikator, bobot_area_intervensi, nilai,
nilai_verifikasi, nilai_subindikator, nilai_indikator, nilai_area. One row per pemda
and sub-indicator; weights are percentages of the parent. `rk`, `dana_desa` and the
extract's own computed values (nilai_subindikator, nilai_indikator, nilai_area) are
read but not stored: the product computes the chain itself (workbook.scoring).

Matching: pemda by name (``Pemerintah Provinsi Kalimantan Selatan``, ``Kabupaten
Banjar``, ``Kab. Banjar``, ``Pemprov Kalsel``), with `provinsi_name` deciding between
namesakes; areas by code or by any name an area indicator has had (and the older
names in AREA_ALIASES); indicators and sub-indicators by KPK's code when the cell
starts with one (``1.2 Pengesahan APBD``), else by name under their parent. An entry
the year lacks is created (a name-only one gets a code under its parent's, ``pbj.1``).
A row whose pemda matches nothing is reported and left out; any other fault of a row
stops the whole import.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from scores.models import Indicator
from scores.values import parse_value
from skpd.models import Unit
from workbook.catalogue import area_lookup, normalise
from workbook.models import CatalogueEntry, SubIndicatorValue

Level = CatalogueEntry.Level
COLUMNS = [
    "provinsi_name",
    "instansi",
    "dana_desa",
    "area_intervensi",
    "indikator",
    "sub_indikator",
    "tgl_lapor",
    "tgl_verif",
    "rk",
    "bobot_subindikator",
    "bobot_indikator",
    "bobot_area_intervensi",
    "nilai",
    "nilai_verifikasi",
    "nilai_subindikator",
    "nilai_indikator",
    "nilai_area",
]
REQUIRED = ["instansi", "area_intervensi", "indikator", "sub_indikator", "nilai"]
# Area names used by KPK before the names in data/mcp_areas.csv (MCP guides 2018–2021).
AREA_ALIASES = {
    "manajemen aset daerah": "mcp.bmd",
    "manajemen barang milik daerah": "mcp.bmd",
    "tata kelola dana desa": "mcp.keuangan_desa",
    "tata kelola keuangan desa": "mcp.keuangan_desa",
    "kapabilitas apip": "mcp.apip",
    "peningkatan kapabilitas apip": "mcp.apip",
    "optimalisasi pendapatan daerah": "mcp.pajak",
    "pelayanan terpadu satu pintu": "mcp.perizinan",
    "perizinan": "mcp.perizinan",
    "perencanaan dan penganggaran": "mcp.perencanaan_penganggaran",
}
# "1.2 Pengesahan APBD", "1.2. Pengesahan APBD", "1.2": KPK's code first.
CODE_AND_NAME = re.compile(r"(\d+(?:\.\d+)*)\.?(?:\s+(\S.*))?")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y", "%d-%m-%Y")
LEVEL_WORDS = {
    Unit.Level.PROVINCE: "provinsi",
    Unit.Level.REGENCY: "kabupaten",
    Unit.Level.CITY: "kota",
}
PEMDA_PREFIXES = [
    (re.compile(r"^pemerintah\s+"), ""),
    (re.compile(r"^pemprov\.?\s+"), "provinsi "),
    (re.compile(r"^prov\.?\s+"), "provinsi "),
    (re.compile(r"^pemkab\.?\s+"), "kabupaten "),
    (re.compile(r"^kab\.?\s+"), "kabupaten "),
    (re.compile(r"^pemkot\.?\s+"), "kota "),
]


@dataclass
class Planned:
    """A catalogue entry as the extract needs it: `entry` is the one in the database
    (None: to be created), `weight` the extract's (None: not given)."""

    level: str
    code: str
    name: str
    area_id: int
    parent: tuple[str, str] | None
    weight: Decimal | None = None
    entry: CatalogueEntry | None = None
    line: int = 0

    @property
    def old_weight(self) -> Decimal | None:
        return None if self.entry is None else self.entry.weight

    @property
    def action(self) -> str:
        """new, changed (its weight, or restored from retirement) or unchanged."""
        if self.entry is None:
            return "new"
        if self.entry.retired_at is not None:
            return "changed"
        if self.weight is not None and (
            self.old_weight is None or Decimal(self.old_weight) != self.weight
        ):
            return "changed"
        return "unchanged"

    @property
    def level_label(self) -> str:
        """The level in the reader's language ("Subindikator"), not its stored value."""
        return str(CatalogueEntry.Level(self.level).label)


@dataclass
class PlannedValue:
    line: int
    pemda: Unit
    sub: tuple[str, str]
    value: Decimal | None
    verified_value: Decimal | None
    reported_on: datetime.date | None
    verified_on: datetime.date | None
    action: str = "new"  # new, changed, unchanged


@dataclass
class JagaPlan:
    year: int
    entries: dict[tuple[str, str], Planned] = field(default_factory=dict)
    values: dict[tuple[int, tuple[str, str]], PlannedValue] = field(default_factory=dict)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # line, instansi
    errors: list[tuple[int, str]] = field(default_factory=list)
    names: dict[tuple[str, tuple | None, str], tuple[str, str]] = field(default_factory=dict)

    @property
    def pemdas(self) -> list[Unit]:
        found = {value.pemda.pk: value.pemda for value in self.values.values()}
        return sorted(found.values(), key=lambda unit: unit.name)

    @property
    def counts(self) -> dict[str, int]:
        entries = [planned.action for planned in self.entries.values()]
        values = [value.action for value in self.values.values()]
        return {
            "new_entries": entries.count("new"),
            "changed_entries": entries.count("changed"),
            "new_values": values.count("new"),
            "changed_values": values.count("changed"),
            "unchanged_values": values.count("unchanged"),
            "pemda": len(self.pemdas),
            "unmatched": len(self.unmatched),
        }

    @property
    def shown_entries(self) -> list[Planned]:
        return [p for p in self.entries.values() if p.action != "unchanged"]


# ---------------------------------------------------------------- matching pemda


def pemda_key(text: str) -> str:
    """A pemda's name without "Pemerintah" and with Kab./Prov./Pemkot written out."""
    key = normalise(text)
    for pattern, replacement in PEMDA_PREFIXES:
        key = pattern.sub(replacement, key)
    return key


def pemda_lookup() -> dict[str, list[Unit]]:
    """Every pemda under its name, its short name with its kind (``kabupaten banjar``,
    ``provinsi kalsel``) and its code; a key may name namesakes in several provinces."""
    found: dict[str, list[Unit]] = {}
    units = Unit.objects.filter(level__in=Unit.PEMDA_LEVELS).select_related("parent")
    for unit in units:
        short = pemda_key(unit.short_name) if unit.short_name else ""
        keys = {pemda_key(unit.name), unit.code, short}
        if short and not short.startswith(LEVEL_WORDS[unit.level]):
            keys.add(f"{LEVEL_WORDS[unit.level]} {short}")
        for key in keys - {""}:
            found.setdefault(key, []).append(unit)
    return found


def match_pemda(lookup, instansi: str, province_name: str) -> Unit | None:
    candidates = lookup.get(pemda_key(instansi), [])
    if len(candidates) > 1 and province_name.strip():
        province = pemda_key(province_name)
        province = province if province.startswith("provinsi ") else f"provinsi {province}"
        candidates = [
            unit
            for unit in candidates
            if pemda_key((unit.parent if unit.level != Unit.Level.PROVINCE else unit).name)
            == province
        ]
    return candidates[0] if len(candidates) == 1 else None


# ---------------------------------------------------------------- reading cells


def parse_percentage(text: str, column: str) -> Decimal | None:
    value = parse_value(text)
    if value is not None and not (0 <= value <= 100):
        raise ValidationError(
            _("%(column)s is a value from 0 to 100; %(value)s is not.")
            % {"column": column, "value": text}
        )
    return value


def parse_date(text: str, column: str) -> datetime.date | None:
    text = text.strip()
    if not text or text in {"-", "0000-00-00", "0000-00-00 00:00:00"}:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(column)s: “%(text)s” is not a date (write it as 2021-06-30 or 30/06/2021).")
        % {"column": column, "text": text}
    )


def code_and_name(text: str) -> tuple[str, str]:
    """("1.2", "Pengesahan APBD") from ``1.2 Pengesahan APBD``; ("", name) without a
    code; (code, "") for a code alone."""
    text = re.sub(r"\s+", " ", text.strip())
    found = CODE_AND_NAME.fullmatch(text)
    if found:
        return found.group(1), (found.group(2) or "").strip()
    return "", text


# ---------------------------------------------------------------- the plan


def build_plan(
    year: int,
    rows: list[tuple[int, dict[str, str]]],
    pemda_ids: set[int] | frozenset[int] | None = None,
) -> JagaPlan:
    """Read the rows and match them with the year's catalogue and values (five
    queries, whatever the size of the extract). `pemda_ids`: the pemda the importing
    user's grants reach (workbook.access.jaga_pemdas; None: any); a row of another
    pemda is an error of its row, so nothing is imported."""
    plan = JagaPlan(year=year)
    existing = {
        (entry.level, entry.code): entry
        for entry in CatalogueEntry.objects.filter(year=year).select_related("parent")
    }
    for entry in existing.values():
        parent = (entry.parent.level, entry.parent.code) if entry.parent else None
        plan.names.setdefault(
            (entry.level, parent, normalise(entry.name)), (entry.level, entry.code)
        )
    areas, pemdas = area_lookup(), pemda_lookup()
    aliases = {
        name: area for name, code in AREA_ALIASES.items() for area in areas_by_code(areas, code)
    }
    for line, cells in rows:
        try:
            read_row(plan, line, cells, existing, {**aliases, **areas}, pemdas, pemda_ids)
        except ValidationError as error:
            plan.errors.append((line, " ".join(error.messages)))
    compare_values(plan)
    return plan


def areas_by_code(areas: dict[str, Indicator], code: str) -> list[Indicator]:
    area = areas.get(normalise(code))
    return [area] if area else []


def read_row(plan, line, cells, existing, areas, pemdas, pemda_ids=None) -> None:
    instansi = cells.get("instansi", "").strip()
    pemda = match_pemda(pemdas, instansi, cells.get("provinsi_name", ""))
    if pemda is None:
        plan.unmatched.append((line, instansi))
        return
    if pemda_ids is not None and pemda.pk not in pemda_ids:
        raise ValidationError(
            _("“%(pemda)s” is outside the units granted to you: this row cannot be imported.")
            % {"pemda": instansi}
        )
    area_text = cells.get("area_intervensi", "")
    area = areas.get(normalise(area_text))
    if area is None:
        raise ValidationError(_("Unknown MCP area “%(area)s”.") % {"area": area_text.strip()})
    area_key = place(
        plan, existing, line, Level.AREA, area, None, (area.code, area.name_id),
        cells.get("bobot_area_intervensi", ""), "bobot_area_intervensi",
    )  # fmt: skip
    indicator_key = place(
        plan, existing, line, Level.INDICATOR, area, area_key,
        code_and_name(cells.get("indikator", "")), cells.get("bobot_indikator", ""),
        "bobot_indikator",
    )  # fmt: skip
    sub_key = place(
        plan, existing, line, Level.SUB_INDICATOR, area, indicator_key,
        code_and_name(cells.get("sub_indikator", "")), cells.get("bobot_subindikator", ""),
        "bobot_subindikator",
    )  # fmt: skip
    value = PlannedValue(
        line=line,
        pemda=pemda,
        sub=sub_key,
        value=parse_percentage(cells.get("nilai", ""), "nilai"),
        verified_value=parse_percentage(cells.get("nilai_verifikasi", ""), "nilai_verifikasi"),
        reported_on=parse_date(cells.get("tgl_lapor", ""), "tgl_lapor"),
        verified_on=parse_date(cells.get("tgl_verif", ""), "tgl_verif"),
    )
    first = plan.values.get((pemda.pk, sub_key))
    if first is not None:
        raise ValidationError(
            _("%(pemda)s has sub-indicator %(code)s already in row %(first)s.")
            % {"pemda": pemda.display_name, "code": sub_key[1], "first": first.line}
        )
    plan.values[(pemda.pk, sub_key)] = value


def place(plan, existing, line, level, area, parent, code_name, weight_text, column):
    """The (level, code) of the entry a row names, planned once; its weight checked
    against the rows before (the same sub-indicator repeats for every pemda)."""
    code, name = code_name
    if not code and not name:
        raise ValidationError(_("%(column)s is empty.") % {"column": column})
    if len(code) > 40 or len(name) > 500:
        raise ValidationError(_("A code is at most 40 characters, a name 500."))
    weight = parse_percentage(weight_text, column)
    key = find(plan, existing, level, parent, code, name)
    if key is None:
        key = (level, code or new_code(plan, existing, level, parent, area))
        plan.entries[key] = Planned(
            level, key[1], name or code, area.pk, parent, entry=existing.get(key), line=line
        )
        plan.names.setdefault((level, parent, normalise(name or code)), key)
    planned = plan.entries[key]
    if weight is not None:
        if planned.weight is not None and planned.weight != weight:
            raise ValidationError(
                _("%(column)s of %(code)s is %(weight)s here but %(first)s in row %(line)s.")
                % {
                    "column": column,
                    "code": key[1],
                    "weight": weight_text.strip(),
                    "first": format(planned.weight.normalize(), "f").replace(".", ","),
                    "line": planned.line,
                }
            )
        planned.weight = weight
    return key


def find(plan, existing, level, parent, code, name):
    """The planned or stored entry: by code when the row gives one, else by name
    under the same parent."""
    candidates = []
    if code:
        candidates.append((level, code))
    if name:
        candidates.append(plan.names.get((level, parent, normalise(name))))
    for key in candidates:
        if key is None:
            continue
        if key not in plan.entries and key in existing:
            stored = existing[key]
            stored_parent = (stored.parent.level, stored.parent.code) if stored.parent else None
            plan.entries[key] = Planned(
                level, stored.code, stored.name, stored.area_id, stored_parent, entry=stored
            )
        if key in plan.entries:
            return key
    return None


def new_code(plan, existing, level, parent, area) -> str:
    """A code for an entry the extract names without one: its parent's code and a
    number (``pbj.1``, ``pbj.1.2``), never one in use."""
    if parent is None:
        return area.code
    prefix = area.code.removeprefix("mcp.") if parent[0] == Level.AREA else parent[1]
    number = 1
    while (level, f"{prefix}.{number}") in plan.entries or (
        level,
        f"{prefix}.{number}",
    ) in existing:
        number += 1
    return f"{prefix}.{number}"


def compare_values(plan: JagaPlan) -> None:
    """Mark each value new, changed or unchanged against the stored ones (one query)."""
    stored_subs = {planned.entry.pk: key for key, planned in plan.entries.items() if planned.entry}
    rows = SubIndicatorValue.objects.filter(
        sub_indicator_id__in=stored_subs, pemda_id__in={v.pemda.pk for v in plan.values.values()}
    )
    for row in rows:
        value = plan.values.get((row.pemda_id, stored_subs[row.sub_indicator_id]))
        if value is None:
            continue
        same = (
            equal(row.value, value.value)
            and equal(row.verified_value, value.verified_value)
            and (row.reported_on, row.verified_on) == (value.reported_on, value.verified_on)
        )
        value.action = "unchanged" if same else "changed"


def equal(old, new) -> bool:
    if old is None or new is None:
        return old is None and new is None
    return Decimal(old) == Decimal(new)
