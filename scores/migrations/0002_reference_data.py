"""Indicators, colour bands and the MCP framework 2020–2025 from data/*.csv (DOMAIN.md)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

MCP_BANDS = [
    ("Merah", "Red", "0", "#c62828"),
    ("Kuning", "Yellow", "25", "#f9a825"),
    ("Biru", "Blue", "50", "#1565c0"),
    ("Hijau", "Green", "75", "#2e7d32"),
]
IPAK_BANDS = [
    ("Sangat permisif", "Very permissive", "0", "#c62828"),
    ("Permisif", "Permissive", "1.26", "#f9a825"),
    ("Antikorupsi", "Anti-corruption", "2.51", "#1565c0"),
    ("Sangat antikorupsi", "Strongly anti-corruption", "3.76", "#2e7d32"),
]
IIN_BANDS = [
    ("Rentan", "Vulnerable", "0", "#c62828"),
    ("Waspada", "Watchful", "73", "#f9a825"),
    ("Terjaga", "Maintained", "78", "#2e7d32"),
]


def read_csv(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def add_bands(ColourBand, indicator, bands):
    for label_id, label_en, lower, colour in bands:
        ColourBand.objects.create(
            indicator=indicator,
            label_id=label_id,
            label_en=label_en,
            lower=Decimal(lower),
            colour=colour,
        )


def load(apps, schema_editor):
    Indicator = apps.get_model("scores", "Indicator")
    ColourBand = apps.get_model("scores", "ColourBand")
    FrameworkArea = apps.get_model("scores", "FrameworkArea")

    def indicator(code, name_id, name_en, scale_max, order, **extra):
        return Indicator.objects.create(
            code=code,
            name_id=name_id,
            name_en=name_en,
            scale_min=Decimal(0),
            scale_max=Decimal(scale_max),
            decimals=2,
            sort_order=order,
            **extra,
        )

    mcp = indicator(
        "mcp", "MCP (Monitoring Center for Prevention)", "MCP (Monitoring Center for Prevention)",
        100, 0, suffix="%",
    )
    add_bands(ColourBand, mcp, MCP_BANDS)
    areas = {}
    for order, row in enumerate(read_csv("mcp_areas.csv"), start=1):
        area = indicator(row["code"], row["name_id"], row["name_en"], 100, order, parent=mcp)
        add_bands(ColourBand, area, MCP_BANDS)
        areas[row["code"]] = (area, row["continues"])
    for area, continues in areas.values():
        if continues:
            area.continues = areas[continues][0]
            area.save(update_fields=["continues"])

    iin = indicator("iin", "IIN (Indeks Integritas Nasional, SPI)", "IIN (National Integrity Index, SPI)", 100, 40)
    add_bands(ColourBand, iin, IIN_BANDS)
    ipak = indicator("ipak", "IPAK (Indeks Perilaku Anti Korupsi)", "IPAK (Anti-Corruption Behaviour Index)", 5, 50)
    add_bands(ColourBand, ipak, IPAK_BANDS)

    for row in read_csv("mcp_framework.csv"):
        FrameworkArea.objects.create(
            year=int(row["year"]), applies_to=row["applies_to"], area=areas[row["area_code"]][0]
        )


def unload(apps, schema_editor):
    apps.get_model("scores", "FrameworkArea").objects.all().delete()
    Indicator = apps.get_model("scores", "Indicator")
    Indicator.objects.filter(parent__isnull=False).update(continues=None)
    Indicator.objects.filter(parent__isnull=False).delete()
    Indicator.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("scores", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
